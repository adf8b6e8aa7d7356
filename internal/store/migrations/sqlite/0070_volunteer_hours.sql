-- Volunteer hours: time a person gave to an initiative, an activity, an
-- organization or directly to another person, and its confirmation.
CREATE TABLE volunteer_hours (
    community_id    TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    for_type        TEXT NOT NULL CHECK (for_type IN ('initiative', 'activity', 'organization', 'person')),
    for_id          TEXT NOT NULL, -- an initiative, activity (occurrence), organization or user id
    organization_id TEXT,          -- given through this organization; NULL: directly
    day             TEXT NOT NULL, -- YYYY-MM-DD in the community's calendar
    minutes         INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    what            TEXT NOT NULL,
    theme           TEXT NOT NULL, -- '' for none
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'queried', 'declined')),
    question        TEXT NOT NULL,
    answer          TEXT NOT NULL,
    recorded_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at      TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX volunteer_hours_id ON volunteer_hours (id);
CREATE INDEX volunteer_hours_person_day ON volunteer_hours (community_id, user_id, day);
CREATE INDEX volunteer_hours_for ON volunteer_hours (community_id, for_type, for_id, status);
-- The totals read only this index: every column they count by, and the
-- minutes, after the community and the status.
CREATE INDEX volunteer_hours_totals ON volunteer_hours (community_id, status, user_id, for_type, for_id, organization_id, theme, day, minutes);
