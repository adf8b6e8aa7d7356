-- The few suspended people, found without reading every person. Every list
-- of people's things leaves out the suspended authors' with
-- "author NOT IN (SELECT id FROM users WHERE suspended_at IS NOT NULL)":
-- without this index each such query read the whole users table (20,000
-- rows in a generated region) to build that list (issue 22).
CREATE INDEX users_suspended ON users (id) WHERE suspended_at IS NOT NULL;
