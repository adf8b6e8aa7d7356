-- Report a direct message (issue 15, item 14): a participant reports one
-- message to a community both people share. The flag keeps a copy of that
-- one message (its quote), which is all the reviewers read; a report
-- upheld hides the message from its conversation.
ALTER TABLE messages ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';

-- SQLite keeps a column's CHECK with the table: the flags are copied to a
-- table whose check names every kind that can be reported.
CREATE TABLE flags_new (
    community_id       TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id                 TEXT NOT NULL,
    subject_type       TEXT NOT NULL CHECK (subject_type IN ('resource', 'organization', 'activity', 'initiative', 'thread', 'proposal', 'post', 'person', 'message')),
    subject_id         TEXT NOT NULL,
    flagger_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason             TEXT NOT NULL,
    agreements_version INTEGER,
    counts             BOOLEAN NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    quote              TEXT NOT NULL DEFAULT '', -- JSON copy of a reported message (commons.MessageQuote), '' otherwise
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, subject_type, subject_id, flagger_id)
);
INSERT INTO flags_new (community_id, id, subject_type, subject_id, flagger_id, reason, agreements_version, counts, created_at)
    SELECT community_id, id, subject_type, subject_id, flagger_id, reason, agreements_version, counts, created_at FROM flags;
DROP TABLE flags;
ALTER TABLE flags_new RENAME TO flags;
-- A person's reports of a message, across communities: counted once.
CREATE INDEX flags_flagger_subject ON flags (flagger_id, subject_type, subject_id);
