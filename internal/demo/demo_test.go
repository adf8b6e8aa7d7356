package demo_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func TestDemoLoadsOnceOnBothEngines(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		loaded, err := demo.Load(ctx, a, false)
		if err != nil || !loaded {
			t.Fatalf("load: %v %v", loaded, err)
		}
		c, err := a.Community(ctx, demo.Slug)
		// 12 people, and the 10 residents who voted in the fund round (fund.go).
		if err != nil || c.MemberCount != 12+10 || len(c.Languages) != 3 {
			t.Fatalf("community: %+v %v", c, err)
		}
		s, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		orgs, _, err := a.Organizations(ctx, s, commons.OrganizationFilter{})
		if err != nil || len(orgs) != 10 {
			t.Fatalf("organizations: %d %v", len(orgs), err)
		}
		sectors := map[commons.Sector]int{}
		for _, o := range orgs {
			sectors[o.Sector]++
		}
		if len(sectors) != 6 || sectors[commons.SectorCitizenGroup] != 3 || sectors[commons.SectorNGO] != 2 {
			t.Fatalf("sectors: %v", sectors)
		}
		// Members joined over two years, not all on the day the demo loaded.
		for email, days := range map[string]int{"carys@cwm-tawel.example": 820, "irina@cwm-tawel.example": 120} {
			u, err := a.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			m, err := a.Store.Member(ctx, c.ID, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ago := a.Now().Sub(m.JoinedAt).Hours() / 24; ago < float64(days)-1 || ago > float64(days)+1 {
				t.Errorf("%s joined %.0f days ago, want %d", email, ago, days)
			}
		}
		// Three resources show a drawn photo.
		rs, _, err := a.Resources(ctx, s, app.ResourceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		photos := 0
		for _, r := range rs {
			if r.HasPhoto {
				photos++
			}
		}
		if photos != 3 {
			t.Errorf("%d resources with a photo, want 3", photos)
		}
		for email, want := range map[string]string{"gareth@cwm-tawel.example": "[member]", "sian@cwm-tawel.example": "[member editor]",
			"irina@cwm-tawel.example": "[newcomer]", "carys@cwm-tawel.example": "[member editor steward]"} {
			u, err := a.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			m, err := a.Store.Member(ctx, c.ID, u.ID)
			if err != nil || fmt.Sprint(m.Roles) != want || (m.Threshold != 2 && email != "carys@cwm-tawel.example") {
				t.Errorf("%s: roles %v threshold %d, want %s; %v", email, m.Roles, m.Threshold, want, err)
			}
		}
		if _, err := a.SignIn(ctx, "olena@cwm-tawel.example", demo.Password, "test"); err != nil {
			t.Fatalf("demo person cannot sign in: %v", err)
		}
		if loaded, err := demo.Load(ctx, a, true); err != nil || loaded {
			t.Fatalf("second load: %v %v", loaded, err)
		}
	})
}

// The demo's term: courses, workshops, skill-shares and an event, one of
// them full with a waitlist, and a learner's wish.
func TestDemoActivities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		c, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		now := a.Now()
		acts, err := a.Activities(ctx, c, app.ActivityFilter{From: now, To: now.AddDate(0, 4, 0)})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[commons.ActivityKind]int{}
		full := 0
		for _, x := range acts {
			kinds[x.Kind]++
			if x.Full() && x.Waitlisted > 0 {
				full++
			}
		}
		if len(kinds) != 4 || full == 0 || len(acts) < 20 {
			t.Fatalf("kinds %v, full with a waitlist %d, occurrences %d", kinds, full, len(acts))
		}
		ps, _, err := a.Proposals(ctx, c)
		if err != nil || len(ps) != 1 {
			t.Fatalf("proposals: %d %v", len(ps), err)
		}
		teachers, err := a.Teachers(ctx, c, "bicycle")
		if err != nil || len(teachers) != 1 {
			t.Fatalf("who can teach bicycle repair: %v %v", teachers, err)
		}
	})
}
