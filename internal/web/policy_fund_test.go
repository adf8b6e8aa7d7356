package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The fund's actions, person by person, through both doors: the control
// is on the page exactly when the request succeeds. The personae are those
// the fund's rules tell apart: an editor (who also reviews), the admin of
// the organization that provides the pool, the initiative's team, members
// and newcomers who joined before the round, one who joined during it, a
// person who has not joined, and a visitor. The clock is moved to put
// each round in the phase an action needs.
func TestPolicyMatrixFund(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "mx", "Matrix")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor only", "author", "funder admin", "late"}
		people := map[string]*person{
			"visitor":      m.visitor(),
			"outsider":     m.outsider("outsider"),
			"newcomer":     join("newcomer", ""),
			"member":       join("member", "member"),
			"editor only":  join("editoronly", "editor"),
			"author":       join("author", "member"),
			"funder admin": join("funderadmin", ""),
		}
		orgID := id(api("POST", "/api/v1/communities/mx/organizations", people["funder admin"].token, map[string]any{"name": "Council", "sector": "public_authority"}))
		initiative := id(api("POST", "/api/v1/communities/mx/initiatives", people["author"].token, map[string]any{"title": "Warm hub", "summary": "Heat", "themes": []string{}}))

		t0 := time.Now().Add(time.Hour).Truncate(time.Second)
		at := t0
		s.App.SetClock(func() time.Time { return at })
		at = t0.Add(time.Minute)
		people["late"] = join("late", "member") // joined after every round below opened
		loc, _ := time.LoadLocation("Europe/London")
		moment := func(d time.Duration) string { return t0.Add(d).In(loc).Format("2006-01-02T15:04:05") }
		roundBody := map[string]any{"title": "Warm Spaces", "pool": 1000, "unit": "GBP", "funder_ids": []string{orgID}, "rule": "approval",
			"min_choices": 1, "max_choices": 1, "method": "greedy", "reviewer_ids": []string{people["editor only"].id},
			"review_at": t0.Add(time.Hour), "voting_at": t0.Add(2 * time.Hour), "closes_at": t0.Add(3 * time.Hour)}
		roundForm := map[string]string{"title": "Warm Spaces", "pool": "1000", "unit": "GBP", "funder_ids": orgID, "rule": "approval",
			"min_choices": "1", "max_choices": "1", "method": "greedy", "review_at": moment(time.Hour), "voting_at": moment(2 * time.Hour),
			"closes_at": moment(3 * time.Hour)}
		founder := m.founder

		type fixture struct{ round, proposal string }
		// Each fixture is a round opened at t0, taken as far as the action
		// needs; the clock is left in the phase the action happens in.
		opened := func() fixture {
			at = t0
			return fixture{round: id(api("POST", "/api/v1/communities/mx/fund/rounds", founder, roundBody))}
		}
		proposed := func() fixture {
			f := opened()
			f.proposal = id(api("POST", "/api/v1/fund/rounds/"+f.round+"/proposals", people["author"].token,
				map[string]any{"initiative_id": initiative, "title": "Hub", "plan": "Heat it.", "amount": 600}))
			return f
		}
		voting := func() fixture {
			f := proposed()
			m.want(api("PUT", "/api/v1/fund/proposals/"+f.proposal+"/review", people["editor only"].token, map[string]any{"eligible": true}), http.StatusNoContent)
			at = t0.Add(2*time.Hour + time.Minute)
			return f
		}
		closed := func() fixture {
			f := voting()
			m.want(api("PUT", "/api/v1/fund/rounds/"+f.round+"/ballot", people["member"].token,
				map[string]any{"choices": []map[string]any{{"proposal_id": f.proposal, "points": 1}}}), http.StatusOK)
			at = t0.Add(3*time.Hour + time.Minute)
			return f
		}
		published := func() fixture {
			f := closed()
			m.want(api("POST", "/api/v1/fund/rounds/"+f.round+"/publish", founder, nil), http.StatusNoContent)
			return f
		}
		round := func(f fixture) string { return "/c/mx/fund/" + f.round }
		proposal := func(f fixture) string { return "/c/mx/fund-proposals/" + f.proposal }

		type action struct {
			name    string
			allowed []string
			setup   func() fixture
			control func(f fixture) (page, action string, link bool)
			api     func(p *person, f fixture) int
			web     func(p *person, f fixture) int
		}
		actions := []action{
			{"open a round", []string{"editor only", "funder admin"}, func() fixture { at = t0; return fixture{} },
				func(fixture) (string, string, bool) { return "/c/mx/fund", "/c/mx/fund/new", true },
				func(p *person, _ fixture) int {
					return api("POST", "/api/v1/communities/mx/fund/rounds", p.token, roundBody).Code
				},
				func(p *person, _ fixture) int { return p.b.do("POST", "/c/mx/fund/new", roundForm).Code }},
			{"propose", []string{"author"}, opened,
				func(f fixture) (string, string, bool) { return round(f), round(f) + "/proposals", false },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/fund/rounds/"+f.round+"/proposals", p.token,
						map[string]any{"initiative_id": initiative, "title": "Hub", "plan": "Heat it.", "amount": 600}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", round(f)+"/proposals", map[string]string{"initiative_id": initiative, "title": "Hub", "plan": "Heat it.", "amount": "600"}).Code
				}},
			{"review", []string{"editor only"}, proposed,
				func(f fixture) (string, string, bool) { return proposal(f), proposal(f) + "/review", false },
				func(p *person, f fixture) int {
					return api("PUT", "/api/v1/fund/proposals/"+f.proposal+"/review", p.token, map[string]any{"eligible": true}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", proposal(f)+"/review", map[string]string{"decision": "eligible"}).Code
				}},
			{"vote", []string{"newcomer", "member", "editor only", "author", "funder admin"}, voting,
				func(f fixture) (string, string, bool) { return round(f), round(f) + "/ballot", false },
				func(p *person, f fixture) int {
					return api("PUT", "/api/v1/fund/rounds/"+f.round+"/ballot", p.token,
						map[string]any{"choices": []map[string]any{{"proposal_id": f.proposal, "points": 1}}}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", round(f)+"/ballot", map[string]string{"choice": f.proposal}).Code
				}},
			{"override", []string{"editor only", "funder admin"}, closed,
				func(f fixture) (string, string, bool) { return proposal(f), proposal(f) + "/override", false },
				func(p *person, f fixture) int {
					return api("PUT", "/api/v1/fund/proposals/"+f.proposal+"/override", p.token, map[string]any{"amount": 500, "reason": "Shared room."}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", proposal(f)+"/override", map[string]string{"amount": "500", "reason": "Shared room."}).Code
				}},
			{"publish", []string{"editor only", "funder admin"}, closed,
				func(f fixture) (string, string, bool) { return round(f) + "/results", round(f) + "/publish", false },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/fund/rounds/"+f.round+"/publish", p.token, nil).Code
				},
				func(p *person, f fixture) int { return p.b.do("POST", round(f)+"/publish", nil).Code }},
			{"say what was spent", []string{"author"}, published,
				func(f fixture) (string, string, bool) { return proposal(f), proposal(f) + "/spent", false },
				func(p *person, f fixture) int {
					return api("PUT", "/api/v1/fund/proposals/"+f.proposal+"/spent", p.token, map[string]any{"spent": 100}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", proposal(f)+"/spent", map[string]string{"spent": "100"}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, a.setup())
				f := a.setup()
				page, target, link := a.control(f)
				html := p.publicPage(page)
				shown := hasForm(html, target)
				if link {
					shown = strings.Contains(html, `href="`+target+`"`)
				}
				webCode := a.web(p, f)
				okAPI := apiCode >= 200 && apiCode < 300
				okWeb := webCode == http.StatusSeeOther
				if okAPI != want || okWeb != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
