package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
)

// Most Significant Change pages: cycles, the story form, stories and
// their analysis, the panel's selection page.

func (w *Web) routesMSC(m router) {
	m.Page("GET /c/{slug}/msc", w.mscCycles)
	m.Page("GET /c/{slug}/msc/new", w.mscNewPage)
	m.Form("POST /c/{slug}/msc/new", w.openMSCCycle, w.mscNewPage)
	m.Page("GET /c/{slug}/msc/{id}", w.mscCycle)
	m.Form("POST /c/{slug}/msc/{id}/advance", w.advanceMSCCycle, w.mscCycle)
	m.Form("POST /c/{slug}/msc/{id}/panels", w.formPanel, w.mscCycle)
	m.Page("GET /c/{slug}/msc/{id}/tell", w.tellPage)
	m.Form("POST /c/{slug}/msc/{id}/tell", w.tellStory, w.tellPage)
	m.Page("GET /c/{slug}/msc/{id}/stories", w.mscStories)
	m.Raw("GET /c/{slug}/msc/{id}/stories.csv", w.mscStoriesCSV)
	m.Page("GET /c/{slug}/stories/{id}", w.storyPage)
	m.Form("POST /c/{slug}/stories/{id}/verify", w.verifyStory, w.storyPage)
	m.Page("GET /c/{slug}/msc-panels/{id}", w.panelPage)
	m.Form("POST /c/{slug}/msc-panels/{id}/select", w.selectStory, w.panelPage)
	m.Page("GET /c/{slug}/msc/{id}/edit", w.editCyclePage)
	m.Form("POST /c/{slug}/msc/{id}/edit", w.editCycle, w.editCyclePage)
	m.Page("GET /c/{slug}/stories/{id}/edit", w.editStoryPage)
	m.Form("POST /c/{slug}/stories/{id}/edit", w.editStory, w.editStoryPage)
}

// mscWords writes the MSC enums in the reader's words, for templates:
// .Data.W.Domain "learning".
type mscWords struct{ L *i18n.Localizer }

// Domain is a domain of change: a standard one translated, a cycle's own
// as written.
func (m mscWords) Domain(d string) string {
	if commons.IsStandardMSCDomain(d) {
		return m.L.T("msc.domain." + d)
	}
	return d
}

// Sector is a story's sector.
func (m mscWords) Sector(s string) string {
	if s == commons.CitizenSector {
		return m.L.T("msc.sector.citizen")
	}
	return m.L.T("sector." + s)
}

// Theme is a theme, or none.
func (m mscWords) Theme(t string) string {
	if t == "" {
		return m.L.T("msc.no_theme")
	}
	return themeLabels(m.L, []string{t})[0].Label
}

// Status, Consent, Teller and Method are the other enums.
func (m mscWords) Status(s commons.MSCStatus) string       { return m.L.T("msc.status." + string(s)) }
func (m mscWords) Consent(c commons.Consent) string        { return m.L.T("msc.consent." + string(c)) }
func (m mscWords) Teller(k commons.TellerKind) string      { return m.L.T("msc.teller." + string(k)) }
func (m mscWords) Method(x commons.SelectionMethod) string { return m.L.T("msc.method." + string(x)) }
func (m mscWords) Language(code string) string             { return m.L.Language(code) }
func (m mscWords) Date(iso string) string                  { return m.L.DateOf(iso) }
func (m mscWords) Advance(s commons.MSCStatus) string      { return m.L.T("msc.advance." + string(s)) }
func (m mscWords) Link(t commons.SubjectType) string       { return m.L.T("msc.link." + string(t)) }
func (m mscWords) Path(slug string, l commons.StoryLink) string {
	return commons.PagePath(l.Type, slug, l.ID)
}

type mscCyclesData struct {
	W      mscWords
	Cycles []app.MSCCycleView
	// Selected are the stories the top panels chose, with their reasons.
	Selected []selectedStory
}

func (w *Web) mscCycles(r *http.Request, v *view) (string, error) {
	cs, err := w.App.MSCCycles(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	top, err := w.App.SelectedStories(r.Context(), v.Scope, app.MSCPeriod{})
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("msc.title"), mscCyclesData{W: mscWords{v.L}, Cycles: cs, Selected: selectedStoryViews(v, top)}
	return "msc", nil
}

type mscNewData struct {
	W           mscWords
	Domains     []string
	Initiatives []commons.Initiative
	// Partnerships a cycle can be about (scope_id "partnership:{id}").
	Partnerships []app.MSCPartnership
	mscForm
}

// mscForm says where a cycle or story form goes: to open or tell, or,
// Editing, to change one (Back is its page).
type mscForm struct {
	Action, Submit, Back string
	Editing              bool
}

func (w *Web) mscNewPage(r *http.Request, v *view) (string, error) {
	_, is, err := w.App.PanelOptions(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	ps, err := w.App.MSCPartnerships(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		today := w.App.Today(*v.Community)
		v.Form = &form{Values: map[string][]string{"domains": commons.DefaultMSCDomains, "to": {today},
			"question": {v.L.T("msc.question_default")}, "scope_id": {r.URL.Query().Get("scope")}}}
	}
	v.Title, v.Data = v.L.T("msc.new.title"), mscNewData{W: mscWords{v.L}, Domains: commons.DefaultMSCDomains, Initiatives: is, Partnerships: ps,
		mscForm: mscForm{Action: "/c/" + v.Community.Slug + "/msc/new", Submit: "msc.new.submit"}}
	return "msc_new", nil
}

// cycleFields reads the cycle form: the standard domains ticked, and the
// community's own, one per line.
func cycleFields(f *form) commons.MSCCycleFields {
	domains := append([]string{}, f.Values["domains"]...)
	for _, d := range strings.Split(f.Get("own_domains"), "\n") {
		domains = append(domains, strings.TrimSpace(d))
	}
	typ, id := commons.SubjectType(""), f.Get("scope_id")
	if pid, ok := strings.CutPrefix(id, "partnership:"); ok {
		typ, id = commons.SubjectPartnership, pid
	} else if id != "" {
		typ = commons.SubjectInitiative
	}
	return commons.MSCCycleFields{Title: f.Get("title"), From: f.Get("from"), To: f.Get("to"), Question: f.Get("question"), Domains: domains,
		ScopeType: typ, ScopeID: id}
}

func (w *Web) openMSCCycle(r *http.Request, v *view, f *form) (done, error) {
	c, err := w.App.OpenMSCCycle(r.Context(), v.Scope, cycleFields(f))
	return done{To: "/c/" + v.Community.Slug + "/msc/" + c.ID, Flash: "flash.saved"}, err
}

type mscCycleData struct {
	W mscWords
	app.CycleDetail
	// Levels are the cycle's selections by panel, lowest level first.
	Members     []commons.Member
	Initiatives []commons.Initiative
	NextLevel   int
}

func (w *Web) mscCycle(r *http.Request, v *view) (string, error) {
	d, err := w.App.MSCCycle(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	data := mscCycleData{W: mscWords{v.L}, CycleDetail: d, NextLevel: d.TopLevel + 1}
	if d.May.Run {
		if data.Members, data.Initiatives, err = w.App.PanelOptions(r.Context(), v.Scope); err != nil {
			return "", err
		}
		if v.Form == nil {
			v.Form = &form{Values: map[string][]string{"level": {strconv.Itoa(max(1, min(data.NextLevel, commons.MaxMSCLevels)))}}}
		}
	}
	v.Title, v.Data = d.Title, data
	return "msc_cycle", nil
}

func (w *Web) advanceMSCCycle(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.AdvanceMSCCycle(r.Context(), v.Scope, r.PathValue("id"))
	return done{To: "/c/" + v.Community.Slug + "/msc/" + r.PathValue("id"), Flash: "flash.saved"}, err
}

func (w *Web) formPanel(r *http.Request, v *view, f *form) (done, error) {
	level, _ := strconv.Atoi(f.Get("level"))
	typ := commons.SubjectType("")
	if f.Get("scope_id") != "" {
		typ = commons.SubjectInitiative
	}
	p, err := w.App.FormPanel(r.Context(), v.Scope, r.PathValue("id"), commons.PanelFields{Name: f.Get("name"), Level: level,
		ScopeType: typ, ScopeID: f.Get("scope_id"), MemberIDs: f.Values["member_ids"]})
	return done{To: "/c/" + v.Community.Slug + "/msc-panels/" + p.ID, Flash: "flash.saved"}, err
}

type tellData struct {
	W mscWords
	app.StoryOptions
	Themes []theme
	mscForm
}

func (w *Web) tellPage(r *http.Request, v *view) (string, error) {
	o, err := w.App.StoryOptions(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"teller_kind": {string(commons.TellerMember)}, "consent": {string(commons.ConsentPublish)},
			"consent_date": {o.Today}, "language": {v.Lang}}}
	}
	v.Title, v.Data = v.L.T("msc.tell.title"), tellData{W: mscWords{v.L}, StoryOptions: o, Themes: themeLabels(v.L, o.Themes),
		mscForm: mscForm{Action: "/c/" + v.Community.Slug + "/msc/" + o.Cycle.ID + "/tell", Submit: "msc.tell.submit"}}
	return "msc_tell", nil
}

func storyFields(f *form) commons.StoryFields {
	sf := commons.StoryFields{TellerKind: commons.TellerKind(f.Get("teller_kind")), TellerUserID: f.Get("teller_user_id"),
		TellerName: f.Get("teller_name"), TellerOrgID: f.Get("teller_org_id"), Consent: commons.Consent(f.Get("consent")),
		ConsentDate: f.Get("consent_date"), When: f.Get("when"), Where: f.Get("where"), Domain: f.Get("domain"), Title: f.Get("title"),
		Text: f.Get("story"), Why: f.Get("why"), Language: f.Get("language"), Theme: f.Get("theme")}
	for _, id := range f.Values["initiative_ids"] {
		sf.Links = append(sf.Links, commons.StoryLink{Type: commons.SubjectInitiative, ID: id})
	}
	return sf
}

func (w *Web) tellStory(r *http.Request, v *view, f *form) (done, error) {
	st, err := w.App.TellStory(r.Context(), v.Scope, r.PathValue("id"), storyFields(f))
	return done{To: "/c/" + v.Community.Slug + "/stories/" + st.ID, Flash: "flash.msc_told"}, err
}

// countRow is one key of a count with its share of the largest, for a
// bar drawn without JavaScript.
type countRow struct {
	Label   string
	Count   int
	Percent int
}

type countTable struct {
	Title string
	Rows  []countRow
}

type mscStoriesData struct {
	W       mscWords
	Page    app.StoriesPage
	Tables  []countTable
	Query   string
	Sectors []string
	// Next is the next page of stories, with the filter ("" on the last).
	Next template.URL
}

func (w *Web) storyFilter(r *http.Request) commons.StoryFilter {
	q := r.URL.Query()
	return commons.StoryFilter{Domain: q.Get("domain"), Language: q.Get("language"), Theme: q.Get("theme"), Sector: q.Get("sector"),
		Selected: q.Get("selected"), Q: q.Get("q")}
}

func (w *Web) mscStories(r *http.Request, v *view) (string, error) {
	f := w.storyFilter(r)
	f.Page = 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		f.Page = n
	}
	p, err := w.App.Stories(r.Context(), v.Scope, r.PathValue("id"), f)
	if err != nil {
		return "", err
	}
	words := mscWords{v.L}
	table := func(title string, in []commons.StoryCount, label func(string) string) countTable {
		t := countTable{Title: v.L.T(title)}
		top := 1
		for _, c := range in {
			top = max(top, c.Count)
		}
		for _, c := range in {
			t.Rows = append(t.Rows, countRow{Label: label(c.Key), Count: c.Count, Percent: 100 * c.Count / top})
		}
		return t
	}
	// The CSV and the next page keep the filter; the CSV has every page.
	q := r.URL.Query()
	q.Del("page")
	d := mscStoriesData{W: words, Page: p, Query: q.Encode(), Sectors: []string{commons.CitizenSector}}
	if p.More {
		q.Set("page", strconv.Itoa(p.Number+1))
		d.Next = template.URL("/c/" + v.Community.Slug + "/msc/" + p.Cycle.ID + "/stories?" + q.Encode())
	}
	for _, s := range commons.Sectors {
		d.Sectors = append(d.Sectors, string(s))
	}
	d.Tables = []countTable{table("msc.by_domain", p.Counts.ByDomain, words.Domain), table("msc.by_sector", p.Counts.BySector, words.Sector),
		table("msc.by_theme", p.Counts.ByTheme, words.Theme), table("msc.by_language", p.Counts.ByLanguage, words.Language)}
	v.Title, v.Data = v.L.T("msc.stories.title", "Cycle", p.Cycle.Title), d
	return "msc_stories", nil
}

// mscStoriesCSV exports a cycle's stories as the reader may read them:
// anonymous tellers and withheld names stay empty, stories not to be
// published are left out (app.Stories decides).
func (w *Web) mscStoriesCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	p, err := w.App.Stories(r.Context(), v.Scope, r.PathValue("id"), w.storyFilter(r))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rows := [][]string{app.StoryCSVHeader()}
	for _, s := range p.Stories {
		rows = append(rows, app.StoryCSVRow(s))
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+v.Community.Slug+`-stories.csv"`)
	_ = encode.StoriesCSV(rw, rows) // an error here is the reader going away
}

type storyData struct {
	W     mscWords
	Story app.StoryView
	Cycle app.MSCCycleView
	Today string
}

func (w *Web) storyPage(r *http.Request, v *view) (string, error) {
	s, err := w.App.Story(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	c, err := w.App.StoryCycle(r.Context(), v.Scope, s)
	if err != nil {
		return "", err
	}
	today := w.App.Today(*v.Community)
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"checked_on": {today}}}
	}
	v.Title, v.Data = s.Title, storyData{W: mscWords{v.L}, Story: s, Cycle: c, Today: today}
	return "msc_story", nil
}

func (w *Web) verifyStory(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.VerifyStory(r.Context(), v.Scope, r.PathValue("id"), commons.VerificationFields{How: f.Get("how"), Note: f.Get("note"),
		CheckedOn: f.Get("checked_on")})
	return done{To: "/c/" + v.Community.Slug + "/stories/" + r.PathValue("id"), Flash: "flash.saved"}, err
}

type panelData struct {
	W mscWords
	app.PanelDetail
	// Domain names the domain whose form a problem belongs to.
	Domain string
}

func (w *Web) panelPage(r *http.Request, v *view) (string, error) {
	d, err := w.App.PanelDetail(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	domain := ""
	if v.Form != nil {
		domain = v.Form.Get("domain")
	}
	v.Title, v.Data = d.Panel.Name, panelData{W: mscWords{v.L}, PanelDetail: d, Domain: domain}
	return "msc_panel", nil
}

func (w *Web) selectStory(r *http.Request, v *view, f *form) (done, error) {
	n := func(name string) int { x, _ := strconv.Atoi(f.Get(name)); return x }
	_, err := w.App.SelectStory(r.Context(), v.Scope, r.PathValue("id"), commons.SelectionFields{StoryID: f.Get("story_id"),
		Method: commons.SelectionMethod(f.Get("method")), VotesFor: n("votes_for"), VotesAgainst: n("votes_against"), Abstained: n("abstained"),
		Reasons: f.Get("reasons"), Dissent: f.Get("dissent"), DissentBy: f.Get("dissent_by")})
	return done{To: "/c/" + v.Community.Slug + "/msc-panels/" + r.PathValue("id"), Flash: "flash.msc_selected"}, err
}

// selectedStory is one selected story with the page's view, for the
// msc-selected-story partial that the impact report reuses.
type selectedStory struct {
	S app.SelectedStory
	V *view
	W mscWords
}

// selectedStoryViews wraps selected stories for the msc-selected-story
// partial (the impact report's):
// {{range .Data.Stories}}{{template "msc-selected-story" .}}{{end}}.
func selectedStoryViews(v *view, list []app.SelectedStory) []selectedStory {
	out := make([]selectedStory, 0, len(list))
	for _, s := range list {
		out = append(out, selectedStory{S: s, V: v, W: mscWords{v.L}})
	}
	return out
}

// reasons is a list of selections for the msc-reasons partial.
type reasons struct {
	W  mscWords
	Xs []app.SelectionView
}

// Reasons wraps selections for the msc-reasons partial:
// {{template "msc-reasons" (.Data.W.Reasons .Data.Story.Selections)}}.
func (m mscWords) Reasons(xs []app.SelectionView) reasons { return reasons{W: m, Xs: xs} }

// Who is a story's teller as the reader may see them: the name (and the
// organization they speak from), or "anonymous", or "name withheld".
func (m mscWords) Who(s app.StoryView) string {
	switch {
	case s.ShowTeller && s.TellerName != "":
		if s.TellerOrgName != "" {
			return s.TellerName + " · " + s.TellerOrgName
		}
		return s.TellerName
	case s.ShowTeller:
		return m.L.T("msc.teller_unnamed")
	case s.Anonymous():
		return m.L.T("msc.anonymous")
	}
	return m.L.T("msc.name_withheld")
}

// Reason wraps one selection for the msc-reasons partial.
func (m mscWords) Reason(x *app.SelectionView) reasons {
	return reasons{W: m, Xs: []app.SelectionView{*x}}
}
