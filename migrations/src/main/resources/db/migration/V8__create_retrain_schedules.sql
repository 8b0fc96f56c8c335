-- Label-driven retraining: a schedule fires every so often (a Temporal Schedule, or the fallback
-- schedule workflow on the embedded server), and each firing counts the labels acknowledged since
-- the schedule's watermark. Below the threshold the firing is recorded as skipped with its count;
-- otherwise it snapshots the labels up to a new watermark, runs the post-training pipeline and asks
-- for a promotion. Temporal's history is in memory on the embedded platform, so the watermark and
-- the firing history live here, where the dashboard reads them.

CREATE TABLE retrain_schedules (
    name             text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    interval_seconds bigint      NOT NULL CHECK (interval_seconds >= 1),
    min_new_labels   integer     NOT NULL CHECK (min_new_labels >= 1),
    -- The pipeline as submitted (its local sources already uploaded): what every firing runs.
    pipeline         jsonb       NOT NULL,
    -- Which mechanism fires it: 'temporal-schedule' or 'workflow' (the fallback).
    kind             text        NOT NULL CHECK (kind IN ('temporal-schedule', 'workflow')),
    paused           boolean     NOT NULL DEFAULT false,
    -- Labels acknowledged at or before this instant were in the last retrain's snapshot; null
    -- before the first retrain (every label counts as new).
    watermark        timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- One firing. 'skipped' (too few new labels), 'overlap' (the previous firing still ran), or a
-- retrain: 'started', then 'succeeded' (with the promotion it requested) or 'failed'.
CREATE TABLE retrain_firings (
    id               bigserial   PRIMARY KEY,
    schedule         text        NOT NULL REFERENCES retrain_schedules (name) ON DELETE CASCADE,
    -- The Temporal workflow id of the firing: unique, so a retried activity records it once.
    firing_id        text        NOT NULL UNIQUE CHECK (firing_id ~ '^[A-Za-z0-9._:-]{1,200}$'),
    fired_at         timestamptz NOT NULL DEFAULT now(),
    status           text        NOT NULL CHECK (status IN ('skipped', 'overlap', 'started', 'succeeded', 'failed')),
    -- Labels acknowledged after the previous watermark, counted when the firing checked.
    new_labels       integer     NOT NULL CHECK (new_labels >= 0),
    min_new_labels   integer     NOT NULL,
    -- The snapshot's watermark (a retrain only): the newest acknowledged label it includes.
    watermark        timestamptz,
    run_id           text,
    promotion_id     text,
    message          text,
    finished_at      timestamptz
);
CREATE INDEX retrain_firings_schedule_idx ON retrain_firings (schedule, id DESC);
-- At most one retrain of a schedule runs at a time: a second 'started' row cannot be written.
CREATE UNIQUE INDEX retrain_firings_one_running_idx ON retrain_firings (schedule) WHERE status = 'started';
