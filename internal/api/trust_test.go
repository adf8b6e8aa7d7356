package api_test

import (
	"fmt"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// In a community of six, three members' trust makes someone an editor and
// revoking one takes it away (issue "Trust instead of control").
func TestTrustMakesAndUnmakesAnEditor(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founder := s.SignUp("carys@example.org", "Carys")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founder, Body: obj{"slug": "six", "name": "Six"}}), 201)
		ids, toks := map[string]string{}, map[string]string{}
		for _, n := range []string{"a", "b", "d", "e", "x"} {
			ids[n], toks[n] = s.SignUp(n+"@example.org", "Person "+n)
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/six/members", Token: toks[n]}), 201)
		}
		trust := func(from, to, role string) int {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/six/members/" + ids[to] + "/trust", Token: from, Body: obj{"role": role}}).Code
		}
		roles := func(who string) string {
			return fmt.Sprint(ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/six/members/" + ids[who], Token: founder}))["roles"])
		}
		if roles("a") != "[newcomer]" {
			t.Fatalf("a joiner is a newcomer: %s", roles("a"))
		}
		// A newcomer may not vouch yet.
		if code := trust(toks["a"], "b", "member"); code != 403 {
			t.Fatalf("newcomer vouching: %d", code)
		}
		// While the community is new, one voice is enough (⌊0/2⌋ → 1).
		for _, n := range []string{"a", "b", "d"} {
			if code := trust(founder, n, "member"); code != 201 {
				t.Fatalf("founder vouches for %s: %d", n, code)
			}
		}
		if roles("a") != "[member]" {
			t.Fatalf("after one trust: %s", roles("a"))
		}
		// They vouch for each other, so each has three.
		for _, p := range [][2]string{{"a", "b"}, {"a", "d"}, {"b", "a"}, {"b", "d"}, {"d", "a"}, {"d", "b"}} {
			if code := trust(toks[p[0]], p[1], "member"); code != 201 {
				t.Fatalf("%s → %s: %d", p[0], p[1], code)
			}
		}
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/six", Token: founder, Body: obj{"trust_threshold": 3}}), 200)
		if roles("a") != "[member]" {
			t.Fatalf("with three trusts at threshold 3: %s", roles("a"))
		}
		// Three members make e an editor; e may then edit the community.
		for _, n := range []string{"a", "b"} {
			if code := trust(toks[n], "e", "editor"); code != 201 {
				t.Fatalf("%s → e editor: %d", n, code)
			}
		}
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/six", Token: toks["e"], Body: obj{"description": "By e"}}), 403)
		if code := trust(toks["d"], "e", "editor"); code != 201 {
			t.Fatalf("d → e editor: %d", code)
		}
		if roles("e") != "[editor]" {
			t.Fatalf("after three: %s", roles("e"))
		}
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/six", Token: toks["e"], Body: obj{"description": "By e"}}), 200)
		// Revoking one takes it away.
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/six/members/" + ids["e"] + "/trust?role=editor", Token: toks["d"]}), 204)
		if roles("e") != "[newcomer]" {
			t.Fatalf("after revoking: %s", roles("e"))
		}
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/six", Token: toks["e"], Body: obj{"description": "Again"}}), 403)
		// A giver who leaves stops counting: d vouches again, then leaves.
		if code := trust(toks["d"], "e", "editor"); code != 201 {
			t.Fatalf("d again: %d", code)
		}
		if roles("e") != "[editor]" {
			t.Fatal("e should be an editor again")
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/six/members/me", Token: toks["d"]}), 204)
		if roles("e") != "[newcomer]" {
			t.Fatalf("after a giver left: %s", roles("e"))
		}

		// a and b lost d's trust too, so they are newcomers again at threshold 3.
		if roles("a") != "[newcomer]" {
			t.Fatalf("a after d left: %s", roles("a"))
		}

		// Bad input, from the founder, who holds every role.
		ids["founder"] = ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: founder}))["id"].(string)
		if code := trust(founder, "founder", "editor"); code != 422 {
			t.Errorf("self: %d", code)
		}
		if code := trust(founder, "a", "member"); code != 409 {
			t.Errorf("twice: %d", code)
		}
		if code := trust(founder, "e", "pope"); code != 422 {
			t.Errorf("unknown role: %d", code)
		}
		_, outsider := s.SignUp("out@example.org", "Outsider")
		outsiderID := ts.JSON[obj](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: outsider}))["id"].(string)
		if code := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/six/members/" + outsiderID + "/trust", Token: founder, Body: obj{"role": "member"}}).Code; code != 404 {
			t.Errorf("someone of no community here: %d", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/six/members/" + ids["x"] + "/trust", Token: founder, Body: obj{}}), 422)
		// The quota: at most one in 30 days, then a clear refusal; taking
		// trust back does not free a place.
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/six", Token: founder, Body: obj{"trust_quota": 1}}), 200)
		if code := trust(founder, "x", "member"); code != 422 {
			t.Errorf("over the quota: %d", code)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/six/members/" + ids["a"] + "/trust?role=member", Token: founder}), 204)
		if code := trust(founder, "a", "member"); code != 422 {
			t.Errorf("revoking freed a place in the quota: %d", code)
		}
		// The trust list is for members.
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/six/trust", Token: toks["a"]})
		ts.Status(t, rec, 200)
		if n := len(ts.JSON[obj](t, rec)["items"].([]any)); n < 5 {
			t.Errorf("trust list has %d edges", n)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/six/trust", Token: outsider}), 403)
	})
}

func TestAgreementsAreVersioned(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, editor := s.SignUp("carys@example.org", "Carys")
		_, member := s.SignUp("huw@example.org", "Huw")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: editor, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/agreements"}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/agreements", Token: member, Body: obj{"body": "Mine"}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/agreements", Token: editor, Body: obj{"body": "  "}}), 422)
		ts.Status(t, s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/agreements", Token: editor, Body: obj{"body": "We share kindly."}}), 201)
		rec := s.Do(ts.Request{Method: "PUT", Path: "/api/v1/communities/cwm/agreements", Token: editor, Body: obj{"body": "We share kindly.\nWe return things clean."}})
		ts.Status(t, rec, 201)
		a := ts.JSON[obj](t, rec)
		if a["version"] != float64(2) || len(a["versions"].([]any)) != 2 {
			t.Fatalf("second version: %v", a)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/agreements?version=1"})
		if a := ts.JSON[obj](t, rec); a["body"] != "We share kindly." {
			t.Fatalf("version 1: %v", a)
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/agreements?version=9"}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/agreements?version=x"}), 400)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/agreements?version=3000000000"}), 400)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/c/cwm/agreements?version=3000000000"}), 200)
	})
}

// Applications with questions, answers and members' comments; editors decide.
func TestApplicationQuestionsAndComments(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, editor := s.SignUp("carys@example.org", "Carys")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: editor, Body: obj{"slug": "cwm", "name": "Cwm"}}), 201)
		memberID, member := s.SignUp("huw@example.org", "Huw")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: member}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + memberID + "/trust", Token: editor, Body: obj{"role": "member"}}), 201)
		rec := s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/communities/cwm", Token: editor, Body: obj{"requires_application": true,
			"application_questions": []string{"What would you like to learn?", " ", "What could you share?"}}})
		ts.Status(t, rec, 200)
		if qs := ts.JSON[obj](t, rec)["application_questions"].([]any); len(qs) != 2 {
			t.Fatalf("questions: %v", qs)
		}
		applicantID, applicant := s.SignUp("irina@example.org", "Irina")
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: applicant, Body: obj{"answers": []string{"Welsh"}}})
		ts.Status(t, rec, 422)
		if f := ts.JSON[obj](t, rec)["error"].(obj)["fields"].(obj); f["answers.1"] == nil {
			t.Fatalf("the unanswered question is not named: %v", f)
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: applicant,
			Body: obj{"application": "Hello", "answers": []string{"Welsh", "Sewing"}}}), 202)
		// Members comment; a newcomer or outsider may not.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/applications/" + applicantID + "/comments", Token: applicant, Body: obj{"body": "Me!"}}), 403)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/applications/" + applicantID + "/comments", Token: member, Body: obj{"body": "I know Irina from the library; warmly recommended."}})
		ts.Status(t, rec, 201)
		m := ts.JSON[obj](t, rec)
		if fmt.Sprint(m["answers"]) != "[Welsh Sewing]" || len(m["comments"].([]any)) != 1 {
			t.Fatalf("application: %v", m)
		}
		// Members read applications; only editors decide.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/applications", Token: member}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + applicantID + "/decision", Token: member, Body: obj{"decision": "admit"}}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members/" + applicantID + "/decision", Token: editor, Body: obj{"decision": "admit"}}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/applications/" + applicantID + "/comments", Token: member, Body: obj{"body": "Late"}}), 409)
	})
}
