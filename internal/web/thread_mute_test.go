package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A member stops a thread's notifications on its page and resumes them,
// without JavaScript; the API does the same; a visitor is offered nothing
// and refused.
func TestStopThreadNotifications(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "tm", "Threads")
		member, visitor := m.join("member", "member"), m.visitor()
		th := m.id(m.api("POST", "/api/v1/communities/tm/threads", m.founder, map[string]any{"title": "Choir", "body": "Who sings?"}))
		page, action := "/c/tm/threads/"+th, "/c/tm/threads/"+th+"/notifications"
		body := member.page(page)
		if !hasForm(body, action) || !strings.Contains(body, "Stop notifications for this thread") {
			t.Fatal("the thread page offers a member no way to stop its notifications")
		}
		rec := member.b.do("POST", action, map[string]string{"mute": "true"})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page {
			t.Fatalf("stopping: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if body := member.page(page); !strings.Contains(body, "Resume notifications for this thread") {
			t.Fatal("a muted thread's page does not offer to resume")
		}
		m.want(m.api("DELETE", "/api/v1/threads/"+th+"/mute", member.token, nil), http.StatusNoContent)
		if body := member.page(page); !strings.Contains(body, "Stop notifications for this thread") {
			t.Fatal("resumed through the API, the page still says muted")
		}
		m.want(m.api("PUT", "/api/v1/threads/"+th+"/mute", member.token, nil), http.StatusNoContent)
		m.want(m.api("PUT", "/api/v1/threads/"+th+"/mute", "", nil), http.StatusUnauthorized)
		if hasForm(visitor.page(page), action) {
			t.Error("a visitor is offered to stop notifications")
		}
	})
}
