package encode

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/markdown"
)

// The calendars below are iCalendar (RFC 5545) feeds for calendar
// programs to subscribe to. Every time is written in UTC (DTSTART, DTEND,
// DTSTAMP, CREATED alike), so the feeds need no VTIMEZONE and stay right
// across daylight-saving changes. Lines end in CRLF and are folded at 75
// octets, as section 3.1 requires. Every event's UID is its booking's or
// activity's id, so a calendar that imported it before updates it in place.
// Each feed names itself in PRODID and X-WR-CALNAME after what it holds.

// ResourceFeed is what a resource's public calendar says besides its
// bookings.
type ResourceFeed struct {
	Resource commons.Resource
	// URL is the resource's page, linked from every event.
	URL string
	// Busy is a booking's summary where what it is for is not shown, in
	// the reader's language.
	Busy string
	// Purposes shows what bookings are for; the owner allows it or not.
	Purposes bool
	// Imported are the busy times the stewards imported from the room's
	// own calendar; they are written as busy, with nothing of what they are.
	Imported []commons.BusyTime
}

// ResourceCalendar writes a resource's public feed of busy times: its
// confirmed bookings, at the resource's address.
func ResourceCalendar(w io.Writer, at time.Time, f ResourceFeed, bookings []commons.Booking) error {
	cal := newCalendar("Resource calendar", f.Resource.Title)
	for _, b := range bookings {
		if b.Status != commons.BookingConfirmed {
			continue
		}
		summary := f.Busy
		if f.Purposes && b.Purpose != "" {
			summary = b.Purpose
		}
		addBooking(cal, at, b, summary, f.Resource.Address, f.URL)
	}
	for _, b := range f.Imported {
		e := cal.AddEvent("busy-" + b.ID + "@commons")
		e.SetDtStampTime(at.UTC())
		e.SetStartAt(b.StartsAt.UTC())
		e.SetEndAt(b.EndsAt.UTC())
		e.SetSummary(f.Busy)
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
	return serialize(w, cal)
}

// BookingsCalendar writes a person's private feed of their own bookings:
// confirmed ones, and requested ones as tentative, each named after its
// resource and described by its purpose; name is the feed's name in the
// reader's language.
func BookingsCalendar(w io.Writer, at time.Time, name string, bookings []commons.Booking) error {
	cal := newCalendar("Bookings", name)
	for _, b := range bookings {
		if b.Status != commons.BookingConfirmed && b.Status != commons.BookingRequested {
			continue
		}
		e := addBooking(cal, at, b, b.ResourceTitle, "", "")
		if b.Status == commons.BookingRequested {
			e.SetStatus(ics.ObjectStatusTentative)
		}
		if b.Purpose != "" {
			e.SetDescription(b.Purpose)
		}
	}
	return serialize(w, cal)
}

// ActivitiesCalendar writes a community's public feed of its activities,
// named name; url gives each activity's page. Cancelled occurrences are
// written, marked so, for calendars that imported them before.
func ActivitiesCalendar(w io.Writer, at time.Time, name string, acts []commons.Activity, url func(commons.Activity) string) error {
	cal := newCalendar("Activities", name)
	for _, a := range acts {
		addActivity(cal, at, a, url(a))
	}
	return serialize(w, cal)
}

// ActivityEvents writes the occurrences one reader adds to their own
// calendar from an activity's page: one occurrence, or every occurrence of
// its series. The UIDs are the public feed's, so a calendar that has both
// keeps one copy of each.
func ActivityEvents(w io.Writer, at time.Time, name string, acts []commons.Activity, url func(commons.Activity) string) error {
	cal := newCalendar("Activity", name)
	for _, a := range acts {
		addActivity(cal, at, a, url(a))
	}
	return serialize(w, cal)
}

// RegistrationsCalendar writes a person's private feed of the activities
// they registered for or wait for; statuses[i] is theirs for acts[i]. An
// occurrence they only wait for is tentative; name is the feed's name in
// the reader's language.
func RegistrationsCalendar(w io.Writer, at time.Time, name string, acts []commons.Activity, statuses []commons.RegistrationStatus) error {
	cal := newCalendar("Registrations", name)
	for i, a := range acts {
		e := addActivity(cal, at, a, "")
		if statuses[i] == commons.Waitlisted && a.Status == commons.ActivityScheduled {
			e.SetStatus(ics.ObjectStatusTentative)
		}
	}
	return serialize(w, cal)
}

// newCalendar starts a feed: what names the kind of feed in PRODID (the
// product identifier is about the program and the feed, never the reader's
// language); name is what calendar programs show.
func newCalendar(what, name string) *ics.Calendar {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Commons//" + what + "//EN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	return cal
}

// serialize writes a calendar with CRLF line ends, whatever the system's.
func serialize(w io.Writer, cal *ics.Calendar) error {
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

func addBooking(cal *ics.Calendar, at time.Time, b commons.Booking, summary, location, url string) *ics.VEvent {
	e := cal.AddEvent(b.ID + "@commons")
	e.SetDtStampTime(at.UTC())
	e.SetCreatedTime(b.CreatedAt)
	e.SetStartAt(b.StartsAt.UTC())
	e.SetEndAt(b.EndsAt.UTC())
	e.SetSummary(summary)
	if location != "" {
		e.SetLocation(location)
	}
	if url != "" {
		e.SetURL(url)
	}
	e.SetStatus(ics.ObjectStatusConfirmed)
	return e
}

func addActivity(cal *ics.Calendar, at time.Time, a commons.Activity, url string) *ics.VEvent {
	e := cal.AddEvent(a.ID + "@commons")
	e.SetDtStampTime(at.UTC())
	e.SetCreatedTime(a.CreatedAt)
	e.SetStartAt(a.StartsAt.UTC())
	e.SetEndAt(a.EndsAt.UTC())
	e.SetSummary(a.Title)
	// DESCRIPTION is plain text (RFC 5545, 3.8.1.5): the Markdown an
	// organizer wrote is read as it would be on the page, without its marks.
	if d := markdown.Text(a.Description); d != "" {
		e.SetDescription(d)
	}
	switch {
	case a.VenueTitle != "":
		e.SetLocation(strings.TrimSpace(a.VenueTitle + ", " + a.VenueAddress))
	case a.OnlineURL != "":
		e.SetLocation(a.OnlineURL)
	}
	if url != "" {
		e.SetURL(url)
	}
	for _, t := range a.Themes {
		e.AddProperty(ics.ComponentPropertyCategories, t)
	}
	if a.Status == commons.ActivityCancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	} else {
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
	return e
}
