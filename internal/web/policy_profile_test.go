package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The Learning Community Profile's actions, person by person, through both
// doors: the control is on the page exactly when the request succeeds.
func TestPolicyMatrixProfile(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "px", "Profile")
		api := m.api
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor"}
		people := map[string]*person{
			"visitor":  m.visitor(),
			"outsider": m.outsider("outsider"),
			"newcomer": m.join("newcomer", ""),
			"member":   m.join("member", "member"),
			"editor":   m.join("editor", "editor"),
		}
		base := "/api/v1/communities/px/profile/versions"
		// versions answers the latest version's number and whether it is
		// a draft, as the founder (an editor) sees them.
		latest := func() (int, bool) {
			rec := api("GET", base, m.founder, nil)
			m.want(rec, http.StatusOK)
			items := ts.JSON[map[string]any](t, rec)["items"].([]any)
			if len(items) == 0 {
				return 0, false
			}
			v := items[0].(map[string]any)
			return int(v["number"].(float64)), v["phase"] == "draft"
		}
		noDraft := func() int {
			if n, draft := latest(); draft {
				m.want(api("POST", fmt.Sprintf("%s/%d/publish", base, n), m.founder, nil), http.StatusOK)
			}
			n, _ := latest()
			return n + 1
		}
		draft := func() int {
			if n, draft := latest(); draft {
				return n
			}
			m.want(api("POST", base, m.founder, nil), http.StatusCreated)
			n, _ := latest()
			return n
		}
		published := func() int {
			n := draft()
			m.want(api("POST", fmt.Sprintf("%s/%d/publish", base, n), m.founder, nil), http.StatusOK)
			return n
		}
		type action struct {
			name    string
			allowed []string
			setup   func() int
			control func(n int) (page, needle string)
			api     func(p *person, n int) int
			web     func(p *person, n int) int
		}
		members := []string{"newcomer", "member", "editor"}
		actions := []action{
			{"open a version", []string{"editor"}, noDraft,
				func(int) (string, string) { return "/c/px/profile", `action="/c/px/profile/versions"` },
				func(p *person, _ int) int { return api("POST", base, p.token, nil).Code },
				func(p *person, _ int) int { return p.b.do("POST", "/c/px/profile/versions", map[string]string{}).Code }},
			{"write a section", []string{"editor"}, draft,
				func(n int) (string, string) {
					return fmt.Sprintf("/c/px/profile/versions/%d/edit", n), fmt.Sprintf(`action="/c/px/profile/versions/%d/sections/needs"`, n)
				},
				func(p *person, n int) int {
					return api("PUT", fmt.Sprintf("%s/%d/sections/needs", base, n), p.token, map[string]any{"body": "Digital skills",
						"evidence": []string{"organizations_by_sector"}}).Code
				},
				func(p *person, n int) int {
					return p.b.do("POST", fmt.Sprintf("/c/px/profile/versions/%d/sections/needs", n), map[string]string{"body": "Digital skills",
						"evidence": "organizations_by_sector"}).Code
				}},
			{"publish", []string{"editor"}, draft,
				func(n int) (string, string) {
					return fmt.Sprintf("/c/px/profile/versions/%d/edit", n), fmt.Sprintf(`action="/c/px/profile/versions/%d/publish"`, n)
				},
				func(p *person, n int) int {
					return api("POST", fmt.Sprintf("%s/%d/publish", base, n), p.token, nil).Code
				},
				func(p *person, n int) int {
					return p.b.do("POST", fmt.Sprintf("/c/px/profile/versions/%d/publish", n), map[string]string{}).Code
				}},
			{"comment", members, published,
				func(n int) (string, string) {
					return fmt.Sprintf("/c/px/profile/versions/%d", n), fmt.Sprintf(`action="/c/px/profile/versions/%d/sections/needs/comments"`, n)
				},
				func(p *person, n int) int {
					return api("POST", fmt.Sprintf("%s/%d/sections/needs/comments", base, n), p.token, map[string]any{"body": "Yes"}).Code
				},
				func(p *person, n int) int {
					return p.b.do("POST", fmt.Sprintf("/c/px/profile/versions/%d/sections/needs/comments", n), map[string]string{"body": "Yes"}).Code
				}},
			{"start the action phase", []string{"editor"}, published,
				func(n int) (string, string) {
					return fmt.Sprintf("/c/px/profile/versions/%d", n), fmt.Sprintf(`action="/c/px/profile/versions/%d/phase"`, n)
				},
				func(p *person, n int) int {
					return api("POST", fmt.Sprintf("%s/%d/phase", base, n), p.token, map[string]any{"phase": "action"}).Code
				},
				func(p *person, n int) int {
					return p.b.do("POST", fmt.Sprintf("/c/px/profile/versions/%d/phase", n), map[string]string{"phase": "action"}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, a.setup())
				n := a.setup()
				path, needle := a.control(n)
				shown := strings.Contains(p.page(path), needle)
				webCode := a.web(p, n)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}

// Who reads what: a draft is for editors (404 to others, page and API);
// a published version for everyone, with its evidence frozen and its
// Markdown; comments for members, their authors' names by the privacy
// rule.
func TestProfileReading(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "pr", "Profile")
		member := m.join("member", "member")
		visitor := m.visitor()
		base := "/api/v1/communities/pr/profile/versions"
		m.want(m.api("POST", "/api/v1/communities/pr/organizations", m.founder, map[string]any{"name": "Library", "sector": "culture"}), http.StatusCreated)
		m.want(m.api("POST", base, m.founder, nil), http.StatusCreated)
		m.want(m.api("PUT", base+"/1/sections/needs", m.founder, map[string]any{"body": "We need **digital** skills.",
			"evidence": []string{"organizations_by_sector"}}), http.StatusOK)
		if code := member.b.do("GET", "/c/pr/profile/versions/1", nil).Code; code != http.StatusNotFound {
			t.Fatalf("member reads draft page: %d", code)
		}
		if code := m.api("GET", base+"/1", member.token, nil).Code; code != http.StatusNotFound {
			t.Fatalf("member reads draft: %d", code)
		}
		m.want(m.api("PUT", base+"/1/sections/poems", m.founder, map[string]any{"body": "x"}), http.StatusUnprocessableEntity)
		m.want(m.api("POST", base+"/1/publish", m.founder, nil), http.StatusOK)
		m.want(m.api("PUT", base+"/1/sections/needs", m.founder, map[string]any{"body": "late"}), http.StatusConflict)
		m.want(m.api("POST", base+"/1/sections/needs/comments", member.token, map[string]any{"body": "Add the Welsh class"}), http.StatusCreated)
		page := visitor.publicPage("/c/pr/profile")
		for _, want := range []string{"<strong>digital</strong>", "Organizations by sector", `href="/c/pr/organizations?sector=culture"`, "/static/profile.css"} {
			if !strings.Contains(page, want) {
				t.Errorf("visitor's profile page lacks %q", want)
			}
		}
		if strings.Contains(visitor.publicPage("/c/pr/profile/versions/1"), "Add the Welsh class") {
			t.Error("a visitor reads members' comments")
		}
		if !strings.Contains(member.b.get("/c/pr/profile/versions/1"), "Add the Welsh class") {
			t.Error("a member does not read comments")
		}
		rec := visitor.b.do("GET", "/c/pr/profile/versions/1.md", nil)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/markdown") ||
			!strings.Contains(rec.Body.String(), "## What learning needs and interests do we have, and whose?") ||
			!strings.Contains(rec.Body.String(), "| Culture | 1 |") {
			t.Errorf("markdown %d %q", rec.Code, rec.Body.String())
		}
		if code := visitor.b.do("GET", "/c/pr/profile/versions/9.md", nil).Code; code != http.StatusNotFound {
			t.Errorf("missing markdown: %d", code)
		}
		if code := visitor.b.do("GET", "/c/pr/profile/versions/x", nil).Code; code != http.StatusNotFound {
			t.Errorf("bad number: %d", code)
		}
		diff := visitor.publicPage("/c/pr/profile/versions/1/diff")
		if !strings.Contains(diff, "<ins>") {
			t.Error("the first version's diff shows no additions")
		}
	})
}
