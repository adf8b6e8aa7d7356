package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// everydayStyles styles issue 15's pages (printing a list of people).
const everydayStyles = "/static/everyday.css"

// routesEveryday adds the pages of issue 15's everyday use: organizers
// editing what they published and seeing who comes.
func (w *Web) routesEveryday(m router) {
	m.Page("GET /c/{slug}/activities/{id}/edit", w.editActivityPage)
	m.Form("POST /c/{slug}/activities/{id}/edit", w.editActivity, w.editActivityPage)
	m.Form("POST /c/{slug}/activities/{id}/cancel-series", w.cancelSeries, w.activity)
	m.Page("GET /c/{slug}/activities/{id}/people", w.activityPeople)
	m.Raw("GET /c/{slug}/activities/{id}/people.csv", w.activityPeopleCSV)
	m.Form("POST /c/{slug}/activities/{id}/announce", w.announce, w.activityPeople)
}

type activityEditData struct {
	Activity shownActivity
	// Series is true when the occurrence has others, so that the edit
	// may reach them.
	Series bool
	Scopes []commons.SeriesScope
}

// money writes minor units as a form's field holds them.
func money(minor *int) string {
	if minor == nil || *minor == 0 {
		return ""
	}
	return fmt.Sprintf("%d.%02d", *minor/100, *minor%100)
}

// editActivityPage is the form to change an occurrence after publishing;
// shown again, with its problems, when the change is refused.
func (w *Web) editActivityPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	av, err := w.App.Activity(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !av.May.Edit {
		return "", commons.Forbidden()
	}
	a := av.Activity
	f := v.Form
	if f == nil {
		f = &form{Values: url.Values{"title": {a.Title}, "description": {a.Description}, "languages": a.Languages,
			"cost": {money(a.CostMinor)}, "currency": {a.Currency}, "accessibility": {a.Accessibility}, "scope": {string(commons.ScopeOne)}},
			Errors: map[string]string{}}
		if a.Currency == "" {
			f.Values.Set("currency", "GBP")
		}
		if a.Capacity != nil {
			f.Values.Set("capacity", strconv.Itoa(*a.Capacity))
		}
	}
	d := activityEditData{Activity: showActivity(v.L, a, w.App.Location(*v.Community)), Series: len(av.Series) > 1, Scopes: commons.SeriesScopes}
	v.Title, v.Form, v.Data = v.L.T("activity.edit.title", "Title", a.Title), f, d
	return "activity_edit", nil
}

func (w *Web) editActivity(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	var val commons.Validator
	e := commons.ActivityEdit{Title: f.Get("title"), Description: f.Get("description"), Languages: formLanguages(f),
		Currency: f.Get("currency"), Accessibility: f.Get("accessibility")}
	if s := strings.TrimSpace(f.Get("capacity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			val.Fail("capacity", commons.Msg("error.field.number"))
		}
		e.Capacity = &n
	}
	var ok bool
	if e.CostMinor, ok = parseMoney(f.Get("cost")); !ok {
		val.Fail("cost", commons.Msg("error.field.number"))
	}
	if err := val.Err(); err != nil {
		return done{}, err
	}
	_, err := w.App.EditActivity(r.Context(), v.Scope, id, e, commons.SeriesScope(f.Get("scope")))
	return done{To: activityPath(v, id), Flash: "flash.activity_edited"}, err
}

func (w *Web) cancelSeries(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.CancelSeries(r.Context(), v.Scope, id, commons.SeriesScope(f.Get("scope")))
	return done{To: activityPath(v, id), Flash: "flash.activity_series_cancelled"}, err
}

// registrant is a person on an occurrence's list, numbered from 1.
type registrant struct {
	N int
	app.Registration
}

type activityPeopleData struct {
	Activity      shownActivity
	Registrations []registrant
	// WriteTo is the address of a message to everyone on the list, when
	// they fit in one conversation.
	WriteTo string
	// Announce offers the form that writes to everyone registered,
	// however many (app.Announce), when it would reach someone.
	Announce bool
}

// activityPeople is the printable list of who registered and who waits,
// for those who run the occurrence.
func (w *Web) activityPeople(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	id := r.PathValue("id")
	regs, err := w.App.Registrations(r.Context(), v.Scope, id)
	if err != nil {
		return "", err
	}
	av, err := w.App.Activity(r.Context(), v.Scope, id)
	if err != nil {
		return "", err
	}
	d := activityPeopleData{Activity: showActivity(v.L, av.Activity, w.App.Location(*v.Community))}
	for i, g := range regs {
		d.Registrations = append(d.Registrations, registrant{N: i + 1, Registration: g})
	}
	to := url.Values{}
	for _, g := range regs {
		if g.UserID != v.User.ID && g.Name != "" {
			to.Add("to", g.UserID)
		}
	}
	if n := len(to["to"]); n > 0 && n < commons.MaxConversationSize {
		d.WriteTo = "/messages/new?" + to.Encode()
	}
	d.Announce = av.May.Announce
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data, v.Styles = v.L.T("activity.people.title", "Title", av.Title), d, []string{everydayStyles}
	return "activity_people", nil
}

// announce writes to everyone registered for the occurrence.
func (w *Web) announce(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.Announce(r.Context(), v.Scope, id, f.Get("message"))
	return done{To: activityPath(v, id) + "/people", Flash: "flash.activity_announced"}, err
}

// activityPeopleCSV is the same list for a spreadsheet.
func (w *Web) activityPeopleCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err == nil && v.User == nil {
		err = commons.Unauthenticated()
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	id := r.PathValue("id")
	regs, err := w.App.Registrations(r.Context(), v.Scope, id)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rows := make([]encode.Registrant, len(regs))
	for i, g := range regs {
		rows[i] = encode.Registrant{Position: i + 1, Name: g.Name, Status: g.Status}
	}
	// An export of people's names is a security event, as the record's is.
	w.Log.InfoContext(r.Context(), "security: registrations exported", "user_id", v.User.ID, "activity_id", id)
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Content-Disposition", `attachment; filename="people-`+id+`.csv"`)
	encode.RegistrationsCSV(rw, rows)
}
