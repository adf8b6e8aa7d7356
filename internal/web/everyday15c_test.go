package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	ts "github.com/commons-project/commons/internal/testserver"
)

// attrOf is an element's attribute, "" when it has none.
func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// element reports whether n is an element named name with class class
// (any class when class is "").
func element(n *html.Node, name, class string) bool {
	return n.Type == html.ElementNode && n.Data == name && (class == "" || slices.Contains(strings.Fields(attrOf(n, "class")), class))
}

// submits reports whether n is a button that submits its form.
func submits(n *html.Node) bool {
	switch {
	case element(n, "button", ""):
		t := attrOf(n, "type")
		return t == "" || t == "submit"
	case element(n, "input", ""):
		return attrOf(n, "type") == "submit"
	}
	return false
}

// formsTo are a page's forms posting to action.
func formsTo(t *testing.T, page, action string) []*html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []*html.Node
	for n := range doc.Descendants() {
		if element(n, "form", "") && attrOf(n, "action") == action {
			out = append(out, n)
		}
	}
	return out
}

// asksOnce checks that the page's form to action asks once before it acts,
// without JavaScript: every button that submits it is inside one <details
// class="confirm">, whose summary (a toggle, not a button) opens it to
// say what will happen. It returns the fields the form sends with that
// button, as a browser would.
func asksOnce(t *testing.T, page, action, warning string) map[string]string {
	t.Helper()
	var confirming []*html.Node
	for _, f := range formsTo(t, page, action) {
		for n := range f.Descendants() {
			if element(n, "details", "confirm") {
				confirming = append(confirming, f)
				break
			}
		}
	}
	if len(confirming) != 1 {
		t.Fatalf("%d forms to %s with a confirmation step, want 1:\n%s", len(confirming), action, page)
	}
	f := confirming[0]
	values := map[string]string{}
	var steps, buttons int
	for n := range f.Descendants() {
		switch {
		case element(n, "details", "confirm"):
			steps++
			var said bool
			for d := range n.Descendants() {
				said = said || d.Type == html.TextNode && strings.Contains(d.Data, warning)
			}
			if !said {
				t.Errorf("the confirmation step of %s does not say %q", action, warning)
			}
		case submits(n):
			buttons++
			var inStep, inToggle bool
			for p := n.Parent; p != f; p = p.Parent {
				inStep = inStep || element(p, "details", "confirm")
				inToggle = inToggle || element(p, "summary", "")
			}
			if !inStep || inToggle {
				t.Errorf("a button submits %s without the confirmation step", action)
			}
			if name := attrOf(n, "name"); name != "" {
				values[name] = attrOf(n, "value")
			}
		case element(n, "input", "") && attrOf(n, "type") != "checkbox" && attrOf(n, "type") != "radio" && attrOf(n, "name") != "":
			values[attrOf(n, "name")] = attrOf(n, "value")
		}
	}
	if steps != 1 || buttons != 1 {
		t.Fatalf("%s: %d confirmation steps and %d buttons, want one of each", action, steps, buttons)
	}
	return values
}

// postValues submits a form whose fields repeat (boxes ticked under one
// name), and follows the redirect.
func (b *browser) postValues(path string, vals url.Values) (int, string) {
	b.t.Helper()
	rec := b.send(ts.Request{Method: "POST", Path: path, Body: vals.Encode(),
		Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
	if rec.Code == http.StatusSeeOther {
		return rec.Code, b.get(rec.Header().Get("Location"))
	}
	return rec.Code, rec.Body.String()
}

// noCodeFields fails when a page asks for codes to be typed.
func noCodeFields(t *testing.T, page, path string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if p := codeField(n); p != "" {
			t.Errorf("%s: %s", path, p)
		}
	}
}

// The words test would catch a field that asks for language codes (or a
// time zone's name) to be typed, and passes boxes and lists.
func TestCodeFieldsAreFound(t *testing.T) {
	for page, bad := range map[string]bool{
		`<input id="f-languages" name="languages" type="text">`:                 true,
		`<input name="language" type="text" value="cy">`:                        true,
		`<input name="time_zone">`:                                              true,
		`<input type="checkbox" name="languages" value="cy">`:                   false,
		`<select name="language"><option value="cy">Welsh</option></select>`:    false,
		`<input type="hidden" name="languages" value="cy"><input name="title">`: false,
	} {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for n := range doc.Descendants() {
			if p := codeField(n); p != "" {
				found = append(found, p)
			}
		}
		if (len(found) > 0) != bad {
			t.Errorf("%s: found %v", page, found)
		}
	}
}

// The activity, offer and skills forms offer languages as boxes named in
// the reader's language, the community's own first, and keep what was
// ticked; the comma-separated codes older forms sent are still read.
func TestLanguagesAreTickedNotTyped(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "ru")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		b.postValues("/communities/new", url.Values{"name": {"Cwm"}, "slug": {"cwm"}, "languages": {"cy", "en"}, "time_zone": {"Europe/London"}})
		for _, path := range []string{"/c/cwm/activities/new", "/c/cwm/offers/new", "/c/cwm/skills"} {
			page := b.get(path)
			noCodeFields(t, page, path)
			must(t, page, `<input type="checkbox" id="f-lang-uk" name="languages" value="uk"><label for="f-lang-uk">украинский</label>`)
			boxes := regexp.MustCompile(`id="f-lang-([a-z]+)"`).FindAllStringSubmatch(page, 2)
			if len(boxes) < 2 || boxes[0][1] != "cy" || boxes[1][1] != "en" {
				t.Errorf("%s: the community's languages are not first: %v", path, boxes)
			}
		}
		ticked := func(page, code string) bool {
			return strings.Contains(page, `id="f-lang-`+code+`" name="languages" value="`+code+`" checked>`)
		}

		code, page := b.postValues("/c/cwm/activities/new", url.Values{"title": {"Welsh for beginners"}, "kind": {"course"}, "day": {dayOf(5)},
			"from": {"18:00"}, "to": {"19:30"}, "repeat": {"none"}, "level": {"all"}, "currency": {"GBP"}, "languages": {"cy", "uk"}})
		if code != http.StatusSeeOther {
			t.Fatalf("create an activity: %d\n%s", code, page)
		}
		activity := regexp.MustCompile(`/c/cwm/activities/[0-9a-f-]{36}`).FindString(page)
		page = b.get(activity + "/edit")
		noCodeFields(t, page, "activity edit")
		if !ticked(page, "cy") || !ticked(page, "uk") || ticked(page, "en") {
			t.Errorf("the activity's languages are not ticked on its edit form:\n%s", page)
		}
		if code, _ := b.postValues(activity+"/edit", url.Values{"title": {"Welsh for beginners"}, "currency": {"GBP"}, "scope": {"one"},
			"languages": {"en"}}); code != http.StatusSeeOther {
			t.Fatalf("edit the activity: %d", code)
		}
		if page = b.get(activity + "/edit"); !ticked(page, "en") || ticked(page, "cy") {
			t.Error("the edit's languages are not kept")
		}

		code, page = b.postValues("/c/cwm/offers/new", url.Values{"direction": {"offer"}, "kind": {"time"}, "title": {"An hour of Welsh"},
			"quantity": {"1"}, "visibility": {"community"}, "languages": {"cy", "en"}})
		if code != http.StatusSeeOther {
			t.Fatalf("offer: %d\n%s", code, page)
		}
		offer := regexp.MustCompile(`/c/cwm/offers/[0-9a-f-]{36}`).FindString(page)
		if page = b.get(offer + "/edit"); !ticked(page, "cy") || !ticked(page, "en") || ticked(page, "uk") {
			t.Errorf("the offer's languages are not ticked on its edit form")
		}

		if code, _ := b.postValues("/c/cwm/skills", url.Values{"teaches": {"Welsh"}, "languages": {"cy", "uk"}}); code != http.StatusSeeOther {
			t.Fatalf("skills: %d", code)
		}
		if page = b.get("/c/cwm/skills"); !ticked(page, "cy") || !ticked(page, "uk") {
			t.Error("the skills' languages are not ticked")
		}
		// Codes separated by commas, as an older form sent them.
		if code, _ := b.post("/c/cwm/skills", map[string]string{"teaches": "Welsh", "languages": "en, uk"}); code != http.StatusSeeOther {
			t.Fatalf("skills as codes: %d", code)
		}
		if page = b.get("/c/cwm/skills"); !ticked(page, "en") || !ticked(page, "uk") || ticked(page, "cy") {
			t.Error("codes separated by commas are not read")
		}
	})
}

// A request's decision is two forms: Enter in the reason field submits
// the form it is in, whose first (default) button declines; confirming is
// a form of its own. Declining asks once, without JavaScript, then acts.
func TestDecliningABookingAsksOnceAndEnterNeverConfirms(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		owner := newBrowser(t, s, "en")
		owner.post("/signup", map[string]string{"name": "Gareth", "email": "gareth@example.org", "password": "a long passphrase"})
		owner.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		_, page := owner.post("/c/cwm/resources/new", map[string]string{"title": "Community room", "kind": "space", "terms": "free",
			"approval": "request", "bookable": "on"})
		resURL := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}`).FindString(page)
		member := newBrowser(t, s, "en")
		member.post("/signup", map[string]string{"name": "Irina", "email": "irina@example.org", "password": "a long passphrase"})
		member.post("/c/cwm/join", nil)
		if code, _ := member.post(resURL, map[string]string{"day": dayOf(10), "from": "10:00", "to": "11:00", "purpose": "Choir"}); code != http.StatusCreated {
			t.Fatalf("book: %d", code)
		}

		page = owner.get(resURL)
		action := regexp.MustCompile(`/c/cwm/resources/[0-9a-f-]{36}/bookings/[0-9a-f-]{36}/decision`).FindString(page)
		var withReason int
		for _, f := range formsTo(t, page, action) {
			var reason bool
			var values []string
			for n := range f.Descendants() {
				reason = reason || element(n, "input", "") && attrOf(n, "name") == "reason"
				if submits(n) {
					values = append(values, attrOf(n, "value"))
				}
			}
			if !reason {
				continue
			}
			withReason++
			if len(values) == 0 || values[0] != "decline" || slices.Contains(values, "confirm") {
				t.Errorf("Enter in the reason field would send %v, want decline and never confirm", values)
			}
		}
		if withReason != 1 {
			t.Fatalf("%d forms hold the reason", withReason)
		}

		fields := asksOnce(t, page, action, "The person who asked is told, with your reason.")
		if fields["decision"] != "decline" {
			t.Fatalf("the confirmed step sends %v", fields)
		}
		fields["reason"] = "The room is being painted."
		code, page := owner.post(action, fields)
		if code != http.StatusSeeOther {
			t.Fatalf("decline: %d", code)
		}
		must(t, page, "The booking is declined.")
		must(t, member.get("/me/bookings"), "Community room", "declined")
	})
}

// Deleting a post, vouching someone as a steward and cancelling an
// activity's date each ask once, without JavaScript, and act when the
// step's button is pressed.
func TestConfirmationStepsAskOnceThenAct(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		founder := newBrowser(t, s, "en")
		founder.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		founder.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})

		// A reply in a thread.
		_, page := founder.post("/c/cwm/threads/new", map[string]string{"title": "Hall news", "body": "The roof is mended."})
		thread := regexp.MustCompile(`/c/cwm/threads/[0-9a-f-]{36}`).FindString(page)
		_, page = founder.post(thread, map[string]string{"body": "The paint is dry."})
		deletes := regexp.MustCompile(`/c/cwm/threads/[0-9a-f-]{36}/posts/[0-9a-f-]{36}/delete`).FindAllString(page, -1)
		if len(deletes) == 0 {
			t.Fatalf("no delete form:\n%s", page)
		}
		action := deletes[len(deletes)-1]
		fields := asksOnce(t, page, action, "The post is replaced by a note that it was deleted.")
		if code, _ := founder.post(action, fields); code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		if page = founder.get(thread); strings.Contains(page, "The paint is dry.") || !strings.Contains(page, "This post was deleted.") ||
			!strings.Contains(page, "The roof is mended.") {
			t.Error("the reply is not deleted, or more is")
		}

		// A vouch for the steward's role.
		huw := newBrowser(t, s, "en")
		huw.post("/signup", map[string]string{"name": "Huw", "email": "huw@example.org", "password": "a long passphrase"})
		huw.post("/c/cwm/join", nil)
		var huwURL string
		for _, u := range regexp.MustCompile(`/c/cwm/members/[0-9a-f-]{36}`).FindAllString(founder.get("/c/cwm/members"), -1) {
			if strings.Contains(founder.get(u), "<h1>Huw ") {
				huwURL = u
			}
		}
		page = founder.get(huwURL)
		var stewardForm map[string]string
		for _, f := range formsTo(t, page, huwURL+"/trust") {
			for n := range f.Descendants() {
				if element(n, "input", "") && attrOf(n, "name") == "role" && attrOf(n, "value") == "steward" {
					var b strings.Builder
					if err := html.Render(&b, f); err != nil {
						t.Fatal(err)
					}
					stewardForm = asksOnce(t, b.String(), huwURL+"/trust", "Vouch only for someone you trust with that.")
				}
			}
		}
		if stewardForm["role"] != "steward" {
			t.Fatalf("no steward vouch that asks first: %v", stewardForm)
		}
		if code, _ := founder.post(huwURL+"/trust", stewardForm); code != http.StatusSeeOther {
			t.Fatalf("vouch: %d", code)
		}
		if !regexp.MustCompile(`action="` + huwURL + `/trust/remove">(<input type="hidden" name="form_token" value="\w+">)?<input type="hidden" name="role" value="steward">`).
			MatchString(founder.get(huwURL)) {
			t.Error("the steward's vouch is not given")
		}

		// An activity's date.
		code, page := founder.post("/c/cwm/activities/new", map[string]string{"title": "Choir", "kind": "event", "day": dayOf(5),
			"from": "18:00", "to": "19:00", "repeat": "none", "level": "all", "currency": "GBP"})
		if code != http.StatusSeeOther {
			t.Fatalf("activity: %d", code)
		}
		activity := regexp.MustCompile(`/c/cwm/activities/[0-9a-f-]{36}`).FindString(page)
		fields = asksOnce(t, page, activity+"/cancel", "Everyone registered is told it is cancelled.")
		if code, _ := founder.post(activity+"/cancel", fields); code != http.StatusSeeOther {
			t.Fatalf("cancel: %d", code)
		}
		must(t, founder.get(activity), "This occurrence has been cancelled.")
	})
}
