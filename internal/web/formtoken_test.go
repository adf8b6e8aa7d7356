package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// formToken is the one-time token drawn into the POST form with action on
// a page.
func formToken(t *testing.T, page, action string) string {
	t.Helper()
	m := regexp.MustCompile(`<form\b[^>]*action="` + regexp.QuoteMeta(action) + `"[^>]*><input type="hidden" name="form_token" value="([^"]+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form token in the form for %s", action)
	}
	return m[1]
}

// postTwiceAtOnce sends one drawn form twice at the same moment, as a
// double click does, and returns both answers.
func postTwiceAtOnce(b *browser, path string, form map[string]string) [2]*httptest.ResponseRecorder {
	var cs []*http.Cookie
	for _, c := range b.cookies {
		cs = append(cs, c)
	}
	var out [2]*httptest.ResponseRecorder
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = b.s.Do(ts.Request{Method: "POST", Path: path, Form: form, Cookies: cs,
				Header: map[string]string{"Sec-Fetch-Site": "same-origin", "Accept-Language": "en"}})
		}()
	}
	wg.Wait()
	return out
}

// Two submits of one drawn create form sent before the first answer make
// one thing, and both are sent to it with the same message; a form drawn
// again makes a second thing on purpose.
func TestWebCreateFormsAreResubmissionSafe(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, tok := s.SignUp("carys@example.org", "Carys Morgan")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: tok, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		b := newBrowser(t, s, "en")
		b.post("/signin", map[string]string{"email": "carys@example.org", "password": "correct horse battery"})
		count := func(path, re string) int {
			t.Helper()
			return len(regexp.MustCompile(re).FindAllString(b.get(path), -1))
		}
		sameAnswers := func(what string, recs [2]*httptest.ResponseRecorder) string {
			t.Helper()
			for _, rec := range recs {
				if rec.Code != http.StatusSeeOther {
					t.Fatalf("%s: %d\n%s", what, rec.Code, rec.Body.String())
				}
			}
			if a, b := recs[0].Header().Get("Location"), recs[1].Header().Get("Location"); a != b {
				t.Fatalf("%s: the second submit went elsewhere: %s, %s", what, a, b)
			}
			flash := func(rec *httptest.ResponseRecorder) string {
				for _, c := range rec.Result().Cookies() {
					if c.Name == "commons_flash" {
						return c.Value
					}
				}
				return ""
			}
			if flash(recs[0]) == "" || flash(recs[0]) != flash(recs[1]) {
				t.Fatalf("%s: not the same message: %q, %q", what, flash(recs[0]), flash(recs[1]))
			}
			return recs[0].Header().Get("Location")
		}

		// A resource.
		form := map[string]string{"title": "Long ladder", "kind": "equipment", "terms": "free", "approval": "open",
			"form_token": formToken(t, b.get("/c/cwm/resources/new"), "/c/cwm/resources/new")}
		sameAnswers("resource", postTwiceAtOnce(b, "/c/cwm/resources/new", form))
		if n := count("/api/v1/communities/cwm/resources", `"title":"Long ladder"`); n != 1 {
			t.Fatalf("%d resources from one drawn form", n)
		}
		// The same form drawn again is a new request: a second ladder.
		form["form_token"] = formToken(t, b.get("/c/cwm/resources/new"), "/c/cwm/resources/new")
		if code, _ := b.post("/c/cwm/resources/new", form); code != http.StatusSeeOther {
			t.Fatalf("second resource: %d", code)
		}
		if n := count("/api/v1/communities/cwm/resources", `"title":"Long ladder"`); n != 2 {
			t.Fatalf("%d resources from two drawn forms", n)
		}

		// A thread, then a post in it.
		form = map[string]string{"title": "Sunday opening", "body": "Could the hall open on Sundays?",
			"form_token": formToken(t, b.get("/c/cwm/threads/new"), "/c/cwm/threads/new")}
		thread := sameAnswers("thread", postTwiceAtOnce(b, "/c/cwm/threads/new", form))
		if n := count("/api/v1/communities/cwm/threads", `"title":"Sunday opening"`); n != 1 {
			t.Fatalf("%d threads from one drawn form", n)
		}
		form = map[string]string{"body": "Yes, from ten.", "form_token": formToken(t, b.get(thread), thread)}
		sameAnswers("post", postTwiceAtOnce(b, thread, form))
		if n := count(thread, `id="post-[0-9a-f-]+"`); n != 2 {
			t.Fatalf("%d posts in the thread, want its first and one reply", n)
		}

		// An initiative.
		form = map[string]string{"title": "Repair café", "summary": "Fix things together",
			"form_token": formToken(t, b.get("/c/cwm/initiatives/new"), "/c/cwm/initiatives/new")}
		sameAnswers("initiative", postTwiceAtOnce(b, "/c/cwm/initiatives/new", form))
		if n := count("/api/v1/communities/cwm/initiatives", `"title":"Repair café"`); n != 1 {
			t.Fatalf("%d initiatives from one drawn form", n)
		}

		// A form with a problem is not kept: fixed and sent with the same
		// token, it acts.
		page := b.get("/c/cwm/initiatives/new")
		form = map[string]string{"title": "", "summary": "Walks", "form_token": formToken(t, page, "/c/cwm/initiatives/new")}
		if rec := b.do("POST", "/c/cwm/initiatives/new", form); rec.Code != 422 {
			t.Fatalf("empty title: %d", rec.Code)
		}
		form["title"] = "Walking group"
		if code, _ := b.post("/c/cwm/initiatives/new", form); code != http.StatusSeeOther {
			t.Fatalf("fixed form: %d", code)
		}
		if n := count("/api/v1/communities/cwm/initiatives", `"title":"Walking group"`); n != 1 {
			t.Fatalf("%d initiatives after fixing a form", n)
		}
		if !strings.Contains(page, `name="form_token"`) {
			t.Fatal("no token in the page")
		}
	})
}
