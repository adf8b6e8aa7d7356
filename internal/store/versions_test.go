package store_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Every write transaction bumps a data version before it commits: a
// community's write its own (or the global one), and the page versions
// read afterwards are newer.
func TestWritesBumpPageVersions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		none, err := s.PageVersions(ctx, "bench")
		if err != nil || none.CommunityID != "" {
			t.Fatalf("no community yet: %+v %v", none, err)
		}
		u, err := s.CreateUser(ctx, commons.NewUser{Email: "v@example.org", Name: "V"}, "hash", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateCommunity(ctx, commons.NewCommunity{Slug: "bench", Name: "Bench", Languages: []string{"en"}, TimeZone: "UTC"}, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateResource(ctx, c, commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall", Terms: commons.TermsFree,
			Bookable: true, Approval: commons.ApprovalOpen}, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		before, err := s.PageVersions(ctx, "bench")
		if err != nil || before.CommunityID != c.ID {
			t.Fatalf("versions: %+v %v", before, err)
		}
		if err := s.UpdateResource(ctx, c, r.ID, commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall two", Terms: commons.TermsFree,
			Bookable: true, Approval: commons.ApprovalOpen}); err != nil {
			t.Fatal(err)
		}
		after, err := s.PageVersions(ctx, "bench")
		if err != nil || after.Global+after.Community <= before.Global+before.Community {
			t.Fatalf("a write bumped nothing: %+v then %+v (%v)", before, after, err)
		}
		// A rate-limit count shows on no page: it bumps nothing.
		if _, err := s.SpendRate(ctx, "k", 10, 60e9); err != nil {
			t.Fatal(err)
		}
		if same, _ := s.PageVersions(ctx, "bench"); same != after {
			t.Fatalf("a rate count bumped a version: %+v then %+v", after, same)
		}
	})
}

// BenchmarkPageVersions is what each cached page's request pays to know
// that what it keeps is current: one indexed query.
func BenchmarkPageVersions(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, _ := e.Open(b)
			benchResource(b, s)
			ctx := context.Background()
			for b.Loop() {
				if _, err := s.PageVersions(ctx, "bench"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
