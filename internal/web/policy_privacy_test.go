package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// privacyWorld is a community where two people take part in everything
// that names people — the member list, their page, skills, proposals,
// initiatives (lead, team, pledges), activities (organizer), an
// organization's people, a resource's owner, an announcement's posts —
// one keeping their profile to the community, one public.
type privacyWorld struct {
	m       *matrix
	readers map[string]*person
	// subjects: "hidden" and "public", each with the addresses of what they
	// took part in: web page → API route (""; none).
	subjects map[string]*person
	routes   map[string][][2]string
}

func newPrivacyWorld(t *testing.T, s *ts.Server) *privacyWorld {
	m := newMatrix(t, s, "pv", "Privacy Valley")
	api, id := m.api, m.id
	w := &privacyWorld{m: m, subjects: map[string]*person{}, routes: map[string][][2]string{}}

	// What the founder starts, for both to join in.
	garden := id(api("POST", "/api/v1/communities/pv/initiatives", m.founder, map[string]any{"title": "Garden", "summary": "Dig", "themes": []string{}}))
	need := id(api("POST", "/api/v1/initiatives/"+garden+"/needs", m.founder, map[string]any{"kind": "time", "description": "Diggers"}))
	bread := id(api("POST", "/api/v1/communities/pv/proposals", m.founder, map[string]any{"title": "Bread"}))
	thread := id(api("POST", "/api/v1/communities/pv/threads", m.founder, map[string]any{"title": "Welcome", "body": "Say hello"}))
	m.want(api("POST", "/api/v1/threads/"+thread+"/pin", m.founder, map[string]any{"pinned": true}), http.StatusOK)

	for n, kind := range []string{"hidden", "public"} {
		name := map[string]string{"hidden": "Quill Hiddenby", "public": "Paloma Shownwell"}[kind]
		p := m.join(name, "member")
		p.name = name
		tok := p.token
		org := id(api("POST", "/api/v1/communities/pv/organizations", tok, map[string]any{"name": name[:5] + " Works", "sector": "ngo"}))
		res := id(api("POST", "/api/v1/communities/pv/resources", tok, map[string]any{"title": "Drill " + kind, "kind": "equipment", "bookable": false, "approval": "open"}))
		ini := id(api("POST", "/api/v1/communities/pv/initiatives", tok, map[string]any{"title": "Idea " + kind, "summary": "S", "themes": []string{}}))
		id(api("POST", "/api/v1/needs/"+need+"/pledges", tok, map[string]any{"description": "I dig"}))
		act := id(api("POST", "/api/v1/communities/pv/activities", tok, map[string]any{"title": "Class " + kind, "kind": "workshop",
			"online_url": "https://meet.example.org/c", "starts_at": slot(2+n, "10:00"), "ends_at": slot(2+n, "11:00")}))
		m.want(api("PUT", "/api/v1/communities/pv/skills/me", tok, map[string]any{"teaches": []string{"pottery"}, "learns": []string{}, "languages": []string{"en"}}), http.StatusOK)
		prop := id(api("POST", "/api/v1/communities/pv/proposals", tok, map[string]any{"title": "Wish " + kind}))
		m.want(api("POST", "/api/v1/proposals/"+bread+"/interest", tok, map[string]any{"role": "learn"}), http.StatusCreated)
		m.want(api("POST", "/api/v1/threads/"+thread+"/posts", tok, map[string]any{"body": "Hello from " + kind}), http.StatusCreated)
		if kind == "public" {
			m.want(api("PUT", "/api/v1/communities/pv/privacy", tok, map[string]any{"public": true}), http.StatusOK)
		}
		window := "?from=" + url.QueryEscape(slot(0, "00:00")) + "&to=" + url.QueryEscape(slot(20, "00:00"))
		w.subjects[kind] = p
		w.routes[kind] = [][2]string{
			{"/c/pv/members", "/api/v1/communities/pv/members"},
			{"/c/pv/members/" + p.id, "/api/v1/communities/pv/members/" + p.id},
			{"/c/pv/skills?q=pottery", "/api/v1/communities/pv/skills?q=pottery"},
			{"/c/pv/proposals", "/api/v1/communities/pv/proposals"},
			{"/c/pv/proposals/" + prop, "/api/v1/proposals/" + prop},
			{"/c/pv/proposals/" + bread, "/api/v1/proposals/" + bread},
			{"/c/pv/initiatives", "/api/v1/communities/pv/initiatives"},
			{"/c/pv/initiatives/" + ini, "/api/v1/initiatives/" + ini},
			{"/c/pv/initiatives/" + garden, "/api/v1/initiatives/" + garden},
			{"/c/pv/activities/" + act, "/api/v1/activities/" + act},
			{"/c/pv/activities.ics", "/api/v1/communities/pv/activities" + window},
			{"/c/pv/organizations/" + org, "/api/v1/organizations/" + org + "/members"},
			{"/c/pv/resources", "/api/v1/communities/pv/resources"},
			{"/c/pv/resources/" + res, "/api/v1/resources/" + res},
			{"/c/pv/threads/" + thread, "/api/v1/threads/" + thread},
			{"/c/pv", ""},
		}
	}
	// Readers: a visitor, a member of another community, a member of this
	// one; and each person reads about themselves.
	elsewhere := m.outsider("Elsewhere Reader")
	m.want(api("POST", "/api/v1/communities", elsewhere.token, map[string]any{"slug": "ot", "name": "Other"}), http.StatusCreated)
	w.readers = map[string]*person{"visitor": m.visitor(), "other community": elsewhere, "member": m.join("Member Reader", "member")}
	return w
}

// The privacy matrix: for every page and API route that names people,
// visitor, member of another community, member, and the person
// themselves, with the person public or not — the name is there exactly
// when commons.MayShowPerson says, through both doors alike; a private
// person's own page is not found for those who may not see them.
func TestPrivacyMatrix(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newPrivacyWorld(t, s)
		for _, kind := range []string{"hidden", "public"} {
			subject := w.subjects[kind]
			readers := map[string]*person{"self": subject}
			for k, v := range w.readers {
				readers[k] = v
			}
			for who, r := range readers {
				want := kind == "public" || who == "member" || who == "self"
				for _, route := range w.routes[kind] {
					page, api := route[0], route[1]
					names := func(door, path string, code int, body string) {
						t.Helper()
						if code >= 500 {
							t.Fatalf("%s %s: %d", door, path, code)
						}
						if strings.Contains(path, "/members/") && !want && code != http.StatusNotFound {
							t.Errorf("%s reading %s (%s) %s: %d, want 404", who, subject.name, kind, path, code)
						}
						shown := code == http.StatusOK && strings.Contains(body, subject.name)
						// Some answers name nobody (the calendar feed, the
						// agenda's summaries, the home page with its
						// announcements' authors): they must not leak;
						// the others name the person exactly when the rule
						// lets the reader see them.
						if path == "/c/pv" || strings.Contains(path, "activities.ics") || strings.Contains(path, "/pv/activities?") {
							if shown && !want {
								t.Errorf("%s %s as %s names %s", door, path, who, subject.name)
							}
							return
						}
						if shown != want {
							t.Errorf("%s %s as %s, %s person: name shown %v, want %v (status %d)", door, path, who, kind, shown, want, code)
						}
					}
					rec := r.b.do("GET", page, nil)
					names("web", page, rec.Code, rec.Body.String())
					if api != "" {
						rec = w.m.api("GET", api, r.token, nil)
						names("api", api, rec.Code, rec.Body.String())
					}
				}
			}
		}
	})
}
