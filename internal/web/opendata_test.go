package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
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

// upload posts a file in a multipart form as the browser, with the other
// fields given as name, value pairs.
func (b *browser) upload(path, field, name, content string, fields ...string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write([]byte(content))
	mw.Close()
	var cs []*http.Cookie
	for _, c := range b.cookies {
		cs = append(cs, c)
	}
	rec := b.s.Do(ts.Request{Method: "POST", Path: path, Body: body.Bytes(), Cookies: cs,
		Header: map[string]string{"Content-Type": mw.FormDataContentType(), "Sec-Fetch-Site": "same-origin", "Accept-Language": b.lang}})
	for _, c := range rec.Result().Cookies() {
		b.cookies[c.Name] = c
	}
	return rec
}

// A room's stewards import its own calendar on its busy-times page: the
// times show busy in its feed and to visitors, a clash with a confirmed
// booking is listed for the stewards, and a broken file is refused with
// its reason beside the file field.
func TestImportBusyTimesPage(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		s.SignUp("visitor@example.org", "Vera")
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm", "time_zone": "Europe/London"}})
		ts.Status(t, rec, 201)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: owner, Body: map[string]any{"title": "Library room", "kind": "space",
			"bookable": true, "approval": "open"}})
		ts.Status(t, rec, 201)
		var room struct{ ID string }
		json.Unmarshal(rec.Body.Bytes(), &room)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + room.ID + "/bookings", Token: owner,
			Body: map[string]any{"starts_at": slot(3, "10:00"), "ends_at": slot(3, "11:00"), "purpose": "Choir"}})
		ts.Status(t, rec, 201)

		compact := func(s string) string { return strings.NewReplacer("-", "", ":", "").Replace(s) }
		file := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Library//EN\r\n" +
			"BEGIN:VEVENT\r\nUID:1\r\nDTSTART:" + compact(slot(3, "10:30")) + "\r\nDTEND:" + compact(slot(3, "12:00")) + "\r\nEND:VEVENT\r\n" +
			"END:VCALENDAR\r\n"
		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "owner@example.org", "password": "correct horse battery"})
		busy := "/c/cwm/resources/" + room.ID + "/busy"
		must(t, b.get(busy), `enctype="multipart/form-data"`, "Nothing imported.")
		if rec := b.upload(busy, "calendar", "rooms.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Mars/Base:20300101T100000\r\nSUMMARY:Choir\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "Mars/Base") || !strings.Contains(rec.Body.String(), `aria-invalid="true"`) {
			t.Fatalf("a file with an unknown zone: %d\n%s", rec.Code, rec.Body.String())
		}
		if rec := b.upload(busy, "calendar", "rooms.ics", file); rec.Code != http.StatusSeeOther {
			t.Fatalf("import: %d\n%s", rec.Code, rec.Body.String())
		}
		must(t, b.get(busy), "The calendar is imported.", "Bookings that clash", "Choir", "1 busy time from “rooms.ics”")

		v := newBrowser(t, s, "en")
		page := v.get(busy)
		must(t, page, "1 busy time from “rooms.ics”")
		if strings.Contains(page, "Choir") || strings.Contains(page, "multipart") {
			t.Error("a visitor sees the clash or the import form")
		}
		if rec := v.upload(busy, "calendar", "rooms.ics", file); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusForbidden {
			t.Errorf("a visitor imports: %d", rec.Code)
		}
		feed := s.Do(ts.Request{Method: "GET", Path: "/resources/" + room.ID + "/calendar.ics"}).Body.String()
		if strings.Count(feed, "BEGIN:VEVENT") != 2 || !strings.Contains(feed, "UID:busy-") {
			t.Errorf("the feed does not show the imported time:\n%s", feed)
		}
		if code, page := b.post(busy+"/clear", nil); code != http.StatusSeeOther || !strings.Contains(page, "Nothing imported.") {
			t.Errorf("clear: %d", code)
		}
	})
}
