package api_test

import (
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A round through the API: the providing organization's admin opens it,
// an initiative proposes, the reviewer decides, members vote, and the
// results, the Pabulib file and the override come out after closing.
func TestFundRoundThroughTheAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		c := newCivic(t, s)
		start := time.Now().Add(time.Minute)
		at := start
		s.App.SetClock(func() time.Time { return at })
		round := obj{"title": "Warm Spaces", "pool": 1000, "unit": "GBP", "funder_ids": []string{c.council}, "rule": "approval",
			"min_choices": 1, "max_choices": 1, "method": "equal_shares", "review_at": start.Add(time.Hour), "voting_at": start.Add(2 * time.Hour),
			"closes_at": start.Add(3 * time.Hour)}
		c.do(t, "POST", "/api/v1/communities/cwm/fund/rounds", c.joe, round, 403)
		c.do(t, "POST", "/api/v1/communities/cwm/fund/rounds", "", round, 401)
		bad := obj{}
		for k, v := range round {
			bad[k] = v
		}
		bad["closes_at"] = start
		c.do(t, "POST", "/api/v1/communities/cwm/fund/rounds", c.dafydd, bad, 422)
		r := c.do(t, "POST", "/api/v1/communities/cwm/fund/rounds", c.dafydd, round, 201)
		id := r["id"].(string)
		if r["phase"] != "proposals" || !r["may"].(obj)["manage"].(bool) {
			t.Errorf("opened %v", r)
		}
		in := c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "Warm hub", "summary": "Heat", "themes": []string{}}, 201)
		c.do(t, "POST", "/api/v1/fund/rounds/"+id+"/proposals", c.mair, obj{"initiative_id": in["id"], "title": "Hub", "plan": "Heat", "amount": 2000}, 422)
		c.do(t, "POST", "/api/v1/fund/rounds/"+id+"/proposals", c.joe, obj{"initiative_id": in["id"], "title": "Hub", "plan": "Heat", "amount": 600}, 403)
		p := c.do(t, "POST", "/api/v1/fund/rounds/"+id+"/proposals", c.mair, obj{"initiative_id": in["id"], "title": "Hub", "plan": "Heat", "amount": 600, "minimum": 200}, 201)
		pid := p["id"].(string)
		at = start.Add(time.Hour)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/review", c.joe, obj{"eligible": true}, 403)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/review", c.dafydd, obj{"eligible": true, "reason": "Fits the round."}, 204)
		if got := c.do(t, "GET", "/api/v1/fund/proposals/"+pid, c.mair, nil, 200); got["status"] != "eligible" || got["reason"] != "Fits the round." {
			t.Errorf("the proposer sees %v", got)
		}
		ballot := obj{"choices": []obj{{"proposal_id": pid, "points": 1}}}
		c.do(t, "PUT", "/api/v1/fund/rounds/"+id+"/ballot", c.joe, ballot, 409)
		at = start.Add(2 * time.Hour)
		c.do(t, "PUT", "/api/v1/fund/rounds/"+id+"/ballot", c.joe, obj{"choices": []obj{{"proposal_id": pid, "points": 1}, {"proposal_id": pid, "points": 1}}}, 422)
		c.do(t, "PUT", "/api/v1/fund/rounds/"+id+"/ballot", c.joe, obj{"choices": []obj{{"proposal_id": pid, "points": -3}}}, 422)
		if b := c.do(t, "PUT", "/api/v1/fund/rounds/"+id+"/ballot", c.joe, ballot, 200); len(b["choices"].([]any)) != 1 {
			t.Errorf("ballot %v", b)
		}
		c.do(t, "PUT", "/api/v1/fund/rounds/"+id+"/ballot", c.rhodri, ballot, 200)
		c.do(t, "PUT", "/api/v1/fund/rounds/"+id, c.dafydd, obj{"title": "Warm Spaces", "pool": 2000, "unit": "GBP", "funder_ids": []string{c.council},
			"rule": "approval", "min_choices": 1, "max_choices": 1, "method": "equal_shares", "review_at": round["review_at"], "voting_at": round["voting_at"],
			"closes_at": round["closes_at"]}, 409)
		c.do(t, "GET", "/api/v1/fund/rounds/"+id+"/results", "", nil, 409)
		at = start.Add(3 * time.Hour)
		res := c.do(t, "GET", "/api/v1/fund/rounds/"+id+"/results", "", nil, 200)
		if res["ballots"].(float64) != 2 || res["funded"].(float64) != 600 || res["left"].(float64) != 400 {
			t.Errorf("results %v", res)
		}
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/fund/rounds/" + id + "/pabulib"})
		ts.Status(t, rec, 200)
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.HasPrefix(rec.Body.String(), "META\n") ||
			!strings.Contains(rec.Body.String(), "\nVOTES\nvoter_id;vote\n1;"+pid+"\n2;"+pid+"\n") {
			t.Errorf("pabulib %s:\n%s", ct, rec.Body.String())
		}
		c.do(t, "GET", "/api/v1/fund/rounds/nope/pabulib", "", nil, 404)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/override", c.joe, obj{"amount": 500, "reason": "x"}, 403)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/override", c.dafydd, obj{"amount": 500, "reason": ""}, 422)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/override", c.dafydd, obj{"amount": 500, "reason": "Half the hall is closed this winter."}, 204)
		c.do(t, "POST", "/api/v1/fund/rounds/"+id+"/publish", c.dafydd, nil, 204)
		c.do(t, "POST", "/api/v1/fund/rounds/"+id+"/publish", c.dafydd, nil, 409)
		c.do(t, "PUT", "/api/v1/fund/proposals/"+pid+"/spent", c.mair, obj{"spent": 120}, 204)
		got := c.do(t, "GET", "/api/v1/fund/rounds/"+id, "", nil, 200)
		if got["phase"] != "follow_up" || got["committed"].(float64) != 500 || got["spent"].(float64) != 120 {
			t.Errorf("follow-up %v", got)
		}
		list := c.do(t, "GET", "/api/v1/communities/cwm/fund/rounds", "", nil, 200)
		if len(list["items"].([]any)) != 1 {
			t.Errorf("rounds %v", list)
		}
	})
}
