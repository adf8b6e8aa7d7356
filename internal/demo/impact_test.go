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

// The demo's impact report: seven indicators, the reported ones with a
// value, and one retired with its values; the Miners' Hall reports, three
// given (one attaching stories) and one still asked for, and the public
// summary counts and lists them without their words.
func TestDemoImpact(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := ts.New(t, st).App
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		visitor, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		im, err := a.Impact(ctx, visitor, a.DefaultPeriod(visitor.Community))
		if err != nil {
			t.Fatal(err)
		}
		inds, _ := im.Section(app.SectionIndicators)
		if len(inds.Indicators) != 8 {
			t.Fatalf("%d indicators, want 8 (one retired this year)", len(inds.Indicators))
		}
		retired := inds.Indicators[len(inds.Indicators)-1]
		if !retired.Retired() || retired.RetiredOn > a.Now().Format("2006-01-02") {
			t.Errorf("the last indicator is not retired in the past: %q", retired.RetiredOn)
		}
		for _, r := range inds.Indicators {
			if r.Source == commons.IndicatorReported {
				if _, ok := r.Latest(); !ok {
					t.Errorf("%s has no value", r.Name)
				}
			}
		}
		reps, _ := im.Section(app.SectionReports)
		if reps.Reports == nil || reps.Reports.Submitted != 3 || reps.Reports.Requested != 1 || reps.Reports.Kept != 4 || reps.Reports.Missed != 0 {
			t.Errorf("report summary = %+v", reps.Reports)
		}
		// The university's report attaches two published stories, which
		// the summary lists by title, naming no teller.
		stories := 0
		for _, r := range reps.Published {
			stories += len(r.Stories)
		}
		if len(reps.Published) != 3 || stories != 2 {
			t.Errorf("published reports = %+v", reps.Published)
		}
	})
}
