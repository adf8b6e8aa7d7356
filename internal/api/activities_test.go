package api_test

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

func (w world) activity(t *testing.T, token string, body obj) (int, obj) {
	t.Helper()
	rec := w.s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/activities", Token: token, Body: body})
	out := obj{}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		out = ts.JSON[obj](t, rec)
	}
	return rec.Code, out
}

func (w world) count(t *testing.T) int {
	t.Helper()
	rec := w.s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/activities?from=" + url.QueryEscape(slot(-1, "00:00")) +
		"&to=" + url.QueryEscape(slot(200, "00:00"))})
	ts.Status(t, rec, 200)
	return len(ts.JSON[obj](t, rec)["items"].([]any))
}

// The rows of API.md for activities: create, list, get, register, leave.
func TestActivityContractRows(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "trusted")
		code, a := w.activity(t, w.owner, obj{"title": "Welsh for beginners", "kind": "course", "starts_at": slot(7, "18:00"),
			"ends_at": slot(7, "19:30"), "capacity": 12, "resource_id": w.room, "language": "cy", "themes": []string{"Welsh", "language"},
			"recurrence": "FREQ=WEEKLY;COUNT=4", "description": "Learn **Welsh**", "organization_ids": []string{w.library}})
		if code != 201 {
			t.Fatalf("create: %d %v", code, a)
		}
		if a["capacity"] != 12.0 || a["registered"] != 0.0 || a["kind"] != "course" || len(a["occurrences"].([]any)) != 4 ||
			!strings.Contains(a["description_html"].(string), "<strong>Welsh</strong>") || a["languages"].([]any)[0] != "cy" {
			t.Fatalf("created: %v", a)
		}
		if orgs := a["organizers"].([]any); len(orgs) != 2 || orgs[1].(map[string]any)["name"] != "Library" {
			t.Fatalf("organizers: %v", orgs)
		}
		// The venue is booked for every occurrence.
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + w.room + "/bookings?from=" + url.QueryEscape(slot(6, "00:00")) +
			"&to=" + url.QueryEscape(slot(40, "00:00"))})
		if got := len(ts.JSON[obj](t, rec)["items"].([]any)); got != 4 {
			t.Fatalf("venue bookings: %d", got)
		}
		id := a["id"].(string)
		for q, want := range map[string]int{"": 4, "&theme=welsh": 4, "&theme=pottery": 0, "&kind=course": 4, "&kind=event": 0,
			"&free=true": 4, "&language=cy": 4, "&language=en": 0} {
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/activities?from=" + url.QueryEscape(slot(1, "00:00")) +
				"&to=" + url.QueryEscape(slot(60, "00:00")) + q})
			ts.Status(t, rec, 200)
			if got := len(ts.JSON[obj](t, rec)["items"].([]any)); got != want {
				t.Errorf("list %q: %d, want %d", q, got, want)
			}
		}
		// Pages of two, in time order, without gaps or repeats.
		var seen []string
		next := ""
		for i := 0; i < 3; i++ {
			path := "/api/v1/communities/cwm/activities?limit=2&from=" + url.QueryEscape(slot(1, "00:00"))
			if next != "" {
				path += "&cursor=" + next
			}
			page := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: path}))
			for _, it := range page["items"].([]any) {
				seen = append(seen, it.(map[string]any)["starts_at"].(string))
			}
			if page["next_cursor"] == nil {
				break
			}
			next = page["next_cursor"].(string)
		}
		if len(seen) != 4 || !sort.StringsAreSorted(seen) {
			t.Fatalf("paged: %v", seen)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/activities?cursor=garbage"}), 400)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/activities?from=yesterday"}), 400)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/activities?kind=party"}), 422)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/nope"}), 404)

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + id + "/registrations", Token: w.member})
		ts.Status(t, rec, 201)
		if got := ts.JSON[obj](t, rec); got["status"] != "registered" {
			t.Fatalf("register: %v", got)
		}
		// Registering twice is a conflict, and changes nothing.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + id + "/registrations", Token: w.member}), 409)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/" + id})
		if got := ts.JSON[obj](t, rec); got["registered"] != 1.0 || got["waitlisted"] != 0.0 || got["capacity"] != 12.0 {
			t.Fatalf("get: %v", got)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/activities/" + id + "/registrations/me", Token: w.member}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/activities/" + id + "/registrations/me", Token: w.member}), 404)
		// The whole series at once.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + id + "/registrations", Token: w.member, Body: obj{"series": true}})
		ts.Status(t, rec, 201)
		second := a["occurrences"].([]any)[1].(map[string]any)["id"].(string)
		if got := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/" + second})); got["registered"] != 1.0 {
			t.Fatalf("series registration: %v", got)
		}
		// A cancelled occurrence takes no registrations; a moved one keeps them.
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/activities/" + second, Token: w.member}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/activities/" + second, Token: w.owner}), 204)
		third := a["occurrences"].([]any)[2].(map[string]any)["id"].(string)
		_, other := s.SignUp("other@example.org", "Other")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: other}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + second + "/registrations", Token: other}), 422)
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/activities/" + third, Token: w.owner,
			Body: obj{"starts_at": slot(22, "10:00"), "ends_at": slot(22, "11:30")}})
		ts.Status(t, rec, 200)
		if got := ts.JSON[obj](t, rec); got["registered"] != 1.0 {
			t.Fatalf("moved: %v", got)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + w.room + "/bookings?from=" + url.QueryEscape(slot(6, "00:00")) +
			"&to=" + url.QueryEscape(slot(40, "00:00"))})
		if got := len(ts.JSON[obj](t, rec)["items"].([]any)); got != 3 {
			t.Fatalf("venue bookings after a cancellation: %d", got)
		}
		// The member was told of the cancellation and of the move.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.member})
		if body := rec.Body.String(); !strings.Contains(body, "cancelled") || !strings.Contains(body, "moved") {
			t.Fatalf("notifications: %s", body)
		}

		// The community feed is an iCalendar document with UTC times.
		rec = s.Do(ts.Request{Method: "GET", Path: "/c/cwm/activities.ics"})
		ts.Status(t, rec, 200)
		body := rec.Body.String()
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") || strings.Count(body, "BEGIN:VEVENT") != 4 || strings.Count(body, "STATUS:CANCELLED") != 1 ||
			!strings.Contains(body, "UID:"+id+"@") || !strings.Contains(body, "DTSTAMP:") || !regexpMatch(`DTSTART:\d{8}T\d{6}Z`, body) {
			t.Fatalf("feed: %s", body)
		}
	})
}

// Bad input is refused with a clear 4xx, and nothing is saved.
func TestActivityBadInput(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "request")
		base := func(extra obj) obj {
			b := obj{"title": "Pottery", "kind": "workshop", "starts_at": slot(5, "10:00"), "ends_at": slot(5, "12:00")}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		for name, tc := range map[string]struct {
			token string
			body  obj
			code  int
			field string
		}{
			"end before start":       {w.owner, base(obj{"ends_at": slot(5, "09:00")}), 422, "ends_at"},
			"zero capacity":          {w.owner, base(obj{"capacity": 0}), 422, "capacity"},
			"negative capacity":      {w.owner, base(obj{"capacity": -3}), 422, "capacity"},
			"endless recurrence":     {w.owner, base(obj{"recurrence": "FREQ=WEEKLY"}), 422, "recurrence"},
			"daily recurrence":       {w.owner, base(obj{"recurrence": "FREQ=DAILY;COUNT=3"}), 422, "recurrence"},
			"garbage recurrence":     {w.owner, base(obj{"recurrence": ";;=="}), 422, "recurrence"},
			"unknown kind":           {w.owner, base(obj{"kind": "party"}), 422, "kind"},
			"venue one may not book": {w.member, base(obj{"resource_id": w.room}), 403, "resource_id"},
			"no such venue":          {w.owner, base(obj{"resource_id": "nope"}), 422, "resource_id"},
			"bad link":               {w.owner, base(obj{"online_url": "javascript:alert(1)"}), 422, "online_url"},
			"not a member":           {"", base(nil), 401, ""},
		} {
			code, body := w.activity(t, tc.token, tc.body)
			if code != tc.code {
				t.Errorf("%s: %d, want %d: %v", name, code, tc.code, body)
				continue
			}
			if tc.field != "" {
				if f, _ := body["error"].(map[string]any)["fields"].(map[string]any); f[tc.field] == nil {
					t.Errorf("%s: no reason for %s: %v", name, tc.field, body)
				}
			}
		}
		if n := w.count(t); n != 0 {
			t.Fatalf("%d activities saved from bad input", n)
		}
		// A venue already taken refuses the whole series: nothing saved.
		if code, body := w.activity(t, w.owner, base(obj{"title": "Taken", "resource_id": w.room, "starts_at": slot(19, "10:00"),
			"ends_at": slot(19, "11:00")})); code != 201 {
			t.Fatalf("first: %d %v", code, body)
		}
		code, body := w.activity(t, w.owner, base(obj{"resource_id": w.room, "recurrence": "FREQ=WEEKLY;COUNT=3"}))
		if code != 409 {
			t.Fatalf("series over a taken venue: %d %v", code, body)
		}
		if n := w.count(t); n != 1 {
			t.Fatalf("%d activities saved after a refusal", n)
		}
	})
}

// Fifty people race for ten places: exactly ten registered, forty waiting
// in the order they arrived; a cancellation moves the first one up.
func TestFiftyClientsRaceForTenPlaces(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		code, a := w.activity(t, w.owner, obj{"title": "Bread baking", "kind": "skill_share", "starts_at": slot(3, "10:00"),
			"ends_at": slot(3, "12:00"), "capacity": 10, "online_url": "https://meet.example.org/bread"})
		if code != 201 {
			t.Fatalf("create: %d %v", code, a)
		}
		id := a["id"].(string)
		tokens := make([]string, 50)
		ids := make([]string, 50)
		for i := range tokens {
			ids[i], tokens[i] = s.SignUp(fmt.Sprintf("racer%d@example.org", i), fmt.Sprintf("Racer %d", i))
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: tokens[i]}), 201)
		}
		statuses := make([]string, len(tokens))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/activities/" + id + "/registrations", Token: tokens[i]})
				if rec.Code != 201 {
					statuses[i] = fmt.Sprint(rec.Code)
					return
				}
				statuses[i] = ts.JSON[obj](t, rec)["status"].(string)
			}()
		}
		close(start)
		wg.Wait()
		count := map[string]int{}
		for _, st := range statuses {
			count[st]++
		}
		if count["registered"] != 10 || count["waitlisted"] != 40 {
			t.Fatalf("statuses %v, want 10 registered and 40 waitlisted", count)
		}
		got := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/" + id}))
		if got["registered"] != 10.0 || got["waitlisted"] != 40.0 {
			t.Fatalf("counts: %v", got)
		}
		// Arrival order: every registered person came before every waiting
		// one, and positions run 1…50 without gaps.
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/" + id + "/registrations", Token: w.owner})
		ts.Status(t, rec, 200)
		var regs []map[string]any
		for _, it := range ts.JSON[obj](t, rec)["items"].([]any) {
			regs = append(regs, it.(map[string]any))
		}
		sort.Slice(regs, func(i, j int) bool { return regs[i]["position"].(float64) < regs[j]["position"].(float64) })
		for i, g := range regs {
			want := "registered"
			if i >= 10 {
				want = "waitlisted"
			}
			if g["position"] != float64(i+1) || g["status"] != want {
				t.Fatalf("registration %d: %v", i, g)
			}
		}
		firstWaiting := regs[10]["user_id"].(string)
		var leaver string
		for i, uid := range ids {
			if uid == regs[0]["user_id"] {
				leaver = tokens[i]
			}
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/activities/" + id + "/registrations/me", Token: leaver}), 204)
		got = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/activities/" + id}))
		if got["registered"] != 10.0 || got["waitlisted"] != 39.0 {
			t.Fatalf("after a cancellation: %v", got)
		}
		for i, uid := range ids {
			if uid != firstWaiting {
				continue
			}
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: tokens[i]})
			if !strings.Contains(rec.Body.String(), "Bread baking") {
				t.Fatalf("the one moved up was not told: %s", rec.Body.String())
			}
		}
	})
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// A learner's wish through the API: others back it, a teacher schedules
// it, and the learners are registered and told.
func TestProposalsThroughTheAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/proposals", Token: w.member,
			Body: obj{"title": "Fixing bicycles", "themes": []string{"Repair"}}})
		ts.Status(t, rec, 201)
		p := ts.JSON[obj](t, rec)
		id := p["id"].(string)
		if p["activity_id"] != nil || len(p["interest"].([]any)) != 1 {
			t.Fatalf("proposal: %v", p)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/proposals/" + id + "/interest", Token: w.owner,
			Body: obj{"role": "host"}}), 422)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/proposals/" + id + "/interest", Token: w.owner,
			Body: obj{"role": "host", "resource_id": w.room}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/proposals/" + id + "/interest", Token: w.owner,
			Body: obj{"role": "teach", "note": "Saturdays"}}), 201)
		code, a := w.activity(t, w.owner, obj{"title": "Fixing bicycles", "kind": "workshop", "starts_at": slot(4, "10:00"),
			"ends_at": slot(4, "12:00"), "resource_id": w.room, "proposal_id": id})
		if code != 201 || a["registered"] != 1.0 {
			t.Fatalf("scheduled: %d %v", code, a)
		}
		// Twice is a conflict; backing a scheduled one too.
		if code, _ := w.activity(t, w.owner, obj{"title": "Again", "kind": "workshop", "starts_at": slot(5, "10:00"),
			"ends_at": slot(5, "12:00"), "proposal_id": id}); code != 409 {
			t.Fatalf("scheduled twice: %d", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/proposals/" + id + "/interest", Token: w.member,
			Body: obj{"role": "learn"}}), 409)
		if got := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/proposals/" + id})); got["activity_id"] != a["id"] {
			t.Fatalf("became: %v", got)
		}
		if rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.member}); !strings.Contains(rec.Body.String(), "Fixing bicycles") {
			t.Fatalf("the learner was not told: %s", rec.Body.String())
		}

		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/skills/me", Token: w.owner,
			Body: obj{"teaches": []string{"Bicycle repair"}, "learns": []string{"welsh"}, "languages": []string{"en", "cy"}}}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/skills/me", Token: w.member,
			Body: obj{"teaches": []string{}, "learns": []string{"bicycle repair"}, "languages": []string{"not a tag!"}}}), 422)
		// What a person teaches is their profile: private to the community
		// until they make it public.
		got := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/skills?q=bicycle"}))
		if items := got["items"].([]any); len(items) != 0 {
			t.Fatalf("a visitor sees a private teacher: %v", got)
		}
		got = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/skills?q=bicycle", Token: w.member}))
		if items := got["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "Gareth" {
			t.Fatalf("who can teach bicycle repair, to a member: %v", got)
		}
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/privacy", Token: w.owner, Body: obj{"public": true}}), 200)
		got = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/skills?q=bicycle"}))
		if items := got["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "Gareth" {
			t.Fatalf("who can teach bicycle repair, to a visitor once public: %v", got)
		}
	})
}
