package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo shows brokering: Rhodri is matched with the bicycle-repair
// learners, and the Friends' need for a van meets the hardware shop's offer.
func TestDemoMatches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, true); err != nil {
			t.Fatal(err)
		}
		as := func(email string) app.Scope {
			u, err := a.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			s, err := a.Scope(ctx, &u, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		irina := as("irina@cwm-tawel.example")
		ps, _, err := a.Proposals(ctx, irina)
		if err != nil {
			t.Fatal(err)
		}
		found, greenEnergy := false, false
		for _, p := range ps {
			if !strings.HasPrefix(p.Title, "Fixing bicycles") {
				continue
			}
			mv, err := a.Matches(ctx, irina, commons.SubjectProposal, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range mv.Matches {
				found = found || (m.Type == commons.CandidatePerson && m.OwnerName == "Rhodri Jenkins")
				greenEnergy = greenEnergy || (m.Type == commons.SubjectOrganization && m.Title == "Valley Green Energy Trust")
			}
		}
		if !found {
			t.Error("Rhodri is not matched with the bicycle learners")
		}
		rhodri, err := a.UserByEmail(ctx, "rhodri@cwm-tawel.example")
		if err != nil {
			t.Fatal(err)
		}
		ns, _, err := a.Notifications(ctx, &rhodri, commons.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		suggested := false
		for _, n := range ns {
			suggested = suggested || n.Kind == commons.NotifyMatchSuggested
		}
		if !suggested {
			t.Error("no learning champion suggested the bicycle learners to Rhodri")
		}
		if !greenEnergy {
			t.Error("the Green Energy Trust, which lends bicycles, is not suggested to the bicycle learners")
		}
		mair := as("mair@cwm-tawel.example")
		is, _, err := a.Initiatives(ctx, mair, commons.InitiativeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		van := false
		for _, i := range is {
			iv, err := a.Initiative(ctx, mair, i.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range iv.Needs {
				if !strings.Contains(n.Description, "A van") {
					continue
				}
				mv, err := a.Matches(ctx, mair, commons.SubjectNeed, n.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range mv.Matches {
					van = van || (m.Type == commons.SubjectIntent && m.OwnerName == "Jenkins & Daughters Hardware")
				}
			}
		}
		if !van {
			t.Error("the Friends' need for a van does not meet the hardware shop's offer")
		}
	})
}

// Every line of the demo's overview says since when it has waited: an
// overdue commitment nobody has marked waits since its partnership was
// proposed, not since the year 1.
func TestDemoOverviewSince(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		carys, err := a.UserByEmail(ctx, "carys@cwm-tawel.example")
		if err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, &carys, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		o, err := a.Overview(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		overdue := 0
		for _, sec := range o.Sections {
			for _, l := range sec.Lines {
				if sec.Name == "overdue_commitments" {
					overdue++
				}
				if l.Since.IsZero() || l.Since.After(a.Now()) {
					t.Errorf("%s: %q waits since %v", sec.Name, l.Title, l.Since)
				}
			}
		}
		if overdue == 0 {
			t.Error("the demo has no overdue commitment to show")
		}
	})
}
