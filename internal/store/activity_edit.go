package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// ActivityNotes makes the notifications of a change to several
// occurrences: one per person, whatever the number of occurrences they
// hold a place at. promoted is true for a person who moved up from the
// waitlist at one of them; ok false tells nobody.
type ActivityNotes func(userID string, promoted bool) (n commons.Notification, ok bool)

// EditActivities changes what organizers wrote about occurrences (one, or
// several of a series) together or not at all. Places are checked against
// those registered inside the transaction (commons.CapacityRefusal), and
// more places move the first on the waitlist up. Everyone registered or
// waiting is offered to notes once.
func (s *Store) EditActivities(ctx context.Context, communityID string, ids []string, e commons.ActivityEdit, venueCapacity *int,
	actorID string, notes ActivityNotes) error {
	return s.inTx(ctx, func(t tx) error { return editActivities(ctx, t, communityID, ids, e, venueCapacity, actorID, notes) })
}

// editActivities changes occurrences within a transaction (EditActivities,
// ApplyImport).
func editActivities(ctx context.Context, t tx, communityID string, ids []string, e commons.ActivityEdit, venueCapacity *int,
	actorID string, notes ActivityNotes) error {
	promoted := map[string]bool{}
	var people []string
	for _, id := range ids {
		if err := t.d.lockKey(ctx, t, "activity "+id); err != nil {
			return err
		}
		var status commons.ActivityStatus
		var registered, waitlisted int
		if err := t.queryRow(ctx, `SELECT status,
			(SELECT COUNT(*) FROM activity_registrations g WHERE g.community_id = a.community_id AND g.activity_id = a.id AND g.status = 'registered'),
			(SELECT COUNT(*) FROM activity_registrations g WHERE g.community_id = a.community_id AND g.activity_id = a.id AND g.status = 'waitlisted')
			FROM activities a WHERE a.community_id = ? AND a.id = ?`, communityID, id).Scan(&status, &registered, &waitlisted); err != nil {
			return err
		}
		if status != commons.ActivityScheduled {
			return commons.Errorf(commons.CodeConflict, "error.activity.cancelled")
		}
		if err := commons.CapacityRefusal(e.Capacity, registered, venueCapacity); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE activities SET title = ?, description = ?, languages = ?, cost_minor = ?, currency = ?,
			accessibility = ?, capacity = ?, updated_at = ? WHERE community_id = ? AND id = ?`, e.Title, e.Description, featureList(e.Languages),
			e.CostMinor, e.Currency, e.Accessibility, e.Capacity, t.now(), communityID, id); err != nil {
			return err
		}
		if n := commons.Promotions(e.Capacity, registered, waitlisted); n > 0 {
			up, err := firstWaiting(ctx, t, communityID, id, n)
			if err != nil {
				return err
			}
			for _, u := range up {
				if _, err := t.exec(ctx, `UPDATE activity_registrations SET status = 'registered'
					WHERE community_id = ? AND activity_id = ? AND user_id = ?`, communityID, id, u); err != nil {
					return err
				}
				promoted[u] = true
			}
		}
		ps, err := registrantIDs(ctx, t, communityID, id)
		if err != nil {
			return err
		}
		people = append(people, ps...)
	}
	if err := notifyOnce(ctx, t, people, promoted, notes); err != nil {
		return err
	}
	return logAct(ctx, t, communityID, actorID, "activity.edit", e.Title)
}

// firstWaiting lists the first n people on an occurrence's waitlist.
func firstWaiting(ctx context.Context, t tx, communityID, activityID string, n int) ([]string, error) {
	rows, err := t.query(ctx, `SELECT user_id FROM activity_registrations WHERE community_id = ? AND activity_id = ?
		AND status = 'waitlisted' ORDER BY seq LIMIT ?`, communityID, activityID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// notifyOnce writes at most one notification per person.
func notifyOnce(ctx context.Context, t tx, people []string, promoted map[string]bool, notes ActivityNotes) error {
	seen := map[string]bool{}
	for _, u := range people {
		if seen[u] {
			continue
		}
		seen[u] = true
		if n, ok := notes(u, promoted[u]); ok {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// CancelOccurrences cancels several occurrences of a series together (the
// rest of it, or all of it still to come), freeing each one's venue, and
// tells each person registered or waiting at any of them once. It
// returns how many it cancelled.
func (s *Store) CancelOccurrences(ctx context.Context, communityID string, acts []commons.Activity, actorID string,
	notes ActivityNotes) (int, error) {
	n := 0
	err := s.inTx(ctx, func(t tx) error {
		var people []string
		for _, a := range acts {
			if err := t.d.lockKey(ctx, t, "activity "+a.ID); err != nil {
				return err
			}
			res, err := t.exec(ctx, "UPDATE activities SET status = 'cancelled', updated_at = ? WHERE community_id = ? AND id = ? AND status = 'scheduled'",
				t.now(), communityID, a.ID)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil {
				return err
			} else if k == 0 {
				continue // cancelled meanwhile
			}
			n++
			if a.BookingID != "" {
				if _, err := t.exec(ctx, `UPDATE bookings SET status = 'cancelled' WHERE community_id = ? AND id = ?
					AND status IN ('requested', 'confirmed')`, communityID, a.BookingID); err != nil {
					return err
				}
			}
			ps, err := registrantIDs(ctx, t, communityID, a.ID)
			if err != nil {
				return err
			}
			people = append(people, ps...)
		}
		if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.activity.cancelled")
		}
		if err := notifyOnce(ctx, t, people, nil, notes); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, "activity.cancel_series", acts[0].Title)
	})
	return n, err
}

// WaitlistPosition is a person's place on an occurrence's waitlist, 1 for
// the next to move up; 0 when they are not waiting.
func (s *Store) WaitlistPosition(ctx context.Context, communityID, activityID, userID string) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM activity_registrations w JOIN activity_registrations me
		ON me.community_id = w.community_id AND me.activity_id = w.activity_id AND me.user_id = ? AND me.status = 'waitlisted'
		WHERE w.community_id = ? AND w.activity_id = ? AND w.status = 'waitlisted' AND w.seq <= me.seq`,
		userID, communityID, activityID).Scan(&n)
	return n, s.classify(err)
}
