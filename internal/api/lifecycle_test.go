package api_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/mail/mailtest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The account lifecycle through the API: reset requests answer alike and
// are limited; the token from the mail sets a password once and ends
// every token; PATCH /me needs the current password; sessions are listed
// and ended.
func TestAccountLifecycleAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		smtpd := mailtest.New(t)
		sender, err := mail.NewSMTP(smtpd.URL())
		if err != nil {
			t.Fatal(err)
		}
		s.App.Mail, s.App.PublicURL = sender, "https://commons.example"
		_, token := s.SignUp("anna@example.org", "Anna")
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token})
		if me := ts.JSON[map[string]any](t, rec); me["email_confirmed"] != true {
			t.Fatalf("me: %v", me)
		}

		for _, email := range []string{"nobody@example.org", "anna@example.org"} {
			rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets", Body: obj{"email": email}})
			if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
				t.Fatalf("%s: %d %s", email, rec.Code, rec.Body.String())
			}
		}
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets", Body: obj{"email": "nope"}}), http.StatusUnprocessableEntity)
		if _, err := s.App.DeliverMail(context.Background()); err != nil {
			t.Fatal(err)
		}
		ms := smtpd.Mails()
		if len(ms) != 1 || ms[0].To[0] != "anna@example.org" {
			t.Fatalf("mails: %+v", ms)
		}
		secret := regexp.MustCompile(`/password-reset/([A-Za-z0-9_-]{43})`).FindStringSubmatch(ms[0].Text)[1]

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets/" + secret, Body: obj{"password": "1234567890"}})
		ts.Status(t, rec, http.StatusUnprocessableEntity)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets/" + secret, Body: obj{"password": "a fresh long passphrase"}}), http.StatusNoContent)
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets/" + secret, Body: obj{"password": "another long passphrase"}})
		ts.Status(t, rec, http.StatusNotFound)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token}), http.StatusUnauthorized)

		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: obj{"email": "anna@example.org", "password": "a fresh long passphrase"}})
		ts.Status(t, rec, http.StatusCreated)
		token = ts.JSON[map[string]any](t, rec)["token"].(string)

		// Requests for one address beyond the limit: 429 with Retry-After.
		for range 10 {
			rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/password-resets", Body: obj{"email": "anna@example.org"}})
		}
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("eleventh request: %d %v", rec.Code, rec.Header())
		}

		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/me", Token: token, Body: obj{"password": "yet another passphrase", "current_password": "wrong password"}})
		ts.Status(t, rec, http.StatusUnprocessableEntity)
		rec = s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/me", Token: token, Body: obj{"password": "yet another passphrase", "current_password": "a fresh long passphrase"}})
		ts.Status(t, rec, http.StatusOK)

		b := s.Do(ts.Request{Method: "POST", Path: "/signin", Form: map[string]string{"email": "anna@example.org", "password": "yet another passphrase"},
			Header: map[string]string{"Sec-Fetch-Site": "same-origin", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"}})
		ts.Status(t, b, http.StatusSeeOther)
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/me/sessions", Token: token})
		ts.Status(t, rec, http.StatusOK)
		items := ts.JSON[map[string]any](t, rec)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["browser"] != "Firefox" {
			t.Fatalf("sessions: %v", items)
		}
		id := items[0].(map[string]any)["id"].(string)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/me/sessions/" + id, Token: token}), http.StatusNoContent)
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/me/sessions/" + id, Token: token}), http.StatusNotFound)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/me/confirmation", Token: token}), http.StatusAccepted)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/me/sign-out-everywhere", Token: token, Body: obj{"tokens": true}}), http.StatusNoContent)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me", Token: token}), http.StatusUnauthorized)
	})
}

// Invitations through the API: editors make them, the link lets in as
// many as it says even when they come at once, and no more.
func TestInvitationsAPI(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, founder := s.SignUp("founder@example.org", "Founder")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: founder, Body: obj{"slug": "inv", "name": "Inv",
			"requires_application": true}}), http.StatusCreated)
		_, outsider := s.SignUp("outsider@example.org", "Outsider")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/inv/invitations", Token: outsider, Body: obj{"max_uses": 3}}), http.StatusForbidden)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/inv/invitations", Token: founder, Body: obj{"days": 91}}), http.StatusUnprocessableEntity)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/inv/invitations", Token: founder, Body: obj{"max_uses": 3}})
		ts.Status(t, rec, http.StatusCreated)
		inv := ts.JSON[map[string]any](t, rec)
		secret := inv["token"].(string)
		if inv["link"] != "http://localhost:8080/invitations/"+secret {
			t.Fatalf("link: %v", inv["link"])
		}
		const n = 8
		codes := make(chan int, n)
		var tokens []string
		for i := range n {
			_, tok := s.SignUp("person"+string(rune('a'+i))+"@example.org", "Person")
			tokens = append(tokens, tok)
		}
		for _, tok := range tokens {
			go func() {
				codes <- s.Do(ts.Request{Method: "POST", Path: "/api/v1/invitations/" + secret, Token: tok}).Code
			}()
		}
		accepted := 0
		for range n {
			switch c := <-codes; c {
			case http.StatusOK:
				accepted++
			case http.StatusNotFound:
			default:
				t.Fatalf("accept: %d", c)
			}
		}
		if accepted != 3 {
			t.Fatalf("%d accepted, want 3", accepted)
		}
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/inv/invitations", Token: founder})
		items := ts.JSON[map[string]any](t, rec)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["uses"] != float64(3) || items[0].(map[string]any)["token"] != nil {
			t.Fatalf("list: %v", items)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/inv/invitations/" + inv["id"].(string), Token: founder}), http.StatusNoContent)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/invitations/" + secret, Token: outsider}), http.StatusNotFound)
	})
}
