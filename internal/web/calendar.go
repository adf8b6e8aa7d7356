package web

import (
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// resourceCalendar is a resource's public iCalendar feed (RFC 5545): its
// busy times, with what they are for only where the owner allows. Times
// are written in UTC, so they stay right across daylight-saving changes.
func (w *Web) resourceCalendar(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectResource, r.PathValue("id"))
	var res app.ResourceView
	var views []app.BookingView
	if err == nil {
		now := w.App.Now()
		res, views, err = w.App.ResourceFeed(r.Context(), s, r.PathValue("id"), now.AddDate(0, -1, 0), now.AddDate(1, 0, 0))
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	bookings := make([]commons.Booking, len(views))
	for i, b := range views {
		bookings[i] = b.Booking
	}
	loc := w.view(r, nil).L
	cal := newCalendar(res.Title)
	page := absoluteURL(r, "/c/"+s.Community.Slug+"/resources/"+res.ID)
	for _, b := range bookings {
		if b.Status != commons.BookingConfirmed {
			continue
		}
		summary := loc.T("calendar.busy")
		if res.PublicTitles && b.Purpose != "" {
			summary = b.Purpose
		}
		addEvent(cal, b, summary, res.Address, page)
	}
	writeCalendar(rw, cal)
}

// personalCalendar is a person's private feed of their own bookings, at an
// address only they know; renewing the address revokes the old one.
func (w *Web) personalCalendar(rw http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		w.notFound(rw, r)
		return
	}
	_, bookings, err := w.App.CalendarFeed(r.Context(), token)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	cal := newCalendar("Commons")
	for _, b := range bookings {
		if b.Status != commons.BookingConfirmed && b.Status != commons.BookingRequested {
			continue
		}
		e := addEvent(cal, b, b.ResourceTitle, "", "")
		if b.Status == commons.BookingRequested {
			e.SetStatus(ics.ObjectStatusTentative)
		}
		if b.Purpose != "" {
			e.SetDescription(b.Purpose)
		}
	}
	rw.Header().Set("Cache-Control", "private, no-store")
	writeCalendar(rw, cal)
}

func newCalendar(name string) *ics.Calendar {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Commons//Learning community bookings//EN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	return cal
}

func addEvent(cal *ics.Calendar, b commons.Booking, summary, location, url string) *ics.VEvent {
	e := cal.AddEvent(b.ID + "@commons")
	e.SetDtStampTime(time.Now().UTC())
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

func writeCalendar(rw http.ResponseWriter, cal *ics.Calendar) {
	rw.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	rw.Write([]byte(cal.Serialize()))
}
