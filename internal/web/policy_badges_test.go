package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The Open Badges actions, person by person, through both doors: the
// control is on the page exactly when the request succeeds. Editors define
// achievements, apply their rules and revoke awards; editors and the team
// of what an achievement is about award it by hand.
func TestPolicyMatrixBadges(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "bx", "Badges")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor", "author"}
		people := map[string]*person{
			"visitor":  m.visitor(),
			"outsider": m.outsider("outsider"),
			"newcomer": join("newcomer", ""),
			"member":   join("member", "member"),
			"editor":   join("editor", "editor"),
			"author":   join("author", "member"),
		}
		recipient := join("recipient", "")
		initiative := id(api("POST", "/api/v1/communities/bx/initiatives", people["author"].token, map[string]any{"title": "Choir", "summary": "Sing", "themes": []string{}}))
		type fixture struct{ achievement, award string }
		achievement := func() fixture {
			return fixture{achievement: id(api("POST", "/api/v1/communities/bx/achievements", m.founder, map[string]any{"name": "Singer",
				"description": "Sang", "criteria": "Sang all winter", "for": "initiative", "for_id": initiative, "rule": "hours", "rule_n": 5}))}
		}
		awarded := func() fixture {
			f := achievement()
			f.award = id(api("POST", "/api/v1/achievements/"+f.achievement+"/awards", m.founder, map[string]any{"user_id": recipient.id}))
			return f
		}
		page := func(f fixture) string { return "/c/bx/achievements/" + f.achievement }
		type action struct {
			name    string
			allowed []string
			setup   func() fixture
			control func(f fixture) (page, needle string)
			api     func(p *person, f fixture) int
			web     func(p *person, f fixture) int
		}
		actions := []action{
			{"define an achievement", []string{"editor"}, func() fixture { return fixture{} },
				func(fixture) (string, string) { return "/c/bx/achievements", `action="/c/bx/achievements"` },
				func(p *person, _ fixture) int {
					return api("POST", "/api/v1/communities/bx/achievements", p.token, map[string]any{"name": "Helper", "description": "Helped", "criteria": "Helped"}).Code
				},
				func(p *person, _ fixture) int {
					return p.b.do("POST", "/c/bx/achievements", map[string]string{"name": "Helper", "description": "Helped", "criteria": "Helped", "color": "#224466"}).Code
				}},
			{"award by hand", []string{"editor", "author"}, achievement,
				func(f fixture) (string, string) { return page(f), `action="` + page(f) + `/awards"` },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/achievements/"+f.achievement+"/awards", p.token, map[string]any{"user_id": recipient.id}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/awards", map[string]string{"user_id": recipient.id}).Code
				}},
			{"apply the rule", []string{"editor"}, achievement,
				func(f fixture) (string, string) { return page(f), `action="` + page(f) + `/apply"` },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/achievements/"+f.achievement+"/apply", p.token, nil).Code
				},
				func(p *person, f fixture) int { return p.b.do("POST", page(f)+"/apply", nil).Code }},
			{"revoke an award", []string{"editor"}, awarded,
				func(f fixture) (string, string) { return page(f), `action="/c/bx/awards/` + f.award + `/revoke"` },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/awards/"+f.award+"/revoke", p.token, nil).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", "/c/bx/awards/"+f.award+"/revoke", map[string]string{"achievement_id": f.achievement}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, a.setup())
				f := a.setup()
				path, needle := a.control(f)
				shown := strings.Contains(p.publicPage(path), needle)
				webCode := a.web(p, f)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
