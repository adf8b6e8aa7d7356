package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// profileStyles is the stylesheet of the Profile's pages: evidence
// tables, the diff, and the rules that print a version as the document.
const profileStyles = "/static/profile.css"

func (w *Web) routesProfile(m router) {
	m.Page("GET /c/{slug}/profile", w.profileOverview)
	m.Form("POST /c/{slug}/profile/versions", w.openProfileVersion, w.profileOverview)
	// A version's page, and its Markdown at the same address with ".md".
	pattern := "GET /c/{slug}/profile/versions/{n}"
	m.w.pages = append(m.w.pages, pattern)
	m.w.mux.HandleFunc(pattern, func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.PathValue("n"), ".md") {
			w.profileMarkdown(rw, r)
			return
		}
		v, err := w.viewFor(r)
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		w.serve(rw, r, v, w.profileVersionPage)
	})
	m.Page("GET /c/{slug}/profile/versions/{n}/edit", w.profileEditPage)
	m.Page("GET /c/{slug}/profile/versions/{n}/diff", w.profileDiffPage)
	m.Form("POST /c/{slug}/profile/versions/{n}/sections/{question}", w.updateProfileSection, w.profileEditPage)
	m.Form("POST /c/{slug}/profile/versions/{n}/publish", w.publishProfileVersion, w.profileEditPage)
	m.Form("POST /c/{slug}/profile/versions/{n}/phase", w.advanceProfilePhase, w.profileVersionPage)
	m.Form("POST /c/{slug}/profile/versions/{n}/sections/{question}/comments", w.commentOnProfile, w.profileVersionPage)
}

// evidenceTable is a block of evidence as a page shows it: a title, the
// columns' headings, and rows labelled in the reader's words, each linked
// to the page its figures were counted from.
type evidenceTable struct {
	Kind         commons.EvidenceKind
	Title, Group string
	Columns      []string
	Rows         []evidenceLine
	Total        []string
	TotalLink    string
	// Anchor is the table's id on a version's page; Frozen that page at
	// the table, where its figures stay as they were computed (its rows
	// and total link to today's lists they counted, filtered where the
	// list has a filter).
	Anchor, Frozen string
	At             time.Time
	Live           bool
	// V is the page's view; Span the table's number of columns.
	V    *view
	Span int
}

type evidenceLine struct {
	Label, Link string
	Values      []string
}

// profileSection is a section as the pages show it. V is the page's view,
// so that the partial "profile-section" can be used from any page that
// embeds the Profile (an impact report): build them with
// profileSections.
type profileSection struct {
	app.ProfileSectionView
	V      *view
	Title  string
	Tables []evidenceTable
}

// profileSections prepares a version's sections for the partial.
func profileSections(v *view, ver app.ProfileVersionView) []profileSection {
	out := make([]profileSection, 0, len(ver.Sections))
	for _, s := range ver.Sections {
		ps := profileSection{ProfileSectionView: s, V: v, Title: v.L.T("lcp.q." + string(s.Question))}
		for _, e := range s.Blocks {
			t := evidenceTableOf(v, e, s.Live)
			t.Anchor = "evidence-" + string(s.Question) + "-" + string(e.Kind)
			t.Frozen = app.ProfileVersionLink(*v.Community, ver.Number) + "#" + t.Anchor
			ps.Tables = append(ps.Tables, t)
		}
		out = append(out, ps)
	}
	return out
}

// evidenceLink is the page a block's figures were counted from, filtered
// to one row's key (all of them for key "" of a total).
func evidenceLink(slug string, k commons.EvidenceKind, key string, total bool) string {
	base := "/c/" + slug
	q := func(path, param string) string {
		if total || key == "" {
			return base + path
		}
		return base + path + "?" + param + "=" + url.QueryEscape(key)
	}
	switch k {
	case commons.EvidenceOrganizations:
		return q("/organizations", "sector")
	case commons.EvidenceResources:
		return q("/resources", "kind")
	case commons.EvidenceActivitiesTheme:
		return q("/activities", "theme")
	case commons.EvidenceActivitiesLanguage:
		return q("/activities", "language")
	case commons.EvidenceInitiatives:
		return q("/initiatives", "status")
	case commons.EvidencePartnerships:
		return base + "/partnerships"
	case commons.EvidenceRequests:
		return base + "/proposals"
	case commons.EvidenceHours:
		return base + "/hours"
	}
	return ""
}

// evidenceLabel names a row's key in the reader's words.
func evidenceLabel(v *view, k commons.EvidenceKind, key string) string {
	switch k {
	case commons.EvidenceOrganizations, commons.EvidencePartnerships:
		return v.L.T("sector." + key)
	case commons.EvidenceResources:
		return v.L.T("kind." + key)
	case commons.EvidenceInitiatives:
		return v.L.T("istatus." + key)
	case commons.EvidenceActivitiesLanguage:
		return v.L.Language(key)
	}
	switch {
	case key == "":
		return v.L.T("lcp.no_theme")
	case commons.IsStandardTheme(key):
		return v.L.T("theme." + key)
	}
	return key
}

func evidenceTableOf(v *view, e commons.Evidence, live bool) evidenceTable {
	t := evidenceTable{Kind: e.Kind, Title: v.L.T("lcp.ev." + string(e.Kind)), Group: v.L.T("lcp.group." + string(e.Kind)),
		At: e.At, Live: live, TotalLink: evidenceLink(v.Community.Slug, e.Kind, "", true), V: v}
	cols := commons.EvidenceColumns(e.Kind)
	t.Span = cols + 1
	for i := range cols {
		t.Columns = append(t.Columns, v.L.T(fmt.Sprintf("lcp.col.%s.%d", e.Kind, i)))
	}
	format := func(i, n int) string {
		if e.Kind == commons.EvidenceHours && i == 0 {
			return strconv.FormatFloat(float64(n)/60, 'f', 1, 64)
		}
		return strconv.Itoa(n)
	}
	for _, r := range e.Rows {
		line := evidenceLine{Label: evidenceLabel(v, e.Kind, r.Key), Link: evidenceLink(v.Community.Slug, e.Kind, r.Key, false)}
		for i, n := range r.Values {
			line.Values = append(line.Values, format(i, n))
		}
		t.Rows = append(t.Rows, line)
	}
	for i, n := range e.Total {
		t.Total = append(t.Total, format(i, n))
	}
	return t
}

type profileOverviewData struct {
	app.ProfileOverview
	Sections []profileSection
}

func (w *Web) profileOverview(r *http.Request, v *view) (string, error) {
	o, err := w.App.Profile(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d := profileOverviewData{ProfileOverview: o}
	if o.Current != nil {
		d.Sections = profileSections(v, *o.Current)
	}
	v.Title, v.Data, v.Styles = v.L.T("lcp.title"), d, []string{profileStyles}
	return "community_profile", nil
}

func (w *Web) openProfileVersion(r *http.Request, v *view, _ *form) (done, error) {
	ver, err := w.App.OpenProfileVersion(r.Context(), v.Scope)
	if err != nil {
		return done{}, err
	}
	return done{To: app.ProfileVersionLink(*v.Community, ver.Number) + "/edit", Flash: "flash.lcp_opened"}, nil
}

func pathNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return 0, commons.NotFound()
	}
	return n, nil
}

type profileVersionData struct {
	Version  app.ProfileVersionView
	Sections []profileSection
	// Phases are the phases a version goes through, for the page that
	// says where this one stands.
	Phases []commons.ProfilePhase
}

func (w *Web) profileVersionPage(r *http.Request, v *view) (string, error) {
	n, err := pathNumber(r)
	if err != nil {
		return "", err
	}
	ver, err := w.App.ProfileVersion(r.Context(), v.Scope, n)
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("lcp.version_title", "Number", ver.Number)
	v.Data, v.Styles = profileVersionData{Version: ver, Sections: profileSections(v, ver), Phases: commons.ProfilePhases}, []string{profileStyles}
	return "community_profile_version", nil
}

// evidenceChoice is one block an editor may choose for a section.
type evidenceChoice struct {
	Kind    commons.EvidenceKind
	Label   string
	Checked bool
}

type profileEditSection struct {
	Question commons.ProfileQuestion
	Title    string
	Body     string
	Choices  []evidenceChoice
	// Form is the submitted form when it was this section's and had
	// problems.
	Form *form
}

type profileEditData struct {
	Version  app.ProfileVersionView
	Sections []profileEditSection
}

func (w *Web) profileEditPage(r *http.Request, v *view) (string, error) {
	n, err := pathNumber(r)
	if err != nil {
		return "", err
	}
	ver, err := w.App.ProfileVersion(r.Context(), v.Scope, n)
	if err != nil {
		return "", err
	}
	if !ver.May.Edit {
		if ver.Phase.Published() {
			return "", commons.Errorf(commons.CodeConflict, "error.profile.not_draft")
		}
		return "", commons.Forbidden()
	}
	d := profileEditData{Version: ver}
	for _, s := range ver.Sections {
		es := profileEditSection{Question: s.Question, Title: v.L.T("lcp.q." + string(s.Question)), Body: s.Body}
		chosen := map[commons.EvidenceKind]bool{}
		for _, k := range s.Evidence {
			chosen[k] = true
		}
		if v.Form != nil && v.Form.Get("question") == string(s.Question) {
			es.Form, es.Body, chosen = v.Form, v.Form.Get("body"), map[commons.EvidenceKind]bool{}
			for _, k := range v.Form.Values["evidence"] {
				chosen[commons.EvidenceKind(k)] = true
			}
		}
		for _, k := range commons.EvidenceKinds {
			es.Choices = append(es.Choices, evidenceChoice{Kind: k, Label: v.L.T("lcp.ev." + string(k)), Checked: chosen[k]})
		}
		d.Sections = append(d.Sections, es)
	}
	v.Title, v.Data, v.Styles = v.L.T("lcp.edit_title", "Number", ver.Number), d, []string{profileStyles}
	return "community_profile_edit", nil
}

func (w *Web) updateProfileSection(r *http.Request, v *view, f *form) (done, error) {
	n, err := pathNumber(r)
	if err != nil {
		return done{}, err
	}
	q := r.PathValue("question")
	f.Values.Set("question", q)
	var kinds []commons.EvidenceKind
	for _, k := range f.Values["evidence"] {
		kinds = append(kinds, commons.EvidenceKind(k))
	}
	if err := w.App.UpdateProfileSection(r.Context(), v.Scope, n, commons.SectionFields{Question: commons.ProfileQuestion(q),
		Body: f.Get("body"), Evidence: kinds}); err != nil {
		return done{}, err
	}
	return done{To: app.ProfileVersionLink(*v.Community, n) + "/edit#section-" + q, Flash: "flash.lcp_saved"}, nil
}

func (w *Web) publishProfileVersion(r *http.Request, v *view, _ *form) (done, error) {
	n, err := pathNumber(r)
	if err != nil {
		return done{}, err
	}
	if _, err := w.App.PublishProfileVersion(r.Context(), v.Scope, n); err != nil {
		return done{}, err
	}
	return done{To: app.ProfileVersionLink(*v.Community, n), Flash: "flash.lcp_published"}, nil
}

func (w *Web) advanceProfilePhase(r *http.Request, v *view, f *form) (done, error) {
	n, err := pathNumber(r)
	if err != nil {
		return done{}, err
	}
	if err := w.App.AdvanceProfilePhase(r.Context(), v.Scope, n, commons.ProfilePhase(f.Get("phase"))); err != nil {
		return done{}, err
	}
	return done{To: app.ProfileVersionLink(*v.Community, n), Flash: "flash.lcp_phase"}, nil
}

func (w *Web) commentOnProfile(r *http.Request, v *view, f *form) (done, error) {
	n, err := pathNumber(r)
	if err != nil {
		return done{}, err
	}
	q := r.PathValue("question")
	f.Values.Set("question", q)
	if _, err := w.App.CommentOnProfile(r.Context(), v.Scope, n, commons.ProfileQuestion(q), f.Get("body")); err != nil {
		return done{}, err
	}
	return done{To: app.ProfileVersionLink(*v.Community, n) + "#section-" + q, Flash: "flash.lcp_commented"}, nil
}

type profileDiffSection struct {
	commons.SectionDiff
	Title          string
	Added, Removed []string
}

type profileDiffData struct {
	app.ProfileDiffView
	Sections []profileDiffSection
}

func (w *Web) profileDiffPage(r *http.Request, v *view) (string, error) {
	n, err := pathNumber(r)
	if err != nil {
		return "", err
	}
	d, err := w.App.ProfileDiff(r.Context(), v.Scope, n)
	if err != nil {
		return "", err
	}
	data := profileDiffData{ProfileDiffView: d}
	for _, s := range d.Sections {
		ds := profileDiffSection{SectionDiff: s, Title: v.L.T("lcp.q." + string(s.Question))}
		for _, k := range s.AddedEvidence {
			ds.Added = append(ds.Added, v.L.T("lcp.ev."+string(k)))
		}
		for _, k := range s.RemovedEvidence {
			ds.Removed = append(ds.Removed, v.L.T("lcp.ev."+string(k)))
		}
		data.Sections = append(data.Sections, ds)
	}
	v.Title, v.Data, v.Styles = v.L.T("lcp.diff_title", "Number", n), data, []string{profileStyles}
	return "community_profile_diff", nil
}

// profileMarkdown writes a version as Markdown, its evidence as tables, in
// the reader's language: the Profile to take into a word processor.
func (w *Web) profileMarkdown(rw http.ResponseWriter, r *http.Request) {
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".md"))
	if err != nil || n < 1 {
		w.Fail(rw, r, commons.NotFound())
		return
	}
	ver, err := w.App.ProfileVersion(r.Context(), v.Scope, n)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", v.Community.Name, v.L.T("lcp.version_title", "Number", ver.Number))
	fmt.Fprintf(&b, "%s: %s", v.L.T("lcp.phase"), v.L.T("lcp.phase."+string(ver.Phase)))
	if ver.PublishedAt != nil {
		fmt.Fprintf(&b, " · %s", v.L.T("lcp.published_on", "Date", v.L.Date(*ver.PublishedAt)))
	}
	b.WriteString("\n")
	for _, s := range profileSections(v, ver) {
		fmt.Fprintf(&b, "\n## %s\n\n", s.Title)
		if body := strings.TrimSpace(s.Body); body != "" {
			b.WriteString(body + "\n")
		}
		for _, t := range s.Tables {
			fmt.Fprintf(&b, "\n### %s\n\n", t.Title)
			cell := func(x string) string { return strings.ReplaceAll(x, "|", "\\|") }
			b.WriteString("| " + cell(t.Group))
			for _, c := range t.Columns {
				b.WriteString(" | " + cell(c))
			}
			b.WriteString(" |\n|---" + strings.Repeat("|---:", len(t.Columns)) + "|\n")
			for _, l := range t.Rows {
				b.WriteString("| " + cell(l.Label) + " | " + strings.Join(l.Values, " | ") + " |\n")
			}
			b.WriteString("| **" + cell(v.L.T("lcp.total")) + "** | " + strings.Join(t.Total, " | ") + " |\n")
			key := "lcp.computed_on"
			if t.Live {
				key = "lcp.live_on"
			}
			fmt.Fprintf(&b, "\n%s\n", v.L.T(key, "Date", v.L.DateTime(t.At)))
		}
	}
	rw.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	rw.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"%s-profile-%d.md\"", v.Community.Slug, ver.Number))
	_, _ = rw.Write([]byte(b.String()))
}
