package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The demo's impact report brings the Profile's current version, the
// latest quality round and the selected stories before the indicators,
// in that order; a story whose teller withdrew consent ("do not
// publish") leaves the visitors' report but stays with the panels.
func TestImpactOfDemo(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		visitor := scopeIn(t, a, nil, demo.Slug)
		// The cycle ended 30 days ago: the report of that year shows it.
		p := commons.YearOf(a.Now().AddDate(0, 0, -30))
		v, err := a.Impact(ctx, visitor, p)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, s := range v.Sections {
			kinds = append(kinds, s.Kind)
		}
		want := []string{app.SectionProfile, app.SectionRound, app.SectionStories, app.SectionIndicators, app.SectionPartnerships, app.SectionReports}
		if len(kinds) != len(want) {
			t.Fatalf("sections %v, want %v", kinds, want)
		}
		for n := range want {
			if kinds[n] != want[n] {
				t.Fatalf("sections %v, want %v", kinds, want)
			}
		}
		prof, _ := v.Section(app.SectionProfile)
		if prof.Profile == nil || prof.Profile.Number != 2 || len(prof.Profile.Sections) == 0 {
			t.Errorf("profile section: %+v", prof.Profile)
		}
		round, _ := v.Section(app.SectionRound)
		if round.Round == nil || round.Round.Round.Status != commons.RoundClosed || round.Round.Ratings == 0 || len(round.Round.Criteria) != 12 {
			t.Errorf("round section: %+v", round.Round)
		}
		stories, _ := v.Section(app.SectionStories)
		if len(stories.Stories) != 1 || stories.Stories[0].Story.Language != "ru" || len(stories.Stories[0].Selections) != 2 ||
			stories.Stories[0].Selections[1].Reasons == "" {
			t.Fatalf("stories section: %+v", stories.Stories)
		}

		// A second cycle selects a story its teller keeps "do not
		// publish": it stays with the panel, out of the report.
		as := func(email string) app.Scope {
			u, err := a.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			return scopeIn(t, a, &u, demo.Slug)
		}
		carys, sian := as("carys@cwm-tawel.example"), as("sian@cwm-tawel.example")
		day := func(ago int) string {
			return a.Now().In(a.Location(visitor.Community)).AddDate(0, 0, -ago).Format("2006-01-02")
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
		titles := func(s app.Scope) []string {
			v, err := a.Impact(ctx, s, p)
			if err != nil {
				t.Fatal(err)
			}
			sec, _ := v.Section(app.SectionStories)
			var out []string
			for _, x := range sec.Stories {
				out = append(out, x.Story.Title)
			}
			return out
		}
		if got := titles(visitor); len(got) != 1 || got[0] == private.Title {
			t.Errorf("a visitor reads the selected stories %q; want the demo's one, not %q", got, private.Title)
		}
		// The report is the same for everyone and printed: the panel's
		// member reads the story on the MSC pages, not in the report.
		if got := titles(sian); len(got) != 1 || got[0] == private.Title {
			t.Errorf("the panel's member reads in the report the selected stories %q; want the demo's one, not %q", got, private.Title)
		}
		if top, err := a.SelectedStories(ctx, sian, app.MSCPeriod{From: p.From(), To: p.Last()}); err != nil || len(top) != 2 {
			t.Errorf("the panel's member reads %d selected stories on the MSC pages (%v); want the private one too", len(top), err)
		}
	})
}
