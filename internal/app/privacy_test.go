package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Who may choose a public profile (active members, for themselves), and
// what the member read models then answer to each reader: the same rule
// the pages and the API show.
func TestPublicProfileRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		founder := signUp(t, a, "Founder", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		learner, outsider := signUp(t, a, "Learner", "en"), signUp(t, a, "Outsider", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &learner, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			scope app.Scope
			want  commons.Code
		}{
			{"visitor", scopeIn(t, a, nil, "cwm"), commons.CodeUnauthenticated},
			{"not joined", scopeIn(t, a, &outsider, "cwm"), commons.CodeForbidden},
		} {
			if err := a.SetProfilePublic(ctx, c.scope, true); commons.CodeOf(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		seen := func(who *commons.User) (page bool, listed int) {
			t.Helper()
			s := scopeIn(t, a, who, "cwm")
			_, err := a.Member(ctx, s, learner.ID)
			ms, _, lerr := a.Members(ctx, s, commons.Page{})
			if lerr != nil {
				t.Fatal(lerr)
			}
			for _, m := range ms {
				if m.UserID == learner.ID {
					listed++
				}
			}
			if err != nil && commons.CodeOf(err) != commons.CodeNotFound {
				t.Fatal(err)
			}
			return err == nil, listed
		}
		for _, public := range []bool{false, true, false} {
			if err := a.SetProfilePublic(ctx, scopeIn(t, a, &learner, "cwm"), public); err != nil {
				t.Fatal(err)
			}
			for name, who := range map[string]*commons.User{"visitor": nil, "outsider": &outsider, "founder": &founder, "self": &learner} {
				want := public || name == "founder" || name == "self"
				if page, listed := seen(who); page != want || (listed == 1) != want {
					t.Errorf("public %v, %s: page %v, listed %d; want %v", public, name, page, listed, want)
				}
			}
		}
		vs, err := a.ProfileVisibility(ctx, &learner)
		if err != nil || len(vs) != 1 || vs[0].Slug != "cwm" || vs[0].Public {
			t.Fatalf("visibility: %+v %v", vs, err)
		}
		if err := a.ExportPersonalData(ctx, nil, nil); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("a visitor's export: %v", err)
		}
		if err := a.EraseAccount(ctx, &learner, "", ""); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("erasure without a password: %v", err)
		}
	})
}
