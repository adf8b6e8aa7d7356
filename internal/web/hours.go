package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// hoursStyles is the stylesheet of the hours pages: bars for totals.
const hoursStyles = "/static/hours.css"

func (w *Web) routesHours(m router) {
	m.Page("GET /c/{slug}/hours", w.hoursOverview)
	m.Page("GET /c/{slug}/hours/new", w.hoursFormPage)
	m.Form("POST /c/{slug}/hours/new", w.logHours, w.hoursFormPage)
	m.Page("GET /c/{slug}/hours/day", w.volunteerDayPage)
	m.Form("POST /c/{slug}/hours/day", w.recordVolunteerDay, w.volunteerDayPage)
	m.Page("GET /c/{slug}/hours/mine", w.myHours)
	m.Form("POST /c/{slug}/hours/{id}/answer", w.answerHours, w.myHours)
	m.Page("GET /c/{slug}/hours/to-confirm", w.hoursToConfirm)
	m.Form("POST /c/{slug}/hours/{id}/decision", w.decideHours, w.hoursToConfirm)
	m.Page("GET /c/{slug}/hours/people/{user_id}", w.personHours)
	w.routesBadges(m)
	w.routesTimeBank(m)
}

// hoursRow is one group of a total with its share of the largest, for a
// bar a reader sees without JavaScript.
type hoursRow struct {
	commons.HoursTotal
	Label   string
	Link    string
	Percent int
}

type hoursTable struct {
	Title string
	Rows  []hoursRow
}

type hoursOverviewData struct {
	app.HoursPage
	Tables []hoursTable
	// Filtered says the totals are of one initiative or organization.
	Filtered bool
}

// hoursTables turns totals into the tables a page shows, labelled in the
// reader's words.
func hoursTables(v *view, t commons.HoursTotals) []hoursTable {
	slug := v.Community.Slug
	table := func(title string, in []commons.HoursTotal, label func(commons.HoursTotal) (string, string)) hoursTable {
		tb := hoursTable{Title: v.L.T(title)}
		top := 1
		for _, x := range in {
			top = max(top, x.Minutes)
		}
		for _, x := range in {
			l, link := label(x)
			tb.Rows = append(tb.Rows, hoursRow{HoursTotal: x, Label: l, Link: link, Percent: int(math.Round(100 * float64(x.Minutes) / float64(top)))})
		}
		return tb
	}
	var out []hoursTable
	if t.ByPerson != nil {
		out = append(out, table("hours.by_person", t.ByPerson, func(x commons.HoursTotal) (string, string) {
			return x.Name, "/c/" + slug + "/hours/people/" + x.Key
		}))
	}
	out = append(out,
		table("hours.by_initiative", t.ByInitiative, func(x commons.HoursTotal) (string, string) {
			return x.Name, "/c/" + slug + "/hours?for=initiative&for_id=" + x.Key
		}),
		table("hours.by_organization", t.ByOrganization, func(x commons.HoursTotal) (string, string) {
			return x.Name, "/c/" + slug + "/hours?organization_id=" + x.Key
		}),
		table("hours.by_sector", t.BySector, func(x commons.HoursTotal) (string, string) {
			if x.Key == "" {
				return v.L.T("hours.direct"), ""
			}
			return v.L.T("sector." + x.Key), ""
		}),
		table("hours.by_theme", t.ByTheme, func(x commons.HoursTotal) (string, string) {
			switch {
			case x.Key == "":
				return v.L.T("hours.no_theme"), ""
			case commons.IsStandardTheme(x.Key):
				return v.L.T("theme." + x.Key), ""
			}
			return x.Key, ""
		}),
		table("hours.by_month", t.ByMonth, func(x commons.HoursTotal) (string, string) { return x.Key, "" }))
	return out
}

// hoursOverview shows a community's confirmed hours counted every way,
// or one initiative's or organization's.
func (w *Web) hoursOverview(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	f := commons.HoursFilter{For: commons.HoursFor(q.Get("for")), ForID: q.Get("for_id"), OrgID: q.Get("organization_id")}
	p, err := w.App.HoursTotals(r.Context(), v.Scope, f)
	if err != nil {
		return "", err
	}
	d := hoursOverviewData{HoursPage: p, Tables: hoursTables(v, p.Totals), Filtered: f.ForID != "" || f.OrgID != ""}
	v.Title, v.Data, v.Styles = v.L.T("hours.title"), d, []string{hoursStyles}
	return "hours", nil
}

// target is one thing time may be given to, as the form offers it.
type target struct{ Value, Label string }

type targetGroup struct {
	Label   string
	Targets []target
}

type hoursFormData struct {
	Groups []targetGroup
	MyOrgs []commons.Organization
	Themes []theme
	People []commons.Member
	Today  string
	// answers is what the reader may record a volunteer day for;
	// HasTargets says the day form offers at least one.
	answers    map[string]bool
	HasTargets bool
}

func (w *Web) hoursFormData(r *http.Request, v *view) (hoursFormData, error) {
	o, err := w.App.HoursOptions(r.Context(), v.Scope)
	if err != nil {
		return hoursFormData{}, err
	}
	d := hoursFormData{MyOrgs: o.MyOrgs, Themes: themeLabels(v.L, o.Themes), People: o.People, Today: o.Today, answers: o.Answers}
	g := targetGroup{Label: v.L.T("hours.for.initiative")}
	for _, i := range o.Initiatives {
		g.Targets = append(g.Targets, target{"initiative:" + i.ID, i.Title})
	}
	d.Groups = append(d.Groups, g)
	g = targetGroup{Label: v.L.T("hours.for.activity")}
	loc := w.App.Location(*v.Community)
	for _, a := range o.Activities {
		g.Targets = append(g.Targets, target{"activity:" + a.ID, a.Title + " — " + v.L.Date(a.StartsAt.In(loc))})
	}
	d.Groups = append(d.Groups, g)
	g = targetGroup{Label: v.L.T("hours.for.organization")}
	for _, o := range o.Organizations {
		g.Targets = append(g.Targets, target{"organization:" + o.ID, o.Name})
	}
	d.Groups = append(d.Groups, g)
	g = targetGroup{Label: v.L.T("hours.for.person")}
	for _, m := range o.People {
		if m.UserID != v.Scope.ActorID() {
			g.Targets = append(g.Targets, target{"person:" + m.UserID, m.Name})
		}
	}
	d.Groups = append(d.Groups, g)
	return d, nil
}

// hoursFormPage is the form to log time one gave.
func (w *Web) hoursFormPage(r *http.Request, v *view) (string, error) {
	d, err := w.hoursFormData(r, v)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"date": {d.Today}, "target": {r.URL.Query().Get("target")}}}
	}
	v.Title, v.Data = v.L.T("hours.new.title"), d
	return "hours_form", nil
}

// parseDuration reads hours as a person writes them: "2", "1.5", "1,5"
// or "1:30". It returns -1 for what it cannot read, which the use case
// refuses with the field to fix.
func parseDuration(s string) int {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if h, m, ok := strings.Cut(s, ":"); ok {
		hi, err1 := strconv.Atoi(h)
		mi, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || mi < 0 || mi > 59 {
			return -1
		}
		return hi*60 + mi
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e6 {
		return -1
	}
	return int(math.Round(f * 60))
}

// hoursFields reads the log form: the target select names a kind and an
// id together ("initiative:…").
func hoursFields(f *form) commons.HoursFields {
	kind, id, _ := strings.Cut(f.Get("target"), ":")
	return commons.HoursFields{For: commons.HoursFor(kind), ForID: id, OrgID: f.Get("organization_id"), Date: f.Get("date"),
		Minutes: parseDuration(f.Get("duration")), What: f.Get("what"), Theme: f.Get("theme")}
}

// formFields puts a use case's problems beside the form's own fields: the
// target select stands for the kind and id, the duration for the minutes.
func formFields(err error) error {
	if err == nil {
		return nil
	}
	e := commons.ErrorOf(err)
	for from, to := range map[string]string{"for": "target", "for_id": "target", "minutes": "duration"} {
		if m, ok := e.Fields[from]; ok {
			e.Fields[to] = m
			delete(e.Fields, from)
		}
	}
	return err
}

func (w *Web) logHours(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.LogHours(r.Context(), v.Scope, hoursFields(f))
	return done{To: "/c/" + v.Community.Slug + "/hours/mine", Flash: "flash.hours_logged"}, formFields(err)
}

// volunteerDayPage is the form to record time for several people at once.
func (w *Web) volunteerDayPage(r *http.Request, v *view) (string, error) {
	d, err := w.hoursFormData(r, v)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"date": {d.Today}, "target": {r.URL.Query().Get("target")}}}
	}
	// A volunteer day is for what the reader answers for: an initiative,
	// an activity or an organization, never a person.
	var groups []targetGroup
	for _, g := range d.Groups[:len(d.Groups)-1] {
		var keep []target
		for _, t := range g.Targets {
			if d.answers[t.Value] {
				keep = append(keep, t)
			}
		}
		g.Targets = keep
		groups = append(groups, g)
		d.HasTargets = d.HasTargets || len(keep) > 0
	}
	d.Groups = groups
	v.Title, v.Data = v.L.T("hours.day.title"), d
	return "hours_day", nil
}

func (w *Web) recordVolunteerDay(r *http.Request, v *view, f *form) (done, error) {
	list, err := w.App.RecordVolunteerDay(r.Context(), v.Scope, app.VolunteerDay{HoursFields: hoursFields(f), UserIDs: f.Values["user_ids"]})
	to := "/c/" + v.Community.Slug + "/hours"
	if len(list) > 0 {
		to += "?for=" + string(list[0].For) + "&for_id=" + url.QueryEscape(list[0].ForID)
	}
	return done{To: to, Flash: "flash.hours_day"}, formFields(err)
}

// entryView is one log with the page's view, for the hours-entry partial,
// and its theme in the reader's words.
type entryView struct {
	E          app.HoursView
	V          *view
	ThemeLabel string
	Hours      string // the duration in hours, "1.5"
}

func entryViews(v *view, list []app.HoursView) []entryView {
	out := make([]entryView, 0, len(list))
	for _, e := range list {
		ev := entryView{E: e, V: v, Hours: strconv.FormatFloat(math.Round(e.Hours()*100)/100, 'f', -1, 64)}
		if e.Theme != "" {
			ev.ThemeLabel = themeLabels(v.L, []string{e.Theme})[0].Label
		}
		out = append(out, ev)
	}
	return out
}

type hoursListData struct {
	Entries []entryView
	Next    string
	// Form names the log whose form a problem belongs to.
	Form string
}

// myHours lists the reader's own logs, with a form to answer questions.
func (w *Web) myHours(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	list, next, err := w.App.Hours(r.Context(), v.Scope, commons.HoursFilter{UserID: v.User.ID, Page: commons.Page{Cursor: r.URL.Query().Get("cursor")}})
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("hours.mine.title"), hoursListData{Entries: entryViews(v, list), Next: next, Form: r.PathValue("id")}, []string{hoursStyles}
	return "hours_mine", nil
}

func (w *Web) answerHours(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.AnswerHours(r.Context(), v.Scope, r.PathValue("id"), f.Get("answer"))
	return done{To: "/c/" + v.Community.Slug + "/hours/mine", Flash: "flash.saved"}, err
}

// hoursToConfirm lists the logs that wait for the reader's decision.
func (w *Web) hoursToConfirm(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	list, next, err := w.App.Hours(r.Context(), v.Scope, commons.HoursFilter{AwaitingUserID: v.User.ID, Page: commons.Page{Cursor: r.URL.Query().Get("cursor")}})
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("hours.confirm.title"), hoursListData{Entries: entryViews(v, list), Next: next, Form: r.PathValue("id")}, []string{hoursStyles}
	return "hours_confirm", nil
}

func (w *Web) decideHours(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.DecideHours(r.Context(), v.Scope, r.PathValue("id"), commons.HoursDecision(f.Get("decision")), f.Get("question"))
	return done{To: "/c/" + v.Community.Slug + "/hours/to-confirm", Flash: "flash.saved"}, err
}

type personHoursData struct {
	Name    string
	Totals  commons.HoursTotals
	Tables  []hoursTable
	Entries []entryView
	Next    string
}

// personHours lists a person's confirmed hours, for members.
func (w *Web) personHours(r *http.Request, v *view) (string, error) {
	uid := r.PathValue("user_id")
	m, err := w.App.Member(r.Context(), v.Scope, uid)
	if err != nil {
		return "", err
	}
	p, err := w.App.HoursTotals(r.Context(), v.Scope, commons.HoursFilter{UserID: uid})
	if err != nil {
		return "", err
	}
	list, next, err := w.App.Hours(r.Context(), v.Scope, commons.HoursFilter{UserID: uid, Status: commons.HoursConfirmed,
		Page: commons.Page{Cursor: r.URL.Query().Get("cursor")}})
	if err != nil {
		return "", err
	}
	p.Totals.ByPerson = nil // this page is one person's
	d := personHoursData{Name: m.Name, Totals: p.Totals, Tables: hoursTables(v, p.Totals), Entries: entryViews(v, list), Next: next}
	v.Title, v.Data, v.Styles = v.L.T("hours.person.title", "Name", m.Name), d, []string{hoursStyles}
	return "hours_person", nil
}
