-- The version of the data each page shows: one row per community whose
-- data changed (scope = the community's id) and one for everything else
-- (scope = ''). Every write transaction bumps the rows of what it changed
-- before it commits, so a page cached under the versions it read is never
-- served once a write has changed what it shows, on any node.
CREATE TABLE data_versions (
    scope TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
