package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// CreateUser saves a new account. A taken e-mail address, in any case, is a
// conflict.
//
// confirmed says the address needs no confirming (the operator does not
// ask for it); otherwise the account waits for its link. The privacy
// notice's acceptance is dated now when given. mails are queued in the
// same transaction (the confirmation link's); a mail without a UserID is
// for the new account.
func (s *Store) CreateUser(ctx context.Context, n commons.NewUser, passwordHash string, confirmed bool, link *AccountLinkMail) (commons.User, error) {
	u := commons.User{ID: newID(), Email: n.Email, Name: n.Name, Locale: n.Locale, CreatedAt: s.now(), EmailConfirmed: confirmed}
	var confirmedAt, acceptedAt any
	if confirmed {
		confirmedAt = u.CreatedAt
	}
	if n.AcceptPrivacy {
		acceptedAt, u.PrivacyAccepted = u.CreatedAt, &u.CreatedAt
	}
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO users (id, email, email_key, name, locale, password_hash, created_at, email_confirmed_at, privacy_accepted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, commons.EmailKey(u.Email), u.Name, u.Locale, passwordHash, u.CreatedAt, confirmedAt, acceptedAt)
		if err != nil || link == nil {
			return err
		}
		link.UserID = u.ID
		return s.addAccountLink(ctx, t, *link)
	})
	if commons.CodeOf(err) == commons.CodeConflict {
		return commons.User{}, &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.email_taken"),
			Fields: map[string]commons.Message{"email": commons.Msg("error.email_taken")}}
	}
	return u, err
}

const userColumns = "id, email, name, locale, created_at, email_confirmed_at IS NOT NULL, site_admin, privacy_accepted_at, time_zone"

// userColumnsOf is userColumns of the users table named u.
const userColumnsOf = "u.id, u.email, u.name, u.locale, u.created_at, u.email_confirmed_at IS NOT NULL, u.site_admin, u.privacy_accepted_at, u.time_zone"

func scanUser(row interface{ Scan(...any) error }, more ...any) (commons.User, error) {
	var u commons.User
	var accepted sql.NullTime
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Locale, &u.CreatedAt, &u.EmailConfirmed, &u.SiteAdmin, &accepted, &u.TimeZone}, more...)...)
	if accepted.Valid {
		u.PrivacyAccepted = &accepted.Time
	}
	return u, err
}

// UserCredentials returns the account with an e-mail address, in any case,
// and its password hash. A suspended account is not found: it cannot
// sign in.
func (s *Store) UserCredentials(ctx context.Context, email string) (commons.User, string, error) {
	var hash string
	u, err := scanUser(s.queryRow(ctx, "SELECT "+userColumns+", password_hash FROM users WHERE email_key = ? AND suspended_at IS NULL",
		commons.EmailKey(email)), &hash)
	return u, hash, s.classify(err)
}

// UpdateUser saves a person's name, language and time zone.
func (s *Store) UpdateUser(ctx context.Context, u commons.User) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE users SET name = ?, locale = ?, time_zone = ? WHERE id = ?", u.Name, u.Locale, u.TimeZone, u.ID)
		return mustAffect(res, err)
	})
}

// mustAffect turns an update that touched no row into not-found.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return commons.NotFound()
	}
	return nil
}

// CreateSession saves a signed-in session under the hash of its secret,
// with the browser and network address it was started from.
func (s *Store) CreateSession(ctx context.Context, userID, secret string, ttl time.Duration, userAgent, address string) error {
	at := s.now()
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, id, user_id, created_at, expires_at, last_used_at, user_agent, address)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			HashSecret(secret), newID(), userID, at, at.Add(ttl), at, userAgent, address)
		return err
	})
}

// sessionRenewal is how often a session in use is renewed: at most once
// a day, so that reading pages does not write on every request.
const sessionRenewal = 24 * time.Hour

// SessionUser returns the person signed in with a session secret, or
// unauthenticated when the session is unknown, over, or its account
// suspended. A session used renews itself (sliding expiry): once a day at
// most, its end moves to ttl from now and its last use is noted; renewed
// says it did, so that the cookie can be renewed with it.
func (s *Store) SessionUser(ctx context.Context, secret string, ttl time.Duration) (u commons.User, renewed bool, err error) {
	var sessionID string
	var used sql.NullTime
	hash, at := HashSecret(secret), s.now()
	u, err = scanUser(s.queryRow(ctx, `SELECT `+userColumnsOf+`, s.id, s.last_used_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.suspended_at IS NULL`, hash, at), &sessionID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return commons.User{}, false, commons.Unauthenticated()
	}
	if err != nil {
		return u, false, s.classify(err)
	}
	if used.Valid && at.Sub(used.Time) <= sessionRenewal {
		return u, false, nil
	}
	err = s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE token_hash = ?", at, at.Add(ttl), hash)
		return err
	})
	return u, err == nil, err
}

// Sessions lists a person's sessions that are not over, the last used
// first; current is the secret of the one asking, marked Current.
func (s *Store) Sessions(ctx context.Context, userID, current string) ([]commons.Session, error) {
	// last_used_at is read as a column: SQLite reports COALESCE's type as
	// text, and only a TIMESTAMP column comes back as a time.
	rows, err := s.query(ctx, `SELECT id, token_hash, user_agent, address, created_at, last_used_at, expires_at
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY COALESCE(last_used_at, created_at) DESC, id`, userID, s.now())
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	currentHash := HashSecret(current)
	var out []commons.Session
	for rows.Next() {
		var x commons.Session
		var hash string
		var used sql.NullTime
		if err := rows.Scan(&x.ID, &hash, &x.UserAgent, &x.Address, &x.CreatedAt, &used, &x.ExpiresAt); err != nil {
			return nil, s.classify(err)
		}
		x.LastUsedAt = x.CreatedAt
		if used.Valid {
			x.LastUsedAt = used.Time
		}
		x.Current = current != "" && hash == currentHash
		out = append(out, x)
	}
	return out, s.classify(rows.Err())
}

// DeleteSessionByID ends one of a person's sessions.
func (s *Store) DeleteSessionByID(ctx context.Context, userID, id string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		res, err := t.exec(ctx, "DELETE FROM sessions WHERE id = ? AND user_id = ?", id, userID)
		return mustAffect(res, err)
	})
}

// SignOutEverywhere ends every session of a person but the one whose
// secret is kept ("" ends them all), and revokes their API tokens when
// tokens is set.
func (s *Store) SignOutEverywhere(ctx context.Context, userID, kept string, tokens bool) error {
	return s.inTx(ctx, func(t tx) error { return signOutEverywhere(ctx, t, userID, kept, tokens) })
}

func signOutEverywhere(ctx context.Context, t tx, userID, kept string, tokens bool) error {
	if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, HashSecret(kept)); err != nil {
		return err
	}
	if !tokens {
		return nil
	}
	_, err := t.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ?", userID)
	return err
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", HashSecret(secret))
		return err
	})
}

// DeleteExpiredSessions removes sessions that are over, returning how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		res, err := t.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", s.now())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// CreateAPIToken saves a token under the hash of its secret.
func (s *Store) CreateAPIToken(ctx context.Context, userID, label, secret string) (commons.APIToken, error) {
	tok := commons.APIToken{ID: newID(), UserID: userID, Label: label, CreatedAt: s.now()}
	err := s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "INSERT INTO api_tokens (id, user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)",
			tok.ID, userID, HashSecret(secret), label, tok.CreatedAt)
		return err
	})
	return tok, err
}

// TokenUser returns the person an API token belongs to, and notes when
// the token was last used — at most once an hour, so that reads stay reads.
func (s *Store) TokenUser(ctx context.Context, secret string) (commons.User, error) {
	var tokenID string
	var used sql.NullTime
	hash := HashSecret(secret)
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumnsOf+`, t.id, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.suspended_at IS NULL`, hash),
		&tokenID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return commons.User{}, commons.Unauthenticated()
	}
	if err != nil {
		return u, s.classify(err)
	}
	if at := s.now(); !used.Valid || at.Sub(used.Time) > time.Hour {
		err = s.inTx(ctx, func(t tx) error {
			t.touchesNoPage()
			_, err := t.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at, tokenID)
			return err
		})
	}
	return u, err
}

// APITokens lists a person's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID string) ([]commons.APIToken, error) {
	rows, err := s.query(ctx, `SELECT id, user_id, label, created_at, last_used_at FROM api_tokens
		WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.APIToken
	for rows.Next() {
		var t commons.APIToken
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Label, &t.CreatedAt, &used); err != nil {
			return nil, s.classify(err)
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		out = append(out, t)
	}
	return out, s.classify(rows.Err())
}

// DeleteAPIToken revokes one of a person's tokens.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, tokenID string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		res, err := t.exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", tokenID, userID)
		return mustAffect(res, err)
	})
}

// AttemptSignIn counts a sign-in attempt against each key's limit in one
// transaction, before the password is checked, so that attempts made at
// once cannot slip past the limit together. When a key is over its limit it
// records nothing and returns that key's index and when its window frees a
// place; otherwise it returns -1, and the attempt stands as a failure until
// ForgiveAttempt withdraws it.
func (s *Store) AttemptSignIn(ctx context.Context, keys []string, limits []int, window time.Duration) (int, time.Time, error) {
	over, until := -1, time.Time{}
	err := s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		at := s.now()
		for i, k := range keys {
			if err := t.d.lockKey(ctx, t, "sign-in "+k); err != nil {
				return err
			}
			if _, err := t.exec(ctx, "DELETE FROM sign_in_failures WHERE limit_key = ? AND at <= ?", k, at.Add(-window)); err != nil {
				return err
			}
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM sign_in_failures WHERE limit_key = ?", k).Scan(&n); err != nil {
				return err
			}
			if n >= limits[i] {
				// A plain column rather than MIN(at): SQLite reports an
				// aggregate's type as text, and only a TIMESTAMP column
				// comes back as a time.
				var oldest time.Time
				if err := t.queryRow(ctx, "SELECT at FROM sign_in_failures WHERE limit_key = ? ORDER BY at LIMIT 1", k).Scan(&oldest); err != nil {
					return err
				}
				over, until = i, oldest.Add(window)
				return nil
			}
		}
		for _, k := range keys {
			if _, err := t.exec(ctx, "INSERT INTO sign_in_failures (limit_key, at) VALUES (?, ?)", k, at); err != nil {
				return err
			}
		}
		return nil
	})
	return over, until, err
}

// ForgiveAttempt withdraws a successful attempt: every failure under the
// account's key, and the one attempt just counted under each other key.
func (s *Store) ForgiveAttempt(ctx context.Context, accountKey string, otherKeys []string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		if _, err := t.exec(ctx, "DELETE FROM sign_in_failures WHERE limit_key = ?", accountKey); err != nil {
			return err
		}
		for _, k := range otherKeys {
			var at time.Time
			err := t.queryRow(ctx, "SELECT at FROM sign_in_failures WHERE limit_key = ? ORDER BY at DESC LIMIT 1", k).Scan(&at)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, "DELETE FROM sign_in_failures WHERE limit_key = ? AND at = ?", k, at); err != nil {
				return err
			}
		}
		return nil
	})
}
