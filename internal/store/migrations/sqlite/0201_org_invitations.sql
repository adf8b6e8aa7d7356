-- An organization's admin invites a member of its community by name
-- (issue 15, item 8): the person accepts or declines. A row is an
-- invitation still waiting; answering or withdrawing it removes it (the
-- community's record keeps what happened).
CREATE TABLE org_invitations (
    community_id    TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('member', 'admin')),
    invited_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, organization_id, user_id),
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX org_invitations_user ON org_invitations (user_id);
