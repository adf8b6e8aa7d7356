-- Accounts, communities, members and organizations.
-- Sort keys use the "C" collation, so that lists come in the same order as
-- on SQLite whatever the server's locale.
-- Times are kept in UTC. Every community-owned table carries community_id
-- and has it first in its keys, so that the schema can be distributed by
-- community later (see DESIGN.md, scale path).

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE, -- lower-case address: unique regardless of case
    name          TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY, -- SHA-256 of the cookie's secret
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, counted per account and per address for rate limiting.
-- Kept in the database so that every node sees the same count.
CREATE TABLE sign_in_failures (
    limit_key TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (limit_key, at);

CREATE TABLE communities (
    id                   TEXT PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    sort_key             TEXT COLLATE "C" NOT NULL, -- the name in lower case, for the list's order
    description          TEXT NOT NULL,
    languages            TEXT NOT NULL, -- BCP 47 tags in order, comma-separated
    time_zone            TEXT NOT NULL,
    trust_threshold      INTEGER,
    requires_application BOOLEAN NOT NULL,
    created_by           TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX communities_sort ON communities (sort_key, id);

CREATE TABLE members (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('active', 'pending', 'declined')),
    application  TEXT NOT NULL DEFAULT '',
    joined_at    TIMESTAMPTZ NOT NULL,
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX members_user ON members (user_id);
CREATE INDEX members_status ON members (community_id, status, joined_at);

CREATE TABLE member_roles (
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('newcomer', 'member', 'editor', 'steward')),
    granted_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id, role),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);

-- A member's vouching for another for a role.
CREATE TABLE role_trust (
    community_id TEXT NOT NULL,
    giver_id     TEXT NOT NULL,
    receiver_id  TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('member', 'editor', 'steward')),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, receiver_id, role, giver_id),
    FOREIGN KEY (community_id, giver_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, receiver_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);

-- The public record of privileged acts in a community.
CREATE TABLE community_log (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    actor_id     TEXT,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id)
);

CREATE TABLE organizations (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL, -- the name in lower case, for the directory's order
    search_text  TEXT NOT NULL, -- name and description in lower case, for text filters
    sector       TEXT NOT NULL CHECK (sector IN ('public_authority', 'business', 'education', 'culture', 'ngo', 'citizen_group')),
    description  TEXT NOT NULL,
    website      TEXT NOT NULL,
    email        TEXT NOT NULL,
    address      TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX organizations_id ON organizations (id);
CREATE INDEX organizations_directory ON organizations (community_id, sort_key, id);
CREATE INDEX organizations_sector ON organizations (community_id, sector, sort_key, id);

CREATE TABLE organization_members (
    community_id    TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    added_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, organization_id, user_id),
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX organization_members_user ON organization_members (user_id);
