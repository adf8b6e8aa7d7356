-- Quality criteria and self-assessment rounds: a community's own criteria,
-- rounds with the criteria they rate (built-in ones by key, own ones with
-- the words they had), their panel, ratings and agreed action points.
CREATE TABLE quality_criteria (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    about        TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE TABLE quality_rounds (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    period_start TEXT NOT NULL, -- YYYY-MM-DD
    period_end   TEXT NOT NULL,
    frameworks   TEXT NOT NULL, -- comma-separated: unesco, r3l, own
    method       TEXT NOT NULL,
    scale        INTEGER NOT NULL CHECK (scale IN (4, 5)),
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    closed_at    TIMESTAMP,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX quality_rounds_id ON quality_rounds (id);
CREATE TABLE quality_round_criteria (
    community_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    key          TEXT NOT NULL,
    position     INTEGER NOT NULL,
    framework    TEXT NOT NULL,
    grp          TEXT NOT NULL,
    name         TEXT NOT NULL, -- own criteria only
    about        TEXT NOT NULL,
    PRIMARY KEY (community_id, round_id, key),
    FOREIGN KEY (community_id, round_id) REFERENCES quality_rounds (community_id, id) ON DELETE CASCADE
);
CREATE TABLE quality_panelists (
    community_id    TEXT NOT NULL,
    round_id        TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT, -- speaks for this organization; NULL: as a citizen
    sector          TEXT NOT NULL,
    added_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, round_id, user_id),
    FOREIGN KEY (community_id, round_id) REFERENCES quality_rounds (community_id, id) ON DELETE CASCADE
);
CREATE TABLE quality_ratings (
    community_id  TEXT NOT NULL,
    round_id      TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    criterion_key TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score >= 1 AND score <= 5),
    comment       TEXT NOT NULL,
    evidence      TEXT NOT NULL, -- paths inside this Commons, one a line
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, round_id, user_id, criterion_key),
    FOREIGN KEY (community_id, round_id, user_id) REFERENCES quality_panelists (community_id, round_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, round_id, criterion_key) REFERENCES quality_round_criteria (community_id, round_id, key) ON DELETE CASCADE
);
CREATE TABLE quality_action_points (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    text         TEXT NOT NULL,
    owner_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due          TEXT NOT NULL, -- YYYY-MM-DD
    status       TEXT NOT NULL CHECK (status IN ('open', 'done')),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    reminded_at  TIMESTAMP, -- the owner was told it is due
    done_at      TIMESTAMP,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, round_id) REFERENCES quality_rounds (community_id, id) ON DELETE CASCADE
);
CREATE INDEX quality_action_points_id ON quality_action_points (id);
CREATE INDEX quality_action_points_owner ON quality_action_points (owner_id, status, due);
CREATE INDEX quality_action_points_open ON quality_action_points (community_id, status, due);
