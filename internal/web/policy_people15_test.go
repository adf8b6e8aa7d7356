package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// Reporting a person (issue 15, item 14), against every persona through
// both doors: the report form is on the member page exactly when the
// report is taken. Each attempt reports someone new, so that a steward's
// report, which hides the person, does not decide the next one.
func TestPolicyMatrixOfReportingPeople(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "rp", "Reports")
		api, join := m.api, m.join
		people := map[string]*person{"visitor": m.visitor()}
		for _, p := range []*person{join("newcomer", ""), join("member", "member"), join("steward", "steward")} {
			people[p.name] = p
		}
		n := 0
		fresh := func() string {
			n++
			return join("reported "+strconv.Itoa(n), "member").id
		}
		must, mustNot := []string{"newcomer", "member", "steward"}, []string{"visitor"}
		for _, who := range append(append([]string{}, must...), mustNot...) {
			p := people[who]
			target := fresh()
			onPage := hasForm(p.page("/c/rp/members/"+target), "/c/rp/flags")
			apiCode := api("POST", "/api/v1/communities/rp/flags", p.token, map[string]any{"subject": map[string]any{"type": "person", "id": target},
				"reason": "Agreement 3"}).Code
			apiOK := apiCode >= 200 && apiCode < 300
			target = fresh()
			onWebPage := hasForm(p.page("/c/rp/members/"+target), "/c/rp/flags")
			rec := p.b.do("POST", "/c/rp/flags", map[string]string{"subject_type": "person", "subject_id": target, "reason": "Agreement 3"})
			okWeb := rec.Code == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/signin")
			if onPage != apiOK || onWebPage != okWeb {
				t.Errorf("report a person, %s: control %v/%v, API %d, web %d", who, onPage, onWebPage, apiCode, rec.Code)
			}
			for _, w := range must {
				if w == who && (!apiOK || !okWeb) {
					t.Errorf("report a person, %s: must succeed: API %d, web %d", who, apiCode, rec.Code)
				}
			}
			for _, w := range mustNot {
				if w == who && (apiOK || okWeb || onPage || onWebPage) {
					t.Errorf("report a person, %s: must be refused: API %d, web %d", who, apiCode, rec.Code)
				}
			}
		}
	})
}
