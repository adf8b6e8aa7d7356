-- What a round took over from the previous finished round of the same
-- providers and unit (what that round left unfunded or unspent). The
-- unique index makes a round's leftovers carried at most once.
ALTER TABLE fund_rounds ADD COLUMN carried_from TEXT;
ALTER TABLE fund_rounds ADD COLUMN carried BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX fund_rounds_carried_from ON fund_rounds (community_id, carried_from) WHERE carried_from IS NOT NULL;
