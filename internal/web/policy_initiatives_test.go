package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The initiative and partnership actions, person by person, through both
// doors: for each, the control (the form posting to the action, or the
// link to the page) is on the page exactly when the request succeeds,
// through the API and through the pages alike. The personae are those the
// rules tell apart: the initiative's team (its author), an organization's
// admin (pledging for it, signing for it, marking its commitments), a
// person trusted as editor only, a newcomer, a member, someone signed in
// who has not joined, and a visitor.
func TestPolicyMatrixInitiatives(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "mx", "Matrix")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor only", "author", "org admin"}
		people := map[string]*person{
			"visitor":     m.visitor(),
			"outsider":    m.outsider("outsider"), // signed in, not joined
			"newcomer":    join("newcomer", ""),
			"member":      join("member", "member"),
			"editor only": join("editoronly", "editor"),
			"author":      join("author", "member"),
			"org admin":   join("orgadmin", ""),
		}
		helper, tom := join("helper", "member"), join("tom", "")
		orgID := id(api("POST", "/api/v1/communities/mx/organizations", people["org admin"].token, map[string]any{"name": "Friends", "sector": "ngo"}))

		// fixture is the fresh state one attempt acts on, so that no
		// attempt finds the work done by the one before.
		type fixture struct{ initiative, need, pledge, partnership, commitment string }
		author := people["author"].token
		base := func() fixture {
			i := id(api("POST", "/api/v1/communities/mx/initiatives", author, map[string]any{"title": "Choir", "summary": "Sing", "themes": []string{}}))
			n := id(api("POST", "/api/v1/initiatives/"+i+"/needs", author, map[string]any{"kind": "time", "description": "Singers"}))
			return fixture{initiative: i, need: n}
		}
		withPledge := func() fixture {
			f := base()
			f.pledge = id(api("POST", "/api/v1/needs/"+f.need+"/pledges", helper.token, map[string]any{"description": "I sing"}))
			return f
		}
		withTeammate := func() fixture {
			f := base()
			m.want(api("POST", "/api/v1/initiatives/"+f.initiative+"/team", author, map[string]any{"user_id": helper.id}), http.StatusOK)
			return f
		}
		withPartnership := func() fixture {
			f := base()
			rec := api("POST", "/api/v1/initiatives/"+f.initiative+"/partnership", author, map[string]any{
				"review_on": dayOf(30), "parties": []map[string]any{{"organization_id": orgID, "role": "Hosts",
					"commitments": []map[string]any{{"description": "Open the doors"}}}}})
			f.partnership = id(rec)
			p := ts.JSON[map[string]any](t, rec)
			party := p["versions"].([]any)[0].(map[string]any)["parties"].([]any)[0].(map[string]any)
			f.commitment = party["commitments"].([]any)[0].(map[string]any)["id"].(string)
			return f
		}
		page := func(f fixture) string { return "/c/mx/initiatives/" + f.initiative }
		partnershipPage := func(f fixture) string { return page(f) + "/partnership" }
		form := func(path string) string { return `action="` + path }

		type action struct {
			name    string
			read    bool // the action is reading a page (GET), not a form
			allowed []string
			setup   func() fixture
			// control is the page to look at and what shows the control.
			control func(f fixture) (page, needle string)
			api     func(p *person, f fixture) int
			web     func(p *person, f fixture) int
		}
		actions := []action{
			{"pledge", false, []string{"newcomer", "member", "editor only", "author", "org admin"}, base,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/needs/" + f.need + "/pledges") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/needs/"+f.need+"/pledges", p.token, map[string]any{"description": "I sing"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/needs/"+f.need+"/pledges", map[string]string{"description": "I sing"}).Code
				}},
			{"pledge for the organization", false, []string{"org admin"}, base,
				func(f fixture) (string, string) { return page(f), `<option value="` + orgID + `">` },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/needs/"+f.need+"/pledges", p.token, map[string]any{"description": "We lend chairs", "organization_id": orgID}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/needs/"+f.need+"/pledges", map[string]string{"description": "We lend chairs", "organization_id": orgID}).Code
				}},
			{"move the status", false, []string{"author"}, base,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/status") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/initiatives/"+f.initiative+"/status", p.token, map[string]any{"status": "seeking_partners"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/status", map[string]string{"status": "seeking_partners"}).Code
				}},
			{"add a need", false, []string{"author"}, base,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/needs\"") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/initiatives/"+f.initiative+"/needs", p.token, map[string]any{"kind": "space", "description": "A hall"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/needs", map[string]string{"kind": "space", "description": "A hall"}).Code
				}},
			{"set a need's status", false, []string{"author"}, base,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/needs/" + f.need + "/status") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/needs/"+f.need+"/status", p.token, map[string]any{"status": "met"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/needs/"+f.need+"/status", map[string]string{"status": "met"}).Code
				}},
			{"decide a pledge", false, []string{"author"}, withPledge,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/pledges/" + f.pledge + "/decision") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/pledges/"+f.pledge+"/decision", p.token, map[string]any{"decision": "accept"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/pledges/"+f.pledge+"/decision", map[string]string{"decision": "accept"}).Code
				}},
			{"add to the team", false, []string{"author"}, base,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/team\"") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/initiatives/"+f.initiative+"/team", p.token, map[string]any{"user_id": tom.id}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/team", map[string]string{"person": "x", "person_id": tom.id}).Code
				}},
			{"remove from the team", false, []string{"author"}, withTeammate,
				func(f fixture) (string, string) { return page(f), form(page(f) + "/team/" + helper.id + "/remove") },
				func(p *person, f fixture) int {
					return api("DELETE", "/api/v1/initiatives/"+f.initiative+"/team/"+helper.id, p.token, nil).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", page(f)+"/team/"+helper.id+"/remove", nil).Code
				}},
			{"read the history", true, []string{"newcomer", "member", "editor only", "author", "org admin"}, base,
				func(f fixture) (string, string) { return page(f), `href="` + page(f) + `/history"` },
				func(p *person, f fixture) int {
					return api("GET", "/api/v1/initiatives/"+f.initiative+"/history", p.token, nil).Code
				},
				func(p *person, f fixture) int { return p.b.do("GET", page(f)+"/history", nil).Code }},
			{"propose the partnership", false, []string{"author"}, base,
				func(f fixture) (string, string) { return partnershipPage(f), form(partnershipPage(f) + "\"") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/initiatives/"+f.initiative+"/partnership", p.token, map[string]any{
						"review_on": dayOf(30), "parties": []map[string]any{{"organization_id": orgID, "role": "Hosts", "commitments": []map[string]any{}}}}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", partnershipPage(f), map[string]string{"review_on": dayOf(30), "party_org_0": orgID, "party_role_0": "Hosts"}).Code
				}},
			{"sign for a party", false, []string{"org admin"}, withPartnership,
				func(f fixture) (string, string) { return partnershipPage(f), form(partnershipPage(f) + "/signatures") },
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/partnerships/"+f.partnership+"/signatures", p.token, map[string]any{"organization_id": orgID}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", partnershipPage(f)+"/signatures", map[string]string{"organization_id": orgID}).Code
				}},
			{"mark a commitment", false, []string{"author", "org admin"}, withPartnership,
				func(f fixture) (string, string) {
					return partnershipPage(f), form(partnershipPage(f) + "/commitments/" + f.commitment)
				},
				func(p *person, f fixture) int {
					return api("POST", "/api/v1/commitments/"+f.commitment+"/status", p.token, map[string]any{"status": "kept"}).Code
				},
				func(p *person, f fixture) int {
					return p.b.do("POST", partnershipPage(f)+"/commitments/"+f.commitment, map[string]string{"status": "kept"}).Code
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
				// A form succeeds with "see other"; a page, with the page
				// (a visitor's "see other" goes to the sign-in form).
				okWeb := webCode == http.StatusSeeOther
				if a.read {
					okWeb = webCode == http.StatusOK
				}
				if okAPI != want || okWeb != want || shown != want {
					t.Errorf("%s, %s: API %d, web %d, control shown %v; want allowed=%v", who, a.name, apiCode, webCode, shown, want)
				}
			}
		}
	})
}
