package encode

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/commons-project/commons/internal/commons"
)

// The calendars below are iCalendar (RFC 5545) feeds for calendar
// programs to subscribe to. Times are written in UTC, so they stay right
// across daylight-saving changes. Every event's UID is its booking's or
// activity's id, so a calendar that imported it before updates it in place.

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
}

// ResourceCalendar writes a resource's public feed of busy times: its
// confirmed bookings, at the resource's address.
func ResourceCalendar(w io.Writer, at time.Time, f ResourceFeed, bookings []commons.Booking) error {
	cal := newCalendar(f.Resource.Title)
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
	return cal.SerializeTo(w)
}

// BookingsCalendar writes a person's private feed of their own bookings:
// confirmed ones, and requested ones as tentative, each named after its
// resource and described by its purpose.
func BookingsCalendar(w io.Writer, at time.Time, bookings []commons.Booking) error {
	cal := newCalendar("Commons")
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
	return cal.SerializeTo(w)
}

// ActivitiesCalendar writes a community's public feed of its activities,
// named name; url gives each activity's page. Cancelled occurrences are
// written, marked so, for calendars that imported them before.
func ActivitiesCalendar(w io.Writer, at time.Time, name string, acts []commons.Activity, url func(commons.Activity) string) error {
	cal := newCalendar(name)
	for _, a := range acts {
		addActivity(cal, at, a, url(a))
	}
	return cal.SerializeTo(w)
}

// RegistrationsCalendar writes a person's private feed of the activities
// they registered for or wait for; statuses[i] is theirs for acts[i]. An
// occurrence they only wait for is tentative.
func RegistrationsCalendar(w io.Writer, at time.Time, acts []commons.Activity, statuses []commons.RegistrationStatus) error {
	cal := newCalendar("Commons")
	for i, a := range acts {
		e := addActivity(cal, at, a, "")
		if statuses[i] == commons.Waitlisted && a.Status == commons.ActivityScheduled {
			e.SetStatus(ics.ObjectStatusTentative)
		}
	}
	return cal.SerializeTo(w)
}

func newCalendar(name string) *ics.Calendar {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Commons//Learning community bookings//EN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	return cal
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
	if a.Description != "" {
		e.SetDescription(a.Description)
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
