-- What an acted-on suggestion led to, recorded when it happens: a pledge
-- accepted, an offer or request fulfilled, an activity scheduled for a
-- learning request, a place at an activity. Empty: nothing yet.
ALTER TABLE match_decisions ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE match_decisions ADD COLUMN outcome_at TIMESTAMPTZ;
