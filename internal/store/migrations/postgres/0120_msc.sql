-- Most Significant Change: cycles, stories with their consent, panels by
-- level, selections with their reasons, the feedback sent, and notes on
-- how stories were checked.
CREATE TABLE msc_cycles (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    period_from  TEXT NOT NULL, -- YYYY-MM-DD
    period_to    TEXT NOT NULL,
    scope_type   TEXT NOT NULL CHECK (scope_type IN ('', 'initiative', 'partnership')),
    scope_id     TEXT NOT NULL, -- '' for the whole community
    domains      TEXT NOT NULL, -- one per line
    question     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('collecting', 'selecting', 'closed')),
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX msc_cycles_id ON msc_cycles (id);

CREATE TABLE msc_stories (
    community_id   TEXT NOT NULL,
    id             TEXT NOT NULL,
    cycle_id       TEXT NOT NULL,
    teller_kind    TEXT NOT NULL CHECK (teller_kind IN ('member', 'person', 'anonymous', 'group')),
    teller_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    teller_name    TEXT NOT NULL, -- a person without an account, or a group
    teller_org_id  TEXT,          -- the organization the teller speaks from; no key: a removed one counts as citizen
    collector_id   TEXT REFERENCES users (id) ON DELETE SET NULL,
    consent        TEXT NOT NULL CHECK (consent IN ('publish', 'publish_no_name', 'private')),
    consent_date   TEXT NOT NULL,
    happened_when  TEXT NOT NULL,
    happened_where TEXT NOT NULL,
    domain         TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    why            TEXT NOT NULL,
    language       TEXT NOT NULL,
    theme          TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, cycle_id) REFERENCES msc_cycles (community_id, id) ON DELETE CASCADE
);
CREATE INDEX msc_stories_id ON msc_stories (id);
CREATE INDEX msc_stories_cycle ON msc_stories (community_id, cycle_id, domain);

CREATE TABLE msc_story_links (
    community_id TEXT NOT NULL,
    story_id     TEXT NOT NULL,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('initiative', 'activity', 'partnership')),
    subject_id   TEXT NOT NULL,
    PRIMARY KEY (community_id, story_id, subject_type, subject_id),
    FOREIGN KEY (community_id, story_id) REFERENCES msc_stories (community_id, id) ON DELETE CASCADE
);

CREATE TABLE msc_panels (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    cycle_id     TEXT NOT NULL,
    name         TEXT NOT NULL,
    level        INTEGER NOT NULL CHECK (level >= 1),
    scope_type   TEXT NOT NULL CHECK (scope_type IN ('', 'initiative', 'partnership')),
    scope_id     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, cycle_id) REFERENCES msc_cycles (community_id, id) ON DELETE CASCADE
);
CREATE INDEX msc_panels_id ON msc_panels (id);

CREATE TABLE msc_panel_members (
    community_id TEXT NOT NULL,
    panel_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (community_id, panel_id, user_id),
    FOREIGN KEY (community_id, panel_id) REFERENCES msc_panels (community_id, id) ON DELETE CASCADE
);

CREATE TABLE msc_selections (
    community_id  TEXT NOT NULL,
    id            TEXT NOT NULL,
    cycle_id      TEXT NOT NULL,
    panel_id      TEXT NOT NULL,
    domain        TEXT NOT NULL,
    story_id      TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('vote', 'consensus')),
    votes_for     INTEGER NOT NULL,
    votes_against INTEGER NOT NULL,
    abstained     INTEGER NOT NULL,
    reasons       TEXT NOT NULL CHECK (reasons <> ''),
    dissent       TEXT NOT NULL,
    dissent_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    selected_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, panel_id, domain),
    FOREIGN KEY (community_id, panel_id) REFERENCES msc_panels (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, story_id) REFERENCES msc_stories (community_id, id) ON DELETE CASCADE
);
CREATE INDEX msc_selections_id ON msc_selections (id);
CREATE INDEX msc_selections_story ON msc_selections (community_id, story_id);

CREATE TABLE msc_feedback (
    community_id TEXT NOT NULL,
    selection_id TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('teller', 'collector', 'panel')),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, selection_id, user_id),
    FOREIGN KEY (community_id, selection_id) REFERENCES msc_selections (community_id, id) ON DELETE CASCADE
);

CREATE TABLE msc_verifications (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    story_id     TEXT NOT NULL,
    checked_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    how          TEXT NOT NULL,
    note         TEXT NOT NULL,
    checked_on   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, story_id) REFERENCES msc_stories (community_id, id) ON DELETE CASCADE
);
CREATE INDEX msc_verifications_story ON msc_verifications (community_id, story_id);
