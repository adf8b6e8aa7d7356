package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The impact actions, person by person, through both doors: the control
// is on the page exactly when the request succeeds. Editors define
// indicators, enter values and ask for reports; only the admin of the
// party a report is asked of submits it — not the other party's admin.
func TestPolicyMatrixImpact(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "ix", "Impact")
		api, id := m.api, m.id
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor", "party admin", "other party admin"}
		people := map[string]*person{
			"visitor":           m.visitor(),
			"outsider":          m.outsider("outsider"),
			"newcomer":          m.join("newcomer", ""),
			"member":            m.join("member", "member"),
			"editor":            m.join("editor", "editor"),
			"party admin":       m.join("partyadmin", ""),
			"other party admin": m.join("otheradmin", ""),
		}
		orgA := id(api("POST", "/api/v1/communities/ix/organizations", people["party admin"].token, map[string]any{"name": "Friends", "sector": "ngo"}))
		orgB := id(api("POST", "/api/v1/communities/ix/organizations", people["other party admin"].token, map[string]any{"name": "Council", "sector": "public_authority"}))
		initiative := id(api("POST", "/api/v1/communities/ix/initiatives", m.founder, map[string]any{"title": "Choir", "summary": "Sing", "themes": []string{}}))
		p := id(api("POST", "/api/v1/initiatives/"+initiative+"/partnership", m.founder, map[string]any{"review_on": dayOf(0), "parties": []map[string]any{
			{"organization_id": orgA, "role": "Hosts", "commitments": []map[string]any{{"description": "Open the hall"}}},
			{"organization_id": orgB, "role": "Pays", "commitments": []map[string]any{{"description": "Pay the heating"}}}}}))
		for who, org := range map[string]string{"party admin": orgA, "other party admin": orgB} {
			m.want(api("POST", "/api/v1/partnerships/"+p+"/signatures", people[who].token, map[string]any{"organization_id": org}), http.StatusCreated)
		}
		m.want(api("POST", "/api/v1/communities/ix/partner-reports", m.founder, map[string]any{"initiative_id": initiative}), http.StatusOK)
		var report string
		for _, r := range ts.JSON[[]map[string]any](t, api("GET", "/api/v1/communities/ix/partner-reports", m.founder, nil)) {
			if r["organization_id"] == orgA {
				report = r["id"].(string)
			}
		}
		if report == "" {
			t.Fatal("no report asked of the first party")
		}
		reported := func() string {
			return id(api("POST", "/api/v1/communities/ix/indicators", m.founder, map[string]any{"name": "Meals", "unit": "meals",
				"source": "reported", "baseline": 0, "baseline_period": "2025", "target": 10}))
		}
		none := func() string { return "" }
		type action struct {
			name    string
			allowed []string
			setup   func() string
			control func(x string) (page, needle string)
			api     func(p *person, x string) int
			web     func(p *person, x string) int
		}
		year := dayOf(0)[:4]
		actions := []action{
			{"define an indicator", []string{"editor"}, none,
				func(string) (string, string) { return "/c/ix/impact/indicators", `action="/c/ix/impact/indicators"` },
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/ix/indicators", p.token, map[string]any{"name": "Learners", "unit": "people",
						"source": "learners_registered", "baseline": 1, "baseline_period": "2025", "target": 5}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/ix/impact/indicators", map[string]string{"name": "Learners", "unit": "people",
						"source": "learners_registered", "period": "year", "direction": "increase", "baseline": "1", "baseline_period": "2025", "target": "5"}).Code
				}},
			{"enter a value", []string{"editor"}, reported,
				func(x string) (string, string) {
					return "/c/ix/impact/indicators/" + x, `action="/c/ix/impact/indicators/` + x + `/values"`
				},
				func(p *person, x string) int {
					return api("POST", "/api/v1/communities/ix/indicators/"+x+"/values", p.token, map[string]any{"period": year, "value": 3}).Code
				},
				func(p *person, x string) int {
					return p.b.do("POST", "/c/ix/impact/indicators/"+x+"/values", map[string]string{"value_period": year, "value": "3"}).Code
				}},
			{"ask for reports", []string{"editor"}, none,
				func(string) (string, string) {
					return "/c/ix/impact", `action="/c/ix/impact/partnerships/` + initiative + `/reports"`
				},
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/ix/partner-reports", p.token, map[string]any{"initiative_id": initiative}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/ix/impact/partnerships/"+initiative+"/reports", map[string]string{}).Code
				}},
			{"submit a partner report", []string{"party admin"}, func() string { return report },
				func(x string) (string, string) {
					return "/c/ix/partner-reports/" + x, `action="/c/ix/partner-reports/` + x + `"`
				},
				func(p *person, x string) int {
					return api("PUT", "/api/v1/communities/ix/partner-reports/"+x, p.token, map[string]any{"narrative": "Went well"}).Code
				},
				func(p *person, x string) int {
					return p.b.do("POST", "/c/ix/partner-reports/"+x, map[string]string{"narrative": "Went well"}).Code
				}},
			{"edit an indicator", []string{"editor"}, reported,
				func(x string) (string, string) {
					return "/c/ix/impact/indicators/" + x, `action="/c/ix/impact/indicators/` + x + `"`
				},
				func(p *person, x string) int {
					return api("PUT", "/api/v1/communities/ix/indicators/"+x, p.token, map[string]any{"name": "Meals served", "unit": "meals",
						"source": "reported", "baseline": 0, "baseline_period": "2025", "target": 12}).Code
				},
				func(p *person, x string) int {
					return p.b.do("POST", "/c/ix/impact/indicators/"+x, map[string]string{"name": "Meals served", "unit": "meals",
						"source": "reported", "period": "year", "direction": "increase", "baseline": "0", "baseline_period": "2025", "target": "12"}).Code
				}},
			{"retire an indicator", []string{"editor"}, reported,
				func(x string) (string, string) {
					return "/c/ix/impact/indicators/" + x, `action="/c/ix/impact/indicators/` + x + `/retired"`
				},
				func(p *person, x string) int {
					return api("PUT", "/api/v1/communities/ix/indicators/"+x+"/retired", p.token, map[string]any{"retired": true}).Code
				},
				func(p *person, x string) int {
					return p.b.do("POST", "/c/ix/impact/indicators/"+x+"/retired", map[string]string{"retired": "yes"}).Code
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
		// The other party's admin reads the report, and a member of
		// neither party does not.
		if rec := api("GET", "/api/v1/communities/ix/partner-reports/"+report, people["other party admin"].token, nil); rec.Code != http.StatusOK {
			t.Errorf("the other party reads the report: %d", rec.Code)
		}
		if rec := api("GET", "/api/v1/communities/ix/partner-reports/"+report, people["member"].token, nil); rec.Code != http.StatusNotFound {
			t.Errorf("a member of neither party reads the report: %d", rec.Code)
		}
	})
}
