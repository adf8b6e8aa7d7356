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

// The demo holds initiatives at every stage, and one active partnership
// of a citizen group, the council, the university and a business with
// kept and overdue commitments.
func TestDemoInitiatives(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, true); err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		list, _, err := a.Initiatives(ctx, s, commons.InitiativeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		stages := map[commons.InitiativeStatus]bool{}
		found := false
		for _, i := range list {
			stages[i.Status] = true
			d, err := a.Initiative(ctx, s, i.ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Partnership == nil || d.Partnership.Status != commons.PartnershipActive || i.Status != commons.InitiativeActive {
				continue
			}
			sectors, kept := map[commons.Sector]bool{}, 0
			for _, p := range d.Partnership.Current().Parties {
				sectors[p.Sector] = true
				for _, c := range p.Commitments {
					if c.Status == commons.CommitmentKept {
						kept++
					}
				}
			}
			if sectors[commons.SectorCitizenGroup] && sectors[commons.SectorPublicAuthority] && sectors[commons.SectorEducation] &&
				sectors[commons.SectorBusiness] && kept > 0 && len(d.Overdue()) > 0 {
				found = true
			}
		}
		if len(stages) != len(commons.InitiativeStatuses) {
			t.Errorf("stages: %v", stages)
		}
		if !found {
			t.Error("no active four-sector partnership with kept and overdue commitments")
		}
	})
}
