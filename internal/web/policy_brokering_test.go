package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The brokering actions, person by person, through both doors: for each,
// the control is on the page exactly when the request succeeds, through
// the API and the pages alike.
func TestPolicyMatrixBrokering(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		// Many offers in a minute from one author: flood control is
		// tested in the use cases.
		s.App.Flood = store.Flood{}
		m := newMatrix(t, s, "mx", "Matrix")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor only", "author"}
		people := map[string]*person{
			"visitor":     m.visitor(),
			"outsider":    m.outsider("outsider"),
			"newcomer":    join("newcomer", ""),
			"member":      join("member", "member"),
			"editor only": join("editoronly", "editor"),
			"author":      join("author", "member"),
		}
		author := people["author"].token
		// An offer anyone may see, fresh for each attempt.
		offer := func() string {
			return id(api("POST", "/api/v1/communities/mx/intents", author, map[string]any{"direction": "offer", "kind": "equipment",
				"title": "A projector", "visibility": "public"}))
		}
		page := func(id string) string { return "/c/mx/offers/" + id }
		// A member's request that every fresh offer answers, for suggesting.
		request := id(api("POST", "/api/v1/communities/mx/intents", people["member"].token, map[string]any{"direction": "request",
			"kind": "equipment", "title": "A projector for the film club"}))
		suggest := map[string]any{"seeker_type": "intent", "seeker_id": request, "candidate_type": "intent", "side": "seeker"}
		type action struct {
			name    string
			read    bool
			allowed []string
			control func(id string) (page, needle string)
			api     func(p *person, id string) int
			web     func(p *person, id string) int
		}
		everyone := []string{"newcomer", "member", "editor only", "author"}
		actions := []action{
			// First, while the request's matches are few: each attempt's fresh offer is among them.
			{"suggest a match", false, []string{"editor only"},
				func(string) (string, string) {
					return "/c/mx/matches/intent/" + request, `action="/c/mx/matches/intent/` + request + `/suggest"`
				},
				func(p *person, id string) int {
					suggest["candidate_id"] = id
					return api("POST", "/api/v1/communities/mx/matches/suggest", p.token, suggest).Code
				},
				func(p *person, id string) int {
					return p.b.do("POST", "/c/mx/matches/intent/"+request+"/suggest", map[string]string{"candidate_type": "intent",
						"candidate_id": id, "side": "seeker"}).Code
				}},
			{"post an offer", false, everyone,
				func(string) (string, string) { return "/c/mx/offers", `href="/c/mx/offers/new?direction=offer"` },
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/mx/intents", p.token, map[string]any{"direction": "offer", "kind": "time", "title": "An hour"}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/mx/offers/new", map[string]string{"direction": "offer", "kind": "time", "title": "An hour",
						"quantity": "1", "visibility": "community"}).Code
				}},
			{"answer an offer", false, []string{"newcomer", "member", "editor only"},
				func(id string) (string, string) { return page(id), `action="` + page(id) + `/answer` },
				func(p *person, id string) int {
					return api("POST", "/api/v1/intents/"+id+"/answers", p.token, map[string]any{"note": "Please"}).Code
				},
				func(p *person, id string) int {
					return p.b.do("POST", page(id)+"/answer", map[string]string{"note": "Please"}).Code
				}},
			{"fulfil an offer", false, []string{"author"},
				func(id string) (string, string) { return page(id), `action="` + page(id) + `/fulfil"` },
				func(p *person, id string) int { return api("POST", "/api/v1/intents/"+id+"/fulfil", p.token, nil).Code },
				func(p *person, id string) int { return p.b.do("POST", page(id)+"/fulfil", nil).Code }},
			{"change an offer", false, []string{"author"},
				func(id string) (string, string) { return page(id), `href="` + page(id) + `/edit"` },
				func(p *person, id string) int {
					return api("PUT", "/api/v1/intents/"+id, p.token, map[string]any{"kind": "equipment", "title": "A better projector"}).Code
				},
				func(p *person, id string) int {
					return p.b.do("POST", page(id)+"/edit", map[string]string{"kind": "equipment", "title": "A better projector",
						"quantity": "1", "visibility": "public"}).Code
				}},
			{"read an offer's matches", true, everyone,
				func(id string) (string, string) { return page(id), `href="/c/mx/matches/intent/` + id + `"` },
				func(p *person, id string) int { return api("GET", "/api/v1/intents/"+id+"/matches", p.token, nil).Code },
				func(p *person, id string) int { return p.b.do("GET", "/c/mx/matches/intent/"+id, nil).Code }},
			{"read the overview", true, []string{"editor only"},
				func(string) (string, string) { return "/c/mx/offers", `href="/c/mx/overview"` },
				func(p *person, _ string) int { return api("GET", "/api/v1/communities/mx/overview", p.token, nil).Code },
				func(p *person, _ string) int { return p.b.do("GET", "/c/mx/overview", nil).Code }},
		}
		for _, a := range actions {
			for _, who := range personae {
				p := people[who]
				want := slices.Contains(a.allowed, who)
				apiCode := a.api(p, offer())
				f := offer()
				path, needle := a.control(f)
				// The matches page is for members: for others it is not found,
				// and so shows no control.
				body := ""
				if rec := p.b.do("GET", path, nil); rec.Code == http.StatusOK {
					body = rec.Body.String()
				} else if rec.Code != http.StatusNotFound {
					t.Fatalf("%s: GET %s → %d", who, path, rec.Code)
				}
				shown := strings.Contains(body, needle)
				webCode := a.web(p, f)
				okAPI := apiCode >= 200 && apiCode < 300
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
