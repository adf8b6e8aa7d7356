package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/reqctx"
)

// home lists the communities, or welcomes the first person to an empty
// installation.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	cs, next, err := w.App.Communities(r.Context(), commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	if len(cs) == 0 && r.URL.Query().Get("cursor") == "" {
		v.Title = v.L.T("firstrun.title")
		w.render(rw, r, http.StatusOK, "firstrun", v)
		return
	}
	v.Title = v.L.T("home.title")
	v.Data = struct {
		Communities []commons.Community
		Next        string
	}{cs, next}
	w.render(rw, r, http.StatusOK, "home", v)
}

// IsMember reports whether the reader is an active member.
func (v *view) IsMember() bool { return v.Member != nil && v.Member.Status == commons.MemberActive }

// IsApplicant reports whether the reader's application waits.
func (v *view) IsApplicant() bool { return v.Member != nil && v.Member.Status == commons.MemberPending }

func (w *Web) community(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	orgs, _, err := w.App.Organizations(r.Context(), v.Community.Slug, commons.OrganizationFilter{Page: commons.Page{Limit: 12}})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	pending := 0
	if v.May.ViewApplications {
		apps, _, err := w.App.Applications(r.Context(), v.User, v.Community.Slug, commons.Page{Limit: commons.MaxPageSize})
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		pending = len(apps)
	}
	// What is coming up, and who is looking for partners: the two ways
	// into taking part that a first visit should see.
	loc := w.App.Location(*v.Community)
	now := w.App.Now()
	upcoming, err := w.App.Activities(r.Context(), v.Scope, app.ActivityFilter{From: now, To: now.AddDate(0, 0, 60), Limit: 5})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	soon := make([]shownActivity, len(upcoming))
	for i, a := range upcoming {
		soon[i] = showActivity(a, loc)
	}
	seeking, _, err := w.App.Initiatives(r.Context(), v.Scope, commons.InitiativeFilter{Status: commons.InitiativeSeekingPartners,
		Page: commons.Page{Limit: 5}})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Talk = v.Community.Name, w.announcements(r, v)
	v.Data = struct {
		Organizations []commons.Organization
		Pending       int
		Sectors       []sectorCount
		Upcoming      []shownActivity
		Seeking       []commons.Initiative
	}{orgs, pending, countSectors(orgs), soon, seeking}
	w.render(rw, r, http.StatusOK, "community", v)
}

type sectorCount struct {
	Sector commons.Sector
	Count  int
}

func countSectors(orgs []commons.Organization) []sectorCount {
	var out []sectorCount
	for _, s := range commons.Sectors {
		n := 0
		for _, o := range orgs {
			if o.Sector == s {
				n++
			}
		}
		if n > 0 {
			out = append(out, sectorCount{s, n})
		}
	}
	return out
}

func (w *Web) newCommunityPage(rw http.ResponseWriter, r *http.Request) {
	if reqctx.User(r.Context()) == nil {
		w.Fail(rw, r, commons.Unauthenticated())
		return
	}
	v := w.view(r, nil)
	v.Title = v.L.T("community.new.title")
	v.Form = &form{Values: map[string][]string{"languages": {v.Lang}, "time_zone": {commons.DefaultTimeZone}}}
	v.Data = w.Catalog.Languages()
	w.render(rw, r, http.StatusOK, "community_new", v)
}

// splitLanguages reads a list of language tags typed as "en, cy ru".
func splitLanguages(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
}

func (w *Web) createCommunity(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c, err := w.App.CreateCommunity(r.Context(), reqctx.User(r.Context()), commons.NewCommunity{
		Slug: f.Get("slug"), Name: f.Get("name"), Description: f.Get("description"),
		Languages: splitLanguages(f.Get("languages")), TimeZone: f.Get("time_zone"),
		RequiresApplication: f.Get("requires_application") == "on"})
	if err != nil {
		v := w.view(r, nil)
		if formFailed(f, err, v.L) {
			v.Title, v.Form, v.Data = v.L.T("community.new.title"), f, w.Catalog.Languages()
			w.render(rw, r, commons.CodeOf(err).Status(), "community_new", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+c.Slug, "flash.community_created")
}

func (w *Web) joinPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if v.User == nil {
		w.Fail(rw, r, commons.Unauthenticated())
		return
	}
	v.Title = v.L.T("join.title", "Name", v.Community.Name)
	v.Form = &form{}
	w.render(rw, r, http.StatusOK, "join", v)
}

func (w *Web) join(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	var answers []string
	for i := 0; i < 10; i++ {
		answers = append(answers, f.Get("answer_"+strconv.Itoa(i)))
	}
	status, err := w.App.Join(r.Context(), reqctx.User(r.Context()), slug, f.Get("application"), answers)
	switch commons.CodeOf(err) {
	case "":
	case commons.CodeConflict:
		// A second click on "join" finds the first one done: no harm.
		redirect(rw, r, "/c/"+slug, "")
		return
	case commons.CodeInvalid:
		v, verr := w.communityView(r)
		if verr != nil {
			w.Fail(rw, r, verr)
			return
		}
		formFailed(f, err, v.L)
		for field, msg := range f.Errors { // answers.N → answer_N, the form's names
			if n, ok := strings.CutPrefix(field, "answers."); ok {
				f.Errors["answer_"+n] = msg
			}
		}
		v.Title, v.Form = v.L.T("join.title", "Name", v.Community.Name), f
		w.render(rw, r, http.StatusUnprocessableEntity, "join", v)
		return
	default:
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.joined"
	if status == commons.MemberPending {
		flash = "flash.applied"
	}
	redirect(rw, r, "/c/"+slug, flash)
}

func (w *Web) settingsPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.EditCommunity {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	c := v.Community
	threshold := ""
	if c.TrustThreshold != nil {
		threshold = strconv.Itoa(*c.TrustThreshold)
	}
	vals := map[string][]string{"name": {c.Name}, "description": {c.Description}, "languages": {strings.Join(c.Languages, ", ")},
		"time_zone": {c.TimeZone}, "trust_threshold": {threshold}, "accessibility_features": {strings.Join(c.AccessibilityFeatures, "\n")},
		"trust_quota": {strconv.Itoa(c.TrustQuota)}, "application_questions": {strings.Join(c.ApplicationQuestions, "\n")}}
	if c.RequiresApplication {
		vals["requires_application"] = []string{"on"}
	}
	v.Title, v.Form = v.L.T("settings.title"), &form{Values: vals}
	w.render(rw, r, http.StatusOK, "community_settings", v)
}

// forbiddenOrSignIn asks a visitor to sign in and tells a member no.
func forbiddenOrSignIn(v *view) error {
	if v.User == nil {
		return commons.Unauthenticated()
	}
	return commons.Forbidden()
}

func (w *Web) updateSettings(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	name, desc, tz := f.Get("name"), f.Get("description"), f.Get("time_zone")
	langs := splitLanguages(f.Get("languages"))
	requires := f.Get("requires_application") == "on"
	var features, questions []string
	for _, line := range strings.Split(f.Get("application_questions"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			questions = append(questions, line)
		}
	}
	for _, line := range strings.Split(f.Get("accessibility_features"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			features = append(features, line)
		}
	}
	ch := commons.CommunityChange{Name: &name, Description: &desc, Languages: &langs, TimeZone: &tz, RequiresApplication: &requires,
		AccessibilityFeatures: &features, ApplicationQuestions: &questions}
	if s := strings.TrimSpace(f.Get("trust_quota")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = 0 // out of range: the rule names the field
		}
		ch.TrustQuota = &n
	}
	var threshold *int
	if s := strings.TrimSpace(f.Get("trust_threshold")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // out of range: the rule below names the field
		}
		threshold = &n
	}
	ch.TrustThreshold = &threshold
	slug := r.PathValue("slug")
	if _, err := w.App.UpdateCommunity(r.Context(), reqctx.User(r.Context()), slug, ch); err != nil {
		v, verr := w.communityView(r)
		if verr != nil {
			w.Fail(rw, r, verr)
			return
		}
		if formFailed(f, err, v.L) {
			v.Title, v.Form = v.L.T("settings.title"), f
			w.render(rw, r, commons.CodeOf(err).Status(), "community_settings", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+slug, "flash.saved")
}

func (w *Web) members(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	ms, next, err := w.App.Members(r.Context(), v.Community.Slug, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title = v.L.T("members.title")
	v.Data = struct {
		Members []commons.Member
		Next    string
	}{ms, next}
	w.render(rw, r, http.StatusOK, "members", v)
}

func (w *Web) applications(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.ViewApplications {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	ms, next, err := w.App.Applications(r.Context(), v.User, v.Community.Slug, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title = v.L.T("applications.title")
	v.Data = struct {
		Applications []commons.Member
		Next         string
	}{ms, next}
	w.render(rw, r, http.StatusOK, "applications", v)
}

func (w *Web) commentOnApplication(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	err = w.App.CommentOnApplication(r.Context(), reqctx.User(r.Context()), slug, r.PathValue("user_id"), f.Get("body"))
	if err != nil && commons.CodeOf(err) != commons.CodeInvalid && commons.CodeOf(err) != commons.CodeConflict {
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.commented"
	if err != nil {
		flash = "flash.comment_refused"
	}
	redirect(rw, r, "/c/"+slug+"/applications", flash)
}

func (w *Web) decideApplication(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	admit := f.Get("decision") == "admit"
	if !admit && f.Get("decision") != "decline" {
		w.Fail(rw, r, commons.Errorf(commons.CodeBadRequest, "error.form"))
		return
	}
	err = w.App.DecideApplication(r.Context(), reqctx.User(r.Context()), slug, r.PathValue("user_id"), admit)
	if err != nil && commons.CodeOf(err) != commons.CodeConflict { // already decided by someone else: fine
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.declined"
	if admit {
		flash = "flash.admitted"
	}
	redirect(rw, r, "/c/"+slug+"/applications", flash)
}

// recordCSV exports the community's whole record for members, for a
// spreadsheet.
func (w *Web) recordCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var all []commons.LogEntry
	cursor := ""
	for {
		entries, next, err := w.App.Record(r.Context(), v.User, v.Community.Slug, commons.Page{Limit: commons.MaxPageSize, Cursor: cursor})
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		all = append(all, entries...)
		if next == "" || len(all) >= 100_000 {
			break
		}
		cursor = next
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+v.Community.Slug+`-record.csv"`)
	out := encode.NewRecordCSV(rw)
	out.Write(all)
	out.Flush()
}

func (w *Web) record(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	entries, next, err := w.App.Record(r.Context(), v.User, v.Community.Slug, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title = v.L.T("record.title")
	v.Data = struct {
		Entries []commons.LogEntry
		Next    string
	}{entries, next}
	w.render(rw, r, http.StatusOK, "record", v)
}
