package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's teachers and organizers are public; its learners are not:
// a visitor's member list names the first and none of the others, as the
// members' own list names everyone.
func TestDemoPrivacy(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		names := func(u *commons.User) []string {
			t.Helper()
			s, err := a.Scope(ctx, u, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			ms, _, err := a.Members(ctx, s, commons.Page{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, m.Name)
			}
			return out
		}
		visitor := names(nil)
		if !slices.Contains(visitor, "Siân Pritchard") || !slices.Contains(visitor, "Huw Thomas") ||
			slices.Contains(visitor, "Irina Petrova") || slices.Contains(visitor, "Olena Kovalenko") {
			t.Fatalf("a visitor sees %v", visitor)
		}
		irina, err := a.SignIn(ctx, "irina@cwm-tawel.example", demo.Password, "test")
		if err != nil {
			t.Fatal(err)
		}
		// A member sees everyone, private or public: more than a visitor,
		// and the private people among them (other parts add people, so
		// the test does not count them).
		if members := names(&irina); len(members) <= len(visitor) || !slices.Contains(members, "Olena Kovalenko") || !slices.Contains(members, "Irina Petrova") {
			t.Fatalf("a member sees %v", members)
		}
	})
}
