-- Invitations into a community (and one of its organizations), by mail or
-- by a link that works a number of times until it expires. Only the
-- SHA-256 of the link's secret is kept.
CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    community_id    TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    organization_id TEXT,
    token_hash      TEXT NOT NULL UNIQUE,
    email           TEXT NOT NULL DEFAULT '', -- the address it was mailed to; '' for a link
    max_uses        INTEGER NOT NULL,
    uses            INTEGER NOT NULL DEFAULT 0,
    expires_at      TIMESTAMPTZ NOT NULL,
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX invitations_community ON invitations (community_id, created_at);
