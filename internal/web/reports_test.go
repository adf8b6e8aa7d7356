package web_test

import (
	"net/http"
	"regexp"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Reporting a post through the web: the form is beside the post for a
// member (not for its author), links the agreements, and a second report
// by the same person says it was counted once.
func TestReportAPostThroughTheWeb(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := owner.post("/c/cwm/threads/new", map[string]string{"title": "Hall news", "body": "The roof is mended."})
		thread := regexp.MustCompile(`/c/cwm/threads/[0-9a-f-]{36}`).FindString(page)
		irina := newBrowser(t, s, "ru")
		irina.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		irina.post("/c/cwm/join", nil)
		if hasForm(owner.get(thread), "/c/cwm/flags") {
			t.Error("the author is offered to report their own post")
		}
		page = irina.get(thread)
		if !hasForm(page, "/c/cwm/flags") {
			t.Fatal("no report form beside the post")
		}
		must(t, page, `href="/c/cwm/agreements"`, "Пожаловаться")
		post := regexp.MustCompile(`name="subject_id" value="([0-9a-f-]{36})"`).FindStringSubmatch(page)[1]
		report := map[string]string{"subject_type": "post", "subject_id": post, "reason": "Не по теме", "back": thread}
		code, page := irina.post("/c/cwm/flags", report)
		if code != http.StatusSeeOther {
			t.Fatalf("report: %d", code)
		}
		must(t, page, "Спасибо: ваша жалоба учтена")
		_, page = irina.post("/c/cwm/flags", report)
		must(t, page, "Вы уже жаловались на это")
	})
}
