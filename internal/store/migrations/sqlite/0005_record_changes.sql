-- The record keeps what a privileged act changed: the state before and
-- after, as JSON objects of the fields that changed.
ALTER TABLE community_log ADD COLUMN before_state TEXT NOT NULL DEFAULT '';
ALTER TABLE community_log ADD COLUMN after_state TEXT NOT NULL DEFAULT '';
