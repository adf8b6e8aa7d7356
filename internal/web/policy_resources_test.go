package web_test

import (
	"net/http"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The resources' actions against every persona that the rules about one
// resource tell apart, through both doors, on both engines: the control
// (the form posting to the action, or the edit link) is on the page
// exactly when the request succeeds — through the API and through the
// web alike. A page that recomputed a rule of its own (a steward who may
// not revoke shown the button, an organization member shown the decision
// form) would fail here.
func TestResourcePolicyMatrix(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "rx", "Resources")
		api, id, join := m.api, m.id, m.join
		people := map[string]*person{
			"visitor":          m.visitor(),
			"newcomer":         join("Nia", ""),
			"member":           join("Mererid", "member"),
			"editor only":      join("Elis", "editor"),
			"steward":          join("Steffan", "steward"),
			"owner":            join("Ffion", "member"),
			"org admin":        join("Gareth", "member"),
			"org member":       join("Olwen", "member"),
			"resource steward": join("Sian", "member"),
		}
		order := []string{"visitor", "newcomer", "member", "editor only", "steward", "owner", "org admin", "org member", "resource steward"}
		requester := join("Rhys", "member")

		// Ffion's hall asks for approval; the library's room confirms for
		// its people and those trusted for it; Sian is trusted for the room.
		hall := id(api("POST", "/api/v1/communities/rx/resources", people["owner"].token,
			map[string]any{"title": "Hall", "kind": "space", "bookable": true, "approval": "request"}))
		org := id(api("POST", "/api/v1/communities/rx/organizations", people["org admin"].token, map[string]any{"name": "Library", "sector": "education"}))
		m.want(api("POST", "/api/v1/organizations/"+org+"/members", people["org admin"].token,
			map[string]any{"user_id": people["org member"].id, "role": "member"}), http.StatusOK)
		room := id(api("POST", "/api/v1/communities/rx/resources", people["org admin"].token,
			map[string]any{"title": "Room", "kind": "space", "bookable": true, "approval": "trusted", "organization_id": org}))
		m.want(api("POST", "/api/v1/resources/"+room+"/trust", people["org admin"].token, map[string]any{"user_id": people["resource steward"].id}), http.StatusCreated)

		day := 2
		slotBody := func() (map[string]any, map[string]string) {
			day++
			return map[string]any{"starts_at": slot(day, "10:00"), "ends_at": slot(day, "11:00")},
				map[string]string{"day": dayOf(day), "from": "10:00", "to": "11:00"}
		}
		// request makes a booking that waits for a decision.
		request := func(resource string) string {
			t.Helper()
			b, _ := slotBody()
			rec := api("POST", "/api/v1/resources/"+resource+"/bookings", requester.token, b)
			if rec.Code != 201 || ts.JSON[map[string]any](t, rec)["status"] != "requested" {
				t.Fatal(rec.Code, rec.Body.String())
			}
			return ts.JSON[map[string]any](t, rec)["id"].(string)
		}
		// trustee is a fresh member trusted for the room by someone.
		trustee := func(by *person) string {
			t.Helper()
			p := join("Trustee", "")
			if by != nil {
				m.want(api("POST", "/api/v1/resources/"+room+"/trust", by.token, map[string]any{"user_id": p.id}), http.StatusCreated)
			}
			return p.id
		}
		fresh := func() string {
			p := join("Newly trusted", "")
			return p.id
		}

		// The control is a form's action or the edit link.
		page := func(p *person, path, control string) bool {
			return strings.Contains(p.page(path), control)
		}
		resourcePage := func(r string) string { return "/c/rx/resources/" + r }

		type action struct {
			name string
			// prepare makes what one attempt acts on (a booking, a person),
			// fresh for each attempt.
			prepare func(p *person) string
			page    func(x string) string
			control func(x string) string
			api     func(p *person, x string) int
			web     func(p *person, x string) int
		}
		edit := func(r, title, approval string) action {
			return action{"edit " + title, func(*person) string { return "" },
				func(string) string { return resourcePage(r) },
				func(string) string { return `href="/c/rx/resources/` + r + `/edit"` },
				func(p *person, _ string) int {
					return api("PUT", "/api/v1/resources/"+r, p.token, map[string]any{"title": title, "kind": "space", "bookable": true, "approval": approval}).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/rx/resources/"+r+"/edit", map[string]string{"title": title, "kind": "space", "terms": "free",
						"approval": approval, "bookable": "on"}).Code
				}}
		}
		decide := func(r, title string) action {
			return action{"decide on " + title, func(*person) string { return request(r) },
				func(string) string { return resourcePage(r) },
				func(b string) string { return `action="/c/rx/resources/` + r + `/bookings/` + b + `/decision"` },
				func(p *person, b string) int {
					return api("POST", "/api/v1/bookings/"+b+"/decision", p.token, map[string]any{"decision": "confirm"}).Code
				},
				func(p *person, b string) int {
					return p.b.do("POST", "/c/rx/resources/"+r+"/bookings/"+b+"/decision", map[string]string{"decision": "confirm"}).Code
				}}
		}
		book := func(r, title string) action {
			return action{"book " + title, func(*person) string { return "" },
				func(string) string { return resourcePage(r) },
				func(string) string { return `action="/c/rx/resources/` + r + `#book"` },
				func(p *person, _ string) int {
					b, _ := slotBody()
					return api("POST", "/api/v1/resources/"+r+"/bookings", p.token, b).Code
				},
				func(p *person, _ string) int {
					_, f := slotBody()
					return p.b.do("POST", "/c/rx/resources/"+r, f).Code
				}}
		}
		revoke := func(giver string) action {
			return action{"revoke trust given by the " + giver, func(*person) string { return trustee(people[giver]) },
				func(string) string { return resourcePage(room) },
				func(u string) string { return `action="/c/rx/resources/` + room + `/trust/` + u + `/remove"` },
				func(p *person, u string) int {
					return api("DELETE", "/api/v1/resources/"+room+"/trust/"+u, p.token, nil).Code
				},
				func(p *person, u string) int {
					return p.b.do("POST", "/c/rx/resources/"+room+"/trust/"+u+"/remove", nil).Code
				}}
		}
		actions := []action{
			edit(hall, "Hall", "request"), edit(room, "Room", "trusted"),
			decide(hall, "Hall"), decide(room, "Room"),
			book(hall, "Hall"), book(room, "Room"),
			{"trust for the room", func(*person) string { return fresh() },
				func(string) string { return resourcePage(room) },
				func(string) string { return `action="/c/rx/resources/` + room + `/trust"` },
				func(p *person, u string) int {
					return api("POST", "/api/v1/resources/"+room+"/trust", p.token, map[string]any{"user_id": u}).Code
				},
				func(p *person, u string) int {
					return p.b.do("POST", "/c/rx/resources/"+room+"/trust", map[string]string{"person": "x", "person_id": u}).Code
				}},
			revoke("org admin"), revoke("resource steward"),
			// One's own booking, on one's bookings page. (A steward may
			// cancel others' bookings too, but no page offers that control:
			// declining a request is how the pages do it.)
			{"cancel one's booking", func(p *person) string {
				if p.token == "" {
					return request(hall) // a visitor has none: try someone's
				}
				b, _ := slotBody()
				return id(api("POST", "/api/v1/resources/"+hall+"/bookings", p.token, b))
			},
				func(string) string { return "/me/bookings" },
				func(b string) string { return `action="/bookings/` + b + `/cancel"` },
				func(p *person, b string) int { return api("DELETE", "/api/v1/bookings/"+b, p.token, nil).Code },
				func(p *person, b string) int { return p.b.do("POST", "/bookings/"+b+"/cancel", nil).Code }},
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
				okWeb := webCode == http.StatusOK || webCode == http.StatusCreated || webCode == http.StatusSeeOther && who != "visitor"
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
