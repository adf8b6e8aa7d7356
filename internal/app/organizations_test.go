package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The rules about one organization, below HTTP, on both engines: who may
// edit it and its member list, who may leave, that the read model's May
// says the same as the use cases do, and that an organization is found
// within its own community only.
func TestOrganizationRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		founder := signUp(t, a, "Carys", "en")
		for _, slug := range []string{"cwm", "dyffryn"} {
			if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: slug, Name: slug}); err != nil {
				t.Fatal(err)
			}
		}
		fs := scopeIn(t, a, &founder, "cwm")
		people := map[string]*commons.User{"visitor": nil}
		names := map[string]string{"creator": "Ffion", "org admin": "Gareth", "org member": "Olwen", "member": "Mererid",
			"editor only": "Elis", "newcomer": "Nia", "outsider": "Owain"}
		for _, p := range []string{"creator", "org admin", "org member", "member", "editor only", "newcomer", "outsider"} {
			u := signUp(t, a, names[p], "en")
			people[p] = &u
			if p == "outsider" {
				continue
			}
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(p, err)
			}
			role := commons.RoleMember
			if p == "editor only" {
				role = commons.RoleEditor
			}
			if p != "newcomer" {
				if err := a.GiveTrust(ctx, fs, u.ID, role); err != nil {
					t.Fatal(p, err)
				}
			}
		}
		scope := func(p string) app.Scope { return scopeIn(t, a, people[p], "cwm") }
		o, err := a.CreateOrganization(ctx, scope("creator"), commons.OrganizationFields{Name: "Library", Sector: commons.SectorNGO})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.SetOrgMember(ctx, scope("creator"), o.ID, people["org admin"].ID, commons.OrgAdmin); err != nil {
			t.Fatal(err)
		}
		if err := a.SetOrgMember(ctx, scope("creator"), o.ID, people["org member"].ID, commons.OrgMember); err != nil {
			t.Fatal(err)
		}

		// An organization of another community is not found from there.
		if _, err := a.Organization(ctx, scopeIn(t, a, &founder, "dyffryn"), o.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("from another community: %v", err)
		}
		if _, err := a.UpdateOrganization(ctx, scopeIn(t, a, people["creator"], "dyffryn"), o.ID, commons.OrganizationChange{}); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("edit from another community: %v", err)
		}

		name := "Library"
		for i, c := range []struct {
			who    string
			manage commons.Code // "" when allowed
		}{
			{"visitor", commons.CodeUnauthenticated}, {"outsider", commons.CodeForbidden}, {"newcomer", commons.CodeForbidden},
			{"member", commons.CodeForbidden}, {"editor only", commons.CodeForbidden}, {"org member", commons.CodeForbidden},
			{"org admin", ""}, {"creator", ""},
		} {
			s := scope(c.who)
			v, err := a.Organization(ctx, s, o.ID)
			if err != nil {
				t.Fatal(c.who, err)
			}
			if v.May.Manage != (c.manage == "") {
				t.Errorf("%s: May.Manage %v", c.who, v.May.Manage)
			}
			_, err = a.UpdateOrganization(ctx, s, o.ID, commons.OrganizationChange{Name: &name})
			if got := commons.CodeOf(err); err != nil && got != c.manage || err == nil && c.manage != "" {
				t.Errorf("%s edits: %v, want %q", c.who, err, c.manage)
			}
			// Adding someone is managing; a fresh person each time.
			u := signUp(t, a, "Fresh"+string(rune('a'+i)), "en")
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(err)
			}
			err = a.SetOrgMember(ctx, s, o.ID, u.ID, commons.OrgMember)
			if got := commons.CodeOf(err); err != nil && got != c.manage || err == nil && c.manage != "" {
				t.Errorf("%s adds: %v, want %q", c.who, err, c.manage)
			}
			if err == nil {
				v, _ = a.Organization(ctx, s, o.ID)
				if !v.May.Remove[u.ID] {
					t.Errorf("%s may not remove whom they added", c.who)
				}
				if err := a.SetOrgMember(ctx, s, o.ID, u.ID, ""); err != nil {
					t.Errorf("%s removes: %v", c.who, err)
				}
			}
		}

		// The organization's plain member may not take another off, but
		// may leave; the read model says so.
		v, err := a.Organization(ctx, scope("org member"), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.May.Remove[people["org admin"].ID] || !v.May.Remove[people["org member"].ID] {
			t.Errorf("org member's Remove: %v", v.May.Remove)
		}
		if err := a.SetOrgMember(ctx, scope("org member"), o.ID, people["org admin"].ID, ""); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("org member removes an admin: %v", err)
		}
		if err := a.SetOrgMember(ctx, scope("org member"), o.ID, people["org member"].ID, ""); err != nil {
			t.Errorf("org member leaves: %v", err)
		}
		// Only the community's active members can be added; by name, the
		// problem is said beside the picker's field.
		_, err = a.AddOrgMemberNamed(ctx, scope("creator"), o.ID, app.Picked{Field: "person", Name: "Nobody"}, commons.OrgMember)
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["person"].Key != "picker.error.nobody" {
			t.Errorf("unknown name: %v", err)
		}
		_, err = a.AddOrgMemberNamed(ctx, scope("creator"), o.ID, app.Picked{Field: "person", Name: "Owain"}, commons.OrgMember)
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["person"].Key != "picker.error.nobody" {
			t.Errorf("an outsider by name: %v", err)
		}
		if _, err := a.AddOrgMemberNamed(ctx, scope("org member"), o.ID, app.Picked{Field: "person", Name: "Nobody"}, commons.OrgMember); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member who may not manage it, with an unknown name: %v (the rule before the name)", err)
		}
		err = a.SetOrgMember(ctx, scope("creator"), o.ID, people["outsider"].ID, commons.OrgMember)
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["user_id"].Key == "" {
			t.Errorf("outsider added: %v", err)
		}
	})
}
