package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Busy times through the API: a steward imports a room's calendar, which
// reports the clash with a confirmed booking and blocks new bookings; a
// member may not import; a visitor sees the times without the clash.
func TestBusyTimesAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, member := s.SignUp("member@example.org", "Mererid")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: owner,
			Body: map[string]any{"title": "Library room", "kind": "space", "bookable": true, "approval": "open"}})
		ts.Status(t, rec, 201)
		var room struct{ ID string }
		json.Unmarshal(rec.Body.Bytes(), &room)
		start := time.Now().UTC().Truncate(time.Hour).Add(72 * time.Hour)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + room.ID + "/bookings", Token: owner,
			Body: map[string]any{"starts_at": start, "ends_at": start.Add(time.Hour), "purpose": "Choir"}})
		ts.Status(t, rec, 201)

		f := func(t time.Time) string { return t.Format("20060102T150405Z") }
		file := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//L//EN\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:" + f(start.Add(30*time.Minute)) +
			"\r\nDTEND:" + f(start.Add(3*time.Hour)) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		busy := "/api/v1/resources/" + room.ID + "/busy"
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: busy, Token: member, Body: map[string]any{"calendar": file}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: busy, Body: map[string]any{"calendar": file}}), 401)
		rec = s.Do(ts.Request{Method: "PUT", Path: busy, Token: owner, Body: map[string]any{"calendar": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nRRULE:FREQ=SECONDLY\r\nDTSTART:20300101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"}})
		ts.Status(t, rec, 422)
		if !strings.Contains(rec.Body.String(), "hourly") {
			t.Errorf("the message does not say what to fix: %s", rec.Body.String())
		}
		rec = s.Do(ts.Request{Method: "PUT", Path: busy, Token: owner, Body: map[string]any{"calendar": file, "source": "rooms.ics"}})
		ts.Status(t, rec, 200)
		var got struct {
			Periods   int
			Conflicts []struct {
				BookingID string `json:"booking_id"`
			}
		}
		json.Unmarshal(rec.Body.Bytes(), &got)
		if got.Periods != 1 || len(got.Conflicts) != 1 {
			t.Fatalf("import: %s", rec.Body.String())
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + room.ID + "/bookings", Token: member,
			Body: map[string]any{"starts_at": start.Add(2 * time.Hour), "ends_at": start.Add(150 * time.Minute), "purpose": "Quiz"}})
		ts.Status(t, rec, 409)

		rec = s.Do(ts.Request{Method: "GET", Path: busy})
		ts.Status(t, rec, 200)
		if b := rec.Body.String(); !strings.Contains(b, `"source":"rooms.ics"`) || strings.Contains(b, "conflicts") {
			t.Errorf("a visitor's view: %s", b)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: busy, Token: member}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: busy, Token: owner}), 204)
	})
}
