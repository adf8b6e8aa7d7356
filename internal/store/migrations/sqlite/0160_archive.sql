-- Archiving (issue 15): those who run a resource, an organization or an
-- initiative may put it away. An archived thing keeps its history and its
-- page, but leaves directories, search, matches and open data, and takes
-- no new bookings, members or pledges until it is restored.
ALTER TABLE resources ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE resources ADD COLUMN archived_by TEXT;
ALTER TABLE organizations ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE organizations ADD COLUMN archived_by TEXT;
ALTER TABLE initiatives ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE initiatives ADD COLUMN archived_by TEXT;
