-- When an activity was last changed (edited, moved, cancelled), for HSDS's
-- last_modified and modified_after; those written before are taken as
-- unchanged since they were created.
ALTER TABLE activities ADD COLUMN updated_at TIMESTAMP;
UPDATE activities SET updated_at = created_at;
