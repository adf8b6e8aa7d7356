package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Archiving and restoring a resource, an organization and an initiative,
// and editing and removing an initiative's need (issue 15, item 9),
// against every persona through both doors: the control is on the page
// exactly when the request succeeds. The confirmation page holds the
// archive form; an archived thing's own page holds the restore button;
// the need's edit page holds both its forms. Each attempt acts on a fresh
// thing, so that none finds the work done by the one before.
func TestPolicyMatrixOfArchivingAndNeeds(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "ar", "Archive")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "newcomer", "member", "steward", "org admin", "org member", "author", "teammate"}
		people := map[string]*person{"visitor": m.visitor()}
		for _, p := range []*person{join("newcomer", ""), join("member", "member"), join("steward", "steward"),
			join("org admin", "member"), join("org member", "member"), join("author", "member"), join("teammate", "member")} {
			people[p.name] = p
		}
		admin, author := people["org admin"].token, people["author"].token
		org := func() string {
			o := id(api("POST", "/api/v1/communities/ar/organizations", admin, map[string]any{"name": "Library", "sector": "education"}))
			m.want(api("POST", "/api/v1/organizations/"+o+"/members", admin, map[string]any{"user_id": people["org member"].id, "role": "member"}), http.StatusOK)
			return o
		}
		resource := func() string {
			return id(api("POST", "/api/v1/communities/ar/resources", admin,
				map[string]any{"title": "Room", "kind": "space", "bookable": true, "approval": "request", "organization_id": org()}))
		}
		initiative := func() string {
			i := id(api("POST", "/api/v1/communities/ar/initiatives", author, map[string]any{"title": "Choir", "summary": "Sing", "themes": []string{}}))
			m.want(api("POST", "/api/v1/initiatives/"+i+"/team", author, map[string]any{"user_id": people["teammate"].id}), http.StatusOK)
			return i
		}
		need := func() (string, string) {
			i := initiative()
			return i, id(api("POST", "/api/v1/initiatives/"+i+"/needs", author, map[string]any{"kind": "time", "description": "Singers"}))
		}
		kinds := []struct {
			name, path string
			fresh      func() string
			runner     string // who put it away, for a restore
			must       []string
		}{
			{"a resource", "resources", resource, admin, []string{"org admin"}},
			{"an organization", "organizations", org, admin, []string{"org admin"}},
			{"an initiative", "initiatives", initiative, author, []string{"author", "teammate"}},
		}
		// not is everyone else: those who must be refused.
		not := func(must []string) []string {
			var out []string
		next:
			for _, who := range personae {
				for _, w := range must {
					if w == who {
						continue next
					}
				}
				out = append(out, who)
			}
			return out
		}
		var actions []bothWays
		for _, k := range kinds {
			actions = append(actions,
				bothWays{"archive " + k.name, func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
					x := k.fresh()
					at := "/c/ar/" + k.path + "/" + x
					return at + "/archive", at + "/archive",
						func(p *person) int { return api("PUT", "/api/v1/"+k.path+"/"+x+"/archive", p.token, nil).Code },
						func(p *person) *httptest.ResponseRecorder { return p.b.do("POST", at+"/archive", map[string]string{}) }
				}, k.must, not(k.must)},
				bothWays{"restore " + k.name, func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
					x := k.fresh()
					m.want(api("PUT", "/api/v1/"+k.path+"/"+x+"/archive", k.runner, nil), http.StatusNoContent)
					at := "/c/ar/" + k.path + "/" + x
					return at, at + "/restore",
						func(p *person) int { return api("DELETE", "/api/v1/"+k.path+"/"+x+"/archive", p.token, nil).Code },
						func(p *person) *httptest.ResponseRecorder { return p.b.do("POST", at+"/restore", map[string]string{}) }
				}, k.must, not(k.must)})
		}
		team := []string{"author", "teammate"}
		actions = append(actions,
			bothWays{"edit a need", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				i, n := need()
				at := "/c/ar/initiatives/" + i + "/needs/" + n
				return at + "/edit", at + "/edit",
					func(p *person) int {
						return api("PUT", "/api/v1/needs/"+n, p.token, map[string]any{"kind": "time", "description": "Altos", "quantity": 3}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", at+"/edit", map[string]string{"kind": "time", "description": "Altos", "quantity": "3"})
					}
			}, team, not(team)},
			bothWays{"remove a need", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				i, n := need()
				at := "/c/ar/initiatives/" + i + "/needs/" + n
				return at + "/edit", at + "/remove",
					func(p *person) int { return api("DELETE", "/api/v1/needs/"+n, p.token, nil).Code },
					func(p *person) *httptest.ResponseRecorder { return p.b.do("POST", at+"/remove", map[string]string{}) }
			}, team, not(team)})

		tryBothWays(t, actions, personae, people)
	})
}
