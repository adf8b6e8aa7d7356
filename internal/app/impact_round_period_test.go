package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The impact page's quality round is the latest closed one that assessed
// part of the page's period: the report for a year shows that year's
// round, not one held since, and none where no round covered it.
func TestImpactRoundFollowsThePeriod(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		ed := w.scope(t, "Founder")
		closed := func(title, from, to string) string {
			t.Helper()
			r, err := w.a.CreateRound(ctx, ed, commons.RoundFields{Title: title, PeriodStart: from, PeriodEnd: to,
				Frameworks: []commons.Framework{commons.FrameworkUNESCO}, Method: "An open debate in the hall", Scale: 4})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.a.CloseRound(ctx, ed, r.ID); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		first := closed("Check-up 2029", "2029-01-01", "2029-12-31")
		second := closed("Check-up 2030", "2030-03-01", "2031-02-28")
		round := func(p commons.Period) string {
			t.Helper()
			im, err := w.a.Impact(ctx, w.scope(t, "visitor"), p)
			if err != nil {
				t.Fatal(err)
			}
			sec, ok := im.Section(app.SectionRound)
			if !ok {
				t.Fatal("no round section")
			}
			if sec.Round == nil {
				return ""
			}
			return sec.Round.Round.ID
		}
		for _, c := range []struct {
			p    commons.Period
			want string
		}{
			{commons.Period{Year: 2029}, first},
			{commons.Period{Year: 2030}, second},
			{commons.Period{Year: 2031}, second},
			{commons.Period{Year: 2030, Quarter: 1}, second}, // March is in the first quarter
			{commons.Period{Year: 2028}, ""},
			{commons.Period{Year: 2032}, ""},
		} {
			if got := round(c.p); got != c.want {
				t.Errorf("%s shows round %q, want %q", c.p, got, c.want)
			}
		}
		// The overview still shows the latest round, whatever its period.
		if res, found, err := w.a.LatestRoundResults(ctx, w.scope(t, "visitor")); err != nil || !found || res.Round.ID != second {
			t.Errorf("latest round: %v %v %v", res.Round.ID, found, err)
		}
	})
}
