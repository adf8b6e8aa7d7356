package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The learning and conversation actions against every persona, through
// both doors: for each, the control (the form that posts to the action)
// is on the page exactly when the request succeeds, through the API and
// through the web. A page that tested a role by hand instead of reading
// the use case's answer (.Data.May, a post's .May) would drift, and fail
// here.
func TestPolicyMatrixOfActivitiesAndThreads(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		// Many posts in a minute here, from a few people: flood control is
		// tested elsewhere.
		s.App.Flood = store.Flood{}
		_, founder := s.SignUp("founder@example.org", "Founder")
		call := func(method, path, token string, body map[string]any) (int, map[string]any) {
			rec := s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
			out := map[string]any{}
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				out = ts.JSON[map[string]any](t, rec)
			}
			return rec.Code, out
		}
		must := func(code int, body map[string]any) map[string]any {
			t.Helper()
			if code < 200 || code > 299 {
				t.Fatalf("setting up: %d: %v", code, body)
			}
			return body
		}
		must(call("POST", "/api/v1/communities", founder, map[string]any{"slug": "mx", "name": "Matrix"}))

		type person struct {
			id, token string
			b         *browser
		}
		people := map[string]*person{}
		join := func(name, role string) *person {
			email := strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' {
					return r
				}
				return -1
			}, name) + "@example.org"
			id, tok := s.SignUp(email, name)
			must(call("POST", "/api/v1/communities/mx/members", tok, nil))
			if role != "" {
				must(call("POST", "/api/v1/communities/mx/members/"+id+"/trust", founder, map[string]any{"role": role}))
			}
			b := newBrowser(t, s, "en")
			b.post("/signin", map[string]string{"email": email, "password": "correct horse battery"})
			p := &person{id: id, token: tok, b: b}
			people[name] = p
			return p
		}
		join("newcomer", "")
		join("member", "member")
		join("editor only", "editor") // trusted as an editor, never as a member
		join("steward", "steward")
		organizer := join("organizer (author)", "")
		orgAdmin := join("organization admin", "")
		author := join("post author", "")
		people["visitor"] = &person{b: newBrowser(t, s, "en")}
		personae := []string{"visitor", "newcomer", "member", "editor only", "steward", "organizer (author)", "organization admin", "post author"}

		// The organizer's organization, which co-runs each activity; its
		// other admin runs the activities through it.
		org := must(call("POST", "/api/v1/communities/mx/organizations", organizer.token, map[string]any{"name": "Choir", "sector": "ngo"}))["id"].(string)
		must(call("POST", "/api/v1/organizations/"+org+"/members", organizer.token, map[string]any{"user_id": orgAdmin.id, "role": "admin"}))

		day := 2
		activity := func() string {
			day++
			b := map[string]any{"title": "Class", "kind": "course", "online_url": "https://meet.example.org/class",
				"starts_at": slot(day, "10:00"), "ends_at": slot(day, "11:00"), "organization_ids": []string{org}}
			return must(call("POST", "/api/v1/communities/mx/activities", organizer.token, b))["id"].(string)
		}
		proposal := func() string {
			return must(call("POST", "/api/v1/communities/mx/proposals", founder, map[string]any{"title": "Bread"}))["id"].(string)
		}
		thread := func() string {
			return must(call("POST", "/api/v1/communities/mx/threads", founder, map[string]any{"title": "News", "body": "Hello"}))["id"].(string)
		}
		// post is a thread with a post of the post author's in it.
		post := func() (string, string) {
			th := thread()
			p := must(call("POST", "/api/v1/threads/"+th+"/posts", author.token, map[string]any{"body": "Mine"}))["id"].(string)
			return th, p
		}

		type action struct {
			name string
			// fresh makes the thing acted on and names the page that shows
			// its control and the control's action, and the two attempts.
			fresh func() (page, control string, api func(p *person) int, web func(p *person) *httptest.ResponseRecorder)
			// must lists personae who must succeed, and mustNot who must
			// not: without them, a page and a use case that both refused
			// everyone would agree.
			must, mustNot []string
		}
		actions := []action{
			{"register", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := activity()
				return "/c/mx/activities/" + id, "/c/mx/activities/" + id + "/register",
					func(p *person) int {
						c, _ := call("POST", "/api/v1/activities/"+id+"/registrations", p.token, nil)
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/register", nil)
					}
			}, []string{"newcomer", "editor only", "post author"}, []string{"visitor"}},
			{"move an occurrence", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := activity()
				return "/c/mx/activities/" + id, "/c/mx/activities/" + id + "/move",
					func(p *person) int {
						c, _ := call("PATCH", "/api/v1/activities/"+id, p.token, map[string]any{"starts_at": slot(90, "10:00"), "ends_at": slot(90, "11:00")})
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/move", map[string]string{"day": dayOf(91), "from": "10:00", "to": "11:00"})
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "editor only", "steward", "member"}},
			{"cancel an occurrence", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := activity()
				return "/c/mx/activities/" + id, "/c/mx/activities/" + id + "/cancel",
					func(p *person) int { c, _ := call("DELETE", "/api/v1/activities/"+id, p.token, nil); return c },
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/cancel", nil)
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "editor only", "steward", "newcomer"}},
			{"back a proposal", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := proposal()
				return "/c/mx/proposals/" + id, "/c/mx/proposals/" + id + "/interest",
					func(p *person) int {
						c, _ := call("POST", "/api/v1/proposals/"+id+"/interest", p.token, map[string]any{"role": "learn"})
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/proposals/"+id+"/interest", map[string]string{"role": "teach"})
					}
			}, []string{"newcomer", "editor only"}, []string{"visitor"}},
			{"pin a thread", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := thread()
				return "/c/mx/threads/" + id, "/c/mx/threads/" + id + "/pin",
					func(p *person) int {
						c, _ := call("POST", "/api/v1/threads/"+id+"/pin", p.token, map[string]any{"pinned": true})
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+id+"/pin", map[string]string{"pinned": "true"})
					}
			}, []string{"editor only"}, []string{"visitor", "member", "steward", "newcomer"}},
			{"reply in a thread", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := thread()
				return "/c/mx/threads/" + id, "/c/mx/threads/" + id,
					func(p *person) int {
						c, _ := call("POST", "/api/v1/threads/"+id+"/posts", p.token, map[string]any{"body": "Yes"})
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+id, map[string]string{"body": "Yes"})
					}
			}, []string{"newcomer", "editor only", "steward"}, []string{"visitor"}},
			{"edit a post", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				th, id := post()
				return "/c/mx/threads/" + th + "?edit=" + id, "/c/mx/threads/" + th + "/posts/" + id + "/edit",
					func(p *person) int {
						c, _ := call("PATCH", "/api/v1/posts/"+id, p.token, map[string]any{"body": "Changed"})
						return c
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+th+"/posts/"+id+"/edit", map[string]string{"body": "Changed"})
					}
			}, []string{"post author"}, []string{"visitor", "editor only", "steward", "member"}},
			{"delete a post", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				th, id := post()
				return "/c/mx/threads/" + th, "/c/mx/threads/" + th + "/posts/" + id + "/delete",
					func(p *person) int { c, _ := call("DELETE", "/api/v1/posts/"+id, p.token, nil); return c },
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+th+"/posts/"+id+"/delete", nil)
					}
			}, []string{"post author"}, []string{"visitor", "editor only", "steward", "member"}},
		}
		// shown reports whether a page carries a form posting to control.
		shown := func(p *person, page, control string) bool {
			rec := p.b.do("GET", page, nil)
			body := rec.Body.String()
			return rec.Code == http.StatusOK && (strings.Contains(body, `action="`+control+`"`) || strings.Contains(body, `action="`+control+`#`))
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				page, control, viaAPI, _ := a.fresh()
				onPage := shown(p, page, control)
				apiCode := viaAPI(p)
				apiOK := apiCode >= 200 && apiCode < 300

				page, control, _, viaWeb := a.fresh()
				onWebPage := shown(p, page, control)
				rec := viaWeb(p)
				webCode := rec.Code
				// Done is a redirect to the thing; a visitor is sent to sign in.
				okWeb := webCode == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/signin")
				if onPage != apiOK {
					t.Errorf("%s, %s: control on the page %v, API answered %d", a.name, who, onPage, apiCode)
				}
				if onWebPage != okWeb {
					t.Errorf("%s, %s: control on the page %v, web answered %d", a.name, who, onWebPage, webCode)
				}
				for _, m := range a.must {
					if m == who && (!apiOK || !okWeb) {
						t.Errorf("%s, %s: must succeed: API %d, web %d", a.name, who, apiCode, webCode)
					}
				}
				for _, m := range a.mustNot {
					if m == who && (apiOK || okWeb || onPage || onWebPage) {
						t.Errorf("%s, %s: must be refused: API %d, web %d, controls %v %v", a.name, who, apiCode, webCode, onPage, onWebPage)
					}
				}
			}
		}
	})
}
