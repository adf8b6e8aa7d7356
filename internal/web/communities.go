package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
)

// routesCommunities registers the communities' pages: the list, a new
// community, its home, joining, settings, members, applications and the
// record.
func (w *Web) routesCommunities(m router) {
	m.Page("GET /{$}", w.home)
	m.Page("GET /communities/new", w.newCommunityPage)
	m.Form("POST /communities/new", w.createCommunity, w.newCommunityPage)
	m.CachedByRole("GET /c/{slug}", w.community)
	m.Page("GET /c/{slug}/join", w.joinPage)
	m.Form("POST /c/{slug}/join", w.join, w.joinPage)
	m.Page("GET /c/{slug}/settings", w.settingsPage)
	m.Form("POST /c/{slug}/settings", w.updateSettings, w.settingsPage)
	m.Page("GET /c/{slug}/members", w.members)
	m.Page("GET /c/{slug}/roles", w.roles)
	m.Page("GET /c/{slug}/applications", w.applications)
	m.Form("POST /c/{slug}/applications/{user_id}", w.decideApplication, nil)
	m.Form("POST /c/{slug}/applications/{user_id}/comments", w.commentOnApplication, nil)
	m.Page("GET /c/{slug}/record", w.record)
	m.Raw("GET /c/{slug}/record.csv", w.recordCSV)
}

// home lists the communities, or welcomes the first person to an empty
// installation.
func (w *Web) home(r *http.Request, v *view) (string, error) {
	cs, next, err := w.App.Communities(r.Context(), commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return "", err
	}
	if len(cs) == 0 && r.URL.Query().Get("cursor") == "" {
		v.Title = v.L.T("firstrun.title")
		return "firstrun", nil
	}
	v.Title = v.L.T("home.title")
	// Mine is the signed-in reader's own home above the list (brokering:
	// what waits for them); nil for visitors.
	var mine *app.Home
	if v.User != nil {
		h, err := w.App.MyHome(r.Context(), v.User)
		if err != nil {
			return "", err
		}
		mine = &h
	}
	v.Data = struct {
		Communities []commons.Community
		Next        string
		Mine        *app.Home
	}{cs, next, mine}
	return "home", nil
}

// IsMember reports whether the reader is an active member.
func (v *view) IsMember() bool { return v.May.ReadMembersOnly }

// IsApplicant reports whether the reader's application waits.
func (v *view) IsApplicant() bool { return v.May.Applying }

func (w *Web) community(r *http.Request, v *view) (string, error) {
	orgs, _, err := w.App.Organizations(r.Context(), v.Scope, commons.OrganizationFilter{Page: commons.Page{Limit: 12}})
	if err != nil {
		return "", err
	}
	pending := 0
	if v.May.ViewApplications {
		apps, _, err := w.App.Applications(r.Context(), v.Scope, commons.Page{Limit: commons.MaxPageSize})
		if err != nil {
			return "", err
		}
		pending = len(apps)
	}
	// What is coming up, and who is looking for partners: the two ways
	// into taking part that a first visit should see.
	loc := w.App.Location(*v.Community)
	now := w.App.Now()
	upcoming, err := w.App.Activities(r.Context(), v.Scope, app.ActivityFilter{From: now, To: now.AddDate(0, 0, 60), Limit: 5})
	if err != nil {
		return "", err
	}
	soon := make([]shownActivity, len(upcoming))
	for i, a := range upcoming {
		soon[i] = showActivity(v.L, a, loc)
	}
	seeking, _, err := w.App.Initiatives(r.Context(), v.Scope, commons.InitiativeFilter{Status: commons.InitiativeSeekingPartners,
		Page: commons.Page{Limit: 5}})
	if err != nil {
		return "", err
	}
	shown := *v.Community
	v.Content = w.contentIn(r, v, commons.SubjectCommunity, shown.ID, v.May.EditCommunity, &shown.Name, &shown.Description)
	v.Community = &shown
	v.Title, v.Talk = v.Community.Name, w.announcements(r, v)
	v.Data = struct {
		Organizations []commons.Organization
		Pending       int
		Sectors       []sectorCount
		Upcoming      []shownActivity
		Seeking       []commons.Initiative
	}{orgs, pending, countSectors(orgs), soon, seeking}
	return "community", nil
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

// newCommunityPage is the form for a new community (again with its
// problems when it was sent and refused).
func (w *Web) newCommunityPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	v.Title = v.L.T("community.new.title")
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"languages": {v.Lang}, "time_zone": {commons.DefaultTimeZone}}}
	}
	v.Data = w.Catalog.Languages()
	return "community_new", nil
}

// splitLanguages reads a list of language tags typed as "en, cy ru".
func splitLanguages(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
}

func (w *Web) createCommunity(r *http.Request, v *view, f *form) (done, error) {
	c, err := w.App.CreateCommunity(r.Context(), v.User, commons.NewCommunity{
		Slug: f.Get("slug"), Name: f.Get("name"), Description: f.Get("description"),
		Languages: formLanguages(f), TimeZone: f.Get("time_zone"),
		RequiresApplication: f.Get("requires_application") == "on"})
	return done{To: "/c/" + c.Slug, Flash: "flash.community_created"}, err
}

// joinPage is the form to join (or apply), again with its problems when
// it was refused: each answer's problem beside its question.
func (w *Web) joinPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	if v.Form == nil {
		v.Form = &form{}
	}
	for field, msg := range v.Form.Errors { // answers.N → answer_N, the form's names
		if n, ok := strings.CutPrefix(field, "answers."); ok {
			v.Form.Errors["answer_"+n] = msg
		}
	}
	v.Title = v.L.T("join.title", "Name", v.Community.Name)
	return "join", nil
}

func (w *Web) join(r *http.Request, v *view, f *form) (done, error) {
	var answers []string
	for i := 0; i < 10; i++ {
		answers = append(answers, f.Get("answer_"+strconv.Itoa(i)))
	}
	to := "/c/" + v.Community.Slug
	status, err := w.App.Join(r.Context(), v.Scope, f.Get("application"), answers)
	switch {
	case commons.CodeOf(err) == commons.CodeConflict:
		return done{To: to}, nil // a second click on "join" finds the first one done: no harm
	case status == commons.MemberPending:
		return done{To: to, Flash: "flash.applied"}, err
	}
	return done{To: to, Flash: "flash.joined"}, err
}

// settingsPage is the editors' form of the community's settings.
func (w *Web) settingsPage(r *http.Request, v *view) (string, error) {
	c, err := w.App.CommunitySettings(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("settings.title")
	if v.Form != nil {
		return "community_settings", nil
	}
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
	v.Form = &form{Values: vals}
	return "community_settings", nil
}

func (w *Web) updateSettings(r *http.Request, v *view, f *form) (done, error) {
	name, desc, tz := f.Get("name"), f.Get("description"), f.Get("time_zone")
	langs := formLanguages(f)
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
	_, err := w.App.UpdateCommunity(r.Context(), v.Scope, ch)
	return done{To: "/c/" + v.Community.Slug, Flash: "flash.saved"}, err
}

func (w *Web) members(r *http.Request, v *view) (string, error) {
	ms, next, err := w.App.Members(r.Context(), v.Scope, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	v.Title = v.L.T("members.title")
	v.Data = struct {
		Members []commons.Member
		Next    string
	}{ms, next}
	return "members", err
}

// roles explains what each role may do and how it is earned.
func (w *Web) roles(r *http.Request, v *view) (string, error) {
	g, err := w.App.RoleGuide(r.Context(), v.Scope)
	v.Title, v.Data = v.L.T("roles.title"), g
	return "roles", err
}

func (w *Web) applications(r *http.Request, v *view) (string, error) {
	ms, next, err := w.App.Applications(r.Context(), v.Scope, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	v.Title = v.L.T("applications.title")
	v.Data = struct {
		Applications []commons.Member
		Next         string
	}{ms, next}
	return "applications", err
}

// commentOnApplication adds a remark; one refused (empty, too long, on an
// application decided meanwhile) comes back as a flash on the list, where
// the form sits once per applicant.
func (w *Web) commentOnApplication(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.CommentOnApplication(r.Context(), v.Scope, r.PathValue("user_id"), f.Get("body"))
	to := "/c/" + v.Community.Slug + "/applications"
	if c := commons.CodeOf(err); c == commons.CodeInvalid || c == commons.CodeConflict {
		return done{To: to, Flash: "flash.comment_refused"}, nil
	}
	return done{To: to, Flash: "flash.commented"}, err
}

func (w *Web) decideApplication(r *http.Request, v *view, f *form) (done, error) {
	admit := f.Get("decision") == "admit"
	if !admit && f.Get("decision") != "decline" {
		return done{}, commons.Errorf(commons.CodeBadRequest, "error.form")
	}
	err := w.App.DecideApplication(r.Context(), v.Scope, r.PathValue("user_id"), admit)
	if commons.CodeOf(err) == commons.CodeConflict {
		err = nil // already decided by someone else: fine
	}
	flash := "flash.declined"
	if admit {
		flash = "flash.admitted"
	}
	return done{To: "/c/" + v.Community.Slug + "/applications", Flash: flash}, err
}

// recordCSV exports the community's whole record for members, for a
// spreadsheet.
func (w *Web) recordCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	// One page of entries at a time, written as it comes: a download needs
	// memory for one page, however long the record (issue 21: holding the
	// whole record took hundreds of megabytes per download).
	entries, next, err := w.App.Record(r.Context(), v.Scope, commons.Page{Limit: commons.MaxPageSize})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	// An export is a security event (ASVS V16): who took which record, by id.
	w.Log.InfoContext(r.Context(), "security: record exported", "user_id", v.User.ID, "community_id", v.Community.ID)
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+v.Community.Slug+`-record.csv"`)
	out := encode.NewRecordCSV(rw)
	for {
		if err := out.Write(entries); err != nil {
			return // the reader went away
		}
		if next == "" {
			break
		}
		if entries, next, err = w.App.Record(r.Context(), v.Scope, commons.Page{Limit: commons.MaxPageSize, Cursor: next}); err != nil {
			// The status is sent: cut the answer short so that the
			// reader sees a failed download, not a complete-looking file.
			panic(http.ErrAbortHandler)
		}
	}
	out.Flush()
}

func (w *Web) record(r *http.Request, v *view) (string, error) {
	entries, next, err := w.App.Record(r.Context(), v.Scope, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	v.Title = v.L.T("record.title")
	rows := make([]recordRow, len(entries))
	for i, e := range entries {
		rows[i] = recordRow{LogEntry: e, Changes: recordChanges(v.L, e)}
	}
	v.Data = struct {
		Entries []recordRow
		Next    string
	}{rows, next}
	return "record", err
}

// recordRow is one act on the record, with what it changed in words.
type recordRow struct {
	commons.LogEntry
	Changes []recordChange
}

// recordChange is one field an act changed, named and valued in the
// reader's language: "Trust needed for a role: 1 → 2", never the field's
// name in the code.
type recordChange struct{ Field, Before, After string }

func recordChanges(l *i18n.Localizer, e commons.LogEntry) []recordChange {
	fields := make([]string, 0, len(e.After))
	for k := range e.After {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	out := make([]recordChange, 0, len(fields))
	for _, k := range fields {
		out = append(out, recordChange{Field: recordFieldName(l, k), Before: recordValue(l, k, e.Before[k]), After: recordValue(l, k, e.After[k])})
	}
	return out
}

// recordFieldName names a changed field: a setting by its form label, a
// review's score by the outcome it scores.
func recordFieldName(l *i18n.Localizer, field string) string {
	for _, key := range []string{"record.field." + field, "field." + field, "outcome." + field} {
		if l.Has(key) {
			return l.T(key)
		}
	}
	return l.T("record.field.other")
}

// recordValue writes a changed value as words where it is a code.
func recordValue(l *i18n.Localizer, field, value string) string {
	switch {
	case value == "":
		return "—"
	case value == "true" || value == "false":
		return l.T("record.value." + value)
	case field == "languages":
		return l.Languages(strings.Split(value, ", "))
	case field == "role":
		return l.T("role." + value)
	case field == "accessibility_features":
		parts := strings.Split(value, ", ")
		for i, p := range parts {
			parts[i] = l.Feature(p)
		}
		return strings.Join(parts, ", ")
	}
	return value
}

// forbiddenOrSignIn asks a visitor to sign in and tells a member no.
func forbiddenOrSignIn(v *view) error {
	if v.User == nil {
		return commons.Unauthenticated()
	}
	return commons.Forbidden()
}
