package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// cacheOn says the page cache is on in this run (COMMONS_PAGE_CACHE=off
// runs the suite without it; the pages must be right either way).
func cacheOn() bool { return os.Getenv("COMMONS_PAGE_CACHE") != "off" }

// cacheHits reads the page cache's hits from /metrics.
func cacheHits(t *testing.T, s *ts.Server) int {
	t.Helper()
	rec := s.Do(ts.Request{Method: "GET", Path: "/metrics"})
	m := regexp.MustCompile(`(?m)^commons_page_cache_hits_total (\d+)`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("/metrics has no page cache hits:\n%s", rec.Body.String())
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// cacheWorld is a community with one of each cached thing in it.
type cacheWorld struct {
	s                                   *ts.Server
	owner, member, outsider             string // API tokens
	resource, org, initiative, activity string // ids
}

func newCacheWorld(t *testing.T, s *ts.Server) cacheWorld {
	w := cacheWorld{s: s}
	_, w.owner = s.SignUp("owner@example.org", "Gareth Owner")
	_, w.member = s.SignUp("member@example.org", "Irina Member")
	_, w.outsider = s.SignUp("other@example.org", "Olga Other")
	w.api(t, "POST", "/api/v1/communities", w.owner, map[string]any{"slug": "kc", "name": "Kept", "time_zone": "Europe/London", "languages": []string{"en"}})
	w.api(t, "POST", "/api/v1/communities/kc/members", w.member, nil)
	w.api(t, "POST", "/api/v1/communities/kc/members", w.outsider, nil)
	w.resource = w.api(t, "POST", "/api/v1/communities/kc/resources", w.owner, map[string]any{"title": "Hall one", "kind": "space",
		"bookable": true, "approval": "open", "capacity": 20})["id"].(string)
	w.org = w.api(t, "POST", "/api/v1/communities/kc/organizations", w.owner, map[string]any{"name": "Choir one", "sector": "ngo"})["id"].(string)
	w.initiative = w.api(t, "POST", "/api/v1/communities/kc/initiatives", w.owner, map[string]any{"title": "Garden one",
		"summary": "Grow", "themes": []string{}})["id"].(string)
	w.activity = w.api(t, "POST", "/api/v1/communities/kc/activities", w.owner, map[string]any{"title": "Class one", "kind": "workshop",
		"starts_at": slot(3, "10:00"), "ends_at": slot(3, "11:00"), "capacity": 1})["id"].(string)
	return w
}

func (w cacheWorld) api(t *testing.T, method, path, token string, body map[string]any) map[string]any {
	t.Helper()
	var b any
	if body != nil {
		b = body
	}
	rec := w.s.Do(ts.Request{Method: method, Path: path, Token: token, Body: b})
	if rec.Code >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
	out := map[string]any{}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return out
}

func signedIn(t *testing.T, s *ts.Server, email string) *browser {
	b := newBrowser(t, s, "en")
	if rec := b.do("POST", "/signin", map[string]string{"email": email, "password": "correct horse battery"}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", email, rec.Code)
	}
	b.get("/") // shows, and so clears, the flash message
	return b
}

// For every cached page, a write that changes it shows on the next
// request, to a visitor and to a member, after both have had it cached.
func TestPageCacheShowsEveryWriteOnTheNextRequest(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newCacheWorld(t, s)
		visitor, member := newBrowser(t, s, "en"), signedIn(t, s, "member@example.org")
		cases := []struct {
			path, before, after string
			write               func()
		}{
			{"/c/kc", "Choir one", "Choir two", func() {
				w.api(t, "PATCH", "/api/v1/organizations/"+w.org, w.owner, map[string]any{"name": "Choir two"})
			}},
			{"/c/kc/organizations", "Choir two", "Choir three", func() {
				w.api(t, "PATCH", "/api/v1/organizations/"+w.org, w.owner, map[string]any{"name": "Choir three"})
			}},
			{"/c/kc/resources", "Hall one", "Hall two", func() {
				w.api(t, "PUT", "/api/v1/resources/"+w.resource, w.owner, map[string]any{"title": "Hall two", "kind": "space",
					"bookable": true, "approval": "open", "capacity": 20})
			}},
			{"/c/kc/resources/" + w.resource, "Hall two", "Hall three", func() {
				w.api(t, "PUT", "/api/v1/resources/"+w.resource, w.owner, map[string]any{"title": "Hall three", "kind": "space",
					"bookable": true, "approval": "open", "capacity": 20})
			}},
			{"/c/kc/initiatives", "Garden one", "Garden two", func() {
				w.api(t, "PATCH", "/api/v1/initiatives/"+w.initiative, w.owner, map[string]any{"title": "Garden two", "summary": "Grow", "themes": []string{}})
			}},
			{"/c/kc/initiatives/" + w.initiative, "Garden two", "Garden three", func() {
				w.api(t, "PATCH", "/api/v1/initiatives/"+w.initiative, w.owner, map[string]any{"title": "Garden three", "summary": "Grow", "themes": []string{}})
			}},
			{"/c/kc/activities", "Class one", "Class two", func() {
				w.api(t, "PATCH", "/api/v1/activities/"+w.activity+"/details", w.owner, map[string]any{"title": "Class two"})
			}},
			{"/c/kc/activities/" + w.activity, "Class two", "Class three", func() {
				w.api(t, "PATCH", "/api/v1/activities/"+w.activity+"/details", w.owner, map[string]any{"title": "Class three"})
			}},
		}
		for _, c := range cases {
			for _, b := range []*browser{visitor, member} {
				b.get(c.path)
				hits := cacheHits(t, s)
				must(t, b.get(c.path), c.before)
				if cacheOn() && cacheHits(t, s) != hits+1 {
					t.Errorf("%s: the second reading was not served from the cache", c.path)
				}
			}
			c.write()
			for _, b := range []*browser{visitor, member} {
				if page := b.get(c.path); !strings.Contains(page, c.after) || strings.Contains(page, c.before) {
					t.Errorf("%s after the write: %q missing or %q still there", c.path, c.after, c.before)
				}
			}
		}
	})
}

// A page drawn for a member with roles is never served to a visitor or a
// member of another kind; form tokens are drawn afresh for each answer.
func TestPageCacheKeepsReadersApart(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newCacheWorld(t, s)
		owner, member, visitor := signedIn(t, s, "owner@example.org"), signedIn(t, s, "member@example.org"), newBrowser(t, s, "en")
		token := regexp.MustCompile(`name="form_token" value="([^"]+)"`)
		for _, path := range []string{"/c/kc", "/c/kc/organizations", "/c/kc/resources", "/c/kc/initiatives", "/c/kc/activities",
			"/c/kc/activities/" + w.activity, "/c/kc/initiatives/" + w.initiative, "/c/kc/resources/" + w.resource} {
			first := owner.get(path)
			again := owner.get(path)
			if a, b := token.FindStringSubmatch(first), token.FindStringSubmatch(again); a != nil && b != nil && a[1] == b[1] {
				t.Errorf("%s: the same form token twice", path)
			}
			for _, who := range []struct {
				b    *browser
				name string
			}{{visitor, "visitor"}, {member, "member"}} {
				page := who.b.get(path)
				if strings.Contains(page, "Gareth Owner") && !strings.Contains(first, "Gareth Owner") {
					t.Errorf("%s: odd page for the owner", path)
				}
				if who.name == "visitor" && strings.Contains(page, "form_token") {
					t.Errorf("%s: a visitor got a member's form", path)
				}
				if strings.Contains(page, "/signout") != (who.name != "visitor") {
					t.Errorf("%s: the %s got another reader's header", path, who.name)
				}
			}
		}
	})
}

// A hidden thing disappears on the next request; a private profile never
// reaches a visitor; a registration changes the waitlist at once.
func TestPageCacheHidingPrivacyAndWaitlist(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newCacheWorld(t, s)
		visitor, member := newBrowser(t, s, "en"), signedIn(t, s, "member@example.org")

		// Privacy: the initiative is led by the owner, whose profile is
		// for members only until they make it public, and again after.
		path := "/c/kc/initiatives/" + w.initiative
		if page := visitor.get(path); strings.Contains(page, "Gareth Owner") {
			t.Fatal("a private name reached a visitor")
		}
		must(t, member.get(path), "Gareth Owner")
		w.api(t, "PUT", "/api/v1/communities/kc/privacy", w.owner, map[string]any{"public": true})
		must(t, visitor.get(path), "Gareth Owner")
		w.api(t, "PUT", "/api/v1/communities/kc/privacy", w.owner, map[string]any{"public": false})
		if page := visitor.get(path); strings.Contains(page, "Gareth Owner") {
			t.Fatal("a name made private again still reached a visitor")
		}

		// Waitlist: one place; the second to register waits.
		path = "/c/kc/activities/" + w.activity
		must(t, visitor.get(path), "1 of 1 places free")
		w.api(t, "POST", "/api/v1/activities/"+w.activity+"/registrations", w.member, nil)
		must(t, visitor.get(path), "0 of 1 places free")
		w.api(t, "POST", "/api/v1/activities/"+w.activity+"/registrations", w.outsider, nil)
		must(t, visitor.get(path), "1 person waiting")
		must(t, member.get(path), "1 person waiting")

		// Hiding: one steward's flag hides an initiative everywhere.
		w.initiative = w.api(t, "POST", "/api/v1/communities/kc/initiatives", w.member, map[string]any{"title": "Garden by Irina",
			"summary": "Grow", "themes": []string{}})["id"].(string)
		w.api(t, "POST", "/api/v1/initiatives/"+w.initiative+"/status", w.member, map[string]any{"status": "seeking_partners"})
		must(t, visitor.get("/c/kc/initiatives"), "Garden by Irina")
		must(t, member.get("/c/kc"), "Garden by Irina")
		w.api(t, "POST", "/api/v1/communities/kc/flags", w.owner, map[string]any{"subject": map[string]any{"type": "initiative", "id": w.initiative},
			"reason": "Agreement 1"})
		for _, b := range []*browser{visitor, member} {
			if page := b.get("/c/kc/initiatives"); strings.Contains(page, "Garden by Irina") {
				t.Error("a hidden initiative is still listed")
			}
			if page := b.get("/c/kc"); strings.Contains(page, "Garden by Irina") {
				t.Error("a hidden initiative is still on the community's page")
			}
			if rec := b.do("GET", "/c/kc/initiatives/"+w.initiative, nil); rec.Code != http.StatusNotFound {
				t.Errorf("a hidden initiative's page: %d", rec.Code)
			}
		}
	})
}

// A visitor's page comes compressed as the browser accepts, with an ETag
// that answers a conditional request with 304, and may be kept briefly;
// a member's page is private.
func TestPageCacheHTTP(t *testing.T) {
	if !cacheOn() {
		t.Skip("the page cache is off")
	}
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newCacheWorld(t, s)
		plain := s.Do(ts.Request{Method: "GET", Path: "/c/kc/resources"})
		ts.Status(t, plain, http.StatusOK)
		if cc := plain.Header().Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=") {
			t.Errorf("a visitor's page: Cache-Control %q", cc)
		}
		if v := plain.Header().Get("Vary"); !strings.Contains(v, "Accept-Encoding") || !strings.Contains(v, "Cookie") {
			t.Errorf("Vary %q", v)
		}
		for _, enc := range []string{"br", "gzip"} {
			rec := s.Do(ts.Request{Method: "GET", Path: "/c/kc/resources", Header: map[string]string{"Accept-Encoding": enc}})
			if rec.Header().Get("Content-Encoding") != enc {
				t.Fatalf("%s: Content-Encoding %q", enc, rec.Header().Get("Content-Encoding"))
			}
			var r io.Reader
			if enc == "br" {
				r = brotli.NewReader(rec.Body)
			} else {
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			}
			body, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(body, plain.Body.Bytes()) {
				t.Fatalf("%s: the page differs once decompressed (%v)", enc, err)
			}
			etag := rec.Header().Get("ETag")
			if etag == "" || etag == plain.Header().Get("ETag") {
				t.Fatalf("%s: ETag %q beside %q", enc, etag, plain.Header().Get("ETag"))
			}
			again := s.Do(ts.Request{Method: "GET", Path: "/c/kc/resources", Header: map[string]string{"Accept-Encoding": enc, "If-None-Match": etag}})
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("%s: If-None-Match → %d", enc, again.Code)
			}
		}
		// After a write the old ETag no longer matches.
		w.api(t, "PUT", "/api/v1/resources/"+w.resource, w.owner, map[string]any{"title": "Hall two", "kind": "space",
			"bookable": true, "approval": "open", "capacity": 20})
		rec := s.Do(ts.Request{Method: "GET", Path: "/c/kc/resources", Header: map[string]string{"If-None-Match": plain.Header().Get("ETag")}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Hall two") {
			t.Errorf("a changed page answered %d to the old ETag", rec.Code)
		}
		m := signedIn(t, s, "member@example.org")
		rec = m.do("GET", "/c/kc/resources", nil)
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "private") || rec.Header().Get("ETag") != "" {
			t.Errorf("a member's page: Cache-Control %q, ETag %q", cc, rec.Header().Get("ETag"))
		}
		// /metrics reports the cache's size.
		metrics := s.Do(ts.Request{Method: "GET", Path: "/metrics"}).Body.String()
		for _, name := range []string{"commons_page_cache_misses_total", "commons_page_cache_pages", "commons_page_cache_bytes"} {
			if !strings.Contains(metrics, "\n"+name+" ") {
				t.Errorf("/metrics lacks %s", name)
			}
		}
	})
}

// Two nodes on one PostgreSQL database: a write on one is seen on the
// other at the next request, though both had the page cached.
func TestPageCacheTwoNodes(t *testing.T) {
	if os.Getenv("COMMONS_TEST_POSTGRES") == "" {
		t.Skip("needs PostgreSQL (COMMONS_TEST_POSTGRES)")
	}
	st, dsn := storetest.OpenPostgres(t)
	other, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	a, b := ts.New(t, st), ts.New(t, other)
	w := newCacheWorld(t, a)
	visitorA, visitorB, memberB := newBrowser(t, a, "en"), newBrowser(t, b, "en"), signedIn(t, b, "member@example.org")
	paths := []string{"/c/kc", "/c/kc/organizations", "/c/kc/activities/" + w.activity}
	for _, p := range paths {
		for _, br := range []*browser{visitorA, visitorB, memberB} {
			br.get(p)
			br.get(p)
		}
	}
	w.api(t, "PATCH", "/api/v1/organizations/"+w.org, w.owner, map[string]any{"name": "Choir on node A"})
	w.api(t, "POST", "/api/v1/activities/"+w.activity+"/registrations", w.member, nil)
	for _, br := range []*browser{visitorB, memberB} {
		must(t, br.get("/c/kc"), "Choir on node A")
		must(t, br.get("/c/kc/organizations"), "Choir on node A")
		must(t, br.get("/c/kc/activities/"+w.activity), "0 of 1 places free")
	}
}
