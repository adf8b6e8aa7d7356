package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/mail/mailtest"
	ts "github.com/commons-project/commons/internal/testserver"
	"github.com/commons-project/commons/internal/web"
)

// confirming makes the server ask for confirmed addresses, as a site does
// by default, and send its mail to a loopback SMTP server.
func confirming(t *testing.T, s *ts.Server) *mailtest.Server {
	t.Helper()
	smtpd := mailtest.New(t)
	sender, err := mail.NewSMTP(smtpd.URL())
	if err != nil {
		t.Fatal(err)
	}
	s.App.Mail, s.App.PublicURL, s.App.ConfirmEmail = sender, "https://commons.example", true
	return smtpd
}

// lastLink delivers the outbox and returns the path of the newest
// one-time link of the kind mailed to an address.
func lastLink(t *testing.T, s *ts.Server, smtpd *mailtest.Server, to, path string) string {
	t.Helper()
	if _, err := s.App.DeliverMail(context.Background()); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`https://commons\.example(` + regexp.QuoteMeta(path) + `[A-Za-z0-9_-]{43})`)
	ms := smtpd.Mails()
	for i := len(ms) - 1; i >= 0; i-- {
		if m := re.FindStringSubmatch(ms[i].Text); ms[i].To[0] == to && m != nil {
			return m[1]
		}
	}
	t.Fatalf("no %s link mailed to %s", path, to)
	return ""
}

// Through the pages: sign-up answers a new and a taken address alike; an
// unconfirmed person is told why and can resend; the confirmation link
// asks before it acts; "Forgot your password?" mails a link that works
// once and signs every browser out.
func TestAccountLifecycleThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		smtpd := confirming(t, s)
		b := newBrowser(t, s, "en")
		signup := func(email string) *http.Response {
			return b.do("POST", "/signup", map[string]string{"name": "Carys", "email": email, "password": "a long passphrase"}).Result()
		}
		fresh, taken := signup("carys@example.org"), signup("CARYS@example.org")
		if fresh.StatusCode != http.StatusSeeOther || taken.StatusCode != fresh.StatusCode ||
			!strings.EqualFold(fresh.Header.Get("Location"), taken.Header.Get("Location")) || len(b.cookies) != 1 {
			t.Fatalf("sign-ups differ: %d %s / %d %s, cookies %v", fresh.StatusCode, fresh.Header.Get("Location"),
				taken.StatusCode, taken.Header.Get("Location"), b.cookies)
		}
		must(t, b.get("/signin?email=carys%40example.org"), "Check your mail", `href="/password-reset"`, "Forgot your password?")
		must(t, b.get("/signup"), "Privacy notice", "Accept and sign up", "Commons keeps what you give it")
		must(t, b.get("/privacy"), "Privacy notice", "<strong>Your account</strong>")

		code, page := b.post("/signin", map[string]string{"email": "carys@example.org", "password": "a long passphrase"})
		if code != http.StatusSeeOther {
			t.Fatalf("sign in: %d", code)
		}
		must(t, page, "Please confirm your e-mail address", `action="/me/confirmation"`)
		// The date kept at sign-up, as an English reader writes it (UTC off
		// a community's pages).
		must(t, b.get("/me"), "you accepted it on "+s.App.Now().UTC().Format("2 January 2006"))
		_, page = b.post("/me/confirmation", map[string]string{"return": "/"})
		must(t, page, "We have sent the link again")
		confirm := lastLink(t, s, smtpd, "carys@example.org", "/confirm/")
		must(t, b.get(confirm), "Confirm that carys@example.org is your address", `action="`+confirm+`"`)
		must(t, b.get("/me"), "Please confirm") // opening the link changed nothing
		_, page = b.post(confirm, nil)
		must(t, page, "your e-mail address is confirmed")
		if strings.Contains(page, "Please confirm") {
			t.Fatal("still asked to confirm")
		}
		if rec := b.do("GET", confirm, nil); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "has been used") {
			t.Fatalf("used confirmation link: %d", rec.Code)
		}

		// Forgot the password: a visitor asks from another browser.
		other := newBrowser(t, s, "en")
		must(t, other.get("/password-reset"), "Reset your password")
		code, page = other.post("/password-reset", map[string]string{"email": "nobody@example.org"})
		unknownFlash := page[strings.Index(page, `class="flash"`):][:200]
		if code != http.StatusSeeOther {
			t.Fatalf("unknown address: %d", code)
		}
		code, page = other.post("/password-reset", map[string]string{"email": "carys@example.org"})
		if code != http.StatusSeeOther || page[strings.Index(page, `class="flash"`):][:200] != unknownFlash {
			t.Fatalf("known and unknown addresses answer differently: %d", code)
		}
		reset := lastLink(t, s, smtpd, "carys@example.org", "/password-reset/")
		must(t, other.get(reset), "Choose a new password", "carys@example.org")
		if rec := other.do("GET", reset, nil); rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Error("the reset page may be cached or sent as a referrer")
		}
		code, page = other.post(reset, map[string]string{"password": "password123"})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("weak password: %d", code)
		}
		must(t, page, "too easy to guess")
		code, page = other.post(reset, map[string]string{"password": "a brand new passphrase"})
		if code != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", code, page)
		}
		must(t, page, "every session was signed out")
		if rec := other.do("GET", reset, nil); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Forgot your password?") {
			t.Fatalf("used reset link: %d", rec.Code)
		}
		if rec := other.do("POST", reset, map[string]string{"password": "a third passphrase here"}); rec.Code != http.StatusNotFound {
			t.Fatalf("used reset link posted: %d", rec.Code)
		}
		// The first browser was signed out.
		if rec := b.do("GET", "/me", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("the old session survived the reset: %d", rec.Code)
		}
		if code, _ := other.post("/signin", map[string]string{"email": "carys@example.org", "password": "a brand new passphrase"}); code != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", code)
		}
		for _, p := range []string{"/password-reset/nonsense", "/confirm/nonsense", "/confirm-email/nonsense"} {
			if rec := other.do("GET", p, nil); rec.Code != http.StatusNotFound {
				t.Errorf("%s → %d", p, rec.Code)
			}
		}
		if rec := other.do("GET", "/password-reset/%00", nil); rec.Code/100 != 4 {
			t.Errorf("a NUL in the token → %d", rec.Code)
		}
	})
}

// /me/password, /me/email and /me/sessions: for the person themselves.
func TestAccountPagesOnMe(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		smtpd := confirming(t, s)
		visitor := newBrowser(t, s, "en")
		for _, p := range []string{"/me/password", "/me/email", "/me/sessions"} {
			if rec := visitor.do("GET", p, nil); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/signin?next=") {
				t.Errorf("visitor on %s: %d", p, rec.Code)
			}
		}
		for _, p := range []string{"/me/password", "/me/email", "/me/sessions/delete", "/me/confirmation"} {
			if rec := visitor.do("POST", p, map[string]string{}); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusSeeOther {
				t.Errorf("visitor posts %s: %d", p, rec.Code)
			}
		}
		s.SignUp("anna@example.org", "Anna")
		b, phone := newBrowser(t, s, "en"), newBrowser(t, s, "en")
		for _, x := range []*browser{b, phone} {
			if code, _ := x.post("/signin", map[string]string{"email": "anna@example.org", "password": "correct horse battery"}); code != http.StatusSeeOther {
				t.Fatal(code)
			}
		}
		must(t, b.get("/me"), `href="/me/password"`, `href="/me/email"`, `href="/me/sessions"`)
		page := b.get("/me/sessions")
		must(t, page, "This browser", "Sign out every other browser")
		if n := len(regexp.MustCompile(`action="/me/sessions/[^"/]+/delete"`).FindAllString(page, -1)); n != 1 {
			t.Fatalf("%d other sessions listed, want 1", n)
		}

		code, page := b.post("/me/password", map[string]string{"current_password": "wrong password", "password": "a brand new passphrase"})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong current password: %d", code)
		}
		must(t, page, "Give your current password", `id="f-current_password-error"`)
		code, page = b.post("/me/password", map[string]string{"current_password": "correct horse battery", "password": "a brand new passphrase"})
		if code != http.StatusSeeOther {
			t.Fatalf("change password: %d %s", code, page)
		}
		must(t, page, "Your password is changed")
		if rec := phone.do("GET", "/me", nil); rec.Code != http.StatusSeeOther {
			t.Fatal("the other browser is still signed in")
		}

		code, page = b.post("/me/email", map[string]string{"email": "anna.new@example.org", "current_password": "a brand new passphrase"})
		if code != http.StatusSeeOther {
			t.Fatalf("change address: %d %s", code, page)
		}
		must(t, page, "We have sent a link to the new address")
		link := lastLink(t, s, smtpd, "anna.new@example.org", "/confirm-email/")
		must(t, b.get(link), "Confirm that anna.new@example.org is your address")
		_, page = b.post(link, nil)
		must(t, page, "Your new e-mail address is confirmed", "anna.new@example.org")

		if code, _ := phone.post("/signin", map[string]string{"email": "anna.new@example.org", "password": "a brand new passphrase"}); code != http.StatusSeeOther {
			t.Fatal("sign in with the new address")
		}
		_, page = b.post("/me/sessions/delete", map[string]string{})
		must(t, page, "Every other browser is signed out")
		if rec := phone.do("GET", "/me", nil); rec.Code != http.StatusSeeOther {
			t.Fatal("sign out everywhere left the phone signed in")
		}
		must(t, b.get("/me"), "anna.new@example.org")
	})
}

// Invitations through the pages: editors see the page (and the menu
// link), a link is shown once, a visitor is sent to sign up and back,
// and accepting lands in the community.
func TestInvitationsThroughThePages(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		m := newMatrix(t, s, "inv", "Invited")
		founder := newBrowser(t, s, "en")
		if code, _ := founder.post("/signin", map[string]string{"email": "founder@example.org", "password": "correct horse battery"}); code != http.StatusSeeOther {
			t.Fatal(code)
		}
		member := m.join("member", "member")
		if page := member.publicPage("/c/inv"); strings.Contains(page, `href="/c/inv/invitations"`) {
			t.Error("a member sees the invitations link")
		}
		if rec := member.b.do("GET", "/c/inv/invitations", nil); rec.Code != http.StatusForbidden {
			t.Errorf("a member on the invitations page: %d", rec.Code)
		}
		if rec := member.b.do("POST", "/c/inv/invitations", map[string]string{"max_uses": "2", "days": "3"}); rec.Code != http.StatusForbidden {
			t.Errorf("a member makes a link: %d", rec.Code)
		}
		must(t, founder.get("/c/inv"), `href="/c/inv/invitations"`)
		code, page := founder.post("/c/inv/invitations", map[string]string{"max_uses": "-3", "days": "3"})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("no uses: %d", code)
		}
		must(t, page, `id="f-max_uses-error"`)
		code, page = founder.post("/c/inv/invitations", map[string]string{"max_uses": "2", "days": "3"})
		if code != http.StatusCreated {
			t.Fatalf("link: %d", code)
		}
		link := regexp.MustCompile(`/invitations/[A-Za-z0-9_-]{43}`).FindString(page)
		if link == "" {
			t.Fatalf("no link shown:\n%s", page)
		}
		if strings.Contains(founder.get("/c/inv/invitations"), link) {
			t.Fatal("the link is shown again")
		}
		visitor := newBrowser(t, s, "en")
		must(t, visitor.get(link), "You are invited to join Invited", `href="/signup?next=`+strings.ReplaceAll(link, "/", "%2f")+`"`)
		code, page = visitor.post("/signup", map[string]string{"name": "Gwen", "email": "gwen@example.org", "password": "a long passphrase", "next": link})
		if code != http.StatusSeeOther {
			t.Fatalf("sign up: %d", code)
		}
		must(t, page, "Accept and join")
		code, page = visitor.post(link, nil)
		if code != http.StatusSeeOther {
			t.Fatalf("accept: %d", code)
		}
		must(t, page, "You are a member now")
		if rec := visitor.do("GET", "/invitations/nonsense", nil); rec.Code != http.StatusNotFound {
			t.Errorf("unknown invitation: %d", rec.Code)
		}
	})
}

// A session in use renews its cookie with it, once a day at most: a
// person who comes back every week is never signed out.
func TestSessionCookieSlides(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		s.SignUp("anna@example.org", "Anna")
		b := newBrowser(t, s, "en")
		if code, _ := b.post("/signin", map[string]string{"email": "anna@example.org", "password": "correct horse battery"}); code != http.StatusSeeOther {
			t.Fatal(code)
		}
		renewal := func() *http.Cookie {
			for _, c := range b.do("GET", "/me", nil).Result().Cookies() {
				if c.Name == web.SessionCookie {
					return c
				}
			}
			return nil
		}
		if c := renewal(); c != nil {
			t.Fatalf("renewed within the day: %+v", c)
		}
		at := time.Now()
		for week := 1; week <= 8; week++ {
			s.App.SetClock(func() time.Time { return at.Add(time.Duration(week) * 7 * 24 * time.Hour) })
			c := renewal()
			if c == nil || c.MaxAge != int(s.App.SessionTTL.Seconds()) || !c.HttpOnly {
				t.Fatalf("week %d: cookie %+v", week, c)
			}
		}
	})
}
