-- Human labeling: accounts, sessions, labeling projects and their tasks, the labels people submit,
-- reviews and an audit log. PostgreSQL is the system of record for labels: a submission is
-- acknowledged only after its transaction commits, and the label workflow reads its counts and its
-- snapshot from these tables, so a lost signal or a killed worker loses nothing.

CREATE TABLE users (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9._-]{1,63}$'),
    role             text        NOT NULL CHECK (role IN ('labeler', 'reviewer', 'admin')),
    -- A PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash): the parameters travel with the hash.
    password_hash    text        NOT NULL,
    disabled         boolean     NOT NULL DEFAULT false,
    failed_logins    integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions. Only the sha256 of the cookie's token is stored, so a copy of this table
-- does not let anyone log in.
CREATE TABLE sessions (
    token_sha256     char(64)    PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- One labeling project: the label stage's child workflow creates it (its id is derived from the
-- stage request, so a retried creation finds the same project).
CREATE TABLE labeling_projects (
    id               text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:/-]{1,200}$'),
    name             text        NOT NULL,
    guidelines       text        NOT NULL,
    responses_per_task integer   NOT NULL CHECK (responses_per_task BETWEEN 2 AND 9),
    overlap          integer     NOT NULL CHECK (overlap >= 1),
    -- Submissions per task that close it (at most overlap).
    quorum           integer     NOT NULL CHECK (quorum >= 1),
    max_text_chars   integer     NOT NULL CHECK (max_text_chars > 0),
    deadline         timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('open', 'closed')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (quorum <= overlap)
);

CREATE TABLE labeling_tasks (
    id               uuid        PRIMARY KEY,
    project_id       text        NOT NULL REFERENCES labeling_projects (id) ON DELETE CASCADE,
    position         integer     NOT NULL CHECK (position >= 0),
    prompt           text        NOT NULL,
    -- The checker's reference answer, when the prompt comes from a task with one (simulated
    -- labelers judge correctness with it; people never see it).
    reference        text,
    -- Gold tasks carry the response known to be best; a labeler's gold accuracy is how often
    -- they rank it first.
    gold_response    integer,
    status           text        NOT NULL CHECK (status IN ('open', 'closed')),
    UNIQUE (project_id, position)
);

CREATE TABLE labeling_responses (
    task_id          uuid        NOT NULL REFERENCES labeling_tasks (id) ON DELETE CASCADE,
    position         integer     NOT NULL CHECK (position >= 0 AND position < 9),
    -- What labelers see: the reply's text with its tool calls written inline.
    text             text        NOT NULL,
    -- The prompt and this reply as one conversation (the conversations format's JSON): what the
    -- preferences snapshot writes as chosen or rejected, tool calls and outputs as generated.
    conversation     jsonb       NOT NULL,
    PRIMARY KEY (task_id, position)
);

CREATE TABLE labeling_assignments (
    task_id          uuid        NOT NULL REFERENCES labeling_tasks (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id),
    assigned_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, user_id)
);
CREATE INDEX labeling_assignments_user_idx ON labeling_assignments (user_id);

-- One labeler's label of one task. The idempotency key makes a replayed request an
-- acknowledgement of the stored row, never a second row; (task, user) makes one label per
-- labeler per task.
CREATE TABLE labeling_submissions (
    id               uuid        PRIMARY KEY,
    idempotency_key  text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 128),
    task_id          uuid        NOT NULL REFERENCES labeling_tasks (id),
    user_id          uuid        NOT NULL REFERENCES users (id),
    -- Tie groups best first, each a list of response positions: [[2],[0,1]] ranks 2 above a tie of 0 and 1.
    ranking          jsonb       NOT NULL,
    -- Optional 1-7 rating per response position (null where not rated).
    ratings          jsonb,
    ideal_answer     text,
    flags            text[]      NOT NULL DEFAULT '{}',
    confidence       integer     CHECK (confidence BETWEEN 1 AND 5),
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, user_id)
);
CREATE INDEX labeling_submissions_task_idx ON labeling_submissions (task_id);

-- Autosaved, unsubmitted work: one per labeler per task, overwritten on every save.
CREATE TABLE labeling_drafts (
    task_id          uuid        NOT NULL REFERENCES labeling_tasks (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id),
    body             jsonb       NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, user_id)
);

-- A reviewer's resolution of a task whose labelers disagree: the ranking that stands.
CREATE TABLE labeling_reviews (
    id               uuid        PRIMARY KEY,
    task_id          uuid        NOT NULL REFERENCES labeling_tasks (id),
    reviewer_id      uuid        NOT NULL REFERENCES users (id),
    ranking          jsonb       NOT NULL,
    note             text,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Logins (good and bad) and admin actions: who, what, when, from where.
CREATE TABLE audit_log (
    id               bigserial   PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    user_id          uuid        REFERENCES users (id),
    actor            text        NOT NULL,
    action           text        NOT NULL,
    detail           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    remote           text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
