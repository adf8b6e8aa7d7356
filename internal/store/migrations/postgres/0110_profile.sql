-- The Learning Community Profile: versions of a document a community
-- writes together, a section per guiding question, with the evidence
-- chosen for each (frozen as JSON when the version is published), and
-- members' comments on sections.
CREATE TABLE profile_versions (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    number       INTEGER NOT NULL CHECK (number > 0),
    phase        TEXT NOT NULL CHECK (phase IN ('draft', 'reviewed', 'action', 'timeout')),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    published_at TIMESTAMPTZ,
    phase_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, number)
);
CREATE INDEX profile_versions_id ON profile_versions (id);

CREATE TABLE profile_sections (
    community_id TEXT NOT NULL,
    version_id   TEXT NOT NULL,
    question     TEXT NOT NULL CHECK (question IN ('needs', 'resources', 'initiatives', 'challenges', 'change')),
    position     INTEGER NOT NULL,
    body         TEXT NOT NULL, -- Markdown
    evidence     TEXT NOT NULL, -- evidence kinds, one per line
    frozen       TEXT NOT NULL, -- JSON of the evidence as computed at publication; '' for a draft
    updated_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, version_id, question),
    FOREIGN KEY (community_id, version_id) REFERENCES profile_versions (community_id, id) ON DELETE CASCADE
);

CREATE TABLE profile_comments (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    version_id   TEXT NOT NULL,
    question     TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    body         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, version_id) REFERENCES profile_versions (community_id, id) ON DELETE CASCADE
);
CREATE INDEX profile_comments_section ON profile_comments (community_id, version_id, question, created_at);
