package store

import (
	"context"
	"time"
)

// SpendRate counts one act under key, unless key already holds limit acts
// within the window: then it counts nothing and says how long until the
// oldest leaves the window. It is counted in the database, locked per key,
// so the limit holds across nodes and for acts made at once.
func (s *Store) SpendRate(ctx context.Context, key string, limit int, window time.Duration) (wait time.Duration, err error) {
	err = s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		at := s.now()
		if err := t.d.lockKey(ctx, t, "rate "+key); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM rate_events WHERE limit_key = ? AND at <= ?", key, at.Add(-window)); err != nil {
			return err
		}
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM rate_events WHERE limit_key = ?", key).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			// A plain column rather than MIN(at): SQLite reports an
			// aggregate's type as text.
			var oldest time.Time
			if err := t.queryRow(ctx, "SELECT at FROM rate_events WHERE limit_key = ? ORDER BY at LIMIT 1", key).Scan(&oldest); err != nil {
				return err
			}
			wait = max(oldest.Add(window).Sub(at), time.Second)
			return nil
		}
		_, err := t.exec(ctx, "INSERT INTO rate_events (limit_key, at) VALUES (?, ?)", key, at)
		return err
	})
	return wait, err
}
