-- btree_gist lets one exclusion constraint compare ids with = and times with &&.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Shared resources, their opening hours, photos and bookings.

ALTER TABLE communities ADD COLUMN accessibility_features TEXT NOT NULL DEFAULT ''; -- extra features, one per line

CREATE TABLE resources (
    community_id        TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id                  TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('space', 'equipment', 'funding', 'expertise', 'time', 'materials', 'other')),
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    owner_org_id        TEXT,          -- owned by an organization …
    owner_user_id       TEXT,          -- … or by a person
    address             TEXT NOT NULL,
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    capacity            INTEGER,
    accessibility       TEXT NOT NULL, -- feature names, one per line
    terms               TEXT NOT NULL CHECK (terms IN ('free', 'cost_sharing', 'in_return')),
    terms_note          TEXT NOT NULL,
    bookable            BOOLEAN NOT NULL,
    approval            TEXT NOT NULL CHECK (approval IN ('open', 'trusted', 'request')),
    max_hours_per_week  INTEGER,
    max_future_bookings INTEGER,
    public_titles       BOOLEAN NOT NULL, -- may the public calendar show what a booking is for
    trust_lapse_days    INTEGER,          -- resource trust lapses after this many days unused
    has_photo           BOOLEAN NOT NULL DEFAULT FALSE,
    sort_key            TEXT COLLATE "C" NOT NULL,
    search              TSVECTOR NOT NULL DEFAULT ''::tsvector, -- title and description in the community's languages
    created_by          TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    CHECK ((owner_org_id IS NULL) <> (owner_user_id IS NULL)),
    FOREIGN KEY (community_id, owner_org_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX resources_id ON resources (id);
CREATE INDEX resources_directory ON resources (community_id, sort_key, id);
CREATE INDEX resources_kind ON resources (community_id, kind, sort_key, id);

CREATE INDEX resources_search ON resources USING gin (search);

CREATE TABLE resource_photos (
    community_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BYTEA NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, resource_id),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);

-- Weekly opening hours in the community's time zone; none means always open.
CREATE TABLE opening_hours (
    community_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 is Sunday
    opens        TEXT NOT NULL, -- HH:MM
    closes       TEXT NOT NULL, -- HH:MM, after opens; 24:00 for midnight
    PRIMARY KEY (community_id, resource_id, weekday, opens),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);

CREATE TABLE closed_dates (
    community_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    day          TEXT NOT NULL, -- YYYY-MM-DD in the community's time zone
    reason       TEXT NOT NULL,
    PRIMARY KEY (community_id, resource_id, day),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);

-- People trusted to book one resource without asking.
CREATE TABLE resource_trust (
    community_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    given_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    given_at     TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, resource_id, user_id),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);

CREATE TABLE bookings (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    requester_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
    purpose      TEXT NOT NULL,
    series_id    TEXT,
    decided_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at   TIMESTAMPTZ,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    CHECK (ends_at > starts_at),
    -- Never two confirmed bookings of one resource at once, whatever the
    -- concurrency: a booking that ends when the next begins does not clash.
    EXCLUDE USING gist (community_id WITH =, resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (status = 'confirmed'),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);
CREATE INDEX bookings_id ON bookings (id);
CREATE INDEX bookings_resource_time ON bookings (community_id, resource_id, starts_at);
CREATE INDEX bookings_requester ON bookings (requester_id, starts_at);

-- A person's private calendar feed address; a new token revokes the old.
CREATE TABLE calendar_feeds (
    token      TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
