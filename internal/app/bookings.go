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
}

// BookingOutcome is what a booking request produced.
type BookingOutcome struct {
	Bookings []commons.Booking
	// Skipped are the occurrences of a series left out for clashing.
	Skipped []commons.TimeSlot
}

// Book books a resource for the actor. Whether the booking is confirmed at
// once follows the resource's approval policy; slots outside opening hours,
// over the fair-share limits or overlapping a confirmed booking are refused.
func (a *App) Book(ctx context.Context, actor *commons.User, resourceID string, req BookingRequest) (BookingOutcome, error) {
	var out BookingOutcome
	if err := requireUser(actor); err != nil {
		return out, err
	}
	r, err := a.Store.ResourceByID(ctx, resourceID)
	if err != nil {
		return out, err
	}
	c, err := a.Store.CommunityByID(ctx, r.CommunityID)
	if err != nil {
		return out, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionBook); err != nil {
		return out, err
	}
	if r.Moderation != commons.Visible {
		return out, commons.NotFound() // hidden while reviewed, or removed
	}
	if !r.Bookable {
		return out, invalid("resource_id", commons.Msg("error.booking.not_bookable"))
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
	status, usedTrust, err := a.bookingStatus(ctx, actor, r)
	if err != nil {
		return out, err
	}
	var notes []commons.Notification
	if status == commons.BookingRequested {
		if notes, err = a.requestNotes(ctx, c, r, actor, slots[0].Start); err != nil {
			return out, err
		}
	}
	out.Bookings, err = a.Store.CreateBookingsNotifying(ctx, c.ID, r.ID, store.NewBookings{Slots: slots, RequesterID: actor.ID,
		Purpose: req.Purpose, Status: status, Fair: fairShare(r, loc, now)}, notes)
	if err != nil {
		return out, err
	}
	if usedTrust {
		if err := a.Store.TouchResourceTrust(ctx, c.ID, r.ID, actor.ID); err != nil {
			return out, err
		}
	}
	for i := range out.Bookings {
		out.Bookings[i].ResourceTitle, out.Bookings[i].RequesterName = r.Title, actor.Name
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
				"Start", sl.Start.In(loc).Format("2006-01-02 15:04"))}
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

// bookingStatus applies the approval policy: open confirms, request asks,
// and trusted confirms for the owner's people and those trusted for the
// resource. It also says whether resource trust was what confirmed it.
func (a *App) bookingStatus(ctx context.Context, actor *commons.User, r commons.Resource) (commons.BookingStatus, bool, error) {
	switch r.Approval {
	case commons.ApprovalOpen:
		return commons.BookingConfirmed, false, nil
	case commons.ApprovalTrusted:
		if r.OwnerUserID == actor.ID {
			return commons.BookingConfirmed, false, nil
		}
		if r.OwnerOrgID != "" {
			role, err := a.Store.OrgRole(ctx, r.CommunityID, r.OwnerOrgID, actor.ID)
			if err != nil {
				return "", false, err
			}
			if role != "" {
				return commons.BookingConfirmed, false, nil
			}
		}
		ok, err := a.trustHolds(ctx, actor, r)
		if err != nil {
			return "", false, err
		}
		if ok {
			return commons.BookingConfirmed, true, nil
		}
	}
	return commons.BookingRequested, false, nil
}

// notifyStewards tells a resource's stewards that a request waits.
func (a *App) notifyStewards(ctx context.Context, c commons.Community, r commons.Resource, actor *commons.User, start time.Time) error {
	notes, err := a.requestNotes(ctx, c, r, actor, start)
	if err != nil {
		return err
	}
	return a.Store.Notify(ctx, notes)
}

func (a *App) requestNotes(ctx context.Context, c commons.Community, r commons.Resource, actor *commons.User, start time.Time) ([]commons.Notification, error) {
	stewards, err := a.Store.ResourceStewardIDs(ctx, r)
	if err != nil {
		return nil, err
	}
	var notes []commons.Notification
	for _, id := range stewards {
		notes = append(notes, commons.Notification{UserID: id, CommunityID: c.ID, Kind: commons.NotifyBookingRequested,
			Link: "/c/" + c.Slug + "/resources/" + r.ID,
			Args: map[string]string{"Name": actor.Name, "Resource": r.Title, "Start": start.In(location(c)).Format("2006-01-02 15:04")}})
	}
	return notes, nil
}

// Booking returns a booking with its resource.
func (a *App) Booking(ctx context.Context, id string) (commons.Booking, commons.Resource, error) {
	b, err := a.Store.BookingByID(ctx, id)
	if err != nil {
		return b, commons.Resource{}, err
	}
	r, err := a.Store.ResourceInCommunity(ctx, b.CommunityID, b.ResourceID)
	return b, r, err
}

// DecideBooking confirms or declines a requested booking; the resource's
// stewards only. The requester sees the decision and its reason on their
// bookings page.
func (a *App) DecideBooking(ctx context.Context, actor *commons.User, id string, confirm bool, reason string) (commons.Booking, error) {
	b, r, err := a.Booking(ctx, id)
	if err != nil {
		return b, err
	}
	if _, err := a.stewardOf(ctx, actor, r.ID); err != nil {
		return b, err
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	v.Text("reason", reason, false, commons.MaxReasonLen)
	if err := v.Err(); err != nil {
		return b, err
	}
	c, err := a.Store.CommunityByID(ctx, r.CommunityID)
	if err != nil {
		return b, err
	}
	kind := commons.NotifyBookingDeclined
	if confirm {
		kind = commons.NotifyBookingConfirmed
	}
	note := commons.Notification{UserID: b.RequesterID, CommunityID: c.ID, Kind: kind, Link: "/me/bookings",
		Args: map[string]string{"Resource": r.Title, "Start": b.StartsAt.In(location(c)).Format("2006-01-02 15:04"), "Reason": reason}}
	if err := a.Store.DecideBooking(ctx, b, confirm, actor.ID, reason, note); err != nil {
		return b, err
	}
	b, _, err = a.Booking(ctx, id)
	return b, err
}

// CancelBooking cancels a booking: its requester or a steward may.
func (a *App) CancelBooking(ctx context.Context, actor *commons.User, id string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	b, r, err := a.Booking(ctx, id)
	if err != nil {
		return err
	}
	if b.RequesterID != actor.ID {
		if ok, err := a.IsSteward(ctx, actor, r); err != nil {
			return err
		} else if !ok {
			return commons.Forbidden()
		}
	}
	return a.Store.CancelBooking(ctx, b)
}

// MoveBooking gives the requester's booking another time, checked again as
// a new booking would be; under a request policy it waits for a decision
// again.
func (a *App) MoveBooking(ctx context.Context, actor *commons.User, id string, start, end time.Time) (commons.Booking, error) {
	if err := requireUser(actor); err != nil {
		return commons.Booking{}, err
	}
	b, r, err := a.Booking(ctx, id)
	if err != nil {
		return b, err
	}
	if b.RequesterID != actor.ID {
		return b, commons.Forbidden()
	}
	if b.Status != commons.BookingConfirmed && b.Status != commons.BookingRequested {
		return b, commons.Errorf(commons.CodeConflict, "error.booking.not_active")
	}
	c, err := a.Store.CommunityByID(ctx, r.CommunityID)
	if err != nil {
		return b, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionBook); err != nil {
		return b, err
	}
	if !r.Bookable {
		return b, invalid("resource_id", commons.Msg("error.booking.not_bookable"))
	}
	var v commons.Validator
	commons.ValidateSlot(&v, start, end, a.Now())
	if err := v.Err(); err != nil {
		return b, err
	}
	loc := location(c)
	av, err := a.Store.Availability(ctx, c.ID, r.ID)
	if err != nil {
		return b, err
	}
	if !av.Allows(start, end, loc) {
		e := &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.booking.closed", "Start", start.In(loc).Format("2006-01-02 15:04"))}
		e.Fields = map[string]commons.Message{"starts_at": e.Message}
		return b, e
	}
	status, _, err := a.bookingStatus(ctx, actor, r)
	if err != nil {
		return b, err
	}
	if err := a.Store.MoveBooking(ctx, b, commons.TimeSlot{Start: start, End: end}, status, fairShare(r, loc, a.Now())); err != nil {
		return b, err
	}
	if status == commons.BookingRequested {
		// The stewards decide the new time; tell them, as for a new request.
		if err := a.notifyStewards(ctx, c, r, actor, start); err != nil {
			return b, err
		}
	}
	b, _, err = a.Booking(ctx, id)
	return b, err
}

// Bookings lists a resource's requested and confirmed bookings in a window.
func (a *App) Bookings(ctx context.Context, r commons.Resource, from, to time.Time) ([]commons.Booking, error) {
	var v commons.Validator
	if !to.After(from) {
		v.Fail("to", commons.Msg("error.booking.end_before_start"))
	} else if to.Sub(from) > 400*24*time.Hour {
		v.Fail("to", commons.Msg("error.calendar.window"))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return a.Store.ListBookings(ctx, r.CommunityID, r.ID, from, to)
}

// BookingsPage lists a resource's bookings in a window, a page at a time.
func (a *App) BookingsPage(ctx context.Context, r commons.Resource, from, to time.Time, p commons.Page) ([]commons.Booking, string, error) {
	if !to.After(from) {
		return nil, "", invalid("to", commons.Msg("error.booking.end_before_start"))
	}
	return a.Store.BookingsPage(ctx, r.CommunityID, r.ID, from, to, p)
}

// MyBookings lists a person's bookings from a day ago on.
func (a *App) MyBookings(ctx context.Context, actor *commons.User) ([]commons.Booking, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.UserBookings(ctx, actor.ID, a.Now().Add(-24*time.Hour))
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
