-- CSV files uploaded for an import, kept for an hour between the preview
-- and the apply form so that any node can read them back.
CREATE TABLE csv_uploads (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    data         BYTEA NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX csv_uploads_expires ON csv_uploads (expires_at);
