-- Report anything people write (issue 15, item 14): a person, as others
-- meet them in a community, is reported and reviewed as content is; a
-- member row holds where they stand.
ALTER TABLE members ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';

-- SQLite keeps a column's CHECK with the table: the flags are copied to a
-- table whose check names every kind that can be reported.
CREATE TABLE flags_new (
    community_id       TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id                 TEXT NOT NULL,
    subject_type       TEXT NOT NULL CHECK (subject_type IN ('resource', 'organization', 'activity', 'initiative', 'thread', 'proposal', 'post', 'person')),
    subject_id         TEXT NOT NULL,
    flagger_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason             TEXT NOT NULL,
    agreements_version INTEGER,
    counts             BOOLEAN NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, subject_type, subject_id, flagger_id)
);
INSERT INTO flags_new SELECT community_id, id, subject_type, subject_id, flagger_id, reason, agreements_version, counts, created_at FROM flags;
DROP TABLE flags;
ALTER TABLE flags_new RENAME TO flags;
