package web_test

import (
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A thread page follows the thread's stream and fetches its posts again on
// news, except while its reader edits a post; the page itself stays whole
// without JavaScript.
func TestThreadPageFollowsItsStream(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, tok := s.SignUp("carys@example.org", "Carys Morgan")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: tok, Body: map[string]any{"slug": "vale", "name": "Vale"}}), 201)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: tok, Body: map[string]any{"title": "Sunday opening", "body": "Sundays?"}})
		ts.Status(t, rec, 201)
		th := ts.JSON[map[string]any](t, rec)
		id := th["id"].(string)
		post := th["posts"].([]any)[0].(map[string]any)["id"].(string)

		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "carys@example.org", "password": "correct horse battery"})
		page := b.get("/c/vale/threads/" + id)
		must(t, page, `hx-ext="sse" sse-connect="/api/v1/threads/`+id+`/stream?since=`, `id="posts" hx-get="/c/vale/threads/`+id+`"`,
			`hx-trigger="sse:post"`, `hx-select="#posts"`, "Sundays?")
		if page := b.get("/c/vale/threads/" + id + "?edit=" + post); strings.Contains(page, "sse-connect=\"/api/v1/threads/") {
			t.Fatal("the page follows the stream while a post is edited")
		}
	})
}
