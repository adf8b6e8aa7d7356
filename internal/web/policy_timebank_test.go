package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The time bank's actions, person by person, through both doors: members
// transfer while it is on; editors turn it on and set its limits.
func TestPolicyMatrixTimeBank(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "tx", "Time")
		join := m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor"}
		people := map[string]*person{
			"visitor":  m.visitor(),
			"outsider": m.outsider("outsider"),
			"newcomer": join("newcomer", ""),
			"member":   join("member", "member"),
			"editor":   join("editor", "editor"),
		}
		neighbour := join("neighbour", "")
		m.want(m.api("PUT", "/api/v1/communities/tx/timebank", m.founder, map[string]any{"enabled": true}), http.StatusOK)
		type action struct {
			name    string
			allowed []string
			needle  string
			api     func(p *person) int
			web     func(p *person) int
		}
		actions := []action{
			{"transfer", []string{"newcomer", "member", "editor"}, `action="/c/tx/timebank/transfers"`,
				func(p *person) int {
					return m.api("POST", "/api/v1/communities/tx/timebank/transfers", p.token, map[string]any{"to": "person", "to_id": neighbour.id,
						"minutes": 30, "category": "care"}).Code
				},
				func(p *person) int {
					return p.b.do("POST", "/c/tx/timebank/transfers", map[string]string{"to": "person:" + neighbour.id, "duration": "0.5", "category": "care"}).Code
				}},
			{"configure", []string{"editor"}, `action="/c/tx/timebank/settings"`,
				func(p *person) int {
					return m.api("PUT", "/api/v1/communities/tx/timebank", p.token, map[string]any{"enabled": true}).Code
				},
				func(p *person) int {
					return p.b.do("POST", "/c/tx/timebank/settings", map[string]string{"enabled": "on"}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p)
				shown := strings.Contains(p.publicPage("/c/tx/timebank"), a.needle)
				webCode := a.web(p)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
