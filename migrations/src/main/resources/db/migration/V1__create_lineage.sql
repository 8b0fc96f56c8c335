-- Lineage store: the system of record for what ran, on what, producing what.
-- Temporal keeps workflow state (in memory in the embedded mode); these tables outlive it.

-- Every immutable artifact in object storage. The digest is the sha256 of the bytes and also
-- determines the object key, so a row can never point at the wrong object.
CREATE TABLE artifacts (
    digest       char(64)    PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
    kind         text        NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]{0,63}$'),
    size         bigint      NOT NULL CHECK (size >= 0),
    media_type   text        NOT NULL,
    storage_key  text        NOT NULL UNIQUE,
    metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artifacts_kind_created_idx ON artifacts (kind, created_at DESC);

-- One submission of a pipeline spec. The id is also the Temporal workflow id.
CREATE TABLE pipeline_runs (
    id               text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,128}$'),
    pipeline         text        NOT NULL,
    spec             jsonb       NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    temporal_run_id  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    error            text
);
CREATE INDEX pipeline_runs_created_idx ON pipeline_runs (created_at DESC);
CREATE INDEX pipeline_runs_status_idx ON pipeline_runs (status) WHERE status = 'running';

-- One execution (or cache hit) of one stage inside a pipeline run.
CREATE TABLE stage_runs (
    id               uuid        PRIMARY KEY,
    pipeline_run_id  text        NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
    position         integer     NOT NULL CHECK (position >= 0),
    stage            text        NOT NULL,
    stage_version    integer     NOT NULL CHECK (stage_version >= 1),
    cache_key        char(64)    NOT NULL CHECK (cache_key ~ '^[0-9a-f]{64}$'),
    params           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status           text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    -- Set when this run reused the outputs of an earlier run with the same cache key.
    cached_from      uuid        REFERENCES stage_runs (id) ON DELETE SET NULL,
    workflow_id      text,
    temporal_run_id  text,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    error            text,
    -- Stage-specific summary (counts, malformed records by reason) shown on the dashboard.
    summary          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (pipeline_run_id, position)
);
-- The cache lookup: the newest successful, non-cached run with a given key.
CREATE INDEX stage_runs_cache_idx ON stage_runs (cache_key, finished_at DESC)
    WHERE status = 'succeeded' AND cached_from IS NULL;

-- Typed edges from stage runs to the artifacts they read and wrote.
CREATE TABLE stage_inputs (
    stage_run_id     uuid     NOT NULL REFERENCES stage_runs (id) ON DELETE CASCADE,
    artifact_digest  char(64) NOT NULL REFERENCES artifacts (digest),
    name             text     NOT NULL,
    position         integer  NOT NULL,
    PRIMARY KEY (stage_run_id, name, position)
);
CREATE INDEX stage_inputs_artifact_idx ON stage_inputs (artifact_digest);

CREATE TABLE stage_outputs (
    stage_run_id     uuid     NOT NULL REFERENCES stage_runs (id) ON DELETE CASCADE,
    artifact_digest  char(64) NOT NULL REFERENCES artifacts (digest),
    name             text     NOT NULL,
    position         integer  NOT NULL,
    PRIMARY KEY (stage_run_id, name, position)
);
CREATE INDEX stage_outputs_artifact_idx ON stage_outputs (artifact_digest);

-- Time series a stage reports while it runs (loss, throughput, pages read); plotted live.
CREATE TABLE metrics (
    stage_run_id  uuid             NOT NULL REFERENCES stage_runs (id) ON DELETE CASCADE,
    step          bigint           NOT NULL,
    name          text             NOT NULL,
    value         double precision NOT NULL,
    recorded_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (stage_run_id, name, step)
);
