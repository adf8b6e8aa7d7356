-- Needs taken back by their initiative's team (issue 15): a need nobody
-- offered anything for is deleted; one with offers is kept, marked
-- withdrawn, so that the offers and the history still make sense.
ALTER TABLE needs ADD COLUMN withdrawn_at TIMESTAMPTZ;
