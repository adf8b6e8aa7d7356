package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Who may vouch, for what, for whom — and that the member read model's
// May.Vouch says exactly what GiveTrust then does. Every giver is a fresh
// person trusted for one role only, so an editor-only member is tested on
// their own (the standing whose controls once drifted).
func TestTrustRulesBelowHTTP(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		founder := signUp(t, a, "Founder", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		// One voice is enough while the community is this small: keep it
		// so as people join.
		one := 1
		threshold := &one
		if _, err := a.UpdateCommunity(ctx, scopeIn(t, a, &founder, "cwm"), commons.CommunityChange{TrustThreshold: &threshold}); err != nil {
			t.Fatal(err)
		}
		n := 0
		person := func(role commons.Role) commons.User {
			n++
			u := signUp(t, a, "Person"+string(rune('A'+n)), "en")
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(err)
			}
			if role != commons.RoleNewcomer {
				if err := a.GiveTrust(ctx, scopeIn(t, a, &founder, "cwm"), u.ID, role); err != nil {
					t.Fatalf("founder trusts for %s: %v", role, err)
				}
			}
			return u
		}
		applicant := signUp(t, a, "Applicant", "en")

		for _, c := range []struct {
			name     string
			giver    commons.Role // "" for a visitor
			self     bool
			receiver func() string
			role     commons.Role
			want     commons.Code // "" for success
		}{
			{"visitor", "", false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleMember, commons.CodeUnauthenticated},
			{"newcomer", commons.RoleNewcomer, false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleMember, commons.CodeForbidden},
			{"member", commons.RoleMember, false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleMember, ""},
			{"editor only", commons.RoleEditor, false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleEditor, ""},
			{"steward only", commons.RoleSteward, false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleSteward, ""},
			{"oneself", commons.RoleMember, true, nil, commons.RoleEditor, commons.CodeInvalid},
			{"an unknown role", commons.RoleMember, false, func() string { return person(commons.RoleNewcomer).ID }, "king", commons.CodeInvalid},
			{"the newcomer role", commons.RoleMember, false, func() string { return person(commons.RoleNewcomer).ID }, commons.RoleNewcomer, commons.CodeInvalid},
			{"a person who has not joined", commons.RoleMember, false, func() string { return applicant.ID }, commons.RoleMember, commons.CodeNotFound},
		} {
			t.Run(c.name, func(t *testing.T) {
				var s app.Scope
				if c.giver == "" {
					s = scopeIn(t, a, nil, "cwm")
				} else {
					g := person(c.giver)
					s = scopeIn(t, a, &g, "cwm")
				}
				receiver := s.ActorID()
				if !c.self {
					receiver = c.receiver()
				}
				view, viewErr := a.Member(ctx, s, receiver)
				err := a.GiveTrust(ctx, s, receiver, c.role)
				if commons.CodeOf(err) != c.want && !(c.want == "" && err == nil) {
					t.Fatalf("GiveTrust: %v, want %q", err, c.want)
				}
				// The page's control follows the same rule: shown exactly
				// when vouching (for a valid role) succeeds.
				validRole := c.role == commons.RoleMember || c.role == commons.RoleEditor || c.role == commons.RoleSteward
				if viewErr == nil && validRole && view.May.Vouch != (err == nil) {
					t.Errorf("May.Vouch = %v, but GiveTrust answered %v", view.May.Vouch, err)
				}
				if err == nil {
					m, err := a.Member(ctx, scopeIn(t, a, &founder, "cwm"), receiver)
					if err != nil || !m.HasRole(c.role) {
						t.Errorf("after trust for %s: roles %v, %v", c.role, m.Roles, err)
					}
					if err := a.GiveTrust(ctx, s, receiver, c.role); commons.CodeOf(err) != commons.CodeConflict {
						t.Errorf("trusting twice: %v, want conflict", err)
					}
					if err := a.RevokeTrust(ctx, s, receiver, c.role); err != nil {
						t.Errorf("revoking: %v", err)
					}
					if m, _ := a.Member(ctx, scopeIn(t, a, &founder, "cwm"), receiver); m.HasRole(c.role) {
						t.Errorf("after revoking, still %s", c.role)
					}
				}
			})
		}
	})
}

// A member's standings say how far they are from each role, and which
// trust the reader gave.
func TestMemberStandings(t *testing.T) {
	m := commons.Member{UserID: "u", Status: commons.MemberActive, Roles: []commons.Role{commons.RoleMember, commons.RoleSteward}, Threshold: 3,
		TrustReceived: map[commons.Role]int{commons.RoleMember: 3, commons.RoleEditor: 1}}
	st := m.Standings("r", []commons.TrustEdge{{GiverID: "r", Role: commons.RoleEditor}, {GiverID: "x", Role: commons.RoleMember}})
	if len(st) != 3 {
		t.Fatalf("%+v", st)
	}
	want := []commons.RoleStanding{
		{Role: commons.RoleMember, Trust: 3, Held: true},
		{Role: commons.RoleEditor, Trust: 1, Needed: 2, Given: true},
		{Role: commons.RoleSteward, Held: true, Granted: true},
	}
	for i := range want {
		if st[i] != want[i] {
			t.Errorf("%s: %+v, want %+v", want[i].Role, st[i], want[i])
		}
	}
}
