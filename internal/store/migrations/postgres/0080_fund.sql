-- Fund rounds: a pool the members allocate to initiatives' proposals under
-- a rule published before voting opens (participatory budgeting).

CREATE TABLE fund_rounds (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    pool         BIGINT NOT NULL CHECK (pool > 0),
    unit         TEXT NOT NULL,
    rule         TEXT NOT NULL CHECK (rule IN ('approval', 'knapsack', 'tokens')),
    min_choices  INTEGER NOT NULL,
    max_choices  INTEGER NOT NULL,
    min_share    INTEGER NOT NULL,
    tokens       INTEGER NOT NULL,
    token_cap    INTEGER NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('greedy', 'equal_shares')),
    partial      BOOLEAN NOT NULL,
    voter_role   TEXT NOT NULL DEFAULT '',
    opens_at     TIMESTAMPTZ NOT NULL,
    review_at    TIMESTAMPTZ NOT NULL,
    voting_at    TIMESTAMPTZ NOT NULL,
    closes_at    TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX fund_rounds_id ON fund_rounds (id);
CREATE INDEX fund_rounds_list ON fund_rounds (community_id, opens_at, id);

-- The organizations that put up the pool; position 0 provides the funding.
CREATE TABLE fund_funders (
    community_id    TEXT NOT NULL,
    round_id        TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (community_id, round_id, organization_id),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);

-- Themes an initiative needs one of to propose; none: any initiative.
CREATE TABLE fund_themes (
    community_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    theme        TEXT NOT NULL,
    PRIMARY KEY (community_id, round_id, theme),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE
);

CREATE TABLE fund_reviewers (
    community_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (community_id, round_id, user_id),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE
);

-- One proposal per initiative per round.
CREATE TABLE fund_applications (
    community_id  TEXT NOT NULL,
    id            TEXT NOT NULL,
    round_id      TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    title         TEXT NOT NULL,
    plan          TEXT NOT NULL,
    amount        BIGINT NOT NULL CHECK (amount > 0),
    minimum       BIGINT NOT NULL CHECK (minimum > 0 AND minimum <= amount),
    status        TEXT NOT NULL CHECK (status IN ('submitted', 'eligible', 'ineligible')),
    reason        TEXT NOT NULL DEFAULT '',
    reviewed_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at   TIMESTAMPTZ,
    funded        BIGINT NOT NULL DEFAULT 0,
    spent         BIGINT NOT NULL DEFAULT 0,
    pledge_id     TEXT,
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, round_id, initiative_id),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);
CREATE INDEX fund_applications_id ON fund_applications (id);

-- One ballot per person per round; its choices beside it.
CREATE TABLE fund_ballots (
    community_id TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, round_id, user_id),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE
);

CREATE TABLE fund_choices (
    community_id   TEXT NOT NULL,
    round_id       TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    application_id TEXT NOT NULL,
    points         INTEGER NOT NULL CHECK (points > 0),
    PRIMARY KEY (community_id, round_id, user_id, application_id),
    FOREIGN KEY (community_id, round_id, user_id) REFERENCES fund_ballots (community_id, round_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, application_id) REFERENCES fund_applications (community_id, id) ON DELETE CASCADE
);

-- An editor's override of a computed result, with the reason shown beside it.
CREATE TABLE fund_overrides (
    community_id   TEXT NOT NULL,
    round_id       TEXT NOT NULL,
    application_id TEXT NOT NULL,
    amount         BIGINT NOT NULL CHECK (amount >= 0),
    reason         TEXT NOT NULL,
    by_user        TEXT REFERENCES users (id) ON DELETE SET NULL,
    at             TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, application_id),
    FOREIGN KEY (community_id, round_id) REFERENCES fund_rounds (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, application_id) REFERENCES fund_applications (community_id, id) ON DELETE CASCADE
);
