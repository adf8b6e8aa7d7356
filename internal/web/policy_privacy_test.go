package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
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
		org := id(api("POST", "/api/v1/communities/pv/organizations", tok, map[string]any{"name": "Works " + kind, "sector": "ngo"}))
		res := id(api("POST", "/api/v1/communities/pv/resources", tok, map[string]any{"title": "Drill " + kind, "kind": "equipment", "bookable": false, "approval": "open"}))
		ini := id(api("POST", "/api/v1/communities/pv/initiatives", tok, map[string]any{"title": "Idea " + kind, "summary": "S", "themes": []string{}}))
		id(api("POST", "/api/v1/needs/"+need+"/pledges", tok, map[string]any{"description": "I dig"}))
		act := id(api("POST", "/api/v1/communities/pv/activities", tok, map[string]any{"title": "Class " + kind, "kind": "workshop",
			"online_url": "https://meet.example.org/c", "starts_at": slot(2+n, "10:00"), "ends_at": slot(2+n, "11:00")}))
		m.want(api("PUT", "/api/v1/communities/pv/skills/me", tok, map[string]any{"teaches": []string{"pottery"}, "learns": []string{}, "languages": []string{"en"}}), http.StatusOK)
		prop := id(api("POST", "/api/v1/communities/pv/proposals", tok, map[string]any{"title": "Wish " + kind}))
		m.want(api("POST", "/api/v1/proposals/"+bread+"/interest", tok, map[string]any{"role": "learn"}), http.StatusCreated)
		m.want(api("POST", "/api/v1/threads/"+thread+"/posts", tok, map[string]any{"body": "Hello from " + kind}), http.StatusCreated)
		// A fund round the founder opens with their organization as funder
		// and them as its reviewer.
		soon := time.Now().Add(time.Hour).Truncate(time.Second)
		round := id(api("POST", "/api/v1/communities/pv/fund/rounds", m.founder, map[string]any{"title": "Fund " + kind, "pool": 1000,
			"unit": "GBP", "funder_ids": []string{org}, "rule": "approval", "min_choices": 1, "max_choices": 1, "method": "greedy",
			"reviewer_ids": []string{p.id}, "review_at": soon, "voting_at": soon.Add(time.Hour), "closes_at": soon.Add(2 * time.Hour)}))
		offer := id(api("POST", "/api/v1/communities/pv/intents", tok, map[string]any{"direction": "offer", "kind": "equipment",
			"title": "Ladder " + kind, "visibility": "public"}))
		// Time given to the garden, confirmed by its lead: the person's
		// hours page and their logs.
		hours := id(api("POST", "/api/v1/communities/pv/hours", tok, map[string]any{"for": "initiative", "for_id": garden,
			"date": slot(-1, "10:00")[:10], "minutes": 60, "what": "Dug"}))
		m.want(api("POST", "/api/v1/hours/"+hours+"/decision", m.founder, map[string]any{"decision": "confirm"}), http.StatusOK)
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
			{"/c/pv/fund/" + round, "/api/v1/fund/rounds/" + round},
			{"/c/pv/offers", "/api/v1/communities/pv/intents"},
			{"/c/pv/offers/" + offer, "/api/v1/intents/" + offer},
			{"/c/pv/hours/people/" + p.id, "/api/v1/communities/pv/hours?user_id=" + p.id},
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

// Erasure, end to end: the last admin of an organization is told what to
// hand over first (422, through both doors); once handed over, the
// person's account goes. Afterwards no page or API route that named them
// fails, none names them, the thread shows "a former member", their
// organization's pledge stays, and no text column of any table holds
// their e-mail address or name.
func TestErasureLeavesNothingBehind(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		ctx := context.Background()
		w := newPrivacyWorld(t, s)
		m, p := w.m, w.subjects["hidden"]
		// The founder is the community's last editor.
		if rec := m.api("DELETE", "/api/v1/me", m.founder, map[string]any{"password": "correct horse battery"}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Privacy Valley") {
			t.Fatalf("last editor erasing: %d %s", rec.Code, rec.Body.String())
		}
		// Someone vouches for the person as editor, so that the record
		// names them too (and the founder is no longer the last editor);
		// the person writes to the founder.
		member := w.readers["member"]
		m.want(m.api("POST", "/api/v1/communities/pv/members/"+p.id+"/trust", member.token, map[string]any{"role": "editor"}), http.StatusCreated)
		founderID := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/me", m.founder, nil))["id"].(string)
		m.want(m.api("POST", "/api/v1/messages", p.token, map[string]any{"to_user_id": founderID, "body": "Hello founder"}), http.StatusCreated)
		// A booking of theirs on the founder's room, to be released.
		room := m.id(m.api("POST", "/api/v1/communities/pv/resources", m.founder, map[string]any{"title": "Room", "kind": "space", "bookable": true, "approval": "open"}))
		slotBody := map[string]any{"starts_at": slot(4, "10:00"), "ends_at": slot(4, "11:00"), "purpose": "Quill's rehearsal"}
		m.id(m.api("POST", "/api/v1/resources/"+room+"/bookings", p.token, slotBody))
		if hits, err := s.App.Store.FindText(ctx, p.email); err != nil || len(hits) == 0 {
			t.Fatalf("the scan finds nothing before erasure: %v %v", hits, err)
		}
		// Their name is in others' notifications and in the record: the
		// erasure must take it out of text, not only drop their rows.
		if hits, err := s.App.Store.FindText(ctx, p.name); err != nil || !slices.Contains(hits, "notifications.args") || !slices.Contains(hits, "community_log.subject") {
			t.Fatalf("before erasure, the name is in %v (%v)", hits, err)
		}

		// Wrong password; then the organization they are the last admin of.
		if rec := m.api("DELETE", "/api/v1/me", p.token, map[string]any{"password": "not it"}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "password") {
			t.Fatalf("wrong password: %d %s", rec.Code, rec.Body.String())
		}
		rec := m.api("DELETE", "/api/v1/me", p.token, map[string]any{"password": "correct horse battery"})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Works hidden") {
			t.Fatalf("last admin erasing: %d %s", rec.Code, rec.Body.String())
		}
		page := p.b.get("/me/erase")
		if !strings.Contains(page, "Works hidden") || !hasForm(page, "/me/erase") {
			t.Fatalf("the erase page does not say what to hand over:\n%s", page)
		}
		if code, body := p.b.post("/me/erase", map[string]string{"confirm": "yes", "password": "correct horse battery"}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Works hidden") {
			t.Fatalf("web, last admin erasing: %d", code)
		}

		// Handed over: the member becomes the organization's admin, and the
		// person pledges for it, which is the organization's commitment.
		org := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/communities/pv/organizations?q=Works+hidden", "", nil))["items"].([]any)[0].(map[string]any)["id"].(string)
		m.want(m.api("POST", "/api/v1/organizations/"+org+"/members", p.token, map[string]any{"user_id": member.id, "role": "admin"}), http.StatusOK)
		garden := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/communities/pv/initiatives", m.founder, nil))["items"].([]any)
		var need, gardenID string
		for _, it := range garden {
			if it.(map[string]any)["title"] == "Garden" {
				gardenID = it.(map[string]any)["id"].(string)
				ini := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/initiatives/"+gardenID, m.founder, nil))
				need = ini["needs"].([]any)[0].(map[string]any)["id"].(string)
			}
		}
		pledge := m.id(m.api("POST", "/api/v1/needs/"+need+"/pledges", p.token, map[string]any{"description": "Our tools", "organization_id": org}))

		// Without the confirmation box, the form refuses.
		if code, _ := p.b.post("/me/erase", map[string]string{"password": "correct horse battery"}); code != http.StatusUnprocessableEntity {
			t.Fatalf("erasing without confirming: %d", code)
		}
		if code, _ := p.b.post("/me/erase", map[string]string{"confirm": "yes", "password": "correct horse battery"}); code != http.StatusSeeOther {
			t.Fatalf("erasing: %d", code)
		}
		// Signed out, and the token is gone with the account.
		if rec := m.api("GET", "/api/v1/me", p.token, nil); rec.Code != http.StatusUnauthorized {
			t.Fatalf("the erased person's token still works: %d", rec.Code)
		}

		for _, text := range []string{p.email, p.name, "Quill"} {
			hits, err := s.App.Store.FindText(ctx, text)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) > 0 {
				t.Errorf("%q is still in %v", text, hits)
			}
		}
		for who, r := range w.readers {
			for _, route := range w.routes["hidden"] {
				if strings.Contains(route[0], "/members/") {
					continue // their page is gone
				}
				rec := r.b.do("GET", route[0], nil) // fails the test on a 5xx
				if rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), "Quill") {
					t.Errorf("%s: %s still names them", who, route[0])
				}
				if route[1] != "" {
					if rec := m.api("GET", route[1], r.token, nil); rec.Code >= 500 {
						t.Errorf("%s: %s → %d %s", who, route[1], rec.Code, rec.Body.String())
					}
				}
			}
		}
		// The room's slot is free again, and its pages answer.
		m.id(m.api("POST", "/api/v1/resources/"+room+"/bookings", m.founder, slotBody))
		w.readers["member"].b.do("GET", "/c/pv/resources/"+room, nil)
		// Their own drill stays, shared by a former member (the owner's id
		// goes with the account: nobody is named).
		if page := w.readers["visitor"].b.get(w.routes["hidden"][13][0]); !strings.Contains(page, "a former member") {
			t.Errorf("the erased person's resource does not say a former member shared it")
		}
		thread := w.routes["hidden"][14][0]
		if page := w.readers["member"].b.get(thread); !strings.Contains(page, "a former member") || !strings.Contains(page, "Hello from hidden") {
			t.Errorf("the thread does not keep the post as a former member's")
		}
		if rec := m.api("GET", "/api/v1/initiatives/"+gardenID, member.token, nil); !strings.Contains(rec.Body.String(), pledge) || !strings.Contains(rec.Body.String(), "Our tools") {
			t.Errorf("the organization's pledge went with the person: %d %s", rec.Code, rec.Body.String())
		}
		// The founder's conversation with them stays, their message too.
		convs := ts.JSON[map[string]any](t, m.api("GET", "/api/v1/conversations", m.founder, nil))["items"].([]any)
		if len(convs) != 1 {
			t.Fatalf("the founder's conversations: %v", convs)
		}
		conv := m.api("GET", "/api/v1/conversations/"+convs[0].(map[string]any)["id"].(string), m.founder, nil)
		if conv.Code != http.StatusOK || !strings.Contains(conv.Body.String(), "Hello founder") || strings.Contains(conv.Body.String(), "Quill") {
			t.Errorf("the conversation after erasure: %d %s", conv.Code, conv.Body.String())
		}
		fb := newBrowser(t, s, "en")
		if code, _ := fb.post("/signin", map[string]string{"email": "founder@example.org", "password": "correct horse battery"}); code != http.StatusSeeOther {
			t.Fatalf("founder signing in: %d", code)
		}
		if page := fb.get("/messages/" + convs[0].(map[string]any)["id"].(string)); !strings.Contains(page, "a former member") {
			t.Errorf("the conversation page does not show a former member")
		}
		fb.get("/messages")
		for _, path := range []string{"/c/pv/record", "/c/pv/trust", "/messages"} {
			w.readers["member"].b.do("GET", path, nil)
		}
	})
}

// The export holds what the person wrote and nothing of others': their
// posts, profile and pledges are in it; another person's name, e-mail
// and posts are not. Ten thousand posts stream through: the document
// reaches the writer in pieces while rows are still being read.
func TestExportIsThePersonsOwn(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newPrivacyWorld(t, s)
		p, other := w.subjects["hidden"], w.subjects["public"]
		rec := w.m.api("GET", "/api/v1/me/export", p.token, nil)
		ts.Status(t, rec, http.StatusOK)
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("export is not JSON: %v", err)
		}
		body := rec.Body.String()
		for _, want := range []string{p.email, p.name, "Hello from hidden", "pottery", "I dig", "Wish hidden", "Drill hidden", "Class hidden"} {
			if !strings.Contains(body, want) {
				t.Errorf("the export lacks %q", want)
			}
		}
		for _, not := range []string{other.email, other.name, "Hello from public", "Wish public", "password", "token_hash"} {
			if strings.Contains(body, not) {
				t.Errorf("the export holds %q", not)
			}
		}
		if got := p.b.do("GET", "/me/export", nil); got.Code != http.StatusOK || !strings.Contains(got.Header().Get("Content-Disposition"), "attachment") || got.Body.String() == "" {
			t.Errorf("the page's download: %d %q", got.Code, got.Header().Get("Content-Disposition"))
		}
		if got := w.readers["visitor"].b.do("GET", "/me/export", nil); got.Code == http.StatusOK {
			t.Errorf("a visitor downloads an export")
		}

		// Ten thousand posts, written straight into the store.
		const n = 10000
		thread := strings.TrimPrefix(w.routes["hidden"][14][0], "/c/pv/threads/")
		var communityID string
		for _, v := range doc["memberships"].([]any) {
			communityID = v.(map[string]any)["community_id"].(string)
		}
		rows := make([][]any, n)
		at := time.Now().UTC().Truncate(time.Microsecond)
		for i := range rows {
			rows[i] = []any{communityID, fmt.Sprintf("bulk-%05d", i), thread, p.id, fmt.Sprintf("post number %d", i), at}
		}
		if err := s.App.Store.BulkInsert(context.Background(), "posts", []string{"community_id", "id", "thread_id", "author_id", "body", "created_at"}, rows); err != nil {
			t.Fatal(err)
		}
		u := &commons.User{ID: p.id}
		cw := &countingWriter{}
		posts, writtenMidway := 0, 0
		doc2 := encode.NewPersonalData(cw, commons.ExportFormat, time.Now())
		err := s.App.ExportPersonalData(context.Background(), u, func(section string, r map[string]any) error {
			if section == "posts" && r != nil {
				posts++
				if posts == n/2 {
					writtenMidway = cw.n
				}
			}
			return doc2.Row(section, r)
		})
		if err == nil {
			err = doc2.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		if posts != n+1 || writtenMidway == 0 || cw.largest > 64<<10 {
			t.Fatalf("posts %d, bytes written by the middle %d, largest write %d", posts, writtenMidway, cw.largest)
		}
		t.Logf("%d posts: %d bytes in %d writes, the largest %d bytes", posts, cw.n, cw.writes, cw.largest)
	})
}

// countingWriter counts what reaches it, as a slow client would receive it.
type countingWriter struct{ n, writes, largest int }

func (c *countingWriter) Write(b []byte) (int, error) {
	c.n += len(b)
	c.writes++
	c.largest = max(c.largest, len(b))
	return len(b), nil
}
