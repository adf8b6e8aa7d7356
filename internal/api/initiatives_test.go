package api_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	ts "github.com/commons-project/commons/internal/testserver"
)

// civic is a small community with a citizen group, a council and a
// business, each with its own admin, and a plain member.
type civic struct {
	s                         *ts.Server
	mair, dafydd, rhodri, joe string // tokens
	mairID, joeID             string
	group, council, business  string // organization ids
	hall                      string // the group's bookable hall
}

func newCivic(t *testing.T, s *ts.Server) civic {
	c := civic{s: s}
	var dafyddID, rhodriID string
	c.mairID, c.mair = s.SignUp("mair@example.org", "Mair")
	dafyddID, c.dafydd = s.SignUp("dafydd@example.org", "Dafydd")
	rhodriID, c.rhodri = s.SignUp("rhodri@example.org", "Rhodri")
	c.joeID, c.joe = s.SignUp("joe@example.org", "Joe")
	_, _ = dafyddID, rhodriID
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: c.mair, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
	for _, tok := range []string{c.dafydd, c.rhodri, c.joe} {
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: tok}), 201)
	}
	org := func(tok, name, sector string) string {
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: tok, Body: obj{"name": name, "sector": sector}})
		ts.Status(t, rec, 201)
		return ts.JSON[obj](t, rec)["id"].(string)
	}
	c.group = org(c.mair, "Friends of the Miners' Hall", "citizen_group")
	c.council = org(c.dafydd, "Cwm Council", "public_authority")
	c.business = org(c.rhodri, "Rhodri's Hardware", "business")
	rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/resources", Token: c.mair, Body: obj{
		"title": "Miners' Hall", "kind": "space", "organization_id": c.group, "bookable": true, "approval": "open"}})
	ts.Status(t, rec, 201)
	c.hall = ts.JSON[obj](t, rec)["id"].(string)
	return c
}

func (c civic) do(t *testing.T, method, path, tok string, body any, want int) obj {
	t.Helper()
	rec := c.s.Do(ts.Request{Method: method, Path: path, Token: tok, Body: body})
	ts.Status(t, rec, want)
	if rec.Body.Len() == 0 {
		return nil
	}
	return ts.JSON[obj](t, rec)
}

func day(days int) string { return time.Now().AddDate(0, 0, days).Format("2006-01-02") }

func TestInitiativeLifecycleAndPermissions(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		c := newCivic(t, s)
		// Only a citizen group leads, and only for its own people.
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.dafydd, obj{"title": "T", "summary": "S", "themes": []string{}, "organization_id": c.council}, 422)
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.joe, obj{"title": "T", "summary": "S", "themes": []string{}, "organization_id": c.group}, 403)
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "T", "summary": "S", "themes": []string{"astrology"}}, 422)
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", "", obj{"title": "T", "summary": "S", "themes": []string{}}, 401)
		// An editor adds a theme of the community's own.
		c.do(t, "POST", "/api/v1/communities/cwm/themes", c.joe, obj{"name": "heritage"}, 403)
		c.do(t, "POST", "/api/v1/communities/cwm/themes", c.mair, obj{"name": "heritage"}, 201)
		c.do(t, "POST", "/api/v1/communities/cwm/themes", c.mair, obj{"name": "heritage"}, 422)

		in := c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "Reopen the Miners' Hall",
			"summary": "A warm room for everyone", "description": "We **need** <script>x</script> hands", "themes": []string{"culture", "heritage"},
			"organization_id": c.group}, 201)
		id := in["id"].(string)
		if in["status"] != "idea" || in["lead"].(obj)["type"] != "organization" || strings.Contains(in["description_html"].(string), "<script") ||
			!strings.Contains(in["description_html"].(string), "<strong>need</strong>") {
			t.Fatalf("created: %v", in)
		}
		// Editing: the team only; strangers to the community may not start one.
		c.do(t, "PATCH", "/api/v1/initiatives/"+id, c.joe, obj{"title": "Mine now", "summary": "S", "themes": []string{}}, 403)
		c.do(t, "PATCH", "/api/v1/initiatives/"+id, "", obj{"title": "Mine now", "summary": "S", "themes": []string{}}, 401)
		c.do(t, "PATCH", "/api/v1/initiatives/"+id, c.mair, obj{"title": "Reopen the Miners' Hall", "summary": "A warm room for all",
			"description": "We **need** hands", "themes": []string{"culture", "heritage"}}, 200)
		_, stranger := s.SignUp("stranger@example.org", "Stranger")
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", stranger, obj{"title": "T", "summary": "S", "themes": []string{}}, 403)

		// Lifecycle: no skipping, only the team, pause and resume.
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "active"}, 422)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "nonsense"}, 422)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.joe, obj{"status": "seeking_partners"}, 403)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "seeking_partners"}, 200)
		got := c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "paused"}, 200)
		if got["paused_from"] != "seeking_partners" {
			t.Fatalf("paused: %v", got)
		}
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "active"}, 422)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "seeking_partners"}, 200)

		// Team: the team adds members; others may not.
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/team", c.joe, obj{"user_id": c.joeID}, 403)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/team", c.mair, obj{"user_id": c.joeID}, 200)
		c.do(t, "DELETE", "/api/v1/initiatives/"+id+"/team/"+c.joeID, c.joe, nil, 204)
		c.do(t, "DELETE", "/api/v1/initiatives/"+id+"/team/"+c.mairID, c.mair, nil, 409)

		// Needs: the team states them.
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/needs", c.joe, obj{"kind": "space", "description": "A room"}, 403)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/needs", c.mair, obj{"kind": "space", "description": "A room", "by_date": day(-3)}, 422)
		need := c.do(t, "POST", "/api/v1/initiatives/"+id+"/needs", c.mair, obj{"kind": "space", "description": "A room on Saturdays", "quantity": 1, "by_date": day(30)}, 201)
		needID := need["id"].(string)
		money := c.do(t, "POST", "/api/v1/initiatives/"+id+"/needs", c.mair, obj{"kind": "funding", "description": "Paint"}, 201)["id"].(string)

		// Pledges: for one's own organization, with its own resources.
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", c.joe, obj{"organization_id": c.council, "description": "We help"}, 403)
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", c.rhodri, obj{"organization_id": c.business, "resource_id": c.hall, "description": "Hall"}, 422)
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", "", obj{"description": "x"}, 401)
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", stranger, obj{"description": "x"}, 403)
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", c.joe, obj{"description": ""}, 422)
		hallPledge := c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", c.mair, obj{"organization_id": c.group, "resource_id": c.hall, "description": "Our hall"}, 201)
		paint := c.do(t, "POST", "/api/v1/needs/"+money+"/pledges", c.rhodri, obj{"organization_id": c.business, "description": "Paint at cost"}, 201)
		personal := c.do(t, "POST", "/api/v1/needs/"+money+"/pledges", c.joe, obj{"description": "Two Saturdays of painting"}, 201)
		// The team heard of the pledges from others.
		notes := c.do(t, "GET", "/api/v1/notifications", c.mair, nil, 200)["items"].([]any)
		if len(notes) < 2 || !strings.Contains(notes[0].(obj)["message"].(string)+notes[1].(obj)["message"].(string), "offered help") {
			t.Fatalf("team notifications: %v", notes)
		}
		// Decisions: the team only; a bookable space is booked in one step.
		c.do(t, "POST", "/api/v1/pledges/"+paint["id"].(string)+"/decision", c.rhodri, obj{"decision": "accept"}, 403)
		c.do(t, "POST", "/api/v1/pledges/"+paint["id"].(string)+"/decision", c.mair, obj{"decision": "accept",
			"booking": obj{"starts_at": slot(3, "10:00"), "ends_at": slot(3, "12:00")}}, 422)
		got = c.do(t, "POST", "/api/v1/pledges/"+hallPledge["id"].(string)+"/decision", c.mair, obj{"decision": "accept",
			"booking": obj{"starts_at": slot(3, "10:00"), "ends_at": slot(3, "12:00")}}, 200)
		if got["status"] != "accepted" || got["booking_id"] == nil || got["booking_status"] != "confirmed" {
			t.Fatalf("accepted with booking: %v", got)
		}
		c.do(t, "POST", "/api/v1/pledges/"+hallPledge["id"].(string)+"/decision", c.mair, obj{"decision": "decline"}, 409)
		c.do(t, "POST", "/api/v1/pledges/"+paint["id"].(string)+"/decision", c.mair, obj{"decision": "accept"}, 200)
		c.do(t, "POST", "/api/v1/pledges/"+personal["id"].(string)+"/decision", c.mair, obj{"decision": "decline"}, 200)
		c.do(t, "POST", "/api/v1/needs/"+money+"/status", c.rhodri, obj{"status": "met"}, 403)
		c.do(t, "POST", "/api/v1/needs/"+money+"/status", c.mair, obj{"status": "met"}, 200)
		full := c.do(t, "GET", "/api/v1/initiatives/"+id, "", nil, 200)
		if n := full["needs"].([]any)[0].(obj); n["status"] != "partly_met" {
			t.Fatalf("need after an accepted pledge: %v", n)
		}
		if secs := full["sectors"].([]any); len(secs) != 2 { // citizen group (lead), business (accepted pledge)
			t.Fatalf("sectors: %v", secs)
		}

		// Partnership: bad proposals save nothing.
		party := func(org, role string, commitments ...obj) obj {
			if commitments == nil {
				commitments = []obj{}
			}
			return obj{"organization_id": org, "role": role, "commitments": commitments}
		}
		propose := func(tok string, body obj, want int) obj {
			return c.do(t, "POST", "/api/v1/initiatives/"+id+"/partnership", tok, body, want)
		}
		propose(c.rhodri, obj{"parties": []obj{party(c.group, "lead")}, "review_on": day(90)}, 403)
		propose(c.mair, obj{"parties": []obj{}, "review_on": day(90)}, 422)
		propose(c.mair, obj{"parties": []obj{party(c.group, "lead"), party(c.group, "again")}, "review_on": day(90)}, 422)
		propose(c.mair, obj{"parties": []obj{party(c.group, "lead", obj{"description": "Open", "due": day(-1)})}, "review_on": day(90)}, 422)
		propose(c.mair, obj{"parties": []obj{party("no-such-org", "lead")}, "review_on": day(90)}, 422)
		if full := c.do(t, "GET", "/api/v1/initiatives/"+id, "", nil, 200); full["partnership"] != nil {
			t.Fatalf("a refused proposal left a partnership: %v", full["partnership"])
		}
		p := propose(c.mair, obj{"parties": []obj{
			party(c.group, "Runs the hall", obj{"description": "Open on Saturdays", "due": day(10)}),
			party(c.council, "Funds the heating", obj{"description": "Pay the winter bills", "due": day(20)}),
			party(c.business, "Supplies paint", obj{"description": "Deliver paint", "due": day(5)}),
		}, "review_on": day(180)}, 201)
		pid := p["id"].(string)
		if p["status"] != "proposed" || p["version"].(float64) != 1 {
			t.Fatalf("proposed: %v", p)
		}
		// Signing: admins of a party, each once; a plain member of the
		// organization may not sign for it.
		c.do(t, "POST", "/api/v1/organizations/"+c.council+"/members", c.dafydd, obj{"user_id": c.joeID, "role": "member"}, 200)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.joe, obj{"organization_id": c.council}, 403)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", "", obj{"organization_id": c.council}, 401)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.dafydd, obj{"organization_id": c.group}, 403)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.mair, obj{"organization_id": c.group}, 201)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.mair, obj{"organization_id": c.group}, 409)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.dafydd, obj{"organization_id": c.council}, 201)
		got = c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.rhodri, obj{"organization_id": c.business}, 201)
		if got["status"] != "active" {
			t.Fatalf("all signed: %v", got)
		}
		// Commitments: the team or the party's admins say whether kept.
		v1 := got["versions"].([]any)[0].(obj)
		paintC := v1["parties"].([]any)[2].(obj)["commitments"].([]any)[0].(obj)["id"].(string)
		c.do(t, "POST", "/api/v1/commitments/"+paintC+"/status", c.joe, obj{"status": "kept"}, 403)
		c.do(t, "POST", "/api/v1/commitments/"+paintC+"/status", c.dafydd, obj{"status": "kept"}, 403)
		c.do(t, "POST", "/api/v1/commitments/"+paintC+"/status", c.rhodri, obj{"status": "done"}, 422)
		kept := c.do(t, "POST", "/api/v1/commitments/"+paintC+"/status", c.rhodri, obj{"status": "kept", "comment": "Twenty tins delivered"}, 200)
		if kept["status"] != "kept" || kept["comment"] != "Twenty tins delivered" {
			t.Fatalf("kept: %v", kept)
		}
		heating := v1["parties"].([]any)[1].(obj)["commitments"].([]any)[0].(obj)["id"].(string)
		c.do(t, "POST", "/api/v1/commitments/"+heating+"/status", c.mair, obj{"status": "missed", "comment": "Not yet paid"}, 200)
		c.do(t, "POST", "/api/v1/commitments/"+heating+"/status", c.dafydd, obj{"status": "pending", "comment": ""}, 200)
		// A change after signing is a new version, signed again; the kept
		// commitment, repeated word for word, stays kept.
		p = propose(c.mair, obj{"parties": []obj{
			party(c.group, "Runs the hall", obj{"description": "Open on Saturdays and Sundays", "due": day(10)}),
			party(c.council, "Funds the heating", obj{"description": "Pay the winter bills", "due": day(20)}),
			party(c.business, "Supplies paint", obj{"description": "Deliver paint", "due": day(5)}),
		}, "review_on": day(180)}, 201)
		if p["status"] != "proposed" || p["version"].(float64) != 2 || len(p["versions"].([]any)) != 2 {
			t.Fatalf("second version: %v", p)
		}
		v2 := p["versions"].([]any)[0].(obj)
		if st := v2["parties"].([]any)[2].(obj)["commitments"].([]any)[0].(obj)["status"]; st != "kept" {
			t.Fatalf("carried over: %v", st)
		}
		if v2["parties"].([]any)[0].(obj)["signed_by"] != nil {
			t.Fatalf("a new version starts unsigned: %v", v2)
		}
		// The old version's commitments are history now.
		c.do(t, "POST", "/api/v1/commitments/"+paintC+"/status", c.rhodri, obj{"status": "missed"}, 409)
		c.do(t, "POST", "/api/v1/partnerships/"+pid+"/signatures", c.mair, obj{"organization_id": c.group, "version": 1}, 409)
		// Admins of the parties were asked to sign.
		if notes := c.do(t, "GET", "/api/v1/notifications", c.dafydd, nil, 200)["items"].([]any); len(notes) < 2 {
			t.Fatalf("signature requests: %v", notes)
		}

		// Lifecycle to the end: completed is final.
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "active"}, 200)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "completed"}, 200)
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/status", c.mair, obj{"status": "paused"}, 422)
		c.do(t, "POST", "/api/v1/needs/"+needID+"/pledges", c.rhodri, obj{"organization_id": c.business, "description": "Late"}, 409)

		// History: members read it, visitors do not.
		c.do(t, "GET", "/api/v1/initiatives/"+id+"/history", "", nil, 401)
		_, outsider := s.SignUp("out@example.org", "Out")
		c.do(t, "GET", "/api/v1/initiatives/"+id+"/history", outsider, nil, 403)
		h := c.do(t, "GET", "/api/v1/initiatives/"+id+"/history", c.joe, nil, 200)["items"].([]any)
		if len(h) < 15 || h[0].(obj)["action"] != "created" {
			t.Fatalf("history: %v", h)
		}

		// The directory filters by status, theme and partner sector.
		c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.joe, obj{"title": "Digital café", "summary": "Help with phones", "themes": []string{"digital_skills"}}, 201)
		for q, want := range map[string]int{"": 2, "?status=completed": 1, "?theme=heritage": 1, "?theme=digital_skills": 1,
			"?sector=public_authority": 1, "?sector=education": 0, "?status=idea&theme=digital_skills": 1} {
			if n := len(c.do(t, "GET", "/api/v1/communities/cwm/initiatives"+q, "", nil, 200)["items"].([]any)); n != want {
				t.Errorf("%s: %d initiatives, want %d", q, n, want)
			}
		}
		c.do(t, "GET", "/api/v1/communities/cwm/initiatives?status=bogus", "", nil, 422)
		net := c.do(t, "GET", "/api/v1/communities/cwm/partnership-network", "", nil, 200)
		if len(net["nodes"].([]any)) != 3 || len(net["edges"].([]any)) != 3 {
			t.Fatalf("network: %v", net)
		}
	})
}

// A pledge names an organization or resource of the need's own community.
func TestPledgeAcrossCommunities(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		c := newCivic(t, s)
		c.do(t, "POST", "/api/v1/communities", c.rhodri, obj{"slug": "other", "name": "Other"}, 201)
		elsewhere := c.do(t, "POST", "/api/v1/communities/other/organizations", c.rhodri, obj{"name": "Elsewhere Ltd", "sector": "business"}, 201)["id"].(string)
		id := c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "T", "summary": "S", "themes": []string{}}, 201)["id"].(string)
		need := c.do(t, "POST", "/api/v1/initiatives/"+id+"/needs", c.mair, obj{"kind": "time", "description": "Hands"}, 201)["id"].(string)
		e := c.do(t, "POST", "/api/v1/needs/"+need+"/pledges", c.rhodri, obj{"organization_id": elsewhere, "description": "Help"}, 422)
		if e["error"].(obj)["fields"].(obj)["organization_id"] == nil {
			t.Fatalf("error names the field: %v", e)
		}
		c.do(t, "POST", "/api/v1/initiatives/"+id+"/partnership", c.mair, obj{"review_on": day(30),
			"parties": []obj{{"organization_id": elsewhere, "role": "x", "commitments": []obj{}}}}, 422)
		if got := c.do(t, "GET", "/api/v1/initiatives/"+id, "", nil, 200); got["pledges"] != nil && len(got["pledges"].([]any)) != 0 {
			t.Fatalf("saved: %v", got["pledges"])
		}
	})
}

// Overdue commitments stand out: the clock moves past a due date.
func TestOverdueCommitments(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		c := newCivic(t, s)
		id := c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "T", "summary": "S", "themes": []string{}}, 201)["id"].(string)
		p := c.do(t, "POST", "/api/v1/initiatives/"+id+"/partnership", c.mair, obj{"review_on": day(30),
			"parties": []obj{{"organization_id": c.council, "role": "Funder", "commitments": []obj{{"description": "Grant", "due": day(2)}}}}}, 201)
		s.App.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 5) })
		got := c.do(t, "GET", "/api/v1/partnerships/"+p["id"].(string), "", nil, 200)
		cm := got["versions"].([]any)[0].(obj)["parties"].([]any)[0].(obj)["commitments"].([]any)[0].(obj)
		if cm["overdue"] != true {
			t.Fatalf("overdue: %v", cm)
		}
		sc, err := s.App.ScopeOf(t.Context(), nil, commons.SubjectOrganization, c.council)
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.App.Organization(t.Context(), sc, c.council)
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.App.OverdueCommitments(t.Context(), o.Organization)
		if err != nil || len(list) != 1 {
			t.Fatalf("org's overdue: %v %v", list, err)
		}
	})
}

// Many people acting at once: one status step wins and the rest are told
// it no longer applies; one signature per organization; proposals made
// together become successive versions.
func TestInitiativeRaces(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		c := newCivic(t, s)
		id := c.do(t, "POST", "/api/v1/communities/cwm/initiatives", c.mair, obj{"title": "T", "summary": "S", "themes": []string{}}, 201)["id"].(string)
		const n = 20
		codes := make(chan int, n)
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- s.Do(ts.Request{Method: "POST", Path: "/api/v1/initiatives/" + id + "/status", Token: c.mair, Body: obj{"status": "seeking_partners"}}).Code
			}()
		}
		wg.Wait()
		close(codes)
		count := map[int]int{}
		for code := range codes {
			count[code]++
		}
		if count[200] != 1 || count[422] != n-1 {
			t.Fatalf("status race: %v", count)
		}

		proposals := make(chan int, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				proposals <- s.Do(ts.Request{Method: "POST", Path: "/api/v1/initiatives/" + id + "/partnership", Token: c.mair, Body: obj{
					"review_on": day(30), "parties": []obj{{"organization_id": c.council, "role": "Funder", "commitments": []obj{}}}}}).Code
			}()
		}
		wg.Wait()
		close(proposals)
		for code := range proposals {
			if code != 201 {
				t.Fatalf("proposal race: %d", code)
			}
		}
		p := c.do(t, "GET", "/api/v1/initiatives/"+id, "", nil, 200)["partnership"].(obj)
		if p["version"].(float64) != n || len(p["versions"].([]any)) != n {
			t.Fatalf("versions: %v", p["version"])
		}
		pid := p["id"].(string)
		signs := make(chan int, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				signs <- s.Do(ts.Request{Method: "POST", Path: "/api/v1/partnerships/" + pid + "/signatures", Token: c.dafydd, Body: obj{"organization_id": c.council}}).Code
			}()
		}
		wg.Wait()
		close(signs)
		count = map[int]int{}
		for code := range signs {
			count[code]++
		}
		if count[201] != 1 || count[409] != n-1 {
			t.Fatalf("signature race: %v", count)
		}
	})
}
