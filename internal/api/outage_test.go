package api_test

import (
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// While the database takes no connections, requests answer 503 with
// Retry-After — "try again soon" — not a 500 (issue 21), and the node
// serves again when the database is back.
func TestDatabaseOutageAnswers503(t *testing.T) {
	if os.Getenv("COMMONS_TEST_POSTGRES") == "" {
		t.Skip("needs PostgreSQL: an SQLite file inside the process does not go away")
	}
	st, dsn := storetest.OpenPostgres(t)
	s := ts.New(t, st)
	_, token := s.SignUp("ann@example.org", "Ann")
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities", Token: token}), 200)

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("pgx", os.Getenv("COMMONS_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`ALTER DATABASE "` + name + `" ALLOW_CONNECTIONS false`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name); err != nil {
		t.Fatal(err)
	}
	rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities", Token: token})
	ts.Status(t, rec, 503)
	if rec.Header().Get("Retry-After") == "" || ts.JSON[obj](t, rec)["error"].(obj)["code"] != "unavailable" {
		t.Fatalf("outage answer: %s %s", rec.Header(), rec.Body.String())
	}
	if rec := s.Do(ts.Request{Method: "GET", Path: "/c/cwm"}); rec.Code != 503 || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("a page in the outage: %d", rec.Code)
	}
	if _, err := admin.Exec(`ALTER DATABASE "` + name + `" ALLOW_CONNECTIONS true`); err != nil {
		t.Fatal(err)
	}
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities", Token: token}), 200)
}

// A wrong method on an API path answers 405 with Allow; an unknown path
// still answers 404.
func TestWrongMethodAnswers405(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		rec := s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities"})
		ts.Status(t, rec, 405)
		if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") || strings.Contains(allow, "DELETE") {
			t.Fatalf("Allow: %q", allow)
		}
		if code := ts.JSON[obj](t, rec)["error"].(obj)["code"]; code != "method_not_allowed" {
			t.Fatalf("code %v", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/no-such-thing"}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/no-such-thing"}), 404)
	})
}

// Starting an initiative answers with it as the next GET shows it: the
// starter as its lead and team (issue 21: the answer had them empty).
func TestCreateInitiativeAnswersInFull(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("ann@example.org", "Ann")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/initiatives", Token: token,
			Body: obj{"title": "Repair café", "summary": "Fix things together"}})
		ts.Status(t, rec, 201)
		created := ts.JSON[obj](t, rec)
		got := s.Do(ts.Request{Method: "GET", Path: "/api/v1/initiatives/" + created["id"].(string), Token: token})
		ts.Status(t, got, 200)
		if rec.Body.String() != got.Body.String() {
			t.Fatalf("the answer differs from the next GET:\n%s\n%s", rec.Body.String(), got.Body.String())
		}
	})
}

// The zero time and far-future times are named as out of range, not as
// missing or as "before the start" (issue 21).
func TestTimesOutOfRange(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("ann@example.org", "Ann")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		for _, q := range []string{
			"free_from=0001-01-01T00:00:00Z&free_to=2030-01-01T10:00:00Z",
			"free_from=2030-01-01T09:00:00Z&free_to=9999-12-31T23:59:59Z",
		} {
			rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources?" + q, Token: token})
			ts.Status(t, rec, 422)
			if msg := rec.Body.String(); !strings.Contains(msg, "between the years") {
				t.Fatalf("%s: %s", q, msg)
			}
		}
	})
}
