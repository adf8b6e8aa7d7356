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
// value; the Miners' Hall reports, two given and two still asked for, and
// the public summary counts them without their words.
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
		if len(inds.Indicators) != 7 {
			t.Fatalf("%d indicators, want 7", len(inds.Indicators))
		}
		for _, r := range inds.Indicators {
			if r.Source == commons.IndicatorReported {
				if _, ok := r.Latest(); !ok {
					t.Errorf("%s has no value", r.Name)
				}
			}
		}
		reps, _ := im.Section(app.SectionReports)
		if reps.Reports == nil || reps.Reports.Submitted != 2 || reps.Reports.Requested != 2 || reps.Reports.Kept != 3 || reps.Reports.Missed != 0 {
			t.Errorf("report summary = %+v", reps.Reports)
		}
	})
}
