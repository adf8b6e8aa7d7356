package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The community's own actions — flagging, scoring and answering reviews,
// commenting on and deciding applications, managing an organization's
// people — for every persona, through both doors: the control (the form
// posting to the action) is on the page exactly when the request
// succeeds, through the API and through the web, and who succeeds is who
// the rules say. Personae include a person trusted for one role only
// (editor only, steward only, without the member role), the author of the
// content, and an organization's admin: a page that tested for the member
// role while the use case accepted any trusted role (the review page once
// did) fails here.
func TestCommunityPolicyControlsMatchRequests(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founder := s.SignUp("founder@example.org", "Founder")
		api := func(method, path, token string, body map[string]any) *httptest.ResponseRecorder {
			return s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
		}
		if rec := api("POST", "/api/v1/communities", founder, map[string]any{"slug": "px", "name": "Policy"}); rec.Code != 201 {
			t.Fatal(rec.Code, rec.Body.String())
		}
		type person struct {
			id, token string
			b         *browser
		}
		people := map[string]*person{}
		// Each is trusted by the founder for one role only (one voice is
		// enough in a new community); the author and the organization's
		// admin are plain members.
		for who, role := range map[string]string{"newcomer": "", "member": "member", "editor": "editor", "steward": "steward",
			"author": "member", "orgadmin": "member"} {
			id, tok := s.SignUp(who+"@example.org", "Person "+who)
			if rec := api("POST", "/api/v1/communities/px/members", tok, nil); rec.Code != 201 {
				t.Fatal(rec.Code, rec.Body.String())
			}
			if role != "" {
				if rec := api("POST", "/api/v1/communities/px/members/"+id+"/trust", founder, map[string]any{"role": role}); rec.Code != 201 {
					t.Fatalf("trust %s: %d %s", who, rec.Code, rec.Body.String())
				}
			}
			b := newBrowser(t, s, "en")
			b.post("/signin", map[string]string{"email": who + "@example.org", "password": "correct horse battery"})
			people[who] = &person{id: id, token: tok, b: b}
		}
		people["visitor"] = &person{b: newBrowser(t, s, "en")}
		personae := []string{"visitor", "newcomer", "member", "editor", "steward", "author", "orgadmin"}

		id := func(rec *httptest.ResponseRecorder) string {
			t.Helper()
			if rec.Code != 201 {
				t.Fatal(rec.Code, rec.Body.String())
			}
			return ts.JSON[map[string]any](t, rec)["id"].(string)
		}
		// Fresh content by the author for each attempt: a second flag is a
		// conflict, and a steward's flag hides the content.
		resources := 0
		resource := func() string {
			resources++
			return id(api("POST", "/api/v1/communities/px/resources", people["author"].token,
				map[string]any{"title": fmt.Sprintf("Ladder %d", resources), "kind": "time", "approval": "open"}))
		}
		// An open review of the author's content: the founder (a steward)
		// hides it with one flag.
		hidden := resource()
		if rec := api("POST", "/api/v1/communities/px/flags", founder, map[string]any{"subject": map[string]any{"type": "resource", "id": hidden},
			"reason": "Agreement 1"}); rec.Code != 201 {
			t.Fatal(rec.Code, rec.Body.String())
		}
		rec := api("GET", "/api/v1/communities/px/reviews", founder, nil)
		review := ts.JSON[map[string]any](t, rec)["items"].([]any)[0].(map[string]any)["id"].(string)
		org := id(api("POST", "/api/v1/communities/px/organizations", people["orgadmin"].token, map[string]any{"name": "Choir", "sector": "ngo"}))
		// Applications, after everyone above has joined: one applicant per
		// attempt.
		if rec := api("PATCH", "/api/v1/communities/px", founder, map[string]any{"requires_application": true}); rec.Code != 200 {
			t.Fatal(rec.Code, rec.Body.String())
		}
		applicants := 0
		applicant := func() string {
			applicants++
			uid, tok := s.SignUp(fmt.Sprintf("applicant%d@example.org", applicants), "Applicant")
			if rec := api("POST", "/api/v1/communities/px/members", tok, nil); rec.Code != 202 {
				t.Fatal(rec.Code, rec.Body.String())
			}
			return uid
		}

		// An attempt prepares its target, names the page that shows the
		// control and the control's form action, and makes the request.
		type target struct{ page, action, subject string }
		type attempt struct {
			name    string
			allowed []string
			prepare func() target
			api     func(p *person, tg target) int
			web     func(p *person, tg target) int
		}
		scores := map[string]string{"restore": "1", "keep_hidden": "0", "remove": "-1"}
		attempts := []attempt{
			{"flag", []string{"newcomer", "member", "editor", "steward", "orgadmin"},
				func() target { r := resource(); return target{"/c/px/resources/" + r, "/c/px/flags", r} },
				func(p *person, tg target) int {
					return api("POST", "/api/v1/communities/px/flags", p.token, map[string]any{"subject": map[string]any{"type": "resource", "id": tg.subject},
						"reason": "Agreement 2"}).Code
				},
				func(p *person, tg target) int {
					return p.b.do("POST", tg.action, map[string]string{"subject_type": "resource", "subject_id": tg.subject, "reason": "Agreement 2",
						"back": tg.page}).Code
				}},
			{"score review", []string{"member", "editor", "steward", "orgadmin"},
				func() target { return target{"/reviews/" + review, "/reviews/" + review + "/scores", review} },
				func(p *person, tg target) int {
					return api("POST", "/api/v1/reviews/"+tg.subject+"/scores", p.token, map[string]any{"restore": 1, "keep_hidden": 0, "remove": -1}).Code
				},
				func(p *person, tg target) int { return p.b.do("POST", tg.action, scores).Code }},
			{"answer review", []string{"author"},
				func() target { return target{"/reviews/" + review, "/reviews/" + review + "/answer", review} },
				func(p *person, tg target) int {
					return api("POST", "/api/v1/reviews/"+tg.subject+"/answer", p.token, map[string]any{"answer": "It is free"}).Code
				},
				func(p *person, tg target) int {
					return p.b.do("POST", tg.action, map[string]string{"answer": "It is free"}).Code
				}},
			{"comment on application", []string{"member", "editor", "steward", "author", "orgadmin"},
				func() target {
					a := applicant()
					return target{"/c/px/applications", "/c/px/applications/" + a + "/comments", a}
				},
				func(p *person, tg target) int {
					return api("POST", "/api/v1/communities/px/applications/"+tg.subject+"/comments", p.token, map[string]any{"body": "I know her"}).Code
				},
				func(p *person, tg target) int {
					return p.b.do("POST", tg.action, map[string]string{"body": "I know her"}).Code
				}},
			{"decide application", []string{"editor"},
				func() target {
					a := applicant()
					return target{"/c/px/applications", "/c/px/applications/" + a, a}
				},
				func(p *person, tg target) int {
					return api("POST", "/api/v1/communities/px/members/"+tg.subject+"/decision", p.token, map[string]any{"decision": "admit"}).Code
				},
				func(p *person, tg target) int {
					return p.b.do("POST", tg.action, map[string]string{"decision": "admit"}).Code
				}},
			{"add a person to an organization", []string{"orgadmin"},
				func() target {
					return target{"/c/px/organizations/" + org, "/c/px/organizations/" + org + "/members", org}
				},
				func(p *person, tg target) int {
					return api("POST", "/api/v1/organizations/"+tg.subject+"/members", p.token, map[string]any{"user_id": people["member"].id, "role": "member"}).Code
				},
				func(p *person, tg target) int {
					return p.b.do("POST", tg.action, map[string]string{"email": "member@example.org", "role": "member"}).Code
				}},
		}
		for _, a := range attempts {
			for _, who := range personae {
				p := people[who]
				tg := a.prepare()
				page := p.b.do("GET", tg.page, nil)
				control := page.Code == http.StatusOK && strings.Contains(page.Body.String(), `action="`+tg.action+`"`)
				apiCode := a.api(p, tg)
				okAPI := apiCode >= 200 && apiCode < 300
				if a.name == "flag" || a.name == "decide application" {
					tg = a.prepare() // the first target is flagged (or decided) already
				}
				webCode := a.web(p, tg)
				okWeb := webCode == http.StatusOK || webCode == http.StatusCreated || webCode == http.StatusSeeOther && who != "visitor"
				allowed := slices.Contains(a.allowed, who)
				if control != allowed || okAPI != allowed || okWeb != allowed {
					t.Errorf("%s, %s: control on %s %v, API %d, web %d; want allowed=%v", a.name, who, tg.page, control, apiCode, webCode, allowed)
				}
			}
		}
	})
}
