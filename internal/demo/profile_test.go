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

// Cwm Tawel's Profile is in its second version: the first, published a
// year ago, ended in its action phase; the second is published and
// reviewed, with its evidence frozen and members' comments.
func TestDemoProfile(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		visitor, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		list, err := a.ProfileVersions(ctx, visitor)
		if err != nil || len(list) != 2 || list[0].Phase != commons.ProfileReviewed || list[1].Phase != commons.ProfileAction {
			t.Fatalf("%+v %v", list, err)
		}
		cur, err := a.CurrentProfile(ctx, visitor)
		if err != nil || cur.Number != 2 || cur.Previous != 1 {
			t.Fatalf("%+v %v", cur, err)
		}
		orgs := 0
		for _, s := range cur.Sections {
			if s.Live {
				t.Error("a published section shows live figures")
			}
			for _, b := range s.Blocks {
				if b.Kind == commons.EvidenceOrganizations {
					orgs = b.Total[0]
				}
			}
		}
		if orgs < 10 {
			t.Errorf("organizations counted at publication: %d", orgs)
		}
		diff, err := a.ProfileDiff(ctx, visitor, 2)
		if err != nil || !diff.Sections[0].Changed {
			t.Fatalf("%+v %v", diff, err)
		}
	})
}
