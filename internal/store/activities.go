package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const activityColumns = `a.id, a.community_id, a.series_id, a.kind, a.title, a.description, a.languages, a.themes, a.level,
	a.cost_minor, a.currency, a.accessibility, COALESCE(a.resource_id, ''), a.online_url, COALESCE(a.booking_id, ''), a.capacity,
	a.starts_at, a.ends_at, a.status, a.recurrence, COALESCE(a.proposal_id, ''), COALESCE(a.created_by, ''), a.created_at,
	a.updated_at, COALESCE(r.title, ''), COALESCE(r.address, ''),
	(SELECT COUNT(*) FROM activity_registrations g WHERE g.community_id = a.community_id AND g.activity_id = a.id AND g.status = 'registered'),
	(SELECT COUNT(*) FROM activity_registrations g WHERE g.community_id = a.community_id AND g.activity_id = a.id AND g.status = 'waitlisted')`

var activityFrom = ` FROM ` + shown(commons.SubjectActivity, "a") + ` LEFT JOIN resources r ON r.community_id = a.community_id AND r.id = a.resource_id`

func scanActivity(row interface{ Scan(...any) error }, extra ...any) (commons.Activity, error) {
	var a commons.Activity
	var langs, themes string
	var cost, capacity sql.NullInt64
	var updated sql.NullTime
	err := row.Scan(append([]any{&a.ID, &a.CommunityID, &a.SeriesID, &a.Kind, &a.Title, &a.Description, &langs, &themes, &a.Level,
		&cost, &a.Currency, &a.Accessibility, &a.ResourceID, &a.OnlineURL, &a.BookingID, &capacity,
		&a.StartsAt, &a.EndsAt, &a.Status, &a.Recurrence, &a.ProposalID, &a.CreatedBy, &a.CreatedAt, &updated,
		&a.VenueTitle, &a.VenueAddress, &a.Registered, &a.Waitlisted}, extra...)...)
	a.Languages, a.Themes = lines(langs), lines(themes)
	a.CostMinor, a.Capacity = intPtr(cost), intPtr(capacity)
	a.UpdatedAt = a.CreatedAt
	if updated.Valid {
		a.UpdatedAt = updated.Time
	}
	return a, err
}

func lines(s string) []string {
	if s = strings.Trim(s, "\n"); s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// likeLine is a LIKE pattern for one whole line of a list kept by
// featureList.
func likeLine(s string) string {
	return "%\n" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "\n%"
}

// NewActivity is a series (or a single occurrence) to save.
type NewActivity struct {
	Fields commons.ActivityFields
	Slots  []commons.TimeSlot
	// Venue books the venue for every slot, in the same transaction; nil
	// for an online activity.
	Venue       *NewBookings
	CreatedBy   string
	Organizers  []commons.Organizer
	Proposal    *ProposalOutcome
	VenueTitle  string
	VenueAdress string
}

// ProposalOutcome carries a proposal's people into the activity made
// from it: the learners are registered (or waitlisted) for every
// occurrence and told.
type ProposalOutcome struct {
	ID       string
	Learners []string
	Notes    []commons.Notification
}

// CreateActivity saves a series with its venue bookings together or not
// at all: a venue that is taken refuses the whole activity.
func (s *Store) CreateActivity(ctx context.Context, communityID string, na NewActivity) ([]commons.Activity, error) {
	var out []commons.Activity
	err := s.inTx(ctx, func(t tx) error {
		var err error
		out, err = createActivity(ctx, t, communityID, na, s.now())
		return err
	})
	return out, err
}

// createActivity writes a series within a transaction (CreateActivity,
// ApplyImport).
func createActivity(ctx context.Context, t tx, communityID string, na NewActivity, at time.Time) ([]commons.Activity, error) {
	var out []commons.Activity
	var bookings []commons.Booking
	if na.Venue != nil {
		var err error
		na.Venue.Slots = na.Slots
		if bookings, err = insertBookings(ctx, t, communityID, na.Fields.ResourceID, *na.Venue); err != nil {
			return nil, err
		}
	}
	f := na.Fields
	series := ""
	for i, sl := range na.Slots {
		a := commons.Activity{ID: newID(), CommunityID: communityID, Kind: f.Kind, Title: f.Title, Description: f.Description,
			Languages: f.Languages, Themes: f.Themes, Level: f.Level, CostMinor: f.CostMinor, Currency: f.Currency,
			Accessibility: f.Accessibility, ResourceID: f.ResourceID, OnlineURL: f.OnlineURL, Capacity: f.Capacity,
			StartsAt: sl.Start.UTC(), EndsAt: sl.End.UTC(), Status: commons.ActivityScheduled, Recurrence: f.Recurrence,
			ProposalID: f.ProposalID, Organizers: na.Organizers, CreatedBy: na.CreatedBy, CreatedAt: at, UpdatedAt: at,
			VenueTitle: na.VenueTitle, VenueAddress: na.VenueAdress}
		if series == "" {
			series = a.ID
		}
		a.SeriesID = series
		var resource, booking, proposal any
		if f.ResourceID != "" {
			resource = f.ResourceID
		}
		if i < len(bookings) {
			a.BookingID = bookings[i].ID
			booking = a.BookingID
		}
		if f.ProposalID != "" {
			proposal = f.ProposalID
		}
		if _, err := t.exec(ctx, `INSERT INTO activities (community_id, id, series_id, kind, title, description, languages, themes,
			level, cost_minor, currency, accessibility, resource_id, online_url, booking_id, capacity, starts_at, ends_at, status,
			recurrence, proposal_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			communityID, a.ID, a.SeriesID, a.Kind, a.Title, a.Description, featureList(a.Languages), featureList(a.Themes),
			a.Level, a.CostMinor, a.Currency, a.Accessibility, resource, a.OnlineURL, booking, a.Capacity, a.StartsAt, a.EndsAt,
			a.Status, a.Recurrence, proposal, na.CreatedBy, at, at); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	for i, o := range na.Organizers {
		var org, user any
		if o.OrganizationID != "" {
			org = o.OrganizationID
		} else {
			user = o.UserID
		}
		if _, err := t.exec(ctx, `INSERT INTO activity_organizers (community_id, series_id, position, organization_id, user_id)
			VALUES (?, ?, ?, ?, ?)`, communityID, series, i, org, user); err != nil {
			return nil, err
		}
	}
	if p := na.Proposal; p != nil {
		res, err := t.exec(ctx, `UPDATE activity_proposals SET activity_id = ? WHERE community_id = ? AND id = ? AND activity_id IS NULL`,
			series, communityID, p.ID)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, commons.Errorf(commons.CodeConflict, "error.proposal.taken")
		}
		if err := recordOutcome(ctx, t, communityID, "interest", commons.MatchActivity, p.ID+"/"+string(commons.InterestTeach),
			p.ID+"/"+string(commons.InterestHost)); err != nil {
			return nil, err
		}
		for i := range out {
			for _, u := range p.Learners {
				if u == na.CreatedBy {
					continue // the teacher does not take a place
				}
				st, err := register(ctx, t, communityID, out[i].ID, u)
				if err != nil {
					return nil, err
				}
				if st == commons.Registered {
					out[i].Registered++
				} else {
					out[i].Waitlisted++
				}
			}
		}
		for _, n := range p.Notes {
			if err := notify(ctx, t, n); err != nil {
				return nil, err
			}
		}
	}
	return out, logAct(ctx, t, communityID, na.CreatedBy, "activity.create", na.Fields.Title)
}

// ActivityByID returns one occurrence with its organizers and counts.
func (s *Store) ActivityByID(ctx context.Context, id string) (commons.Activity, error) {
	a, err := scanActivity(s.queryRow(ctx, "SELECT "+activityColumns+activityFrom+" WHERE a.id = ?", id))
	if err != nil {
		return a, s.classify(err)
	}
	a.Organizers, err = s.organizers(ctx, a.CommunityID, a.SeriesID)
	return a, err
}

func (s *Store) organizers(ctx context.Context, communityID, seriesID string) ([]commons.Organizer, error) {
	rows, err := s.query(ctx, `SELECT COALESCE(o.organization_id, ''), COALESCE(o.user_id, ''), COALESCE(org.name, u.name, '')
		FROM activity_organizers o
		LEFT JOIN organizations org ON org.community_id = o.community_id AND org.id = o.organization_id
		LEFT JOIN users u ON u.id = o.user_id
		WHERE o.community_id = ? AND o.series_id = ? ORDER BY o.position`, communityID, seriesID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Organizer
	for rows.Next() {
		var o commons.Organizer
		if err := rows.Scan(&o.OrganizationID, &o.UserID, &o.Name); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, o)
	}
	return out, s.classify(rows.Err())
}

// SeriesOccurrences lists every occurrence of a series, in time order.
func (s *Store) SeriesOccurrences(ctx context.Context, communityID, seriesID string) ([]commons.Activity, error) {
	return s.activities(ctx, "SELECT "+activityColumns+activityFrom+` WHERE a.community_id = ? AND a.series_id = ?
		ORDER BY a.starts_at, a.id`, communityID, seriesID)
}

// ActivityFilter narrows a community's agenda.
type ActivityFilter struct {
	From, To      time.Time
	Theme         string
	Language      string
	Kind          commons.ActivityKind
	FreeOnly      bool
	Accessible    bool // only those with accessibility notes or at a step-free venue
	WithCancelled bool
	Limit         int
}

// ListActivities returns the occurrences that start in a window, in time
// order (at most Limit, or 1000), for pages and feeds that show a window
// whole.
func (s *Store) ListActivities(ctx context.Context, communityID string, f ActivityFilter) ([]commons.Activity, error) {
	q, args := activityQuery(communityID, f)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	q += " ORDER BY a.starts_at, a.id LIMIT ?"
	args = append(args, limit)
	return s.activities(ctx, q, args...)
}

// ActivitiesPage is ListActivities one page at a time (keyset paging on
// the start time and id).
func (s *Store) ActivitiesPage(ctx context.Context, communityID string, f ActivityFilter, p commons.Page) ([]commons.Activity, string, error) {
	afterKey, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q, args := activityQuery(communityID, f)
	q = strings.Replace(q, activityFrom, ", ''"+activityFrom, 1)
	if afterID != "" {
		after, err := time.Parse(time.RFC3339Nano, afterKey)
		if err != nil {
			return nil, "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
		}
		q += " AND (a.starts_at > ? OR (a.starts_at = ? AND a.id > ?))"
		args = append(args, after.UTC(), after.UTC(), afterID)
	}
	q += " ORDER BY a.starts_at, a.id LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Activity, string, error) {
		a, err := scanActivity(row, key)
		*key = a.StartsAt.UTC().Format(time.RFC3339Nano)
		return a, a.ID, err
	})
}

func activityQuery(communityID string, f ActivityFilter) (string, []any) {
	q := "SELECT " + activityColumns + activityFrom + ` WHERE a.community_id = ? AND a.starts_at >= ? AND a.starts_at < ?`
	args := []any{communityID, f.From.UTC(), f.To.UTC()}
	if f.Theme != "" {
		q += ` AND a.themes LIKE ? ESCAPE '\'`
		args = append(args, likeLine(strings.ToLower(strings.TrimSpace(f.Theme))))
	}
	if f.Language != "" {
		q += ` AND a.languages LIKE ? ESCAPE '\'`
		args = append(args, likeLine(strings.TrimSpace(f.Language)))
	}
	if f.Kind != "" {
		q += " AND a.kind = ?"
		args = append(args, f.Kind)
	}
	if f.FreeOnly {
		q += " AND (a.cost_minor IS NULL OR a.cost_minor = 0)"
	}
	if f.Accessible {
		q += ` AND (a.accessibility <> '' OR r.accessibility LIKE ? ESCAPE '\')`
		args = append(args, likeLine("step_free"))
	}
	if !f.WithCancelled {
		q += " AND a.status = 'scheduled'"
	}
	return q, args
}

func (s *Store) activities(ctx context.Context, q string, args ...any) ([]commons.Activity, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}

// register takes a place, or a place on the waitlist, for one person in
// the caller's transaction. The activity's lock (PostgreSQL) or the single
// writer (SQLite) makes the count and the insert one step, so there are
// never more registrations than places, and seq records arrival order.
func register(ctx context.Context, t tx, communityID, activityID, userID string) (commons.RegistrationStatus, error) {
	if err := t.d.lockKey(ctx, t, "activity "+activityID); err != nil {
		return "", err
	}
	var status commons.ActivityStatus
	var capacity sql.NullInt64
	var ends time.Time
	if err := t.queryRow(ctx, "SELECT status, capacity, ends_at FROM activities WHERE community_id = ? AND id = ?",
		communityID, activityID).Scan(&status, &capacity, &ends); err != nil {
		return "", err
	}
	if status != commons.ActivityScheduled {
		return "", commons.Errorf(commons.CodeInvalid, "error.activity.cancelled")
	}
	var mine int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM activity_registrations WHERE community_id = ? AND activity_id = ? AND user_id = ?",
		communityID, activityID, userID).Scan(&mine); err != nil {
		return "", err
	}
	if mine > 0 {
		return "", commons.Errorf(commons.CodeConflict, "error.activity.already_registered")
	}
	var taken, last int
	if err := t.queryRow(ctx, `SELECT COUNT(CASE WHEN status = 'registered' THEN 1 END), COALESCE(MAX(seq), 0)
		FROM activity_registrations WHERE community_id = ? AND activity_id = ?`, communityID, activityID).Scan(&taken, &last); err != nil {
		return "", err
	}
	st := commons.Registered
	if capacity.Valid && int64(taken) >= capacity.Int64 {
		st = commons.Waitlisted
	}
	_, err := t.exec(ctx, `INSERT INTO activity_registrations (community_id, activity_id, user_id, status, seq, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, communityID, activityID, userID, st, last+1, t.now())
	return st, err
}

// Register registers a person for occurrences (one, or a whole series)
// together: if any of them refuses, none is saved.
func (s *Store) Register(ctx context.Context, communityID string, activityIDs []string, userID string) ([]commons.RegistrationStatus, error) {
	var out []commons.RegistrationStatus
	err := s.inTx(ctx, func(t tx) error {
		t.touches(communityID) // the community's activities only
		for _, id := range activityIDs {
			st, err := register(ctx, t, communityID, id, userID)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// Unregister gives up a person's place or their place on the waitlist.
// A freed place goes to the first on the waitlist, who is told by the
// notification promoted makes, in the same transaction.
func (s *Store) Unregister(ctx context.Context, communityID, activityID, userID string, promoted func(userID string) commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "activity "+activityID); err != nil {
			return err
		}
		var st commons.RegistrationStatus
		if err := t.queryRow(ctx, "SELECT status FROM activity_registrations WHERE community_id = ? AND activity_id = ? AND user_id = ?",
			communityID, activityID, userID).Scan(&st); err != nil {
			if err == sql.ErrNoRows {
				return commons.Errorf(commons.CodeNotFound, "error.activity.not_registered")
			}
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM activity_registrations WHERE community_id = ? AND activity_id = ? AND user_id = ?",
			communityID, activityID, userID); err != nil {
			return err
		}
		var status commons.ActivityStatus
		if err := t.queryRow(ctx, "SELECT status FROM activities WHERE community_id = ? AND id = ?", communityID, activityID).Scan(&status); err != nil {
			return err
		}
		if st != commons.Registered || status != commons.ActivityScheduled {
			return nil // no place freed, or none worth having
		}
		var next string
		err := t.queryRow(ctx, `SELECT user_id FROM activity_registrations WHERE community_id = ? AND activity_id = ?
			AND status = 'waitlisted' ORDER BY seq LIMIT 1`, communityID, activityID).Scan(&next)
		if err == sql.ErrNoRows {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE activity_registrations SET status = 'registered' WHERE community_id = ? AND activity_id = ?
			AND user_id = ?`, communityID, activityID, next); err != nil {
			return err
		}
		return notify(ctx, t, promoted(next))
	})
}

// Registration is one person's place for an occurrence.
type Registration struct {
	UserID   string
	Name     string
	Status   commons.RegistrationStatus
	Position int // arrival order among all who registered
}

// Registrations lists the people registered and waiting, in arrival order.
func (s *Store) Registrations(ctx context.Context, communityID, activityID string) ([]Registration, error) {
	rows, err := s.query(ctx, `SELECT g.user_id, u.name, g.status, g.seq FROM activity_registrations g JOIN users u ON u.id = g.user_id
		WHERE g.community_id = ? AND g.activity_id = ? ORDER BY g.seq`, communityID, activityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []Registration
	for rows.Next() {
		var r Registration
		if err := rows.Scan(&r.UserID, &r.Name, &r.Status, &r.Position); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// RegistrationStatus returns a person's status for an occurrence, "" when
// they have none.
func (s *Store) RegistrationStatus(ctx context.Context, communityID, activityID, userID string) (commons.RegistrationStatus, error) {
	var st commons.RegistrationStatus
	err := s.queryRow(ctx, "SELECT status FROM activity_registrations WHERE community_id = ? AND activity_id = ? AND user_id = ?",
		communityID, activityID, userID).Scan(&st)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return st, s.classify(err)
}

// UserActivities lists the occurrences a person registered or waits for
// that end after a moment, in every community, with their status.
func (s *Store) UserActivities(ctx context.Context, userID string, after time.Time) ([]commons.Activity, []commons.RegistrationStatus, error) {
	rows, err := s.query(ctx, "SELECT "+activityColumns+", g.status"+activityFrom+`
		JOIN activity_registrations g ON g.community_id = a.community_id AND g.activity_id = a.id AND g.user_id = ?
		WHERE a.ends_at > ? ORDER BY a.starts_at, a.id LIMIT 500`, userID, after.UTC())
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Activity
	var sts []commons.RegistrationStatus
	for rows.Next() {
		var st commons.RegistrationStatus
		a, err := scanActivity(rows, &st)
		if err != nil {
			return nil, nil, s.classify(err)
		}
		out, sts = append(out, a), append(sts, st)
	}
	return out, sts, s.classify(rows.Err())
}

// registrantIDs lists everyone registered or waiting for an occurrence.
func registrantIDs(ctx context.Context, t tx, communityID, activityID string) ([]string, error) {
	rows, err := t.query(ctx, "SELECT user_id FROM activity_registrations WHERE community_id = ? AND activity_id = ? ORDER BY seq",
		communityID, activityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CancelOccurrence cancels one occurrence and frees its venue; everyone
// registered or waiting is told (note makes each one's notification).
func (s *Store) CancelOccurrence(ctx context.Context, a commons.Activity, actorID string, note func(userID string) commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "activity "+a.ID); err != nil {
			return err
		}
		res, err := t.exec(ctx, "UPDATE activities SET status = 'cancelled', updated_at = ? WHERE community_id = ? AND id = ? AND status = 'scheduled'",
			t.now(), a.CommunityID, a.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.activity.cancelled")
		}
		if a.BookingID != "" {
			if _, err := t.exec(ctx, `UPDATE bookings SET status = 'cancelled' WHERE community_id = ? AND id = ?
				AND status IN ('requested', 'confirmed')`, a.CommunityID, a.BookingID); err != nil {
				return err
			}
		}
		people, err := registrantIDs(ctx, t, a.CommunityID, a.ID)
		if err != nil {
			return err
		}
		for _, u := range people {
			if err := notify(ctx, t, note(u)); err != nil {
				return err
			}
		}
		return logAct(ctx, t, a.CommunityID, actorID, "activity.cancel", a.Title)
	})
}

// MoveOccurrence gives one occurrence new times, moving its venue booking
// with it (checked again as a new booking would be), and tells everyone
// registered or waiting.
func (s *Store) MoveOccurrence(ctx context.Context, a commons.Activity, slot commons.TimeSlot, fair FairShare, actorID string,
	note func(userID string) commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "activity "+a.ID); err != nil {
			return err
		}
		var status commons.ActivityStatus
		if err := t.queryRow(ctx, "SELECT status FROM activities WHERE community_id = ? AND id = ?", a.CommunityID, a.ID).Scan(&status); err != nil {
			return err
		}
		if status != commons.ActivityScheduled {
			return commons.Errorf(commons.CodeInvalid, "error.activity.cancelled")
		}
		if a.BookingID != "" {
			var b commons.Booking
			if err := t.queryRow(ctx, "SELECT resource_id, requester_id FROM bookings WHERE community_id = ? AND id = ?",
				a.CommunityID, a.BookingID).Scan(&b.ResourceID, &b.RequesterID); err != nil {
				return err
			}
			b.ID, b.CommunityID = a.BookingID, a.CommunityID
			if err := moveBooking(ctx, t, b, slot, commons.BookingConfirmed, fair); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "UPDATE activities SET starts_at = ?, ends_at = ?, updated_at = ? WHERE community_id = ? AND id = ?",
			slot.Start.UTC(), slot.End.UTC(), t.now(), a.CommunityID, a.ID); err != nil {
			return err
		}
		people, err := registrantIDs(ctx, t, a.CommunityID, a.ID)
		if err != nil {
			return err
		}
		for _, u := range people {
			if err := notify(ctx, t, note(u)); err != nil {
				return err
			}
		}
		return logAct(ctx, t, a.CommunityID, actorID, "activity.move", a.Title)
	})
}

// CreateProposal saves a learner's proposal; its author is its first
// interested learner.
func (s *Store) CreateProposal(ctx context.Context, p commons.Proposal) (commons.Proposal, error) {
	p.ID, p.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO activity_proposals (community_id, id, title, description, themes, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.CommunityID, p.ID, p.Title, p.Description, featureList(p.Themes), p.CreatedBy, p.CreatedAt); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO proposal_interest (community_id, proposal_id, user_id, role, note, created_at)
			VALUES (?, ?, ?, 'learn', '', ?)`, p.CommunityID, p.ID, p.CreatedBy, p.CreatedAt)
		return err
	})
	return p, err
}

const proposalColumns = `p.id, p.community_id, p.title, p.description, p.themes, COALESCE(p.created_by, ''), COALESCE(u.name, ''),
	COALESCE(p.activity_id, ''), p.created_at`

func scanProposal(row interface{ Scan(...any) error }) (commons.Proposal, error) {
	var p commons.Proposal
	var themes string
	err := row.Scan(&p.ID, &p.CommunityID, &p.Title, &p.Description, &themes, &p.CreatedBy, &p.AuthorName, &p.ActivityID, &p.CreatedAt)
	p.Themes = lines(themes)
	return p, err
}

// ProposalByID returns a proposal with the people behind it.
func (s *Store) ProposalByID(ctx context.Context, id string) (commons.Proposal, error) {
	p, err := scanProposal(s.queryRow(ctx, "SELECT "+proposalColumns+` FROM `+shown(commons.SubjectProposal, "p")+` LEFT JOIN users u ON u.id = p.created_by
		WHERE p.id = ?`, id))
	if err != nil {
		return p, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT i.user_id, u.name, i.role, COALESCE(i.resource_id, ''), i.note, i.created_at
		FROM proposal_interest i JOIN users u ON u.id = i.user_id WHERE i.community_id = ? AND i.proposal_id = ?
		ORDER BY i.created_at, i.user_id`, p.CommunityID, p.ID)
	if err != nil {
		return p, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var i commons.ProposalInterest
		if err := rows.Scan(&i.UserID, &i.Name, &i.Role, &i.ResourceID, &i.Note, &i.CreatedAt); err != nil {
			return p, s.classify(err)
		}
		p.Interest = append(p.Interest, i)
	}
	return p, s.classify(rows.Err())
}

// Proposals lists a community's proposals, open ones first, newest first.
func (s *Store) Proposals(ctx context.Context, communityID string) ([]commons.Proposal, []int, error) {
	rows, err := s.query(ctx, "SELECT "+proposalColumns+`, (SELECT COUNT(*) FROM proposal_interest i WHERE i.community_id = p.community_id
		AND i.proposal_id = p.id AND i.role = 'learn') FROM `+shown(commons.SubjectProposal, "p")+` LEFT JOIN users u ON u.id = p.created_by
		WHERE p.community_id = ? ORDER BY CASE WHEN p.activity_id IS NULL THEN 0 ELSE 1 END, p.created_at DESC LIMIT 200`, communityID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Proposal
	var counts []int
	for rows.Next() {
		var p commons.Proposal
		var themes string
		var n int
		if err := rows.Scan(&p.ID, &p.CommunityID, &p.Title, &p.Description, &themes, &p.CreatedBy, &p.AuthorName, &p.ActivityID,
			&p.CreatedAt, &n); err != nil {
			return nil, nil, s.classify(err)
		}
		p.Themes = lines(themes)
		out, counts = append(out, p), append(counts, n)
	}
	return out, counts, s.classify(rows.Err())
}

// AddInterest records a person backing a proposal in a role; saying the
// same twice changes nothing but the note.
//
// notes are written with it: the use case's news for others.
func (s *Store) AddInterest(ctx context.Context, communityID, proposalID string, i commons.ProposalInterest, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "DELETE FROM proposal_interest WHERE community_id = ? AND proposal_id = ? AND user_id = ? AND role = ?",
			communityID, proposalID, i.UserID, i.Role); err != nil {
			return err
		}
		var resource any
		if i.ResourceID != "" {
			resource = i.ResourceID
		}
		_, err := t.exec(ctx, `INSERT INTO proposal_interest (community_id, proposal_id, user_id, role, resource_id, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, communityID, proposalID, i.UserID, i.Role, resource, i.Note, s.now())
		return err
	})
}

// RemoveInterest withdraws a person's backing in a role.
func (s *Store) RemoveInterest(ctx context.Context, communityID, proposalID, userID string, role commons.InterestRole) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, "DELETE FROM proposal_interest WHERE community_id = ? AND proposal_id = ? AND user_id = ? AND role = ?",
			communityID, proposalID, userID, role)
		return err
	})
}

// SaveLearningProfile replaces a member's profile in a community.
func (s *Store) SaveLearningProfile(ctx context.Context, p commons.LearningProfile) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, "DELETE FROM learning_profiles WHERE community_id = ? AND user_id = ?", p.CommunityID, p.UserID); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO learning_profiles (community_id, user_id, teaches, learns, languages, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.CommunityID, p.UserID, featureList(p.Teaches), featureList(p.Learns), featureList(p.Languages), s.now())
		return err
	})
}

const profileColumns = `p.community_id, p.user_id, u.name, p.teaches, p.learns, p.languages`

func scanProfile(row interface{ Scan(...any) error }) (commons.LearningProfile, error) {
	var p commons.LearningProfile
	var teaches, learns, langs string
	err := row.Scan(&p.CommunityID, &p.UserID, &p.Name, &teaches, &learns, &langs)
	p.Teaches, p.Learns, p.Languages = lines(teaches), lines(learns), lines(langs)
	return p, err
}

// LearningProfile returns a member's profile; an empty one if they wrote
// none yet.
func (s *Store) LearningProfile(ctx context.Context, communityID, userID string) (commons.LearningProfile, error) {
	p, err := scanProfile(s.queryRow(ctx, "SELECT "+profileColumns+` FROM learning_profiles p JOIN users u ON u.id = p.user_id
		WHERE p.community_id = ? AND p.user_id = ?`, communityID, userID))
	if err == sql.ErrNoRows {
		return commons.LearningProfile{CommunityID: communityID, UserID: userID}, nil
	}
	return p, s.classify(err)
}

// Teachers lists the members who can teach something matching q (a part
// of a skill's name), or every profile with skills when q is empty; only
// active members are listed.
func (s *Store) Teachers(ctx context.Context, communityID, q string) ([]commons.LearningProfile, error) {
	query := "SELECT " + profileColumns + ` FROM learning_profiles p JOIN users u ON u.id = p.user_id
		JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id AND m.status = 'active'
		WHERE p.community_id = ? AND (p.teaches <> '' OR p.learns <> '')`
	args := []any{communityID}
	for _, w := range likeWords(q) {
		query += ` AND p.teaches LIKE ? ESCAPE '\'`
		args = append(args, w)
	}
	query += " ORDER BY u.name, p.user_id LIMIT 200"
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.LearningProfile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}
