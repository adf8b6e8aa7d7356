package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// CSV import through the API: a dry run, an apply, the export that imports
// back unchanged, and each bad input answered 4xx with a message.
func TestCSVImportAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, member := s.SignUp("member@example.org", "Mererid")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		csv := func(body string) map[string]string { return map[string]string{"Content-Type": "text/csv"} }
		imp := "/api/v1/communities/cwm/imports/organizations"
		file := "Organisation;Sector;Colour\nLibrary;culture;red\nLibrary;culture;blue\n"

		var rep struct {
			Applied bool
			Created int
			Columns []struct{ Header, Field string }
			Rows    []struct {
				Outcome  string
				Problems []struct{ Column, Message string }
			}
		}
		rec := s.Do(ts.Request{Method: "POST", Path: imp + "?map=Organisation=name", Token: owner, Body: []byte(file), Header: csv(file)})
		ts.Status(t, rec, 200)
		json.Unmarshal(rec.Body.Bytes(), &rep)
		if rep.Applied || rep.Created != 1 || rep.Rows[1].Outcome != "refused" || !strings.Contains(rep.Rows[1].Problems[0].Message, "row 1") ||
			rep.Columns[2].Field != "" {
			t.Fatalf("dry run: %s", rec.Body.String())
		}
		rec = s.Do(ts.Request{Method: "POST", Path: imp + "?dry_run=false&mode=skip", Token: owner, Body: []byte(file), Header: csv(file)})
		ts.Status(t, rec, 200)
		json.Unmarshal(rec.Body.Bytes(), &rep)
		if !rep.Applied || rep.Created != 1 {
			t.Fatalf("apply: %s", rec.Body.String())
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/exports/organizations.csv"})
		ts.Status(t, rec, 200)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !strings.Contains(rec.Body.String(), "Library,culture") {
			t.Fatalf("export: %s", rec.Body.String())
		}
		exported := rec.Body.Bytes()
		rec = s.Do(ts.Request{Method: "POST", Path: imp, Token: owner, Body: exported, Header: csv("")})
		if !strings.Contains(rec.Body.String(), `"unchanged":1`) {
			t.Errorf("round trip: %s", rec.Body.String())
		}

		for _, c := range []struct {
			name, path, token string
			body              []byte
			status            int
			says              string
		}{
			{"visitor", imp, "", []byte(file), 401, ""},
			{"member", imp, member, []byte(file), 403, ""},
			{"unknown kind", "/api/v1/communities/cwm/imports/spaceships", owner, []byte(file), 404, ""},
			{"unknown community", "/api/v1/communities/nowhere/imports/organizations", owner, []byte(file), 404, ""},
			{"50 MB", imp, owner, bytes.Repeat([]byte("a,b\n"), 50<<20/4), 413, "10 MB"},
			{"binary", imp, owner, []byte("name\n\x00"), 422, "not a CSV"},
			{"no key column", imp, owner, []byte("colour\nred\n"), 422, "name"},
			{"bad mode", imp + "?mode=some", owner, []byte(file), 422, `"mode"`},
			{"bad map", imp + "?map=nothing", owner, []byte(file), 400, "map"},
			{"unknown field", imp + "?map=Colour=shoe_size", owner, []byte(file), 422, "shoe_size"},
			{"bad quotes", imp, owner, []byte("name\n\"open\n"), 422, "line"},
			{"unknown export", "/api/v1/communities/cwm/exports/people.csv", owner, nil, 404, ""},
		} {
			method := "POST"
			if c.body == nil {
				method = "GET"
			}
			rec := s.Do(ts.Request{Method: method, Path: c.path, Token: c.token, Body: c.body, Header: csv("")})
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.says) {
				t.Errorf("%s: %d %.300s, want %d saying %q", c.name, rec.Code, rec.Body.String(), c.status, c.says)
			}
		}
	})
}

// Activities and members through the API: a dry run says why a row is
// refused or unchanged, an apply writes, and the members export holds no
// member's address.
func TestCSVImportActivitiesMembersAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		_, member := s.SignUp("member@example.org", "Mererid")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		csv := map[string]string{"Content-Type": "text/csv"}
		acts := "title,starts,ends,online_url,cost\n" +
			"Welsh,2099-01-01 18:00,2099-01-01 19:00,https://meet.example.org/w,\n" +
			"Choir,2030-01-01 18:00,2030-01-01 19:00,https://meet.example.org/c,lots\n"
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/imports/activities", Token: owner, Body: []byte(acts), Header: csv})
		ts.Status(t, rec, 200)
		if body := rec.Body.String(); !strings.Contains(body, `"kind":"activities"`) || strings.Count(body, `"outcome":"refused"`) != 2 ||
			!strings.Contains(body, `"column":"cost"`) || !strings.Contains(body, `"column":"starts"`) {
			t.Fatalf("activities dry run: %s", body)
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/imports/activities", Token: member, Body: []byte(acts), Header: csv})
		ts.Status(t, rec, 403)

		people := "email,name\nnew@example.org,New\nmember@example.org,\n"
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/imports/members?dry_run=false", Token: owner, Body: []byte(people), Header: csv})
		ts.Status(t, rec, 200)
		if body := rec.Body.String(); !strings.Contains(body, `"applied":true`) || !strings.Contains(body, `"created":1`) ||
			!strings.Contains(body, `"note":"Already a member."`) {
			t.Fatalf("members: %s", body)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/exports/members.csv", Token: owner})
		ts.Status(t, rec, 200)
		if body := rec.Body.String(); !strings.Contains(body, ",Mererid,") || strings.Contains(body, "member@") ||
			!strings.Contains(body, "new@example.org,,member,,invited") {
			t.Fatalf("members export: %s", body)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/exports/members.csv", Token: member})
		if body := rec.Body.String(); strings.Contains(body, "@") {
			t.Fatalf("a member's export shows an address: %s", body)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/exports/activities.csv"})
		ts.Status(t, rec, 200)
		if !strings.HasPrefix(rec.Body.String(), "id,title,kind,") {
			t.Fatalf("activities export: %s", rec.Body.String())
		}
	})
}
