package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// ReplaceBusyTimes puts slots in place of a resource's imported busy times,
// in one transaction: a new import of the room's calendar replaces the
// last one whole, so times removed from it stop blocking bookings. When
// feed is true, source is the feed's address, kept for refreshing;
// otherwise any feed the resource had is forgotten. decide, if not nil, is
// given the confirmed bookings the new times overlap, inside the
// transaction, and answers who to tell.
func (s *Store) ReplaceBusyTimes(ctx context.Context, communityID, resourceID, source, userID string, slots []commons.TimeSlot, feed bool,
	decide func(clash []commons.Booking) []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `DELETE FROM busy_times WHERE community_id = ? AND resource_id = ?`, communityID, resourceID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM busy_feeds WHERE community_id = ? AND resource_id = ?`, communityID, resourceID); err != nil {
			return err
		}
		now := t.now()
		// The steward who set a feed may have left since; the rows stay.
		var by any = userID
		if userID == "" {
			by = nil
		}
		if feed {
			if _, err := t.exec(ctx, `INSERT INTO busy_feeds (community_id, resource_id, url, set_by, fetched_at) VALUES (?, ?, ?, ?, ?)`,
				communityID, resourceID, source, by, now); err != nil {
				return err
			}
		}
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
				args = append(args, communityID, newID(), resourceID, sl.Start.UTC(), sl.End.UTC(), source, by, now)
			}
			if _, err := t.exec(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		if decide == nil {
			return nil
		}
		rows, err := t.query(ctx, "SELECT "+bookingColumns+bookingFrom+busyConflictsWhere, communityID, resourceID, now)
		if err != nil {
			return err
		}
		var clash []commons.Booking
		for rows.Next() {
			b, err := scanBooking(rows)
			if err != nil {
				rows.Close()
				return err
			}
			clash = append(clash, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range decide(clash) {
			if err := notify(ctx, t, n); err != nil {
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
	return s.bookings(ctx, "SELECT "+bookingColumns+bookingFrom+busyConflictsWhere, communityID, resourceID, after.UTC())
}

// busyConflictsWhere picks a resource's confirmed bookings (community,
// resource) that end after a time and overlap an imported busy time.
const busyConflictsWhere = ` WHERE b.community_id = ? AND b.resource_id = ?
	AND b.status = 'confirmed' AND b.ends_at > ? AND EXISTS (SELECT 1 FROM busy_times x
		WHERE x.community_id = b.community_id AND x.resource_id = b.resource_id
		AND x.starts_at < b.ends_at AND x.ends_at > b.starts_at)
	ORDER BY b.starts_at, b.id LIMIT 2000`

// busyOverlap counts a resource's imported busy times that overlap a slot
// (community, resource, the slot's end, its start): a booking there is
// refused as it is over a confirmed one.
const busyOverlap = `SELECT COUNT(*) FROM busy_times WHERE community_id = ? AND resource_id = ? AND starts_at < ? AND ends_at > ?`

// BusyFeed is the calendar feed a resource's busy times come from.
type BusyFeed struct {
	CommunityID, ResourceID, URL, SetBy string
	FetchedAt                           time.Time
	// Error is the catalog key of the last refresh's problem; empty when
	// it went well.
	Error string
}

// BusyFeedOf returns a resource's feed; ok is false when it has none.
func (s *Store) BusyFeedOf(ctx context.Context, communityID, resourceID string) (f BusyFeed, ok bool, err error) {
	err = s.queryRow(ctx, `SELECT community_id, resource_id, url, COALESCE(set_by, ''), fetched_at, error FROM busy_feeds
		WHERE community_id = ? AND resource_id = ?`, communityID, resourceID).Scan(&f.CommunityID, &f.ResourceID, &f.URL, &f.SetBy, &f.FetchedAt, &f.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	return f, err == nil, s.classify(err)
}

// DueBusyFeeds lists up to limit feeds last fetched before before, the
// longest-waiting first.
func (s *Store) DueBusyFeeds(ctx context.Context, before time.Time, limit int) ([]BusyFeed, error) {
	rows, err := s.query(ctx, `SELECT community_id, resource_id, url, COALESCE(set_by, ''), fetched_at, error FROM busy_feeds
		WHERE fetched_at < ? ORDER BY fetched_at LIMIT ?`, before.UTC(), limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []BusyFeed
	for rows.Next() {
		var f BusyFeed
		if err := rows.Scan(&f.CommunityID, &f.ResourceID, &f.URL, &f.SetBy, &f.FetchedAt, &f.Error); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, f)
	}
	return out, s.classify(rows.Err())
}

// FailBusyFeed records that a refresh of a feed failed, with the catalog
// key of why; the busy times from its last good fetch stay.
func (s *Store) FailBusyFeed(ctx context.Context, communityID, resourceID, key string) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `UPDATE busy_feeds SET fetched_at = ?, error = ? WHERE community_id = ? AND resource_id = ?`,
			t.now(), key, communityID, resourceID)
		return err
	})
}
