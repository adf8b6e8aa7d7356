package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Time bank alliances, person by person, through both doors: editors
// propose one; members of either side transfer across an active one.
func TestPolicyMatrixAlliances(t *testing.T) {
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
		other := m.outsider("other founder")
		m.want(m.api("POST", "/api/v1/communities", other.token, map[string]any{"slug": "ty", "name": "Tywi"}), http.StatusCreated)
		neighbour := m.outsider("neighbour")
		m.want(m.api("POST", "/api/v1/communities/ty/members", neighbour.token, nil), http.StatusCreated)
		m.want(m.api("PUT", "/api/v1/communities/ty/privacy", neighbour.token, map[string]any{"public": true}), http.StatusOK)
		m.want(m.api("PUT", "/api/v1/communities/tx/timebank", m.founder, map[string]any{"enabled": true}), http.StatusOK)
		m.want(m.api("PUT", "/api/v1/communities/ty/timebank", other.token, map[string]any{"enabled": true}), http.StatusOK)
		// The founders' alliance, active, for the transfers across.
		al := m.id(m.api("POST", "/api/v1/communities/tx/timebank/alliances", m.founder, map[string]any{"partner": "ty"}))
		m.want(m.api("POST", "/api/v1/communities/ty/timebank/alliances/"+al+"/accept", other.token, nil), http.StatusOK)
		// A third community to propose to, each proposal withdrawn at once.
		third := m.outsider("third founder")
		m.want(m.api("POST", "/api/v1/communities", third.token, map[string]any{"slug": "tz", "name": "Teifi"}), http.StatusCreated)
		withdraw := func(rec int, body string) int {
			if rec == http.StatusCreated {
				id := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/communities/tx/timebank/alliances", m.founder, nil))["items"].([]any)[0].(map[string]any)["id"].(string)
				m.want(m.api("POST", "/api/v1/communities/tx/timebank/alliances/"+id+"/end", m.founder, nil), http.StatusOK)
			}
			return rec
		}
		type action struct {
			name    string
			allowed []string
			page    string
			needle  string
			api     func(p *person) int
			web     func(p *person) int
		}
		actions := []action{
			{"propose", []string{"editor"}, "/c/tx/timebank", `action="/c/tx/timebank/alliances"`,
				func(p *person) int {
					rec := m.api("POST", "/api/v1/communities/tx/timebank/alliances", p.token, map[string]any{"partner": "tz"})
					return withdraw(rec.Code, rec.Body.String())
				},
				func(p *person) int {
					return withdraw(p.b.do("POST", "/c/tx/timebank/alliances", map[string]string{"partner": "tz"}).Code, "")
				}},
			{"transfer across", []string{"newcomer", "member", "editor"}, "/c/tx/timebank/alliances/" + al, `action="/c/tx/timebank/alliances/` + al + `/transfers"`,
				func(p *person) int {
					return m.api("POST", "/api/v1/communities/tx/timebank/alliances/"+al+"/transfers", p.token, map[string]any{"to_id": neighbour.id,
						"minutes": 30, "category": "care"}).Code
				},
				func(p *person) int {
					return p.b.do("POST", "/c/tx/timebank/alliances/"+al+"/transfers", map[string]string{"to": neighbour.id, "duration": "0.5", "category": "care"}).Code
				}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p)
				shown := strings.Contains(p.page(a.page), a.needle)
				webCode := a.web(p)
				okAPI := apiCode >= 200 && apiCode < 300
				if okAPI != want || (webCode == http.StatusSeeOther) != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
