package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
	"github.com/commons-project/commons/internal/web"
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
	return signedInWith(t, s, email, "correct horse battery")
}

func signedInWith(t *testing.T, s *ts.Server, email, password string) *browser {
	b := newBrowser(t, s, "en")
	if rec := b.do("POST", "/signin", map[string]string{"email": email, "password": password}); rec.Code != http.StatusSeeOther {
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

// personalParts are the parts of a member's page that are theirs even on
// a page shared by role: the header's count of unread notifications and
// the form tokens, both drawn at each answer.
var personalParts = []*regexp.Regexp{
	regexp.MustCompile(`<span class="badge" sse-swap="badge">[^<]*</span>`),
	regexp.MustCompile(`<input type="hidden" name="form_token" value="[^"]*">`),
}

// sharedPages lists the pages members share by role.
func sharedPages(t *testing.T, s *ts.Server) []string {
	w, err := web.New(s.App, s.Catalog, s.App.Log)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.SharedPages()) == 0 {
		t.Fatal("no page is shared by role")
	}
	return w.SharedPages()
}

func withoutPersonalParts(page string) string {
	for _, re := range personalParts {
		page = re.ReplaceAllString(page, "")
	}
	return page
}

// A page members share by role must show nothing of one member's own:
// for every such page, drawn without the cache for two demo members of the
// same class (status and roles), in the same language, the pages are the
// same once the header's count and the form tokens are taken out. So a
// page kept for one member of a class cannot show another anything the
// first alone may see.
func TestPagesSharedByRoleShowNothingPersonal(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := ts.NewWith(t, st, func(s *server.Server) { s.Web.SetPageCache(0) })
		if _, err := demo.Load(context.Background(), s.App, true); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		// The demo's members by class, as the App computes it.
		byClass := map[string][]commons.User{}
		for _, name := range []string{"carys", "dafydd", "sian", "gareth", "eleri", "rhodri", "olena", "bethan", "huw", "mair", "aisha", "irina"} {
			u, err := st.UserByEmail(ctx, name+"@cwm-tawel.example")
			if err != nil {
				t.Fatal(err)
			}
			sc, err := s.App.Scope(ctx, &u, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Member == nil || !sc.May.ReadMembersOnly || sc.May.ConfirmFirst {
				continue
			}
			class := fmt.Sprint(sc.Member.Status, sc.Member.Roles)
			byClass[class] = append(byClass[class], u)
		}
		pairs := 0
		for class, us := range byClass {
			if len(us) < 2 {
				continue
			}
			pairs++
			t.Logf("%s: %d members", class, len(us))
			a := signedInWith(t, s, us[0].Email, demo.Password)
			for _, other := range us[1:] {
				b := signedInWith(t, s, other.Email, demo.Password)
				for _, pattern := range sharedPages(t, s) {
					path := strings.Replace(strings.TrimPrefix(pattern, "GET "), "{slug}", demo.Slug, 1)
					if strings.Contains(path, "{") {
						t.Fatalf("%s: give the test an address for this page", pattern)
					}
					for _, q := range []string{"?lang=en", "?lang=cy&q=a"} {
						pa, pb := a.get(path+q), b.get(path+q)
						if withoutPersonalParts(pa) != withoutPersonalParts(pb) {
							t.Errorf("%s%s differs between %s and %s (%s):\n%s", path, q, us[0].Name, other.Name, class,
								firstDifference(withoutPersonalParts(pa), withoutPersonalParts(pb)))
						}
					}
				}
			}
		}
		if pairs < 2 {
			t.Fatalf("the demo has %d classes with two members or more; the test needs two", pairs)
		}
	})
}

// firstDifference shows where two pages part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "…" + a[from:min(len(a), i+200)] + "\n---\n…" + b[from:min(len(b), i+200)]
}

// With the cache on, a page shared by role is drawn once for a class and
// served to its other members with their own header: one member's count
// of unread notifications, name or address never reaches another, a
// member's page never reaches a visitor, and an editor's controls never
// reach a member without the role (nor a member's page an editor).
func TestPageCacheSharedByRoleKeepsPeopleApart(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := newCacheWorld(t, s)
		// Olga waits for the one place, then gets it when Irina leaves:
		// a notification, unread.
		w.api(t, "POST", "/api/v1/activities/"+w.activity+"/registrations", w.member, nil)
		w.api(t, "POST", "/api/v1/activities/"+w.activity+"/registrations", w.outsider, nil)
		w.api(t, "DELETE", "/api/v1/activities/"+w.activity+"/registrations/me", w.member, nil)
		olga, irina := signedIn(t, s, "other@example.org"), signedIn(t, s, "member@example.org")
		owner, visitor := signedIn(t, s, "owner@example.org"), newBrowser(t, s, "en")
		badge := regexp.MustCompile(`<span class="badge" sse-swap="badge">([^<]*)</span>`)
		count := func(page string) string {
			m := badge.FindStringSubmatch(page)
			if m == nil {
				return "(none)"
			}
			return m[1]
		}
		for _, pattern := range sharedPages(t, s) {
			path := strings.Replace(strings.TrimPrefix(pattern, "GET "), "{slug}", "kc", 1)
			first := olga.get(path)
			if count(first) != "1 new" {
				t.Fatalf("%s: Olga's count %q", path, count(first))
			}
			hits := cacheHits(t, s)
			page := irina.get(path)
			if cacheOn() && cacheHits(t, s) != hits+1 {
				t.Errorf("%s: Irina, of Olga's class, was not served the page kept for it", path)
			}
			if count(page) != "" || strings.Contains(page, "Olga Other") || strings.Contains(page, "other@example.org") {
				t.Errorf("%s: Irina's page shows Olga's header (count %q)", path, count(page))
			}
			if withoutPersonalParts(page) != withoutPersonalParts(first) {
				t.Errorf("%s: Irina's page is not Olga's less her header:\n%s", path, firstDifference(page, first))
			}
			if again := olga.get(path); count(again) != "1 new" {
				t.Errorf("%s: Olga's count after Irina's reading: %q", path, count(again))
			}
			editor := owner.get(path)
			if !strings.Contains(editor, `href="/c/kc/settings"`) || strings.Contains(irina.get(path), `href="/c/kc/settings"`) {
				t.Errorf("%s: an editor's page and a member's are not apart", path)
			}
			v := visitor.get(path)
			if strings.Contains(v, "/signout") || strings.Contains(v, "form_token") || strings.Contains(v, `class="badge"`) ||
				strings.Contains(v, `href="/c/kc/settings"`) {
				t.Errorf("%s: a visitor got a member's page", path)
			}
			if p := irina.get(path); !strings.Contains(p, "/signout") {
				t.Errorf("%s: a member got a visitor's page", path)
			}
		}
	})
}
