package api_test

import (
	"context"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Peer moderation: three members in good standing hide a resource, its
// author answers, members score, and when the period is over the scores
// decide; every step on the record.
func TestPeerModeration(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founder := s.SignUp("carys@example.org", "Carys")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founder, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		// One voice makes a member however long the test runs: by the week
		// the review waits, everyone has joined more than a day ago, which
		// would raise the default threshold and unmake the members.
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: founder, Body: obj{"trust_threshold": 1}}), 200)
		ids, toks := map[string]string{}, map[string]string{}
		for _, n := range []string{"author", "a", "b", "c", "newbie"} {
			ids[n], toks[n] = s.SignUp(n+"@example.org", "Person "+n)
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: toks[n]}), 201)
			if n != "newbie" {
				ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + ids[n] + "/trust", Token: founder, Body: obj{"role": "member"}}), 201)
			}
		}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: toks["author"], Body: obj{"title": "Miracle cure", "kind": "other", "approval": "open"}})
		ts.Status(t, rec, 201)
		res := ts.JSON[obj](t, rec)["id"].(string)
		flag := func(who string) (int, obj) {
			rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/flags", Token: toks[who],
				Body: obj{"subject": obj{"type": "resource", "id": res}, "reason": "Breaks agreement 1: it sells pills."}})
			body := obj{}
			if rec.Code < 300 {
				body = ts.JSON[obj](t, rec)
			}
			return rec.Code, body
		}
		// A newcomer's flag is heard but does not count towards hiding.
		if code, b := flag("newbie"); code != 201 || b["hidden"] != false {
			t.Fatalf("newbie: %d %v", code, b)
		}
		if code, _ := flag("newbie"); code != 409 {
			t.Fatalf("flagging twice: %d", code)
		}
		if code, _ := flag("author"); code != 422 {
			t.Fatalf("flagging one's own: %d", code)
		}
		flag("a")
		flag("b")
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res}), 200)
		if code, b := flag("c"); code != 201 || b["hidden"] != true {
			t.Fatalf("third counting flag: %d %v", code, b)
		}
		// Hidden: gone from the directory and from visitors; members see it.
		list := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/resources"}))["items"].([]any)
		if len(list) != 0 {
			t.Fatalf("hidden resource listed: %v", list)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res, Token: toks["a"]}), 200)
		// The author is told, and answers.
		n := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: toks["author"]}))["items"].([]any)[0].(obj)
		if n["kind"] != "content_hidden" {
			t.Fatalf("author's notification: %v", n)
		}
		reviews := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/reviews", Token: toks["a"]}))["items"].([]any)
		review := reviews[0].(obj)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/reviews/" + review + "/answer", Token: toks["a"], Body: obj{"answer": "Not mine"}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/reviews/" + review + "/answer", Token: toks["author"], Body: obj{"answer": "They are herbal teas."}}), 200)
		// Members score; the author and newcomers do not.
		score := func(who string, restore, keep, remove int) int {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/reviews/" + review + "/scores", Token: toks[who],
				Body: obj{"restore": restore, "keep_hidden": keep, "remove": remove}}).Code
		}
		if code := score("author", 2, -2, -2); code != 403 {
			t.Fatalf("author scoring: %d", code)
		}
		if code := score("newbie", 0, 0, 2); code != 403 {
			t.Fatalf("newcomer scoring: %d", code)
		}
		if code := score("a", 0, 0, 9); code != 422 {
			t.Fatalf("score out of range: %d", code)
		}
		for _, who := range []string{"a", "b", "c"} {
			if code := score(who, -1, 1, 2); code != 200 {
				t.Fatalf("%s scoring: %d", who, code)
			}
		}
		// Still open: no outcome. A week later it is decided: removed.
		rv := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/reviews/" + review, Token: toks["a"]}))
		if rv["outcome"] != nil || rv["answer"] != "They are herbal teas." || len(rv["flags"].([]any)) != 4 {
			t.Fatalf("open review: %v", rv)
		}
		later := time.Now().Add(8 * 24 * time.Hour)
		s.App.SetClock(func() time.Time { return later })
		// The background sweep decides it even before anyone looks.
		if n, err := s.App.CloseDueReviews(context.Background()); err != nil || n != 1 {
			t.Fatalf("sweep closed %d: %v", n, err)
		}
		rv = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/reviews/" + review, Token: toks["a"]}))
		if rv["outcome"] != "remove" {
			t.Fatalf("decided: %v", rv)
		}
		if code := score("a", 2, 0, 0); code != 409 {
			t.Fatalf("scoring a closed review: %d", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res, Token: toks["a"]}), 404)
		n = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications", Token: toks["author"]}))["items"].([]any)[0].(obj)
		if n["kind"] != "review_decided" {
			t.Fatalf("author told of the outcome: %v", n)
		}
	})
}

// Content a review kept hidden is its author's alone; side routes follow
// the same rule as the resource itself.
func TestKeptHiddenIsTheAuthorsAlone(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founder := s.SignUp("carys@example.org", "Carys")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founder, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		authorID, author := s.SignUp("author@example.org", "Author")
		memberID, member := s.SignUp("member@example.org", "Member")
		for _, p := range [][2]string{{authorID, author}, {memberID, member}} {
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: p[1]}), 201)
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + p[0] + "/trust", Token: founder, Body: obj{"role": "member"}}), 201)
		}
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: author, Body: obj{"title": "Odd offer", "kind": "other", "bookable": true, "approval": "open"}})
		res := ts.JSON[obj](t, rec)["id"].(string)
		// The founder is a steward: one flag hides it.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/flags", Token: founder, Body: obj{"subject": obj{"type": "resource", "id": res}, "reason": "Looks like spam"}})
		if ts.JSON[obj](t, rec)["hidden"] != true {
			t.Fatal("a steward's flag did not hide it")
		}
		for _, path := range []string{"/resources/" + res + "/calendar.ics", "/api/v1/resources/" + res + "/bookings", "/api/v1/resources/" + res + "/availability", "/resources/" + res + "/photo"} {
			if code := s.Do(ts.Request{Method: "GET", Path: path}).Code; code != 404 {
				t.Errorf("a visitor reaches hidden content at %s: %d", path, code)
			}
		}
		review := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/reviews", Token: member}))["items"].([]any)[0].(obj)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/reviews/" + review + "/scores", Token: member, Body: obj{"restore": -1, "keep_hidden": 2, "remove": 0}}), 200)
		later := time.Now().Add(8 * 24 * time.Hour)
		s.App.SetClock(func() time.Time { return later })
		if rv := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/reviews/" + review, Token: member})); rv["outcome"] != "keep_hidden" {
			t.Fatalf("outcome: %v", rv["outcome"])
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res, Token: member}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/resources/" + res, Token: author}), 200)
	})
}
