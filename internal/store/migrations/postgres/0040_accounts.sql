-- The account lifecycle: confirmed addresses, the privacy notice's
-- acceptance, site administrators, suspension, and the one-time links that
-- reset a password or confirm an address.

-- Accounts made before addresses were confirmed keep working as they did:
-- they count as confirmed from when they were made.
ALTER TABLE users ADD COLUMN email_confirmed_at TIMESTAMPTZ;
UPDATE users SET email_confirmed_at = created_at;
ALTER TABLE users ADD COLUMN privacy_accepted_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN site_admin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMPTZ;

-- One-time links sent by mail. Only the SHA-256 of the secret is kept;
-- a link is deleted when used.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'confirm', 'email')),
    email      TEXT NOT NULL DEFAULT '', -- for 'email': the new address
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
CREATE INDEX account_tokens_expires ON account_tokens (expires_at);

-- Sessions a person can see and end: a public id (the secret's hash stays
-- private), the browser and address they were started from, and when they
-- were last used (sessions slide: each use within a day renews them).
ALTER TABLE sessions ADD COLUMN id TEXT;
UPDATE sessions SET id = md5(random()::text || token_hash);
CREATE UNIQUE INDEX sessions_id ON sessions (id);
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_used_at TIMESTAMPTZ;

-- Account mail (a reset link, a confirmation link, a notice that the
-- password changed) goes through the same outbox as notifications. It is
-- written when it is queued, in the recipient's language, because it may
-- carry a one-time link whose secret is stored nowhere else; the row, and
-- so the secret, is deleted once the mail is sent.
ALTER TABLE mail_jobs ADD COLUMN to_address TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_jobs ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_jobs ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_jobs ADD COLUMN lang TEXT NOT NULL DEFAULT '';

-- Operator settings changed from the command line (who may start
-- communities), one row each.
CREATE TABLE site_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
