package api_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

type obj = map[string]any

func forEach(t *testing.T, fn func(t *testing.T, s *ts.Server)) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) { fn(t, ts.New(t, st)) })
}

// The rows of API.md for users, tokens, me, communities, members and
// organizations, walked in order.
func TestContractRows(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/users", Body: obj{"email": "Carys@Example.org", "name": "Carys", "password": "a long passphrase", "locale": "ru"}})
		ts.Status(t, rec, 201)
		u := ts.JSON[obj](t, rec)
		if u["email"] != "Carys@Example.org" || u["name"] != "Carys" || u["locale"] != "ru" || u["id"] == "" {
			t.Fatalf("user: %v", u)
		}
		if _, ok := u["password"]; ok {
			t.Fatal("the answer shows the password")
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "carys@example.ORG", "password": "a long passphrase"}})
		ts.Status(t, rec, 201)
		token := ts.JSON[obj](t, rec)["token"].(string)
		if !strings.HasPrefix(token, "cmn_") {
			t.Fatalf("token %q", token)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token})
		ts.Status(t, rec, 200)
		if me := ts.JSON[obj](t, rec); me["id"] != u["id"] {
			t.Fatalf("me: %v", me)
		}

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token,
			Body: obj{"slug": "cwm", "name": "Cwm Tawel", "description": "A valley", "languages": []string{"cy", "en"}}})
		ts.Status(t, rec, 201)
		c := ts.JSON[obj](t, rec)
		if c["slug"] != "cwm" || fmt.Sprint(c["languages"]) != "[cy en]" || c["time_zone"] != "Europe/London" || c["trust_threshold"] != nil {
			t.Fatalf("community: %v", c)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities"})
		ts.Status(t, rec, 200)
		list := ts.JSON[obj](t, rec)
		if items := list["items"].([]any); len(items) != 1 || list["next_cursor"] != nil {
			t.Fatalf("list: %v", list)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm"}), 200)

		creatorID := u["id"].(string)
		// People are private to their community: to a visitor the creator
		// is not there until they make their profile public.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/members/" + creatorID}), 404)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/members/" + creatorID, Token: token})
		ts.Status(t, rec, 200)
		m := ts.JSON[obj](t, rec)
		if fmt.Sprint(m["roles"]) != "[member editor steward]" || m["user_id"] != creatorID || m["name"] != "Carys" {
			t.Fatalf("creator: %v", m)
		}
		if _, ok := m["trust_received"].(map[string]any); !ok {
			t.Fatalf("trust_received: %v", m)
		}

		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: token,
			Body: obj{"name": "Cwm Tawel Learning Community", "time_zone": "Europe/Kyiv", "trust_threshold": 2, "requires_application": true}})
		ts.Status(t, rec, 200)
		c = ts.JSON[obj](t, rec)
		if c["name"] != "Cwm Tawel Learning Community" || c["trust_threshold"] != float64(2) || c["requires_application"] != true || c["time_zone"] != "Europe/Kyiv" || c["description"] != "A valley" {
			t.Fatalf("patched: %v", c)
		}
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: token, Body: obj{"trust_threshold": nil}})
		ts.Status(t, rec, 200)
		if c = ts.JSON[obj](t, rec); c["trust_threshold"] != nil {
			t.Fatalf("threshold not reset: %v", c)
		}

		// Joining by application: 202, then an editor admits.
		applicantID, applicantToken := s.SignUp("gareth@example.org", "Gareth")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: applicantToken, Body: obj{"application": "I run the library"}}), 202)
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: applicantToken, Body: obj{"name": "Mine"}}), 403)
		// Only the applicant and editors see an application.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/members/" + applicantID}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/members/" + applicantID, Token: applicantToken}), 200)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/applications", Token: token})
		ts.Status(t, rec, 200)
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 1 {
			t.Fatalf("applications: %v", items)
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + applicantID + "/decision", Token: token, Body: obj{"decision": "admit"}})
		ts.Status(t, rec, 200)
		if m := ts.JSON[obj](t, rec); m["status"] != "active" || fmt.Sprint(m["roles"]) != "[newcomer]" {
			t.Fatalf("admitted: %v", m)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + applicantID + "/decision", Token: token, Body: obj{"decision": "admit"}}), 409)

		// Open joining: 201.
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: token, Body: obj{"requires_application": false}}), 200)
		_, openToken := s.SignUp("eleri@example.org", "Eleri")
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: openToken})
		ts.Status(t, rec, 201)
		if st := ts.JSON[obj](t, rec)["status"]; st != "active" {
			t.Fatalf("join status %v", st)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: openToken}), 409)

		// Organizations.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: applicantToken,
			Body: obj{"name": "Cwm Library", "sector": "culture", "description": "Books and a makerspace", "website": "https://library.example", "email": "lib@example.org", "address": "Heol y Glowyr 2"}})
		ts.Status(t, rec, 201)
		org := ts.JSON[obj](t, rec)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: token,
			Body: obj{"name": "Town Council", "sector": "public_authority"}})
		ts.Status(t, rec, 201)
		for query, want := range map[string]int{"": 2, "?sector=culture": 1, "?q=makerspace": 1, "?q=council&sector=culture": 0, "?limit=1": 1} {
			rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/organizations" + query})
			ts.Status(t, rec, 200)
			if got := len(ts.JSON[obj](t, rec)["items"].([]any)); got != want {
				t.Errorf("organizations%s: %d items, want %d", query, got, want)
			}
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/organizations/" + org["id"].(string)})
		ts.Status(t, rec, 200)
		if got := ts.JSON[obj](t, rec); got["name"] != "Cwm Library" || got["sector"] != "culture" || got["member_count"] != float64(1) {
			t.Fatalf("organization: %v", got)
		}
		// Only its admins edit it.
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/organizations/" + org["id"].(string), Token: token, Body: obj{"name": "Mine"}}), 403)
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/organizations/" + org["id"].(string), Token: applicantToken, Body: obj{"sector": "education"}})
		ts.Status(t, rec, 200)
		if got := ts.JSON[obj](t, rec); got["sector"] != "education" || got["name"] != "Cwm Library" {
			t.Fatalf("patched organization: %v", got)
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/organizations/" + org["id"].(string) + "/members", Token: applicantToken,
			Body: obj{"user_id": creatorID, "role": "admin"}})
		ts.Status(t, rec, 200)
		if items := ts.JSON[obj](t, rec)["items"].([]any); len(items) != 2 {
			t.Fatalf("org members: %v", items)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/organizations/" + org["id"].(string) + "/members/" + applicantID, Token: applicantToken}), 204)

		// Tokens can be listed and revoked.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/tokens", Token: token})
		ts.Status(t, rec, 200)
		toks := ts.JSON[obj](t, rec)["items"].([]any)
		if len(toks) != 1 {
			t.Fatalf("tokens: %v", toks)
		}
		if _, leaked := toks[0].(obj)["token"]; leaked {
			t.Fatal("token list shows secrets")
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/tokens/" + toks[0].(obj)["id"].(string), Token: token}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token}), 401)
	})
}

// One request for each error status of the contract, with its error shape.
func TestErrorStatuses(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		_, other := s.SignUp("other@example.org", "Other")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town"}}), 201)
		cases := []struct {
			name   string
			req    ts.Request
			status int
			code   string
			field  string
		}{
			{"malformed JSON", ts.Request{Method: "POST", Path: "/api/v1/users", Body: `{"email": `}, 400, "bad_request", ""},
			{"wrong type", ts.Request{Method: "POST", Path: "/api/v1/users", Body: `{"email": 5, "name": "x", "password": "long enough!"}`}, 400, "bad_request", "email"},
			{"no token", ts.Request{Method: "GET", Path: "/api/v1/me"}, 401, "unauthenticated", ""},
			{"bad token", ts.Request{Method: "GET", Path: "/api/v1/communities", Token: "cmn_nope"}, 401, "unauthenticated", ""},
			{"not an editor", ts.Request{Method: "PATCH", Path: "/api/v1/communities/town", Token: other, Body: obj{"name": "X"}}, 403, "forbidden", ""},
			{"no community", ts.Request{Method: "GET", Path: "/api/v1/communities/nowhere"}, 404, "not_found", ""},
			{"no route", ts.Request{Method: "GET", Path: "/api/v1/nothing-here"}, 404, "not_found", ""},
			{"taken e-mail", ts.Request{Method: "POST", Path: "/api/v1/users", Body: obj{"email": "OWNER@example.org", "name": "Again", "password": "long enough!"}}, 409, "conflict", "email"},
			{"taken slug", ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town 2"}}, 409, "conflict", "slug"},
			{"too large", ts.Request{Method: "POST", Path: "/api/v1/users", Body: `{"name": "` + strings.Repeat("a", 2<<20) + `"}`}, 413, "too_large", ""},
			{"invalid", ts.Request{Method: "POST", Path: "/api/v1/users", Body: obj{"email": "not-an-address", "name": "", "password": "short"}}, 422, "invalid", "email"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				rec := s.Do(tc.req)
				ts.Status(t, rec, tc.status)
				e := ts.JSON[obj](t, rec)["error"].(obj)
				if e["code"] != tc.code || e["message"] == "" {
					t.Fatalf("error: %v", e)
				}
				if tc.field != "" {
					if f, _ := e["fields"].(obj); f[tc.field] == nil {
						t.Fatalf("error does not name field %q: %v", tc.field, e)
					}
				}
			})
		}
		t.Run("rate limited", func(t *testing.T) {
			var rec interface{ Result() *http.Response }
			for i := range 6 {
				r := s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "owner@example.org", "password": "wrong password"}})
				if i < 5 {
					ts.Status(t, r, 401)
				}
				rec = r
			}
			r := rec.Result()
			if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" {
				t.Fatalf("sixth failed sign-in: %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
			}
			// Even the right password waits until the window has passed.
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "owner@example.org", "password": "correct horse battery"}}), 429)
			// Per address too: another account from the same address is not limited yet.
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "other@example.org", "password": "correct horse battery"}}), 201)
		})
		t.Run("messages follow Accept-Language", func(t *testing.T) {
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/nowhere", Header: map[string]string{"Accept-Language": "ru"}})
			msg := ts.JSON[obj](t, rec)["error"].(obj)["message"].(string)
			if msg != s.Catalog.Localizer("ru").T("error.not_found") {
				t.Fatalf("message %q is not the Russian one", msg)
			}
		})
	})
}

// Every write endpoint, fed the bad input of the foundation issue: each
// answer is a 4xx or a success that stored the text verbatim, never a 5xx,
// and a refused request writes nothing.
func TestBadInputOnEveryWriteEndpoint(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		ownerID, token := s.SignUp("owner@example.org", "Owner")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/town/organizations", Token: token, Body: obj{"name": "Org", "sector": "ngo"}})
		ts.Status(t, rec, 201)
		orgID := ts.JSON[obj](t, rec)["id"].(string)
		_, joiner := s.SignUp("joiner@example.org", "Joiner")
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/town/resources", Token: token,
			Body: obj{"title": "Hall", "kind": "space", "bookable": true, "approval": "open"}})
		ts.Status(t, rec, 201)
		resID := ts.JSON[obj](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/resources/" + resID + "/bookings", Token: token,
			Body: obj{"starts_at": slot(9, "10:00"), "ends_at": slot(9, "11:00")}})
		ts.Status(t, rec, 201)
		bookingID := ts.JSON[obj](t, rec)["id"].(string)

		type endpoint struct {
			method, path, token string
			valid               obj            // a body that succeeds
			text                []string       // its free-text fields
			required            []string       // fields that may not be empty
			invalid             map[string]any // a value that breaks a rule, per field
		}
		n := 0
		unique := func() string { n++; return fmt.Sprintf("u%d", n) }
		endpoints := []endpoint{
			{"POST", "/api/v1/users", "", obj{"email": "x@example.org", "name": "Name", "password": "long enough!"}, []string{"name"},
				[]string{"email", "name", "password"}, map[string]any{"email": "no-at-sign", "locale": "xx", "password": "short"}},
			{"POST", "/api/v1/tokens", "", obj{"email": "owner@example.org", "password": "correct horse battery", "label": "L"}, []string{"label"}, nil, nil},
			{"PATCH", "/api/v1/me", token, obj{"name": "Owner"}, []string{"name"}, []string{"name"}, map[string]any{"locale": "xx"}},
			{"POST", "/api/v1/communities", token, obj{"slug": "s", "name": "N", "description": "D"}, []string{"name", "description"},
				[]string{"slug", "name"}, map[string]any{"slug": "Not A Slug!", "time_zone": "Mars/Olympus", "languages": []string{"not a language!!"}}},
			{"PATCH", "/api/v1/communities/town", token, obj{"name": "Town"}, []string{"name", "description"},
				[]string{"name", "time_zone"}, map[string]any{"time_zone": "Local", "languages": []string{}, "trust_threshold": 0}},
			{"POST", "/api/v1/communities/town/members", joiner, obj{"application": "hi"}, []string{"application"}, nil, nil},
			{"POST", "/api/v1/communities/town/organizations", token, obj{"name": "N", "sector": "ngo"}, []string{"name", "description", "address"},
				[]string{"name", "sector"}, map[string]any{"sector": "church", "website": "javascript:alert(1)", "email": "nope"}},
			{"PATCH", "/api/v1/organizations/" + orgID, token, obj{"name": "Org"}, []string{"name", "description", "address"},
				[]string{"name", "sector"}, map[string]any{"sector": "church", "website": "ftp://x", "email": "a@b"}},
			{"POST", "/api/v1/organizations/" + orgID + "/members", token, obj{"user_id": ownerID, "role": "admin"}, nil,
				[]string{"role"}, map[string]any{"role": "owner", "user_id": "no-such-person"}},
			{"POST", "/api/v1/communities/town/members/" + ownerID + "/decision", token, obj{"decision": "admit"}, nil,
				[]string{"decision"}, map[string]any{"decision": "maybe"}},
			{"POST", "/api/v1/communities/town/resources", token, obj{"title": "R", "kind": "space", "bookable": true, "approval": "open"},
				[]string{"title", "description", "terms_note"}, []string{"title", "kind"},
				map[string]any{"kind": "castle", "approval": "maybe", "terms": "gift", "accessibility": []string{"lift"}, "capacity": 0,
					"max_hours_per_week": 500, "location": obj{"latitude": 100, "longitude": 0}, "organization_id": "no-such-org"}},
			{"PUT", "/api/v1/resources/" + resID, token, obj{"title": "Hall", "kind": "space", "bookable": true, "approval": "open"},
				[]string{"title", "description"}, []string{"title", "kind"}, map[string]any{"kind": "castle", "trust_lapse_days": -1}},
			{"PUT", "/api/v1/resources/" + resID + "/availability", token, obj{"hours": []obj{}}, nil, nil,
				map[string]any{"hours": []obj{{"weekday": 9, "opens": "09:00", "closes": "10:00"}},
					"closed": []obj{{"day": "someday"}}}},
			{"POST", "/api/v1/resources/" + resID + "/bookings", joiner, obj{"starts_at": slot(10, "10:00"), "ends_at": slot(10, "11:00")},
				[]string{"purpose"}, []string{"starts_at", "ends_at"},
				map[string]any{"starts_at": "2030-01-01T10:00:00", "ends_at": "tomorrow", "recurrence": obj{"every_weeks": 1}}},
			{"PATCH", "/api/v1/bookings/" + bookingID, token, obj{"starts_at": slot(11, "10:00"), "ends_at": slot(11, "11:00")}, nil,
				[]string{"starts_at", "ends_at"}, map[string]any{"starts_at": "soon"}},
			{"POST", "/api/v1/bookings/" + bookingID + "/decision", token, obj{"decision": "confirm"}, []string{"reason"},
				[]string{"decision"}, map[string]any{"decision": "maybe"}},
			{"POST", "/api/v1/resources/" + resID + "/trust", token, obj{"user_id": ownerID}, nil, nil, map[string]any{"user_id": "nobody"}},
		}
		with := func(body obj, field string, value any) obj {
			out := obj{}
			for k, v := range body {
				out[k] = v
			}
			out[field] = value
			if _, ok := out["slug"]; ok && field != "slug" {
				out["slug"] = unique()
			}
			if e, ok := out["email"].(string); ok && field != "email" && strings.HasPrefix(e, "x@") {
				out["email"] = unique() + "@example.org"
			}
			return out
		}
		hostile := []string{
			"'; DROP TABLE users; --",
			`<script>alert("x")</script><img src=x onerror=alert(1)>`,
			"Cyfarchion 👋🏽 Привет — ünïcødé",
			`" OR 1=1 -- \ % _`,
		}
		for _, ep := range endpoints {
			t.Run(ep.method+" "+ep.path, func(t *testing.T) {
				send := func(body any) int {
					t.Helper()
					rec := s.Do(ts.Request{Method: ep.method, Path: ep.path, Token: ep.token, Body: body})
					if rec.Code >= 500 {
						t.Fatalf("%v → %d %s", body, rec.Code, rec.Body.String())
					}
					if rec.Code >= 400 {
						e, ok := ts.JSON[obj](t, rec)["error"].(obj)
						if !ok || e["code"] == "" || e["message"] == "" {
							t.Fatalf("%v → %d without the error shape: %s", body, rec.Code, rec.Body.String())
						}
					}
					return rec.Code
				}
				for _, bad := range []struct {
					name   string
					body   any
					status int
				}{
					{"malformed", `{"name": "x"`, 400},
					{"not an object", `["a"]`, 400},
					{"two objects", `{} {}`, 400},
					{"unknown field", `{"nonsense": 1}`, 400},
					{"invalid UTF-8", []byte("{\"name\": \"\xff\xfe\"}"), 400},
					{"2 MiB", `{"name": "` + strings.Repeat("é", 1<<20) + `"}`, 413},
				} {
					if got := send(bad.body); got != bad.status {
						t.Errorf("%s: %d, want %d", bad.name, got, bad.status)
					}
				}
				for _, f := range ep.text {
					for _, v := range []string{strings.Repeat("n", 20001), "nul\x00byte", "bell\a"} {
						if got := send(with(ep.valid, f, v)); got != 422 {
							t.Errorf("%s=%.20q: %d, want 422", f, v, got)
						}
					}
					if got := send(with(ep.valid, f, 12)); got != 400 {
						t.Errorf("%s as a number: %d, want 400", f, got)
					}
				}
				for _, f := range ep.required {
					if got := send(with(ep.valid, f, "")); got != 422 {
						t.Errorf("%s empty: %d, want 422", f, got)
					}
					if got := send(with(ep.valid, f, "   ")); got != 422 && f != "password" {
						t.Errorf("%s blank: %d, want 422", f, got)
					}
				}
				for f, v := range ep.invalid {
					if got := send(with(ep.valid, f, v)); got != 422 {
						t.Errorf("%s=%v: %d, want 422", f, v, got)
					}
				}
				// Hostile but valid text is stored verbatim and answered as JSON.
				for _, f := range ep.text {
					for _, h := range hostile {
						rec := s.Do(ts.Request{Method: ep.method, Path: ep.path, Token: ep.token, Body: with(ep.valid, f, h)})
						if rec.Code >= 500 {
							t.Fatalf("%s=%q → %d", f, h, rec.Code)
						}
						if rec.Code < 300 && rec.Code != 204 && strings.Contains(rec.Body.String(), "<script>") {
							t.Fatalf("%s: JSON answer carries unescaped HTML: %s", f, rec.Body.String())
						}
					}
				}
			})
		}
		// Nothing was half-written: the only community and organization are
		// the ones made above, plus those made by the hostile-text rounds.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities?limit=200"})
		for _, c := range ts.JSON[obj](t, rec)["items"].([]any) {
			name := c.(obj)["name"].(string)
			if strings.Contains(name, "\x00") || len(name) > 200 {
				t.Fatalf("a refused community was stored: %q", name)
			}
		}
	})
}

// Hostile text comes back exactly as it was sent.
func TestTextIsStoredVerbatim(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		name := `<b>Côr</b> 'Meibion' "Cwm" 🎶 %_\ ; DROP TABLE communities`
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "cor", "name": name}})
		ts.Status(t, rec, 201)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cor"})
		if got := ts.JSON[obj](t, rec)["name"]; got != name {
			t.Fatalf("name came back as %q", got)
		}
	})
}

// People clicking at once: of many sign-ups with one address, exactly one
// succeeds and the rest are told it is taken.
func TestConcurrentSignUps(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		const n = 12
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = s.Do(ts.Request{Method: "POST", Path: "/api/v1/users",
					Body: obj{"email": fmt.Sprintf("Same%s@example.org", strings.Repeat("", i)), "name": "Same", "password": "long enough!"}}).Code
			}()
		}
		wg.Wait()
		created := 0
		for _, c := range codes {
			switch c {
			case 201:
				created++
			case 409:
			default:
				t.Fatalf("status %d among %v", c, codes)
			}
		}
		if created != 1 {
			t.Fatalf("%d sign-ups succeeded: %v", created, codes)
		}
	})
}

func TestPaging(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		for i := range 5 {
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": fmt.Sprintf("c%d", i), "name": fmt.Sprintf("C%d", i)}}), 201)
		}
		seen := 0
		path := "/api/v1/communities?limit=2"
		for path != "" {
			rec := s.Do(ts.Request{Method: "GET", Path: path})
			ts.Status(t, rec, 200)
			page := ts.JSON[obj](t, rec)
			seen += len(page["items"].([]any))
			path = ""
			if next, ok := page["next_cursor"].(string); ok {
				path = "/api/v1/communities?limit=2&cursor=" + next
			}
		}
		if seen != 5 {
			t.Fatalf("paged through %d communities, want 5", seen)
		}
		for _, q := range []string{"?limit=0", "?limit=x", "?cursor=%%%", "?cursor=bm9wZQ"} {
			ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities" + strings.ReplaceAll(q, "%%%", "%25%25")}), 400)
		}
	})
}

// Paths, queries and credentials with a NUL byte, invalid UTF-8 or absurd
// length are the caller's fault on both engines: a 4xx, never a 5xx.
func TestHostilePathsQueriesAndCredentials(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "town", "name": "Town"}}), 201)
		for _, r := range []ts.Request{
			{Method: "GET", Path: "/api/v1/organizations/%00"},
			{Method: "GET", Path: "/api/v1/communities/%FF"},
			{Method: "GET", Path: "/api/v1/communities/town/members/%00"},
			{Method: "GET", Path: "/api/v1/communities/town/organizations?q=%00"},
			{Method: "GET", Path: "/api/v1/communities/town/organizations?q=%FF%FE"},
			{Method: "GET", Path: "/api/v1/communities?cursor=WyJcdTAwMDAiLCJ4Il0"},
			{Method: "GET", Path: "/c/%FF"},
			{Method: "GET", Path: "/c/town/organizations/%00"},
			{Method: "GET", Path: "/c/town/organizations?sector=%00"},
			{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "a\u0000@example.org", "password": "x"}},
			{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": strings.Repeat("a", 9000) + "@example.org", "password": "x"}},
			{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "owner@example.org", "password": strings.Repeat("p", 100000)}},
			{Method: "POST", Path: "/signin", Form: map[string]string{"email": "a\x00b", "password": "x"}, Header: map[string]string{"Sec-Fetch-Site": "same-origin"}},
			{Method: "GET", Path: "/api/v1/me", Token: "cmn_\x00"},
			{Method: "GET", Path: "/", Header: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}},
		} {
			rec := s.Do(r)
			if rec.Code >= 500 {
				t.Errorf("%s %s → %d %s", r.Method, r.Path, rec.Code, rec.Body.String())
			}
		}
		// A Basic header from a proxy's password prompt is not an API token.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/", Header: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Header: map[string]string{"Authorization": "bearer " + token}}), 200)
	})
}

// Many wrong passwords at once get no more tries than the limit allows.
func TestConcurrentSignInAttemptsHitTheLimit(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		s.SignUp("huw@example.org", "Huw")
		const n = 20
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "huw@example.org", "password": "wrong password"}}).Code
			}()
		}
		wg.Wait()
		count := map[int]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[401] != 5 || count[429] != n-5 {
			t.Fatalf("statuses %v, want 5×401 and %d×429", count, n-5)
		}
	})
}
