package demo_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's finished MSC cycle, as a visitor reads it: stories in three
// languages, the anonymous teller unnamed, the story not to be published
// absent, and one story chosen at the top with reasons and a dissent.
func TestDemoMSC(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		cycles, err := a.MSCCycles(ctx, s)
		if err != nil || len(cycles) != 1 || cycles[0].Status != commons.MSCClosed || cycles[0].Stories != 6 {
			t.Fatalf("cycles: %+v, %v", cycles, err)
		}
		p, err := a.Stories(ctx, s, cycles[0].ID, commons.StoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		langs := map[string]int{}
		for _, c := range p.Counts.ByLanguage {
			langs[c.Key] = c.Count
		}
		if p.Counts.Total != 5 || langs["en"] != 3 || langs["cy"] != 1 || langs["ru"] != 1 {
			t.Errorf("a visitor reads %d stories in %v; want 5 (the private one kept), in English, Welsh and Russian", p.Counts.Total, langs)
		}
		for _, v := range p.Stories {
			if v.Anonymous() && (v.TellerName != "" || v.CollectorName != "") {
				t.Errorf("the anonymous story names %q / %q", v.TellerName, v.CollectorName)
			}
			if v.Consent == commons.ConsentPublishNoName && v.TellerName != "" {
				t.Errorf("a withheld name is shown: %q", v.TellerName)
			}
		}
		top, err := a.SelectedStories(ctx, s, app.MSCPeriod{})
		if err != nil || len(top) != 1 {
			t.Fatalf("selected stories: %+v, %v", top, err)
		}
		last := top[0].Selections[len(top[0].Selections)-1]
		if len(top[0].Selections) != 2 || last.Reasons == "" || last.Dissent == "" || top[0].Story.Language != "ru" {
			t.Errorf("the top story: %+v", top[0])
		}
	})
}
