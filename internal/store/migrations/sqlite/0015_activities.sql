-- Learning activities: each row is one occurrence; a series shares series_id.
CREATE TABLE activities (
    community_id  TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    series_id     TEXT NOT NULL, -- the first occurrence's id
    kind          TEXT NOT NULL CHECK (kind IN ('course', 'workshop', 'skill_share', 'event')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    languages     TEXT NOT NULL, -- BCP 47 tags, one per line
    themes        TEXT NOT NULL, -- lower-case themes, one per line
    level         TEXT NOT NULL,
    cost_minor    INTEGER,       -- NULL: free
    currency      TEXT NOT NULL,
    accessibility TEXT NOT NULL,
    resource_id   TEXT,          -- the venue …
    online_url    TEXT NOT NULL, -- … or a link
    booking_id    TEXT,          -- the venue's booking for this occurrence
    capacity      INTEGER CHECK (capacity > 0),
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
    recurrence    TEXT NOT NULL,
    proposal_id   TEXT,
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    CHECK (ends_at > starts_at),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);
CREATE INDEX activities_id ON activities (id);
CREATE INDEX activities_time ON activities (community_id, starts_at);
CREATE INDEX activities_series ON activities (community_id, series_id, starts_at);

-- Who runs a series: organizations and people.
CREATE TABLE activity_organizers (
    community_id    TEXT NOT NULL,
    series_id       TEXT NOT NULL,
    position        INTEGER NOT NULL,
    organization_id TEXT,
    user_id         TEXT REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (community_id, series_id, position),
    CHECK ((organization_id IS NULL) <> (user_id IS NULL)),
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);

-- Places taken and places waited for; seq is the order of arrival.
CREATE TABLE activity_registrations (
    community_id TEXT NOT NULL,
    activity_id  TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted')),
    seq          INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, activity_id, user_id),
    FOREIGN KEY (community_id, activity_id) REFERENCES activities (community_id, id) ON DELETE CASCADE
);
CREATE INDEX activity_registrations_order ON activity_registrations (community_id, activity_id, status, seq);
CREATE INDEX activity_registrations_user ON activity_registrations (user_id);

-- "I want to learn X": a learner's proposal and the people behind it.
CREATE TABLE activity_proposals (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    themes       TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    activity_id  TEXT,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX activity_proposals_id ON activity_proposals (id);

CREATE TABLE proposal_interest (
    community_id TEXT NOT NULL,
    proposal_id  TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('learn', 'teach', 'host')),
    resource_id  TEXT,
    note         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, proposal_id, user_id, role),
    FOREIGN KEY (community_id, proposal_id) REFERENCES activity_proposals (community_id, id) ON DELETE CASCADE
);

-- What a member can teach, wants to learn, and speaks, in one community.
CREATE TABLE learning_profiles (
    community_id TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    teaches      TEXT NOT NULL, -- lower case, one per line
    learns       TEXT NOT NULL,
    languages    TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id) ON DELETE CASCADE
);
