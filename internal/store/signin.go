package store

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// SignInVerdict is what a sign-in's use case decides from the failures
// counted under each of its keys: whether the attempt may go on, and a
// notification to write with it (the owner told their account is being
// guessed at).
type SignInVerdict struct {
	Allow  bool
	Notify *commons.Notification
	// NotifyOnce is a key under which the notification is remembered for
	// the window: while it is, the notification is not written again.
	NotifyOnce string
}

// AttemptSignInBy counts the failures under each key within the window
// and lets decide judge them, in one transaction with the keys locked, so
// that attempts made at once cannot slip past a limit together. An allowed
// attempt is recorded under every key and stands as a failure until
// ForgiveAttempt withdraws it. until[i] is when key i's window frees a
// place (zero when it holds no failure).
func (s *Store) AttemptSignInBy(ctx context.Context, keys []string, window time.Duration,
	decide func(counts []int) SignInVerdict) (allowed bool, until []time.Time, err error) {
	err = s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		at := s.now()
		counts, untils := make([]int, len(keys)), make([]time.Time, len(keys))
		for i, k := range keys {
			if err := t.d.lockKey(ctx, t, "sign-in "+k); err != nil {
				return err
			}
			if _, err := t.exec(ctx, "DELETE FROM sign_in_failures WHERE limit_key = ? AND at <= ?", k, at.Add(-window)); err != nil {
				return err
			}
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM sign_in_failures WHERE limit_key = ?", k).Scan(&counts[i]); err != nil {
				return err
			}
			if counts[i] > 0 {
				// A plain column rather than MIN(at): SQLite reports an
				// aggregate's type as text, and only a TIMESTAMP column
				// comes back as a time.
				var oldest time.Time
				if err := t.queryRow(ctx, "SELECT at FROM sign_in_failures WHERE limit_key = ? ORDER BY at LIMIT 1", k).Scan(&oldest); err != nil {
					return err
				}
				untils[i] = oldest.Add(window)
			}
		}
		until = untils
		v := decide(counts)
		if v.Notify != nil {
			var told int
			if _, err := t.exec(ctx, "DELETE FROM sign_in_failures WHERE limit_key = ? AND at <= ?", v.NotifyOnce, at.Add(-window)); err != nil {
				return err
			}
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM sign_in_failures WHERE limit_key = ?", v.NotifyOnce).Scan(&told); err != nil {
				return err
			}
			if told == 0 {
				if err := notify(ctx, t, *v.Notify); err != nil {
					return err
				}
				if _, err := t.exec(ctx, "INSERT INTO sign_in_failures (limit_key, at) VALUES (?, ?)", v.NotifyOnce, at); err != nil {
					return err
				}
			}
		}
		if allowed = v.Allow; !allowed {
			return nil
		}
		for _, k := range keys {
			if _, err := t.exec(ctx, "INSERT INTO sign_in_failures (limit_key, at) VALUES (?, ?)", k, at); err != nil {
				return err
			}
		}
		return nil
	})
	return allowed, until, err
}
