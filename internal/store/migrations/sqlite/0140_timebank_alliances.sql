-- Time bank alliances: two communities that both run a time bank agree
-- that their members may transfer time across. Each community keeps its
-- own books balanced through an account of its own for the alliance
-- (owner_type 'alliance', owner_id the alliance's id): a transfer across
-- is two transfers, one in each community, each of two movements that sum
-- to zero. Accounts gain the owner type, so SQLite rebuilds the three
-- ledger tables (children first, so that no row is ever orphaned).
CREATE TABLE timebank_alliances (
    id           TEXT NOT NULL PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE, -- the proposer
    partner_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE, -- the one asked
    status       TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'ended')),
    note         TEXT NOT NULL,
    proposed_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    accepted_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    ended_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    accepted_at  TIMESTAMP,
    ended_at     TIMESTAMP,
    CHECK (community_id <> partner_id)
);
CREATE INDEX timebank_alliances_community ON timebank_alliances (community_id, status);
CREATE INDEX timebank_alliances_partner ON timebank_alliances (partner_id, status);

CREATE TABLE timebank_accounts_new (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    owner_type   TEXT NOT NULL CHECK (owner_type IN ('person', 'organization', 'alliance')),
    owner_id     TEXT NOT NULL,
    balance      INTEGER NOT NULL, -- minutes: the sum of the account's movements
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, owner_type, owner_id)
);
INSERT INTO timebank_accounts_new SELECT community_id, id, owner_type, owner_id, balance, created_at FROM timebank_accounts;

CREATE TABLE timebank_transfers_new (
    community_id    TEXT NOT NULL,
    id              TEXT NOT NULL,
    from_account_id TEXT NOT NULL,
    to_account_id   TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    category        TEXT NOT NULL,
    note            TEXT NOT NULL,
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    -- Across an alliance: the alliance, the other community's half of the
    -- transfer, and the name of the person on the other side as the
    -- reader of this community's books may see it.
    alliance_id     TEXT REFERENCES timebank_alliances (id),
    peer_transfer_id TEXT,
    peer_name       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (community_id, id),
    CHECK (from_account_id <> to_account_id),
    FOREIGN KEY (community_id, from_account_id) REFERENCES timebank_accounts_new (community_id, id),
    FOREIGN KEY (community_id, to_account_id) REFERENCES timebank_accounts_new (community_id, id)
);
INSERT INTO timebank_transfers_new (community_id, id, from_account_id, to_account_id, minutes, category, note, created_by, created_at)
    SELECT community_id, id, from_account_id, to_account_id, minutes, category, note, created_by, created_at FROM timebank_transfers;

CREATE TABLE timebank_movements_new (
    community_id TEXT NOT NULL,
    transfer_id  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes <> 0),
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, transfer_id, account_id),
    FOREIGN KEY (community_id, transfer_id) REFERENCES timebank_transfers_new (community_id, id),
    FOREIGN KEY (community_id, account_id) REFERENCES timebank_accounts_new (community_id, id)
);
INSERT INTO timebank_movements_new SELECT community_id, transfer_id, account_id, minutes, created_at FROM timebank_movements;

DROP TABLE timebank_movements;
DROP TABLE timebank_transfers;
DROP TABLE timebank_accounts;
ALTER TABLE timebank_accounts_new RENAME TO timebank_accounts;
ALTER TABLE timebank_transfers_new RENAME TO timebank_transfers;
ALTER TABLE timebank_movements_new RENAME TO timebank_movements;
CREATE INDEX timebank_movements_account ON timebank_movements (community_id, account_id, created_at);
CREATE INDEX timebank_transfers_alliance ON timebank_transfers (alliance_id);
