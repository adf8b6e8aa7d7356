package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The initiative pages, as plain forms without JavaScript: start one, state
// a need, pledge, decide, propose a partnership, sign it, mark a
// commitment, read the history and the network.
func TestInitiativePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		api := func(tok, method, path string, body map[string]any) map[string]any {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: tok, Body: body})
			if rec.Code >= 300 {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			return ts.JSON[map[string]any](t, rec)
		}
		_, mair := s.SignUp("mair@example.org", "Mair")
		_, dafydd := s.SignUp("dafydd@example.org", "Dafydd")
		api(mair, "POST", "/api/v1/communities", map[string]any{"slug": "cwm", "name": "Cwm"})
		api(dafydd, "POST", "/api/v1/communities/cwm/members", nil)
		group := api(mair, "POST", "/api/v1/communities/cwm/organizations", map[string]any{"name": "Friends of the Hall", "sector": "citizen_group"})["id"].(string)
		council := api(dafydd, "POST", "/api/v1/communities/cwm/organizations", map[string]any{"name": "Cwm Council", "sector": "public_authority"})["id"].(string)

		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "mair@example.org", "password": "correct horse battery"})
		must(t, b.get("/c/cwm/initiatives"), "No initiatives match yet", "Start an initiative")
		must(t, b.get("/c/cwm/initiatives/new"), "Integration", "Friends of the Hall")
		code, page := b.post("/c/cwm/initiatives/new", map[string]string{"title": "", "summary": "x"})
		if code != 422 || !strings.Contains(page, "Please fill this in") {
			t.Fatalf("empty title: %d", code)
		}
		rec := b.do("POST", "/c/cwm/initiatives/new", map[string]string{"title": "Hall reopening", "summary": "A warm room",
			"description": "**Bold** plan", "themes": "culture", "organization_id": group})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
		}
		path := rec.Header().Get("Location")
		must(t, b.get(path), "Hall reopening", "<strong>Bold</strong>", "Seek partners", "Add a need")
		must(t, b.get(path+"/edit"), "Hall reopening", "A warm room")
		if code, _ := b.post(path+"/edit", map[string]string{"title": "Hall reopening", "summary": "", "themes": "culture"}); code != 422 {
			t.Fatalf("empty summary: %d", code)
		}
		_, page = b.post(path+"/edit", map[string]string{"title": "Hall reopening", "summary": "A warm room, all winter", "themes": "culture"})
		must(t, page, "A warm room, all winter")
		code, page = b.post(path+"/status", map[string]string{"status": "completed"})
		if code != 422 || !strings.Contains(page, "one step at a time") {
			t.Fatalf("skipping: %d", code)
		}
		b.post(path+"/status", map[string]string{"status": "seeking_partners"})
		_, page = b.post(path+"/needs", map[string]string{"kind": "space", "description": "A room on Saturdays", "quantity": "1"})
		must(t, page, "A room on Saturdays", "Offer help with this")
		id := path[strings.LastIndex(path, "/")+1:]
		full := api("", "GET", "/api/v1/initiatives/"+id, nil)
		need := full["needs"].([]any)[0].(map[string]any)["id"].(string)

		d := newBrowser(t, s, "ru")
		d.post("/signin", map[string]string{"email": "dafydd@example.org", "password": "correct horse battery"})
		_, page = d.post(path+"/needs/"+need+"/pledges", map[string]string{"organization_id": council, "description": "Heating paid"})
		must(t, page, "Heating paid", "ждёт решения команды")
		if rec := d.do("GET", path+"/edit", nil); rec.Code != 403 {
			t.Fatalf("a non-team member edits: %d", rec.Code)
		}
		pledge := api("", "GET", "/api/v1/initiatives/"+id, nil)["pledges"].([]any)[0].(map[string]any)["id"].(string)
		if code, _ := d.post(path+"/pledges/"+pledge+"/decision", map[string]string{"decision": "accept"}); code != 403 {
			t.Fatalf("a non-team member decides: %d", code)
		}
		_, page = b.post(path+"/pledges/"+pledge+"/decision", map[string]string{"decision": "accept"})
		must(t, page, "accepted", "Public authority")

		// The proposal form: a party twice and a past due date are refused.
		must(t, b.get(path+"/partnership"), "No partnership has been proposed yet", "Party 1")
		yesterday := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
		soon := time.Now().AddDate(0, 0, 20).Format("2006-01-02")
		code, page = b.post(path+"/partnership", map[string]string{"party_org_0": group, "party_role_0": "Runs it",
			"party_org_1": group, "party_role_1": "Again", "review_on": soon})
		if code != 422 || !strings.Contains(page, "a party already") {
			t.Fatalf("party twice: %d", code)
		}
		code, page = b.post(path+"/partnership", map[string]string{"party_org_0": group, "party_role_0": "Runs it",
			"party_commitments_0": yesterday + " Open the doors", "review_on": soon})
		if code != 422 || !strings.Contains(page, "in the past") {
			t.Fatalf("due before the proposal: %d", code)
		}
		code, page = b.post(path+"/partnership", map[string]string{"review_on": soon})
		if code != 422 || !strings.Contains(page, "at least one party") {
			t.Fatalf("no parties: %d", code)
		}
		_, page = b.post(path+"/partnership", map[string]string{"party_org_0": group, "party_role_0": "Runs the hall",
			"party_commitments_0": soon + " Open the doors\nKeep it clean", "party_org_1": council, "party_role_1": "Pays the heating",
			"party_commitments_1": "Pay the bills", "review_on": soon})
		must(t, page, "Proposed: waiting for signatures", "Open the doors", "Sign for Friends of the Hall")
		if strings.Contains(page, "Sign for Cwm Council") {
			t.Fatal("Mair may not sign for the council")
		}
		_, page = b.post(path+"/partnership/signatures", map[string]string{"organization_id": group, "version": "1"})
		must(t, page, "Signed by Mair")
		if code, _ := b.post(path+"/partnership/signatures", map[string]string{"organization_id": council, "version": "1"}); code != 403 {
			t.Fatalf("signing for another's organization: %d", code)
		}
		_, page = d.post(path+"/partnership/signatures", map[string]string{"organization_id": council, "version": "1"})
		must(t, page, "подписано всеми сторонами")
		p := api("", "GET", "/api/v1/initiatives/"+id, nil)["partnership"].(map[string]any)
		cm := p["versions"].([]any)[0].(map[string]any)["parties"].([]any)[1].(map[string]any)["commitments"].([]any)[0].(map[string]any)["id"].(string)
		_, page = d.post(path+"/partnership/commitments/"+cm, map[string]string{"status": "kept", "comment": "Paid in full"})
		must(t, page, "Paid in full", "Выполнено")

		must(t, b.get(path+"/history"), "started the initiative", "signed the partnership for")
		if rec := newBrowser(t, s, "en").do("GET", path+"/history", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("a visitor reads the history: %d", rec.Code)
		}
		must(t, b.get("/c/cwm/partnerships"), "<svg", "Friends of the Hall", "Cwm Council", "<table")
		must(t, b.get("/c/cwm/initiatives?sector=public_authority"), "Hall reopening")
		if strings.Contains(b.get("/c/cwm/initiatives?sector=education"), "Hall reopening") {
			t.Fatal("sector filter")
		}
		b.get("/c/cwm/organizations/" + council)
	})
}
