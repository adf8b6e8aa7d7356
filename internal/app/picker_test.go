package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Picking people by name, below HTTP, on both engines: a name that fits
// one member picks them, one that fits several or part of some names
// offers them to choose from, an unknown name and a person the reader may
// not see are nobody, and the rule about who may add comes before the name.
func TestPickByName(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		founder := signUp(t, a, "Carys", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		people := map[string]commons.User{}
		for _, k := range []struct{ key, name string }{{"anna1", "Anna Petrova"}, {"anna2", "Anna Petrova"}, {"annas", "Anna Smith"},
			{"huw", "Huw Jenkins"}, {"private", "Rhian Private"}, {"outsider", "Owain"}} {
			u, err := a.SignUp(ctx, commons.NewUser{Email: k.key + "@example.org", Name: k.name, Password: "correct horse battery", Locale: "en"})
			if err != nil {
				t.Fatal(err)
			}
			people[k.key] = u
			if k.key == "outsider" {
				continue
			}
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range []string{"anna1", "anna2", "annas", "huw"} {
			u := people[k]
			if err := a.SetProfilePublic(ctx, scopeIn(t, a, &u, "cwm"), true); err != nil {
				t.Fatal(err)
			}
		}
		fs := scopeIn(t, a, &founder, "cwm")
		all, err := a.PickableMembers(ctx, fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 6 { // the founder and five who joined
			t.Fatalf("a member's picker offers %d people: %+v", len(all), all)
		}
		pick := func(list []app.Pickable, name, id string) (app.Pickable, []app.Pickable, commons.Message) {
			t.Helper()
			p, matches, err := app.PickMember(list, "person", name, id)
			return p, matches, commons.ErrorOf(err).Fields["person"]
		}
		// Unique, ignoring case and extra spaces.
		if p, _, m := pick(all, " huw   JENKINS ", ""); p.UserID != people["huw"].ID || m.Key != "" {
			t.Errorf("a unique name: %+v %v", p, m)
		}
		// Two of one name: both offered, neither picked.
		if p, ms, m := pick(all, "Anna Petrova", ""); p.UserID != "" || len(ms) != 2 || m.Key != "picker.error.several" {
			t.Errorf("an ambiguous name: %+v %+v %v", p, ms, m)
		}
		// Part of three names: all three offered.
		if _, ms, m := pick(all, "anna", ""); len(ms) != 3 || m.Key != "picker.error.choose" {
			t.Errorf("part of names: %+v %v", ms, m)
		}
		// One chosen among the matches.
		if p, _, m := pick(all, "Anna Petrova", people["anna2"].ID); p.UserID != people["anna2"].ID || m.Key != "" {
			t.Errorf("chosen among matches: %+v %v", p, m)
		}
		// Unknown names and ids are nobody; an empty name is required.
		for _, c := range []struct{ name, id string }{{"Gwen", ""}, {"Owain", ""}, {"Anna Petrova", people["outsider"].ID}} {
			if _, ms, m := pick(all, c.name, c.id); m.Key != "picker.error.nobody" || len(ms) != 0 {
				t.Errorf("%q %q: %+v %v", c.name, c.id, ms, m)
			}
		}
		if _, _, m := pick(all, "  ", ""); m.Key != "error.field.required" {
			t.Errorf("an empty name: %v", m)
		}
		// Someone who is not a member sees only those who chose a public
		// profile: the private person is nobody to them, by name or id.
		out := people["outsider"]
		seen, err := a.PickableMembers(ctx, scopeIn(t, a, &out, "cwm"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range seen {
			if p.UserID == people["private"].ID || p.UserID == founder.ID {
				t.Errorf("a private person offered to an outsider: %+v", p)
			}
		}
		if _, _, m := pick(seen, "Rhian Private", ""); m.Key != "picker.error.nobody" {
			t.Errorf("a private person by name: %v", m)
		}
		if _, _, m := pick(seen, "x", people["private"].ID); m.Key != "picker.error.nobody" {
			t.Errorf("a private person by id: %v", m)
		}

		// The team: the rule first, then the name, then the use case.
		i, err := a.CreateInitiative(ctx, fs, commons.InitiativeFields{Title: "Repair café", Summary: "Fix things"})
		if err != nil {
			t.Fatal(err)
		}
		huw := people["huw"]
		if _, err := a.AddTeamMemberNamed(ctx, scopeIn(t, a, &huw, "cwm"), i.ID, app.Picked{Field: "person", Name: "Nobody"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("not in the team, unknown name: %v", err)
		}
		ms, err := a.AddTeamMemberNamed(ctx, fs, i.ID, app.Picked{Field: "person", Name: "Anna Petrova"})
		if len(ms) != 2 || commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("ambiguous: %+v %v", ms, err)
		}
		if _, err := a.AddTeamMemberNamed(ctx, fs, i.ID, app.Picked{Field: "person", Name: "Anna Petrova", ID: people["anna1"].ID}); err != nil {
			t.Fatal(err)
		}
		_, err = a.AddTeamMemberNamed(ctx, fs, i.ID, app.Picked{Field: "person", Name: "Anna Petrova", ID: people["anna1"].ID})
		if e := commons.ErrorOf(err); e.Fields["person"].Key != "error.initiative.in_team" {
			t.Errorf("twice: %v, want the problem beside the picker", err)
		}
		got, err := a.Initiative(ctx, fs, i.ID)
		if err != nil || !got.Initiative.InTeam(people["anna1"].ID) || got.Initiative.InTeam(people["anna2"].ID) {
			t.Errorf("team: %+v %v", got.Initiative.Team, err)
		}

		// Writing: the people of one's communities, each once, not oneself.
		cs, err := a.Correspondents(ctx, &founder)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 5 {
			t.Errorf("correspondents: %+v", cs)
		}
		for _, c := range cs {
			if c.UserID == founder.ID || c.UserID == out.ID || c.Where != "Cwm" {
				t.Errorf("correspondent %+v", c)
			}
		}
		if cs, err := a.Correspondents(ctx, &out); err != nil || len(cs) != 0 {
			t.Errorf("an outsider's correspondents: %+v %v", cs, err)
		}
	})
}
