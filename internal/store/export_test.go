package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// BulkBookings inserts confirmed bookings directly, in one transaction and
// without checks, to fill a database for benchmarks.
func (s *Store) BulkBookings(ctx context.Context, communityID, resourceID, requesterID string, slots []commons.TimeSlot) error {
	return s.inTx(ctx, func(t tx) error {
		at := s.now()
		for _, sl := range slots {
			if _, err := t.exec(ctx, `INSERT INTO bookings (community_id, id, resource_id, requester_id, starts_at, ends_at, status,
				purpose, created_at) VALUES (?, ?, ?, ?, ?, ?, 'confirmed', '', ?)`,
				communityID, newID(), resourceID, requesterID, sl.Start.UTC(), sl.End.UTC(), at); err != nil {
				return err
			}
		}
		return nil
	})
}

// Exec runs a statement on the write connection, for tests that set up
// what no use case makes (a schema version from the future).
func (s *Store) Exec(ctx context.Context, q string, args ...any) (any, error) {
	var res any
	err := s.onWriter(ctx, func(c writeConn) error {
		var err error
		res, err = c.ExecContext(ctx, s.d.rebind(q), args...)
		return err
	})
	return res, err
}
