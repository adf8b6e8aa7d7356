package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A suspended person's content is hidden from every reader, through the
// pages, the API and search, and comes back when the suspension is lifted:
// a resource they own, a thread they started and a post they wrote in
// someone else's thread.
func TestSuspendedPersonsContentIsHidden(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "sx", "Suspense")
		api, id := m.api, m.id
		welcome := id(api("POST", "/api/v1/communities/sx/threads", m.founder, map[string]any{"title": "Welcome", "body": "Say hello"}))
		spammer := m.join("Sam Spammer", "member")
		res := id(api("POST", "/api/v1/communities/sx/resources", spammer.token, map[string]any{"title": "Cheapdrill", "kind": "equipment", "bookable": false, "approval": "open"}))
		own := id(api("POST", "/api/v1/communities/sx/threads", spammer.token, map[string]any{"title": "Buynow", "body": "Spamthread body"}))
		m.want(api("POST", "/api/v1/threads/"+welcome+"/posts", spammer.token, map[string]any{"body": "Spampost text"}), http.StatusCreated)
		readers := map[string]*person{"visitor": m.visitor(), "member": m.join("Mina Member", "member")}

		// Where each thing shows, web and API, and who may read it at all.
		type place struct {
			path, text  string
			membersOnly bool
		}
		places := []place{
			{"/c/sx/resources", "Cheapdrill", false},
			{"/api/v1/communities/sx/resources", "Cheapdrill", false},
			{"/c/sx/resources/" + res, "Cheapdrill", false},
			{"/api/v1/resources/" + res, "Cheapdrill", false},
			{"/c/sx/search?q=cheapdrill", "Cheapdrill", false},
			{"/api/v1/communities/sx/resources?q=cheapdrill", "Cheapdrill", false},
			{"/c/sx/threads", "Buynow", true},
			{"/api/v1/communities/sx/threads", "Buynow", true},
			{"/c/sx/threads/" + own, "Buynow", true},
			{"/c/sx/threads/" + welcome, "Spampost", true},
			{"/api/v1/threads/" + welcome, "Spampost", true},
		}
		look := func(suspended bool) {
			t.Helper()
			for who, r := range readers {
				for _, p := range places {
					if p.membersOnly && who == "visitor" {
						continue
					}
					var rec = r.b.do("GET", p.path, nil)
					if strings.HasPrefix(p.path, "/api/") {
						rec = api("GET", p.path, r.token, nil)
					}
					if rec.Code >= 500 {
						t.Fatalf("%s %s: %d", who, p.path, rec.Code)
					}
					shown := rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), p.text)
					if shown == suspended {
						t.Errorf("suspended %v: %s reading %s: %q shown %v (status %d)", suspended, who, p.path, p.text, shown, rec.Code)
					}
				}
			}
			// The thread they wrote in is still there for the others.
			if rec := readers["member"].b.do("GET", "/c/sx/threads/"+welcome, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Say hello") {
				t.Errorf("the welcome thread: %d", rec.Code)
			}
		}
		look(false)
		ctx := context.Background()
		if err := s.App.AdminSuspend(ctx, spammer.email, true); err != nil {
			t.Fatal(err)
		}
		look(true)
		if err := s.App.AdminSuspend(ctx, spammer.email, false); err != nil {
			t.Fatal(err)
		}
		look(false)
	})
}
