-- Offers and requests (commons.Intent): what an actor can give or needs
-- that is not yet a resource or an initiative's need. Shaped after
-- ValueFlows' Intent: owner = provider (offer) or receiver (request).
CREATE TABLE intents (
    community_id  TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('offer', 'request')),
    kind          TEXT NOT NULL CHECK (kind IN ('space', 'equipment', 'funding', 'expertise', 'time', 'materials', 'other', 'skill')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    themes        TEXT NOT NULL, -- lower case, one per line
    languages     TEXT NOT NULL, -- BCP 47 tags, one per line
    quantity      INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    online        BOOLEAN NOT NULL,
    place         TEXT NOT NULL,
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    starts_at     TIMESTAMPTZ,
    ends_at       TIMESTAMPTZ, -- "until": it expires then
    visibility    TEXT NOT NULL CHECK (visibility IN ('community', 'public')),
    owner_org_id  TEXT, -- an organization owns it …
    owner_user_id TEXT REFERENCES users (id) ON DELETE CASCADE, -- … or a person
    status        TEXT NOT NULL CHECK (status IN ('open', 'answered', 'fulfilled', 'withdrawn')),
    search_text   TEXT NOT NULL, -- title, description and themes in lower case
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    CHECK ((owner_org_id IS NULL) <> (owner_user_id IS NULL)),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at),
    FOREIGN KEY (community_id, owner_org_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX intents_id ON intents (id);
CREATE INDEX intents_list ON intents (community_id, status, created_at, id);
CREATE INDEX intents_org ON intents (community_id, owner_org_id);
CREATE INDEX intents_author ON intents (created_by, created_at);

-- Who answered an intent ("I can", "I need it"), once per person.
CREATE TABLE intent_answers (
    community_id TEXT NOT NULL,
    intent_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id       TEXT,
    note         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, intent_id, user_id),
    FOREIGN KEY (community_id, intent_id) REFERENCES intents (community_id, id) ON DELETE CASCADE
);
