package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Organizers' actions on what they published (issue 15, item 7): editing
// an activity and cancelling the rest of its series; and reporting an
// activity (item 14); against every persona through both doors; the
// control is on the page exactly when the request succeeds.
func TestPolicyMatrixOfEditingActivities(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "ed", "Editing")
		api, id, join := m.api, m.id, m.join
		organizer := join("organizer (author)", "")
		orgAdmin := join("organization admin", "")
		people := map[string]*person{"visitor": m.visitor(), "organizer (author)": organizer, "organization admin": orgAdmin}
		for _, p := range []*person{join("newcomer", ""), join("member", "member"), join("steward", "steward")} {
			people[p.name] = p
		}
		personae := []string{"visitor", "newcomer", "member", "steward", "organizer (author)", "organization admin"}
		org := id(api("POST", "/api/v1/communities/ed/organizations", organizer.token, map[string]any{"name": "Choir", "sector": "ngo"}))
		m.want(api("POST", "/api/v1/organizations/"+org+"/members", organizer.token, map[string]any{"user_id": orgAdmin.id, "role": "admin"}), http.StatusOK)
		day := 2
		series := func() string {
			day += 7
			return id(api("POST", "/api/v1/communities/ed/activities", organizer.token, map[string]any{"title": "Class", "kind": "course",
				"online_url": "https://meet.example.org/class", "starts_at": slot(day, "10:00"), "ends_at": slot(day, "11:00"),
				"recurrence": "FREQ=WEEKLY;COUNT=3", "organization_ids": []string{org}}))
		}
		type action struct {
			name          string
			fresh         func() (page, control string, api func(p *person) int, web func(p *person) *httptest.ResponseRecorder)
			must, mustNot []string
		}
		actions := []action{
			{"edit an activity", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := series()
				return "/c/ed/activities/" + id + "/edit", "/c/ed/activities/" + id + "/edit",
					func(p *person) int {
						return api("PATCH", "/api/v1/activities/"+id+"/details", p.token, map[string]any{"title": "Choir class", "scope": "all"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/ed/activities/"+id+"/edit", map[string]string{"title": "Choir class", "scope": "rest"})
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "newcomer", "member", "steward"}},
			{"cancel the rest of a series", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := series()
				return "/c/ed/activities/" + id, "/c/ed/activities/" + id + "/cancel-series",
					func(p *person) int {
						return api("POST", "/api/v1/activities/"+id+"/series-cancellation", p.token, map[string]any{"scope": "rest"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/ed/activities/"+id+"/cancel-series", map[string]string{"scope": "all"})
					}
			}, []string{"organizer (author)", "organization admin"}, []string{"visitor", "newcomer", "member", "steward"}},
			{"report an activity", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := series()
				return "/c/ed/activities/" + id, "/c/ed/flags",
					func(p *person) int {
						return api("POST", "/api/v1/communities/ed/flags", p.token, map[string]any{"subject": map[string]any{"type": "activity", "id": id},
							"reason": "Agreement 1"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/ed/flags", map[string]string{"subject_type": "activity", "subject_id": id, "reason": "Agreement 1"})
					}
			}, []string{"newcomer", "member", "steward", "organization admin"}, []string{"visitor", "organizer (author)"}},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				page, control, viaAPI, _ := a.fresh()
				onPage := hasForm(p.page(page), control)
				apiCode := viaAPI(p)
				apiOK := apiCode >= 200 && apiCode < 300
				page, control, _, viaWeb := a.fresh()
				onWebPage := hasForm(p.page(page), control)
				rec := viaWeb(p)
				okWeb := rec.Code == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/signin")
				if onPage != apiOK {
					t.Errorf("%s, %s: control on the page %v, API answered %d", a.name, who, onPage, apiCode)
				}
				if onWebPage != okWeb {
					t.Errorf("%s, %s: control on the page %v, web answered %d", a.name, who, onWebPage, rec.Code)
				}
				for _, w := range a.must {
					if w == who && (!apiOK || !okWeb) {
						t.Errorf("%s, %s: must succeed: API %d, web %d", a.name, who, apiCode, rec.Code)
					}
				}
				for _, w := range a.mustNot {
					if w == who && (apiOK || okWeb || onPage || onWebPage) {
						t.Errorf("%s, %s: must be refused: API %d, web %d", a.name, who, apiCode, rec.Code)
					}
				}
			}
		}
	})
}
