package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
)

// activitiesCalendar is a community's public iCalendar feed of its
// activities, from a month ago to a year ahead; cancelled occurrences
// stay in it, marked so, for calendars that imported them before.
func (w *Web) activitiesCalendar(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c := s.Community
	now := w.App.Now()
	acts, err := w.App.Activities(r.Context(), s, app.ActivityFilter{From: now.AddDate(0, -1, 0), To: now.AddDate(1, 0, 0), WithCancelled: true})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	// ?lang= asks for the activities' titles and descriptions in one of
	// the community's languages, where they are written in it.
	if lang := r.URL.Query().Get("lang"); lang != "" {
		if err := w.App.Translate(r.Context(), s, commons.SubjectActivity, lang, len(acts), func(i int) (string, *string, *string) {
			return acts[i].ID, &acts[i].Title, &acts[i].Description
		}); err != nil {
			w.Fail(rw, r, err)
			return
		}
	}
	rw.Header().Set("Content-Type", calendarType)
	encode.ActivitiesCalendar(rw, now, c.Name, acts, func(a commons.Activity) string {
		return w.absoluteURL("/c/" + c.Slug + "/activities/" + a.ID)
	})
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
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Content-Type", calendarType)
	encode.RegistrationsCalendar(rw, w.App.Now(), w.view(r, nil).L.T("opendata.my_activities_feed"), acts, sts)
}

// routesActivities adds the activity pages and feeds.
func (w *Web) routesActivities(m router) {
	m.CachedByRole("GET /c/{slug}/activities", w.activities)
	m.Page("GET /c/{slug}/activities/month", w.activitiesMonth)
	m.Page("GET /c/{slug}/activities/new", w.newActivityPage)
	m.Form("POST /c/{slug}/activities/new", w.createActivity, w.newActivityPage)
	m.Cached("GET /c/{slug}/activities/{id}", w.activity)
	m.Form("POST /c/{slug}/activities/{id}/register", w.registerActivity, w.activity)
	m.Form("POST /c/{slug}/activities/{id}/unregister", w.unregisterActivity, nil)
	m.Form("POST /c/{slug}/activities/{id}/cancel", w.cancelActivity, nil)
	m.Form("POST /c/{slug}/activities/{id}/move", w.moveActivity, w.activity)
	m.Page("GET /c/{slug}/proposals", w.proposals)
	m.Form("POST /c/{slug}/proposals", w.createProposal, w.proposals)
	m.Page("GET /c/{slug}/proposals/{id}", w.proposal)
	m.Form("POST /c/{slug}/proposals/{id}/interest", w.backProposal, w.proposal)
	m.Form("POST /c/{slug}/proposals/{id}/withdraw", w.withdrawInterest, nil)
	m.Page("GET /c/{slug}/skills", w.skills)
	m.Form("POST /c/{slug}/skills", w.saveSkills, w.skills)
	m.Page("GET /me/activities", w.myActivities)
	m.Raw("GET /c/{slug}/activities.ics", w.activitiesCalendar)
	m.Raw("GET /calendar/activities/{token}", w.activityFeed)
}

// shownActivity is an occurrence with its times in the community's zone.
type shownActivity struct {
	commons.Activity
	Day, Start, End string // the date in digits; the times as the reader's language writes them
	Weekday         int    // 0 is Sunday, shown through the catalog (weekday.N)
	Date            time.Time
	Status          commons.RegistrationStatus // the reader's, where known
	Slug            string                     // the community's, where pages list several
}

func showActivity(l *i18n.Localizer, a commons.Activity, loc *time.Location) shownActivity {
	s := a.StartsAt.In(loc)
	return shownActivity{Activity: a, Day: s.Format("2006-01-02"), Weekday: int(s.Weekday()), Start: l.Time(s), End: l.Time(a.EndsAt.In(loc)),
		Date: time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)}
}

type agendaDay struct {
	Day        string
	Weekday    int
	Date       time.Time
	Activities []shownActivity
}

type activitiesData struct {
	Days     []agendaDay
	Kinds    []commons.ActivityKind
	Query    url.Values
	Month    string
	FeedURL  string
	Language []string
}

// activities is the agenda: upcoming occurrences day by day, filtered by a
// plain GET form.
func (w *Web) activities(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	loc := w.App.Location(*v.Community)
	today := localDay(w.App.Now(), loc)
	f := app.ActivityFilter{From: today, To: today.AddDate(0, 0, 60), Theme: q.Get("theme"), Language: q.Get("language"),
		Kind: commons.ActivityKind(q.Get("kind")), FreeOnly: q.Get("free") == "on", Accessible: q.Get("accessible") == "on"}
	var val commons.Validator
	if s := q.Get("from"); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err != nil {
			val.Fail("from", commons.Msg("error.availability.day"))
		} else {
			f.From, f.To = t, t.AddDate(0, 0, 60)
		}
	}
	if s := q.Get("to"); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err != nil {
			val.Fail("to", commons.Msg("error.availability.day"))
		} else {
			f.To = t.AddDate(0, 0, 1) // the whole last day
		}
	}
	d := activitiesData{Kinds: commons.ActivityKinds, Query: q, Month: f.From.Format("2006-01"), Language: v.Community.Languages,
		FeedURL: w.absoluteURL("/c/" + v.Community.Slug + "/activities.ics")}
	v.Form = &form{Values: q, Errors: map[string]string{}}
	var acts []commons.Activity
	var err error
	if err = val.Err(); err != nil {
		formFailed(v.Form, err, v.L)
	} else if acts, err = w.App.Activities(r.Context(), v.Scope, f); err != nil && !formFailed(v.Form, err, v.L) {
		return "", err
	}
	if len(acts) > 0 {
		d.Month = acts[0].StartsAt.In(loc).Format("2006-01") // the month view opens where the agenda starts
	}
	w.translateList(r, v, commons.SubjectActivity, len(acts), func(i int) (string, *string, *string) {
		return acts[i].ID, &acts[i].Title, &acts[i].Description
	})
	for _, a := range acts {
		sa := showActivity(v.L, a, loc)
		if n := len(d.Days); n == 0 || d.Days[n-1].Day != sa.Day {
			d.Days = append(d.Days, agendaDay{Day: sa.Day, Weekday: sa.Weekday, Date: sa.Date})
		}
		d.Days[len(d.Days)-1].Activities = append(d.Days[len(d.Days)-1].Activities, sa)
	}
	v.Title, v.Data = v.L.T("activities.title"), d
	return "activities", nil
}

func localDay(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

type monthCell struct {
	Day        int
	InMonth    bool
	Today      bool
	Activities []shownActivity
}

type monthData struct {
	Month, Prev, Next string
	Weekdays          []string
	Weeks             [][]monthCell
}

// activitiesMonth is the month view: a table of weeks, no script needed.
func (w *Web) activitiesMonth(r *http.Request, v *view) (string, error) {
	loc := w.App.Location(*v.Community)
	today := localDay(w.App.Now(), loc)
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
	if s := r.URL.Query().Get("month"); s != "" {
		t, err := time.ParseInLocation("2006-01", s, loc)
		if err != nil {
			return "", commons.Errorf(commons.CodeBadRequest, "error.activity.month")
		}
		first = t
	}
	// The weeks start on the reader's first day of the week (CLDR).
	start := v.L.WeekStart(first, loc)
	end := v.L.WeekStart(first.AddDate(0, 1, 0).Add(-time.Second), loc).AddDate(0, 0, 7)
	acts, err := w.App.Activities(r.Context(), v.Scope, app.ActivityFilter{From: start, To: end})
	if err != nil {
		return "", err
	}
	d := monthData{Month: first.Format("2006-01"), Prev: first.AddDate(0, -1, 0).Format("2006-01"), Next: first.AddDate(0, 1, 0).Format("2006-01")}
	for i := 0; i < 7; i++ {
		d.Weekdays = append(d.Weekdays, v.L.WeekdayTitle(start.AddDate(0, 0, i).Weekday()))
	}
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		if day.Weekday() == v.L.FirstWeekday() {
			d.Weeks = append(d.Weeks, nil)
		}
		cell := monthCell{Day: day.Day(), InMonth: day.Month() == first.Month(), Today: day.Equal(today)}
		for _, a := range acts {
			if sa := showActivity(v.L, a, loc); sa.Date.Equal(day) {
				cell.Activities = append(cell.Activities, sa)
			}
		}
		d.Weeks[len(d.Weeks)-1] = append(d.Weeks[len(d.Weeks)-1], cell)
	}
	v.Title, v.Data = v.L.T("activities.month_title", "Month", v.L.T("activities.month."+strconv.Itoa(int(first.Month()))), "Year", strconv.Itoa(first.Year())), d
	return "activities_month", nil
}

type activityFormData struct {
	Kinds         []commons.ActivityKind
	Levels        []string
	Venues        []commons.Resource
	Organizations []commons.Organization
	Proposal      *commons.Proposal
	Learners      int
}

// newActivityPage is the form to offer an activity; shown again, with
// its problems, when the offer is refused.
func (w *Web) newActivityPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	ctx := r.Context()
	f := v.Form
	if f == nil {
		loc := w.App.Location(*v.Community)
		f = &form{Values: url.Values{"day": {localDay(w.App.Now(), loc).AddDate(0, 0, 7).Format("2006-01-02")}, "from": {"18:00"}, "to": {"19:30"},
			"repeat": {"none"}, "level": {"all"}, "kind": {"course"}, "currency": {"GBP"}}, Errors: map[string]string{}}
		if p := r.URL.Query().Get("proposal"); p != "" {
			f.Values.Set("proposal_id", p)
		}
	}
	slotFields(f)
	d := activityFormData{Kinds: commons.ActivityKinds, Levels: commons.Levels}
	venues, _, err := w.App.Resources(ctx, v.Scope, app.ResourceFilter{Kind: commons.KindSpace, Page: commons.Page{Limit: 200}})
	if err != nil {
		return "", err
	}
	for _, res := range venues {
		if res.Bookable {
			d.Venues = append(d.Venues, res)
		}
	}
	if d.Organizations, err = w.App.ActivityOrganizations(ctx, v.Scope); err != nil {
		return "", err
	}
	if id := f.Get("proposal_id"); id != "" {
		if p, err := w.App.Proposal(ctx, v.Scope, id); err == nil {
			d.Proposal, d.Learners = &p.Proposal, len(p.People(commons.InterestLearn))
			if f.Get("title") == "" {
				f.Values.Set("title", p.Title)
				f.Values.Set("description", p.Description)
				f.Values.Set("themes", strings.Join(p.Themes, ", "))
				for _, i := range p.Interest {
					if i.Role == commons.InterestHost && f.Get("resource_id") == "" {
						f.Values.Set("resource_id", i.ResourceID) // the place its host offered
					}
				}
			}
		}
	}
	v.Title, v.Form, v.Data = v.L.T("activity.new.title"), f, d
	return "activity_form", nil
}

// slotFields shows a problem with the times beside the form's day and
// clock fields, which stand for them.
func slotFields(f *form) {
	if m, ok := f.Errors["starts_at"]; ok {
		f.Errors["day"] = m
	}
	if m, ok := f.Errors["ends_at"]; ok {
		f.Errors["to"] = m
	}
}

// parseMoney reads an amount such as "5" or "12.50" as minor units.
func parseMoney(s string) (*int, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return nil, true
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return nil, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.Atoi(whole)
	fr, err2 := strconv.Atoi(frac)
	if err1 != nil || err2 != nil || w < 0 || w > 100000 || strings.HasPrefix(frac, "-") {
		return nil, false
	}
	n := w*100 + fr
	return &n, true
}

// createActivity takes the new-activity form: a day and two clock times
// in the community's time zone, and a weekly or monthly repeat.
func (w *Web) createActivity(r *http.Request, v *view, f *form) (done, error) {
	loc := w.App.Location(*v.Community)
	var val commons.Validator
	start, end := parseLocalSlot(&val, loc, f.Get("day"), f.Get("from"), f.Get("to"))
	af := commons.ActivityFields{Kind: commons.ActivityKind(f.Get("kind")), Title: f.Get("title"), Description: f.Get("description"),
		Languages: formLanguages(f), Themes: commons.SplitList(f.Get("themes")), Level: f.Get("level"),
		Currency: f.Get("currency"), Accessibility: f.Get("accessibility"), ResourceID: f.Get("resource_id"), OnlineURL: f.Get("online_url"),
		StartsAt: start, EndsAt: end, OrganizationIDs: f.Values["organization_ids"], ProposalID: f.Get("proposal_id")}
	if s := strings.TrimSpace(f.Get("capacity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			val.Fail("capacity", commons.Msg("error.field.number"))
		}
		af.Capacity = &n
	}
	var ok bool
	if af.CostMinor, ok = parseMoney(f.Get("cost")); !ok {
		val.Fail("cost", commons.Msg("error.field.number"))
	}
	switch f.Get("repeat") {
	case "weekly", "monthly":
		rule := "FREQ=" + strings.ToUpper(f.Get("repeat"))
		if n := strings.TrimSpace(f.Get("count")); n != "" {
			rule += ";COUNT=" + n
		}
		if u := strings.TrimSpace(f.Get("until")); u != "" {
			rule += ";UNTIL=" + strings.ReplaceAll(u, "-", "")
		}
		af.Recurrence = rule
	}
	if err := val.Err(); err != nil {
		return done{}, err
	}
	acts, err := w.App.CreateActivity(r.Context(), v.Scope, af)
	if err != nil {
		for _, c := range commons.ErrorOf(err).Conflicts {
			f.Values.Add("conflict", when(v.L, c.Start.In(loc))+"–"+v.L.Time(c.End.In(loc)))
		}
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/activities/" + acts[0].ID, Flash: "flash.activity_created"}, nil
}

type activityData struct {
	Activity      shownActivity
	Series        []shownActivity
	Registrations []app.Registration
	// May is what the reader may do here, as the use case answers it.
	May    commons.ActivityMay
	Mine   commons.RegistrationStatus
	Past   bool
	JSONLD json.RawMessage // the template escapes it again for its <script>
	HTML   any
	// Moderation offers the report form.
	Moderation moderationView
	// WaitPosition is the reader's place on the waitlist, when they wait.
	WaitPosition int
}

// activity shows one occurrence: what, when, where, places left, the
// series, and the controls the reader may use; with schema.org JSON-LD.
// It is shown again, with the problems, when a form on it is refused.
func (w *Web) activity(r *http.Request, v *view) (string, error) {
	av, err := w.App.Activity(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectActivity, av.Activity.ID, av.May.Edit, &av.Activity.Title, &av.Activity.Description)
	a := av.Activity
	loc := w.App.Location(*v.Community)
	d := activityData{Activity: showActivity(v.L, a, loc), Past: !a.EndsAt.After(w.App.Now()), HTML: w.App.Markdown.HTML(a.Description),
		May: av.May, Mine: av.Mine, Registrations: av.Registrations, WaitPosition: av.WaitPosition}
	if len(av.Series) > 1 {
		for _, o := range av.Series {
			d.Series = append(d.Series, showActivity(v.L, o, loc))
		}
	}
	var ld bytes.Buffer
	if err := encode.ActivityJSONLD(&ld, a, w.absoluteURL("/c/"+v.Community.Slug+"/activities/"+a.ID)); err != nil {
		return "", err
	}
	d.JSONLD = json.RawMessage(ld.Bytes())
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectActivity, a.ID, a.CreatedBy, commons.Visible); err != nil {
		return "", err
	}
	f := v.Form
	if f == nil {
		s := a.StartsAt.In(loc)
		// Registering for a course means every later date unless the
		// learner says otherwise: the series box starts ticked (the API's
		// series flag keeps its documented default, false).
		f = &form{Values: url.Values{"day": {s.Format("2006-01-02")}, "from": {s.Format("15:04")}, "to": {a.EndsAt.In(loc).Format("15:04")},
			"series": {"on"}}, Errors: map[string]string{}}
	}
	slotFields(f)
	v.Title, v.Form, v.Data = a.Title, f, d
	v.Talk = w.talkAbout(r, v, commons.SubjectActivity, a.ID)
	return "activity", nil
}

// activityPath is an occurrence's page.
func activityPath(v *view, id string) string { return "/c/" + v.Community.Slug + "/activities/" + id }

func (w *Web) registerActivity(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	st, err := w.App.Register(r.Context(), v.Scope, id, f.Get("series") == "on")
	flash := "flash.activity_registered"
	if st == commons.Waitlisted {
		flash = "flash.activity_waitlisted"
	}
	return done{To: activityPath(v, id), Flash: flash}, err
}

func (w *Web) unregisterActivity(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.Unregister(r.Context(), v.Scope, id)
	return done{To: activityPath(v, id), Flash: "flash.activity_unregistered"}, err
}

func (w *Web) cancelActivity(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.CancelOccurrence(r.Context(), v.Scope, id)
	return done{To: activityPath(v, id), Flash: "flash.activity_cancelled"}, err
}

func (w *Web) moveActivity(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	var val commons.Validator
	start, end := parseLocalSlot(&val, w.App.Location(*v.Community), f.Get("day"), f.Get("from"), f.Get("to"))
	err := val.Err()
	if err == nil {
		_, err = w.App.MoveOccurrence(r.Context(), v.Scope, id, start, end)
	}
	return done{To: activityPath(v, id), Flash: "flash.activity_moved"}, err
}

type proposalsData struct {
	Proposals []commons.Proposal
	Counts    []int
}

// proposals lists what learners asked for, with the form to ask.
func (w *Web) proposals(r *http.Request, v *view) (string, error) {
	ps, counts, err := w.App.Proposals(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data = v.L.T("proposals.title"), proposalsData{Proposals: ps, Counts: counts}
	return "proposals", nil
}

func (w *Web) createProposal(r *http.Request, v *view, f *form) (done, error) {
	p, err := w.App.Propose(r.Context(), v.Scope, f.Get("title"), f.Get("description"), []string{f.Get("themes")})
	return done{To: "/c/" + v.Community.Slug + "/proposals/" + p.ID, Flash: "flash.proposal_created"}, err
}

type proposalData struct {
	Proposal                  commons.Proposal
	Learners, Teachers, Hosts []commons.ProposalInterest
	// May is what the reader may do with it, as the use case answers it.
	May         commons.ProposalMay
	Venues      []commons.Resource
	VenueTitles map[string]string
	// Moderation offers the report form.
	Moderation moderationView
	HTML       any
}

// proposal shows a proposal and the people behind it; shown again, with
// the problems, when backing it is refused.
func (w *Web) proposal(r *http.Request, v *view) (string, error) {
	p, err := w.App.Proposal(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := proposalData{Proposal: p.Proposal, May: p.May, VenueTitles: map[string]string{}, HTML: w.App.Markdown.HTML(p.Description)}
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectProposal, p.ID, p.CreatedBy, commons.Visible); err != nil {
		return "", err
	}
	venues, _, err := w.App.Resources(r.Context(), v.Scope, app.ResourceFilter{Kind: commons.KindSpace, Page: commons.Page{Limit: 200}})
	if err != nil {
		return "", err
	}
	for _, res := range venues {
		if res.Bookable {
			d.Venues = append(d.Venues, res)
		}
		d.VenueTitles[res.ID] = res.Title
	}
	for _, i := range p.Interest {
		switch i.Role {
		case commons.InterestLearn:
			d.Learners = append(d.Learners, i)
		case commons.InterestTeach:
			d.Teachers = append(d.Teachers, i)
		case commons.InterestHost:
			d.Hosts = append(d.Hosts, i)
		}
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data = p.Title, d
	return "proposal", nil
}

func (w *Web) backProposal(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.BackProposal(r.Context(), v.Scope, id, commons.InterestRole(f.Get("role")), f.Get("resource_id"), f.Get("note"))
	return done{To: "/c/" + v.Community.Slug + "/proposals/" + id, Flash: "flash.proposal_backed"}, err
}

func (w *Web) withdrawInterest(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.WithdrawInterest(r.Context(), v.Scope, id, commons.InterestRole(f.Get("role")))
	return done{To: "/c/" + v.Community.Slug + "/proposals/" + id, Flash: "flash.proposal_withdrawn"}, err
}

type skillsData struct {
	Query    string
	Profiles []commons.LearningProfile
	Mine     commons.LearningProfile
}

// skills answers "who can teach X", and lets a member say what they can
// teach, want to learn, and speak.
func (w *Web) skills(r *http.Request, v *view) (string, error) {
	q := r.URL.Query().Get("q")
	d := skillsData{Query: q}
	var err error
	if d.Profiles, err = w.App.Teachers(r.Context(), v.Scope, q); err != nil {
		return "", err
	}
	if v.IsMember() {
		if d.Mine, err = w.App.LearningProfile(r.Context(), v.Scope, v.User.ID); err != nil {
			return "", err
		}
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{"teaches": {strings.Join(d.Mine.Teaches, ", ")}, "learns": {strings.Join(d.Mine.Learns, ", ")},
			"languages": d.Mine.Languages}, Errors: map[string]string{}}
	}
	v.Title, v.Data = v.L.T("skills.title"), d
	return "skills", nil
}

func (w *Web) saveSkills(r *http.Request, v *view, f *form) (done, error) {
	p := commons.LearningProfile{Teaches: strings.Split(f.Get("teaches"), ","), Learns: strings.Split(f.Get("learns"), ","),
		Languages: formLanguages(f)}
	_, err := w.App.SaveLearningProfile(r.Context(), v.Scope, p)
	return done{To: "/c/" + v.Community.Slug + "/skills", Flash: "flash.skills_saved"}, err
}

type myActivitiesData struct {
	Activities  []shownActivity
	CalendarURL string
}

// myActivities lists what the reader registered or waits for, with their
// private calendar address.
func (w *Web) myActivities(r *http.Request, v *view) (string, error) {
	acts, err := w.App.MyActivities(r.Context(), v.User)
	if err != nil {
		return "", err
	}
	token, err := w.App.CalendarToken(r.Context(), v.User, false)
	if err != nil {
		return "", err
	}
	d := myActivitiesData{CalendarURL: w.absoluteURL("/calendar/activities/" + token + ".ics")}
	for _, a := range acts {
		sa := showActivity(v.L, a.Activity, w.App.Location(a.Community))
		sa.Status, sa.Slug = a.Status, a.Community.Slug
		d.Activities = append(d.Activities, sa)
	}
	v.Title, v.Data = v.L.T("my_activities.title"), d
	return "my_activities", nil
}
