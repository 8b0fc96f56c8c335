-- An admin's resume of a labeler the gold gate paused: the latest one per labeler and project,
-- with the labeler's gold counts at that moment. The gate then judges only the gold labels
-- counted after the resume (its counts minus these): the misses that caused the pause were seen
-- by the admin, and counting them again would pause the labeler at their very next submission.
-- Counts, not times: the web server's clock that stamps submissions need not be the database's.
CREATE TABLE labeling_gate_resumes (
    project_id           text        NOT NULL REFERENCES labeling_projects (id) ON DELETE CASCADE,
    user_id              uuid        NOT NULL REFERENCES users (id),
    gold_judged_before   integer     NOT NULL CHECK (gold_judged_before >= 0),
    gold_correct_before  integer     NOT NULL CHECK (gold_correct_before >= 0),
    resumed_at           timestamptz NOT NULL DEFAULT now(),
    resumed_by           text        NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
