-- Time bank alliances: two communities that both run a time bank agree
-- that their members may transfer time across. Each community keeps its
-- own books balanced through an account of its own for the alliance
-- (owner_type 'alliance', owner_id the alliance's id): a transfer across
-- is two transfers, one in each community, each of two movements that sum
-- to zero.
CREATE TABLE timebank_alliances (
    id           TEXT NOT NULL PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE, -- the proposer
    partner_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE, -- the one asked
    status       TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'ended')),
    note         TEXT NOT NULL,
    proposed_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    accepted_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    ended_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    ended_at     TIMESTAMPTZ,
    CHECK (community_id <> partner_id)
);
CREATE INDEX timebank_alliances_community ON timebank_alliances (community_id, status);
CREATE INDEX timebank_alliances_partner ON timebank_alliances (partner_id, status);

ALTER TABLE timebank_accounts DROP CONSTRAINT timebank_accounts_owner_type_check;
ALTER TABLE timebank_accounts ADD CONSTRAINT timebank_accounts_owner_type_check CHECK (owner_type IN ('person', 'organization', 'alliance'));

-- Across an alliance: the alliance, the other community's half of the
-- transfer, and the name of the person on the other side as the reader of
-- this community's books may see it.
ALTER TABLE timebank_transfers ADD COLUMN alliance_id TEXT REFERENCES timebank_alliances (id);
ALTER TABLE timebank_transfers ADD COLUMN peer_transfer_id TEXT;
ALTER TABLE timebank_transfers ADD COLUMN peer_name TEXT NOT NULL DEFAULT '';
CREATE INDEX timebank_transfers_alliance ON timebank_transfers (alliance_id);
