package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A cycle's stories are listed a page at a time, with a link to the next
// page that keeps the filter and needs no JavaScript: the 2001st story is
// reached by following it, and the CSV holds every story.
func TestStoriesArePaged(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "sp", "Story pages")
		editor := m.join("editor", "editor")
		rec := editor.b.do("POST", "/c/sp/msc/new", map[string]string{"title": "Many voices", "from": dayOf(-100), "to": dayOf(0),
			"question": "What changed?", "domains": "work"})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("opened: %d", rec.Code)
		}
		cycle := rec.Header().Get("Location")
		cid := cycle[strings.LastIndex(cycle, "/")+1:]
		ctx := context.Background()
		sc, err := s.App.Scope(ctx, nil, "sp")
		if err != nil {
			t.Fatal(err)
		}
		const n = 2001
		rows := make([][]any, n)
		at := time.Now().UTC().Truncate(time.Second)
		for i := range rows {
			rows[i] = []any{sc.Community.ID, fmt.Sprintf("story-%05d", i), cid, "group", fmt.Sprintf("Group %d", i), "publish", dayOf(-1),
				"spring", "hall", "work", fmt.Sprintf("Story number %05d", i+1), "What happened", "Why", "en", "", at.Add(time.Duration(i) * time.Second), at}
		}
		if err := s.App.Store.BulkInsert(ctx, "msc_stories", []string{"community_id", "id", "cycle_id", "teller_kind", "teller_name", "consent",
			"consent_date", "happened_when", "happened_where", "domain", "title", "body", "why", "language", "theme", "created_at", "updated_at"}, rows); err != nil {
			t.Fatal(err)
		}
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
		path, pages, last := cycle+"/stories?domain=work", 0, ""
		for path != "" && pages < 30 {
			page := editor.page(path)
			pages++
			if pages == 1 && (!strings.Contains(page, "Story number 00001") || strings.Contains(page, "Story number 00101")) {
				t.Error("the first page does not hold the first hundred stories alone")
			}
			last, path = page, ""
			if m := next.FindStringSubmatch(page); m != nil {
				path = html.UnescapeString(m[1])
				if !strings.Contains(path, "domain=work") {
					t.Fatalf("the next page loses the filter: %s", path)
				}
			}
		}
		if pages != 21 || !strings.Contains(last, "Story number 02001") {
			t.Errorf("%d pages; the last holds the 2001st story: %v", pages, strings.Contains(last, "Story number 02001"))
		}
		if !strings.Contains(last, "2,001") && !strings.Contains(last, "2001") {
			t.Error("the count is not of every story")
		}
		csv := editor.b.do("GET", cycle+"/stories.csv", nil).Body.String()
		if got := strings.Count(csv, "Story number "); got != n {
			t.Errorf("the CSV holds %d stories, want %d", got, n)
		}
	})
}
