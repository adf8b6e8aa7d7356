package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The calendars a visitor takes away: the community's feed and "add to my
// calendar" on an activity's page, RFC 5545 on the wire (CRLF, the feed's
// own PRODID, DESCRIPTION without Markdown marks).
func TestActivityCalendars(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		api := func(method, path string, body map[string]any) map[string]any {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: owner, Body: body})
			if rec.Code >= 300 {
				t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
			}
			out := map[string]any{}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			return out
		}
		api("POST", "/api/v1/communities", map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London", "languages": []string{"en"}})
		id := api("POST", "/api/v1/communities/cwm/activities", map[string]any{"title": "Welsh for beginners", "kind": "course",
			"starts_at": slot(5, "18:00"), "ends_at": slot(5, "19:30"), "recurrence": "FREQ=WEEKLY;COUNT=3",
			"online_url": "https://meet.example.org/welsh", "description": "Dewch i ddysgu **Cymraeg**"})["id"].(string)

		get := func(path string) string {
			rec := s.Do(ts.Request{Method: "GET", Path: path})
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") {
				t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
			}
			body := rec.Body.String()
			if strings.Count(body, "\n") != strings.Count(body, "\r\n") {
				t.Errorf("%s: bare LF line ends", path)
			}
			if strings.Contains(body, "**") || !strings.Contains(body, "DESCRIPTION:Dewch i ddysgu Cymraeg\r\n") {
				t.Errorf("%s: DESCRIPTION is not plain text:\n%s", path, body)
			}
			return body
		}
		feed := get("/c/cwm/activities.ics")
		if !strings.Contains(feed, "PRODID:-//Commons//Activities//EN\r\n") || strings.Count(feed, "BEGIN:VEVENT") != 3 {
			t.Errorf("community feed:\n%s", feed)
		}
		page := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/activities/" + id}).Body.String()
		links := regexp.MustCompile(`/c/cwm/activities/`+id+`/(event|series)\.ics`).FindAllString(page, -1)
		if len(links) != 2 {
			t.Fatalf("add-to-calendar links on the page: %q", links)
		}
		if one := get(links[0]); strings.Count(one, "BEGIN:VEVENT") != 1 || !strings.Contains(one, "UID:"+id+"@commons") {
			t.Errorf("one occurrence:\n%s", one)
		}
		if all := get(links[1]); strings.Count(all, "BEGIN:VEVENT") != 3 || !strings.Contains(all, "PRODID:-//Commons//Activity//EN") {
			t.Errorf("the series:\n%s", all)
		}
		if rec := s.Do(ts.Request{Method: "GET", Path: "/c/cwm/activities/00000000-0000-0000-0000-000000000000/event.ics"}); rec.Code != http.StatusNotFound {
			t.Errorf("an unknown activity: %d", rec.Code)
		}
	})
}
