package api_test

import (
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Archiving through the API: a booking to come refuses it (409 listing
// the slot); an archived resource is answered at its address with
// archived_at, left out of the directory, refused for booking; restoring
// brings it back. Organizations and initiatives answer the same verbs.
func TestArchiveThroughTheAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		code, b := w.book(w.member, slot(3, "10:00"), slot(3, "11:00"))
		if code != 201 {
			t.Fatalf("book: %d %v", code, b)
		}
		path := "/api/v1/resources/" + w.room + "/archive"
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: path, Token: w.member}), 403)
		rec := s.Do(ts.Request{Method: "PUT", Path: path, Token: w.owner})
		ts.Status(t, rec, 409)
		if got, _ := ts.JSON[obj](t, rec)["error"].(obj)["conflicts"].([]any); len(got) != 1 {
			t.Fatalf("refusal lists %v, want the one booking", got)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/bookings/" + b["id"].(string), Token: w.owner}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: path, Token: w.owner}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: path, Token: w.owner}), 409)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + w.room})
		ts.Status(t, rec, 200)
		if ts.JSON[obj](t, rec)["archived_at"] == nil {
			t.Fatal("an archived resource without archived_at")
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources"})
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 0 {
			t.Fatalf("the directory lists %d archived resources", len(items))
		}
		if code, _ := w.book(w.member, slot(4, "10:00"), slot(4, "11:00")); code != 409 {
			t.Fatalf("booking an archived resource: %d, want 409", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: path, Token: w.owner}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: path, Token: w.owner}), 409)
		if code, _ := w.book(w.member, slot(4, "10:00"), slot(4, "11:00")); code != 201 {
			t.Fatalf("booking a restored resource: %d", code)
		}

		org := "/api/v1/organizations/" + w.library + "/archive"
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: org}), 401)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: org, Token: w.member}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: org, Token: w.owner}), 204)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/organizations"})
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 0 {
			t.Fatalf("the directory lists %d archived organizations", len(items))
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: org, Token: w.owner}), 204)

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/initiatives", Token: w.member, Body: obj{"title": "Seed swap", "summary": "Seeds each spring"}})
		ts.Status(t, rec, 201)
		iniID := ts.JSON[obj](t, rec)["id"].(string)
		ini := "/api/v1/initiatives/" + iniID + "/archive"

		// Its team edits a need and removes it; nobody pledged, so it goes.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/initiatives/" + iniID + "/needs", Token: w.member, Body: obj{"kind": "time", "description": "Helpers"}})
		ts.Status(t, rec, 201)
		need := "/api/v1/needs/" + ts.JSON[obj](t, rec)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: need, Token: w.owner, Body: obj{"kind": "time", "description": "Two helpers"}}), 403)
		rec = s.Do(ts.Request{Method: "PUT", Path: need, Token: w.member, Body: obj{"kind": "time", "description": "Two helpers", "quantity": 2}})
		ts.Status(t, rec, 200)
		if got := ts.JSON[obj](t, rec)["description"]; got != "Two helpers" {
			t.Fatalf("edited need: %v", got)
		}
		rec = s.Do(ts.Request{Method: "DELETE", Path: need, Token: w.member})
		ts.Status(t, rec, 200)
		if ts.JSON[obj](t, rec)["withdrawn"] != false {
			t.Fatal("a need without pledges was kept")
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: need, Token: w.member}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: ini, Token: w.owner}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: ini, Token: w.member}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: ini, Token: w.member}), 204)
	})
}
