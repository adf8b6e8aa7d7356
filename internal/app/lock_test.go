package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// No setting can lock a community: raising the trust a role needs past
// what members hold is refused with the names of whom it would strip, and
// nothing changes; once they hold enough trust, or for a lower number,
// the change goes through.
func TestTrustThresholdCannotStripRoles(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		founder := signUp(t, a, "Founder", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		set := func(n int) error {
			p := &n
			_, err := a.UpdateCommunity(ctx, scopeIn(t, a, &founder, "cwm"), commons.CommunityChange{TrustThreshold: &p})
			return err
		}
		if err := set(1); err != nil {
			t.Fatal(err)
		}
		join := func(name string) commons.User {
			u := signUp(t, a, name, "en")
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(err)
			}
			return u
		}
		vouch := func(giver, receiver commons.User, role commons.Role) {
			if err := a.GiveTrust(ctx, scopeIn(t, a, &giver, "cwm"), receiver.ID, role); err != nil {
				t.Fatalf("%s vouches for %s as %s: %v", giver.Name, receiver.Name, role, err)
			}
		}
		ann, bryn := join("Ann"), join("Bryn")
		vouch(founder, ann, commons.RoleMember)
		vouch(founder, bryn, commons.RoleMember)
		vouch(founder, bryn, commons.RoleEditor)

		before, _, err := a.Record(ctx, scopeIn(t, a, &founder, "cwm"), commons.Page{})
		if err != nil {
			t.Fatal(err)
		}
		err = set(2)
		var e *commons.Error
		if !errors.As(err, &e) || e.Code != commons.CodeInvalid || e.Fields["trust_threshold"].Key != "error.trust_threshold.strips_roles" {
			t.Fatalf("raising past members' trust: %v", err)
		}
		if names := e.Message.Args["Names"].(string); !strings.Contains(names, "Ann") || !strings.Contains(names, "Bryn") || strings.Contains(names, "Founder") {
			t.Errorf("the refusal names %q, want Ann and Bryn (the founder's roles are granted)", names)
		}
		s := scopeIn(t, a, &founder, "cwm")
		if s.Community.TrustThreshold == nil || *s.Community.TrustThreshold != 1 {
			t.Errorf("threshold changed anyway: %v", s.Community.TrustThreshold)
		}
		after, _, err := a.Record(ctx, s, commons.Page{})
		if err != nil || len(after) != len(before) {
			t.Errorf("a refused change went on the record: %d entries, were %d (%v)", len(after), len(before), err)
		}

		// Ann vouches for Bryn as a member: only Bryn's editor role and
		// Ann's member role would still go.
		vouch(ann, bryn, commons.RoleMember)
		if err := set(2); !errors.As(err, &e) || !strings.Contains(e.Message.Args["Names"].(string), "Bryn") || e.Message.Args["Count"] != 2 {
			t.Fatalf("after more trust: %v %v", err, e.Message.Args)
		}
		// Bryn's editor role rests on one voice; once the founder takes it
		// back (an act of its own, on the record), everyone who holds a
		// role by trust holds it twice over, and two is allowed.
		vouch(bryn, ann, commons.RoleMember)
		if err := a.RevokeTrust(ctx, scopeIn(t, a, &founder, "cwm"), bryn.ID, commons.RoleEditor); err != nil {
			t.Fatal(err)
		}
		if err := set(2); err != nil {
			t.Fatalf("every role held with trust to spare: %v", err)
		}
		// Three would strip both; lowering is always allowed.
		if err := set(3); !errors.As(err, &e) || e.Message.Args["Count"] != 2 {
			t.Fatalf("three: %v", err)
		}
		if err := set(1); err != nil {
			t.Fatalf("lowering: %v", err)
		}
	})
}
