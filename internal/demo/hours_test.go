package demo_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's hours, counted by hand from internal/demo/hours.go: Bethan
// 8 × 2 h, Aisha 4 × 2 h, Olena 8 × 3 h, Rhodri 5 h, six people's 6 h on
// the volunteer day (Mair's own waits), Gareth's 2.5 h and Irina's 1.5 h
// given directly.
func TestDemoHours(t *testing.T) {
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
		p, err := a.HoursTotals(ctx, s, commons.HoursFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := 8*120 + 4*120 + 8*180 + 300 + 6*360 + 150 + 90; p.Totals.Minutes != want {
			t.Errorf("confirmed minutes: %d, want %d", p.Totals.Minutes, want)
		}
		direct := 0
		for _, x := range p.Totals.BySector {
			if x.Key == "" {
				direct = x.Minutes
			}
		}
		if want := 8*120 + 4*120 + 8*180 + 6*360 + 150 + 90; direct != want {
			t.Errorf("direct minutes: %d, want %d", direct, want)
		}
		// The badges: the Welsh course's to its three who attended every
		// session, Irina among them; the Winter evenings' to Bethan (16 h),
		// Olena (30 h) and Rhodri (11 h), not Aisha (8 h).
		list, _, err := a.Achievements(ctx, s)
		if err != nil || len(list) != 2 {
			t.Fatalf("achievements: %+v, %v", list, err)
		}
		awards := map[string]int{}
		for _, ach := range list {
			awards[ach.Name] = ach.Awards
		}
		if awards["Cymraeg: first steps"] != 3 || awards["Winter evenings volunteer"] != 3 {
			t.Errorf("awards: %v", awards)
		}
		// The neighbours' time bank: five transfers, and the half of one
		// across the alliance with Cwm Uchaf, books balanced on both sides.
		ledger, err := st.AuditLedger(ctx, s.Community.ID)
		if err != nil || ledger.Transfers != 6 || ledger.Sum != 0 || ledger.Unbalanced != 0 {
			t.Errorf("time bank: %+v, %v", ledger, err)
		}
		up, err := a.Scope(ctx, nil, demo.NeighboursSlug)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := st.AuditLedger(ctx, up.Community.ID); err != nil || l.Transfers != 1 || l.Sum != 0 || l.Unbalanced != 0 {
			t.Errorf("Cwm Uchaf's books: %+v, %v", l, err)
		}
	})
}
