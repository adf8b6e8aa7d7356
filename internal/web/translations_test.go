package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Content in several languages through the pages and the API, on both
// engines: the organization's admin writes its Welsh; a Welsh reader then
// sees it (and, with the page cache on, sees a correction on the next
// request); a Russian reader sees the original with a note and a link to
// the Welsh; a refused translation keeps what was typed; the API reads,
// writes and removes translations with the same rules.
func TestTranslatedContent(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm",
			"time_zone": "Europe/London", "languages": []string{"en", "cy", "ru"}}})
		ts.Status(t, rec, http.StatusCreated)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: owner,
			Body: map[string]any{"name": "Library", "sector": "culture", "description": "Books and computers."}})
		ts.Status(t, rec, http.StatusCreated)
		org := ts.JSON[map[string]any](t, rec)["id"].(string)
		page := "/c/cwm/organizations/" + org
		edit := "/c/cwm/translations/organization/" + org

		admin := newBrowser(t, s, "en")
		admin.post("/signin", map[string]string{"email": "owner@example.org", "password": "correct horse battery"})
		must(t, admin.get(page), `href="`+edit+`"`)
		must(t, admin.get(edit), `name="lang" value="cy"`, `name="lang" value="ru"`, "Books and computers.")

		// A translation in the original's language is refused beside its
		// field, and what was typed stays.
		code, body := admin.post(edit, map[string]string{"lang": "en", "title": "Library!", "description": "Typed text stays."})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a translation into the original's language: %d", code)
		}
		if !strings.Contains(body, `class="error summary"`) || !strings.Contains(body, "the language it was written in") {
			t.Errorf("the refusal does not say why:\n%s", body)
		}
		// A Welsh title over its limit is refused beside the Welsh field,
		// and what was typed stays.
		code, body = admin.post(edit, map[string]string{"lang": "cy", "title": strings.Repeat("a", 201), "description": "Typed text stays."})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-cy-title-error"`) || !strings.Contains(body, "Typed text stays.") {
			t.Errorf("an overlong Welsh title: %d\n%s", code, body)
		}
		code, _ = admin.post(edit, map[string]string{"lang": "cy", "title": "Llyfrgell", "description": "Llyfrau a chyfrifiaduron."})
		if code != http.StatusSeeOther {
			t.Fatalf("the Welsh: %d", code)
		}

		welsh := newBrowser(t, s, "cy")
		must(t, welsh.get(page), "Llyfrgell", "Llyfrau a chyfrifiaduron.", `href="`+page+`?content=en"`)
		russian := newBrowser(t, s, "ru")
		got := russian.get(page)
		must(t, got, "Library", "Books and computers.", `href="`+page+`?content=cy"`, `class="content-note"`)
		if strings.Contains(got, `href="`+edit+`"`) {
			t.Error("a visitor is offered to translate")
		}
		must(t, russian.get(page+"?content=cy"), "Llyfrgell")

		// A correction is seen on the Welsh reader's next request.
		admin.post(edit, map[string]string{"lang": "cy", "title": "Llyfrgell Cwm", "description": "Llyfrau, cyfrifiaduron a chymorth."})
		must(t, welsh.get(page), "Llyfrgell Cwm", "Llyfrau, cyfrifiaduron a chymorth.")

		// Open data in the language asked for; the originals otherwise.
		if got := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/organizations?lang=cy"}).Body.String(); !strings.Contains(got, "Llyfrgell Cwm") {
			t.Errorf("HSDS in Welsh: %s", got)
		}
		if got := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/hsds/organizations"}).Body.String(); strings.Contains(got, "Llyfrgell") || !strings.Contains(got, "Library") {
			t.Errorf("HSDS without a language: %s", got)
		}

		// Someone who may not edit it may not translate it.
		_, newcomer := s.SignUp("nia@example.org", "Nia")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: newcomer}), http.StatusCreated)
		nia := newBrowser(t, s, "en")
		nia.post("/signin", map[string]string{"email": "nia@example.org", "password": "correct horse battery"})
		if code, _ := nia.post(edit, map[string]string{"lang": "ru", "title": "Библиотека"}); code != http.StatusForbidden {
			t.Errorf("a newcomer translates the library: %d", code)
		}

		// The API: read, write, remove; the same rules.
		api := "/api/v1/communities/cwm/translations/organization/" + org
		rec = s.Do(ts.Request{Method: "GET", Path: api})
		ts.Status(t, rec, http.StatusOK)
		c := ts.JSON[map[string]any](t, rec)
		if c["original_language"] != "en" || c["translations"].(map[string]any)["cy"].(map[string]any)["title"] != "Llyfrgell Cwm" {
			t.Errorf("the API's content: %v", c)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/organizations/" + org})
		if o := ts.JSON[map[string]any](t, rec); o["original_language"] != "en" || o["translations"].(map[string]any)["cy"].(map[string]any)["title"] != "Llyfrgell Cwm" {
			t.Errorf("the organization's own answer: %v", o)
		}
		rec = s.Do(ts.Request{Method: "PUT", Path: api + "/ru", Token: owner, Body: map[string]any{"title": "Библиотека", "description": "Книги и компьютеры."}})
		ts.Status(t, rec, http.StatusOK)
		must(t, newBrowser(t, s, "ru").get(page), "Библиотека")
		for _, tc := range []struct {
			method, path, token string
			body                any
			want                int
		}{
			{"PUT", api + "/en", owner, map[string]any{"title": "Library"}, http.StatusUnprocessableEntity},
			{"PUT", api + "/fr", owner, map[string]any{"title": "Bibliothèque"}, http.StatusUnprocessableEntity},
			{"PUT", api + "/ru", owner, map[string]any{"title": ""}, http.StatusUnprocessableEntity},
			{"PUT", api + "/ru", newcomer, map[string]any{"title": "Б"}, http.StatusForbidden},
			{"PUT", api + "/ru", "", map[string]any{"title": "Б"}, http.StatusUnauthorized},
			{"PUT", "/api/v1/communities/cwm/translations/booking/" + org + "/ru", owner, map[string]any{"title": "Б"}, http.StatusUnprocessableEntity},
			{"PUT", "/api/v1/communities/cwm/translations/resource/" + org + "/ru", owner, map[string]any{"title": "Б"}, http.StatusNotFound},
			{"PUT", api + "/ru", owner, map[string]any{"description": strings.Repeat("я", 20001)}, http.StatusUnprocessableEntity},
			{"DELETE", api + "/ru", owner, nil, http.StatusNoContent},
			{"DELETE", api + "/ru", owner, nil, http.StatusNotFound},
			{"PATCH", api, owner, map[string]any{"original_language": "de"}, http.StatusUnprocessableEntity},
			{"PATCH", api, owner, map[string]any{"original_language": "cy"}, http.StatusOK},
		} {
			rec := s.Do(ts.Request{Method: tc.method, Path: tc.path, Token: tc.token, Body: tc.body})
			if rec.Code != tc.want {
				t.Errorf("%s %s %v: %d, want %d: %s", tc.method, tc.path, tc.body, rec.Code, tc.want, rec.Body.String())
			}
		}
		rec = s.Do(ts.Request{Method: "PUT", Path: api + "/ru", Token: owner, Body: []byte(`{"title": "Б`)})
		if rec.Code != http.StatusBadRequest {
			t.Errorf("malformed JSON: %d", rec.Code)
		}
		// Written in Welsh after all: the Welsh was the original's, so an
		// English reader now reads the original with a note.
		must(t, newBrowser(t, s, "en").get(page), "Library", "Not written in English yet: shown in Welsh")
	})
}
