package store

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// ReplaceBusyTimes puts slots in place of a resource's imported busy times,
// in one transaction: a new import of the room's calendar replaces the
// last one whole, so times removed from it stop blocking bookings.
func (s *Store) ReplaceBusyTimes(ctx context.Context, communityID, resourceID, source, userID string, slots []commons.TimeSlot) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `DELETE FROM busy_times WHERE community_id = ? AND resource_id = ?`, communityID, resourceID); err != nil {
			return err
		}
		now := t.now()
		const cols = 8
		per := maxBulkParams / cols
		for start := 0; start < len(slots); start += per {
			chunk := slots[start:min(start+per, len(slots))]
			var q strings.Builder
			q.WriteString(`INSERT INTO busy_times (community_id, id, resource_id, starts_at, ends_at, source, imported_by, imported_at) VALUES `)
			args := make([]any, 0, len(chunk)*cols)
			for i, sl := range chunk {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, communityID, newID(), resourceID, sl.Start.UTC(), sl.End.UTC(), source, userID, now)
			}
			if _, err := t.exec(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// BusyTimes lists a resource's imported busy times that overlap [from, to),
// in time order.
func (s *Store) BusyTimes(ctx context.Context, communityID, resourceID string, from, to time.Time) ([]commons.BusyTime, error) {
	rows, err := s.query(ctx, `SELECT id, community_id, resource_id, starts_at, ends_at, source, imported_at FROM busy_times
		WHERE community_id = ? AND resource_id = ? AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id`,
		communityID, resourceID, to.UTC(), from.UTC())
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.BusyTime
	for rows.Next() {
		var b commons.BusyTime
		if err := rows.Scan(&b.ID, &b.CommunityID, &b.ResourceID, &b.StartsAt, &b.EndsAt, &b.Source, &b.ImportedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, b)
	}
	return out, s.classify(rows.Err())
}

// BusyConflicts lists the confirmed bookings of a resource, ending after
// after, that overlap one of its imported busy times: the clashes its
// stewards must settle.
func (s *Store) BusyConflicts(ctx context.Context, communityID, resourceID string, after time.Time) ([]commons.Booking, error) {
	return s.bookings(ctx, "SELECT "+bookingColumns+bookingFrom+` WHERE b.community_id = ? AND b.resource_id = ?
		AND b.status = 'confirmed' AND b.ends_at > ? AND EXISTS (SELECT 1 FROM busy_times x
			WHERE x.community_id = b.community_id AND x.resource_id = b.resource_id
			AND x.starts_at < b.ends_at AND x.ends_at > b.starts_at)
		ORDER BY b.starts_at, b.id LIMIT 2000`, communityID, resourceID, after.UTC())
}

// busyOverlap counts a resource's imported busy times that overlap a slot
// (community, resource, the slot's end, its start): a booking there is
// refused as it is over a confirmed one.
const busyOverlap = `SELECT COUNT(*) FROM busy_times WHERE community_id = ? AND resource_id = ? AND starts_at < ? AND ends_at > ?`
