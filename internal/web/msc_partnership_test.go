package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A cycle about a partnership, through the web: offered from the
// partnership's page to those who run cycles, opened from the cycle form,
// shown with the partnership's name, and kept when the cycle is changed.
func TestMSCCycleAboutAPartnership(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "mp", "MSC partnership")
		api, id := m.api, m.id
		editor, member := m.join("editor", "editor"), m.join("member", "member")
		org := id(api("POST", "/api/v1/communities/mp/organizations", editor.token, map[string]any{"name": "Friends", "sector": "ngo"}))
		ini := id(api("POST", "/api/v1/communities/mp/initiatives", m.founder, map[string]any{"title": "Repair nights", "summary": "Fix", "themes": []string{}}))
		p := id(api("POST", "/api/v1/initiatives/"+ini+"/partnership", m.founder, map[string]any{"review_on": dayOf(100), "parties": []map[string]any{
			{"organization_id": org, "role": "Hosts"}}}))
		link := `href="/c/mp/msc/new?scope=partnership:` + p + `"`
		if !strings.Contains(editor.page("/c/mp/initiatives/"+ini+"/partnership"), link) {
			t.Error("the partnership's page offers no cycle about it to an editor")
		}
		if strings.Contains(member.page("/c/mp/initiatives/"+ini+"/partnership"), link) {
			t.Error("the partnership's page offers a cycle to a member")
		}
		if page := editor.page("/c/mp/msc/new?scope=partnership:" + p); !strings.Contains(page, `value="partnership:`+p+`" selected`) {
			t.Error("the cycle form does not start with the partnership chosen")
		}
		rec := editor.b.do("POST", "/c/mp/msc/new", map[string]string{"title": "Repair year", "from": dayOf(-100), "to": dayOf(0),
			"question": "What changed?", "domains": "work", "scope_id": "partnership:" + p})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("opened: %d", rec.Code)
		}
		cycle := rec.Header().Get("Location")
		if page := editor.page(cycle); !strings.Contains(page, "Repair nights") {
			t.Error("the cycle's page does not name its partnership")
		}
		cid := cycle[strings.LastIndex(cycle, "/")+1:]
		got := ts.JSON[map[string]any](t, api("GET", "/api/v1/msc/cycles/"+cid, editor.token, nil))
		if got["scope_type"] != "partnership" || got["scope_id"] != p {
			t.Errorf("the cycle is about %v %v", got["scope_type"], got["scope_id"])
		}
		if page := editor.page(cycle + "/edit"); !strings.Contains(page, `value="partnership:`+p+`" selected`) {
			t.Error("the edit form loses the partnership")
		}
	})
}
