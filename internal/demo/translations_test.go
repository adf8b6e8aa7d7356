package demo_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

func cyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// The demo's things are written in one language each and translated into
// the others: a Welsh reader reads Welsh, a Russian reader Russian, and no
// field holds two languages at once.
func TestDemoContentInThreeLanguages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Community
		shown := func(kind commons.SubjectType, id, title, description, lang string) commons.Shown {
			t.Helper()
			sh, err := a.ShownIn(ctx, s, kind, id, title, description, lang)
			if err != nil {
				t.Fatal(err)
			}
			return sh
		}
		if cyrillic(c.Description) {
			t.Errorf("the community's own description holds Russian: %q", c.Description)
		}
		if sh := shown(commons.SubjectCommunity, c.ID, c.Name, c.Description, "cy"); sh.Title != "Cymuned Ddysgu Cwm Tawel" ||
			!strings.Contains(sh.Description, "hen dref lofaol") || !sh.Translated {
			t.Errorf("a Welsh reader of the community sees %+v", sh)
		}
		if sh := shown(commons.SubjectCommunity, c.ID, c.Name, c.Description, "ru"); !strings.HasPrefix(sh.Description, "Кум-Тавел") ||
			sh.Title != c.Name {
			t.Errorf("a Russian reader of the community sees %+v", sh)
		}

		orgs, _, err := a.Organizations(ctx, s, commons.OrganizationFilter{})
		if err != nil || len(orgs) != 10 {
			t.Fatalf("organizations: %d %v", len(orgs), err)
		}
		for _, o := range orgs {
			if cyrillic(o.Description) || strings.Contains(o.Description, "\n\n") {
				t.Errorf("%s: its own description holds two languages: %q", o.Name, o.Description)
			}
			welsh := shown(commons.SubjectOrganization, o.ID, o.Name, o.Description, "cy")
			russian := shown(commons.SubjectOrganization, o.ID, o.Name, o.Description, "ru")
			if !welsh.Translated || welsh.Description == o.Description || !russian.Translated || !cyrillic(russian.Description) {
				t.Errorf("%s: Welsh %+v, Russian %+v", o.Name, welsh, russian)
			}
			if o.Name == "Cwm Tawel Library" && (welsh.Title != "Llyfrgell Cwm Tawel" || !strings.Contains(welsh.Description, "bob dydd Mawrth")) {
				t.Errorf("a Welsh reader of the library sees %+v", welsh)
			}
		}

		rs, _, err := a.Resources(ctx, s, app.ResourceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if cyrillic(r.Description) {
				t.Errorf("%s: its own description holds Russian: %q", r.Title, r.Description)
			}
			if sh := shown(commons.SubjectResource, r.ID, r.Title, r.Description, "ru"); !cyrillic(sh.Description) {
				t.Errorf("%s: a Russian reader sees %+v", r.Title, sh)
			}
		}

		// The Welsh course was written in Welsh; English and Russian
		// readers read it translated.
		now := a.Now()
		acts, err := a.Activities(ctx, s, app.ActivityFilter{From: now, To: now.AddDate(0, 4, 0)})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range acts {
			if strings.Contains(x.Title, " / ") || strings.Contains(x.Title, " — Cymraeg") || cyrillic(x.Title) {
				t.Errorf("an activity's own title holds two languages: %q", x.Title)
			}
			if x.Title != "Cymraeg i ddechreuwyr" {
				continue
			}
			found = true
			en := shown(commons.SubjectActivity, x.ID, x.Title, x.Description, "en")
			cy := shown(commons.SubjectActivity, x.ID, x.Title, x.Description, "cy")
			ru := shown(commons.SubjectActivity, x.ID, x.Title, x.Description, "ru")
			if en.Title != "Welsh for beginners" || !en.Translated || en.Original != "cy" || cy.Translated || ru.Title != "Валлийский для начинающих" {
				t.Errorf("the Welsh course: en %+v, cy %+v, ru %+v", en, cy, ru)
			}
		}
		if !found {
			t.Error("no Welsh course in the term")
		}
	})
}
