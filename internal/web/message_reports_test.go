package web_test

import (
	"net/http"
	"regexp"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Reporting a direct message through the web: the form is under another's
// message (not one's own), names the community whose reviewers take it
// and links its agreements; a second report says it was counted once;
// someone outside the conversation gets a 404; the review shows the copy
// of the message to its author.
func TestReportAMessageThroughTheWeb(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		irina := newBrowser(t, s, "ru")
		irina.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		irina.post("/c/cwm/join", nil)
		code, page := owner.post("/messages/new", map[string]string{"to_name_1": "Irina", "body": "Stop posting or else."})
		if code != http.StatusSeeOther {
			t.Fatalf("send: %d\n%s", code, page)
		}
		conv := regexp.MustCompile(`/messages/([0-9a-f-]{36})/report`).FindStringSubmatch(irina.get("/messages"))
		if conv != nil {
			t.Fatal("the list offers a report")
		}
		id := regexp.MustCompile(`href="/messages/([0-9a-f-]{36})"`).FindStringSubmatch(irina.get("/messages"))[1]
		if hasForm(owner.get("/messages/"+id), "/messages/"+id+"/report") {
			t.Error("the author is offered to report their own message")
		}
		page = irina.get("/messages/" + id)
		if !hasForm(page, "/messages/"+id+"/report") {
			t.Fatal("no report form under the message")
		}
		must(t, page, `href="/c/cwm/agreements"`, `name="community" value="cwm"`)
		msg := regexp.MustCompile(`name="message_id" value="([0-9a-f-]{36})"`).FindStringSubmatch(page)[1]
		report := map[string]string{"message_id": msg, "community": "cwm", "reason": "Угроза"}
		stranger := newBrowser(t, s, "en")
		stranger.post("/signup", map[string]string{"name": "Sam", "email": "sam@example.org", "password": "a long passphrase"})
		stranger.post("/c/cwm/join", nil)
		if code, _ := stranger.post("/messages/"+id+"/report", report); code != http.StatusNotFound {
			t.Fatalf("a stranger reports: %d", code)
		}
		code, page = irina.post("/messages/"+id+"/report", report)
		if code != http.StatusSeeOther {
			t.Fatalf("report: %d\n%s", code, page)
		}
		must(t, page, "Спасибо: жалоба передана на рассмотрение")
		_, page = irina.post("/messages/"+id+"/report", report)
		must(t, page, "Вы уже жаловались на это")
		page = owner.get("/me/notifications")
		review := regexp.MustCompile(`/reviews/[0-9a-f-]{36}`).FindString(page)
		if review == "" {
			t.Fatalf("the author is not told:\n%s", page)
		}
		must(t, owner.get(review), "The reported message", "Stop posting or else.", "a direct message from Gareth")
		if code := stranger.do("GET", review, nil).Code; code != http.StatusNotFound {
			t.Fatalf("a newcomer reads the review: %d", code)
		}
	})
}
