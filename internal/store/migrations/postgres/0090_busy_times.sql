-- Busy times a resource's stewards imported from an .ics file: the room's
-- own calendar outside Commons. They block bookings like confirmed ones.
CREATE TABLE busy_times (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL,
    source       TEXT NOT NULL,
    imported_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    imported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE,
    CHECK (ends_at > starts_at)
);
CREATE INDEX busy_times_resource ON busy_times (community_id, resource_id, starts_at);
