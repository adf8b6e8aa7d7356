-- The time bank: a community setting (off without a row), hour accounts
-- of members and organizations, transfers, and their movements, which
-- always come in pairs that sum to zero.
CREATE TABLE timebank_settings (
    community_id TEXT NOT NULL PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    enabled      BOOLEAN NOT NULL,
    min_balance  INTEGER CHECK (min_balance <= 0),
    max_balance  INTEGER CHECK (max_balance >= 0),
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE timebank_accounts (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    owner_type   TEXT NOT NULL CHECK (owner_type IN ('person', 'organization')),
    owner_id     TEXT NOT NULL,
    balance      INTEGER NOT NULL, -- minutes: the sum of the account's movements
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, owner_type, owner_id)
);

CREATE TABLE timebank_transfers (
    community_id    TEXT NOT NULL,
    id              TEXT NOT NULL,
    from_account_id TEXT NOT NULL,
    to_account_id   TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    category        TEXT NOT NULL,
    note            TEXT NOT NULL,
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    CHECK (from_account_id <> to_account_id),
    FOREIGN KEY (community_id, from_account_id) REFERENCES timebank_accounts (community_id, id),
    FOREIGN KEY (community_id, to_account_id) REFERENCES timebank_accounts (community_id, id)
);

CREATE TABLE timebank_movements (
    community_id TEXT NOT NULL,
    transfer_id  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes <> 0),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, transfer_id, account_id),
    FOREIGN KEY (community_id, transfer_id) REFERENCES timebank_transfers (community_id, id),
    FOREIGN KEY (community_id, account_id) REFERENCES timebank_accounts (community_id, id)
);
CREATE INDEX timebank_movements_account ON timebank_movements (community_id, account_id, created_at);
