package region_test

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A small region loads on both engines — on PostgreSQL the bookings'
// exclusion constraint would refuse any overlap the generator made — and
// what it loads works through the use cases: people sign in, text search
// finds resources, a generated space takes a new booking.
func TestGenerateSmallRegion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		cat, err := i18n.Load(nil)
		if err != nil {
			t.Fatal(err)
		}
		a := app.New(s, cat, nil)
		a.Argon2 = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
		hash, err := argon2id.CreateHash("commons-demo", a.Argon2)
		if err != nil {
			t.Fatal(err)
		}
		g := &region.Generator{Store: s, Counts: region.CountsAt(0.01), PasswordHash: hash, Seed: 7, Now: time.Now()}
		if err := g.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountCommunities(ctx); err != nil || n != 1 {
			t.Fatalf("communities: %d, %v", n, err)
		}
		if _, err := a.SignIn(ctx, region.Email(42), "commons-demo", "192.0.2.1"); err != nil {
			t.Fatalf("a generated person signs in: %v", err)
		}
		c, err := s.CommunityBySlug(ctx, region.SlugPrefix+"001")
		if err != nil {
			t.Fatal(err)
		}
		found, _, err := s.ListResources(ctx, c, store.ResourceFilter{Query: "projector"})
		if err != nil || len(found) == 0 {
			t.Fatalf("text search found %d resources: %v", len(found), err)
		}
		// Resources owned by a person or by organizations, among all the
		// community's (the pledge form's list).
		all, _, err := s.ListResources(ctx, c, store.ResourceFilter{Page: commons.Page{Limit: commons.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		owners := map[string]bool{}
		for _, r := range all[:20] {
			owners[r.OwnerUserID+r.OwnerOrgID] = true
		}
		var ids []string
		for id := range owners {
			ids = append(ids, id)
		}
		owned, _, err := s.ListResources(ctx, c, store.ResourceFilter{OwnedByAny: ids, Page: commons.Page{Limit: commons.MaxPageSize}})
		if err != nil || len(owned) < 20 {
			t.Fatalf("owned by any of %d: %d resources, %v", len(ids), len(owned), err)
		}
		for _, r := range owned {
			if !owners[r.OwnerUserID+r.OwnerOrgID] {
				t.Fatalf("%s is owned by someone else", r.Title)
			}
		}
		found, _, err = s.ListResources(ctx, c, store.ResourceFilter{Accessibility: []string{"step_free"}})
		if err != nil || len(found) == 0 {
			t.Fatalf("the accessibility filter found %d resources: %v", len(found), err)
		}
		threads, _, err := s.Threads(ctx, c.ID, store.ThreadFilter{}, commons.Page{Limit: 5})
		if err != nil || len(threads) != 5 || threads[0].PostCount == 0 {
			t.Fatalf("threads: %+v, %v", threads, err)
		}
		sc, err := a.Scope(ctx, nil, c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := a.Activities(ctx, sc, app.ActivityFilter{From: time.Now().AddDate(0, 0, -40), To: time.Now().AddDate(0, 0, 100), Theme: "culture"})
		if err != nil || len(acts) == 0 {
			t.Fatalf("activities: %d, %v", len(acts), err)
		}
		full := false
		for _, act := range acts {
			got, err := a.Activity(ctx, sc, act.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Capacity != nil && got.Registered > *got.Capacity {
				t.Fatalf("more registered than places: %+v", got)
			}
			full = full || got.Waitlisted > 0
		}
		if !full {
			t.Error("no generated activity has a waitlist")
		}
		if err := g.Run(ctx); err == nil {
			t.Fatal("a second region went into the same database")
		}
	})
}
