package app

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// BookingRequest is what a person asks for when booking.
type BookingRequest struct {
	Start, End time.Time
	Purpose    string
	// Repeat makes a series; nil books once.
	Repeat *commons.Recurrence
	// SkipConflicts saves the occurrences of a series that are free and
	// leaves out those that clash; without it a clash refuses the series.
	SkipConflicts bool
	// OfferedBy is the person who offered the resource for this booking (a
	// pledge's author); when they decide its bookings, the offer is their
	// consent and the booking is confirmed without asking them again.
	OfferedBy *commons.User
}

// BookingOutcome is what a booking request produced.
type BookingOutcome struct {
	Bookings []BookingView
	// Skipped are the occurrences of a series left out for clashing.
	Skipped []commons.TimeSlot
}

// BookingView is a booking as one reader sees it. Where they may not see
// what it is for and who made it (commons.MaySeePurpose), Purpose,
// RequesterID and RequesterName are blank already: pages and the API
// print what they get.
type BookingView struct {
	commons.Booking
	May BookingMay
	// Location is the time zone of the booking's community, the one its
	// times are shown in.
	Location *time.Location
}

// BookingMay answers, for one reader, what they may see and do with a
// booking.
type BookingMay struct {
	// SeePurpose: the purpose and the requester are shown.
	SeePurpose bool
	// Cancel: it is requested or confirmed, and the reader may cancel it
	// (commons.MayCancelBooking).
	Cancel bool
	// Decide: it is requested, and the reader decides the resource's
	// bookings (commons.MayDecideBookings).
	Decide bool
}

// bookingView applies the rules about a booking for a reader whose
// standing towards its resource is st.
func bookingView(b commons.Booking, r commons.Resource, st commons.ResourceStanding, loc *time.Location) BookingView {
	active := b.Status == commons.BookingRequested || b.Status == commons.BookingConfirmed
	v := BookingView{Booking: b, Location: loc, May: BookingMay{SeePurpose: commons.MaySeePurpose(r, b, st),
		Cancel: active && commons.MayCancelBooking(b, st), Decide: b.Status == commons.BookingRequested && commons.MayDecideBookings(st)}}
	if !v.May.SeePurpose {
		v.Purpose, v.RequesterID, v.RequesterName = "", "", ""
	}
	return v
}

// Book books a resource of the scope's community for the actor. Whether
// the booking is confirmed at once follows the resource's approval policy
// (commons.ConfirmsAtOnce); slots outside opening hours, over the
// fair-share limits or overlapping a confirmed booking are refused.
func (a *App) Book(ctx context.Context, s Scope, resourceID string, req BookingRequest) (BookingOutcome, error) {
	var out BookingOutcome
	if s.Actor == nil {
		return out, commons.Unauthenticated()
	}
	actor, c := s.Actor, s.Community
	r, err := a.Store.ResourceInCommunity(ctx, c.ID, resourceID)
	if err != nil {
		return out, err
	}
	if err := s.Require(commons.ActionBook); err != nil {
		return out, err
	}
	if r.Moderation != commons.Visible {
		return out, commons.NotFound() // hidden while reviewed, or removed
	}
	if !r.Bookable {
		return out, invalid("resource_id", commons.Msg("error.booking.not_bookable"))
	}
	if r.Archive.Archived() {
		return out, commons.Errorf(commons.CodeConflict, "error.archive.resource_archived")
	}
	now := a.Now()
	req.Purpose = strings.TrimSpace(req.Purpose)
	var v commons.Validator
	commons.ValidateSlot(&v, req.Start, req.End, now)
	v.Line("purpose", req.Purpose, false, commons.MaxPurposeLen)
	if err := v.Err(); err != nil {
		return out, err
	}
	loc := location(c)
	slots := []commons.TimeSlot{{Start: req.Start.UTC(), End: req.End.UTC()}}
	if req.Repeat != nil {
		if slots, err = req.Repeat.Occurrences(req.Start, req.End, loc); err != nil {
			return out, err
		}
		for _, sl := range slots[1:] { // the first was checked above
			commons.ValidateSlot(&v, sl.Start, sl.End, now)
		}
		if err := v.Err(); err != nil {
			return out, err
		}
	}
	if err := a.checkOpen(ctx, c, r, slots); err != nil {
		return out, err
	}
	if req.Repeat != nil && req.SkipConflicts {
		clash, err := a.Store.ConflictingSlots(ctx, c.ID, r.ID, slots)
		if err != nil {
			return out, err
		}
		var free []commons.TimeSlot
		for _, sl := range slots {
			if !containsSlot(clash, sl) {
				free = append(free, sl)
			}
		}
		if len(free) == 0 {
			return out, &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.booking.overlap"), Conflicts: clash}
		}
		slots, out.Skipped = free, clash
	}
	st, err := a.standing(ctx, actor, r)
	if err != nil {
		return out, err
	}
	status, usedTrust := bookingStatus(r, st)
	if req.OfferedBy != nil && status == commons.BookingRequested {
		offer, err := a.standing(ctx, req.OfferedBy, r)
		if err != nil {
			return out, err
		}
		if commons.MayDecideBookings(offer) {
			status = commons.BookingConfirmed
		}
	}
	var notes []commons.Notification
	if status == commons.BookingRequested {
		if notes, err = a.requestNotes(ctx, c, r, actor, slots[0].Start); err != nil {
			return out, err
		}
	}
	made, err := a.Store.CreateBookingsNotifying(ctx, c.ID, r.ID, store.NewBookings{Slots: slots, RequesterID: actor.ID,
		Purpose: req.Purpose, Status: status, Fair: fairShare(r, loc, now)}, notes)
	if err != nil {
		return out, err
	}
	if usedTrust {
		if err := a.Store.TouchResourceTrust(ctx, c.ID, r.ID, actor.ID); err != nil {
			return out, err
		}
	}
	for _, b := range made {
		b.ResourceTitle, b.RequesterName = r.Title, actor.Name
		out.Bookings = append(out.Bookings, bookingView(b, r, st, loc))
	}
	return out, nil
}

// checkOpen refuses slots when the resource is closed (outside its
// opening hours or on a closed day).
func (a *App) checkOpen(ctx context.Context, c commons.Community, r commons.Resource, slots []commons.TimeSlot) error {
	loc := location(c)
	av, err := a.Store.Availability(ctx, c.ID, r.ID)
	if err != nil {
		return err
	}
	for _, sl := range slots {
		if !av.Allows(sl.Start, sl.End, loc) {
			e := &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.booking.closed",
				"Start", sl.Start.In(loc))}
			e.Fields = map[string]commons.Message{"starts_at": e.Message}
			return e
		}
	}
	return nil
}

func containsSlot(list []commons.TimeSlot, s commons.TimeSlot) bool {
	for _, x := range list {
		if x.Start.Equal(s.Start) && x.End.Equal(s.End) {
			return true
		}
	}
	return false
}

func fairShare(r commons.Resource, loc *time.Location, now time.Time) store.FairShare {
	return store.FairShare{MaxHoursPerWeek: r.MaxHoursPerWeek, MaxFutureBookings: r.MaxFutureBookings, Location: loc, Now: now}
}

// bookingStatus applies the approval policy (commons.ConfirmsAtOnce), and
// says whether resource trust was what confirmed the booking.
func bookingStatus(r commons.Resource, st commons.ResourceStanding) (commons.BookingStatus, bool) {
	if !commons.ConfirmsAtOnce(r, st) {
		return commons.BookingRequested, false
	}
	byTrust := r.Approval == commons.ApprovalTrusted && !st.Owner && st.OrgRole == ""
	return commons.BookingConfirmed, byTrust
}

// requestNotes tells a resource's stewards that a request waits; the
// caller saves them with the booking.
func (a *App) requestNotes(ctx context.Context, c commons.Community, r commons.Resource, actor *commons.User, start time.Time) ([]commons.Notification, error) {
	stewards, err := a.Store.ResourceStewardIDs(ctx, r)
	if err != nil {
		return nil, err
	}
	var notes []commons.Notification
	for _, id := range stewards {
		notes = append(notes, commons.Notification{UserID: id, CommunityID: c.ID, Kind: commons.NotifyBookingRequested,
			Link: commons.PagePath(commons.SubjectResource, c.Slug, r.ID),
			Args: map[string]string{"Name": actor.Name, "Resource": r.Title, "Start": start.In(location(c)).Format(time.RFC3339)}})
	}
	return notes, nil
}

// bookingIn finds a booking of the scope's community, and its resource.
func (a *App) bookingIn(ctx context.Context, s Scope, id string) (commons.Booking, commons.Resource, error) {
	b, err := a.Store.BookingByID(ctx, id)
	if err != nil {
		return b, commons.Resource{}, err
	}
	if b.CommunityID != s.Community.ID {
		return commons.Booking{}, commons.Resource{}, commons.NotFound()
	}
	r, err := a.Store.ResourceInCommunity(ctx, b.CommunityID, b.ResourceID)
	return b, r, err
}

// Booking returns a booking of the scope's community as the reader sees it.
func (a *App) Booking(ctx context.Context, s Scope, id string) (BookingView, error) {
	b, r, err := a.bookingIn(ctx, s, id)
	if err != nil {
		return BookingView{}, err
	}
	st, err := a.standing(ctx, s.Actor, r)
	return bookingView(b, r, st, location(s.Community)), err
}

// DecideBooking confirms or declines a requested booking; the resource's
// stewards only (commons.MayDecideBookings). The requester is told, in the
// same transaction, and sees the decision and its reason on their
// bookings page.
func (a *App) DecideBooking(ctx context.Context, s Scope, id string, confirm bool, reason string) (BookingView, error) {
	if s.Actor == nil {
		return BookingView{}, commons.Unauthenticated()
	}
	b, r, err := a.bookingIn(ctx, s, id)
	if err != nil {
		return BookingView{}, err
	}
	if _, err := a.stewardOf(ctx, s, r.ID); err != nil {
		return BookingView{}, err
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	v.Text("reason", reason, false, commons.MaxReasonLen)
	if err := v.Err(); err != nil {
		return BookingView{}, err
	}
	c := s.Community
	kind := commons.NotifyBookingDeclined
	if confirm {
		kind = commons.NotifyBookingConfirmed
	}
	note := commons.Notification{UserID: b.RequesterID, CommunityID: c.ID, Kind: kind, Link: commons.PagePath(commons.SubjectBooking, c.Slug, b.ID),
		Args: map[string]string{"Resource": r.Title, "Start": b.StartsAt.In(location(c)).Format(time.RFC3339), "Reason": reason}}
	if err := a.Store.DecideBooking(ctx, b, confirm, s.Actor.ID, reason, note); err != nil {
		return BookingView{}, err
	}
	return a.Booking(ctx, s, id)
}

// CancelBooking cancels a booking: its requester or a steward may
// (commons.MayCancelBooking).
func (a *App) CancelBooking(ctx context.Context, s Scope, id string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	b, r, err := a.bookingIn(ctx, s, id)
	if err != nil {
		return err
	}
	st, err := a.standing(ctx, s.Actor, r)
	if err != nil {
		return err
	}
	if !commons.MayCancelBooking(b, st) {
		return commons.Forbidden()
	}
	return a.Store.CancelBooking(ctx, b)
}

// MoveBooking gives the requester's booking another time, checked again as
// a new booking would be; under a request policy it waits for a decision
// again, and the stewards are told in the same transaction.
func (a *App) MoveBooking(ctx context.Context, s Scope, id string, start, end time.Time) (BookingView, error) {
	if s.Actor == nil {
		return BookingView{}, commons.Unauthenticated()
	}
	actor, c := s.Actor, s.Community
	b, r, err := a.bookingIn(ctx, s, id)
	if err != nil {
		return BookingView{}, err
	}
	if b.RequesterID != actor.ID {
		return BookingView{}, commons.Forbidden()
	}
	if b.Status != commons.BookingConfirmed && b.Status != commons.BookingRequested {
		return BookingView{}, commons.Errorf(commons.CodeConflict, "error.booking.not_active")
	}
	if err := s.Require(commons.ActionBook); err != nil {
		return BookingView{}, err
	}
	if !r.Bookable {
		return BookingView{}, invalid("resource_id", commons.Msg("error.booking.not_bookable"))
	}
	if r.Archive.Archived() {
		return BookingView{}, commons.Errorf(commons.CodeConflict, "error.archive.resource_archived")
	}
	var v commons.Validator
	commons.ValidateSlot(&v, start, end, a.Now())
	if err := v.Err(); err != nil {
		return BookingView{}, err
	}
	loc := location(c)
	av, err := a.Store.Availability(ctx, c.ID, r.ID)
	if err != nil {
		return BookingView{}, err
	}
	if !av.Allows(start, end, loc) {
		e := &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.booking.closed", "Start", start.In(loc))}
		e.Fields = map[string]commons.Message{"starts_at": e.Message}
		return BookingView{}, e
	}
	st, err := a.standing(ctx, actor, r)
	if err != nil {
		return BookingView{}, err
	}
	status, _ := bookingStatus(r, st)
	var notes []commons.Notification
	if status == commons.BookingRequested {
		// The stewards decide the new time; tell them, as for a new request.
		if notes, err = a.requestNotes(ctx, c, r, actor, start); err != nil {
			return BookingView{}, err
		}
	}
	if err := a.Store.MoveBooking(ctx, b, commons.TimeSlot{Start: start, End: end}, status, fairShare(r, loc, a.Now()), notes); err != nil {
		return BookingView{}, err
	}
	return a.Booking(ctx, s, id)
}

// Bookings lists a resource's requested and confirmed bookings in a
// window, as the reader may see them.
func (a *App) Bookings(ctx context.Context, s Scope, r ResourceView, from, to time.Time) ([]BookingView, error) {
	var v commons.Validator
	if !to.After(from) {
		v.Fail("to", commons.Msg("error.booking.end_before_start"))
	} else if to.Sub(from) > 400*24*time.Hour {
		v.Fail("to", commons.Msg("error.calendar.window"))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	bs, err := a.Store.ListBookings(ctx, r.CommunityID, r.ID, from, to)
	if err != nil {
		return nil, err
	}
	vs := bookingViews(bs, r, location(s.Community))
	return vs, a.hideRequesters(ctx, s, vs)
}

// BookingsPage lists a resource's bookings in a window, a page at a time,
// as the reader may see them.
func (a *App) BookingsPage(ctx context.Context, s Scope, r ResourceView, from, to time.Time, p commons.Page) ([]BookingView, string, error) {
	if !to.After(from) {
		return nil, "", invalid("to", commons.Msg("error.booking.end_before_start"))
	}
	bs, next, err := a.Store.BookingsPage(ctx, r.CommunityID, r.ID, from, to, p)
	if err != nil {
		return nil, "", err
	}
	vs := bookingViews(bs, r, location(s.Community))
	return vs, next, a.hideRequesters(ctx, s, vs)
}

// ResourceFeed is a resource's public calendar feed: the resource, found
// as the reader may see it, and its bookings in a window as a visitor sees
// them, whoever fetches the feed — its address is shared with calendar
// programs, so purposes are shown only where the owner publishes them.
func (a *App) ResourceFeed(ctx context.Context, s Scope, id string, from, to time.Time) (ResourceView, []BookingView, error) {
	r, err := a.Resource(ctx, s, id)
	if err != nil {
		return r, nil, err
	}
	public := r
	public.standing = commons.ResourceStanding{}
	// People, too, as a visitor sees them.
	bs, err := a.Bookings(ctx, Scope{Community: s.Community}, public, from, to)
	return r, bs, err
}

func bookingViews(bs []commons.Booking, r ResourceView, loc *time.Location) []BookingView {
	out := make([]BookingView, len(bs))
	for i, b := range bs {
		out[i] = bookingView(b, r.Resource, r.standing, loc)
	}
	return out
}

// MyBookings lists a person's bookings from a day ago on, in every
// community: theirs, so everything in them is shown.
func (a *App) MyBookings(ctx context.Context, actor *commons.User) ([]BookingView, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	bs, err := a.Store.UserBookings(ctx, actor.ID, a.Now().Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	zones := map[string]*time.Location{} // one lookup per community, not per booking
	out := make([]BookingView, len(bs))
	for i, b := range bs {
		loc, ok := zones[b.CommunityID]
		if !ok {
			c, err := a.Store.CommunityByID(ctx, b.CommunityID)
			if err != nil {
				return nil, err
			}
			loc, zones[b.CommunityID] = location(c), location(c)
		}
		// The requester's standing is enough: the rules give them their
		// own bookings whatever they are to the resource.
		out[i] = bookingView(b, commons.Resource{}, commons.ResourceStanding{UserID: actor.ID}, loc)
	}
	return out, nil
}

// CalendarToken returns the secret of a person's private calendar feed;
// renew revokes the old one.
func (a *App) CalendarToken(ctx context.Context, actor *commons.User, renew bool) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	return a.Store.CalendarToken(ctx, actor.ID, renew)
}

// CalendarFeed returns the bookings behind a private feed token.
func (a *App) CalendarFeed(ctx context.Context, token string) (commons.User, []commons.Booking, error) {
	if len(token) > 100 {
		return commons.User{}, nil, commons.NotFound()
	}
	u, err := a.Store.CalendarOwner(ctx, token)
	if err != nil {
		return u, nil, err
	}
	bs, err := a.Store.UserBookings(ctx, u.ID, a.Now().Add(-90*24*time.Hour))
	return u, bs, err
}
