package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The activity pages, without JavaScript: offer a series at a venue,
// find it in the agenda and the month, register, ask to learn something
// and turn the wish into an activity that carries its learners along.
func TestActivityPages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, learner := s.SignUp("learner@example.org", "Irina")
		api := func(method, path, token string, body map[string]any) map[string]any {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
			if rec.Code >= 300 {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			out := map[string]any{}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return out
		}
		api("POST", "/api/v1/communities", owner, map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London", "languages": []string{"en", "cy"}})
		api("POST", "/api/v1/communities/cwm/members", learner, nil)
		room := api("POST", "/api/v1/communities/cwm/resources", owner, map[string]any{"title": "Library room", "kind": "space",
			"bookable": true, "approval": "open", "capacity": 2, "accessibility": []string{"step_free"}})["id"].(string)

		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "owner@example.org", "password": "correct horse battery"})
		b.get("/c/cwm/activities/new")
		code, body := b.post("/c/cwm/activities/new", map[string]string{"title": "Welsh for beginners", "kind": "course",
			"day": dayOf(5), "from": "18:00", "to": "17:00", "repeat": "weekly", "count": "3", "resource_id": room, "level": "beginner"})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "aria-invalid") {
			t.Fatalf("end before start: %d", code)
		}
		code, body = b.post("/c/cwm/activities/new", map[string]string{"title": "Welsh for beginners", "kind": "course",
			"day": dayOf(5), "from": "18:00", "to": "19:30", "repeat": "weekly", "count": "3", "resource_id": room, "level": "beginner",
			"themes": "Welsh, language", "languages": "cy", "cost": "2.50", "currency": "GBP", "description": "Dewch i ddysgu **Cymraeg**"})
		if code != http.StatusSeeOther || !strings.Contains(body, "<strong>Cymraeg</strong>") || !strings.Contains(body, "application/ld+json") {
			t.Fatalf("create: %d\n%s", code, body)
		}
		ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
		var doc map[string]any
		if err := json.Unmarshal([]byte(ld[1]), &doc); err != nil || doc["@type"] != "Course" ||
			doc["hasCourseInstance"].(map[string]any)["@type"] != "CourseInstance" || doc["offers"].(map[string]any)["price"] != "2.50" {
			t.Fatalf("JSON-LD: %v %s", err, ld[1])
		}
		for _, path := range []string{"/c/cwm/activities", "/c/cwm/activities?theme=welsh&free=&kind=course", "/c/cwm/activities/month",
			"/c/cwm/activities/month?month=" + dayOf(5)[:7]} {
			if page := b.get(path); !strings.Contains(page, "Welsh for beginners") {
				t.Errorf("%s does not list the course", path)
			}
		}
		if page := b.get("/c/cwm/activities?free=on"); strings.Contains(page, "Welsh for beginners") {
			t.Error("a paid course among free ones")
		}
		if rec := b.do("GET", "/c/cwm/activities?from=garbage", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "error") {
			t.Errorf("a bad date: %d", rec.Code)
		}
		if rec := b.do("GET", "/c/cwm/activities/month?month=13-2026", nil); rec.Code != 400 {
			t.Errorf("a bad month: %d", rec.Code)
		}
		id := regexp.MustCompile(`/c/cwm/activities/([0-9a-f-]{36})/register`).FindStringSubmatch(body)[1]

		l := newBrowser(t, s, "ru")
		l.post("/signin", map[string]string{"email": "learner@example.org", "password": "correct horse battery"})
		// Registering for a course takes every later date unless the
		// learner unticks the box.
		if page := l.get("/c/cwm/activities/" + id); !strings.Contains(page, `id="f-series" name="series" checked`) {
			t.Error("the series box is not ticked by default")
		}
		if code, page := l.post("/c/cwm/activities/"+id+"/register", map[string]string{"series": "on"}); code != http.StatusSeeOther || !strings.Contains(page, "Отказаться от места") {
			t.Fatalf("register: %d", code)
		}
		if code, _ := l.post("/c/cwm/activities/"+id+"/register", nil); code != http.StatusConflict {
			t.Fatalf("registering twice: %d", code)
		}
		if page := l.get("/me/activities"); !strings.Contains(page, "Welsh for beginners") || !strings.Contains(page, "/calendar/activities/") {
			t.Fatal("my activities")
		}
		feed := regexp.MustCompile(`/calendar/activities/[^<]+\.ics`).FindString(l.get("/me/activities"))
		if rec := s.Do(ts.Request{Method: "GET", Path: feed}); rec.Code != 200 || strings.Count(rec.Body.String(), "BEGIN:VEVENT") != 3 {
			t.Fatalf("private feed %s: %d %s", feed, rec.Code, rec.Body.String())
		}

		// A wish to learn, backed by a teacher, becomes an activity with its learner registered.
		code, page := l.post("/c/cwm/proposals", map[string]string{"title": "Fixing bicycles", "themes": "repair"})
		if code != http.StatusSeeOther {
			t.Fatalf("propose: %d", code)
		}
		pid := regexp.MustCompile(`/c/cwm/proposals/([0-9a-f-]{36})/interest`).FindStringSubmatch(page)[1]
		if code, _ := b.post("/c/cwm/proposals/"+pid+"/interest", map[string]string{"role": "host"}); code != http.StatusUnprocessableEntity {
			t.Fatalf("host without a place: %d", code)
		}
		b.post("/c/cwm/proposals/"+pid+"/interest", map[string]string{"role": "teach", "note": "I fix mine every week"})
		if page := b.get("/c/cwm/proposals/" + pid); !strings.Contains(page, "activities/new?proposal="+pid) {
			t.Fatal("no way to schedule a backed proposal")
		}
		b.get("/c/cwm/activities/new?proposal=" + pid)
		code, page = b.post("/c/cwm/activities/new", map[string]string{"title": "Fixing bicycles", "kind": "skill_share",
			"day": dayOf(9), "from": "10:00", "to": "12:00", "repeat": "none", "online_url": "https://meet.example.org/bikes",
			"level": "all", "proposal_id": pid})
		if code != http.StatusSeeOther || !strings.Contains(page, "Irina") {
			t.Fatalf("from a proposal: %d", code)
		}
		if page := l.get("/me/notifications"); !strings.Contains(page, "Fixing bicycles") {
			t.Fatal("the learner was not told")
		}
		b.get("/c/cwm/proposals")

		// Who can teach what.
		b.post("/c/cwm/skills", map[string]string{"teaches": "Welsh, bread baking", "learns": "pottery", "languages": "cy, en"})
		if page := l.get("/c/cwm/skills?q=bread"); !strings.Contains(page, "Gareth") {
			t.Fatal("who can teach bread baking")
		}
		if page := l.get("/c/cwm/skills?q=pottery"); strings.Contains(page, "Gareth") {
			t.Fatal("a learner listed as a teacher")
		}

		// A series over a taken date is refused, listing the clash.
		code, page = b.post("/c/cwm/activities/new", map[string]string{"title": "Clash", "kind": "event",
			"day": dayOf(5), "from": "17:00", "to": "18:30", "repeat": "none", "resource_id": room, "level": "all"})
		if code != http.StatusConflict || !strings.Contains(page, "taken already") {
			t.Fatalf("a clash: %d", code)
		}

		// The organizer moves and cancels one date.
		if code, _ := b.post("/c/cwm/activities/"+id+"/move", map[string]string{"day": dayOf(6), "from": "18:00", "to": "19:00"}); code != http.StatusSeeOther {
			t.Fatalf("move: %d", code)
		}
		if code, _ := b.post("/c/cwm/activities/"+id+"/cancel", nil); code != http.StatusSeeOther {
			t.Fatalf("cancel: %d", code)
		}
		if code, _ := l.post("/c/cwm/activities/"+id+"/cancel", nil); code != http.StatusForbidden {
			t.Fatalf("a learner cancels: %d", code)
		}
	})
}
