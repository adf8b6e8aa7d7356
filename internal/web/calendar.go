package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// resourceCalendar is a resource's public iCalendar feed (RFC 5545): its
// busy times, with what they are for only where the owner allows.
func (w *Web) resourceCalendar(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectResource, r.PathValue("id"))
	var res app.ResourceView
	var views []app.BookingView
	if err == nil {
		now := w.App.Now()
		res, views, err = w.App.ResourceFeed(r.Context(), s, r.PathValue("id"), now.AddDate(0, -1, 0), now.AddDate(1, 0, 0))
	}
	var busy app.BusyView
	if err == nil {
		busy, err = w.App.BusyTimes(r.Context(), s, r.PathValue("id"))
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	bookings := make([]commons.Booking, len(views))
	for i, b := range views {
		bookings[i] = b.Booking
	}
	feed := encode.ResourceFeed{Resource: res.Resource, Purposes: res.PublicTitles, Busy: w.view(r, nil).L.T("calendar.busy"),
		URL: w.absoluteURL("/c/" + s.Community.Slug + "/resources/" + res.ID), Imported: busy.Busy}
	rw.Header().Set("Content-Type", calendarType)
	encode.ResourceCalendar(rw, w.App.Now(), feed, bookings)
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
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Content-Type", calendarType)
	encode.BookingsCalendar(rw, w.App.Now(), w.view(r, nil).L.T("opendata.my_bookings_feed"), bookings)
}

// calendarType is the media type of the iCalendar feeds.
const calendarType = "text/calendar; charset=utf-8"
