package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// An unconfirmed address reads but does not act, through both doors: for
// each act, the API refuses it (403) and the page shows no control, while
// the same person once confirmed succeeds and sees it. The rule is the
// scope's, so every act of the community follows; these rows try one of
// each kind the issue names (post, publish, book, vouch, message).
func TestUnconfirmedPolicyControlsMatchRequests(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		confirming(t, s)
		ctx := context.Background()
		// The founder and the resource's owner are confirmed by the operator.
		_, founder := s.SignUp("founder@example.org", "Founder")
		if err := s.App.AdminConfirm(ctx, "founder@example.org"); err != nil {
			t.Fatal(err)
		}
		m := &matrix{t: t, s: s, slug: "cf", founder: founder}
		m.want(m.api("POST", "/api/v1/communities", founder, map[string]any{"slug": "cf", "name": "Confirm"}), http.StatusCreated)
		owner := m.join("owner", "member")
		if err := s.App.AdminConfirm(ctx, owner.email); err != nil {
			t.Fatal(err)
		}
		hall := m.id(m.api("POST", "/api/v1/communities/cf/resources", owner.token,
			map[string]any{"title": "Hall", "kind": "space", "bookable": true, "approval": "open"}))
		start := time.Now().Add(48 * time.Hour).Truncate(time.Hour).UTC()
		slot := 0

		type attempt struct {
			name, page, action string
			api                func(p *person) int
		}
		attempts := []attempt{
			{"post", "/c/cf/threads", "/c/cf/threads/new", func(p *person) int {
				return m.api("POST", "/api/v1/communities/cf/threads", p.token, map[string]any{"title": "Hello", "body": "From " + p.name}).Code
			}},
			{"publish", "/c/cf/resources", "/c/cf/resources/new", func(p *person) int {
				return m.api("POST", "/api/v1/communities/cf/resources", p.token, map[string]any{"title": "Ladder", "kind": "equipment", "approval": "open"}).Code
			}},
			{"book", "/c/cf/resources/" + hall, "/c/cf/resources/" + hall, func(p *person) int {
				slot++
				from := start.Add(time.Duration(slot) * 2 * time.Hour)
				return m.api("POST", "/api/v1/resources/"+hall+"/bookings", p.token, map[string]any{"starts_at": from.Format(time.RFC3339),
					"ends_at": from.Add(time.Hour).Format(time.RFC3339), "purpose": "Choir"}).Code
			}},
			{"vouch", "/c/cf/members/" + owner.id, "/c/cf/members/" + owner.id + "/trust", func(p *person) int {
				return m.api("POST", "/api/v1/communities/cf/members/"+owner.id+"/trust", p.token, map[string]any{"role": "editor"}).Code
			}},
			{"message", "", "", func(p *person) int {
				return m.api("POST", "/api/v1/messages", p.token, map[string]any{"to_user_ids": []string{owner.id}, "body": "Hi"}).Code
			}},
		}
		// A vouched member whose address waits for confirmation.
		p := m.join("waiting", "member")
		for _, a := range attempts {
			if a.page != "" {
				page := p.publicPage(a.page)
				if hasForm(page, a.action) || strings.Contains(page, `href="`+a.action+`"`) {
					t.Errorf("%s: the unconfirmed person sees the control", a.name)
				}
				if !strings.Contains(page, "Please confirm your e-mail address") {
					t.Errorf("%s: the page does not say why", a.name)
				}
			}
			if code := a.api(p); code != http.StatusForbidden {
				t.Errorf("%s: unconfirmed → %d, want 403", a.name, code)
			}
		}
		// Reading what is for members still works.
		if rec := m.api("GET", "/api/v1/communities/cf/threads", p.token, nil); rec.Code != http.StatusOK {
			t.Errorf("reading threads: %d", rec.Code)
		}
		if err := s.App.AdminConfirm(ctx, p.email); err != nil {
			t.Fatal(err)
		}
		for _, a := range attempts {
			if a.page != "" {
				page := p.publicPage(a.page)
				if !hasForm(page, a.action) && !strings.Contains(page, `href="`+a.action+`"`) {
					t.Errorf("%s: the confirmed person sees no control", a.name)
				}
			}
			if code := a.api(p); code/100 != 2 {
				t.Errorf("%s: confirmed → %d", a.name, code)
			}
		}
	})
}
