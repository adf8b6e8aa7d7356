package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

var postAnchor = regexp.MustCompile(`id="post-([0-9a-f-]+)"`)

// Threads and direct messages through the pages, without JavaScript.
func TestThreadsAndMessagesThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founderTok := s.SignUp("carys@example.org", "Carys Morgan")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founderTok, Body: map[string]any{"slug": "vale", "name": "Vale"}}), 201)
		browsers := map[string]*browser{}
		ids := map[string]string{}
		for _, p := range [][2]string{{"carys", "Carys Morgan"}, {"mair", "Mair Evans"}, {"dafydd", "Dafydd Jones"}, {"olwen", "Olwen Price"}} {
			tok := founderTok
			if p[0] != "carys" {
				ids[p[0]], tok = s.SignUp(p[0]+"@example.org", p[1])
				if p[0] != "olwen" {
					ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members", Token: tok}), 201)
				}
			}
			b := newBrowser(t, s, "en")
			b.post("/signin", map[string]string{"email": p[0] + "@example.org", "password": "correct horse battery"})
			browsers[p[0]] = b
		}
		mair, dafydd, carys, olwen := browsers["mair"], browsers["dafydd"], browsers["carys"], browsers["olwen"]
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/organizations", Token: founderTok,
			Body: map[string]any{"name": "Town Council", "sector": "public_authority"}})
		ts.Status(t, rec, 201)
		org := ts.JSON[map[string]any](t, rec)["id"].(string)

		// The organization's page offers a thread about it; the form carries the subject.
		page := mair.get("/c/vale/organizations/" + org)
		must(t, page, "Start a thread about this", "subject_type=organization")
		page = mair.get("/c/vale/threads/new?subject_type=organization&subject_id=" + org)
		must(t, page, "About an organization", "Town Council")
		code, page := mair.post("/c/vale/threads/new", map[string]string{"title": "", "body": "x", "subject_type": "organization", "subject_id": org})
		if code != 422 {
			t.Fatalf("no title: %d", code)
		}
		must(t, page, `aria-invalid="true"`)
		code, page = mair.post("/c/vale/threads/new", map[string]string{"title": "Sunday opening", "body": "Could the hall open on **Sundays**? @DafyddJones",
			"subject_type": "organization", "subject_id": org})
		if code != http.StatusSeeOther {
			t.Fatalf("start: %d\n%s", code, page)
		}
		must(t, page, "Sunday opening", "<strong>Sundays</strong>", "Thread started")
		threadPath := regexp.MustCompile(`/c/vale/threads/[0-9a-f-]+`).FindString(page[strings.Index(page, "<main"):])
		first := postAnchor.FindStringSubmatch(page)[1]
		must(t, mair.get("/c/vale/organizations/"+org), "Sunday opening")
		must(t, dafydd.get("/me/notifications"), "Mair Evans mentioned you in “Sunday opening”", `href="`+threadPath+"#post-"+first)

		// Outsiders do not read it; visitors are asked to sign in.
		if rec := olwen.do("GET", threadPath, nil); rec.Code != 403 {
			t.Fatalf("outsider: %d", rec.Code)
		}
		if rec := newBrowser(t, s, "en").do("GET", threadPath, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("visitor: %d", rec.Code)
		}

		// Dafydd replies.
		must(t, dafydd.get(threadPath+"?reply_to="+first), "Reply to Mair Evans", `name="reply_to" value="`+first)
		code, page = dafydd.post(threadPath, map[string]string{"body": "From May, yes.", "reply_to": first})
		if code != http.StatusSeeOther {
			t.Fatalf("reply: %d", code)
		}
		must(t, page, "in reply to Mair Evans", "From May, yes.")
		must(t, mair.get("/me/notifications"), "Dafydd Jones replied to your post")
		code, page = dafydd.post(threadPath, map[string]string{"body": strings.Repeat("a", 20001)})
		if code != 422 || !strings.Contains(page, "20000") {
			t.Fatalf("too long: %d", code)
		}

		// Mair edits and then deletes her post; its place stays.
		page = mair.get(threadPath + "?edit=" + first)
		must(t, page, "Change your post", "Could the hall open")
		code, page = mair.post(threadPath+"/posts/"+first+"/edit", map[string]string{"body": "Could the hall open on Sunday afternoons?"})
		if code != http.StatusSeeOther {
			t.Fatalf("edit: %d", code)
		}
		must(t, page, "Sunday afternoons", "edited")
		if rec := dafydd.do("POST", threadPath+"/posts/"+first+"/delete", map[string]string{}); rec.Code != 403 {
			t.Fatalf("someone else's delete: %d", rec.Code)
		}
		_, page = mair.post(threadPath+"/posts/"+first+"/delete", map[string]string{})
		must(t, page, "This post was deleted.", "in reply to Mair Evans")

		// The founder, an editor, pins it on the community's home.
		if rec := dafydd.do("POST", threadPath+"/pin", map[string]string{"pinned": "true"}); rec.Code != 403 {
			t.Fatalf("newcomer pins: %d", rec.Code)
		}
		_, page = carys.post(threadPath+"/pin", map[string]string{"pinned": "true"})
		must(t, page, "Unpin")
		must(t, newBrowser(t, s, "en").get("/c/vale"), "Announcements", "Sunday opening")
		must(t, carys.get("/c/vale/threads"), "Announcement", "Sunday opening")

		// Direct messages from a member's page; a block stops them.
		must(t, dafydd.get("/c/vale/members/"+ids["mair"]), "Write to Mair Evans", "Block Mair Evans")
		must(t, dafydd.get("/messages/new?to="+ids["mair"]), "Mair Evans")
		if rec := olwen.do("GET", "/messages/new?to="+ids["mair"], nil); rec.Code != 404 {
			t.Fatalf("outsider writes: %d", rec.Code)
		}
		code, page = dafydd.post("/messages/new", map[string]string{"to": ids["mair"], "body": "Shall we meet at the hall?"})
		if code != http.StatusSeeOther {
			t.Fatalf("send: %d", code)
		}
		must(t, page, "Shall we meet at the hall?", "Message sent")
		must(t, mair.get("/messages"), "Dafydd Jones")
		conv := regexp.MustCompile(`/messages/[0-9a-f-]{36}`).FindString(mair.get("/messages"))
		must(t, mair.get(conv), "Shall we meet at the hall?")
		_, page = mair.post("/people/"+ids["dafydd"]+"/block", map[string]string{"next": "/messages"})
		must(t, page, "Blocked", "Dafydd Jones")
		code, page = dafydd.post(conv, map[string]string{"body": "Hello?"})
		if code != 403 {
			t.Fatalf("blocked reply: %d", code)
		}
		must(t, page, "has blocked you")
		_, page = mair.post("/people/"+ids["dafydd"]+"/unblock", map[string]string{"next": "/messages"})
		must(t, page, "Block lifted")
		if code, _ := dafydd.post(conv, map[string]string{"body": "Hello?"}); code != http.StatusSeeOther {
			t.Fatalf("after unblock: %d", code)
		}
	})
}
