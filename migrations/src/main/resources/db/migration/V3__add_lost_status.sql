-- 'lost': recorded as running, but Temporal no longer runs the workflow (the embedded server
-- keeps workflows in memory, so a platform restart ends them; or it was terminated from outside).
-- Persisted so that the CLI, the API and the dashboard all show the same status, and so that a
-- rerun of the same stage can find the unfinished attempt's checkpoints.
ALTER TABLE pipeline_runs DROP CONSTRAINT pipeline_runs_status_check;
ALTER TABLE pipeline_runs ADD CONSTRAINT pipeline_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'lost'));
ALTER TABLE stage_runs DROP CONSTRAINT stage_runs_status_check;
ALTER TABLE stage_runs ADD CONSTRAINT stage_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'lost'));
