package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

var pickRadio = regexp.MustCompile(`name="([a-z0-9_]+)_id" value="([0-9a-f-]+)"`)

// People are picked by name on the team, trust and organization forms and
// on /messages/new: the names the reader may see are offered (never an
// address), a unique name picks, several of one name come back as radio
// buttons to choose from, an unknown name is said beside the field.
func TestPickingPeopleByName(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founderTok := s.SignUp("carys@example.org", "Carys Morgan")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founderTok, Body: map[string]any{"slug": "vale", "name": "Vale"}}), 201)
		ids := map[string]string{}
		for _, p := range [][2]string{{"anna1", "Anna Petrova"}, {"anna2", "Anna Petrova"}, {"huw", "Huw Jenkins"}, {"olwen", "Olwen Price"}} {
			var tok string
			ids[p[0]], tok = s.SignUp(p[0]+"@example.org", p[1])
			if p[0] != "olwen" {
				ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members", Token: tok}), 201)
			}
		}
		carys, olwen := newBrowser(t, s, "en"), newBrowser(t, s, "en")
		carys.post("/signin", map[string]string{"email": "carys@example.org", "password": "correct horse battery"})
		olwen.post("/signin", map[string]string{"email": "olwen@example.org", "password": "correct horse battery"})
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/initiatives", Token: founderTok,
			Body: map[string]any{"title": "Repair café", "summary": "Fix things", "themes": []string{}}})
		ts.Status(t, rec, 201)
		initiative := "/c/vale/initiatives/" + ts.JSON[map[string]any](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/organizations", Token: founderTok,
			Body: map[string]any{"name": "Town Council", "sector": "public_authority"}})
		ts.Status(t, rec, 201)
		org := "/c/vale/organizations/" + ts.JSON[map[string]any](t, rec)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/resources", Token: founderTok,
			Body: map[string]any{"title": "Hall", "kind": "space", "bookable": true, "approval": "trusted"}}), 201)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/vale/resources"})
		room := "/c/vale/resources/" + ts.JSON[map[string]any](t, rec)["items"].([]any)[0].(map[string]any)["id"].(string)

		for _, c := range []struct{ name, page, action string }{
			{"team", initiative, initiative + "/team"},
			{"organization", org, org + "/members"},
			{"trust", room, room + "/trust"},
		} {
			page := carys.get(c.page)
			// One picker, offered the community's names, never an address.
			must(t, page, `action="`+c.action+`"`, `name="person" type="text" list="pick-people"`, `<datalist id="pick-people">`,
				`<option value="Huw Jenkins">`, `<option value="Anna Petrova">`)
			if strings.Contains(page, `type="email"`) || strings.Contains(page, "anna1@example.org") {
				t.Errorf("%s: the form asks for or shows an address", c.name)
			}
			// An unknown name: the form again, the problem beside the field.
			code, page := carys.post(c.action, map[string]string{"person": "Gwen", "role": "member"})
			if code != 422 {
				t.Fatalf("%s, unknown: %d", c.name, code)
			}
			must(t, page, `id="f-person-error"`, "Nobody you can choose here is called “Gwen”", `value="Gwen"`)
			// Two of one name: both to choose from, as radio buttons.
			code, page = carys.post(c.action, map[string]string{"person": "anna petrova", "role": "member"})
			if code != 422 {
				t.Fatalf("%s, ambiguous: %d", c.name, code)
			}
			must(t, page, "Several people are called “anna petrova”", "Which person do you mean?", "member since")
			got := map[string]bool{}
			for _, m := range pickRadio.FindAllStringSubmatch(page, -1) {
				if m[1] == "person" {
					got[m[2]] = true
				}
			}
			if len(got) != 2 || !got[ids["anna1"]] || !got[ids["anna2"]] {
				t.Errorf("%s: choices %v", c.name, got)
			}
			// One chosen, and a unique name.
			for _, f := range []map[string]string{{"person": "anna petrova", "person_id": ids["anna2"], "role": "member"}, {"person": " huw jenkins", "role": "member"}} {
				if code, page := carys.post(c.action, f); code != http.StatusSeeOther {
					t.Fatalf("%s, %v: %d\n%s", c.name, f, code, page)
				}
			}
			page = carys.get(c.page)
			must(t, page, "Huw Jenkins", "Anna Petrova")
		}
		// The same person twice is said beside the picker.
		code, page := carys.post(initiative+"/team", map[string]string{"person": "Huw Jenkins"})
		if code != 422 {
			t.Fatalf("twice: %d", code)
		}
		must(t, page, `id="f-person-error"`)

		// /messages/new without "to": choose people by name.
		page = carys.get("/messages/new")
		must(t, page, `name="to_name_1"`, `name="to_name_7"`, `<datalist id="pick-people">`, `<option value="Huw Jenkins">`, "Write to more people")
		if strings.Contains(page, `<option value="Carys Morgan">`) || strings.Contains(page, `<option value="Olwen Price">`) {
			t.Error("the writer or a stranger offered")
		}
		if strings.Contains(page, `name="to_name_8"`) {
			t.Error("more than seven others offered: a conversation holds eight")
		}
		code, page = carys.post("/messages/new", map[string]string{"to_name_1": "Huw Jenkins", "to_name_2": "Anna", "body": "Shall we meet at the hall?"})
		if code != 422 {
			t.Fatalf("ambiguous recipient: %d", code)
		}
		must(t, page, `id="f-to_name_2-error"`, `name="to_name_2_id"`, "Vale", `<details class="more-people" open>`, "Shall we meet at the hall?")
		code, page = carys.post("/messages/new", map[string]string{"to_name_1": "", "body": "Hello"})
		if code != 422 {
			t.Fatalf("nobody: %d", code)
		}
		must(t, page, `id="f-to_name_1-error"`)
		code, page = carys.post("/messages/new", map[string]string{"to_name_1": "Huw Jenkins", "to_name_2": "Anna", "to_name_2_id": ids["anna1"],
			"body": "Shall we meet at the **hall** on Saturday?"})
		if code != http.StatusSeeOther {
			t.Fatalf("send: %d\n%s", code, page)
		}
		must(t, page, "Anna Petrova", "Huw Jenkins", "Saturday")
		// Someone who shares no community with anyone can pick nobody.
		code, page = olwen.post("/messages/new", map[string]string{"to_name_1": "Huw Jenkins", "body": "Hi"})
		if code != 422 {
			t.Fatalf("a stranger writes: %d", code)
		}
		must(t, page, "Nobody you can choose here is called “Huw Jenkins”")

		// The conversation list shows each conversation's last message,
		// as plain text: the words, not the Markdown marks around them.
		list := carys.get("/messages")
		must(t, list, "You:", "Shall we meet at the hall on Saturday?")
		if strings.Contains(list, "**hall**") {
			t.Error("the last message is shown as raw Markdown")
		}
		huw := newBrowser(t, s, "ru")
		huw.post("/signin", map[string]string{"email": "huw@example.org", "password": "correct horse battery"})
		must(t, huw.get("/messages"), "Carys Morgan:", "Shall we meet at the hall on Saturday?")
		must(t, huw.get("/messages/new"), "Кому", "Написать ещё людям")
	})
}
