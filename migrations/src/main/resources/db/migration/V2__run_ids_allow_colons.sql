-- Runs started by a Temporal Schedule get the workflow id Temporal gives them: the schedule's
-- workflow id plus the firing time in RFC 3339 (nightly-2026-11-28T03:00:00Z). The run id is
-- the workflow id, so it may hold colons.
ALTER TABLE pipeline_runs DROP CONSTRAINT pipeline_runs_id_check;
ALTER TABLE pipeline_runs ADD CONSTRAINT pipeline_runs_id_check CHECK (id ~ '^[A-Za-z0-9._:-]{1,128}$');
