package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// IdempotentAnswer is the first answer to a request sent with an
// Idempotency-Key. Status 0 means that request is still running.
type IdempotentAnswer struct {
	RequestHash string
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// ClaimIdempotencyKey finds the answer kept under a person's key within
// ttl; found is false when there is none, and the key is then claimed for
// this request (status 0) until SaveIdempotentAnswer or
// ReleaseIdempotencyKey. Two requests claiming one key at once: one gets a
// conflict. Keys older than ttl are forgotten on the way.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, userID, key, requestHash string, ttl time.Duration) (a IdempotentAnswer, found bool, err error) {
	err = s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		at := s.now()
		if _, err := t.exec(ctx, "DELETE FROM idempotency_keys WHERE created_at <= ?", at.Add(-ttl)); err != nil {
			return err
		}
		err := t.queryRow(ctx, `SELECT request_hash, status, content_type, location, body FROM idempotency_keys
			WHERE user_id = ? AND idem_key = ?`, userID, key).Scan(&a.RequestHash, &a.Status, &a.ContentType, &a.Location, &a.Body)
		if err == nil {
			found = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = t.exec(ctx, "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)",
			userID, key, requestHash, at)
		return err
	})
	return a, found, err
}

// SaveIdempotentAnswer keeps the answer of the request that claimed a key.
func (s *Store) SaveIdempotentAnswer(ctx context.Context, userID, key string, a IdempotentAnswer) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, `UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?
			WHERE user_id = ? AND idem_key = ?`, a.Status, a.ContentType, a.Location, a.Body, userID, key)
		return err
	})
}

// ReleaseIdempotencyKey forgets a claim whose request failed on the
// server's side, so that a retry runs again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, userID, key string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND status = 0", userID, key)
		return err
	})
}
