package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The organizations' actions against every persona their rules tell
// apart, through both doors, on both engines: the control (the edit link,
// the form posting to the action) is on the organization's page exactly
// when the request succeeds, through the API and the web alike. A page
// that recomputed the rule (shown the managing forms to the community's
// editors, or to the organization's plain members) would fail here.
func TestPolicyMatrixOrganizations(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "ox", "Organizations")
		api, id, join := m.api, m.id, m.join
		people := map[string]*person{
			"visitor":     m.visitor(),
			"newcomer":    join("Nia", ""),
			"member":      join("Mererid", "member"),
			"editor only": join("Elis", "editor"),
			"org admin":   join("Gareth", "member"),
			"org member":  join("Olwen", "member"),
			"creator":     join("Ffion", "member"),
		}
		order := []string{"visitor", "newcomer", "member", "editor only", "org admin", "org member", "creator"}

		// Ffion puts the library on the map (and so administers it); she
		// makes Gareth an admin too and Olwen a member.
		org := id(api("POST", "/api/v1/communities/ox/organizations", people["creator"].token, map[string]any{"name": "Library", "sector": "education"}))
		setRole := func(o, by, user, role string) {
			t.Helper()
			m.want(api("POST", "/api/v1/organizations/"+o+"/members", by, map[string]any{"user_id": user, "role": role}), http.StatusOK)
		}
		setRole(org, people["creator"].token, people["org admin"].id, "admin")
		setRole(org, people["creator"].token, people["org member"].id, "member")
		// The choir is someone else's: everyone who may is put in it to
		// try leaving it.
		choirAdmin := join("Choirmaster", "member")
		choir := id(api("POST", "/api/v1/communities/ox/organizations", choirAdmin.token, map[string]any{"name": "Choir", "sector": "ngo"}))

		fresh := func() string {
			p := join("Newly added", "")
			return p.id
		}
		// The control is a form's action or the edit link.
		page := func(p *person, path, control string) bool {
			return strings.Contains(p.publicPage(path), control)
		}
		orgPage := func(o string) string { return "/c/ox/organizations/" + o }

		type action struct {
			name    string
			prepare func(p *person) string
			page    func(x string) string
			control func(x string) string
			api     func(p *person, x string) int
			web     func(p *person, x string) int
		}
		actions := []action{
			{"edit the organization", func(*person) string { return "" },
				func(string) string { return orgPage(org) },
				func(string) string { return `href="/c/ox/organizations/` + org + `/edit"` },
				func(p *person, _ string) int {
					return api("PATCH", "/api/v1/organizations/"+org, p.token, map[string]any{"name": "Library"}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/ox/organizations/"+org+"/edit", map[string]string{"name": "Library", "sector": "education"}).Code
				}},
			{"add a person", func(*person) string { return fresh() },
				func(string) string { return orgPage(org) },
				func(string) string { return `action="/c/ox/organizations/` + org + `/members"` },
				func(p *person, u string) int {
					return api("POST", "/api/v1/organizations/"+org+"/members", p.token, map[string]any{"user_id": u, "role": "member"}).Code
				},
				func(p *person, u string) int {
					return p.b.do("POST", "/c/ox/organizations/"+org+"/members", map[string]string{"person": "x", "person_id": u, "role": "member"}).Code
				}},
			{"remove someone else", func(*person) string {
				u := fresh()
				setRole(org, people["creator"].token, u, "member")
				return u
			},
				func(string) string { return orgPage(org) },
				func(u string) string { return `action="/c/ox/organizations/` + org + `/members/` + u + `/remove"` },
				func(p *person, u string) int {
					return api("DELETE", "/api/v1/organizations/"+org+"/members/"+u, p.token, nil).Code
				},
				func(p *person, u string) int {
					return p.b.do("POST", "/c/ox/organizations/"+org+"/members/"+u+"/remove", nil).Code
				}},
			// Leaving: each person who can be is put in the choir first; a
			// visitor tries to take the choirmaster's other member off.
			{"leave an organization one is in", func(p *person) string {
				u := p.id
				if p.token == "" {
					u = fresh() // a visitor cannot be in it: try someone else's place
				}
				setRole(choir, choirAdmin.token, u, "member")
				return u
			},
				func(string) string { return orgPage(choir) },
				func(u string) string { return `action="/c/ox/organizations/` + choir + `/members/` + u + `/remove"` },
				func(p *person, u string) int {
					return api("DELETE", "/api/v1/organizations/"+choir+"/members/"+u, p.token, nil).Code
				},
				func(p *person, u string) int {
					return p.b.do("POST", "/c/ox/organizations/"+choir+"/members/"+u+"/remove", nil).Code
				}},
		}

		for _, a := range actions {
			for _, who := range order {
				p := people[who]
				x := a.prepare(p)
				shownAPI := page(p, a.page(x), a.control(x))
				apiCode := a.api(p, x)
				x = a.prepare(p)
				shownWeb := page(p, a.page(x), a.control(x))
				webCode := a.web(p, x)
				okAPI := apiCode >= 200 && apiCode < 300
				okWeb := webCode == http.StatusSeeOther
				if shownAPI != okAPI || shownWeb != okWeb {
					t.Errorf("%s, %s: control shown %v/%v; API %d, web %d", who, a.name, shownAPI, shownWeb, apiCode, webCode)
				}
				if okAPI != okWeb {
					t.Errorf("%s, %s: API %d but web %d", who, a.name, apiCode, webCode)
				}
			}
		}
	})
}
