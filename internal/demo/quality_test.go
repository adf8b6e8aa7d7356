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

// Cwm Tawel's finished round: the council rates governance high, the
// citizen groups low; the change since last year shows; its action points
// are one done, one overdue, one open.
func TestDemoQualityRound(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		testDemoQuality(t, a, st)
	})
}

func testDemoQuality(t *testing.T, a *app.App, st *store.Store) {
	ctx := context.Background()
	s, err := a.Scope(ctx, nil, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	res, found, err := a.LatestRoundResults(ctx, s)
	if err != nil || !found {
		t.Fatalf("no closed round: %v", err)
	}
	if res.Previous == nil {
		t.Error("no previous round to compare with")
	}
	for _, c := range res.Criteria {
		if c.Criterion.Key != "unesco.governance" {
			continue
		}
		mean := map[commons.Sector]float64{}
		for _, x := range c.BySector {
			mean[x.Sector] = x.Mean
		}
		if mean[commons.SectorPublicAuthority] != 4 || mean[commons.SectorCitizenGroup] >= 2 || !c.HasPrevious {
			t.Errorf("governance: council %v, citizen groups %v, previous %v", mean[commons.SectorPublicAuthority], mean[commons.SectorCitizenGroup], c.HasPrevious)
		}
	}
	points, err := st.ActionPoints(ctx, res.Round.CommunityID, store.ActionPointFilter{RoundID: res.Round.ID})
	if err != nil || len(points) != 3 {
		t.Fatalf("action points: %v %v", points, err)
	}
	today := a.Today(s.Community)
	done, overdue := 0, 0
	for _, p := range points {
		if p.Status == commons.ActionPointDone {
			done++
		}
		if p.Overdue(today) {
			overdue++
		}
	}
	if done != 1 || overdue != 1 {
		t.Errorf("done %d, overdue %d", done, overdue)
	}
}
