package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/store"
	ts "github.com/commons-project/commons/internal/testserver"
)

// threadWorld is a community with a founder, two members and an outsider.
type threadWorld struct {
	founder, mair, dafydd, outsider         string // tokens
	founderID, mairID, dafyddID, outsiderID string
	org                                     string
}

func newThreadWorld(t *testing.T, s *ts.Server) threadWorld {
	var w threadWorld
	w.founderID, w.founder = s.SignUp("carys@example.org", "Carys Morgan")
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: w.founder, Body: obj{"slug": "vale", "name": "Vale"}}), 201)
	w.mairID, w.mair = s.SignUp("mair@example.org", "Mair Evans")
	w.dafyddID, w.dafydd = s.SignUp("dafydd@example.org", "Dafydd Jones")
	w.outsiderID, w.outsider = s.SignUp("olwen@example.org", "Olwen Price")
	for _, tok := range []string{w.mair, w.dafydd} {
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members", Token: tok}), 201)
	}
	rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/organizations", Token: w.dafydd, Body: obj{"name": "Town Council", "sector": "public_authority"}})
	ts.Status(t, rec, 201)
	w.org = ts.JSON[obj](t, rec)["id"].(string)
	return w
}

// kinds returns the kinds of a person's notifications, newest first.
func kinds(t *testing.T, s *ts.Server, token string) []string {
	rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: token})
	ts.Status(t, rec, 200)
	var out []string
	for _, n := range ts.JSON[struct{ Items []obj }](t, rec).Items {
		out = append(out, n["kind"].(string))
	}
	return out
}

func TestThreadsPostsMentionsAndReplies(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newThreadWorld(t, s)
		create := func(token string, body obj) *http.Response {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: token, Body: body}).Result()
		}
		// The subject must exist in the community, and be of a kind threads may be about.
		for _, bad := range []obj{
			{"title": "About", "body": "x", "subject": obj{"type": "initiative", "id": w.org}},
			{"title": "About", "body": "x", "subject": obj{"type": "resource", "id": w.org}},
			{"title": "", "body": "x"},
			{"title": "About", "body": strings.Repeat("a", 20001)},
		} {
			if code := create(w.mair, bad).StatusCode; code != 422 {
				t.Fatalf("%v: %d", bad["subject"], code)
			}
		}
		if code := create(w.outsider, obj{"title": "Hi", "body": "x"}).StatusCode; code != 403 {
			t.Fatalf("an outsider starts a thread: %d", code)
		}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.mair,
			Body: obj{"title": "Opening hours", "body": "Could the hall open on Sundays?", "subject": obj{"type": "organization", "id": w.org}}})
		ts.Status(t, rec, 201)
		th := ts.JSON[obj](t, rec)
		id := th["id"].(string)
		if sub := th["subject"].(obj); sub["name"] != "Town Council" || len(th["posts"].([]any)) != 1 {
			t.Fatalf("thread: %v", th)
		}
		// Initiatives and activities have threads too.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/initiatives", Token: w.mair,
			Body: obj{"title": "Choir for all", "summary": "Sing together", "themes": []string{"culture"}}})
		ts.Status(t, rec, 201)
		initiative := ts.JSON[obj](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/activities", Token: w.mair, Body: obj{"title": "Welsh for beginners",
			"kind": "course", "starts_at": time.Now().AddDate(0, 1, 0).UTC().Truncate(time.Hour), "ends_at": time.Now().AddDate(0, 1, 0).UTC().Truncate(time.Hour).Add(90 * time.Minute),
			"online_url": "https://meet.example.org/welsh"}})
		ts.Status(t, rec, 201)
		activity := ts.JSON[obj](t, rec)["id"].(string)
		for typ, about := range map[string]string{"initiative": initiative, "activity": activity} {
			rec := create(w.mair, obj{"title": "Who is coming?", "body": "Say hello", "subject": obj{"type": typ, "id": about}})
			if rec.StatusCode != 201 {
				t.Fatalf("a thread about an %s: %d", typ, rec.StatusCode)
			}
		}

		// Members read; visitors and outsiders do not.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/" + id}), 401)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/" + id, Token: w.outsider}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/nope", Token: w.mair}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.outsider, Body: obj{"body": "hi"}}), 403)

		// A post that mentions a member and an outsider, with a script and a tracking image.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.founder, Body: obj{
			"body": "Ask @DafyddJones, not @OlwenPrice.\n\n<script>alert(1)</script>\n\n![](https://tracker.example/p.gif) **soon**"}})
		ts.Status(t, rec, 201)
		post := ts.JSON[obj](t, rec)
		html := post["html"].(string)
		if strings.Contains(html, "<script") || strings.Contains(html, "<img") || strings.Contains(html, "tracker.example") ||
			!strings.Contains(html, "<strong>soon</strong>") || !strings.Contains(post["body"].(string), "<script>") {
			t.Fatalf("post: %v", post)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: w.dafydd})
		if n := ts.JSON[struct{ Items []obj }](t, rec).Items; len(n) != 1 || n[0]["kind"] != "mention" ||
			n[0]["link"] != "/c/vale/threads/"+id+"#post-"+post["id"].(string) || n[0]["message"] != "Carys Morgan mentioned you in “Opening hours”." {
			t.Fatalf("dafydd is mentioned: %v", n)
		}
		if got := kinds(t, s, w.outsider); len(got) != 0 {
			t.Fatalf("an outsider mentioned hears nothing: %v", got)
		}
		if got := kinds(t, s, w.mair); len(got) != 1 || got[0] != "thread_post" {
			t.Fatalf("the thread's author hears of a new post: %v", got)
		}

		// A reply tells the post's author; a reply to a post elsewhere is refused.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd,
			Body: obj{"body": "Yes, from May.", "reply_to": post["id"]}})
		ts.Status(t, rec, 201)
		reply := ts.JSON[obj](t, rec)
		if reply["reply_to"] != post["id"] {
			t.Fatalf("reply: %v", reply)
		}
		if got := kinds(t, s, w.founder); len(got) != 1 || got[0] != "post_reply" {
			t.Fatalf("the author hears of the reply: %v", got)
		}
		if got := kinds(t, s, w.mair); len(got) != 1 {
			t.Fatalf("one unread line per thread, not one per post: %v", got)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/notifications/read", Token: w.mair}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd, Body: obj{"body": "And Sundays."}}), 201)
		if got := kinds(t, s, w.mair); len(got) != 2 || got[0] != "thread_post" {
			t.Fatalf("after reading, mair hears again: %v", got)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd,
			Body: obj{"body": "x", "reply_to": "elsewhere"}}), 422)

		// Bad input: too long, a 1 MiB body, empty.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd,
			Body: obj{"body": strings.Repeat("ы", 20001)}}), 422)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd,
			Body: obj{"body": strings.Repeat("a", 1<<20)}})
		ts.Status(t, rec, 413)
		if !strings.Contains(rec.Body.String(), "1 MiB") {
			t.Fatalf("413 says the limit: %s", rec.Body.String())
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd, Body: obj{"body": "  "}}), 422)

		// Edit: your own post only, within the window.
		pid := post["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/posts/" + pid, Token: w.dafydd, Body: obj{"body": "mine now"}}), 403)
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/posts/" + pid, Token: w.founder, Body: obj{"body": "Ask *Dafydd*."}})
		ts.Status(t, rec, 200)
		if p := ts.JSON[obj](t, rec); p["edited_at"] == nil || !strings.Contains(p["html"].(string), "<em>Dafydd</em>") {
			t.Fatalf("edited: %v", p)
		}
		s.App.SetClock(func() time.Time { return time.Now().Add(16 * time.Minute) })
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/posts/" + pid, Token: w.founder, Body: obj{"body": "late"}}), 403)
		s.App.SetClock(time.Now)

		// Delete: the place stays, the reply keeps pointing at it.
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/posts/" + pid, Token: w.dafydd}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/posts/" + pid, Token: w.founder}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/posts/" + pid, Token: w.founder}), 409)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/" + id, Token: w.mair})
		ts.Status(t, rec, 200)
		posts := ts.JSON[obj](t, rec)["posts"].([]any)
		if len(posts) != 4 {
			t.Fatalf("posts: %v", posts)
		}
		gone, answer := posts[1].(obj), posts[2].(obj)
		if gone["deleted"] != true || gone["body"] != "" || gone["html"] != "" || answer["reply_to"] != pid {
			t.Fatalf("after delete: %v / %v", gone, answer)
		}

		// Lists: the community's, and those about the organization.
		for path, want := range map[string]int{
			"/api/v1/communities/vale/threads":                                                  3,
			"/api/v1/communities/vale/threads?subject_type=organization&subject_id=" + w.org:    1,
			"/api/v1/communities/vale/threads?subject_type=initiative&subject_id=" + initiative: 1,
			"/api/v1/communities/vale/threads?pinned=true":                                      0,
		} {
			rec = s.Do(ts.Request{Method: "GET", Path: path, Token: w.dafydd})
			ts.Status(t, rec, 200)
			if n := len(ts.JSON[struct{ Items []obj }](t, rec).Items); n != want {
				t.Fatalf("%s: %d threads, want %d", path, n, want)
			}
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/vale/threads", Token: w.outsider}), 403)

		// Editors pin an announcement, which anyone may then read, on the home page too.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/pin", Token: w.dafydd, Body: obj{"pinned": true}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/pin", Token: w.founder, Body: obj{"pinned": true}}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/" + id}), 200)
		if home := s.Do(ts.Request{Method: "GET", Path: "/c/vale"}); !strings.Contains(home.Body.String(), "Opening hours") {
			t.Fatal("the announcement is on the community's home")
		}
	})
}

// Posting faster than the limit is refused with 429 and Retry-After; the
// count lives in the database.
func TestFloodControl(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newThreadWorld(t, s)
		s.App.Flood = store.Flood{Posts: 3, Window: time.Minute}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.mair, Body: obj{"title": "Fast", "body": "one"}})
		ts.Status(t, rec, 201)
		id := ts.JSON[obj](t, rec)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": "two"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_id": w.dafyddID, "body": "three"}}), 201)
		for _, r := range []ts.Request{
			{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": "four"}},
			{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_id": w.dafyddID, "body": "four"}},
		} {
			rec = s.Do(r)
			ts.Status(t, rec, 429)
			if ra := rec.Header().Get("Retry-After"); ra == "" || ra == "0" {
				t.Fatalf("Retry-After: %q", ra)
			}
		}
		// Someone else is not held back.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.dafydd, Body: obj{"body": "mine"}}), 201)
	})
}

func TestDirectMessagesAndBlocks(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newThreadWorld(t, s)
		send := func(token string, body obj) *http.Response {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: token, Body: body}).Result()
		}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_id": w.dafyddID, "body": "Hello **Dafydd**"}})
		ts.Status(t, rec, 201)
		m := ts.JSON[obj](t, rec)
		conv := m["conversation_id"].(string)
		if !strings.Contains(m["html"].(string), "<strong>Dafydd</strong>") {
			t.Fatalf("message: %v", m)
		}
		// The second message joins the same conversation.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.dafydd, Body: obj{"to_user_id": w.mairID, "body": "Hello Mair"}})
		ts.Status(t, rec, 201)
		if ts.JSON[obj](t, rec)["conversation_id"] != conv {
			t.Fatal("a one-to-one pair has one conversation")
		}
		if got := kinds(t, s, w.dafydd); len(got) != 1 || got[0] != "direct_message" {
			t.Fatalf("dafydd is told: %v", got)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/conversations", Token: w.mair})
		ts.Status(t, rec, 200)
		list := ts.JSON[struct{ Items []obj }](t, rec).Items
		if len(list) != 1 || list[0]["unread"] != true || len(list[0]["members"].([]any)) != 2 {
			t.Fatalf("mair's conversations: %v", list)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/conversations/" + conv, Token: w.mair})
		ts.Status(t, rec, 200)
		if msgs := ts.JSON[obj](t, rec)["messages"].([]any); len(msgs) != 2 {
			t.Fatalf("messages: %v", msgs)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/conversations", Token: w.mair})
		if ts.JSON[struct{ Items []obj }](t, rec).Items[0]["unread"] != false {
			t.Fatal("read after reading")
		}
		// Outsiders see nothing; people who share no community cannot be messaged.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/conversations/" + conv, Token: w.outsider}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/conversations/" + conv + "/messages", Token: w.outsider, Body: obj{"body": "hi"}}), 404)
		if code := send(w.outsider, obj{"to_user_id": w.mairID, "body": "hi"}).StatusCode; code != 404 {
			t.Fatalf("outsider → mair: %d", code)
		}
		if code := send(w.mair, obj{"to_user_id": "no-such-person", "body": "hi"}).StatusCode; code != 404 {
			t.Fatalf("to nobody: %d", code)
		}
		if code := send(w.mair, obj{"body": "hi"}).StatusCode; code != 422 {
			t.Fatalf("to no one: %d", code)
		}
		many := []string{w.dafyddID}
		for range 8 {
			many = append(many, w.founderID+"x")
		}
		if code := send(w.mair, obj{"to_user_ids": append(many, "a", "b", "c", "d", "e", "f", "g"), "body": "hi"}).StatusCode; code != 422 {
			t.Fatalf("too many: %d", code)
		}
		huge := make([]string, 100000)
		for i := range huge {
			huge[i] = fmt.Sprint(i)
		}
		if code := send(w.mair, obj{"to_user_ids": huge, "body": "hi"}).StatusCode; code != 422 {
			t.Fatalf("a crowd: %d", code)
		}
		// A group.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_ids": []string{w.dafyddID, w.founderID}, "body": "All three"}})
		ts.Status(t, rec, 201)
		group := ts.JSON[obj](t, rec)["conversation_id"].(string)
		if group == conv {
			t.Fatal("a group is its own conversation")
		}

		// Dafydd blocks Mair: her messages to him, to a group with him, and in their conversations are refused.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/blocks", Token: w.dafydd, Body: obj{"user_id": w.mairID}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/blocks", Token: w.dafydd, Body: obj{"user_id": w.mairID}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/blocks", Token: w.dafydd, Body: obj{"user_id": w.dafyddID}}), 422)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/blocks", Token: w.dafydd, Body: obj{"user_id": "nobody"}}), 404)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_id": w.dafyddID, "body": "Please"}})
		ts.Status(t, rec, 403)
		if !strings.Contains(rec.Body.String(), "blocked") {
			t.Fatalf("403 says why: %s", rec.Body.String())
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/conversations/" + group + "/messages", Token: w.mair, Body: obj{"body": "x"}}), 403)
		if code := send(w.mair, obj{"to_user_ids": []string{w.founderID, w.dafyddID}, "body": "x"}).StatusCode; code != 403 {
			t.Fatalf("group with a blocker: %d", code)
		}
		// He may still write to her, and her mentions of him no longer tell him.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/conversations/" + conv + "/messages", Token: w.dafydd, Body: obj{"body": "Bye"}}), 201)
		before := len(kinds(t, s, w.dafydd))
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.mair, Body: obj{"title": "Ping", "body": "@DafyddJones look"}})
		ts.Status(t, rec, 201)
		if after := len(kinds(t, s, w.dafydd)); after != before {
			t.Fatal("a blocked person's mention is silent")
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/blocks", Token: w.dafydd})
		if items := ts.JSON[struct{ Items []obj }](t, rec).Items; len(items) != 1 || items[0]["name"] != "Mair Evans" {
			t.Fatalf("blocks: %v", items)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/blocks/" + w.mairID, Token: w.dafydd}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: w.mair, Body: obj{"to_user_id": w.dafyddID, "body": "Thanks"}}), 201)
	})
}

// Posts sent at once cannot slip past the limit together, and two people
// writing to each other for the first time at once share one conversation.
func TestFloodControlAndPairsUnderRace(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newThreadWorld(t, s)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.dafydd, Body: obj{"title": "Race", "body": "go"}})
		ts.Status(t, rec, 201)
		id := ts.JSON[obj](t, rec)["id"].(string)
		s.App.Flood = store.Flood{Posts: 5, Window: time.Minute}
		codes := make(chan int, 30)
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": fmt.Sprint("post ", i)}}).Code
			}()
		}
		wg.Wait()
		close(codes)
		count := map[int]int{}
		for c := range codes {
			count[c]++
		}
		if count[201] != 5 || count[429] != 25 {
			t.Fatalf("codes: %v", count)
		}

		s.App.Flood = store.Flood{}
		convs := make(chan string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				from, to := w.mair, w.dafyddID
				if i%2 == 1 {
					from, to = w.dafydd, w.mairID
				}
				rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/messages", Token: from, Body: obj{"to_user_id": to, "body": "hi"}})
				if rec.Code != 201 {
					convs <- fmt.Sprint("status ", rec.Code, rec.Body.String())
					return
				}
				convs <- ts.JSON[obj](t, rec)["conversation_id"].(string)
			}()
		}
		wg.Wait()
		close(convs)
		seen := map[string]bool{}
		for c := range convs {
			seen[c] = true
		}
		if len(seen) != 1 {
			t.Fatalf("conversations: %v", seen)
		}
	})
}
