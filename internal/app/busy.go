package app

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// BusyView is a resource's imported busy times, as its page shows them.
type BusyView struct {
	Resource ResourceView
	// Busy lists the imported periods from now to a year ahead.
	Busy []commons.BusyTime
	// Conflicts lists confirmed bookings over an imported period; only
	// stewards see them (they may see every booking).
	Conflicts []commons.Booking
}

// ImportBusyTimes replaces a resource's imported busy times with the
// periods of an iCalendar file, from now to a year ahead (the resource's
// stewards only: commons.MayDecideBookings). The file is checked whole
// before anything is written; confirmed bookings that overlap the new
// periods are not touched but reported, for the stewards to settle.
func (a *App) ImportBusyTimes(ctx context.Context, s Scope, resourceID, source string, file io.Reader) (commons.BusyImport, error) {
	rv, err := a.stewardsResource(ctx, s, resourceID)
	if err != nil {
		return commons.BusyImport{}, err
	}
	now := a.Now()
	slots, err := encode.ReadBusy(file, a.Location(s.Community), now, now.Add(commons.BusyWindow))
	if err != nil {
		return commons.BusyImport{}, err
	}
	source = strings.TrimSpace(source)
	for utf8.RuneCountInString(source) > 200 {
		source = string([]rune(source)[:200])
	}
	if err := a.Store.ReplaceBusyTimes(ctx, s.Community.ID, rv.ID, source, s.Actor.ID, slots); err != nil {
		return commons.BusyImport{}, err
	}
	conflicts, err := a.Store.BusyConflicts(ctx, s.Community.ID, rv.ID, now)
	return commons.BusyImport{Periods: len(slots), Conflicts: conflicts}, err
}

// ClearBusyTimes removes a resource's imported busy times (its stewards
// only), as an import of an empty calendar would.
func (a *App) ClearBusyTimes(ctx context.Context, s Scope, resourceID string) error {
	rv, err := a.stewardsResource(ctx, s, resourceID)
	if err != nil {
		return err
	}
	return a.Store.ReplaceBusyTimes(ctx, s.Community.ID, rv.ID, "", s.Actor.ID, nil)
}

// BusyTimes returns a resource's imported busy times from now to a year
// ahead, for whoever may see the resource (they are as public as its
// feed, which shows them as busy), and to its stewards the confirmed
// bookings that clash with them.
func (a *App) BusyTimes(ctx context.Context, s Scope, resourceID string) (BusyView, error) {
	return a.busyBetween(ctx, s, resourceID, a.Now(), a.Now().Add(commons.BusyWindow))
}

func (a *App) busyBetween(ctx context.Context, s Scope, resourceID string, from, to time.Time) (BusyView, error) {
	rv, err := a.Resource(ctx, s, resourceID)
	if err != nil {
		return BusyView{}, err
	}
	v := BusyView{Resource: rv}
	if v.Busy, err = a.Store.BusyTimes(ctx, s.Community.ID, rv.ID, from, to); err != nil {
		return v, err
	}
	if rv.May.Decide {
		v.Conflicts, err = a.Store.BusyConflicts(ctx, s.Community.ID, rv.ID, a.Now())
	}
	return v, err
}

// stewardsResource finds a resource of the scope's community whose
// bookings the actor decides.
func (a *App) stewardsResource(ctx context.Context, s Scope, id string) (ResourceView, error) {
	if s.Actor == nil {
		return ResourceView{}, commons.Unauthenticated()
	}
	rv, err := a.Resource(ctx, s, id)
	if err != nil {
		return rv, err
	}
	if !rv.May.Decide {
		return rv, commons.Forbidden()
	}
	return rv, nil
}
