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
	"github.com/commons-project/commons/internal/reqctx"
)

type resourcesData struct {
	Resources []commons.Resource
	Kinds     []commons.Kind
	Sectors   []commons.Sector
	Features  []string
	Query     url.Values
	Next      string
	Map       bool
	MapPoints []mapPoint
	TileURL   string
}

type mapPoint struct {
	Title string  `json:"title"`
	URL   string  `json:"url"`
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
}

// resources is the directory: full-text search and filters as a plain GET
// form, and the same list under a map at /resources/map.
func (w *Web) resources(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
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
		d.Resources, d.Next, err = w.App.Resources(r.Context(), v.Community.Slug, f)
		if err != nil && !formFailed(v.Form, err, v.L) {
			w.Fail(rw, r, err)
			return
		}
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
	w.render(rw, r, http.StatusOK, "resources", v)
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

// resourceView loads the resource named in the path, in the path's community.
func (w *Web) resourceView(r *http.Request) (*view, commons.Resource, error) {
	v, err := w.communityView(r)
	if err != nil {
		return nil, commons.Resource{}, err
	}
	res, err := w.App.ResourceIn(r.Context(), *v.Community, r.PathValue("id"))
	if err == nil {
		err = w.App.ShownResource(r.Context(), v.User, res)
	}
	return v, res, err
}

type weekDay struct {
	Date     time.Time
	Bookings []shownBooking
	Hours    []commons.OpeningInterval
	Closed   string
	IsClosed bool
}

type shownBooking struct {
	commons.Booking
	Start, End  string
	ShowPurpose bool
	Mine        bool
}

type resourceData struct {
	Resource     commons.Resource
	CanManage    bool
	IsSteward    bool
	Availability commons.Availability
	Week         []weekDay
	WeekOf       time.Time
	PrevWeek     string
	NextWeek     string
	Requests     []shownBooking
	Trusted      []trustedRow
	Booked       []commons.Booking
	Skipped      []commons.TimeSlot
	Conflicts    []string
	Location     *time.Location
	Moderation   moderationView
}

type trustedRow struct {
	UserID, Name string
}

func (w *Web) resource(rw http.ResponseWriter, r *http.Request) {
	w.renderResource(rw, r, http.StatusOK, nil, nil)
}

// renderResource shows a resource with its week, its booking form and, for
// stewards, the requests that wait.
func (w *Web) renderResource(rw http.ResponseWriter, r *http.Request, status int, f *form, outcome *app.BookingOutcome) {
	v, res, err := w.resourceView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	ctx := r.Context()
	loc := w.App.Location(*v.Community)
	d := resourceData{Resource: res, Location: loc}
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectResource, res.ID, res.AuthorID(), res.Moderation); err != nil {
		w.Fail(rw, r, err)
		return
	}
	if d.CanManage, err = w.App.CanManageResource(ctx, v.User, res); err == nil {
		d.IsSteward, err = w.App.IsSteward(ctx, v.User, res)
	}
	if err == nil {
		d.Availability, err = w.App.Availability(ctx, res)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	weekOf := commons.WeekStart(w.App.Now(), loc)
	if s := r.URL.Query().Get("week"); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			weekOf = commons.WeekStart(t, loc)
		}
	}
	d.WeekOf = weekOf
	d.PrevWeek = weekOf.AddDate(0, 0, -7).Format("2006-01-02")
	d.NextWeek = weekOf.AddDate(0, 0, 7).Format("2006-01-02")
	if res.Bookable {
		bookings, err := w.App.Bookings(ctx, res, weekOf, weekOf.AddDate(0, 0, 7))
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		for i := 0; i < 7; i++ {
			day := weekOf.AddDate(0, 0, i)
			wd := weekDay{Date: day}
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
					wd.Bookings = append(wd.Bookings, w.shown(v, b, loc, res.PublicTitles || d.IsSteward))
				}
			}
			d.Week = append(d.Week, wd)
		}
		if d.IsSteward {
			upcoming, err := w.App.Bookings(ctx, res, w.App.Now(), w.App.Now().AddDate(0, 0, 365))
			if err != nil {
				w.Fail(rw, r, err)
				return
			}
			for _, b := range upcoming {
				if b.Status == commons.BookingRequested {
					d.Requests = append(d.Requests, w.shown(v, b, loc, true))
				}
			}
			people, err := w.App.ResourceTrusted(ctx, res)
			if err != nil {
				w.Fail(rw, r, err)
				return
			}
			for _, p := range people {
				d.Trusted = append(d.Trusted, trustedRow{UserID: p.UserID, Name: p.Name})
			}
		}
	}
	if outcome != nil {
		d.Booked, d.Skipped = outcome.Bookings, outcome.Skipped
	}
	if f == nil {
		f = &form{Values: url.Values{"day": {w.App.Now().In(loc).AddDate(0, 0, 1).Format("2006-01-02")}, "from": {"10:00"}, "to": {"11:00"}},
			Errors: map[string]string{}}
	}
	if conflicts, ok := f.Values["conflict"]; ok {
		d.Conflicts = conflicts
	}
	v.Title, v.Form, v.Data = res.Title, f, d
	v.Talk = w.talkAbout(r, v, commons.SubjectResource, res.ID)
	w.render(rw, r, status, "resource", v)
}

func (w *Web) shown(v *view, b commons.Booking, loc *time.Location, stewardOrPublic bool) shownBooking {
	mine := v.User != nil && v.User.ID == b.RequesterID
	return shownBooking{Booking: b, Start: b.StartsAt.In(loc).Format("15:04"), End: b.EndsAt.In(loc).Format("15:04"),
		ShowPurpose: stewardOrPublic || mine, Mine: mine}
}

// book takes the booking form: a day, two clock times in the community's
// time zone, a purpose, and optionally a weekly repeat.
func (w *Web) book(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, res, err := w.resourceView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
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
	err = val.Err()
	var outcome app.BookingOutcome
	if err == nil {
		outcome, err = w.App.Book(r.Context(), v.User, res.ID, req)
	}
	if err != nil {
		e := commons.ErrorOf(err)
		for _, c := range e.Conflicts {
			f.Values.Add("conflict", when(v.L, c.Start.In(loc))+"–"+c.End.In(loc).Format("15:04"))
		}
		if e.Code == commons.CodeInvalid && e.Fields["starts_at"].Key != "" {
			e.Fields["day"] = e.Fields["starts_at"]
		}
		if e.Code == commons.CodeInvalid && e.Fields["ends_at"].Key != "" {
			e.Fields["to"] = e.Fields["ends_at"]
		}
		if formFailed(f, err, v.L) {
			w.renderResource(rw, r, e.Code.Status(), f, nil)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Cache-Control", "no-store")
	w.renderResource(rw, r, http.StatusCreated, nil, &outcome)
}

func (w *Web) decideBooking(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	confirm := f.Get("decision") == "confirm"
	if !confirm && f.Get("decision") != "decline" {
		w.Fail(rw, r, commons.Errorf(commons.CodeBadRequest, "error.form"))
		return
	}
	_, res, err := w.resourceView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	b, _, err := w.App.Booking(r.Context(), r.PathValue("booking"))
	if err == nil && b.ResourceID != res.ID {
		err = commons.NotFound()
	}
	if err == nil {
		_, err = w.App.DecideBooking(r.Context(), reqctx.User(r.Context()), b.ID, confirm, f.Get("reason"))
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.booking_declined"
	if confirm {
		flash = "flash.booking_confirmed"
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+res.ID, flash)
}

func (w *Web) cancelBooking(rw http.ResponseWriter, r *http.Request) {
	if err := w.App.CancelBooking(r.Context(), reqctx.User(r.Context()), r.PathValue("booking")); err != nil {
		if commons.CodeOf(err) != commons.CodeConflict { // cancelled already: fine
			w.Fail(rw, r, err)
			return
		}
	}
	redirect(rw, r, localPath(r.URL.Query().Get("back"), "/me/bookings"), "flash.booking_cancelled")
}

func (w *Web) trustForResource(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	_, res, err := w.resourceView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	person, err := w.App.UserByEmail(r.Context(), f.Get("email"))
	if commons.CodeOf(err) == commons.CodeNotFound || commons.CodeOf(err) == commons.CodeBadRequest {
		err = &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
			Fields: map[string]commons.Message{"email": commons.Msg("error.not_a_member")}}
	}
	if err == nil {
		err = w.App.TrustForResource(r.Context(), reqctx.User(r.Context()), res.ID, person.ID)
		if e := commons.ErrorOf(err); err != nil && e.Code == commons.CodeInvalid {
			e.Fields = map[string]commons.Message{"email": commons.Msg("error.not_a_member")}
		}
	}
	if err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			w.renderResource(rw, r, commons.CodeOf(err).Status(), f, nil)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+res.ID, "flash.saved")
}

func (w *Web) revokeResourceTrust(rw http.ResponseWriter, r *http.Request) {
	_, res, err := w.resourceView(r)
	if err == nil {
		err = w.App.RevokeResourceTrust(r.Context(), reqctx.User(r.Context()), res.ID, r.PathValue("user_id"))
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+res.ID, "flash.saved")
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
	if v.User != nil && editing == nil {
		orgs, roles, err := w.App.Store.UserOrganizations(ctx, v.Community.ID, v.User.ID)
		if err != nil {
			return d, err
		}
		for i, o := range orgs {
			if commons.CanManageOrganization(roles[i]) {
				d.Organizations = append(d.Organizations, o)
			}
		}
	}
	return d, nil
}

func (w *Web) newResourcePage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.PublishResource {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	d, err := w.resourceFormData(r.Context(), v, nil)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data = v.L.T("resource.new.title"), d
	v.Form = &form{Values: url.Values{"kind": {"space"}, "terms": {"free"}, "approval": {"open"}, "bookable": {"on"}}}
	w.render(rw, r, http.StatusOK, "resource_form", v)
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
		OwnerOrgID: f.Get("organization_id"), Address: f.Get("address"), Latitude: optFloat("latitude"), Longitude: optFloat("longitude"),
		Capacity: optInt("capacity"), Accessibility: f.Values["accessibility"], Terms: commons.Terms(f.Get("terms")),
		TermsNote: f.Get("terms_note"), Bookable: f.Get("bookable") == "on", Approval: commons.Approval(f.Get("approval")),
		MaxHoursPerWeek: optInt("max_hours_per_week"), MaxFutureBookings: optInt("max_future_bookings"),
		PublicTitles: f.Get("public_titles") == "on", TrustLapseDays: optInt("trust_lapse_days")}
}

func (w *Web) createResource(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var val commons.Validator
	fields := resourceFieldsFrom(f, &val)
	res, err := commons.Resource{}, val.Err()
	if err == nil {
		res, err = w.App.CreateResource(r.Context(), reqctx.User(r.Context()), r.PathValue("slug"), fields)
	}
	if err != nil {
		v, verr := w.communityView(r)
		if verr != nil {
			w.Fail(rw, r, verr)
			return
		}
		if formFailed(f, err, v.L) {
			d, derr := w.resourceFormData(r.Context(), v, nil)
			if derr != nil {
				w.Fail(rw, r, derr)
				return
			}
			v.Title, v.Form, v.Data = v.L.T("resource.new.title"), f, d
			w.render(rw, r, commons.CodeOf(err).Status(), "resource_form", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+res.ID, "flash.resource_created")
}

func (w *Web) editResourcePage(rw http.ResponseWriter, r *http.Request) {
	w.renderResourceForm(rw, r, http.StatusOK, nil, nil)
}

// renderResourceForm shows the edit form: as submitted (f), or else with
// the saved values and any problems given (a refused photo, say).
func (w *Web) renderResourceForm(rw http.ResponseWriter, r *http.Request, status int, f *form, problems map[string]string) {
	v, res, err := w.resourceView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if ok, err := w.App.CanManageResource(r.Context(), v.User, res); err != nil || !ok {
		if err == nil {
			err = forbiddenOrSignIn(v)
		}
		w.Fail(rw, r, err)
		return
	}
	d, err := w.resourceFormData(r.Context(), v, &res)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	av, err := w.App.Availability(r.Context(), res)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if f == nil {
		f = &form{Values: resourceValues(res), Errors: map[string]string{}}
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
	}
	v.Title, v.Form, v.Data = v.L.T("resource.edit.title", "Title", res.Title), f, d
	w.render(rw, r, status, "resource_form", v)
}

func resourceValues(res commons.Resource) url.Values {
	vals := url.Values{"kind": {string(res.Kind)}, "title": {res.Title}, "description": {res.Description}, "address": {res.Address},
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
func (w *Web) updateResource(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var val commons.Validator
	fields := resourceFieldsFrom(f, &val)
	av := availabilityFrom(f, &val)
	user := reqctx.User(r.Context())
	err = val.Err()
	if err == nil {
		_, err = w.App.UpdateResourceAndAvailability(r.Context(), user, r.PathValue("id"), fields, av)
	}
	if err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			w.renderResourceForm(rw, r, commons.CodeOf(err).Status(), f, nil)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+r.PathValue("id"), "flash.saved")
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

// uploadPhoto takes a multipart form with one image.
func (w *Web) uploadPhoto(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, app.MaxPhotoBytes+64<<10)
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
		err = w.App.SetPhoto(r.Context(), reqctx.User(r.Context()), r.PathValue("id"), data)
	}
	if err != nil {
		f := &form{Values: url.Values{}, Errors: map[string]string{}}
		if formFailed(f, err, w.view(r, nil).L) {
			problems := f.Errors
			if len(problems) == 0 {
				problems = map[string]string{"photo": f.Error}
			}
			w.renderResourceForm(rw, r, commons.CodeOf(err).Status(), nil, problems)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/resources/"+r.PathValue("id"), "flash.saved")
}

// photo serves a resource's photo, cacheable until it changes.
func (w *Web) photo(rw http.ResponseWriter, r *http.Request) {
	res, err := w.App.Resource(r.Context(), r.PathValue("id"))
	if err == nil {
		err = w.App.ShownResource(r.Context(), reqctx.User(r.Context()), res)
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	data, ct, at, err := w.App.Photo(r.Context(), res)
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

func (w *Web) myBookings(rw http.ResponseWriter, r *http.Request) {
	u := reqctx.User(r.Context())
	bs, err := w.App.MyBookings(r.Context(), u)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	token, err := w.App.CalendarToken(r.Context(), u, false)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	d := myBookingsData{CalendarURL: absoluteURL(r, "/calendar/"+token+".ics")}
	zones := map[string]*time.Location{} // one lookup per community, not per booking
	for _, b := range bs {
		loc, ok := zones[b.CommunityID]
		if !ok {
			loc = time.UTC
			if c, err := w.App.Store.CommunityByID(r.Context(), b.CommunityID); err == nil {
				loc = w.App.Location(c)
			}
			zones[b.CommunityID] = loc
		}
		sb := w.shown(v, b, loc, true)
		sb.Start = when(v.L, b.StartsAt.In(loc))
		d.Bookings = append(d.Bookings, sb)
	}
	v.Title, v.Data = v.L.T("bookings.title"), d
	w.render(rw, r, http.StatusOK, "my_bookings", v)
}

func (w *Web) renewCalendar(rw http.ResponseWriter, r *http.Request) {
	if _, err := w.App.CalendarToken(r.Context(), reqctx.User(r.Context()), true); err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/me/bookings", "flash.calendar_renewed")
}

// absoluteURL makes a link for use outside the browser (a calendar program).
func absoluteURL(r *http.Request, path string) string {
	scheme := "http"
	if secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
