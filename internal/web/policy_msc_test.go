package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The Most Significant Change actions, person by person, through both
// doors: the control is on the page exactly when the request succeeds.
// The personae: a visitor, someone who has not joined, a newcomer, a
// member, an editor (who runs cycles) and a member of a selection panel.
func TestPolicyMatrixMSC(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "mx", "MSC")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor", "panelist"}
		people := map[string]*person{
			"visitor":  m.visitor(),
			"outsider": m.outsider("outsider"),
			"newcomer": join("newcomer", ""),
			"member":   join("member", "member"),
			"editor":   join("editor", "editor"),
			"panelist": join("panelist", "member"),
		}
		today := dayOf(0)
		cycle := func() string {
			return id(api("POST", "/api/v1/communities/mx/msc/cycles", m.founder, map[string]any{"title": "Year", "from": dayOf(-300), "to": today,
				"question": "What changed?"}))
		}
		story := func(c string) string {
			return id(api("POST", "/api/v1/msc/cycles/"+c+"/stories", m.founder, map[string]any{"teller_kind": "member", "consent": "publish",
				"consent_date": today, "domain": "work", "title": "A job", "story": "I found work.", "why": "It matters.", "language": "en"}))
		}
		panel := func(c string) string {
			return id(api("POST", "/api/v1/msc/cycles/"+c+"/panels", m.founder, map[string]any{"name": "Panel", "level": 1,
				"member_ids": []string{people["panelist"].id}}))
		}
		// selecting: a cycle with a story and a panel, selecting; "panel|story".
		selecting := func() string {
			c := cycle()
			st, p := story(c), panel(c)
			m.want(api("POST", "/api/v1/msc/cycles/"+c+"/advance", m.founder, nil), http.StatusOK)
			return p + "|" + st
		}
		withPanel := func() string { c := cycle(); st := story(c); panel(c); return st }
		type action struct {
			name    string
			allowed []string
			setup   func() string
			control func(x string) (page, needle string)
			api     func(p *person, x string) int
			web     func(p *person, x string) int
		}
		members := []string{"newcomer", "member", "editor", "panelist"}
		actions := []action{
			{"open a cycle", []string{"editor"}, func() string { return "" },
				func(string) (string, string) { return "/c/mx/msc", `href="/c/mx/msc/new"` },
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/mx/msc/cycles", p.token, map[string]any{"title": "Y", "from": today, "to": today, "question": "Q"}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/mx/msc/new", map[string]string{"title": "Y", "from": today, "to": today, "question": "Q"}).Code
				}},
			{"tell a story", members, cycle,
				func(c string) (string, string) { return "/c/mx/msc/" + c, `href="/c/mx/msc/` + c + `/tell"` },
				func(p *person, c string) int {
					return api("POST", "/api/v1/msc/cycles/"+c+"/stories", p.token, map[string]any{"teller_kind": "member", "consent": "publish",
						"consent_date": today, "domain": "work", "title": "T", "story": "S", "why": "W", "language": "en"}).Code
				},
				func(p *person, c string) int {
					return p.b.do("POST", "/c/mx/msc/"+c+"/tell", map[string]string{"teller_kind": "member", "consent": "publish",
						"consent_date": today, "domain": "work", "title": "T", "story": "S", "why": "W", "language": "en"}).Code
				}},
			{"form a panel", []string{"editor"}, cycle,
				func(c string) (string, string) { return "/c/mx/msc/" + c, `action="/c/mx/msc/` + c + `/panels"` },
				func(p *person, c string) int {
					return api("POST", "/api/v1/msc/cycles/"+c+"/panels", p.token, map[string]any{"name": "P", "level": 1,
						"member_ids": []string{people["member"].id}}).Code
				},
				func(p *person, c string) int {
					return p.b.do("POST", "/c/mx/msc/"+c+"/panels", map[string]string{"name": "P", "level": "1", "member_ids": people["member"].id}).Code
				}},
			{"move a cycle on", []string{"editor"}, cycle,
				func(c string) (string, string) { return "/c/mx/msc/" + c, `action="/c/mx/msc/` + c + `/advance"` },
				func(p *person, c string) int {
					return api("POST", "/api/v1/msc/cycles/"+c+"/advance", p.token, nil).Code
				},
				func(p *person, c string) int {
					return p.b.do("POST", "/c/mx/msc/"+c+"/advance", map[string]string{}).Code
				}},
			{"select a story", []string{"panelist"}, selecting,
				func(x string) (string, string) {
					pid, _, _ := strings.Cut(x, "|")
					return "/c/mx/msc-panels/" + pid, `action="/c/mx/msc-panels/` + pid + `/select"`
				},
				func(p *person, x string) int {
					pid, st, _ := strings.Cut(x, "|")
					return api("POST", "/api/v1/msc/panels/"+pid+"/selections", p.token, map[string]any{"story_id": st, "method": "consensus", "reasons": "Because."}).Code
				},
				func(p *person, x string) int {
					pid, st, _ := strings.Cut(x, "|")
					return p.b.do("POST", "/c/mx/msc-panels/"+pid+"/select", map[string]string{"story_id": st, "method": "consensus", "reasons": "Because."}).Code
				}},
			{"verify a story", []string{"editor", "panelist"}, withPanel,
				func(st string) (string, string) {
					return "/c/mx/stories/" + st, `action="/c/mx/stories/` + st + `/verify"`
				},
				func(p *person, st string) int {
					return api("POST", "/api/v1/msc/stories/"+st+"/verifications", p.token, map[string]any{"how": "Asked", "checked_on": today}).Code
				},
				func(p *person, st string) int {
					return p.b.do("POST", "/c/mx/stories/"+st+"/verify", map[string]string{"how": "Asked", "checked_on": today}).Code
				}},
			{"change a cycle", []string{"editor"}, cycle,
				func(c string) (string, string) {
					return "/c/mx/msc/" + c + "/edit", `action="/c/mx/msc/` + c + `/edit"`
				},
				func(p *person, c string) int {
					return api("PATCH", "/api/v1/msc/cycles/"+c, p.token, map[string]any{"title": "Year two", "from": dayOf(-300), "to": today,
						"question": "What changed?"}).Code
				},
				func(p *person, c string) int {
					return p.b.do("POST", "/c/mx/msc/"+c+"/edit", map[string]string{"title": "Year two", "from": dayOf(-300), "to": today,
						"question": "What changed?", "domains": "work"}).Code
				}},
			{"change a story", []string{"member"}, func() string {
				c := cycle()
				return id(api("POST", "/api/v1/msc/cycles/"+c+"/stories", people["member"].token, map[string]any{"teller_kind": "member",
					"consent": "publish", "consent_date": today, "domain": "work", "title": "A job", "story": "I found work.", "why": "It matters.",
					"language": "en"}))
			},
				func(st string) (string, string) {
					return "/c/mx/stories/" + st + "/edit", `action="/c/mx/stories/` + st + `/edit"`
				},
				func(p *person, st string) int {
					return api("PATCH", "/api/v1/msc/stories/"+st, p.token, map[string]any{"teller_kind": "member", "consent": "publish",
						"consent_date": today, "domain": "work", "title": "A new job", "story": "I found work.", "why": "It matters.", "language": "en"}).Code
				},
				func(p *person, st string) int {
					return p.b.do("POST", "/c/mx/stories/"+st+"/edit", map[string]string{"teller_kind": "member", "consent": "publish",
						"consent_date": today, "domain": "work", "title": "A new job", "story": "I found work.", "why": "It matters.", "language": "en"}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, a.setup())
				x := a.setup()
				path, needle := a.control(x)
				shown := strings.Contains(p.page(path), needle)
				webCode := a.web(p, x)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
