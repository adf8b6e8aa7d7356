package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A token ballot works as a plain form: a number per proposal, blank for
// none; over the cap it is refused on the page with the reason beside the
// ballot and the numbers as sent; the saved ballot shows what is left.
func TestFundTokenBallotWithoutScript(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "mx", "Matrix")
		member := m.join("member", "member")
		org := m.id(m.api("POST", "/api/v1/communities/mx/organizations", m.founder, map[string]any{"name": "Council", "sector": "public_authority"}))
		t0 := time.Now().Add(time.Hour)
		at := t0
		s.App.SetClock(func() time.Time { return at })
		round := m.id(m.api("POST", "/api/v1/communities/mx/fund/rounds", m.founder, map[string]any{"title": "Hall hours", "pool": 120,
			"unit": "hours", "funder_ids": []string{org}, "rule": "tokens", "tokens": 10, "token_cap": 5, "method": "greedy",
			"review_at": t0.Add(time.Hour), "voting_at": t0.Add(2 * time.Hour), "closes_at": t0.Add(3 * time.Hour)}))
		var ids []string
		for _, title := range []string{"Choir", "Repair"} {
			i := m.id(m.api("POST", "/api/v1/communities/mx/initiatives", m.founder, map[string]any{"title": title, "summary": "S", "themes": []string{}}))
			p := m.id(m.api("POST", "/api/v1/fund/rounds/"+round+"/proposals", m.founder, map[string]any{"initiative_id": i, "title": title, "plan": "P", "amount": 20}))
			m.want(m.api("PUT", "/api/v1/fund/proposals/"+p+"/review", m.founder, map[string]any{"eligible": true}), http.StatusNoContent)
			ids = append(ids, p)
		}
		at = t0.Add(2*time.Hour + time.Minute)
		page := "/c/mx/fund/" + round
		rec := member.b.do("POST", page+"/ballot", map[string]string{"points." + ids[0]: "6", "points." + ids[1]: ""})
		if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "At most 5 tokens") ||
			!strings.Contains(body, `name="points.`+ids[0]+`" type="number" min="0" max="5" value="6"`) {
			t.Fatalf("over the cap: %d\n%s", rec.Code, body)
		}
		if code, _ := member.b.post(page+"/ballot", map[string]string{"points." + ids[0]: "4", "points." + ids[1]: "3"}); code != http.StatusSeeOther {
			t.Fatalf("ballot: %d", code)
		}
		body := member.page(page)
		if !strings.Contains(body, `<output class="n-used">7</output> / 10`) || !strings.Contains(body, `<output class="n-left">3</output>`) {
			t.Errorf("running total not shown:\n%s", body)
		}
	})
}
