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
		m := newMatrix(t, s, "mx", "Matrix")
		api, id, join, founder := m.api, m.id, m.join, m.founder
		organizer := join("organizer (author)", "")
		orgAdmin := join("organization admin", "")
		author := join("post author", "")
		people := map[string]*person{"visitor": m.visitor()}
		for _, p := range []*person{
			join("newcomer", ""),
			join("member", "member"),
			join("editor only", "editor"), // trusted as an editor, never as a member
			join("steward", "steward"),
			organizer, orgAdmin, author,
		} {
			people[p.name] = p
		}
		personae := []string{"visitor", "newcomer", "member", "editor only", "steward", "organizer (author)", "organization admin", "post author"}

		// The organizer's organization, which co-runs each activity; its
		// other admin runs the activities through it.
		org := id(api("POST", "/api/v1/communities/mx/organizations", organizer.token, map[string]any{"name": "Choir", "sector": "ngo"}))
		m.want(api("POST", "/api/v1/organizations/"+org+"/members", organizer.token, map[string]any{"user_id": orgAdmin.id, "role": "admin"}), http.StatusOK)

		day := 2
		activity := func() string {
			day++
			b := map[string]any{"title": "Class", "kind": "course", "online_url": "https://meet.example.org/class",
				"starts_at": slot(day, "10:00"), "ends_at": slot(day, "11:00"), "organization_ids": []string{org}}
			return id(api("POST", "/api/v1/communities/mx/activities", organizer.token, b))
		}
		proposal := func() string {
			return id(api("POST", "/api/v1/communities/mx/proposals", founder, map[string]any{"title": "Bread"}))
		}
		thread := func() string {
			return id(api("POST", "/api/v1/communities/mx/threads", founder, map[string]any{"title": "News", "body": "Hello"}))
		}
		// post is a thread with a post of the post author's in it.
		post := func() (string, string) {
			th := thread()
			return th, id(api("POST", "/api/v1/threads/"+th+"/posts", author.token, map[string]any{"body": "Mine"}))
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
						return api("POST", "/api/v1/activities/"+id+"/registrations", p.token, nil).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/register", nil)
					}
			}, []string{"newcomer", "editor only", "post author"}, []string{"visitor"}},
			{"move an occurrence", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := activity()
				return "/c/mx/activities/" + id, "/c/mx/activities/" + id + "/move",
					func(p *person) int {
						return api("PATCH", "/api/v1/activities/"+id, p.token, map[string]any{"starts_at": slot(90, "10:00"), "ends_at": slot(90, "11:00")}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/move", map[string]string{"day": dayOf(91), "from": "10:00", "to": "11:00"})
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "editor only", "steward", "member"}},
			{"cancel an occurrence", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := activity()
				return "/c/mx/activities/" + id, "/c/mx/activities/" + id + "/cancel",
					func(p *person) int { return api("DELETE", "/api/v1/activities/"+id, p.token, nil).Code },
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/activities/"+id+"/cancel", nil)
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "editor only", "steward", "newcomer"}},
			{"back a proposal", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := proposal()
				return "/c/mx/proposals/" + id, "/c/mx/proposals/" + id + "/interest",
					func(p *person) int {
						return api("POST", "/api/v1/proposals/"+id+"/interest", p.token, map[string]any{"role": "learn"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/proposals/"+id+"/interest", map[string]string{"role": "teach"})
					}
			}, []string{"newcomer", "editor only"}, []string{"visitor"}},
			{"pin a thread", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := thread()
				return "/c/mx/threads/" + id, "/c/mx/threads/" + id + "/pin",
					func(p *person) int {
						return api("POST", "/api/v1/threads/"+id+"/pin", p.token, map[string]any{"pinned": true}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+id+"/pin", map[string]string{"pinned": "true"})
					}
			}, []string{"editor only"}, []string{"visitor", "member", "steward", "newcomer"}},
			{"reply in a thread", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := thread()
				return "/c/mx/threads/" + id, "/c/mx/threads/" + id,
					func(p *person) int {
						return api("POST", "/api/v1/threads/"+id+"/posts", p.token, map[string]any{"body": "Yes"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+id, map[string]string{"body": "Yes"})
					}
			}, []string{"newcomer", "editor only", "steward"}, []string{"visitor"}},
			{"edit a post", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				th, id := post()
				return "/c/mx/threads/" + th + "?edit=" + id, "/c/mx/threads/" + th + "/posts/" + id + "/edit",
					func(p *person) int {
						return api("PATCH", "/api/v1/posts/"+id, p.token, map[string]any{"body": "Changed"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+th+"/posts/"+id+"/edit", map[string]string{"body": "Changed"})
					}
			}, []string{"post author"}, []string{"visitor", "editor only", "steward", "member"}},
			{"delete a post", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				th, id := post()
				return "/c/mx/threads/" + th, "/c/mx/threads/" + th + "/posts/" + id + "/delete",
					func(p *person) int { return api("DELETE", "/api/v1/posts/"+id, p.token, nil).Code },
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/mx/threads/"+th+"/posts/"+id+"/delete", nil)
					}
			}, []string{"post author"}, []string{"visitor", "editor only", "steward", "member"}},
		}
		// shown reports whether a page carries a form posting to control.
		shown := func(p *person, page, control string) bool { return hasForm(p.page(page), control) }
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
				for _, w := range a.must {
					if w == who && (!apiOK || !okWeb) {
						t.Errorf("%s, %s: must succeed: API %d, web %d", a.name, who, apiCode, webCode)
					}
				}
				for _, w := range a.mustNot {
					if w == who && (apiOK || okWeb || onPage || onWebPage) {
						t.Errorf("%s, %s: must be refused: API %d, web %d, controls %v %v", a.name, who, apiCode, webCode, onPage, onWebPage)
					}
				}
			}
		}
	})
}
