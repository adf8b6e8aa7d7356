package web_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func forEach(t *testing.T, fn func(t *testing.T, s *ts.Server)) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) { fn(t, ts.New(t, st)) })
}

// browser keeps cookies like a browser would, across requests.
type browser struct {
	t       *testing.T
	s       *ts.Server
	cookies map[string]*http.Cookie
	lang    string
}

func newBrowser(t *testing.T, s *ts.Server, lang string) *browser {
	return &browser{t: t, s: s, cookies: map[string]*http.Cookie{}, lang: lang}
}

func (b *browser) do(method, path string, form map[string]string) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.send(ts.Request{Method: method, Path: path, Form: form})
}

// send sends a request with the browser's cookies and headers, and keeps
// the cookies it is given.
func (b *browser) send(r ts.Request) *httptest.ResponseRecorder {
	b.t.Helper()
	var cs []*http.Cookie
	for _, c := range b.cookies {
		cs = append(cs, c)
	}
	h := map[string]string{}
	maps.Copy(h, r.Header)
	if b.lang != "" {
		h["Accept-Language"] = b.lang
	}
	if r.Method == "POST" {
		h["Sec-Fetch-Site"] = "same-origin"
	}
	method, path := r.Method, r.Path
	path, _, _ = strings.Cut(path, "#") // a browser keeps the fragment to itself
	r.Path, r.Cookies, r.Header = path, cs, h
	rec := b.s.Do(r)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	if rec.Code >= 500 {
		b.t.Fatalf("%s %s → %d\n%s", method, path, rec.Code, rec.Body.String())
	}
	return rec
}

func (b *browser) get(path string) string {
	b.t.Helper()
	rec := b.do("GET", path, nil)
	if rec.Code != 200 {
		b.t.Fatalf("GET %s → %d\n%s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.String()
}

// post submits a form and follows the redirect, as a browser does.
func (b *browser) post(path string, form map[string]string) (int, string) {
	b.t.Helper()
	rec := b.do("POST", path, form)
	if rec.Code == http.StatusSeeOther {
		return rec.Code, b.get(rec.Header().Get("Location"))
	}
	return rec.Code, rec.Body.String()
}

func must(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Fatalf("page lacks %q:\n%s", w, page)
		}
	}
}

func TestFirstRunAndWalk(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		must(t, b.get("/"), "Welcome to Commons", `href="/signup?next=/communities/new"`)

		code, page := b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase", "next": "/communities/new"})
		if code != http.StatusSeeOther {
			t.Fatalf("sign up: %d\n%s", code, page)
		}
		must(t, page, "Start a community", "Welcome! Your account is ready.")

		code, page = b.post("/communities/new", map[string]string{"name": "Cwm Tawel", "slug": "cwm", "description": "<script>alert(1)</script>",
			"languages": "en, cy", "time_zone": "Europe/London"})
		if code != http.StatusSeeOther {
			t.Fatalf("create community: %d\n%s", code, page)
		}
		must(t, page, "<h1>Cwm Tawel</h1>", "&lt;script&gt;alert(1)&lt;/script&gt;", "You are a member")
		if strings.Contains(page, "<script>alert") {
			t.Fatal("description rendered unescaped")
		}

		code, page = b.post("/c/cwm/organizations/new", map[string]string{"name": "Cwm Library", "sector": "culture", "website": "https://library.example"})
		if code != http.StatusSeeOther {
			t.Fatalf("create organization: %d\n%s", code, page)
		}
		must(t, page, "<h1>Cwm Library</h1>", "Culture", `href="https://library.example"`)
		must(t, b.get("/c/cwm/organizations?sector=culture&q=library"), "Cwm Library")
		if strings.Contains(b.get("/c/cwm/organizations?sector=business"), "Cwm Library") {
			t.Fatal("sector filter shows another sector")
		}
		must(t, b.get("/c/cwm/record"), "started the community")
		must(t, b.get("/me"), "Cwm Tawel", "API tokens")

		_, page = b.post("/signout", nil)
		must(t, page, "You are signed out.")
		// A visitor reads public pages but is asked to sign in for forms.
		must(t, b.get("/c/cwm"), "Sign in to join")
		rec := b.do("GET", "/c/cwm/organizations/new", nil)
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin?next=") {
			t.Fatalf("visitor on a form: %d %s", rec.Code, rec.Header().Get("Location"))
		}
	})
}

func TestFormErrorsBesideFieldsInTheReadersLanguage(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "ru-RU,ru;q=0.9,en;q=0.5")
		code, page := b.post("/signup", map[string]string{"name": "", "email": "not-an-address", "password": "short"})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", code)
		}
		ru := s.Catalog.Localizer("ru")
		must(t, page, `lang="ru"`, `id="f-email-error"`, `aria-describedby="f-email-error"`, `aria-invalid="true"`,
			ru.T("error.field.email"), ru.T("error.field.required"), `value="not-an-address"`)
		if strings.Contains(page, `value="short"`) {
			t.Fatal("the password is echoed back")
		}
	})
}

func TestSignInRateLimitOnTheWeb(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		s.SignUp("carys@example.org", "Carys")
		b := newBrowser(t, s, "en")
		for range 5 {
			if code, _ := b.post("/signin", map[string]string{"email": "carys@example.org", "password": "wrong one!!"}); code != 401 {
				t.Fatalf("failed sign-in: %d", code)
			}
		}
		code, page := b.post("/signin", map[string]string{"email": "carys@example.org", "password": "correct horse battery"})
		if code != 429 {
			t.Fatalf("sixth attempt: %d", code)
		}
		must(t, page, "Too many failed attempts")
	})
}

// A browser that asks for Russian sees no English on any page: every
// English message that Russian translates differently must be absent.
func TestRussianPagesHaveNoEnglish(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		// Every part's catalog: en.toml and initiatives.en.toml alike.
		en, ru := map[string]any{}, map[string]any{}
		for lang, into := range map[string]map[string]any{"en": en, "ru": ru} {
			files, _ := filepath.Glob("../i18n/catalogs/*" + lang + ".toml")
			for _, f := range files {
				var part map[string]any
				if _, err := toml.DecodeFile(f, &part); err != nil {
					t.Fatal(err)
				}
				maps.Copy(into, part)
			}
		}
		b := newBrowser(t, s, "ru")
		pages := []string{"/", "/signup", "/signin"}
		b.post("/signup", map[string]string{"name": "Ирина", "email": "irina@example.org", "password": "длинный пароль"})
		b.post("/communities/new", map[string]string{"name": "Долина", "slug": "dolina", "languages": "ru, en", "time_zone": "Europe/London", "requires_application": "on"})
		code, page := b.post("/c/dolina/organizations/new", map[string]string{"name": "Библиотека", "sector": "culture"})
		if code != http.StatusSeeOther {
			t.Fatalf("organization: %d %s", code, page)
		}
		orgURL := regexp.MustCompile(`/c/dolina/organizations/[0-9a-f-]{36}`).FindString(page)
		code, page = b.post("/c/dolina/resources/new", map[string]string{"title": "Зал", "kind": "space", "terms": "free", "approval": "request",
			"bookable": "on", "capacity": "20", "accessibility": "step_free", "latitude": "51.7", "longitude": "-3.7"})
		if code != http.StatusSeeOther {
			t.Fatalf("resource: %d %s", code, page)
		}
		resURL := regexp.MustCompile(`/c/dolina/resources/[0-9a-f-]{36}`).FindString(page)
		tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
		if code, page := b.post(resURL, map[string]string{"day": tomorrow, "from": "10:00", "to": "11:00", "purpose": "Хор"}); code != http.StatusCreated {
			t.Fatalf("booking: %d %s", code, page)
		}
		_, conflictPage := b.post(resURL, map[string]string{"day": tomorrow, "from": "09:00", "to": "23:00", "purpose": "x"})
		_, badTimes := b.post(resURL, map[string]string{"day": "вчера", "from": "25:00", "to": "x"})
		me := regexp.MustCompile(`/c/dolina/members/[0-9a-f-]{36}`).FindString(b.get("/c/dolina/members"))
		b.post("/c/dolina/agreements/edit", map[string]string{"body": "Делимся по-доброму."})
		pages = append(pages, me, "/c/dolina/trust", "/me/notifications", "/c/dolina/agreements", "/c/dolina/agreements/edit", "/c/dolina/record", "/c/dolina/reviews")
		pages = append(pages, resURL, resURL+"/edit", "/c/dolina/resources", "/c/dolina/resources/map", "/c/dolina/resources/new",
			"/c/dolina/resources?q=зал&free_day="+tomorrow+"&free_from=12:00&free_to=13:00", "/me/bookings")
		// The later parts: initiatives, activities, threads and messages.
		code, page = b.post("/c/dolina/initiatives/new", map[string]string{"title": "Хор для всех", "summary": "Поём вместе"})
		if code != http.StatusSeeOther {
			t.Fatalf("initiative: %d %s", code, page)
		}
		initiativeURL := regexp.MustCompile(`/c/dolina/initiatives/[0-9a-f-]{36}`).FindString(page)
		if initiativeURL == "" {
			t.Fatalf("no initiative's address in %s", page)
		}
		pages = append(pages, initiativeURL, initiativeURL+"/history", initiativeURL+"/edit", "/c/dolina/initiatives", "/c/dolina/initiatives/new",
			"/c/dolina/partnerships", "/c/dolina/activities", "/c/dolina/activities/month", "/c/dolina/activities/new", "/c/dolina/proposals",
			"/c/dolina/skills", "/me/activities", "/c/dolina/threads", "/c/dolina/threads/new", "/messages")
		pages = append(pages, "/", "/me", "/communities/new", "/c/dolina", "/c/dolina/organizations", "/c/dolina/organizations/new",
			orgURL, orgURL+"/edit", "/c/dolina/members", "/c/dolina/settings", "/c/dolina/applications", "/c/dolina/record",
			"/c/nowhere", "/no/such/page")
		// Form errors too.
		_, withErrors := b.post("/c/dolina/organizations/new", map[string]string{"name": "", "sector": "nope", "website": "x", "email": "y"})
		english := englishOnly(en, ru)
		check := func(path, page string) {
			text := visibleText(page)
			for _, e := range english {
				if strings.Contains(text, e) {
					t.Errorf("%s shows English %q", path, e)
				}
			}
		}
		for _, p := range pages {
			rec := b.do("GET", p, nil)
			check(p, rec.Body.String())
		}
		check("organization form with errors", withErrors)
		check("booking with a conflict", conflictPage)
		check("booking with bad times", badTimes)
	})
}

// englishOnly lists English messages (cut at their first argument) that
// Russian says differently, long enough not to match by chance.
func englishOnly(en, ru map[string]any) []string {
	var out []string
	for k, v := range en {
		s, ok := v.(string)
		if !ok || ru[k] == v || k == "app.name" || k == "language.self" {
			continue
		}
		if i := strings.Index(s, "{{"); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if len(s) >= 8 {
			out = append(out, s)
		}
	}
	return out
}

var tags = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)

func visibleText(page string) string { return tags.ReplaceAllString(page, " ") }

func TestSecurityHeadersAndCrossOriginPosts(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		rec := s.Do(ts.Request{Method: "GET", Path: "/"})
		h := rec.Result().Header
		for name, want := range map[string]string{
			"Content-Security-Policy": "script-src 'self'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
		} {
			if !strings.Contains(h.Get(name), want) {
				t.Errorf("%s = %q, want it to contain %q", name, h.Get(name), want)
			}
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Error("no frame-ancestors")
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/signup", Form: map[string]string{"name": "X", "email": "x@example.org", "password": "long enough!"},
			Header: map[string]string{"Sec-Fetch-Site": "cross-site"}})
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "another website") {
			t.Fatalf("cross-site POST: %d %s", rec.Code, rec.Body.String())
		}
		// The cookie a sign-up sets is HttpOnly and SameSite, and Secure
		// whenever the site is not on this machine.
		rec = s.Do(ts.Request{Method: "POST", Path: "https://commons.example/signup", Form: map[string]string{"name": "X", "email": "x@example.org", "password": "long enough!"}})
		var session *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == "commons_session" {
				session = c
			}
		}
		if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie: %+v", session)
		}
	})
}

func TestLanguageSwitcher(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		must(t, b.get("/signin"), `<html lang="en">`, `name="lang" value="ru"`)
		rec := b.do("POST", "/language", map[string]string{"lang": "ru", "return": "/signin"})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/signin" {
			t.Fatalf("switch: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		must(t, b.get("/signin"), `<html lang="ru">`, s.Catalog.Localizer("ru").T("signin.title"))
		// Off-site return addresses are not followed.
		rec = b.do("POST", "/language", map[string]string{"lang": "en", "return": "//evil.example/"})
		if rec.Header().Get("Location") != "/" {
			t.Fatalf("redirected to %q", rec.Header().Get("Location"))
		}
		if rec := b.do("POST", "/language", map[string]string{"lang": "xx"}); rec.Code != 400 {
			t.Fatalf("unknown language: %d", rec.Code)
		}
	})
}

func TestBadFormInput(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		for name, form := range map[string]map[string]string{
			"invalid UTF-8": {"name": "\xff\xfe", "slug": "ok-slug"},
			"10,000 chars":  {"name": strings.Repeat("n", 10000), "slug": "ok-slug"},
			"NUL byte":      {"name": "a\x00b", "slug": "ok-slug"},
			"empty":         {"name": "", "slug": ""},
			"bad slug":      {"name": "x", "slug": "Bad Slug"},
		} {
			code, page := b.post("/communities/new", form)
			if code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", name, code)
			}
			must(t, page, `class="error"`)
		}
		rec := b.do("POST", "/communities/new", map[string]string{"name": strings.Repeat("é", 1<<20)})
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("2 MiB form: %d", rec.Code)
		}
		// Nothing was created by any of it.
		must(t, b.get("/"), "Welcome to Commons")
		// Double submit of "join" is harmless.
		b.post("/communities/new", map[string]string{"name": "Town", "slug": "town", "languages": "en", "time_zone": "UTC"})
		other := newBrowser(t, s, "en")
		other.post("/signup", map[string]string{"name": "Huw", "email": "huw@example.org", "password": "a long passphrase"})
		for range 2 {
			if code, _ := other.post("/c/town/join", nil); code != http.StatusSeeOther {
				t.Fatalf("join: %d", code)
			}
		}
	})
}

// Redirect targets stay on this site, however they are dressed up.
func TestNoOpenRedirects(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		for _, target := range []string{"/./\\evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "\\\\evil.example", "/%2F%2Fevil.example", "javascript:alert(1)"} {
			rec := b.do("POST", "/language", map[string]string{"lang": "en", "return": target})
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "\\") || strings.Contains(loc, ":") {
				t.Errorf("return=%q redirected to %q", target, loc)
			}
		}
		rec := b.do("POST", "/language", map[string]string{"lang": "en", "return": "/c/town/organizations?q=caf%C3%A9&sector=ngo"})
		if got := rec.Header().Get("Location"); got != "/c/town/organizations?q=caf%C3%A9&sector=ngo" {
			t.Errorf("a local target became %q", got)
		}
	})
}

// An error page inside a community speaks the community's language to a
// browser that states none.
func TestErrorPagesSpeakTheCommunitysLanguage(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, token := s.SignUp("owner@example.org", "Owner")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: token, Body: map[string]any{"slug": "dolina", "name": "Долина", "languages": []string{"ru"}}}), 201)
		rec := s.Do(ts.Request{Method: "GET", Path: "/c/dolina/organizations/nope"})
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), `<html lang="ru">`) {
			t.Fatalf("%d %s", rec.Code, rec.Body.String()[:200])
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/static/nope.css", Header: map[string]string{"Accept-Language": "ru"}})
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), `<html lang="ru">`) {
			t.Fatalf("static 404: %d", rec.Code)
		}
		if rec := s.Do(ts.Request{Method: "GET", Path: "/static/"}); rec.Code != 404 {
			t.Fatalf("static folder listed: %d", rec.Code)
		}
	})
}

// A space is shared, booked through the form, requested, and decided by
// its steward; the requester sees the decision; the feed carries it.
func TestBookingThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		code, page := owner.post("/c/cwm/resources/new", map[string]string{"title": "Community room", "kind": "space", "terms": "free",
			"approval": "request", "bookable": "on", "capacity": "30", "public_titles": "on"})
		if code != http.StatusSeeOther {
			t.Fatalf("share: %d %s", code, page)
		}
		resURL := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}`).FindString(page)
		id := resURL[strings.LastIndex(resURL, "/")+1:]
		// Opening hours and a closed day, through the edit form.
		code, page = owner.post(resURL+"/edit", map[string]string{"title": "Community room", "kind": "space", "terms": "free", "approval": "request",
			"bookable": "on", "public_titles": "on", "hours_1": "09:00-17:00", "hours_2": "09:00-12:00, 13:00-17:00", "hours_3": "09:00-17:00",
			"hours_4": "09:00-17:00", "hours_5": "09:00-17:00", "closed": "2099-12-25 Christmas"})
		if code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", code, page)
		}
		must(t, owner.get(resURL+"/edit"), "09:00-12:00, 13:00-17:00", "2099-12-25 Christmas")
		// A mistake in the hours saves nothing of the form.
		if code, _ := owner.post(resURL+"/edit", map[string]string{"title": "Renamed", "kind": "space", "terms": "free", "approval": "open",
			"closed": "notaday"}); code != 422 {
			t.Fatalf("bad closed date: %d", code)
		}
		must(t, owner.get(resURL), "<h1>Community room</h1>")

		member := newBrowser(t, s, "en")
		member.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		member.post("/c/cwm/join", nil)
		day := time.Now().AddDate(0, 0, 3)
		for day.Weekday() != time.Wednesday {
			day = day.AddDate(0, 0, 1)
		}
		d := day.Format("2006-01-02")
		code, page = member.post(resURL, map[string]string{"day": d, "from": "10:00", "to": "11:30", "purpose": "Choir"})
		if code != http.StatusCreated {
			t.Fatalf("book: %d %s", code, page)
		}
		must(t, page, "waiting for a decision")
		if code, page = member.post(resURL, map[string]string{"day": d, "from": "07:00", "to": "08:00"}); code != 422 {
			t.Fatalf("before opening: %d", code)
		}
		must(t, page, "closed then")

		// The steward sees the request and confirms it.
		page = owner.get(resURL)
		must(t, page, "Requests waiting for a decision", "Irina")
		bookingID := regexp.MustCompile(`/bookings/([0-9a-f-]{36})/decision`).FindStringSubmatch(page)[1]
		code, page = owner.post(resURL+"/bookings/"+bookingID+"/decision", map[string]string{"decision": "confirm"})
		if code != http.StatusSeeOther {
			t.Fatalf("decide: %d", code)
		}
		must(t, page, "The booking is confirmed.")
		must(t, member.get("/me/bookings"), "Community room", "confirmed")
		must(t, member.get(resURL+"?week="+d), "10:00–11:30 Choir")

		// The public feed shows the busy time, named since the owner allows it.
		rec := s.Do(ts.Request{Method: "GET", Path: "/resources/" + id + "/calendar.ics"})
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "text/calendar") || !strings.Contains(rec.Body.String(), "SUMMARY:Choir") {
			t.Fatalf("feed: %d %s", rec.Code, rec.Body.String())
		}
		// Its links come from the site's public address, not from the
		// request's Host header, which the sender chooses (here example.com).
		if body := rec.Body.String(); strings.Contains(body, "example.com") || !strings.Contains(body, s.App.PublicURL+"/c/") {
			t.Fatalf("feed links from the Host header:\n%s", body)
		}
		// The private feed works until renewed.
		feed := regexp.MustCompile(`/calendar/[A-Za-z0-9_-]+\.ics`).FindString(member.get("/me/bookings"))
		if rec := s.Do(ts.Request{Method: "GET", Path: feed}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Community room") {
			t.Fatalf("private feed: %d", rec.Code)
		}
		member.post("/me/calendar", nil)
		if rec := s.Do(ts.Request{Method: "GET", Path: feed}); rec.Code != 404 {
			t.Fatalf("old feed after renewal: %d", rec.Code)
		}
		// A visitor sees the resource and the week, not the form.
		visitor := newBrowser(t, s, "en")
		page = visitor.get(resURL)
		must(t, page, "Sign in to book")
		// The requester cancels.
		code, _ = member.post("/bookings/"+bookingID+"/cancel", nil)
		if code != http.StatusSeeOther {
			t.Fatalf("cancel: %d", code)
		}
		must(t, member.get("/me/bookings"), "cancelled")
	})
}

// A community adds an accessibility feature of its own, and resources can
// name it and be found by it.
func TestCommunityAccessibilityFeatures(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		b.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		code, page := b.post("/c/cwm/settings", map[string]string{"name": "Cwm", "languages": "en", "time_zone": "Europe/London",
			"accessibility_features": "Large-print signs\n\nstep_free\nLarge-print signs"})
		if code != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", code, page)
		}
		must(t, b.get("/c/cwm/resources/new"), `value="Large-print signs"`)
		code, _ = b.post("/c/cwm/resources/new", map[string]string{"title": "Reading room", "kind": "space", "terms": "free", "approval": "open",
			"accessibility": "Large-print signs"})
		if code != http.StatusSeeOther {
			t.Fatalf("resource: %d", code)
		}
		must(t, b.get("/c/cwm/resources?accessibility=Large-print+signs"), "Reading room")
	})
}

// Vouching through the pages: the member page shows the standing and the
// buttons; a second click changes nothing; the trust page lists it.
func TestVouchingThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		founder := newBrowser(t, s, "en")
		founder.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		founder.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		other := newBrowser(t, s, "en")
		other.post("/signup", map[string]string{"name": "Huw", "email": "huw@example.org", "password": "a long passphrase"})
		other.post("/c/cwm/join", nil)
		huw := regexp.MustCompile(`/c/cwm/members/[0-9a-f-]{36}`).FindAllString(founder.get("/c/cwm/members"), -1)
		var huwURL string
		for _, u := range huw {
			if strings.Contains(founder.get(u), "<h1>Huw ") {
				huwURL = u
			}
		}
		page := founder.get(huwURL)
		must(t, page, "needs 1 more", `name="role" value="editor"`)
		for range 2 {
			if code, _ := founder.post(huwURL+"/trust", map[string]string{"role": "member"}); code != http.StatusSeeOther {
				t.Fatalf("vouch: %d", code)
			}
		}
		page = founder.get(huwURL)
		must(t, page, "Take back", "Carys — member")
		must(t, founder.get("/c/cwm/trust"), "Huw", "Carys")
		// Huw may not vouch for himself, and sees no buttons on his own page.
		if strings.Contains(other.get(huwURL), `action="`+huwURL+`/trust"`) {
			t.Fatal("vouch buttons on one's own page")
		}
		if code, _ := founder.post(huwURL+"/trust/remove", map[string]string{"role": "member"}); code != http.StatusSeeOther {
			t.Fatalf("take back: %d", code)
		}
		must(t, founder.get(huwURL), "needs 1 more")
		// Leaving.
		if code, page := other.post("/c/cwm/leave", nil); code != http.StatusSeeOther || !strings.Contains(page, "You have left") {
			t.Fatalf("leave: %d", code)
		}
	})
}

// slot writes a time some days ahead at a London clock time.
func slot(days int, clock string) string {
	loc, _ := time.LoadLocation("Europe/London")
	d := time.Now().In(loc).AddDate(0, 0, days)
	t, _ := time.ParseInLocation("2006-01-02 15:04", d.Format("2006-01-02")+" "+clock, loc)
	return t.Format(time.RFC3339)
}

// The record shows what a settings change changed, and exports as CSV
// with formula-looking cells defused.
func TestRecordShowsChangesAndExports(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "=HYPERLINK(\"x\")", "email": "carys@example.org", "password": "a long passphrase"})
		b.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		if code, _ := b.post("/c/cwm/settings", map[string]string{"name": "Cwm Tawel", "languages": "en, cy", "time_zone": "Europe/London", "trust_quota": "10"}); code != http.StatusSeeOther {
			t.Fatalf("settings: %d", code)
		}
		must(t, b.get("/c/cwm/record"), "<del>Cwm</del> <span class=\"arrow\">→</span> <ins>Cwm Tawel</ins>", "Languages: <del>English</del> <span class=\"arrow\">→</span> <ins>English, Welsh</ins>")
		rec := b.do("GET", "/c/cwm/record.csv", nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		body := rec.Body.String()
		must(t, body, "at,actor,action,subject,before,after", "community.updated", `'=HYPERLINK`)
		visitor := newBrowser(t, s, "en")
		if rec := visitor.do("GET", "/c/cwm/record.csv", nil); rec.Code == 200 {
			t.Fatal("a visitor downloaded the record")
		}
	})
}

// A steward's report hides a resource at once; the review page takes the
// author's answer and members' scores.
func TestModerationThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		founder := newBrowser(t, s, "en")
		founder.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		founder.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		author := newBrowser(t, s, "en")
		author.post("/signup", map[string]string{"name": "Huw", "email": "huw@example.org", "password": "a long passphrase"})
		author.post("/c/cwm/join", nil)
		_, page := author.post("/c/cwm/resources/new", map[string]string{"title": "Cheap pills", "kind": "other", "terms": "free", "approval": "open"})
		resURL := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}`).FindString(page)
		if strings.Contains(page, `name="reason"`) {
			t.Fatal("the author is offered to report their own resource")
		}
		page = founder.get(resURL)
		must(t, page, "Report this", `name="subject_type" value="resource"`)
		id := resURL[strings.LastIndex(resURL, "/")+1:]
		code, page := founder.post("/c/cwm/flags", map[string]string{"subject_type": "resource", "subject_id": id, "reason": "Breaks agreement 2", "back": resURL})
		if code != http.StatusSeeOther {
			t.Fatalf("flag: %d", code)
		}
		must(t, page, "it is hidden now", "Cheap pills")
		if rec := newBrowser(t, s, "en").do("GET", resURL, nil); rec.Code != 404 {
			t.Fatalf("a visitor sees hidden content: %d", rec.Code)
		}
		must(t, founder.get(resURL), "This is hidden while members review")
		reviewURL := regexp.MustCompile(`/reviews/[0-9a-f-]{36}`).FindString(founder.get("/c/cwm/reviews"))
		must(t, founder.get(reviewURL), "Breaks agreement 2", "Score the options")
		if code, _ := author.post(reviewURL+"/answer", map[string]string{"answer": "They are vitamins."}); code != http.StatusSeeOther {
			t.Fatalf("answer: %d", code)
		}
		if code, _ := founder.post(reviewURL+"/scores", map[string]string{"restore": "-2", "keep_hidden": "1", "remove": "2"}); code != http.StatusSeeOther {
			t.Fatalf("score: %d", code)
		}
		page = founder.get(reviewURL)
		must(t, page, "They are vitamins.", "remove it: 2")
		if code, _ := founder.post(reviewURL+"/scores", map[string]string{"restore": "7", "keep_hidden": "1", "remove": "2"}); code != 422 {
			t.Fatalf("score out of range: %d", code)
		}
	})
}
