-- How many role trusts a member may give in 30 days (against popularity
-- contests); the community sets it.
ALTER TABLE communities ADD COLUMN trust_quota INTEGER NOT NULL DEFAULT 10;
CREATE INDEX role_trust_giver ON role_trust (community_id, giver_id, created_at);
