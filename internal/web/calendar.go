package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/reqctx"
)

// resourceCalendar is a resource's public iCalendar feed (RFC 5545): its
// busy times, with what they are for only where the owner allows.
func (w *Web) resourceCalendar(rw http.ResponseWriter, r *http.Request) {
	res, err := w.App.Resource(r.Context(), r.PathValue("id"))
	if err == nil {
		err = w.App.ShownResource(r.Context(), reqctx.User(r.Context()), res)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	now := w.App.Now()
	bookings, err := w.App.Bookings(r.Context(), res, now.AddDate(0, -1, 0), now.AddDate(1, 0, 0))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	feed := encode.ResourceFeed{Resource: res, Purposes: res.PublicTitles, Busy: w.view(r, nil).L.T("calendar.busy"),
		URL: absoluteURL(r, "/c/"+communitySlug(w, r, res.CommunityID)+"/resources/"+res.ID)}
	rw.Header().Set("Content-Type", calendarType)
	encode.ResourceCalendar(rw, now, feed, bookings)
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
	encode.BookingsCalendar(rw, w.App.Now(), bookings)
}

func communitySlug(w *Web, r *http.Request, communityID string) string {
	c, err := w.App.Store.CommunityByID(r.Context(), communityID)
	if err != nil {
		return ""
	}
	return c.Slug
}

// calendarType is the media type of the iCalendar feeds.
const calendarType = "text/calendar; charset=utf-8"
