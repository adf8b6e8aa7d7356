-- Citizen initiatives, their needs and pledges, and the partnerships around
-- them: parties, commitments and signatures, one row set per version.

-- Themes a community adds to the standard ones.
CREATE TABLE community_themes (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, name)
);

CREATE TABLE initiatives (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    description  TEXT NOT NULL, -- Markdown
    lead_org_id  TEXT,          -- a citizen group leads …
    lead_user_id TEXT REFERENCES users (id) ON DELETE SET NULL, -- … or a person
    status       TEXT NOT NULL CHECK (status IN ('idea', 'seeking_partners', 'active', 'completed', 'paused')),
    paused_from  TEXT NOT NULL DEFAULT '', -- the status to resume to while paused
    sort_key     TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, lead_org_id) REFERENCES organizations (community_id, id)
);
CREATE INDEX initiatives_id ON initiatives (id);
CREATE INDEX initiatives_directory ON initiatives (community_id, sort_key, id);
CREATE INDEX initiatives_status ON initiatives (community_id, status, sort_key, id);

CREATE TABLE initiative_themes (
    community_id  TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    theme         TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (community_id, initiative_id, theme),
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_themes_theme ON initiative_themes (community_id, theme, initiative_id);

CREATE TABLE initiative_team (
    community_id  TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, initiative_id, user_id),
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);

CREATE TABLE needs (
    community_id  TEXT NOT NULL,
    id            TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('space', 'equipment', 'funding', 'expertise', 'time', 'materials', 'other')),
    description   TEXT NOT NULL,
    quantity      INTEGER,
    by_date       TEXT, -- YYYY-MM-DD
    status        TEXT NOT NULL CHECK (status IN ('open', 'partly_met', 'met')),
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);
CREATE INDEX needs_id ON needs (id);
CREATE INDEX needs_initiative ON needs (community_id, initiative_id, id);

CREATE TABLE pledges (
    community_id    TEXT NOT NULL,
    id              TEXT NOT NULL,
    need_id         TEXT NOT NULL,
    initiative_id   TEXT NOT NULL,
    organization_id TEXT, -- pledged for an organization, or else by the person
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id     TEXT,
    description     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    booking_id      TEXT,
    decided_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at      TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, need_id) REFERENCES needs (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);
CREATE INDEX pledges_id ON pledges (id);
CREATE INDEX pledges_initiative ON pledges (community_id, initiative_id, id);

-- One partnership per initiative; version is the one in force or awaiting
-- signatures, and status says whether every party signed it.
CREATE TABLE partnerships (
    community_id  TEXT NOT NULL,
    id            TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('proposed', 'active')),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, initiative_id),
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);
CREATE INDEX partnerships_id ON partnerships (id);

CREATE TABLE partnership_versions (
    community_id   TEXT NOT NULL,
    partnership_id TEXT NOT NULL,
    version        INTEGER NOT NULL,
    review_on      TEXT NOT NULL, -- YYYY-MM-DD
    proposed_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    proposed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, partnership_id, version),
    FOREIGN KEY (community_id, partnership_id) REFERENCES partnerships (community_id, id) ON DELETE CASCADE
);

-- The key keeps an organization from being a party twice in one version.
CREATE TABLE partnership_parties (
    community_id    TEXT NOT NULL,
    partnership_id  TEXT NOT NULL,
    version         INTEGER NOT NULL,
    organization_id TEXT NOT NULL,
    position        INTEGER NOT NULL,
    role            TEXT NOT NULL,
    PRIMARY KEY (community_id, partnership_id, version, organization_id),
    FOREIGN KEY (community_id, partnership_id, version) REFERENCES partnership_versions (community_id, partnership_id, version) ON DELETE CASCADE,
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX partnership_parties_org ON partnership_parties (community_id, organization_id);

CREATE TABLE commitments (
    community_id    TEXT NOT NULL,
    id              TEXT NOT NULL,
    partnership_id  TEXT NOT NULL,
    version         INTEGER NOT NULL,
    organization_id TEXT NOT NULL,
    position        INTEGER NOT NULL,
    description     TEXT NOT NULL,
    due             TEXT, -- YYYY-MM-DD
    status          TEXT NOT NULL CHECK (status IN ('pending', 'kept', 'missed')),
    comment         TEXT NOT NULL DEFAULT '',
    updated_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at      TIMESTAMP,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, partnership_id, version, organization_id)
        REFERENCES partnership_parties (community_id, partnership_id, version, organization_id) ON DELETE CASCADE
);
CREATE INDEX commitments_id ON commitments (id);
CREATE INDEX commitments_version ON commitments (community_id, partnership_id, version);
CREATE INDEX commitments_org ON commitments (community_id, organization_id, status);

CREATE TABLE partnership_signatures (
    community_id    TEXT NOT NULL,
    partnership_id  TEXT NOT NULL,
    version         INTEGER NOT NULL,
    organization_id TEXT NOT NULL,
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    signer_name     TEXT NOT NULL, -- kept as signed, like a name on paper
    signed_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, partnership_id, version, organization_id),
    FOREIGN KEY (community_id, partnership_id, version, organization_id)
        REFERENCES partnership_parties (community_id, partnership_id, version, organization_id) ON DELETE CASCADE
);

-- Who did what to an initiative, and when; members read it.
CREATE TABLE initiative_log (
    community_id  TEXT NOT NULL,
    initiative_id TEXT NOT NULL,
    id            TEXT NOT NULL,
    actor_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    action        TEXT NOT NULL,
    detail        TEXT NOT NULL,
    at            TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, initiative_id, id),
    FOREIGN KEY (community_id, initiative_id) REFERENCES initiatives (community_id, id) ON DELETE CASCADE
);
