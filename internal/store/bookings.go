package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const bookingColumns = `b.id, b.community_id, b.resource_id, r.title, b.requester_id, u.name, b.starts_at, b.ends_at, b.status,
	b.purpose, COALESCE(b.series_id, ''), COALESCE(b.decided_by, ''), b.decided_at, b.reason, b.created_at`

const bookingFrom = ` FROM bookings b
	JOIN resources r ON r.community_id = b.community_id AND r.id = b.resource_id
	JOIN users u ON u.id = b.requester_id`

func scanBooking(row interface{ Scan(...any) error }, extra ...any) (commons.Booking, error) {
	var b commons.Booking
	var decided sql.NullTime
	err := row.Scan(append([]any{&b.ID, &b.CommunityID, &b.ResourceID, &b.ResourceTitle, &b.RequesterID, &b.RequesterName, &b.StartsAt,
		&b.EndsAt, &b.Status, &b.Purpose, &b.SeriesID, &b.DecidedBy, &decided, &b.Reason, &b.CreatedAt}, extra...)...)
	if decided.Valid {
		b.DecidedAt = &decided.Time
	}
	return b, err
}

// FairShare limits one person's bookings of a resource.
type FairShare struct {
	MaxHoursPerWeek   *int
	MaxFutureBookings *int
	Location          *time.Location // weeks run Monday to Monday here
	Now               time.Time
}

// NewBookings asks for one booking, or several of a series.
type NewBookings struct {
	Slots       []commons.TimeSlot
	RequesterID string
	Purpose     string
	Status      commons.BookingStatus // confirmed or requested
	Fair        FairShare
}

// CreateBookings saves bookings of a resource together or not at all. No
// booking may overlap a confirmed one: the check and
// the insert happen in one transaction that holds the resource's lock (on
// SQLite, the single writer; on PostgreSQL an advisory lock, with an
// exclusion constraint behind it). A refusal lists the clashing slots.
func (s *Store) CreateBookings(ctx context.Context, communityID, resourceID string, nb NewBookings) ([]commons.Booking, error) {
	return s.CreateBookingsNotifying(ctx, communityID, resourceID, nb, nil)
}

// CreateBookingsNotifying is CreateBookings that also leaves notifications
// (to the stewards of a request), in the same transaction.
func (s *Store) CreateBookingsNotifying(ctx context.Context, communityID, resourceID string, nb NewBookings, notes []commons.Notification) ([]commons.Booking, error) {
	var out []commons.Booking
	err := s.inTx(ctx, func(t tx) error {
		t.touches(communityID) // the community's resource only
		var err error
		if out, err = insertBookings(ctx, t, communityID, resourceID, nb); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// insertBookings checks and saves bookings in the caller's transaction,
// so that another record (an activity at a venue) can be saved with them
// or not at all.
func insertBookings(ctx context.Context, t tx, communityID, resourceID string, nb NewBookings) ([]commons.Booking, error) {
	var out []commons.Booking
	if err := t.d.lockKey(ctx, t, "resource "+resourceID); err != nil {
		return nil, err
	}
	if err := resourceArchived(ctx, t, communityID, resourceID); err != nil {
		return nil, err
	}
	// A request that overlaps a confirmed booking could never be
	// confirmed: it is refused at once, like a booking.
	if err := conflicts(ctx, t, communityID, resourceID, "", nb.Slots); err != nil {
		return nil, err
	}
	if err := checkFairShare(ctx, t, communityID, resourceID, nb.RequesterID, nb.Slots, nb.Fair); err != nil {
		return nil, err
	}
	series := ""
	if len(nb.Slots) > 1 {
		series = newID()
	}
	at := t.now()
	for _, sl := range nb.Slots {
		b := commons.Booking{ID: newID(), CommunityID: communityID, ResourceID: resourceID, RequesterID: nb.RequesterID,
			StartsAt: sl.Start.UTC(), EndsAt: sl.End.UTC(), Status: nb.Status, Purpose: nb.Purpose, SeriesID: series, CreatedAt: at}
		var seriesArg any
		if series != "" {
			seriesArg = series
		}
		if _, err := t.exec(ctx, `INSERT INTO bookings (community_id, id, resource_id, requester_id, starts_at, ends_at, status,
				purpose, series_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			communityID, b.ID, resourceID, nb.RequesterID, b.StartsAt, b.EndsAt, b.Status, b.Purpose, seriesArg, at); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// ResourceStewardIDs lists the people who manage a resource: its owner,
// or the admins of the organization that owns it.
func (s *Store) ResourceStewardIDs(ctx context.Context, r commons.Resource) ([]string, error) {
	if r.OwnerUserID != "" {
		return []string{r.OwnerUserID}, nil
	}
	rows, err := s.query(ctx, "SELECT user_id FROM organization_members WHERE community_id = ? AND organization_id = ? AND role = 'admin' ORDER BY user_id",
		r.CommunityID, r.OwnerOrgID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, id)
	}
	return out, s.classify(rows.Err())
}

// conflicts fails when a slot overlaps a confirmed booking of the resource
// (other than the one being moved), a time imported as busy (busy.go), or
// another of the slots.
func conflicts(ctx context.Context, t tx, communityID, resourceID, except string, slots []commons.TimeSlot) error {
	var clash []commons.TimeSlot
	for i, sl := range slots {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM bookings WHERE community_id = ? AND resource_id = ? AND status = 'confirmed'
			AND id <> ? AND starts_at < ? AND starts_at > ? AND ends_at > ?`,
			communityID, resourceID, except, sl.End.UTC(), earliestStart(sl.Start), sl.Start.UTC()).Scan(&n); err != nil {
			return err
		}
		var busy int
		if err := t.queryRow(ctx, busyOverlap, communityID, resourceID, sl.End.UTC(), sl.Start.UTC()).Scan(&busy); err != nil {
			return err
		}
		n += busy
		overlapsOwn := false
		for _, other := range slots[:i] {
			overlapsOwn = overlapsOwn || other.Overlaps(sl)
		}
		if n > 0 || overlapsOwn {
			clash = append(clash, sl)
		}
	}
	if len(clash) > 0 {
		return &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.booking.overlap"), Conflicts: clash}
	}
	return nil
}

// earliestStart bounds the index scan of an overlap query: no booking is
// longer than commons.MaxBookingLength, so one that overlaps a moment
// started less than that before it. Without the bound, "starts before the
// slot ends" reads every earlier booking of the resource.
func earliestStart(t time.Time) time.Time { return t.Add(-commons.MaxBookingLength).UTC() }

// ConflictingSlots returns the slots that clash with confirmed bookings,
// to show before a series is saved.
func (s *Store) ConflictingSlots(ctx context.Context, communityID, resourceID string, slots []commons.TimeSlot) ([]commons.TimeSlot, error) {
	var clash []commons.TimeSlot
	for _, sl := range slots {
		var n int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM bookings WHERE community_id = ? AND resource_id = ? AND status = 'confirmed'
			AND starts_at < ? AND starts_at > ? AND ends_at > ?`,
			communityID, resourceID, sl.End.UTC(), earliestStart(sl.Start), sl.Start.UTC()).Scan(&n); err != nil {
			return nil, s.classify(err)
		}
		var busy int
		if err := s.queryRow(ctx, busyOverlap, communityID, resourceID, sl.End.UTC(), sl.Start.UTC()).Scan(&busy); err != nil {
			return nil, s.classify(err)
		}
		n += busy
		if n > 0 {
			clash = append(clash, sl)
		}
	}
	return clash, nil
}

// checkFairShare applies a resource's limits on one person: hours per week
// (weeks in the community's time zone) and bookings still to come.
func checkFairShare(ctx context.Context, t tx, communityID, resourceID, userID string, slots []commons.TimeSlot, f FairShare) error {
	if f.MaxFutureBookings != nil {
		var upcoming []time.Time
		rows, err := t.query(ctx, `SELECT ends_at FROM bookings WHERE community_id = ? AND resource_id = ? AND requester_id = ?
			AND status IN ('requested', 'confirmed') AND ends_at > ? ORDER BY ends_at`, communityID, resourceID, userID, f.Now.UTC())
		if err != nil {
			return err
		}
		for rows.Next() {
			var e time.Time
			if err := rows.Scan(&e); err != nil {
				rows.Close()
				return err
			}
			upcoming = append(upcoming, e)
		}
		rows.Close()
		if len(upcoming)+len(slots) > *f.MaxFutureBookings {
			e := commons.Errorf(commons.CodeInvalid, "error.booking.limit_future", "Max", *f.MaxFutureBookings)
			if len(upcoming) > 0 {
				e = commons.Errorf(commons.CodeInvalid, "error.booking.limit_future_until", "Max", *f.MaxFutureBookings,
					"Until", upcoming[0].In(f.Location).Format("2006-01-02 15:04"))
			}
			e.Fields = map[string]commons.Message{"starts_at": e.Message}
			return e
		}
	}
	if f.MaxHoursPerWeek != nil {
		limit := time.Duration(*f.MaxHoursPerWeek) * time.Hour
		// Hours count in the week they fall in: a booking across Monday
		// midnight counts partly in each week.
		weeks := map[time.Time]time.Duration{}
		for _, sl := range slots {
			for w := commons.WeekStart(sl.Start, f.Location); w.Before(sl.End); w = w.AddDate(0, 0, 7) {
				weeks[w] += overlap(sl.Start, sl.End, w, w.AddDate(0, 0, 7))
			}
		}
		var starts []time.Time
		for w := range weeks {
			starts = append(starts, w)
		}
		sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
		for _, w := range starts {
			end := w.AddDate(0, 0, 7)
			var used time.Duration
			rows, err := t.query(ctx, `SELECT starts_at, ends_at FROM bookings WHERE community_id = ? AND resource_id = ? AND requester_id = ?
				AND status IN ('requested', 'confirmed') AND starts_at < ? AND starts_at > ? AND ends_at > ?`,
				communityID, resourceID, userID, end.UTC(), earliestStart(w), w.UTC())
			if err != nil {
				return err
			}
			for rows.Next() {
				var s, e time.Time
				if err := rows.Scan(&s, &e); err != nil {
					rows.Close()
					return err
				}
				used += overlap(s, e, w, end)
			}
			rows.Close()
			if used+weeks[w] > limit {
				e := commons.Errorf(commons.CodeInvalid, "error.booking.limit_hours", "Max", *f.MaxHoursPerWeek,
					"Until", end.Format("2006-01-02"))
				e.Fields = map[string]commons.Message{"ends_at": e.Message}
				return e
			}
		}
	}
	return nil
}

// overlap is how much of [s, e) falls in [from, to).
func overlap(s, e, from, to time.Time) time.Duration {
	if s.Before(from) {
		s = from
	}
	if e.After(to) {
		e = to
	}
	if !e.After(s) {
		return 0
	}
	return e.Sub(s)
}

// BookingByID returns one booking, for the routes that name it by id alone.
func (s *Store) BookingByID(ctx context.Context, id string) (commons.Booking, error) {
	b, err := scanBooking(s.queryRow(ctx, "SELECT "+bookingColumns+bookingFrom+" WHERE b.id = ?", id))
	return b, s.classify(err)
}

// DecideBooking confirms or declines a requested booking. Confirming is
// refused with a conflict if the time has been taken meanwhile; deciding
// what is no longer requested is a conflict too (someone else was quicker).
func (s *Store) DecideBooking(ctx context.Context, b commons.Booking, confirm bool, deciderID, reason string, n commons.Notification) error {
	status := commons.BookingDeclined
	if confirm {
		status = commons.BookingConfirmed
	}
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "resource "+b.ResourceID); err != nil {
			return err
		}
		// Read the booking again under the lock: it may have moved, or been
		// decided, since the caller read it.
		cur, err := currentBooking(ctx, t, b)
		if err != nil {
			return err
		}
		if cur.Status != commons.BookingRequested {
			return commons.Errorf(commons.CodeConflict, "error.booking.not_requested")
		}
		if confirm {
			if err := conflicts(ctx, t, b.CommunityID, b.ResourceID, b.ID, []commons.TimeSlot{cur.TimeSlot}); err != nil {
				return err
			}
		}
		res, err := t.exec(ctx, `UPDATE bookings SET status = ?, decided_by = ?, decided_at = ?, reason = ?
			WHERE community_id = ? AND id = ? AND status = 'requested'`, status, deciderID, s.now(), reason, b.CommunityID, b.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.booking.not_requested")
		}
		return notify(ctx, t, n)
	})
}

// currentStatus is a booking's time and status as the transaction sees them.
type currentStatus struct {
	commons.TimeSlot
	Status commons.BookingStatus
}

func currentBooking(ctx context.Context, t tx, b commons.Booking) (currentStatus, error) {
	var c currentStatus
	err := t.queryRow(ctx, "SELECT starts_at, ends_at, status FROM bookings WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
		b.CommunityID, b.ID).Scan(&c.Start, &c.End, &c.Status)
	return c, err
}

// CancelBooking cancels a requested or confirmed booking.
func (s *Store) CancelBooking(ctx context.Context, b commons.Booking) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE bookings SET status = 'cancelled' WHERE community_id = ? AND id = ?
			AND status IN ('requested', 'confirmed')`, b.CommunityID, b.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.booking.not_active")
		}
		return nil
	})
}

// MoveBooking gives a booking new times and status, checked again for
// overlaps and fair share as a new booking would be, and leaves the
// notifications the caller decided (the stewards asked to decide the new
// time) in the same transaction.
func (s *Store) MoveBooking(ctx context.Context, b commons.Booking, slot commons.TimeSlot, status commons.BookingStatus, fair FairShare, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := moveBooking(ctx, t, b, slot, status, fair); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// moveBooking is MoveBooking in the caller's transaction.
func moveBooking(ctx context.Context, t tx, b commons.Booking, slot commons.TimeSlot, status commons.BookingStatus, fair FairShare) error {
	if err := t.d.lockKey(ctx, t, "resource "+b.ResourceID); err != nil {
		return err
	}
	if cur, err := currentBooking(ctx, t, b); err != nil {
		return err
	} else if cur.Status != commons.BookingRequested && cur.Status != commons.BookingConfirmed {
		return commons.Errorf(commons.CodeConflict, "error.booking.not_active")
	}
	if err := conflicts(ctx, t, b.CommunityID, b.ResourceID, b.ID, []commons.TimeSlot{slot}); err != nil {
		return err
	}
	// Fair share counts the booking's new time, not its old one.
	if _, err := t.exec(ctx, "UPDATE bookings SET status = 'cancelled' WHERE community_id = ? AND id = ?", b.CommunityID, b.ID); err != nil {
		return err
	}
	if err := checkFairShare(ctx, t, b.CommunityID, b.ResourceID, b.RequesterID, []commons.TimeSlot{slot}, fair); err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE bookings SET starts_at = ?, ends_at = ?, status = ?, decided_by = NULL, decided_at = NULL
		WHERE community_id = ? AND id = ?`, slot.Start.UTC(), slot.End.UTC(), status, b.CommunityID, b.ID)
	return mustAffect(res, err)
}

// ListBookings returns a resource's requested and confirmed bookings that
// overlap a window, in time order.
func (s *Store) ListBookings(ctx context.Context, communityID, resourceID string, from, to time.Time) ([]commons.Booking, error) {
	return s.bookings(ctx, "SELECT "+bookingColumns+bookingFrom+` WHERE b.community_id = ? AND b.resource_id = ?
		AND b.status IN ('requested', 'confirmed') AND b.starts_at < ? AND b.starts_at > ? AND b.ends_at > ?
		ORDER BY b.starts_at, b.id LIMIT 2000`,
		communityID, resourceID, to.UTC(), earliestStart(from), from.UTC())
}

// BookingsPage is ListBookings one page at a time, in time order.
func (s *Store) BookingsPage(ctx context.Context, communityID, resourceID string, from, to time.Time, p commons.Page) ([]commons.Booking, string, error) {
	afterKey, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := "SELECT " + bookingColumns + ", ''" + bookingFrom + ` WHERE b.community_id = ? AND b.resource_id = ?
		AND b.status IN ('requested', 'confirmed') AND b.starts_at < ? AND b.starts_at > ? AND b.ends_at > ?`
	args := []any{communityID, resourceID, to.UTC(), earliestStart(from), from.UTC()}
	if afterID != "" {
		after, err := time.Parse(time.RFC3339Nano, afterKey)
		if err != nil {
			return nil, "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
		}
		q += " AND (b.starts_at > ? OR (b.starts_at = ? AND b.id > ?))"
		args = append(args, after.UTC(), after.UTC(), afterID)
	}
	q += " ORDER BY b.starts_at, b.id LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Booking, string, error) {
		b, err := scanBooking(row, key)
		*key = b.StartsAt.UTC().Format(time.RFC3339Nano)
		return b, b.ID, err
	})
}

// UserBookings returns a person's bookings that end after a moment, in
// every community, in time order.
func (s *Store) UserBookings(ctx context.Context, userID string, after time.Time) ([]commons.Booking, error) {
	return s.bookings(ctx, "SELECT "+bookingColumns+bookingFrom+` WHERE b.requester_id = ? AND b.ends_at > ?
		ORDER BY b.starts_at, b.id LIMIT 500`, userID, after.UTC())
}

func (s *Store) bookings(ctx context.Context, q string, args ...any) ([]commons.Booking, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, b)
	}
	return out, s.classify(rows.Err())
}

// TouchResourceTrust notes that a person used their trust for a resource.
func (s *Store) TouchResourceTrust(ctx context.Context, communityID, resourceID, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, "UPDATE resource_trust SET last_used_at = ? WHERE community_id = ? AND resource_id = ? AND user_id = ?",
			s.now(), communityID, resourceID, userID)
		return err
	})
}

// CalendarToken returns a person's private calendar feed token, making
// one if they have none; renew replaces it, which revokes the old address.
func (s *Store) CalendarToken(ctx context.Context, userID string, renew bool) (string, error) {
	var token string
	err := s.inTx(ctx, func(t tx) error {
		err := t.queryRow(ctx, "SELECT token FROM calendar_feeds WHERE user_id = ?", userID).Scan(&token)
		if err == nil && !renew {
			return nil
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM calendar_feeds WHERE user_id = ?", userID); err != nil {
			return err
		}
		token = newSecretToken()
		_, err = t.exec(ctx, "INSERT INTO calendar_feeds (token, user_id, created_at) VALUES (?, ?, ?)", token, userID, s.now())
		return err
	})
	return token, err
}

// CalendarOwner returns the person whose feed a token opens.
func (s *Store) CalendarOwner(ctx context.Context, token string) (commons.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumnsOf+`
		FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token = ?`, token))
	return u, s.classify(err)
}
