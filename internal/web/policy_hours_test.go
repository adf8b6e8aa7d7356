package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The volunteer hours actions, person by person, through both doors: the
// control is on the page exactly when the request succeeds. The personae
// the rules tell apart: an initiative's team (its author), an
// organization's admin, the volunteer who logged the time, the person it
// was given to, a member and a newcomer, someone signed in who has not
// joined, and a visitor.
func TestPolicyMatrixHours(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "hx", "Hours")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "author", "org admin", "volunteer", "given to"}
		people := map[string]*person{
			"visitor":   m.visitor(),
			"outsider":  m.outsider("outsider"),
			"newcomer":  join("newcomer", ""),
			"member":    join("member", "member"),
			"author":    join("author", "member"),
			"org admin": join("orgadmin", ""),
			"volunteer": join("volunteer", ""),
			"given to":  join("givento", ""),
		}
		orgID := id(api("POST", "/api/v1/communities/hx/organizations", people["org admin"].token, map[string]any{"name": "Friends", "sector": "ngo"}))
		initiative := id(api("POST", "/api/v1/communities/hx/initiatives", people["author"].token, map[string]any{"title": "Choir", "summary": "Sing", "themes": []string{}}))
		today := dayOf(0)
		volunteer := people["volunteer"].token
		logFor := func(kind, forID string) func() string {
			return func() string {
				return id(api("POST", "/api/v1/communities/hx/hours", volunteer, map[string]any{"for": kind, "for_id": forID,
					"date": today, "minutes": 5, "what": "Helped"}))
			}
		}
		queried := func() string {
			h := logFor("initiative", initiative)()
			m.want(api("POST", "/api/v1/hours/"+h+"/decision", people["author"].token, map[string]any{"decision": "ask", "question": "When?"}), http.StatusOK)
			return h
		}
		none := func() string { return "" }
		type action struct {
			name    string
			allowed []string
			setup   func() string
			control func(h string) (page, needle string)
			api     func(p *person, h string) int
			web     func(p *person, h string) int
		}
		decide := func(name string, allowed []string, setup func() string) action {
			return action{name, allowed, setup,
				func(h string) (string, string) {
					return "/c/hx/hours/to-confirm", `action="/c/hx/hours/` + h + `/decision"`
				},
				func(p *person, h string) int {
					return api("POST", "/api/v1/hours/"+h+"/decision", p.token, map[string]any{"decision": "confirm"}).Code
				},
				func(p *person, h string) int {
					return p.b.do("POST", "/c/hx/hours/"+h+"/decision", map[string]string{"decision": "confirm"}).Code
				}}
		}
		members := []string{"newcomer", "member", "author", "org admin", "volunteer", "given to"}
		actions := []action{
			{"log hours", members, none,
				func(string) (string, string) { return "/c/hx/hours", `href="/c/hx/hours/new"` },
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/hx/hours", p.token, map[string]any{"for": "initiative", "for_id": initiative,
						"date": today, "minutes": 15, "what": "Tea"}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/hx/hours/new", map[string]string{"target": "initiative:" + initiative, "date": today,
						"duration": "0.25", "what": "Tea"}).Code
				}},
			decide("confirm an initiative's hours", []string{"author"}, logFor("initiative", initiative)),
			decide("confirm an organization's hours", []string{"org admin"}, logFor("organization", orgID)),
			decide("confirm hours given to a person", []string{"given to"}, logFor("person", people["given to"].id)),
			{"answer a question", []string{"volunteer"}, queried,
				func(h string) (string, string) { return "/c/hx/hours/mine", `action="/c/hx/hours/` + h + `/answer"` },
				func(p *person, h string) int {
					return api("POST", "/api/v1/hours/"+h+"/answer", p.token, map[string]any{"answer": "Tuesday"}).Code
				},
				func(p *person, h string) int {
					return p.b.do("POST", "/c/hx/hours/"+h+"/answer", map[string]string{"answer": "Tuesday"}).Code
				}},
			{"record a volunteer day", []string{"author"}, none,
				func(string) (string, string) {
					return "/c/hx/hours/day", `<option value="initiative:` + initiative + `"`
				},
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/hx/hours/day", p.token, map[string]any{"for": "initiative", "for_id": initiative,
						"date": today, "minutes": 60, "what": "Clean-up", "user_ids": []string{people["member"].id}}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/hx/hours/day", map[string]string{"target": "initiative:" + initiative, "date": today,
						"duration": "1", "what": "Clean-up", "user_ids": people["member"].id}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, a.setup())
				h := a.setup()
				path, needle := a.control(h)
				shown := strings.Contains(p.page(path), needle)
				webCode := a.web(p, h)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
