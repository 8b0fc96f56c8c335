-- Model registry: every chat or RL checkpoint that an evaluate stage scored becomes a version of a
-- named model, with its report card and lineage; the aliases 'candidate' and 'production' point at
-- versions, every move of an alias is kept, and every promotion request with its gate result and
-- the admin's decision is audited here (Temporal's history is in memory on the embedded platform).

-- One registered checkpoint. Versions number 1, 2, ... per model in registration order.
CREATE TABLE model_versions (
    model              text        NOT NULL CHECK (model ~ '^[a-z][a-z0-9-]{0,63}$'),
    version            integer     NOT NULL CHECK (version >= 1),
    checkpoint_digest  char(64)    NOT NULL REFERENCES artifacts (digest),
    -- The checkpoint's kind from its metadata ('chat', 'rl', ...): what the Chat page may serve.
    checkpoint_kind    text        NOT NULL,
    report_card_digest char(64)    REFERENCES artifacts (digest),
    tokenizer_digest   char(64)    REFERENCES artifacts (digest),
    -- The labels snapshot the reward model or policy was trained on; null for SFT-only models.
    labels_digest      char(64)    REFERENCES artifacts (digest),
    -- The stage run that wrote the checkpoint (not a cached rerun): lineage back to the WARC records.
    stage_run_id       uuid        REFERENCES stage_runs (id) ON DELETE SET NULL,
    pipeline_run_id    text        REFERENCES pipeline_runs (id) ON DELETE SET NULL,
    registered_by      text        NOT NULL,
    registered_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, version),
    UNIQUE (model, checkpoint_digest)
);

-- Where each alias of a model points now.
CREATE TABLE model_aliases (
    model       text        NOT NULL,
    alias       text        NOT NULL CHECK (alias IN ('candidate', 'production')),
    version     integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

-- A promotion: the gate's verdict, then the admin's decision. The id is the Temporal workflow id.
CREATE TABLE model_promotions (
    id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:-]{1,160}$'),
    model           text        NOT NULL,
    version         integer     NOT NULL,
    -- The production version the gate compared against; null when there was none.
    baseline        integer,
    status          text        NOT NULL CHECK (status IN
                        ('gating', 'refused', 'awaiting-approval', 'rejected', 'promoted', 'failed')),
    tolerance       double precision NOT NULL CHECK (tolerance >= 0),
    -- The gate's per-metric comparison and the first failing metric, as shown on the dashboard.
    gate            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    requested_by    text        NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    decided_by      text,
    decided_role    text,
    decision_comment text,
    decided_at      timestamptz,
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
CREATE INDEX model_promotions_requested_idx ON model_promotions (model, requested_at DESC);

-- Every move of an alias, newest last: rollback reads it, the dashboard shows it.
CREATE TABLE model_alias_history (
    id            bigserial   PRIMARY KEY,
    model         text        NOT NULL,
    alias         text        NOT NULL CHECK (alias IN ('candidate', 'production')),
    from_version  integer,
    to_version    integer     NOT NULL,
    action        text        NOT NULL CHECK (action IN ('register', 'promote', 'rollback')),
    actor         text        NOT NULL,
    comment       text,
    promotion_id  text        REFERENCES model_promotions (id),
    at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (model, to_version) REFERENCES model_versions (model, version)
);
CREATE INDEX model_alias_history_idx ON model_alias_history (model, alias, id DESC);
