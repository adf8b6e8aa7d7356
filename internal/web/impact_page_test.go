package web_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// Cwm Tawel's impact report shows, before its indicators, the Profile's
// current version with its evidence, the latest round's results by
// sector linked to the round, and the selected story with the panels'
// reasons linked to the story; a story selected but not to be published
// stays out of the report, whoever reads it.
func TestImpactPageSections(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	a := s.App
	ctx := context.Background()
	if _, err := demo.Load(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	scope, err := a.Scope(ctx, nil, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	res, found, err := a.LatestRoundResults(ctx, scope)
	if err != nil || !found {
		t.Fatal(err)
	}
	top, err := a.SelectedStories(ctx, scope, app.MSCPeriod{})
	if err != nil || len(top) != 1 {
		t.Fatalf("selected stories: %d, %v", len(top), err)
	}

	// A second cycle whose panel selects a story kept "do not publish".
	as := func(email string) app.Scope {
		u, err := a.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := a.Scope(ctx, &u, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	carys, sian := as("carys@cwm-tawel.example"), as("sian@cwm-tawel.example")
	day := func(ago int) string {
		return a.Now().In(a.Location(scope.Community)).AddDate(0, 0, -ago).Format("2006-01-02")
	}
	cycle, err := a.OpenMSCCycle(ctx, carys, commons.MSCCycleFields{Title: "Autumn changes", From: day(40), To: day(30),
		Question: "What was the most significant change for you this autumn? Why is it significant to you?"})
	if err != nil {
		t.Fatal(err)
	}
	private, err := a.TellStory(ctx, sian, cycle.ID, commons.StoryFields{TellerKind: commons.TellerMember, Consent: commons.ConsentPrivate,
		ConsentDate: day(35), When: "this autumn", Where: "home", Domain: "work", Language: "en", Title: "A debt we could not name",
		Text: "We made a plan we can keep.", Why: "We sleep again."})
	if err != nil {
		t.Fatal(err)
	}
	panel, err := a.FormPanel(ctx, carys, cycle.ID, commons.PanelFields{Name: "Autumn panel", Level: 1, MemberIDs: []string{sian.ActorID()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AdvanceMSCCycle(ctx, carys, cycle.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SelectStory(ctx, sian, panel.ID, commons.SelectionFields{StoryID: private.ID, Method: commons.MethodConsensus,
		Reasons: "It shows what the advice evenings are for."}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AdvanceMSCCycle(ctx, carys, cycle.ID); err != nil {
		t.Fatal(err)
	}

	// The cycles ended 30 days ago: the report of that year shows them.
	period := commons.YearOf(a.Now().AddDate(0, 0, -30)).String()
	path := "/c/" + demo.Slug + "/impact?period=" + period
	visitor := newBrowser(t, s, "en")
	rec := visitor.do("GET", path, nil)
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("the impact page: %d", rec.Code)
	}
	for _, want := range []string{
		`id="h-profile"`, "Version 2", `href="/c/` + demo.Slug + `/profile/versions/2"`, `class="profile-section"`, `<figure class="evidence" id="evidence-`,
		`id="h-round"`, `href="/c/` + demo.Slug + `/quality/` + res.Round.ID + `/results"`, `<table class="quality-table`, "Public authority", "Citizen group",
		`id="h-stories"`, `href="/c/` + demo.Slug + `/stories/` + top[0].Story.ID + `"`, top[0].Story.Title, top[0].Selections[1].Reasons,
	} {
		if !strings.Contains(body, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("the visitor's impact page lacks %q", want)
		}
	}
	order := []string{`id="h-profile"`, `id="h-round"`, `id="h-stories"`, `id="h-indicators"`, `id="h-partnerships"`}
	for n := 1; n < len(order); n++ {
		if strings.Index(body, order[n-1]) > strings.Index(body, order[n]) {
			t.Errorf("%s comes after %s", order[n-1], order[n])
		}
	}
	if strings.Contains(body, private.Title) || strings.Contains(body, "/stories/"+private.ID) {
		t.Error("a visitor reads a selected story not to be published")
	}

	body = newBrowser(t, s, "ru").do("GET", path, nil).Body.String()
	for _, want := range []string{"Профиль обучающегося сообщества", "Критерии качества", "Самые значимые изменения"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Russian impact page lacks %q", want)
		}
	}
	member := newBrowser(t, s, "en")
	if code, _ := member.post("/signin", map[string]string{"email": "sian@cwm-tawel.example", "password": demo.Password}); code != 303 {
		t.Fatalf("sign in: %d", code)
	}
	// The report is the same for everyone and printed for others: the
	// panel's member reads the story on the MSC pages, not in the report.
	if body := member.do("GET", path, nil).Body.String(); strings.Contains(body, private.Title) {
		t.Error("the panel's member reads in the impact report a story not to be published")
	}
	if body := member.do("GET", "/c/"+demo.Slug+"/msc", nil).Body.String(); !strings.Contains(body, private.Title) {
		t.Error("the panel's member does not read on the MSC page the story the panel selected")
	}
}

// unlinkedNumbers lists the figures of an impact page that are not
// links: text with a digit in a table's cell (outside its head and
// caption, which are labels), in a definition list's value, or in a
// figure outside its SVG (whose text has a table beside it).
func unlinkedNumbers(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, figure, inA bool)
	walk = func(n *html.Node, figure, inA bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "svg", "thead", "caption", "script", "style", "form":
				return
			case "a":
				inA = true
			case "td", "th", "dd", "figure":
				figure = true
			}
		}
		if n.Type == html.TextNode && figure && !inA && strings.IndexFunc(n.Data, unicode.IsDigit) >= 0 {
			out = append(out, strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, figure, inA)
		}
	}
	var main *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "article" && main == nil {
			for _, a := range n.Attr {
				if a.Key == "class" && a.Val == "impact" {
					main = n
				}
			}
		}
		for c := n.FirstChild; c != nil && main == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if main == nil {
		t.Fatal("no impact report on the page")
	}
	walk(main, false, false)
	return out
}

// Every number on Cwm Tawel's printed impact report links to the evidence
// it was computed from, for a council officer (an editor) and for a
// visitor: the Profile's figures, the round's means, counts, spread and
// change, the indicators' baselines, values, progress and targets, the
// partnerships' commitments and the partner reports' counts.
func TestImpactNumbersLinkToEvidence(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s.App, false); err != nil {
			t.Fatal(err)
		}
		officer := newBrowser(t, s, "en")
		if code, _ := officer.post("/signin", map[string]string{"email": "sian@cwm-tawel.example", "password": demo.Password}); code != 303 {
			t.Fatalf("sign in: %d", code)
		}
		// This year's report (the partner reports) and last month's year
		// (the stories and the round), which may be last year.
		paths := []string{"/c/" + demo.Slug + "/impact", "/c/" + demo.Slug + "/impact?period=" + commons.YearOf(s.App.Now().AddDate(0, 0, -30)).String()}
		for who, b := range map[string]*browser{"the council officer": officer, "a visitor": newBrowser(t, s, "en")} {
			for _, path := range paths {
				rec := b.do("GET", path, nil)
				if rec.Code != 200 {
					t.Fatalf("%s reads %s: %d", who, path, rec.Code)
				}
				body := rec.Body.String()
				for _, want := range []string{`<table class="quality-table`, `class="impact-table"`, `<figure class="evidence"`} {
					if !strings.Contains(body, want) {
						t.Errorf("%s's %s lacks %q: nothing to check there", who, path, want)
					}
				}
				if bad := unlinkedNumbers(t, body); len(bad) > 0 {
					t.Errorf("%s's %s has %d numbers that link nowhere: %q", who, path, len(bad), bad)
				}
			}
		}
	})
}
