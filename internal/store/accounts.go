package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/commons-project/commons/internal/commons"
)

// AccountMail is a mail about a person's account, written by the caller
// in the recipient's language and queued in the outbox with the change
// it tells of.
type AccountMail struct {
	UserID string
	// To is the address when it is not the account's own.
	To                  string
	Subject, Body, Lang string
}

// AccountLinkMail is a one-time link and the mail that carries it. The
// store keeps the secret's hash; the mail, which holds the secret, is
// deleted from the outbox once sent.
type AccountLinkMail struct {
	UserID  string
	Purpose commons.AccountLink
	Secret  string
	// Email is the new address a LinkEmail confirms.
	Email string
	Mail  AccountMail
}

func (s *Store) enqueueAccountMail(ctx context.Context, t tx, m AccountMail) error {
	at := s.now()
	_, err := t.exec(ctx, `INSERT INTO mail_jobs (id, user_id, run_after, created_at, to_address, subject, body, lang)
		SELECT ?, id, ?, ?, ?, ?, ?, ? FROM users WHERE id = ?`, newID(), at, at, m.To, m.Subject, m.Body, m.Lang, m.UserID)
	if err != nil || m.UserID == "" {
		return err
	}
	// Announced as news of the person: that wakes the mail loops at once
	// (someone waits for their link); their open pages just look again.
	return t.d.announce(ctx, t, m.UserID)
}

// addAccountLink saves a link's hash and queues its mail. A person has one
// link of each purpose at a time: a new one replaces the one before. For
// an unknown person (UserID "") the same statements run and find no one:
// a reset request for an address without an account costs what one with
// an account does.
func (s *Store) addAccountLink(ctx context.Context, t tx, l AccountLinkMail) error {
	at := s.now()
	if _, err := t.exec(ctx, "DELETE FROM account_tokens WHERE user_id = ? AND purpose = ?", l.UserID, string(l.Purpose)); err != nil {
		return err
	}
	res, err := t.exec(ctx, `INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
		SELECT ?, id, ?, ?, ?, ? FROM users WHERE id = ? AND suspended_at IS NULL`,
		HashSecret(l.Secret), string(l.Purpose), l.Email, at, at.Add(l.Purpose.TTL()), l.UserID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // no one (or a suspended account): no link, no mail
	}
	l.Mail.UserID = l.UserID
	return s.enqueueAccountMail(ctx, t, l.Mail)
}

// SendAccountLink saves a link for a person and queues its mail.
func (s *Store) SendAccountLink(ctx context.Context, l AccountLinkMail) error {
	return s.inTx(ctx, func(t tx) error { return s.addAccountLink(ctx, t, l) })
}

// QueueAccountMail queues a mail about a person's account.
func (s *Store) QueueAccountMail(ctx context.Context, m AccountMail) error {
	return s.inTx(ctx, func(t tx) error { return s.enqueueAccountMail(ctx, t, m) })
}

// UserByEmail returns the account with an address, in any case, suspended
// or not.
func (s *Store) UserByEmail(ctx context.Context, email string) (commons.User, error) {
	u, err := scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email_key = ?", commons.EmailKey(email)))
	return u, s.classify(err)
}

// PasswordHash returns a person's password hash.
func (s *Store) PasswordHash(ctx context.Context, userID string) (string, error) {
	var hash string
	err := s.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", userID).Scan(&hash)
	return hash, s.classify(err)
}

// AccountLinkUser returns the person a link of the purpose stands for, and
// the address it confirms (for LinkEmail); an unknown, used or expired
// link is not found.
func (s *Store) AccountLinkUser(ctx context.Context, purpose commons.AccountLink, secret string) (commons.User, string, error) {
	var email string
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumnsOf+`, k.email
		FROM account_tokens k JOIN users u ON u.id = k.user_id
		WHERE k.token_hash = ? AND k.purpose = ? AND k.expires_at > ? AND u.suspended_at IS NULL`,
		HashSecret(secret), string(purpose), s.now()), &email)
	return u, email, s.classify(err)
}

// useLink deletes a link in t and returns its person and address; it is
// not found when it was used (by a request just before this one),
// expired or never existed. Deleting first makes the link single-use even
// when two requests bring it at once.
func (s *Store) useLink(ctx context.Context, t tx, purpose commons.AccountLink, secret string) (string, string, error) {
	var userID, email string
	hash := HashSecret(secret)
	err := t.queryRow(ctx, `SELECT user_id, email FROM account_tokens WHERE token_hash = ? AND purpose = ? AND expires_at > ?`+t.d.forUpdate(),
		hash, string(purpose), s.now()).Scan(&userID, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", commons.NotFound()
	}
	if err != nil {
		return "", "", err
	}
	res, err := t.exec(ctx, "DELETE FROM account_tokens WHERE token_hash = ?", hash)
	return userID, email, mustAffect(res, err)
}

// ResetPassword uses a reset link: it sets the password hash, ends every
// session, revokes every API token, drops the person's other reset links
// and queues the mail that tells them — all or nothing.
func (s *Store) ResetPassword(ctx context.Context, secret, passwordHash string, told func(commons.User) AccountMail) (commons.User, error) {
	var u commons.User
	err := s.inTx(ctx, func(t tx) error {
		userID, _, err := s.useLink(ctx, t, commons.LinkReset, secret)
		if err != nil {
			return err
		}
		if u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ? AND suspended_at IS NULL", userID)); err != nil {
			return err
		}
		// Having the mail proves the address as well as a confirmation link.
		if _, err := t.exec(ctx, `UPDATE users SET password_hash = ?, email_confirmed_at = COALESCE(email_confirmed_at, ?)
			WHERE id = ?`, passwordHash, s.now(), userID); err != nil {
			return err
		}
		u.EmailConfirmed = true
		if err := signOutEverywhere(ctx, t, userID, "", true); err != nil {
			return err
		}
		m := told(u)
		m.UserID = u.ID
		return s.enqueueAccountMail(ctx, t, m)
	})
	return u, s.classify(err)
}

// ChangePassword sets a new password hash, ends the person's other
// sessions (kept is the secret of the one that asked, "" for none) and
// queues the mail that tells them.
func (s *Store) ChangePassword(ctx context.Context, userID, passwordHash, kept string, told AccountMail) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if err := signOutEverywhere(ctx, t, userID, kept, false); err != nil {
			return err
		}
		told.UserID = userID
		return s.enqueueAccountMail(ctx, t, told)
	})
}

// ConfirmAddress uses a confirmation link: the account's address is
// confirmed.
func (s *Store) ConfirmAddress(ctx context.Context, secret string) (commons.User, error) {
	var u commons.User
	err := s.inTx(ctx, func(t tx) error {
		userID, _, err := s.useLink(ctx, t, commons.LinkConfirm, secret)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?", s.now(), userID); err != nil {
			return err
		}
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", userID))
		return err
	})
	return u, s.classify(err)
}

// ChangeEmail uses a new-address link: the new address replaces the old
// (and counts as confirmed), and the old address is told. When the new
// address was taken meanwhile, it is a conflict and nothing changes.
func (s *Store) ChangeEmail(ctx context.Context, secret string, told func(old commons.User) AccountMail) (commons.User, error) {
	var u commons.User
	err := s.inTx(ctx, func(t tx) error {
		userID, email, err := s.useLink(ctx, t, commons.LinkEmail, secret)
		if err != nil {
			return err
		}
		old, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ? AND suspended_at IS NULL", userID))
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET email = ?, email_key = ?, email_confirmed_at = ? WHERE id = ?",
			email, commons.EmailKey(email), s.now(), userID); err != nil {
			return err
		}
		m := told(old)
		m.UserID, m.To = userID, old.Email
		if err := s.enqueueAccountMail(ctx, t, m); err != nil {
			return err
		}
		u = old
		u.Email, u.EmailConfirmed = email, true
		return nil
	})
	return u, s.classify(err)
}

// DeleteExpiredLinks removes links that are over, returning how many.
func (s *Store) DeleteExpiredLinks(ctx context.Context) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM account_tokens WHERE expires_at <= ?", s.now())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// SetSiteAdmin gives or takes a person's site administration.
func (s *Store) SetSiteAdmin(ctx context.Context, userID string, admin bool) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE users SET site_admin = ? WHERE id = ?", admin, userID)
		return mustAffect(res, err)
	})
}

// ConfirmAddressByHand marks a person's address confirmed without a link
// (the operator's command, the demo).
func (s *Store) ConfirmAddressByHand(ctx context.Context, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?", s.now(), userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		_, err = t.exec(ctx, "DELETE FROM account_tokens WHERE user_id = ? AND purpose = 'confirm'", userID)
		return err
	})
}

// Suspend stops a person from signing in (their sessions and tokens end)
// or lets them again; see Suspended for what is hidden.
func (s *Store) Suspend(ctx context.Context, userID string, suspended bool) error {
	var at any
	if suspended {
		at = s.now()
	}
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE users SET suspended_at = ? WHERE id = ?", at, userID)
		if err := mustAffect(res, err); err != nil || !suspended {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM account_tokens WHERE user_id = ?", userID); err != nil {
			return err
		}
		return signOutEverywhere(ctx, t, userID, "", true)
	})
}

// DeleteUser deletes an account and, by the schema's cascades, what is
// only theirs; for spam accounts, from the operator's command.
func (s *Store) DeleteUser(ctx context.Context, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM users WHERE id = ?", userID)
		return mustAffect(res, err)
	})
}

// SiteSetting returns an operator setting, or fallback when unset.
func (s *Store) SiteSetting(ctx context.Context, name, fallback string) (string, error) {
	var v string
	err := s.queryRow(ctx, "SELECT value FROM site_settings WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return fallback, nil
	}
	return v, s.classify(err)
}

// SetSiteSetting saves an operator setting.
func (s *Store) SetSiteSetting(ctx context.Context, name, value string) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO site_settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
		return err
	})
}
