-- E-mail about notifications. Each person chooses how they hear (each,
-- daily, weekly, none); a row exists once they chose or got a first mail.
CREATE TABLE mail_settings (
    user_id     TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    delivery    TEXT NOT NULL DEFAULT 'each', -- each | daily | weekly | none
    token       TEXT NOT NULL UNIQUE,          -- random; the one-click unsubscribe link's key
    digest_from TIMESTAMPTZ,                   -- the next digest holds notifications after this
    digest_due  TIMESTAMPTZ                    -- when the next digest is gathered
);
CREATE INDEX mail_settings_digest_due ON mail_settings (digest_due);

-- The outbox: mails waiting to be sent, claimed by one node at a time with
-- a lease, retried with backoff, deleted once sent.
CREATE TABLE mail_jobs (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    notification_id TEXT,        -- one notification's mail; NULL for a digest
    digest_from     TIMESTAMPTZ, -- a digest's notifications: after digest_from,
    digest_until    TIMESTAMPTZ, -- up to and including digest_until
    digest_period   TEXT NOT NULL DEFAULT '', -- daily | weekly, for a digest
    attempts        INTEGER NOT NULL DEFAULT 0,
    run_after       TIMESTAMPTZ NOT NULL,
    claim           TEXT,        -- the sender holding the lease
    claimed_until   TIMESTAMPTZ, -- the lease ends; a crashed sender's jobs come back then
    last_error      TEXT NOT NULL DEFAULT '',
    failed_at       TIMESTAMPTZ, -- given up after too many attempts
    created_at      TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (user_id, notification_id) REFERENCES notifications (user_id, id) ON DELETE CASCADE
);
CREATE INDEX mail_jobs_due ON mail_jobs (run_after) WHERE failed_at IS NULL;
