-- Rate limits counted in the database, so that they hold across nodes:
-- one row per counted act under its limit's key (a person's writes, an
-- address's sign-ups), pruned as its window passes.
CREATE TABLE rate_events (
    limit_key TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events (limit_key, at);
