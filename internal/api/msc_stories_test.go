package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/commons-project/commons/internal/demo"
	ts "github.com/commons-project/commons/internal/testserver"
)

// A cycle's stories come a page at a time, as API.md's lists do: following
// next_cursor reads every story the caller may read once, in the order
// they were told, with the counts of them all on every page; a cursor
// that does not read is a 400.
func TestStoriesPages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		if _, err := demo.Load(context.Background(), s.App, false); err != nil {
			t.Fatal(err)
		}
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/" + demo.Slug + "/msc/cycles"})
		ts.Status(t, rec, 200)
		var cycles []struct{ ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &cycles); err != nil || len(cycles) == 0 {
			t.Fatalf("cycles: %s, %v", rec.Body, err)
		}
		path := "/api/v1/msc/cycles/" + cycles[0].ID + "/stories"
		type page struct {
			Items []struct {
				ID string
			}
			NextCursor *string `json:"next_cursor"`
			Total      int
		}
		read := func(q string) page {
			rec := s.Do(ts.Request{Method: "GET", Path: path + q})
			ts.Status(t, rec, 200)
			var p page
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		all := read("")
		if all.NextCursor != nil || len(all.Items) != all.Total || all.Total < 3 {
			t.Fatalf("one page of %d stories of %d, next %v", len(all.Items), all.Total, all.NextCursor)
		}
		var seen []string
		q := "?limit=2"
		for pages := 0; ; pages++ {
			p := read(q)
			if p.Total != all.Total || len(p.Items) > 2 {
				t.Fatalf("a page of %d stories counts %d", len(p.Items), p.Total)
			}
			for _, it := range p.Items {
				seen = append(seen, it.ID)
			}
			if p.NextCursor == nil {
				break
			}
			if pages > all.Total {
				t.Fatal("the pages do not end")
			}
			q = "?limit=2&cursor=" + url.QueryEscape(*p.NextCursor)
		}
		if len(seen) != len(all.Items) {
			t.Fatalf("read %d stories in pages, %d whole", len(seen), len(all.Items))
		}
		for n := range seen {
			if seen[n] != all.Items[n].ID {
				t.Errorf("story %d: %s in pages, %s whole", n, seen[n], all.Items[n].ID)
			}
		}
		for _, bad := range []string{"?cursor=nope", "?limit=0", "?cursor=WyJ4IiwieSJd"} {
			if rec := s.Do(ts.Request{Method: "GET", Path: path + bad}); rec.Code != 400 {
				t.Errorf("%s: %d, want 400", bad, rec.Code)
			}
		}
	})
}
