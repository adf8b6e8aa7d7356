package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

type resourcesData struct {
	Resources []commons.Resource
	Kinds     []commons.Kind
	Sectors   []commons.Sector
	Features  []string
	Query     url.Values
	Next      string
	// SwitchURL is the same search as a map (or as a list, from the map);
	// NextURL its next page. Whole URLs, so that the template does not
	// escape the query as one value (issue 21: "Show on map" lost every
	// filter).
	SwitchURL, NextURL string
	Map                bool
	MapPoints          []mapPoint
	TileURL            string
}

type mapPoint struct {
	Title string  `json:"title"`
	URL   string  `json:"url"`
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
}

// routesResources registers the resources' pages: the directory and its
// map, a resource with its week and booking form, the resource forms,
// bookings and the calendars.
func (w *Web) routesResources(m router) {
	m.CachedByRole("GET /c/{slug}/resources", w.resources)
	m.Page("GET /c/{slug}/resources/map", w.resources)
	m.Page("GET /c/{slug}/resources/new", w.newResourcePage)
	m.Form("POST /c/{slug}/resources/new", w.createResource, w.newResourcePage)
	m.Cached("GET /c/{slug}/resources/{id}", w.resource)
	// Booking answers with the resource's page and what was booked (201),
	// not a redirect, so it is not a Form.
	m.Raw("POST /c/{slug}/resources/{id}", w.book)
	m.Page("GET /c/{slug}/resources/{id}/edit", w.editResourcePage)
	m.Form("POST /c/{slug}/resources/{id}/edit", w.updateResource, w.editResourcePage)
	// A photo comes as a multipart body larger than a form's limit.
	m.Raw("POST /c/{slug}/resources/{id}/photo", w.uploadPhoto)
	m.Form("POST /c/{slug}/resources/{id}/bookings/{booking}/decision", w.decideBooking, w.resourceAfterDecision)
	m.Form("POST /c/{slug}/resources/{id}/trust", w.trustForResource, w.resource)
	m.Form("POST /c/{slug}/resources/{id}/trust/{user_id}/remove", w.revokeResourceTrust, nil)
	m.Form("POST /bookings/{booking}/cancel", w.cancelBooking, nil)
	m.Page("GET /me/bookings", w.myBookings)
	m.Form("POST /me/calendar", w.renewCalendar, nil)
	m.Raw("GET /resources/{id}/photo", w.photo)
	m.Raw("GET /resources/{id}/calendar.ics", w.resourceCalendar)
	m.Raw("GET /calendar/{token}", w.personalCalendar)
}

// resources is the directory: full-text search and filters as a plain GET
// form, and the same list under a map at /resources/map.
func (w *Web) resources(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	loc := w.App.Location(*v.Community)
	f := app.ResourceFilter{Kind: commons.Kind(q.Get("kind")), Sector: commons.Sector(q.Get("sector")), Query: q.Get("q"),
		Accessibility: q["accessibility"], Page: commons.Page{Cursor: q.Get("cursor")}}
	var val commons.Validator
	if s := q.Get("min_capacity"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			val.Fail("min_capacity", commons.Msg("error.field.range", "Min", 0, "Max", 100000))
		}
		f.MinCapacity = n
	}
	if q.Get("free_day") != "" || q.Get("free_from") != "" || q.Get("free_to") != "" {
		f.FreeFrom, f.FreeTo = parseLocalSlot(&val, loc, q.Get("free_day"), q.Get("free_from"), q.Get("free_to"))
	}
	d := resourcesData{MapPoints: []mapPoint{}, Kinds: commons.Kinds, Sectors: commons.Sectors, Features: app.AccessibilityFeatures(*v.Community), Query: q,
		Map: strings.HasSuffix(r.URL.Path, "/map"), TileURL: w.TileURL}
	v.Form = &form{Values: q, Errors: map[string]string{}}
	if err := val.Err(); err != nil {
		formFailed(v.Form, err, v.L)
	} else {
		d.Resources, d.Next, err = w.App.Resources(r.Context(), v.Scope, f)
		if err != nil && !formFailed(v.Form, err, v.L) {
			return "", err
		}
		w.translateList(r, v, commons.SubjectResource, len(d.Resources), func(i int) (string, *string, *string) {
			res := &d.Resources[i]
			return res.ID, &res.Title, &res.Description
		})
	}
	keep := url.Values{}
	for k, vs := range q {
		if k != "cursor" {
			keep[k] = vs
		}
	}
	list := "/c/" + v.Community.Slug + "/resources"
	if d.Map {
		d.SwitchURL = list + "?" + keep.Encode()
	} else {
		d.SwitchURL = list + "/map?" + keep.Encode()
	}
	if d.Next != "" {
		next := url.Values{"cursor": {d.Next}}
		for k, vs := range keep {
			next[k] = vs
		}
		d.NextURL = "?" + next.Encode()
	}
	for _, res := range d.Resources {
		if res.Latitude != nil {
			d.MapPoints = append(d.MapPoints, mapPoint{Title: res.Title, URL: "/c/" + v.Community.Slug + "/resources/" + res.ID,
				Lat: *res.Latitude, Lng: *res.Longitude})
		}
	}
	v.Title, v.Data = v.L.T("resources.title"), d
	if d.Map {
		v.Title = v.L.T("resources.map_title")
		v.Scripts = []string{"/static/leaflet/leaflet.js", "/static/map.js"}
		v.Styles = []string{"/static/leaflet/leaflet.css"}
		v.NoHTMX = true
	}
	return "resources", nil
}

// parseLocalSlot reads a day and two clock times in the community's time
// zone, as the booking and filter forms send them.
func parseLocalSlot(v *commons.Validator, loc *time.Location, day, from, to string) (time.Time, time.Time) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(day), loc)
	if err != nil {
		v.Fail("day", commons.Msg("error.availability.day"))
		return time.Time{}, time.Time{}
	}
	fm, ok1 := commons.ParseClock(strings.TrimSpace(from))
	tm, ok2 := commons.ParseClock(strings.TrimSpace(to))
	if !ok1 {
		v.Fail("from", commons.Msg("error.field.clock"))
	}
	if !ok2 {
		v.Fail("to", commons.Msg("error.field.clock"))
	}
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}
	}
	start := time.Date(d.Year(), d.Month(), d.Day(), fm/60, fm%60, 0, 0, loc)
	end := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Add(0)
	end = time.Date(end.Year(), end.Month(), end.Day(), tm/60, tm%60, 0, 0, loc)
	return start, end
}

type weekDay struct {
	Date     time.Time
	Past     bool // over already: not "free"
	Bookings []shownBooking
	Hours    []commons.OpeningInterval
	Closed   string
	IsClosed bool
}

// shownBooking is a booking as the use case returned it (its purpose
// blanked for readers who may not see it), with its times as the page
// writes them.
type shownBooking struct {
	app.BookingView
	Start, End string
	// Clashes are the other bookings a request overlaps, for the steward
	// deciding it: a confirmed one means it cannot be confirmed as it is.
	Clashes []shownBooking
}

// ClashesConfirmed reports whether a request overlaps a confirmed booking.
func (b shownBooking) ClashesConfirmed() bool {
	for _, c := range b.Clashes {
		if c.Status == commons.BookingConfirmed {
			return true
		}
	}
	return false
}

type resourceData struct {
	Resource     app.ResourceView
	Availability commons.Availability
	Week         []weekDay
	WeekOf       time.Time
	PrevWeek     string
	NextWeek     string
	Requests     []shownBooking
	Trusted      []app.TrustedView
	Booked       []app.BookingView
	Skipped      []commons.TimeSlot
	Conflicts    []string
	// Holders are the bookings that hold the times a booking asked for,
	// as far as the reader may see them.
	Holders []shownBooking
	// DecisionFor is the request whose decision failed, and DecisionError
	// why, said in its card instead of on a page of its own.
	DecisionFor, DecisionError string
	Location                   *time.Location
	Moderation                 moderationView
}

// resource shows a resource with its week, its booking form and, for
// stewards, the requests that wait. Shown again after a failed form
// (booking, trust), it keeps v.Form.
func (w *Web) resource(r *http.Request, v *view) (string, error) {
	return w.resourcePage(r, v, nil)
}

func (w *Web) resourcePage(r *http.Request, v *view, outcome *app.BookingOutcome) (string, error) {
	ctx := r.Context()
	res, err := w.App.Resource(ctx, v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectResource, res.ID, res.May.Edit, &res.Title, &res.Description)
	loc := w.App.Location(*v.Community)
	d := resourceData{Resource: res, Location: loc}
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectResource, res.ID, res.AuthorID(), res.Moderation); err != nil {
		return "", err
	}
	if d.Availability, err = w.App.Availability(ctx, res.Resource); err != nil {
		return "", err
	}
	weekOf := v.L.WeekStart(w.App.Now(), loc) // on the reader's first day of the week
	if s := r.URL.Query().Get("week"); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			weekOf = v.L.WeekStart(t, loc)
		}
	}
	if outcome != nil && len(outcome.Bookings) > 0 {
		// After booking, the week shown is the one booked, not this one.
		weekOf = v.L.WeekStart(outcome.Bookings[0].StartsAt, loc)
	}
	today := localDay(w.App.Now(), loc)
	d.WeekOf = weekOf
	d.PrevWeek = weekOf.AddDate(0, 0, -7).Format("2006-01-02")
	d.NextWeek = weekOf.AddDate(0, 0, 7).Format("2006-01-02")
	if res.Bookable {
		bookings, err := w.App.Bookings(ctx, v.Scope, res, weekOf, weekOf.AddDate(0, 0, 7))
		if err != nil {
			return "", err
		}
		for i := 0; i < 7; i++ {
			day := weekOf.AddDate(0, 0, i)
			wd := weekDay{Date: day, Past: day.Before(today)}
			for _, h := range d.Availability.Hours {
				if h.Weekday == day.Weekday() {
					wd.Hours = append(wd.Hours, h)
				}
			}
			for _, c := range d.Availability.Closed {
				if c.Day == day.Format("2006-01-02") {
					wd.IsClosed, wd.Closed = true, c.Reason
				}
			}
			for _, b := range bookings {
				if b.StartsAt.Before(day.AddDate(0, 0, 1)) && b.EndsAt.After(day) {
					wd.Bookings = append(wd.Bookings, shown(v.L, b))
				}
			}
			d.Week = append(d.Week, wd)
		}
		if res.May.Decide {
			upcoming, err := w.App.Bookings(ctx, v.Scope, res, w.App.Now(), w.App.Now().AddDate(0, 0, 365))
			if err != nil {
				return "", err
			}
			for _, b := range upcoming {
				if !b.May.Decide {
					continue
				}
				req := shown(v.L, b)
				for _, o := range upcoming {
					if o.ID != b.ID && (o.Status == commons.BookingConfirmed || o.Status == commons.BookingRequested) &&
						o.TimeSlot().Overlaps(b.TimeSlot()) {
						req.Clashes = append(req.Clashes, shown(v.L, o))
					}
				}
				d.Requests = append(d.Requests, req)
			}
			if d.Trusted, err = w.App.ResourceTrusted(ctx, res); err != nil {
				return "", err
			}
			if err := w.offerMembers(ctx, v); err != nil {
				return "", err
			}
		}
	}
	if outcome != nil {
		d.Booked, d.Skipped = outcome.Bookings, outcome.Skipped
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{"day": {w.App.Now().In(loc).AddDate(0, 0, 1).Format("2006-01-02")}, "from": {"10:00"}, "to": {"11:00"}},
			Errors: map[string]string{}}
	}
	if conflicts, ok := v.Form.Values["conflict"]; ok {
		d.Conflicts = conflicts
		// Name what holds those times, as far as the reader may see it.
		for _, c := range v.Form.Values["conflict_at"] {
			at, err := time.Parse(time.RFC3339, c)
			if err != nil {
				continue
			}
			held, err := w.App.Bookings(ctx, v.Scope, res, at, at.Add(time.Minute))
			if err != nil {
				return "", err
			}
			for _, h := range held {
				if h.Status == commons.BookingConfirmed {
					d.Holders = append(d.Holders, shownBooking{BookingView: h, Start: when(v.L, h.StartsAt.In(loc)), End: v.L.Time(h.EndsAt.In(loc))})
				}
			}
		}
	}
	v.Title, v.Data = res.Title, d
	v.Talk = w.talkAbout(r, v, commons.SubjectResource, res.ID)
	return "resource", nil
}

// shown writes a booking's times in its community's zone, as the reader's
// language writes a time of day.
func shown(l *i18n.Localizer, b app.BookingView) shownBooking {
	return shownBooking{BookingView: b, Start: l.Time(b.StartsAt.In(b.Location)), End: l.Time(b.EndsAt.In(b.Location))}
}

// book takes the booking form: a day, two clock times in the community's
// time zone, a purpose, and optionally a weekly repeat. It answers with
// the resource's page: what was booked (201), or the form with its
// problems.
func (w *Web) book(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	var v *view
	if err == nil {
		v, err = w.viewFor(r)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	outcome, err := w.bookFrom(r, v, f)
	if err == nil {
		rw.Header().Set("Cache-Control", "no-store")
		v.status = http.StatusCreated
		w.serve(rw, r, v, func(r *http.Request, v *view) (string, error) { return w.resourcePage(r, v, &outcome) })
		return
	}
	if !formFailed(f, err, v.L) {
		w.Fail(rw, r, err)
		return
	}
	v.Form, v.status = f, commons.CodeOf(err).Status()
	w.serve(rw, r, v, w.resource)
}

// bookFrom reads the booking form and books; a refusal's conflicts and
// times are put beside the form's own fields.
func (w *Web) bookFrom(r *http.Request, v *view, f *form) (app.BookingOutcome, error) {
	loc := w.App.Location(*v.Community)
	var val commons.Validator
	start, end := parseLocalSlot(&val, loc, f.Get("day"), f.Get("from"), f.Get("to"))
	req := app.BookingRequest{Start: start, End: end, Purpose: f.Get("purpose"), SkipConflicts: f.Get("skip_conflicts") == "on"}
	if n := strings.TrimSpace(f.Get("repeat_weeks")); n != "" && n != "0" && n != "1" {
		count, err := strconv.Atoi(n)
		if err != nil {
			val.Fail("repeat_weeks", commons.Msg("error.field.range", "Min", 1, "Max", commons.MaxRepeatCount))
		}
		req.Repeat = &commons.Recurrence{EveryWeeks: 1, Count: count}
	}
	if err := val.Err(); err != nil {
		return app.BookingOutcome{}, err
	}
	outcome, err := w.App.Book(r.Context(), v.Scope, r.PathValue("id"), req)
	if err != nil {
		e := commons.ErrorOf(err)
		for _, c := range e.Conflicts {
			f.Values.Add("conflict", when(v.L, c.Start.In(loc))+"–"+v.L.Time(c.End.In(loc)))
			f.Values.Add("conflict_at", c.Start.Format(time.RFC3339))
		}
		if e.Code == commons.CodeInvalid && e.Fields["starts_at"].Key != "" {
			e.Fields["day"] = e.Fields["starts_at"]
		}
		if e.Code == commons.CodeInvalid && e.Fields["ends_at"].Key != "" {
			e.Fields["to"] = e.Fields["ends_at"]
		}
	}
	return outcome, err
}

// resourcePath is a resource's page.
func resourcePath(v *view, id string) string { return "/c/" + v.Community.Slug + "/resources/" + id }

func (w *Web) decideBooking(r *http.Request, v *view, f *form) (done, error) {
	confirm := f.Get("decision") == "confirm"
	if !confirm && f.Get("decision") != "decline" {
		return done{}, commons.Errorf(commons.CodeBadRequest, "error.form")
	}
	// The booking must be one of the resource the path names.
	b, err := w.App.Booking(r.Context(), v.Scope, r.PathValue("booking"))
	if err == nil && b.ResourceID != r.PathValue("id") {
		err = commons.NotFound()
	}
	if err == nil {
		_, err = w.App.DecideBooking(r.Context(), v.Scope, b.ID, confirm, f.Get("reason"))
	}
	flash := "flash.booking_declined"
	if confirm {
		flash = "flash.booking_confirmed"
	}
	return done{To: resourcePath(v, r.PathValue("id")), Flash: flash}, err
}

// resourceAfterDecision is the resource page again when a decision was
// refused (a request that now clashes, one decided meanwhile): the reason
// is said in the request's card, beside the offer to decline it.
func (w *Web) resourceAfterDecision(r *http.Request, v *view) (string, error) {
	failed := v.Form
	v.Form = nil
	page, err := w.resourcePage(r, v, nil)
	if d, ok := v.Data.(resourceData); ok && failed != nil {
		d.DecisionFor, d.DecisionError = r.PathValue("booking"), failed.Error
		if d.DecisionError == "" {
			d.DecisionError = v.L.T("form.fix_below")
		}
		v.Data = d
	}
	return page, err
}

// cancelBooking is found by the booking alone: its community's scope is
// the booking's.
func (w *Web) cancelBooking(r *http.Request, _ *view, _ *form) (done, error) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectBooking, r.PathValue("booking"))
	if err == nil {
		err = w.App.CancelBooking(r.Context(), s, r.PathValue("booking"))
	}
	if commons.CodeOf(err) == commons.CodeConflict {
		err = nil // cancelled already: fine
	}
	return done{To: localPath(r.URL.Query().Get("back"), "/me/bookings"), Flash: "flash.booking_cancelled"}, err
}

func (w *Web) trustForResource(r *http.Request, v *view, f *form) (done, error) {
	matches, err := w.App.TrustNamedForResource(r.Context(), v.Scope, r.PathValue("id"), picked(f, "person"))
	keepMatches(f, "person", matches)
	return done{To: resourcePath(v, r.PathValue("id")), Flash: "flash.saved"}, err
}

func (w *Web) revokeResourceTrust(r *http.Request, v *view, _ *form) (done, error) {
	err := w.App.RevokeResourceTrust(r.Context(), v.Scope, r.PathValue("id"), r.PathValue("user_id"))
	return done{To: resourcePath(v, r.PathValue("id")), Flash: "flash.saved"}, err
}

type resourceFormData struct {
	Kinds         []commons.Kind
	Terms         []commons.Terms
	Approvals     []commons.Approval
	Features      []string
	Organizations []commons.Organization
	Editing       *commons.Resource
	Weekdays      []time.Weekday
	Hours         map[time.Weekday]string
	Closed        string
}

func (w *Web) resourceFormData(ctx context.Context, v *view, editing *commons.Resource) (resourceFormData, error) {
	d := resourceFormData{Kinds: commons.Kinds, Terms: commons.AllTerms, Approvals: commons.Approvals,
		Features: app.AccessibilityFeatures(*v.Community), Editing: editing,
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}}
	if editing == nil {
		var err error
		if d.Organizations, err = w.App.OrganizationsToShareFor(ctx, v.Scope); err != nil {
			return d, err
		}
	}
	return d, nil
}

// newResourcePage is the form to share a resource; shown again with its
// problems, it keeps v.Form.
func (w *Web) newResourcePage(r *http.Request, v *view) (string, error) {
	if !v.May.PublishResource {
		return "", forbiddenOrSignIn(v)
	}
	d, err := w.resourceFormData(r.Context(), v, nil)
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("resource.new.title"), d
	if v.Form == nil {
		v.Form = &form{Values: url.Values{"kind": {"space"}, "terms": {"free"}, "approval": {"open"}, "bookable": {"on"}}}
	}
	return "resource_form", nil
}

// resourceFieldsFrom reads the resource form.
func resourceFieldsFrom(f *form, val *commons.Validator) commons.ResourceFields {
	optInt := func(name string) *int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			val.Fail(name, commons.Msg("error.field.number"))
			return nil
		}
		return &n
	}
	optFloat := func(name string) *float64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			val.Fail("latitude", commons.Msg("error.field.coordinates"))
			return nil
		}
		return &x
	}
	return commons.ResourceFields{Kind: commons.Kind(f.Get("kind")), Title: f.Get("title"), Description: f.Get("description"),
		OwnerOrgID: f.Get("organization_id"), Address: f.Get("address"), Place: postalAddressFrom(f), Latitude: optFloat("latitude"), Longitude: optFloat("longitude"),
		Capacity: optInt("capacity"), Accessibility: f.Values["accessibility"], Terms: commons.Terms(f.Get("terms")),
		TermsNote: f.Get("terms_note"), Bookable: f.Get("bookable") == "on", Approval: commons.Approval(f.Get("approval")),
		MaxHoursPerWeek: optInt("max_hours_per_week"), MaxFutureBookings: optInt("max_future_bookings"),
		PublicTitles: f.Get("public_titles") == "on", TrustLapseDays: optInt("trust_lapse_days")}
}

func (w *Web) createResource(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	fields := resourceFieldsFrom(f, &val)
	if err := val.Err(); err != nil {
		return done{}, err
	}
	res, err := w.App.CreateResource(r.Context(), v.Scope, fields)
	return done{To: resourcePath(v, res.ID), Flash: "flash.resource_created"}, err
}

// editResourcePage shows the edit form: as submitted (v.Form, when shown
// again), or else with the saved values.
func (w *Web) editResourcePage(r *http.Request, v *view) (string, error) {
	return w.resourceForm(r, v, nil)
}

// resourceForm shows the edit form, with any problems given beside the
// saved values (a refused photo, say).
func (w *Web) resourceForm(r *http.Request, v *view, problems map[string]string) (string, error) {
	res, av, err := w.App.EditableResource(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d, err := w.resourceFormData(r.Context(), v, &res.Resource)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		f := &form{Values: resourceValues(res.Resource), Errors: map[string]string{}}
		for _, wd := range d.Weekdays {
			var parts []string
			for _, h := range av.Hours {
				if h.Weekday == wd {
					parts = append(parts, commons.Clock(h.Opens)+"-"+commons.Clock(h.Closes))
				}
			}
			f.Values.Set(fmt.Sprintf("hours_%d", wd), strings.Join(parts, ", "))
		}
		var closed []string
		for _, c := range av.Closed {
			closed = append(closed, strings.TrimSpace(c.Day+" "+c.Reason))
		}
		f.Values.Set("closed", strings.Join(closed, "\n"))
		for k, v := range problems {
			f.Errors[k] = v
		}
		v.Form = f
	}
	v.Title, v.Data = v.L.T("resource.edit.title", "Title", res.Title), d
	return "resource_form", nil
}

func resourceValues(res commons.Resource) url.Values {
	vals := url.Values{"kind": {string(res.Kind)}, "title": {res.Title}, "description": {res.Description}, "address": {res.Address},
		"city": {res.Place.City}, "region": {res.Place.Region}, "postal_code": {res.Place.PostalCode}, "country": {res.Place.Country},
		"terms": {string(res.Terms)}, "terms_note": {res.TermsNote}, "approval": {string(res.Approval)}, "accessibility": res.Accessibility}
	num := func(name string, p *int) {
		if p != nil {
			vals.Set(name, strconv.Itoa(*p))
		}
	}
	num("capacity", res.Capacity)
	num("max_hours_per_week", res.MaxHoursPerWeek)
	num("max_future_bookings", res.MaxFutureBookings)
	num("trust_lapse_days", res.TrustLapseDays)
	if res.Latitude != nil {
		vals.Set("latitude", strconv.FormatFloat(*res.Latitude, 'f', -1, 64))
		vals.Set("longitude", strconv.FormatFloat(*res.Longitude, 'f', -1, 64))
	}
	if res.Bookable {
		vals.Set("bookable", "on")
	}
	if res.PublicTitles {
		vals.Set("public_titles", "on")
	}
	return vals
}

// updateResource saves the edit form: the resource's fields and its
// opening hours ("09:00-12:00, 13:00-17:00" per weekday) and closed dates
// ("2026-12-25 Christmas", one per line) together.
func (w *Web) updateResource(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	fields := resourceFieldsFrom(f, &val)
	av := availabilityFrom(f, &val)
	err := val.Err()
	if err == nil {
		_, err = w.App.UpdateResourceAndAvailability(r.Context(), v.Scope, r.PathValue("id"), fields, av)
	}
	return done{To: resourcePath(v, r.PathValue("id")), Flash: "flash.saved"}, err
}

func availabilityFrom(f *form, val *commons.Validator) commons.Availability {
	var av commons.Availability
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		for _, part := range strings.Split(f.Get(fmt.Sprintf("hours_%d", wd)), ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			a, b, ok := strings.Cut(part, "-")
			o, ok1 := commons.ParseClock(strings.TrimSpace(a))
			c, ok2 := commons.ParseClock(strings.TrimSpace(b))
			if !ok || !ok1 || !ok2 {
				val.Fail(fmt.Sprintf("hours_%d", wd), commons.Msg("error.availability.hours"))
				continue
			}
			av.Hours = append(av.Hours, commons.OpeningInterval{Weekday: wd, Opens: o, Closes: c})
		}
	}
	for _, line := range strings.Split(f.Get("closed"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		day, reason, _ := strings.Cut(line, " ")
		av.Closed = append(av.Closed, commons.ClosedDate{Day: day, Reason: strings.TrimSpace(reason)})
	}
	return av
}

// uploadPhoto takes a multipart form with one image; a refused image
// shows the edit form again with the problem beside the photo.
func (w *Web) uploadPhoto(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, app.MaxPhotoBytes+64<<10)
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	file, _, err := r.FormFile("photo")
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			w.Fail(rw, r, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "5 MiB"))
			return
		}
		w.Fail(rw, r, commons.Errorf(commons.CodeBadRequest, "error.photo.missing"))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, app.MaxPhotoBytes+1))
	if err == nil {
		err = w.App.SetPhoto(r.Context(), v.Scope, r.PathValue("id"), data)
	}
	if err == nil {
		redirect(rw, r, resourcePath(v, r.PathValue("id")), "flash.saved")
		return
	}
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	if !formFailed(f, err, v.L) {
		w.Fail(rw, r, err)
		return
	}
	problems := f.Errors
	if len(problems) == 0 {
		problems = map[string]string{"photo": f.Error}
	}
	v.status = commons.CodeOf(err).Status()
	w.serve(rw, r, v, func(r *http.Request, v *view) (string, error) { return w.resourceForm(r, v, problems) })
}

// photo serves a resource's photo, cacheable until it changes.
func (w *Web) photo(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectResource, r.PathValue("id"))
	var res app.ResourceView
	if err == nil {
		res, err = w.App.Resource(r.Context(), s, r.PathValue("id"))
	}
	var data []byte
	var ct string
	var at time.Time
	if err == nil {
		data, ct, at, err = w.App.Photo(r.Context(), res.Resource)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", ct)
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(rw, r, "", at, strings.NewReader(string(data)))
}

type myBookingsData struct {
	Bookings    []shownBooking
	CalendarURL string
}

func (w *Web) myBookings(r *http.Request, v *view) (string, error) {
	bs, err := w.App.MyBookings(r.Context(), v.User)
	if err != nil {
		return "", err
	}
	token, err := w.App.CalendarToken(r.Context(), v.User, false)
	if err != nil {
		return "", err
	}
	d := myBookingsData{CalendarURL: w.absoluteURL("/calendar/" + token + ".ics")}
	for _, b := range bs {
		sb := shown(v.L, b)
		sb.Start = when(v.L, b.StartsAt.In(b.Location))
		d.Bookings = append(d.Bookings, sb)
	}
	v.Title, v.Data = v.L.T("bookings.title"), d
	return "my_bookings", nil
}

func (w *Web) renewCalendar(r *http.Request, v *view, _ *form) (done, error) {
	_, err := w.App.CalendarToken(r.Context(), v.User, true)
	return done{To: "/me/bookings", Flash: "flash.calendar_renewed"}, err
}

// absoluteURL makes a link for use outside the browser (a calendar
// program, a search engine's JSON-LD) from the site's public address
// (--public-url), never from the request's Host header, which the sender
// chooses (issue 21).
func (w *Web) absoluteURL(path string) string {
	return strings.TrimRight(w.App.PublicURL, "/") + path
}
