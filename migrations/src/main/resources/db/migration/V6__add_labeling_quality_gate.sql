-- Admins' quality gate per labeling project: a labeler whose gold accuracy falls below
-- min_gold_accuracy once at least min_gold_judged of their labels are of gold tasks is paused
-- (gets no new tasks of that project) until an admin resumes them. NULL threshold: no gate.
ALTER TABLE labeling_projects
    ADD COLUMN min_gold_accuracy double precision CHECK (min_gold_accuracy BETWEEN 0 AND 1),
    ADD COLUMN min_gold_judged   integer NOT NULL DEFAULT 5 CHECK (min_gold_judged >= 1);

CREATE TABLE labeling_paused_labelers (
    project_id       text        NOT NULL REFERENCES labeling_projects (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id),
    gold_judged      integer     NOT NULL,
    gold_correct     integer     NOT NULL,
    paused_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
