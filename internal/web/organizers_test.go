package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// An organizer edits a published course through the web: fewer places
// than people registered is refused beside the field, in words; more
// places move the waitlist up; the list of people prints and exports for
// them and nobody else; the rest of the series is cancelled in one step.
// A learner waiting sees their number on the waitlist.
func TestOrganizersEditWhatTheyPublished(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := owner.post("/c/cwm/activities/new", map[string]string{"title": "Welsh", "kind": "course", "day": dayOf(5),
			"from": "18:00", "to": "19:00", "repeat": "weekly", "count": "3", "capacity": "1", "online_url": "https://meet.example.org/w",
			"level": "all", "currency": "GBP"})
		act := regexp.MustCompile(`/c/cwm/activities/[0-9a-f-]{36}`).FindString(page)
		if act == "" {
			t.Fatalf("no activity:\n%s", page)
		}
		irina, huw := newBrowser(t, s, "en"), newBrowser(t, s, "en")
		for _, p := range []struct {
			b           *browser
			name, email string
		}{{irina, "Irina", "irina@example.org"}, {huw, "Huw", "huw@example.org"}} {
			p.b.post("/signup", map[string]string{"name": p.name, "email": p.email, "password": "a long passphrase"})
			p.b.post("/c/cwm/join", nil)
			if code, _ := p.b.post(act+"/register", map[string]string{"series": "on"}); code != http.StatusSeeOther {
				t.Fatalf("%s registers: %d", p.name, code)
			}
		}
		must(t, huw.get(act), "You are number 1 on the waiting list.")
		edit := map[string]string{"title": "Welsh", "capacity": "0", "scope": "one", "currency": "GBP"}
		code, page := owner.post(act+"/edit", edit)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("no places: %d", code)
		}
		must(t, page, `id="f-capacity-error"`)
		edit["capacity"] = "2"
		if code, page = owner.post(act+"/edit", edit); code != http.StatusSeeOther {
			t.Fatalf("two places: %d\n%s", code, page)
		}
		must(t, page, "Saved.", "0 of 2 places free")
		if code := huw.do("GET", act+"/people", nil).Code; code != http.StatusForbidden {
			t.Errorf("a learner reads the list: %d", code)
		}
		if code := huw.do("GET", act+"/people.csv", nil).Code; code != http.StatusForbidden {
			t.Errorf("a learner exports the list: %d", code)
		}
		must(t, owner.get(act+"/people"), "Irina", "Huw", `people.csv`, "/messages/new?to=")
		rec := owner.do("GET", act+"/people.csv", nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
			rec.Body.String() != "position,name,status\n1,Irina,registered\n2,Huw,registered\n" {
			t.Errorf("the CSV: %d %q", rec.Code, rec.Body.String())
		}
		// One fewer place than the two registered: refused, in words.
		edit["capacity"] = "1"
		_, page = owner.post(act+"/edit", edit)
		must(t, page, "Places cannot be fewer than the people already registered (2)")
		// Irina is told of the new title, once for three dates; Huw moves up at
		// the later two.
		edit["capacity"], edit["title"], edit["scope"] = "2", "Welsh for beginners", "all"
		if code, _ = owner.post(act+"/edit", edit); code != http.StatusSeeOther {
			t.Fatalf("a new title: %d", code)
		}
		notes := irina.get("/me/notifications")
		if n := strings.Count(notes, "has changed: title"); n != 1 {
			t.Errorf("told %d times of the new title", n)
		}
		// Huw, moved up at the later dates, is told that, with the new title.
		if n := strings.Count(huw.get("/me/notifications"), "you are now registered for “Welsh for beginners”"); n != 1 {
			t.Errorf("Huw told %d times of his places", n)
		}
		if code, page = owner.post(act+"/cancel-series", map[string]string{"scope": "rest"}); code != http.StatusSeeOther {
			t.Fatalf("cancel the rest: %d", code)
		}
		must(t, page, "The dates are cancelled")
		must(t, huw.get("/me/notifications"), "every later date too")
	})
}
