-- The community's agreements: every version is kept and stays readable.
CREATE TABLE agreements (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, version)
);
