package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Organizers' actions on what they published (issue 15, item 7): editing
// an activity, cancelling the rest of its series and writing to everyone
// registered; and reporting an
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
		actions := []bothWays{
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
			{"write to everyone registered", func() (string, string, func(*person) int, func(*person) *httptest.ResponseRecorder) {
				id := series()
				m.want(api("POST", "/api/v1/activities/"+id+"/registrations", people["member"].token, nil), http.StatusCreated)
				return "/c/ed/activities/" + id + "/people", "/c/ed/activities/" + id + "/announce",
					func(p *person) int {
						return api("POST", "/api/v1/activities/"+id+"/announcements", p.token, map[string]any{"message": "Bring music"}).Code
					},
					func(p *person) *httptest.ResponseRecorder {
						return p.b.do("POST", "/c/ed/activities/"+id+"/announce", map[string]string{"message": "Bring music"})
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
		tryBothWays(t, actions, personae, people)
	})
}
