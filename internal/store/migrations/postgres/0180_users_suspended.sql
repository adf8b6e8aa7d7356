-- Every list a visitor or member reads leaves out what suspended people
-- wrote: NOT IN (SELECT id FROM users WHERE suspended_at IS NOT NULL).
-- Without an index that subquery reads the whole users table on every
-- page (20,000 rows in the region); this index holds only the few
-- suspended people, so it costs next to nothing.
CREATE INDEX users_suspended ON users (id) WHERE suspended_at IS NOT NULL;
