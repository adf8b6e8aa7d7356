-- Peer moderation. Content (a resource or an organization) is visible,
-- hidden while a review decides, kept hidden, or removed.
ALTER TABLE resources ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE organizations ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE communities ADD COLUMN flag_threshold INTEGER NOT NULL DEFAULT 3;
ALTER TABLE communities ADD COLUMN review_days INTEGER NOT NULL DEFAULT 7;

-- A member's report that content breaks the community's agreements.
CREATE TABLE flags (
    community_id       TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id                 TEXT NOT NULL,
    subject_type       TEXT NOT NULL CHECK (subject_type IN ('resource', 'organization')),
    subject_id         TEXT NOT NULL,
    flagger_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason             TEXT NOT NULL,
    agreements_version INTEGER,
    counts             BOOLEAN NOT NULL, -- the flagger was in good standing (a member at least)
    created_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, subject_type, subject_id, flagger_id)
);

-- The review of hidden content: the author's answer, members' scores, and
-- the outcome once the period is over.
CREATE TABLE reviews (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    answer       TEXT NOT NULL DEFAULT '',
    opened_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    outcome      TEXT CHECK (outcome IN ('restore', 'keep_hidden', 'remove')),
    decided_at   TIMESTAMP,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX reviews_subject ON reviews (community_id, subject_type, subject_id);

CREATE TABLE review_scores (
    community_id TEXT NOT NULL,
    review_id    TEXT NOT NULL,
    member_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    restore      INTEGER NOT NULL CHECK (restore BETWEEN -2 AND 2),
    keep_hidden  INTEGER NOT NULL CHECK (keep_hidden BETWEEN -2 AND 2),
    remove       INTEGER NOT NULL CHECK (remove BETWEEN -2 AND 2),
    scored_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, review_id, member_id),
    FOREIGN KEY (community_id, review_id) REFERENCES reviews (community_id, id) ON DELETE CASCADE
);
