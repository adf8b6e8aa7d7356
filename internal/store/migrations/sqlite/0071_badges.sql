-- Open Badges 3.0: a community's achievements, the awards it issued as
-- signed credentials, and the key it signs them with.
CREATE TABLE achievements (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    criteria     TEXT NOT NULL,
    color        TEXT NOT NULL,
    themes       TEXT NOT NULL, -- one per line
    for_type     TEXT NOT NULL CHECK (for_type IN ('', 'initiative', 'activity')),
    for_id       TEXT NOT NULL, -- an initiative id, or an activity series id
    rule         TEXT NOT NULL CHECK (rule IN ('', 'hours', 'sessions')),
    rule_n       INTEGER NOT NULL CHECK (rule_n >= 0),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX achievements_id ON achievements (id);

CREATE TABLE awards (
    community_id   TEXT NOT NULL,
    id             TEXT NOT NULL,
    achievement_id TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    awarded_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    evidence       TEXT NOT NULL,
    evidence_url   TEXT NOT NULL,
    status_index   INTEGER NOT NULL CHECK (status_index >= 0 AND status_index < 131072),
    revoked_at     TIMESTAMP,
    issued_at      TIMESTAMP NOT NULL,
    credential     TEXT NOT NULL, -- the signed VC-JWT as issued
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, achievement_id, user_id),
    UNIQUE (community_id, status_index),
    FOREIGN KEY (community_id, achievement_id) REFERENCES achievements (community_id, id) ON DELETE CASCADE
);
CREATE INDEX awards_id ON awards (id);
CREATE INDEX awards_user ON awards (community_id, user_id);

-- The community's signing key, made on first use: a private JWK, which
-- never leaves the database except as its public half.
CREATE TABLE community_keys (
    community_id TEXT NOT NULL PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    kid          TEXT NOT NULL,
    private_jwk  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
