-- Badges: two more rules (taught an activity; kept a partnership
-- commitment), a holder's choice to show an award publicly, and an
-- uploaded image for an achievement (re-encoded as PNG, so that it can be
-- baked). The rule's check changes, so SQLite rebuilds achievements and,
-- first, the awards that refer to them.
CREATE TABLE achievements_new (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    criteria     TEXT NOT NULL,
    color        TEXT NOT NULL,
    themes       TEXT NOT NULL, -- one per line
    for_type     TEXT NOT NULL CHECK (for_type IN ('', 'initiative', 'activity')),
    for_id       TEXT NOT NULL, -- an initiative id, or an activity series id
    rule         TEXT NOT NULL CHECK (rule IN ('', 'hours', 'sessions', 'taught', 'commitment')),
    rule_n       INTEGER NOT NULL CHECK (rule_n >= 0),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id)
);
INSERT INTO achievements_new SELECT community_id, id, name, description, criteria, color, themes, for_type, for_id, rule, rule_n,
    created_by, created_at FROM achievements;

CREATE TABLE awards_new (
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
    public         BOOLEAN NOT NULL DEFAULT FALSE, -- the holder shows it on their public profile
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, achievement_id, user_id),
    UNIQUE (community_id, status_index),
    FOREIGN KEY (community_id, achievement_id) REFERENCES achievements_new (community_id, id) ON DELETE CASCADE
);
INSERT INTO awards_new (community_id, id, achievement_id, user_id, awarded_by, evidence, evidence_url, status_index, revoked_at, issued_at, credential)
    SELECT community_id, id, achievement_id, user_id, awarded_by, evidence, evidence_url, status_index, revoked_at, issued_at, credential FROM awards;

DROP TABLE awards;
DROP TABLE achievements;
ALTER TABLE achievements_new RENAME TO achievements;
ALTER TABLE awards_new RENAME TO awards;
CREATE INDEX achievements_id ON achievements (id);
CREATE INDEX awards_id ON awards (id);
CREATE INDEX awards_user ON awards (community_id, user_id);

CREATE TABLE achievement_images (
    community_id   TEXT NOT NULL,
    achievement_id TEXT NOT NULL,
    data           BLOB NOT NULL, -- PNG, re-encoded
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, achievement_id),
    FOREIGN KEY (community_id, achievement_id) REFERENCES achievements (community_id, id) ON DELETE CASCADE
);
