package web_test

import (
	"fmt"
	"net/http"
	"slices"
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
		m := newMatrix(t, s, "px", "Policy")
		api, id, founder := m.api, m.id, m.founder
		// Each is trusted by the founder for one role only; the author and
		// the organization's admin are plain members.
		people := map[string]*person{"visitor": m.visitor()}
		for who, role := range map[string]string{"newcomer": "", "member": "member", "editor": "editor", "steward": "steward",
			"author": "member", "orgadmin": "member"} {
			people[who] = m.join(who, role)
		}
		personae := []string{"visitor", "newcomer", "member", "editor", "steward", "author", "orgadmin"}

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
		m.want(api("POST", "/api/v1/communities/px/flags", founder, map[string]any{"subject": map[string]any{"type": "resource", "id": hidden},
			"reason": "Agreement 1"}), http.StatusCreated)
		rec := api("GET", "/api/v1/communities/px/reviews", founder, nil)
		review := ts.JSON[map[string]any](t, rec)["items"].([]any)[0].(map[string]any)["id"].(string)
		org := id(api("POST", "/api/v1/communities/px/organizations", people["orgadmin"].token, map[string]any{"name": "Choir", "sector": "ngo"}))
		// Applications, after everyone above has joined: one applicant per
		// attempt.
		m.want(api("PATCH", "/api/v1/communities/px", founder, map[string]any{"requires_application": true}), http.StatusOK)
		applicants := 0
		applicant := func() string {
			applicants++
			uid, tok := s.SignUp(fmt.Sprintf("applicant%d@example.org", applicants), "Applicant")
			m.want(api("POST", "/api/v1/communities/px/members", tok, nil), http.StatusAccepted)
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
					return p.b.do("POST", tg.action, map[string]string{"person": "x", "person_id": people["member"].id, "role": "member"}).Code
				}},
		}
		for _, a := range attempts {
			for _, who := range personae {
				p := people[who]
				tg := a.prepare()
				control := hasForm(p.page(tg.page), tg.action)
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
