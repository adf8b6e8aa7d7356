-- The daily "new matches for you" mail of people who hear of each
-- notification as it comes (delivery 'each'): they have no digest, so
-- their matches are mailed on their own, at most once a day. NULL: never
-- yet, due now.
ALTER TABLE mail_settings ADD COLUMN matches_due TIMESTAMP;
