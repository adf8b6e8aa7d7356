package web

import (
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// activitiesCalendar is a community's public iCalendar feed of its
// activities, from a month ago to a year ahead; cancelled occurrences
// stay in it, marked so, for calendars that imported them before.
func (w *Web) activitiesCalendar(rw http.ResponseWriter, r *http.Request) {
	c, err := w.App.Community(r.Context(), r.PathValue("slug"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	now := w.App.Now()
	acts, err := w.App.Activities(r.Context(), c, app.ActivityFilter{From: now.AddDate(0, -1, 0), To: now.AddDate(1, 0, 0), WithCancelled: true})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	cal := newCalendar(c.Name)
	for _, a := range acts {
		addActivityEvent(cal, a, absoluteURL(r, "/c/"+c.Slug+"/activities/"+a.ID))
	}
	writeCalendar(rw, cal)
}

// activityFeed is a person's private feed of the activities they
// registered or wait for, at the same secret address as their bookings
// feed (renewing it revokes both).
func (w *Web) activityFeed(rw http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		w.notFound(rw, r)
		return
	}
	acts, sts, err := w.App.ActivityFeed(r.Context(), token)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	cal := newCalendar("Commons")
	for i, a := range acts {
		e := addActivityEvent(cal, a, "")
		if sts[i] == commons.Waitlisted && a.Status == commons.ActivityScheduled {
			e.SetStatus(ics.ObjectStatusTentative)
		}
	}
	rw.Header().Set("Cache-Control", "private, no-store")
	writeCalendar(rw, cal)
}

func addActivityEvent(cal *ics.Calendar, a commons.Activity, url string) *ics.VEvent {
	e := cal.AddEvent(a.ID + "@commons")
	e.SetDtStampTime(time.Now().UTC())
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

// routesActivities adds the activity pages and feeds.
func (w *Web) routesActivities(m pageRecorder) {
	w.mux.HandleFunc("GET /c/{slug}/activities.ics", w.activitiesCalendar)
	w.mux.HandleFunc("GET /calendar/activities/{token}", w.activityFeed)
}
