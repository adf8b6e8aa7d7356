package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Content in several languages, below HTTP, on both engines: who may
// translate (whoever may edit the thing, and editors and stewards), what
// each reader then sees, the rules a translation keeps, and the original's
// language.
func TestTranslations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		a := w.a
		editor := w.scope(t, w.people["editor only"])
		langs := []string{"en", "cy", "ru"}
		if _, err := a.UpdateCommunity(ctx, editor, commons.CommunityChange{Languages: &langs}); err != nil {
			t.Fatal(err)
		}
		cy := commons.Translation{Lang: "cy", Title: "Neuadd", Description: "Neuadd y pentref, gyda chadeiriau i ddeg ar hugain."}
		for _, who := range personae {
			s := w.scope(t, w.people[who])
			view, err := a.Resource(ctx, s, w.hall)
			if err != nil {
				t.Fatal(who, err)
			}
			_, err = a.SetTranslation(ctx, s, commons.SubjectResource, w.hall, cy)
			wantAllowed(t, "translate the hall", who, view.May.Edit || s.May.Translate, err)
		}
		for who, want := range map[string]bool{"owner": true, "editor only": true, "member": false, "newcomer": false, "org admin": false} {
			c, err := a.Content(ctx, w.scope(t, w.people[who]), commons.SubjectResource, w.hall)
			if err != nil {
				t.Fatal(err)
			}
			if c.May.Translate != want {
				t.Errorf("%s may translate the hall: %v, want %v", who, c.May.Translate, want)
			}
		}

		// Search finds a thing by the words of any of its languages.
		visitor := w.scope(t, nil)
		if !found(t, a, w.scope(t, w.people["member"]), "neuadd pentref", w.hall) {
			t.Error("the hall is not found by its Welsh words")
		}
		orgs, _, err := a.Organizations(ctx, editor, commons.OrganizationFilter{})
		if err != nil || len(orgs) == 0 {
			t.Fatal(orgs, err)
		}
		if _, err := a.SetTranslation(ctx, w.scope(t, w.people["editor only"]), commons.SubjectOrganization, orgs[0].ID,
			commons.Translation{Lang: "cy", Title: "Llyfrgell", Description: "Llyfrau a chyfrifiaduron."}); err != nil {
			t.Fatal(err)
		}
		if !found(t, a, visitor, "llyfrgell", orgs[0].ID) {
			t.Error("the library is not found by its Welsh name")
		}

		// Each reader sees their language when it is there, else the
		// original with the note that it is missing.
		for lang, want := range map[string]commons.Shown{
			"cy": {Title: "Neuadd", Lang: "cy", Translated: true},
			"en": {Title: "Hall", Lang: "en"},
			"ru": {Title: "Hall", Lang: "en", Missing: true},
		} {
			got, err := a.ShownIn(ctx, visitor, commons.SubjectResource, w.hall, "Hall", "", lang)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != want.Title || got.Lang != want.Lang || got.Translated != want.Translated || got.Missing != want.Missing {
				t.Errorf("a %s reader sees %+v, want %+v", lang, got, want)
			}
		}
		c, err := a.Content(ctx, visitor, commons.SubjectResource, w.hall)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(c.Languages(langs), " "); got != "en cy" {
			t.Errorf("the hall reads in %s, want en cy", got)
		}

		// The rules a translation keeps: each refusal names its field.
		owner := w.scope(t, w.people["owner"])
		for name, tc := range map[string]struct {
			kind  commons.SubjectType
			id    string
			tr    commons.Translation
			field string
		}{
			"the original's language":   {commons.SubjectResource, w.hall, commons.Translation{Lang: "en", Title: "Hall"}, "lang"},
			"not a community language":  {commons.SubjectResource, w.hall, commons.Translation{Lang: "fr", Title: "Salle"}, "lang"},
			"nothing written":           {commons.SubjectResource, w.hall, commons.Translation{Lang: "ru", Title: "  "}, "description"},
			"a title over its limit":    {commons.SubjectResource, w.hall, commons.Translation{Lang: "ru", Title: strings.Repeat("з", commons.MaxNameLen+1)}, "title"},
			"invalid UTF-8":             {commons.SubjectResource, w.hall, commons.Translation{Lang: "ru", Description: "\xff\xfe"}, "description"},
			"a control character":       {commons.SubjectResource, w.hall, commons.Translation{Lang: "ru", Title: "Зал\x00"}, "title"},
			"an unknown kind":           {commons.SubjectType("booking"), w.hall, commons.Translation{Lang: "ru", Title: "Зал"}, "kind"},
			"a community's title by id": {commons.SubjectCommunity, w.hall, commons.Translation{Lang: "ru", Title: "Зал"}, ""},
		} {
			_, err := a.SetTranslation(ctx, owner, tc.kind, tc.id, tc.tr)
			if tc.field == "" {
				if commons.CodeOf(err) != commons.CodeNotFound {
					t.Errorf("%s: %v, want not found", name, err)
				}
				continue
			}
			if e := commons.ErrorOf(err); e == nil || e.Code != commons.CodeInvalid || e.Fields[tc.field].Key == "" {
				t.Errorf("%s: %v, want invalid naming %s", name, err, tc.field)
			}
		}
		if err := a.RemoveTranslation(ctx, owner, commons.SubjectResource, w.hall, "ru"); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("removing a translation the hall does not have: %v, want not found", err)
		}

		// The same thing twice replaces, and the record says who did it.
		cy.Title = "Y Neuadd"
		if _, err := a.SetTranslation(ctx, owner, commons.SubjectResource, w.hall, cy); err != nil {
			t.Fatal(err)
		}
		if c, _ := a.Content(ctx, visitor, commons.SubjectResource, w.hall); c.Translations["cy"].Title != "Y Neuadd" || len(c.Translations) != 1 {
			t.Errorf("after a second save: %+v", c.Translations)
		}

		// Written in Welsh after all: the Welsh translation goes (the
		// original says it now), and English readers are told.
		if _, err := a.SetOriginalLanguage(ctx, owner, commons.SubjectResource, w.hall, "cy"); err != nil {
			t.Fatal(err)
		}
		c, err = a.Content(ctx, visitor, commons.SubjectResource, w.hall)
		if err != nil {
			t.Fatal(err)
		}
		if c.Original != "cy" || len(c.Translations) != 0 {
			t.Errorf("after naming Welsh the original's language: %s, %+v", c.Original, c.Translations)
		}
		if got, _ := a.ShownIn(ctx, visitor, commons.SubjectResource, w.hall, "Hall", "", "en"); !got.Missing || got.Lang != "cy" {
			t.Errorf("an English reader of a Welsh original: %+v", got)
		}
		if _, err := a.SetOriginalLanguage(ctx, owner, commons.SubjectResource, w.hall, "fr"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("an original in a language the community does not have: %v", err)
		}
		if _, err := a.SetOriginalLanguage(ctx, w.scope(t, w.people["member"]), commons.SubjectResource, w.hall, "en"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member names the hall's language: %v", err)
		}

		// The community itself: its editors translate it, others may not.
		editor = w.scope(t, w.people["editor only"]) // the scope as the community is now
		community := editor.Community.ID
		if _, err := a.SetTranslation(ctx, editor, commons.SubjectCommunity, community, commons.Translation{Lang: "cy", Title: "Cwm", Description: "Cymuned ddysgu."}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SetTranslation(ctx, w.scope(t, w.people["member"]), commons.SubjectCommunity, community, commons.Translation{Lang: "ru", Title: "Кум"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member translates the community: %v", err)
		}
		trs, err := a.TranslationsIn(ctx, visitor, commons.SubjectCommunity, []string{community, "no-such-id"}, "cy")
		if err != nil || trs[community].Description != "Cymuned ddysgu." || len(trs) != 1 {
			t.Errorf("the community's Welsh in a list: %+v, %v", trs, err)
		}
	})
}
