package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The quality round actions, person by person, through both doors: the
// control is on the page exactly when the request succeeds. Editors run
// rounds; panelists rate; an action point's owner (and editors) mark it.
func TestPolicyMatrixQuality(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "qx", "Quality")
		api, id, join := m.api, m.id, m.join
		personae := []string{"visitor", "outsider", "newcomer", "member", "editor", "panelist", "owner"}
		people := map[string]*person{
			"visitor":  m.visitor(),
			"outsider": m.outsider("outsider"),
			"newcomer": join("newcomer", ""),
			"member":   join("member", "member"),
			"editor":   join("editoronly", "editor"),
			"panelist": join("panelist", "member"),
			"owner":    join("owner", ""),
		}
		editor := people["editor"].token
		round := map[string]any{"title": "Check-up", "period_start": dayOf(-30), "period_end": dayOf(0), "frameworks": []string{"unesco"},
			"method": "Debate", "scale": 4}
		newRound := func() string { return id(api("POST", "/api/v1/communities/qx/quality/rounds", editor, round)) }
		withPanel := func() string {
			r := newRound()
			m.want(api("POST", "/api/v1/quality-rounds/"+r+"/panel", editor, map[string]any{"user_id": people["panelist"].id}), http.StatusOK)
			return r
		}
		withPoint := func() string {
			r := newRound()
			return id(api("POST", "/api/v1/quality-rounds/"+r+"/action-points", editor, map[string]any{"text": "Open the agenda",
				"owner_id": people["owner"].id, "due": dayOf(7)}))
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
		actions := []action{
			{"open a round", []string{"editor"}, none,
				func(string) (string, string) { return "/c/qx/quality", `href="/c/qx/quality/new"` },
				func(p *person, _ string) int {
					return api("POST", "/api/v1/communities/qx/quality/rounds", p.token, round).Code
				},
				func(p *person, _ string) int {
					return p.b.do("POST", "/c/qx/quality/new", map[string]string{"title": "Web check-up", "period_start": dayOf(-30),
						"period_end": dayOf(0), "frameworks": "r3l", "method": "Debate", "scale": "5"}).Code
				}},
			{"choose the panel", []string{"editor"}, newRound,
				func(r string) (string, string) { return "/c/qx/quality/" + r, `action="/c/qx/quality/` + r + `/panel"` },
				func(p *person, r string) int {
					return api("POST", "/api/v1/quality-rounds/"+r+"/panel", p.token, map[string]any{"user_id": people["member"].id}).Code
				},
				func(p *person, r string) int {
					return p.b.do("POST", "/c/qx/quality/"+r+"/panel", map[string]string{"choice": people["member"].id + ":"}).Code
				}},
			{"rate", []string{"panelist"}, withPanel,
				func(r string) (string, string) {
					return "/c/qx/quality/" + r, `action="/c/qx/quality/` + r + `/ratings/unesco.governance"`
				},
				func(p *person, r string) int {
					return api("PUT", "/api/v1/quality-rounds/"+r+"/ratings/unesco.governance", p.token, map[string]any{"score": 2}).Code
				},
				func(p *person, r string) int {
					return p.b.do("POST", "/c/qx/quality/"+r+"/ratings/unesco.governance", map[string]string{"score": "3", "comment": "So-so"}).Code
				}},
			{"close the round", []string{"editor"}, newRound,
				func(r string) (string, string) { return "/c/qx/quality/" + r, `action="/c/qx/quality/` + r + `/close"` },
				func(p *person, r string) int {
					return api("POST", "/api/v1/quality-rounds/"+r+"/close", p.token, nil).Code
				},
				func(p *person, r string) int {
					return p.b.do("POST", "/c/qx/quality/"+r+"/close", map[string]string{}).Code
				}},
			{"mark an action point", []string{"editor", "owner"}, withPoint,
				func(x string) (string, string) {
					return "/c/qx/quality/action-points", `action="/c/qx/action-points/` + x + `/status"`
				},
				func(p *person, x string) int {
					return api("POST", "/api/v1/action-points/"+x+"/status", p.token, map[string]any{"status": "done"}).Code
				},
				func(p *person, x string) int {
					return p.b.do("POST", "/c/qx/action-points/"+x+"/status", map[string]string{"status": "done"}).Code
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
	})
}
