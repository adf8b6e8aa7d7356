-- Full-text search, scoped to a community inside the index: a GIN index
-- over (community_id, search) (btree_gin lets GIN hold the id), so a
-- common word is looked up among one community's resources rather than
-- the whole region's, then filtered.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX resources_community_search ON resources USING gin (community_id, search);
DROP INDEX resources_search;
