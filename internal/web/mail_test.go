package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/mail/mailtest"
	ts "github.com/commons-project/commons/internal/testserver"
)

var unsubscribeLink = regexp.MustCompile(`href="(/unsubscribe/[^"]+)"`)

// The profile page offers each mail, a digest or none; a bad choice is
// refused with a message beside the choices.
func TestMailChoiceOnProfile(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "ru")
		b.post("/signup", map[string]string{"name": "Olena", "email": "olena@example.org", "password": "a long passphrase"})
		page := b.get("/me")
		must(t, page, `<h2 id="mail">Электронная почта</h2>`, `value="each" checked`, "Еженедельная сводка")
		code, page := b.post("/me/mail", map[string]string{"delivery": "hourly"})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("a bad choice: %d", code)
		}
		must(t, page, `id="f-delivery-error"`, "Выберите один из способов получать письма.")
		code, page = b.post("/me/mail", map[string]string{"delivery": "weekly"})
		if code != http.StatusSeeOther {
			t.Fatalf("saving the choice: %d\n%s", code, page)
		}
		must(t, page, `value="weekly" checked`)
	})
}

// A mail's unsubscribe link works without signing in: its page asks
// first, and a mail program's one-click POST stops the mail at once.
func TestUnsubscribeByMail(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		sender, err := mail.NewSMTP(smtpd.URL())
		if err != nil {
			t.Fatal(err)
		}
		s.App.Mail, s.App.PublicURL = sender, "https://commons.example"
		id, _ := s.SignUp("anna@example.org", "Anna")
		note := commons.Notification{UserID: id, Kind: commons.NotifyBookingDeclined,
			Args: map[string]string{"Resource": "3D printer", "Start": "2 May", "Reason": ""}, Link: "/me/bookings"}
		if err := s.App.Store.Notify(ctx, []commons.Notification{note}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.App.DeliverMail(ctx); err != nil || n != 1 {
			t.Fatalf("sent %d (%v)", n, err)
		}
		m := smtpd.Wait(1)[0]
		link, err := url.Parse(strings.Trim(m.Header.Get("List-Unsubscribe"), "<>"))
		if err != nil || link.Host != "commons.example" || link.Scheme != "https" {
			t.Fatalf("List-Unsubscribe %q", m.Header.Get("List-Unsubscribe"))
		}

		// Someone not signed in opens the link: a question, not an act.
		visitor := newBrowser(t, s, "en")
		must(t, visitor.get(link.Path), "Stop all e-mail from Commons", `action="`+link.Path+`"`)
		if st, _ := s.App.Store.MailSettings(ctx, id); st.Delivery != commons.MailEach {
			t.Fatalf("opening the link changed the choice to %q", st.Delivery)
		}
		// The mail program's one-click POST (RFC 8058): no cookie, no Origin.
		rec := s.Do(ts.Request{Method: "POST", Path: link.Path, Form: map[string]string{"List-Unsubscribe": "One-Click"}})
		ts.Status(t, rec, http.StatusOK)
		must(t, rec.Body.String(), "Commons sends this account no more e-mail")
		if st, _ := s.App.Store.MailSettings(ctx, id); st.Delivery != commons.MailNone {
			t.Fatalf("after one click, the choice is %q", st.Delivery)
		}
		must(t, visitor.get(link.Path), "Commons sends this account no more e-mail")
		if err := s.App.Store.Notify(ctx, []commons.Notification{note}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.App.DeliverMail(ctx); err != nil || n != 0 {
			t.Fatalf("after unsubscribing, sent %d (%v)", n, err)
		}

		// The page's own button, then a made-up link.
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Bran", "email": "bran@example.org", "password": "a long passphrase"})
		found := unsubscribeLink.FindStringSubmatch(b.get("/me"))
		if found == nil {
			t.Fatal("the profile has no unsubscribe link")
		}
		code, page := newBrowser(t, s, "en").post(found[1], nil)
		if code != http.StatusSeeOther {
			t.Fatalf("the page's button: %d", code)
		}
		must(t, page, "Commons sends this account no more e-mail")
		if rec := s.Do(ts.Request{Method: "GET", Path: "/unsubscribe/made-up"}); rec.Code != http.StatusNotFound {
			t.Fatalf("a made-up link: %d", rec.Code)
		}
		if rec := s.Do(ts.Request{Method: "POST", Path: "/unsubscribe/made-up", Form: map[string]string{"List-Unsubscribe": "One-Click"}}); rec.Code != http.StatusNotFound {
			t.Fatalf("a made-up one-click: %d", rec.Code)
		}
	})
}
