-- People are private to their community by default; each member chooses,
-- per community, whether their name and profile are public there.
ALTER TABLE members ADD COLUMN public_profile BOOLEAN NOT NULL DEFAULT FALSE;
