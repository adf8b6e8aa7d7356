-- Applications: the community's questions, the applicant's answers, and
-- members' comments for the editors who decide.
ALTER TABLE communities ADD COLUMN application_questions TEXT NOT NULL DEFAULT ''; -- one per line
ALTER TABLE members ADD COLUMN answers TEXT NOT NULL DEFAULT ''; -- JSON list, in the order of the questions
CREATE TABLE application_comments (
    community_id TEXT NOT NULL,
    applicant_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    body         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, applicant_id, id),
    FOREIGN KEY (community_id, applicant_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);
