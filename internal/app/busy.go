package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/fetch"
)

// BusyView is a resource's imported busy times, as its page shows them.
type BusyView struct {
	Resource ResourceView
	// Busy lists the imported periods from now to a year ahead.
	Busy []commons.BusyTime
	// Conflicts lists confirmed bookings over an imported period; only
	// stewards see them (they may see every booking).
	Conflicts []commons.Booking
	// Feed is the address the times are fetched from, refreshed every
	// BusyFeedInterval; empty when they came from a file. FeedError is the
	// catalog key of the last refresh's problem.
	Feed, FeedError string
	FeedFetched     time.Time
}

// ImportBusyTimes replaces a resource's imported busy times with the
// periods of an iCalendar file, from now to a year ahead (the resource's
// stewards only: commons.MayDecideBookings). The file is checked whole
// before anything is written; confirmed bookings that overlap the new
// periods are not touched but reported, for the stewards to settle.
func (a *App) ImportBusyTimes(ctx context.Context, s Scope, resourceID, source string, file io.Reader) (commons.BusyImport, error) {
	return a.importBusy(ctx, s, resourceID, source, file, false)
}

// importBusy imports a file, or a feed's body when feed is true (source is
// then its address, kept to refresh it).
func (a *App) importBusy(ctx context.Context, s Scope, resourceID, source string, file io.Reader, feed bool) (commons.BusyImport, error) {
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
	tell, err := a.tellOfClashes(ctx, s.Community, rv.Resource, s.Actor.ID)
	if err != nil {
		return commons.BusyImport{}, err
	}
	if err := a.Store.ReplaceBusyTimes(ctx, s.Community.ID, rv.ID, source, s.Actor.ID, slots, feed, tell); err != nil {
		return commons.BusyImport{}, err
	}
	conflicts, err := a.Store.BusyConflicts(ctx, s.Community.ID, rv.ID, now)
	return commons.BusyImport{Periods: len(slots), Conflicts: conflicts}, err
}

// FeedsAllowed reports whether stewards may import a calendar from an
// address (the operator turns it on: commons serve --fetch-calendars).
func (a *App) FeedsAllowed() bool { return a.Fetch != nil }

// ImportBusyFeed imports a resource's busy times from a calendar feed at
// an address, as ImportBusyTimes does from a file: its stewards only, and
// only when the operator allows fetching. The server fetches public
// addresses only (package fetch), so a steward cannot use it to read what
// only the server can reach.
func (a *App) ImportBusyFeed(ctx context.Context, s Scope, resourceID, address string) (commons.BusyImport, error) {
	if a.Fetch == nil {
		return commons.BusyImport{}, commons.Errorf(commons.CodeForbidden, "error.busy.feeds_off")
	}
	if _, err := a.stewardsResource(ctx, s, resourceID); err != nil {
		return commons.BusyImport{}, err
	}
	u, err := url.Parse(strings.TrimSpace(address))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "webcal") || u.Host == "" {
		return commons.BusyImport{}, invalidURL(commons.Msg("error.busy.feed_url"))
	}
	if u.Scheme == "webcal" { // calendar programs' name for the same feed over HTTPS
		u.Scheme = "https"
	}
	body, err := a.Fetch.Get(ctx, u.String())
	var status *fetch.StatusError
	switch {
	case errors.Is(err, fetch.ErrNotPublic):
		return commons.BusyImport{}, invalidURL(commons.Msg("error.busy.feed_not_public"))
	case errors.Is(err, fetch.ErrTooLarge):
		return commons.BusyImport{}, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "4 MiB")
	case errors.As(err, &status):
		return commons.BusyImport{}, invalidURL(commons.Msg("error.busy.feed_status", "Status", status.Status))
	case err != nil:
		return commons.BusyImport{}, invalidURL(commons.Msg("error.busy.feed_failed", "Reason", err.Error()))
	}
	return a.importBusy(ctx, s, resourceID, u.String(), bytes.NewReader(body), true)
}

// BusyFeedInterval is how often a calendar feed is fetched again.
const BusyFeedInterval = time.Hour

// RefreshBusyFeeds fetches again the calendar feeds last fetched more than
// BusyFeedInterval ago, a batch at a time, and replaces their resources'
// busy times; a feed that fails keeps its last good times and says so on
// the resource's busy-times page. It does nothing when fetching is off.
// Every node may run it: a feed fetched twice is replaced twice.
func (a *App) RefreshBusyFeeds(ctx context.Context) (int, error) {
	if a.Fetch == nil {
		return 0, nil
	}
	due, err := a.Store.DueBusyFeeds(ctx, a.Now().Add(-BusyFeedInterval), 50)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, f := range due {
		c, err := a.Store.CommunityByID(ctx, f.CommunityID)
		if err != nil {
			return done, err
		}
		now := a.Now()
		body, err := a.Fetch.Get(ctx, f.URL)
		var slots []commons.TimeSlot
		if err == nil {
			slots, err = encode.ReadBusy(bytes.NewReader(body), a.Location(c), now, now.Add(commons.BusyWindow))
		}
		var r commons.Resource
		if err == nil {
			r, err = a.Store.ResourceInCommunity(ctx, c.ID, f.ResourceID)
		}
		var tell func([]commons.Booking) []commons.Notification
		if err == nil {
			tell, err = a.tellOfClashes(ctx, c, r, "")
		}
		if err == nil {
			err = a.Store.ReplaceBusyTimes(ctx, f.CommunityID, f.ResourceID, f.URL, f.SetBy, slots, true, tell)
		}
		if err != nil {
			if ctx.Err() != nil {
				return done, ctx.Err()
			}
			a.Log.Warn("calendar feed refresh failed", "resource", f.ResourceID, "url", f.URL, "err", err)
			if err := a.Store.FailBusyFeed(ctx, f.CommunityID, f.ResourceID, "error.busy.refresh_failed"); err != nil {
				return done, err
			}
			continue
		}
		done++
	}
	return done, nil
}

// ClearBusyTimes removes a resource's imported busy times (its stewards
// only), as an import of an empty calendar would.
func (a *App) ClearBusyTimes(ctx context.Context, s Scope, resourceID string) error {
	rv, err := a.stewardsResource(ctx, s, resourceID)
	if err != nil {
		return err
	}
	return a.Store.ReplaceBusyTimes(ctx, s.Community.ID, rv.ID, "", s.Actor.ID, nil, false, nil)
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
		if v.Conflicts, err = a.Store.BusyConflicts(ctx, s.Community.ID, rv.ID, a.Now()); err != nil {
			return v, err
		}
		f, ok, err := a.Store.BusyFeedOf(ctx, s.Community.ID, rv.ID)
		if err != nil || !ok {
			return v, err
		}
		v.Feed, v.FeedError, v.FeedFetched = f.URL, f.Error, f.FetchedAt
	}
	return v, nil
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

// invalidURL is a problem with the feed's address, said beside its field.
func invalidURL(m commons.Message) error {
	return &commons.Error{Code: commons.CodeInvalid, Message: m, Fields: map[string]commons.Message{"url": m}}
}

// tellOfClashes decides who is told when imported busy times newly overlap
// confirmed bookings: the resource's managers (its owner, or its
// organization's admins), but not who imported them, who sees the clash
// on the page at once. A clash there before the import is not told again,
// so an hourly refresh does not repeat itself.
func (a *App) tellOfClashes(ctx context.Context, c commons.Community, r commons.Resource, actorID string) (func([]commons.Booking) []commons.Notification, error) {
	before, err := a.Store.BusyConflicts(ctx, c.ID, r.ID, a.Now())
	if err != nil {
		return nil, err
	}
	stewards, err := a.Store.ResourceStewardIDs(ctx, r)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, b := range before {
		known[b.ID] = true
	}
	return func(clash []commons.Booking) []commons.Notification {
		fresh := 0
		for _, b := range clash {
			if !known[b.ID] {
				fresh++
			}
		}
		if fresh == 0 {
			return nil
		}
		var out []commons.Notification
		for _, u := range stewards {
			if u == actorID {
				continue
			}
			out = append(out, commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyBusyConflict,
				Link: commons.PagePath(commons.SubjectResource, c.Slug, r.ID) + "/busy",
				Args: map[string]string{"Title": r.Title, "Count": strconv.Itoa(fresh)}})
		}
		return out
	}, nil
}
