-- A person's own time zone (issue 15, item 11): times on pages, messages
-- and notifications are shown in it; '' follows their community's zone.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
