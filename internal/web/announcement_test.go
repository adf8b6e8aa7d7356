package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// With more people registered than a conversation holds, the organizer
// still writes to all of them, without JavaScript: a form on the list of
// who comes; each registered person finds the message in their
// notifications, with a link to the occurrence.
func TestOrganizerWritesToEveryoneRegistered(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		api := func(method, path, token string, body map[string]any) map[string]any {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
			if rec.Code >= 300 {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			out := map[string]any{}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return out
		}
		api("POST", "/api/v1/communities", owner, map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London", "languages": []string{"en"}})
		act := api("POST", "/api/v1/communities/cwm/activities", owner, map[string]any{"title": "Repair workshop", "kind": "workshop",
			"online_url": "https://meet.example.org/repair", "starts_at": slot(3, "10:00"), "ends_at": slot(3, "12:00")})
		id := act["id"].(string)
		for i := range 9 {
			_, tok := s.SignUp(fmt.Sprintf("learner%d@example.org", i), fmt.Sprintf("Learner %d", i))
			api("POST", "/api/v1/communities/cwm/members", tok, nil)
			api("POST", "/api/v1/activities/"+id+"/registrations", tok, nil)
		}
		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "owner@example.org", "password": "correct horse battery"})
		people := "/c/cwm/activities/" + id + "/people"
		page := b.get(people)
		must(t, page, "Write to everyone registered", `action="/c/cwm/activities/`+id+`/announce"`)
		if strings.Contains(page, "/messages/new?") {
			t.Error("a conversation offered to more people than it holds")
		}
		code, page := b.post("/c/cwm/activities/"+id+"/announce", map[string]string{"message": " "})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "aria-invalid") {
			t.Fatalf("an empty message: %d", code)
		}
		code, page = b.post("/c/cwm/activities/"+id+"/announce", map[string]string{"message": "Bring a screwdriver & a fuse."})
		if code != http.StatusSeeOther {
			t.Fatalf("announce: %d", code)
		}
		must(t, page, "Sent: everyone registered has been told.")
		l := newBrowser(t, s, "en")
		l.post("/signin", map[string]string{"email": "learner4@example.org", "password": "correct horse battery"})
		must(t, l.get("/me/notifications"), "Gareth wrote to everyone registered for “Repair workshop”", "Bring a screwdriver &amp; a fuse.",
			"/c/cwm/activities/"+id)
		// The API says how many were told; a learner may not.
		_, learner := s.SignUp("late@example.org", "Late")
		api("POST", "/api/v1/communities/cwm/members", learner, nil)
		if rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + id + "/announcements", Token: learner,
			Body: map[string]any{"message": "Hi"}}); rec.Code != http.StatusForbidden {
			t.Errorf("a learner announces: %d", rec.Code)
		}
		if got := api("POST", "/api/v1/activities/"+id+"/announcements", owner, map[string]any{"message": "See you"}); got["notified"] != float64(9) {
			t.Errorf("notified: %v", got)
		}
	})
}
