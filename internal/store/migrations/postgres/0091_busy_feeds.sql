-- The calendar feed a resource's busy times come from, when a steward
-- imported them from an address: refreshed on a schedule. An import from
-- a file removes it.
CREATE TABLE busy_feeds (
    community_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    url          TEXT NOT NULL,
    set_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (community_id, resource_id),
    FOREIGN KEY (community_id, resource_id) REFERENCES resources (community_id, id) ON DELETE CASCADE
);
CREATE INDEX busy_feeds_due ON busy_feeds (fetched_at);
