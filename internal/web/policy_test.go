package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	ts "github.com/commons-project/commons/internal/testserver"
)

// Every role against every action, through both doors: the JSON API and
// the web pages answer alike, as the one policy table says.
func TestPolicyMatrixThroughWebAndAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		founderID, founder := s.SignUp("founder@example.org", "Founder")
		_ = founderID
		api := func(method, path, token string, body map[string]any) int {
			return s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body}).Code
		}
		if code := api("POST", "/api/v1/communities", founder, map[string]any{"slug": "mx", "name": "Matrix"}); code != 201 {
			t.Fatal(code)
		}
		if rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/mx/resources", Token: founder,
			Body: map[string]any{"title": "Hall", "kind": "space", "bookable": true, "approval": "open"}}); rec.Code != 201 {
			t.Fatal(rec.Code, rec.Body.String())
		}
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/mx/resources"})
		hall := ts.JSON[map[string]any](t, rec)["items"].([]any)[0].(map[string]any)["id"].(string)

		// One person per role, made by the founder's trust (one voice is
		// enough in a new community); and a browser signed in as each.
		type person struct {
			id, token string
			b         *browser
			member    *commons.Member
		}
		people := map[string]*person{}
		for _, role := range []string{"newcomer", "member", "editor", "steward"} {
			id, tok := s.SignUp(role+"@example.org", "Person "+role)
			if code := api("POST", "/api/v1/communities/mx/members", tok, nil); code != 201 {
				t.Fatal(code)
			}
			if role != "newcomer" {
				if code := api("POST", "/api/v1/communities/mx/members/"+id+"/trust", founder, map[string]any{"role": role}); code != 201 {
					t.Fatalf("trust %s: %d", role, code)
				}
			}
			b := newBrowser(t, s, "en")
			b.post("/signin", map[string]string{"email": role + "@example.org", "password": "correct horse battery"})
			people[role] = &person{id: id, token: tok, b: b, member: &commons.Member{Status: commons.MemberActive, Roles: []commons.Role{commons.Role(role)}}}
		}
		people["visitor"] = &person{b: newBrowser(t, s, "en")}
		// Applications to decide: one fresh applicant per attempt.
		if code := api("PATCH", "/api/v1/communities/mx", founder, map[string]any{"requires_application": true}); code != 200 {
			t.Fatal(code)
		}
		n := 0
		applicant := func() string {
			n++
			id, tok := s.SignUp(fmt.Sprintf("applicant%d@example.org", n), "Applicant")
			if code := api("POST", "/api/v1/communities/mx/members", tok, nil); code != 202 {
				t.Fatal(code)
			}
			return id
		}
		day := 2
		slotBody := func() (map[string]any, map[string]string) {
			day++
			b := map[string]any{"starts_at": slot(day, "10:00"), "ends_at": slot(day, "11:00")}
			f := map[string]string{"day": dayOf(day), "from": "10:00", "to": "11:00"}
			return b, f
		}

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/mx/threads", Token: founder, Body: map[string]any{"title": "News", "body": "Hello"}})
		if rec.Code != 201 {
			t.Fatal(rec.Code, rec.Body.String())
		}
		thread := ts.JSON[map[string]any](t, rec)["id"].(string)
		// An initiative with a need, for pledges and its history.
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/mx/initiatives", Token: founder,
			Body: map[string]any{"title": "Choir", "summary": "Sing together", "themes": []string{}}})
		initiative := ts.JSON[map[string]any](t, rec)["id"].(string)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/initiatives/" + initiative + "/needs", Token: founder,
			Body: map[string]any{"kind": "time", "description": "Singers"}})
		need := ts.JSON[map[string]any](t, rec)["id"].(string)
		themes := 0
		theme := func() string { themes++; return fmt.Sprintf("theme %d", themes) }

		// A fresh activity for each registration attempt, so that none is a
		// second registration.
		newActivity := func() string {
			b, _ := slotBody()
			b["title"], b["kind"], b["online_url"] = "Class", "course", "https://meet.example.org/class"
			rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/mx/activities", Token: founder, Body: b})
			if rec.Code != 201 {
				t.Fatal(rec.Code, rec.Body.String())
			}
			return ts.JSON[map[string]any](t, rec)["id"].(string)
		}
		type attempt struct {
			action commons.Action
			api    func(p *person) int
			web    func(p *person) int
		}
		attempts := []attempt{
			{commons.ActionEditCommunity,
				func(p *person) int {
					return api("PATCH", "/api/v1/communities/mx", p.token, map[string]any{"description": "changed"})
				},
				func(p *person) int {
					code, _ := p.b.post("/c/mx/settings", map[string]string{"name": "Matrix", "languages": "en", "time_zone": "Europe/London", "requires_application": "on", "trust_quota": "10"})
					return code
				}},
			{commons.ActionViewApplications,
				func(p *person) int { return api("GET", "/api/v1/communities/mx/applications", p.token, nil) },
				func(p *person) int { return p.b.do("GET", "/c/mx/applications", nil).Code }},
			{commons.ActionDecideApplications,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/members/"+applicant()+"/decision", p.token, map[string]any{"decision": "admit"})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/applications/"+applicant(), map[string]string{"decision": "admit"}).Code
				}},
			{commons.ActionCreateOrganization,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/organizations", p.token, map[string]any{"name": "Org", "sector": "ngo"})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/organizations/new", map[string]string{"name": "Org", "sector": "ngo"}).Code
				}},
			{commons.ActionPublishResource,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/resources", p.token, map[string]any{"title": "R", "kind": "time", "approval": "open"})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/resources/new", map[string]string{"title": "R", "kind": "time", "terms": "free", "approval": "open"}).Code
				}},
			{commons.ActionBook,
				func(p *person) int {
					b, _ := slotBody()
					return api("POST", "/api/v1/resources/"+hall+"/bookings", p.token, b)
				},
				func(p *person) int {
					_, f := slotBody()
					return p.b.do("POST", "/c/mx/resources/"+hall, f).Code
				}},
			{commons.ActionPost,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/threads", p.token, map[string]any{"title": "T", "body": "B"})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/threads/new", map[string]string{"title": "T", "body": "B"}).Code
				}},
			{commons.ActionPinThread,
				func(p *person) int {
					return api("POST", "/api/v1/threads/"+thread+"/pin", p.token, map[string]any{"pinned": true})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/threads/"+thread+"/pin", map[string]string{"pinned": "true"}).Code
				}},
			{commons.ActionStartInitiative,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/initiatives", p.token, map[string]any{"title": "I", "summary": "S", "themes": []string{}})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/initiatives/new", map[string]string{"title": "I", "summary": "S"}).Code
				}},
			{commons.ActionPledge,
				func(p *person) int {
					return api("POST", "/api/v1/needs/"+need+"/pledges", p.token, map[string]any{"description": "I sing bass"})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/initiatives/"+initiative+"/needs/"+need+"/pledges", map[string]string{"description": "I sing alto"}).Code
				}},
			{commons.ActionAddTheme,
				func(p *person) int {
					return api("POST", "/api/v1/communities/mx/themes", p.token, map[string]any{"name": theme()})
				},
				func(p *person) int {
					return p.b.do("POST", "/c/mx/themes", map[string]string{"name": theme()}).Code
				}},
			{commons.ActionReadHistory,
				func(p *person) int { return api("GET", "/api/v1/initiatives/"+initiative+"/history", p.token, nil) },
				func(p *person) int { return p.b.do("GET", "/c/mx/initiatives/"+initiative+"/history", nil).Code }},
			{commons.ActionPublishActivity,
				func(p *person) int {
					b, _ := slotBody()
					b["title"], b["kind"], b["online_url"] = "Talk", "event", "https://meet.example.org/talk"
					return api("POST", "/api/v1/communities/mx/activities", p.token, b)
				},
				func(p *person) int {
					_, f := slotBody()
					f["title"], f["kind"], f["online_url"], f["repeat"], f["level"] = "Talk", "event", "https://meet.example.org/talk", "none", "all"
					return p.b.do("POST", "/c/mx/activities/new", f).Code
				}},
			{commons.ActionRegister,
				func(p *person) int {
					return api("POST", "/api/v1/activities/"+newActivity()+"/registrations", p.token, nil)
				},
				func(p *person) int { return p.b.do("POST", "/c/mx/activities/"+newActivity()+"/register", nil).Code }},
		}
		for _, a := range attempts {
			for _, who := range []string{"visitor", "newcomer", "member", "editor", "steward"} {
				p := people[who]
				allowed := commons.Allowed(p.member, a.action)
				apiCode, webCode := a.api(p), a.web(p)
				okAPI := apiCode >= 200 && apiCode < 300
				okWeb := webCode == http.StatusOK || webCode == http.StatusCreated || webCode == http.StatusSeeOther && who != "visitor"
				if okAPI != allowed || okWeb != allowed {
					t.Errorf("%s %s: API %d, web %d; policy says allowed=%v", who, a.action, apiCode, webCode, allowed)
				}
				if !allowed && who != "visitor" && (apiCode != 403 || webCode != 403) {
					t.Errorf("%s %s: refused with API %d and web %d, want 403", who, a.action, apiCode, webCode)
				}
				if who == "visitor" && (apiCode != 401 || (webCode != 401 && webCode != http.StatusSeeOther)) {
					t.Errorf("visitor %s: API %d, web %d", a.action, apiCode, webCode)
				}
			}
		}
	})
}

var dateOnly = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// dayOf is the London date some days ahead, as the booking form wants it.
func dayOf(days int) string { return dateOnly.FindString(slot(days, "10:00")) }
