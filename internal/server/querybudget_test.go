package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// queryBudget is what each main page may cost in database statements, for
// a visitor and for a member, on the demo — counted, not timed, so the
// same on every machine. Authentication is part of the cost (a member's
// token is one statement). docs/PERFORMANCE.md keeps the table, before
// and after; a change that reads per item fails here.
var queryBudget = []struct {
	page            string
	visitor, member int64
}{
	// A page that shows things' titles reads their translations into the
	// reader's language in one statement (issue 23): the +1 below.
	{"community home", 8 + 1, 12 + 1},
	{"resources", 3 + 1, 6 + 1},
	{"organizations", 2 + 1, 6 + 1},
	{"initiatives", 6 + 1, 9 + 1},
	{"activities", 2 + 1, 6 + 1},
	{"an activity", 5 + 1, 11 + 1},
	{"an initiative", 9 + 1, 15 + 1},
	{"a resource's week", 6 + 1, 12 + 1},
	{"a member", 5, 9},
	{"search", 9, 14},
	{"a thread", 4, 8 + 1 + 1}, // + whether the reader stopped its notifications (thread_mutes)
	{"notifications", 0, 4},    // + the reader's first community, for their time zone
	// The annual report (issue 17): the Profile, the latest round and the
	// one before (for the change), the selected stories per cycle, each
	// computed indicator once per source and period (space hours: four
	// quarters), the partnerships and the partner reports. Bounded by the
	// indicators and cycles, not by the records they count; measured on
	// the demo, both engines. The Profile's versions and the rounds are
	// each read three times: room to save.
	{"the impact report", 38, 41},
}

// TestQueriesPerPage holds each main page to its query budget, on both
// engines. With COMMONS_QUERY_REGION naming a generated region's SQLite
// file (a copy: the test signs in, which writes), it only reports the
// counts there, for docs/PERFORMANCE.md.
func TestQueriesPerPage(t *testing.T) {
	// The budget is what a page costs to draw: a cached page costs one
	// read of the versions, which would hide a page that reads per item.
	t.Setenv("COMMONS_PAGE_CACHE", "off")
	if path := os.Getenv("COMMONS_QUERY_REGION"); path != "" {
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		s := ts.New(t, st)
		var list struct{ Items []struct{ Slug string } }
		getJSON(t, s, "/api/v1/communities?limit=100", "", &list)
		var slugs []string
		for _, c := range list.Items {
			if strings.HasPrefix(c.Slug, region.SlugPrefix) {
				slugs = append(slugs, c.Slug)
			}
		}
		slices.Sort(slugs)
		counts := countPages(t, s, slugs[0], region.Email(0))
		t.Log("\n" + budgetTable(counts))
		return
	}
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st, _ := e.Open(t)
			s := ts.New(t, st)
			if _, err := demo.Load(context.Background(), s.App, true); err != nil {
				t.Fatal(err)
			}
			counts := countPages(t, s, demo.Slug, "carys@cwm-tawel.example")
			t.Log("\n" + budgetTable(counts))
			for _, b := range queryBudget {
				got := counts[b.page]
				for i, budget := range []int64{b.visitor, b.member} {
					if n := got[i].Count(); n > budget || os.Getenv("COMMONS_QUERY_LOG") != "" {
						t.Errorf("%s, %s: %d statements, the budget is %d:\n  %s", b.page, []string{"visitor", "member"}[i], n, budget,
							strings.Join(got[i].Statements(), "\n  "))
					}
				}
			}
		})
	}
}

func budgetTable(counts map[string][2]*store.QueryCounter) string {
	var b strings.Builder
	b.WriteString("| page | visitor | member |\n| --- | ---: | ---: |\n")
	for _, p := range queryBudget {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", p.page, counts[p.page][0].Count(), counts[p.page][1].Count())
	}
	return b.String()
}

// countPages finds one of each thing in the community, then counts the
// statements each main page runs for a visitor and for the member.
func countPages(t *testing.T, s *ts.Server, slug, email string) map[string][2]*store.QueryCounter {
	t.Helper()
	rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: map[string]string{"email": email, "password": demo.Password}})
	ts.Status(t, rec, http.StatusCreated)
	token := ts.JSON[struct{ Token string }](t, rec).Token
	me := ts.JSON[struct{ ID string }](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token})).ID

	first := func(path string, pick func(map[string]any) bool) string {
		var list struct{ Items []map[string]any }
		getJSON(t, s, "/api/v1/communities/"+slug+path, token, &list)
		for _, it := range list.Items {
			if pick == nil || pick(it) {
				if id, ok := it["id"].(string); ok {
					return id
				}
				return it["user_id"].(string)
			}
		}
		t.Fatalf("nothing found at %s", path)
		return ""
	}
	c := "/c/" + slug
	pages := map[string]string{
		"community home":    c,
		"resources":         c + "/resources",
		"organizations":     c + "/organizations",
		"initiatives":       c + "/initiatives",
		"activities":        c + "/activities",
		"an activity":       c + "/activities/" + first("/activities?limit=20", nil),
		"an initiative":     c + "/initiatives/" + first("/initiatives?limit=20", nil),
		"a resource's week": c + "/resources/" + first("/resources?kind=space&limit=20", nil),
		"a member":          c + "/members/" + first("/members?limit=20", func(m map[string]any) bool { return m["user_id"] != me }),
		"search":            c + "/search?q=" + url.QueryEscape("garden"),
		"a thread":          c + "/threads/" + first("/threads?limit=20", nil),
		"notifications":     "/me/notifications",
		"the impact report": c + "/impact",
	}
	counts := map[string][2]*store.QueryCounter{}
	for _, b := range queryBudget {
		var got [2]*store.QueryCounter
		for i, tok := range []string{"", token} {
			// The second request is the one counted: the first may fill
			// caches that every later request finds full.
			pageQueries(t, s, pages[b.page], tok)
			got[i] = pageQueries(t, s, pages[b.page], tok)
		}
		counts[b.page] = got
	}
	return counts
}

func pageQueries(t *testing.T, s *ts.Server, path, token string) *store.QueryCounter {
	t.Helper()
	ctx, counter := store.WithQueryLog(context.Background())
	req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	// A visitor is sent to sign in from the pages only members see, and
	// finds no private profile.
	if rec.Code != http.StatusOK && (token != "" || rec.Code != http.StatusSeeOther && rec.Code != http.StatusNotFound) {
		t.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return counter
}

func getJSON(t *testing.T, s *ts.Server, path, token string, out any) {
	t.Helper()
	rec := s.Do(ts.Request{Method: "GET", Path: path, Token: token})
	ts.Status(t, rec, http.StatusOK)
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatal(err)
	}
}
