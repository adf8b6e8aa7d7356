package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	pngenc "image/png"
	"strings"
	"sync"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// slot writes a time some days ahead at a London clock time.
func slot(days int, clock string) string {
	loc, _ := time.LoadLocation("Europe/London")
	d := time.Now().In(loc).AddDate(0, 0, days)
	t, _ := time.ParseInLocation("2006-01-02 15:04", d.Format("2006-01-02")+" "+clock, loc)
	return t.Format(time.RFC3339)
}

type world struct {
	s                *ts.Server
	ownerID, owner   string // administers the library
	memberID, member string // an ordinary member
	library, room    string // organization, its space
}

func setup(t *testing.T, s *ts.Server, approval string) world {
	w := world{s: s}
	w.ownerID, w.owner = s.SignUp("owner@example.org", "Gareth")
	w.memberID, w.member = s.SignUp("member@example.org", "Irina")
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: w.owner, Body: obj{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London"}}), 201)
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: w.member}), 201)
	rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: w.owner, Body: obj{"name": "Library", "sector": "culture"}})
	ts.Status(t, rec, 201)
	w.library = ts.JSON[obj](t, rec)["id"].(string)
	rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: w.owner, Body: obj{
		"title": "Community room", "kind": "space", "description": "A bright room above the library with chairs for thirty",
		"organization_id": w.library, "bookable": true, "capacity": 30, "approval": approval,
		"location": obj{"address": "Heol y Glowyr 2", "latitude": 51.7, "longitude": -3.7}, "accessibility": []string{"step_free"}}})
	ts.Status(t, rec, 201)
	w.room = ts.JSON[obj](t, rec)["id"].(string)
	return w
}

func (w world) book(token, start, end string) (int, obj) {
	rec := w.s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/bookings", Token: token, Body: obj{"starts_at": start, "ends_at": end, "purpose": "Choir"}})
	body := obj{}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		body["raw"] = rec.Body.String()
	}
	return rec.Code, body
}

func TestResourceDirectory(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: w.member, Body: obj{
			"title": "Sewing machine", "kind": "equipment", "description": "Швейная машина, lent by a neighbour", "bookable": false, "approval": "open"}})
		ts.Status(t, rec, 201)
		if got := ts.JSON[obj](t, rec); got["owner_user_id"] != w.memberID || got["organization_id"] != nil {
			t.Fatalf("owned by a person: %v", got)
		}
		// Another community's words stay in that community.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: w.owner, Body: obj{"slug": "other", "name": "Other"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/other/resources", Token: w.owner, Body: obj{
			"title": "Bright hall", "kind": "space", "bookable": false, "approval": "open"}}), 201)
		for query, want := range map[string]string{
			"":                              "Community room|Sewing machine",
			"?kind=space":                   "Community room",
			"?q=bright":                     "Community room",
			"?q=BRIGH":                      "Community room",
			"?q=швейная":                    "Sewing machine",
			"?q=nothing+like+this":          "",
			"?q=%22%27%29(*":                "",
			"?sector=culture":               "Community room",
			"?organization_id=" + w.library: "Community room",
			"?min_capacity=20":              "Community room",
			"?min_capacity=31":              "",
			"?accessibility=step_free":      "Community room",
			"?accessibility=hearing_loop":   "",
			"?free_from=" + strings.ReplaceAll(slot(3, "10:00"), "+", "%2B") + "&free_to=" + strings.ReplaceAll(slot(3, "11:00"), "+", "%2B"): "Community room",
		} {
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources" + query})
			ts.Status(t, rec, 200)
			var titles []string
			for _, it := range ts.JSON[obj](t, rec)["items"].([]any) {
				titles = append(titles, it.(obj)["title"].(string))
			}
			if got := strings.Join(titles, "|"); got != want {
				t.Errorf("%s: %q, want %q", query, got, want)
			}
		}
		for _, bad := range []string{"?kind=castle", "?sector=guild", "?min_capacity=-1"} {
			ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources" + bad}), 422)
		}
		for _, bad := range []string{"?free_from=tomorrow&free_to=x", "?min_capacity=many"} {
			ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources" + bad}), 400)
		}
		// Only an admin of the organization shares on its behalf.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: w.member,
			Body: obj{"title": "Not mine", "kind": "space", "organization_id": w.library, "bookable": true, "approval": "open"}}), 403)
	})
}

// The foundation of bookings: boundaries, bad input, decisions.
func TestBookingRules(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		if code, b := w.book(w.member, slot(2, "10:00"), slot(2, "12:00")); code != 201 || b["status"] != "confirmed" {
			t.Fatalf("book: %d %v", code, b)
		}
		// Touching bookings do not clash; overlapping ones do.
		if code, _ := w.book(w.owner, slot(2, "12:00"), slot(2, "13:00")); code != 201 {
			t.Fatalf("touching booking: %d", code)
		}
		code, body := w.book(w.owner, slot(2, "11:59"), slot(2, "12:30"))
		if code != 409 || body["error"].(obj)["conflicts"] == nil {
			t.Fatalf("overlap: %d %v", code, body)
		}
		for name, times := range map[string][2]string{
			"end before start": {slot(3, "12:00"), slot(3, "11:00")},
			"zero length":      {slot(3, "12:00"), slot(3, "12:00")},
			"ten years":        {slot(3, "12:00"), slot(3650, "12:00")},
			"no offset":        {"2030-01-01T10:00:00", "2030-01-01T11:00:00"},
			"in the past":      {slot(-3, "10:00"), slot(-3, "11:00")},
		} {
			if code, b := w.book(w.member, times[0], times[1]); code != 422 {
				t.Errorf("%s: %d %v", name, code, b)
			}
		}
		// Opening hours: weekdays 09:00–17:00 only, and a closed day.
		day := time.Now().AddDate(0, 0, 10)
		for day.Weekday() != time.Wednesday {
			day = day.AddDate(0, 0, 1)
		}
		days := int(time.Until(day).Hours()/24) + 1
		hours := []obj{}
		for wd := 1; wd <= 5; wd++ {
			hours = append(hours, obj{"weekday": wd, "opens": "09:00", "closes": "17:00"})
		}
		closed := time.Now().AddDate(0, 0, days+1).Format("2006-01-02")
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room + "/availability", Token: w.member, Body: obj{"hours": hours}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room + "/availability", Token: w.owner,
			Body: obj{"hours": hours, "closed": []obj{{"day": closed, "reason": "Staff training"}}}}), 200)
		if code, _ := w.book(w.member, slot(days, "09:00"), slot(days, "17:00")); code != 201 {
			t.Errorf("inside opening hours: %d", code)
		}
		for name, times := range map[string][2]string{
			"before opening": {slot(days, "08:30"), slot(days, "10:00")},
			"after closing":  {slot(days, "16:30"), slot(days, "17:30")},
			"closed day":     {slot(days+1, "10:00"), slot(days+1, "11:00")},
		} {
			if code, _ := w.book(w.member, times[0], times[1]); code != 422 {
				t.Errorf("%s: %d", name, code)
			}
		}
		// A resource of another community is not found through this one's id space.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/nope/bookings", Token: w.member, Body: obj{"starts_at": slot(2, "10:00"), "ends_at": slot(2, "11:00")}}), 404)
	})
}

func TestApprovalPolicies(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "trusted")
		// The owner's people are confirmed at once; others ask.
		if _, b := w.book(w.owner, slot(2, "10:00"), slot(2, "11:00")); b["status"] != "confirmed" {
			t.Fatalf("owner's admin: %v", b)
		}
		_, req := w.book(w.member, slot(3, "10:00"), slot(3, "11:00"))
		if req["status"] != "requested" {
			t.Fatalf("member: %v", req)
		}
		id := req["id"].(string)
		// Only stewards decide.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/bookings/" + id + "/decision", Token: w.member, Body: obj{"decision": "confirm"}}), 403)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/bookings/" + id + "/decision", Token: w.owner, Body: obj{"decision": "decline", "reason": "The room is being painted"}})
		ts.Status(t, rec, 200)
		if b := ts.JSON[obj](t, rec); b["status"] != "declined" || b["reason"] != "The room is being painted" {
			t.Fatalf("declined: %v", b)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/bookings/" + id + "/decision", Token: w.owner, Body: obj{"decision": "confirm"}}), 409)
		// The steward was told of the request, the requester of the decision.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.owner})
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 1 || items[0].(obj)["kind"] != "booking_requested" || items[0].(obj)["read"] != false {
			t.Fatalf("steward's notifications: %v", items)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.member, Header: map[string]string{"Accept-Language": "ru"}})
		n := ts.JSON[obj](t, rec)["items"].([]any)[0].(obj)
		if n["kind"] != "booking_declined" || !strings.Contains(n["message"].(string), "отклонено") || !strings.Contains(n["message"].(string), "painted") {
			t.Fatalf("requester's notification: %v", n)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/notifications/read", Token: w.member}), 204)
		if n := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.member}))["items"].([]any)[0].(obj); n["read"] != true {
			t.Fatalf("not read: %v", n)
		}
		// The requester sees the decision among their bookings.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/me/bookings", Token: w.member})
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 1 || items[0].(obj)["status"] != "declined" {
			t.Fatalf("my bookings: %v", items)
		}
		// Trust for the resource makes the member's bookings confirmed.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/trust", Token: w.member, Body: obj{"user_id": w.memberID}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/trust", Token: w.owner, Body: obj{"user_id": w.memberID}}), 201)
		if _, b := w.book(w.member, slot(4, "10:00"), slot(4, "11:00")); b["status"] != "confirmed" {
			t.Fatalf("trusted member: %v", b)
		}
		// A trusted member is a steward too: they may decide and give trust on.
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/resources/" + w.room + "/trust/" + w.memberID, Token: w.owner}), 204)
		if _, b := w.book(w.member, slot(5, "10:00"), slot(5, "11:00")); b["status"] != "requested" {
			t.Fatalf("after revoking: %v", b)
		}
		// Confirming a request that now overlaps a confirmed booking is a conflict.
		_, r1 := w.book(w.member, slot(6, "10:00"), slot(6, "11:00"))
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/trust", Token: w.owner, Body: obj{"user_id": w.memberID}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/bookings/" + r1["id"].(string), Token: w.member}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/bookings/" + r1["id"].(string), Token: w.member}), 409)
	})
}

// Fifty people try for one slot at once: exactly one gets it.
func TestFiftyClientsRaceForOneSlot(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		tokens := make([]string, 50)
		for i := range tokens {
			_, tokens[i] = s.SignUp(fmt.Sprintf("racer%d@example.org", i), "Racer")
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: tokens[i]}), 201)
		}
		codes := make([]int, len(tokens))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				codes[i], _ = w.book(tokens[i], slot(7, "18:00"), slot(7, "20:00"))
			}()
		}
		close(start)
		wg.Wait()
		count := map[int]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[201] != 1 || count[409] != 49 {
			t.Fatalf("statuses %v, want one 201 and 49 409", count)
		}
	})
}

func TestRepeatingBookingsAndFairShare(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		// Someone has week 3 already.
		if code, _ := w.book(w.owner, slot(14, "18:00"), slot(14, "19:00")); code != 201 {
			t.Fatal(code)
		}
		series := obj{"starts_at": slot(7, "18:00"), "ends_at": slot(7, "19:00"), "purpose": "Choir", "recurrence": obj{"every_weeks": 1, "count": 4}}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/bookings", Token: w.member, Body: series})
		ts.Status(t, rec, 409)
		if c := ts.JSON[obj](t, rec)["error"].(obj)["conflicts"].([]any); len(c) != 1 {
			t.Fatalf("conflicts listed: %v", c)
		}
		// Nothing was saved.
		if items := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me/bookings", Token: w.member}))["items"].([]any); len(items) != 0 {
			t.Fatalf("a refused series saved %d bookings", len(items))
		}
		series["skip_conflicts"] = true
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/bookings", Token: w.member, Body: series})
		ts.Status(t, rec, 201)
		res := ts.JSON[obj](t, rec)
		if len(res["series"].([]any)) != 3 || len(res["skipped"].([]any)) != 1 {
			t.Fatalf("series: %v", res)
		}
		for _, rec := range []obj{
			{"every_weeks": 1},                                    // no end
			{"every_weeks": 1, "until": "2000-01-01"},             // ends before it starts
			{"every_weeks": 52, "count": 104},                     // past two years ahead
			{"every_weeks": 1, "count": 2, "until": "2099-01-01"}, // two ends
		} {
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/bookings", Token: w.member,
				Body: obj{"starts_at": slot(30, "10:00"), "ends_at": slot(30, "11:00"), "recurrence": rec}}), 422)
		}

		// Fair share: at most two hours a week for anyone.
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room, Token: w.owner, Body: obj{
			"title": "Community room", "kind": "space", "bookable": true, "approval": "open", "max_hours_per_week": 2, "max_future_bookings": 5}}), 200)
		if code, _ := w.book(w.memberFresh(t), slot(40, "10:00"), slot(40, "13:00")); code != 422 {
			t.Fatalf("over the weekly hours: %d", code)
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + w.room + "/bookings", Token: w.member,
			Body: obj{"starts_at": slot(50, "10:00"), "ends_at": slot(50, "11:00"), "recurrence": obj{"every_weeks": 1, "count": 3}}})
		ts.Status(t, rec, 422)
		if msg := ts.JSON[obj](t, rec)["error"].(obj)["message"].(string); !strings.Contains(msg, "5") {
			t.Fatalf("the limit is not named: %q", msg)
		}
	})
}

// memberFresh signs up and joins a new member, for limits that count per person.
func (w world) memberFresh(t *testing.T) string {
	_, tok := w.s.SignUp(fmt.Sprintf("fresh%d@example.org", time.Now().UnixNano()), "Fresh")
	ts.Status(t, w.s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: tok}), 201)
	return tok
}

func TestPhotos(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		var png bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 2400, 1200))
		for x := 0; x < 2400; x += 7 {
			img.Set(x, x/2, color.RGBA{200, 30, 30, 255})
		}
		if err := pngenc.Encode(&png, img); err != nil {
			t.Fatal(err)
		}
		put := func(token string, body []byte) int {
			return s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room + "/photo", Token: token, Body: body,
				Header: map[string]string{"Content-Type": "image/png"}}).Code
		}
		if code := put(w.member, png.Bytes()); code != 403 {
			t.Fatalf("someone else's photo: %d", code)
		}
		if code := put(w.owner, []byte("<svg onload=alert(1)>")); code != 422 {
			t.Fatalf("not an image: %d", code)
		}
		if code := put(w.owner, bytes.Repeat([]byte{0xff}, 6<<20)); code != 413 {
			t.Fatalf("6 MiB: %d", code)
		}
		if code := put(w.owner, png.Bytes()); code != 204 {
			t.Fatalf("upload: %d", code)
		}
		rec := s.Do(ts.Request{Method: "GET", Path: "/resources/" + w.room + "/photo"})
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" {
			t.Fatalf("photo: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		got, err := jpeg.DecodeConfig(rec.Body)
		if err != nil || got.Width != 1200 || got.Height != 600 {
			t.Fatalf("scaled to %dx%d, %v", got.Width, got.Height, err)
		}
		if res := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + w.room})); res["photo_url"] == nil {
			t.Fatalf("photo_url missing: %v", res)
		}
		// A very tall image fits the box too (JPEG holds at most 65,535 pixels a side).
		png.Reset()
		if err := pngenc.Encode(&png, image.NewGray(image.Rect(0, 0, 1, 70000))); err != nil {
			t.Fatal(err)
		}
		if code := put(w.owner, png.Bytes()); code != 204 {
			t.Fatalf("tall image: %d", code)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/resources/" + w.room + "/photo"})
		if got, err := jpeg.DecodeConfig(rec.Body); err != nil || got.Height != 1200 {
			t.Fatalf("tall image scaled to %dx%d, %v", got.Width, got.Height, err)
		}
	})
}

// Stewardship is per resource: an admin of one organization decides none
// of another's bookings; and trust for a resource lapses when unused.
func TestStewardshipAcrossOrganizationsAndTrustLapse(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "request")
		// The member runs a second organization with a space of its own.
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: w.member, Body: obj{"name": "Repair Café", "sector": "citizen_group"}})
		ts.Status(t, rec, 201)
		cafe := ts.JSON[obj](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: w.member, Body: obj{
			"title": "Workbench", "kind": "equipment", "organization_id": cafe, "bookable": true, "approval": "trusted", "trust_lapse_days": 30}})
		ts.Status(t, rec, 201)
		bench := ts.JSON[obj](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/bookings", Token: w.owner, Body: obj{"starts_at": slot(3, "10:00"), "ends_at": slot(3, "11:00")}})
		ts.Status(t, rec, 201)
		req := ts.JSON[obj](t, rec)
		if req["status"] != "requested" {
			t.Fatalf("the library's admin asks the café: %v", req)
		}
		// The library's admin may not decide the café's request for someone else,
		_, other := s.SignUp("other@example.org", "Other")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: other}), 201)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/bookings", Token: other, Body: obj{"starts_at": slot(4, "10:00"), "ends_at": slot(4, "11:00")}})
		otherReq := ts.JSON[obj](t, rec)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/bookings/" + otherReq + "/decision", Token: w.owner, Body: obj{"decision": "confirm"}}), 403)
		// nor change the café's resource, nor trust people for it.
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + bench, Token: w.owner, Body: obj{"title": "Mine", "kind": "equipment", "bookable": true, "approval": "open"}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/trust", Token: w.owner, Body: obj{"user_id": w.ownerID}}), 403)
		// The café's admin decides.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/bookings/" + otherReq + "/decision", Token: w.member, Body: obj{"decision": "confirm"}}), 200)

		// Trust for the workbench lets the library's admin book at once, until
		// it goes thirty days unused.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/trust", Token: w.member, Body: obj{"user_id": w.ownerID}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/trust", Token: w.member, Body: obj{"user_id": w.ownerID}}), 409)
		// A trusted person may not renew their own trust, nor take back trust
		// someone else gave.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/trust", Token: w.owner, Body: obj{"user_id": w.ownerID}}), 422)
		_, third := s.SignUp("third@example.org", "Third")
		thirdID := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: third}))["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: third}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/trust", Token: w.member, Body: obj{"user_id": thirdID}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/resources/" + bench + "/trust/" + thirdID, Token: w.owner}), 403)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/bookings", Token: w.owner, Body: obj{"starts_at": slot(5, "10:00"), "ends_at": slot(5, "11:00")}})
		if st := ts.JSON[obj](t, rec)["status"]; st != "confirmed" {
			t.Fatalf("trusted: %v", st)
		}
		later := time.Now().Add(31 * 24 * time.Hour)
		s.App.SetClock(func() time.Time { return later })
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + bench + "/bookings", Token: w.owner, Body: obj{"starts_at": slot(40, "10:00"), "ends_at": slot(40, "11:00")}})
		if st := ts.JSON[obj](t, rec)["status"]; st != "requested" {
			t.Fatalf("after a month unused the trust should have lapsed: %v", st)
		}
	})
}
