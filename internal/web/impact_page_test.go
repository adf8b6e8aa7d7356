package web_test

import (
	"context"
	"strings"
	"testing"

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
// stays out of the visitors' report.
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
		`id="h-profile"`, "Version 2", `href="/c/` + demo.Slug + `/profile/versions/2"`, `class="profile-section"`, `<figure class="evidence">`,
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
	if body := member.do("GET", path, nil).Body.String(); !strings.Contains(body, private.Title) {
		t.Error("the panel's member does not read the story the panel selected")
	}
}
