-- Resources by owner: an organization's page and an initiative's pledge
-- form ask for what a person or an organization owns. Without these the
-- database read every resource of the community to find them (15 % of the
-- load mix's CPU, commons-load's profile).
CREATE INDEX resources_owner_user ON resources (community_id, owner_user_id);
CREATE INDEX resources_owner_org ON resources (community_id, owner_org_id);
