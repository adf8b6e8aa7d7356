-- Announcements (pinned threads) are read on every visit to a community's
-- home. Without this index the query walked all of a community's threads
-- to find the few pinned ones: a quarter of the home page's time with 200
-- threads a community (commons-load's profile).
CREATE INDEX threads_pinned ON threads (community_id, last_post_at) WHERE pinned;
