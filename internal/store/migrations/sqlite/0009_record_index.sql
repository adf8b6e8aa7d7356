-- The trust quota counts a giver's vouches on the record, so that taking
-- trust back does not free a place.
CREATE INDEX community_log_actor ON community_log (community_id, actor_id, action, at);
