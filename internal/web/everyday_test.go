package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ts "github.com/commons-project/commons/internal/testserver"
)

// A steward's week with two requests for the same hour: both are marked as
// overlapping; confirming the second after the first is refused in its own
// card, with the decline and a reason offered, not on an error page. A
// member who books a taken hour is told what holds it; after booking a
// later week the page shows that week; past days are not "free".
func TestStewardsSeeClashesAndBookersSeeWhatHoldsTheSlot(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := owner.post("/c/cwm/resources/new", map[string]string{"title": "Community room", "kind": "space", "terms": "free",
			"approval": "request", "bookable": "on", "public_titles": "on"})
		resURL := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}`).FindString(page)

		book := func(b *browser, day, purpose string) (int, string) {
			return b.post(resURL, map[string]string{"day": day, "from": "10:00", "to": "11:00", "purpose": purpose})
		}
		day := time.Now().AddDate(0, 0, 20).Format("2006-01-02")
		irina, huw := newBrowser(t, s, "en"), newBrowser(t, s, "en")
		for _, p := range []struct {
			b           *browser
			name, email string
		}{{irina, "Irina", "irina@example.org"}, {huw, "Huw", "huw@example.org"}} {
			p.b.post("/signup", map[string]string{"name": p.name, "email": p.email, "password": "a long passphrase"})
			p.b.post("/c/cwm/join", nil)
		}
		code, page := book(irina, day, "Choir")
		if code != http.StatusCreated {
			t.Fatalf("book: %d", code)
		}
		// The page jumps to the week booked, three weeks ahead.
		monday, _ := time.Parse(time.DateOnly, day)
		for monday.Weekday() != time.Monday {
			monday = monday.AddDate(0, 0, -1)
		}
		must(t, page, fmt.Sprintf(">Week of %d %s %d<", monday.Day(), monday.Month(), monday.Year()))
		if code, _ = book(huw, day, "Chess club"); code != http.StatusCreated {
			t.Fatalf("second request: %d", code)
		}

		page = owner.get(resURL)
		must(t, page, "Overlaps:", "Chess club", "Choir")
		// Each request has two forms, to confirm and to decline.
		ids := slices.CompactFunc(regexp.MustCompile(`/bookings/([0-9a-f-]{36})/decision`).FindAllStringSubmatch(page, -1),
			func(a, b []string) bool { return a[1] == b[1] })
		if len(ids) != 2 {
			t.Fatalf("requests: %d", len(ids))
		}
		if code, _ := owner.post(resURL+"/bookings/"+ids[0][1]+"/decision", map[string]string{"decision": "confirm"}); code != http.StatusSeeOther {
			t.Fatalf("confirm the first: %d", code)
		}
		// The other now clashes with a confirmed booking: marked, with a
		// reason to decline it offered.
		page = owner.get(resURL)
		must(t, page, `class="card clash"`, "The space is already booked at that time.")
		code, page = owner.post(resURL+"/bookings/"+ids[1][1]+"/decision", map[string]string{"decision": "confirm"})
		if code != http.StatusConflict {
			t.Fatalf("confirming a clash: %d", code)
		}
		must(t, page, `<p class="error" role="alert">`, `id="request-`+ids[1][1]+`"`, "Requests waiting for a decision")
		if code, _ := owner.post(resURL+"/bookings/"+ids[1][1]+"/decision", map[string]string{"decision": "decline",
			"reason": "The space is already booked at that time."}); code != http.StatusSeeOther {
			t.Fatalf("decline: %d", code)
		}

		// Booking the taken hour names what holds it, as far as the reader
		// may see it (the owner lets titles be public).
		code, page = book(huw, day, "Chess again")
		if code != http.StatusConflict {
			t.Fatalf("a taken hour: %d", code)
		}
		must(t, page, "Those times are held by:")
		if !strings.Contains(page, "Choir") {
			t.Error("the holder is not named")
		}
		// Past days of this week are marked, not offered as free.
		if time.Now().Weekday() != time.Monday {
			must(t, owner.get(resURL), `<tr class="past">`, "Past")
		}
	})
}

// Accepting a pledged room at a taken time says so inside the pledge's
// own form and keeps the day typed; at a free time, for a series, the
// room offered is booked as confirmed.
func TestAcceptingAPledgedRoomAtATakenTime(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Mair", "email": "mair@example.org", "password": "a long passphrase"})
		b.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := b.post("/c/cwm/resources/new", map[string]string{"title": "Back room", "kind": "space", "terms": "free",
			"approval": "request", "bookable": "on"})
		resURL := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}`).FindString(page)
		room := resURL[strings.LastIndex(resURL, "/")+1:]
		day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
		if code, _ := b.post(resURL, map[string]string{"day": day, "from": "10:00", "to": "12:00", "purpose": "Book club"}); code != http.StatusCreated {
			t.Fatalf("book: %d", code)
		}
		rec := b.do("POST", "/c/cwm/initiatives/new", map[string]string{"title": "Homework club", "summary": "Help after school", "themes": "culture"})
		path := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("initiative: %d %s", rec.Code, rec.Body.String())
		}
		b.post(path+"/status", map[string]string{"status": "seeking_partners"})
		_, page = b.post(path+"/needs", map[string]string{"kind": "space", "description": "A room on Tuesdays", "quantity": "1"})
		m := regexp.MustCompile(`/needs/([0-9a-f-]{36})/pledges`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no pledge form: %s", page)
		}
		need := m[1]
		_, page = b.post(path+"/needs/"+need+"/pledges", map[string]string{"resource_id": room, "description": "Our back room"})
		pledge := regexp.MustCompile(`/pledges/([0-9a-f-]{36})/decision`).FindStringSubmatch(page)[1]

		code, page := b.post(path+"/pledges/"+pledge+"/decision", map[string]string{"decision": "accept", "day": day, "from": "11:00", "to": "12:00"})
		if code != http.StatusConflict {
			t.Fatalf("a taken time: %d", code)
		}
		form := page[strings.Index(page, `id="decide-`+pledge+`"`):]
		form = form[:strings.Index(form, "</form>")]
		must(t, form, `role="alert"`, `value="`+day+`"`, `value="11:00"`)

		next := time.Now().AddDate(0, 0, 11).Format("2006-01-02")
		if code, _ := b.post(path+"/pledges/"+pledge+"/decision", map[string]string{"decision": "accept", "day": next, "from": "10:00", "to": "12:00",
			"repeat_weeks": "3"}); code != http.StatusSeeOther {
			t.Fatalf("a free time: %d", code)
		}
		if n := strings.Count(b.get("/me/bookings"), "Homework club"); n != 3 {
			t.Errorf("the series booked %d times, want 3", n)
		}
		must(t, b.get(path), "booked: confirmed")
	})
}

// The way back: "Sign in to join" leads, through creating an account, to
// the join form.
func TestTheWayBackAfterSigningUp(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		visitor := newBrowser(t, s, "en")
		founder := newBrowser(t, s, "en")
		founder.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		founder.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		must(t, visitor.get("/c/cwm"), `href="/signin?next=/c/cwm/join"`)
		must(t, visitor.get("/signin?next=/c/cwm/join"), `href="/signup?next=%2fc%2fcwm%2fjoin"`)
		rec := visitor.do("POST", "/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase",
			"next": "/c/cwm/join"})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/c/cwm/join" {
			t.Fatalf("after signing up: %d %s", rec.Code, rec.Header().Get("Location"))
		}
	})
}

// Raising the trust a role needs past what members hold is refused on the
// settings form, beside the field, naming whom it would strip.
func TestSettingsRefuseAThresholdThatStripsRoles(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		founder, irina := newBrowser(t, s, "en"), newBrowser(t, s, "en")
		founder.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		founder.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		settings := map[string]string{"name": "Cwm", "languages": "en", "time_zone": "Europe/London", "trust_quota": "10", "trust_threshold": "1"}
		if code, _ := founder.post("/c/cwm/settings", settings); code != http.StatusSeeOther {
			t.Fatalf("threshold 1: %d", code)
		}
		irina.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		irina.post("/c/cwm/join", nil)
		page := founder.get("/c/cwm/members")
		id := regexp.MustCompile(`/c/cwm/members/([0-9a-f-]{36})">Irina`).FindStringSubmatch(page)[1]
		if code, _ := founder.post("/c/cwm/members/"+id+"/trust", map[string]string{"role": "member"}); code != http.StatusSeeOther {
			t.Fatalf("vouch: %d", code)
		}
		settings["trust_threshold"] = "2"
		code, page := founder.post("/c/cwm/settings", settings)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("threshold 2: %d", code)
		}
		must(t, page, `id="f-trust_threshold-error"`, "This would take roles away from Irina")
	})
}
