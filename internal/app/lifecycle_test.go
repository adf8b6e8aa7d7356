package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// confirmingApp is an App that asks new accounts to confirm their address,
// as a site does by default, with its clock in the test's hands.
func confirmingApp(t *testing.T, st *store.Store) (*app.App, *mailtest.Server, func(time.Duration)) {
	t.Helper()
	smtpd := mailtest.New(t)
	a := newApp(t, st, smtpd)
	a.ConfirmEmail = true
	start := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
	at := start
	a.SetClock(func() time.Time { return at })
	return a, smtpd, func(d time.Duration) { at = start.Add(d) }
}

// linkIn finds the one-time link with the path in a mail, and its secret.
func linkIn(t *testing.T, m mailtest.Mail, path string) string {
	t.Helper()
	found := regexp.MustCompile(`https://commons\.example` + regexp.QuoteMeta(path) + `([A-Za-z0-9_-]{43})`).FindStringSubmatch(m.Text)
	if found == nil {
		t.Fatalf("no %s link in the mail to %v:\n%s", path, m.To, m.Text)
	}
	return found[1]
}

// mailsTo delivers the outbox and returns the mails that arrived for an
// address since the count before.
func mailsTo(t *testing.T, a *app.App, smtpd *mailtest.Server, before int, to string) []mailtest.Mail {
	t.Helper()
	deliver(t, a)
	var out []mailtest.Mail
	for _, m := range smtpd.Mails()[before:] {
		if m.To[0] == to {
			out = append(out, m)
		}
	}
	return out
}

// sessionUser is the person behind a session, as the server finds them.
func sessionUser(a *app.App, secret string) (commons.User, error) {
	u, _, err := a.SessionUser(context.Background(), secret)
	return u, err
}

func codeOf(t *testing.T, err error, want commons.Code, key string) {
	t.Helper()
	e := commons.ErrorOf(err)
	if err == nil || e.Code != want || (key != "" && e.Message.Key != key) {
		t.Fatalf("got %v, want %s %s", err, want, key)
	}
}

// The reset flow end to end through a real SMTP server: the link is in
// the mail, in the person's language; it works once; the old password,
// every session and every API token are gone; a mail says so.
func TestPasswordResetThroughMail(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, _ := confirmingApp(t, st)
		olena, err := a.SignUp(ctx, commons.NewUser{Email: "olena@example.org", Name: "Olena", Password: "correct horse battery", Locale: "ru", AcceptPrivacy: true})
		if err != nil {
			t.Fatal(err)
		}
		// The confirmation link came first, in Russian.
		ms := mailsTo(t, a, smtpd, 0, "olena@example.org")
		if len(ms) != 1 || !strings.Contains(ms[0].Subject, "подтвердите") || ms[0].Header.Get("Content-Language") != "ru" {
			t.Fatalf("confirmation mail: %+v", ms)
		}
		if ms[0].Header.Get("List-Unsubscribe") != "" {
			t.Error("account mail carries an unsubscribe link")
		}
		confirm := linkIn(t, ms[0], "/confirm/")
		session, err := a.StartSession(ctx, olena, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := a.CreateToken(ctx, &olena, "script")
		if err != nil {
			t.Fatal(err)
		}

		sent := len(smtpd.Mails())
		if err := a.RequestPasswordReset(ctx, "OLENA@example.org", "192.0.2.1", "en"); err != nil {
			t.Fatal(err)
		}
		ms = mailsTo(t, a, smtpd, sent, "olena@example.org")
		if len(ms) != 1 || !strings.Contains(ms[0].Subject, "новый пароль") {
			t.Fatalf("reset mail: %+v", ms)
		}
		secret := linkIn(t, ms[0], "/password-reset/")
		if u, err := a.ResetLink(ctx, secret); err != nil || u.ID != olena.ID {
			t.Fatalf("reset link: %v %v", u, err)
		}
		// A weak password is refused, and the link still works after.
		_, err = a.ResetPassword(ctx, secret, "password123")
		codeOf(t, err, commons.CodeInvalid, "")
		sent = len(smtpd.Mails())
		if _, err := a.ResetPassword(ctx, secret, "a new long passphrase"); err != nil {
			t.Fatal(err)
		}
		_, err = a.ResetPassword(ctx, secret, "another long passphrase")
		codeOf(t, err, commons.CodeNotFound, "error.reset_link_gone")

		if _, err := sessionUser(a, session); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("the old session still works: %v", err)
		}
		if _, err := a.TokenUser(ctx, token); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("the old API token still works: %v", err)
		}
		if _, err := a.SignIn(ctx, "olena@example.org", "correct horse battery", "192.0.2.9"); err == nil {
			t.Error("the old password still works")
		}
		u, err := a.SignIn(ctx, "olena@example.org", "a new long passphrase", "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		// Following the reset link proved the address too.
		if !u.EmailConfirmed {
			t.Error("a reset through mail did not confirm the address")
		}
		ms = mailsTo(t, a, smtpd, sent, "olena@example.org")
		if len(ms) != 1 || !strings.Contains(ms[0].Subject, "пароль изменён") || !strings.Contains(ms[0].Text, "выполнен выход") {
			t.Fatalf("the mail that tells of the reset: %+v", ms)
		}
		// The confirmation link, meanwhile, still works once.
		if _, err := a.ConfirmAddress(ctx, confirm); err != nil {
			t.Fatal(err)
		}
		_, err = a.ConfirmAddress(ctx, confirm)
		codeOf(t, err, commons.CodeNotFound, "error.confirm_link_gone")
	})
}

// A request for an address without an account answers as one with an
// account, and sends nothing; 100 requests in a minute send no 100 mails.
func TestPasswordResetRequests(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, _ := confirmingApp(t, st)
		signUp(t, a, "Anna", "en")
		deliver(t, a)
		sent := len(smtpd.Mails())
		if err := a.RequestPasswordReset(ctx, "nobody@example.org", "192.0.2.1", "en"); err != nil {
			t.Fatalf("unknown address: %v", err)
		}
		if n := deliver(t, a); n != 0 {
			t.Fatalf("%d mails for an unknown address", n)
		}
		codeOf(t, a.RequestPasswordReset(ctx, "not an address", "192.0.2.1", "en"), commons.CodeInvalid, "")

		limited := 0
		for i := range 100 {
			err := a.RequestPasswordReset(ctx, "anna@example.org", "192.0.2.2", "en")
			if commons.CodeOf(err) == commons.CodeRateLimited {
				limited++
				if commons.ErrorOf(err).RetryAfter <= 0 {
					t.Fatal("no Retry-After")
				}
			} else if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		ms := mailsTo(t, a, smtpd, sent, "anna@example.org")
		if want := a.SignInLimit.PerAccount; len(ms) != want || limited != 100-want {
			t.Fatalf("%d mails and %d refusals, want %d mails", len(ms), limited, want)
		}
		// Each new link replaces the one before: only the last works.
		if _, err := a.ResetLink(ctx, linkIn(t, ms[0], "/password-reset/")); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("an older link still works: %v", err)
		}
		if _, err := a.ResetLink(ctx, linkIn(t, ms[len(ms)-1], "/password-reset/")); err != nil {
			t.Errorf("the newest link: %v", err)
		}
		// Forged and absurd tokens are a 404, never a 5xx.
		for _, forged := range []string{"", "x", strings.Repeat("a", 43), strings.Repeat("é", 200), "a\x00b"} {
			_, err := a.ResetPassword(ctx, forged, "a new long passphrase")
			codeOf(t, err, commons.CodeNotFound, "error.reset_link_gone")
		}
	})
}

// A reset link expires after an hour.
func TestPasswordResetLinkExpires(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, setClock := confirmingApp(t, st)
		signUp(t, a, "Anna", "en")
		deliver(t, a)
		sent := len(smtpd.Mails())
		if err := a.RequestPasswordReset(ctx, "anna@example.org", "192.0.2.1", "en"); err != nil {
			t.Fatal(err)
		}
		secret := linkIn(t, mailsTo(t, a, smtpd, sent, "anna@example.org")[0], "/password-reset/")
		setClock(61 * time.Minute)
		_, err := a.ResetPassword(ctx, secret, "a new long passphrase")
		codeOf(t, err, commons.CodeNotFound, "error.reset_link_gone")
	})
}

// Sign-up does not tell that an address has an account: the answer is
// the same, and the owner is mailed instead.
func TestSignUpWithATakenAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, _ := confirmingApp(t, st)
		anna := signUp(t, a, "Anna", "en")
		deliver(t, a)
		sent := len(smtpd.Mails())
		again, err := a.SignUp(ctx, commons.NewUser{Email: "ANNA@example.org", Name: "Impostor", Password: "another long passphrase"})
		if err != nil || again.ID == "" || again.ID == anna.ID || again.EmailConfirmed {
			t.Fatalf("taken address: %+v %v", again, err)
		}
		ms := mailsTo(t, a, smtpd, sent, "anna@example.org")
		if len(ms) != 1 || !strings.Contains(ms[0].Subject, "tried to sign up") || !strings.Contains(ms[0].Text, "https://commons.example/password-reset") {
			t.Fatalf("the owner's mail: %+v", ms)
		}
		if _, err := a.SignIn(ctx, "anna@example.org", "another long passphrase", "192.0.2.1"); err == nil {
			t.Fatal("the second sign-up changed the account")
		}
	})
}

// Until their address is confirmed a person reads but does not act: the
// scope's May and every rule say so, in one place; confirming opens it.
func TestUnconfirmedPeopleReadButDoNotAct(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, _ := confirmingApp(t, st)
		// The founder's address is confirmed by the operator.
		founder := signUp(t, a, "Carys", "en")
		if err := a.AdminConfirm(ctx, "carys@example.org"); err != nil {
			t.Fatal(err)
		}
		founder, _ = st.UserByID(ctx, founder.ID)
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		newcomer := signUp(t, a, "Dai", "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &newcomer, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		s := scopeIn(t, a, &newcomer, "cwm")
		if !s.May.ReadMembersOnly || !s.May.ConfirmFirst || s.May.Post || s.May.Book || s.May.Pledge || s.May.PublishResource {
			t.Fatalf("unconfirmed May: %+v", s.May)
		}
		_, err := a.CreateThread(ctx, s, app.NewThread{Title: "Hello", Body: "Me"})
		codeOf(t, err, commons.CodeForbidden, "")
		_, _, err = a.SendDirect(ctx, &newcomer, []string{founder.ID}, "Hello")
		codeOf(t, err, commons.CodeForbidden, "error.confirm_first")
		_, err = a.CreateCommunity(ctx, &newcomer, commons.NewCommunity{Slug: "mine", Name: "Mine"})
		codeOf(t, err, commons.CodeForbidden, "error.confirm_first")

		// Resent, confirmed: the same person acts.
		deliver(t, a)
		sent := len(smtpd.Mails())
		if err := a.ResendConfirmation(ctx, &newcomer); err != nil {
			t.Fatal(err)
		}
		secret := linkIn(t, mailsTo(t, a, smtpd, sent, "dai@example.org")[0], "/confirm/")
		if _, err := a.ConfirmAddress(ctx, secret); err != nil {
			t.Fatal(err)
		}
		newcomer, _ = st.UserByID(ctx, newcomer.ID)
		s = scopeIn(t, a, &newcomer, "cwm")
		if s.May.ConfirmFirst || !s.May.Post {
			t.Fatalf("confirmed May: %+v", s.May)
		}
		if _, err := a.CreateThread(ctx, s, app.NewThread{Title: "Hello", Body: "Me"}); err != nil {
			t.Fatal(err)
		}
	})
}

// Changing the password needs the current one, ends the other sessions
// and is told by mail; a new address is confirmed by a link sent to it,
// then replaces the old one, which is told; a taken address gets the same
// answer and no mail.
func TestChangePasswordAndAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, smtpd, _ := confirmingApp(t, st)
		anna := signUp(t, a, "Anna", "en")
		signUp(t, a, "Bryn", "en")
		here, _ := a.StartSession(ctx, anna, "", "192.0.2.1")
		there, _ := a.StartSession(ctx, anna, "", "192.0.2.2")
		deliver(t, a)

		pw := "a different passphrase"
		_, err := a.UpdateProfile(ctx, &anna, commons.ProfileChange{Password: &pw, CurrentPassword: "wrong password", KeepSession: here})
		codeOf(t, err, commons.CodeInvalid, "")
		if f := commons.ErrorOf(err).Fields["current_password"]; f.Key != "error.current_password" {
			t.Fatalf("fields: %+v", commons.ErrorOf(err).Fields)
		}
		weak := "qwertyuiop"
		_, err = a.UpdateProfile(ctx, &anna, commons.ProfileChange{Password: &weak, CurrentPassword: "correct horse battery"})
		if f := commons.ErrorOf(err).Fields["password"]; f.Key != "error.field.password_common" {
			t.Fatalf("weak password: %v", err)
		}
		sent := len(smtpd.Mails())
		if _, err := a.UpdateProfile(ctx, &anna, commons.ProfileChange{Password: &pw, CurrentPassword: "correct horse battery", KeepSession: here}); err != nil {
			t.Fatal(err)
		}
		if _, err := sessionUser(a, here); err != nil {
			t.Errorf("the session that changed it ended: %v", err)
		}
		if _, err := sessionUser(a, there); err == nil {
			t.Error("another session survived the new password")
		}
		if ms := mailsTo(t, a, smtpd, sent, "anna@example.org"); len(ms) != 1 || !strings.Contains(ms[0].Subject, "password was changed") {
			t.Fatalf("password mail: %+v", ms)
		}

		taken := "BRYN@example.org"
		sent = len(smtpd.Mails())
		if _, err := a.UpdateProfile(ctx, &anna, commons.ProfileChange{Email: &taken, CurrentPassword: pw}); err != nil {
			t.Fatalf("taken address: %v", err)
		}
		if n := deliver(t, a); n != 0 {
			t.Fatalf("%d mails for a taken address", n)
		}
		fresh := "anna.new@example.org"
		if _, err := a.UpdateProfile(ctx, &anna, commons.ProfileChange{Email: &fresh, CurrentPassword: pw}); err != nil {
			t.Fatal(err)
		}
		ms := mailsTo(t, a, smtpd, sent, fresh)
		if len(ms) != 1 {
			t.Fatalf("%d mails to the new address", len(ms))
		}
		secret := linkIn(t, ms[0], "/confirm-email/")
		if u, _ := st.UserByID(ctx, anna.ID); u.Email != "anna@example.org" {
			t.Fatalf("the address changed before it was confirmed: %s", u.Email)
		}
		if _, email, err := a.ConfirmLink(ctx, commons.LinkEmail, secret); err != nil || email != fresh {
			t.Fatalf("link: %q %v", email, err)
		}
		sent = len(smtpd.Mails())
		u, err := a.ConfirmEmailChange(ctx, secret)
		if err != nil || u.Email != fresh || !u.EmailConfirmed {
			t.Fatalf("changed: %+v %v", u, err)
		}
		if ms := mailsTo(t, a, smtpd, sent, "anna@example.org"); len(ms) != 1 || !strings.Contains(ms[0].Text, "anna@example.org") {
			t.Fatalf("the old address was not told: %+v", ms)
		}
		if _, err := a.SignIn(ctx, fresh, pw, "192.0.2.3"); err != nil {
			t.Fatalf("sign in with the new address: %v", err)
		}
		_, err = a.ConfirmEmailChange(ctx, secret)
		codeOf(t, err, commons.CodeNotFound, "error.confirm_link_gone")
	})
}

// Sessions are listed with their device, renew while used and end after
// SessionTTL unused; one or all can be signed out.
func TestSessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _, setClock := confirmingApp(t, st)
		anna := signUp(t, a, "Anna", "en")
		phone, _ := a.StartSession(ctx, anna, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "192.0.2.1")
		laptop, _ := a.StartSession(ctx, anna, "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "192.0.2.2")
		old, _ := a.StartSession(ctx, anna, "", "192.0.2.3")
		tok, _, _ := a.CreateToken(ctx, &anna, "script")

		// Used every 20 days, the laptop's session lives on; the others end.
		for day := 20; day <= 60; day += 20 {
			setClock(time.Duration(day) * 24 * time.Hour)
			if _, err := sessionUser(a, laptop); err != nil {
				t.Fatalf("day %d: the session in use ended: %v", day, err)
			}
		}
		for _, unused := range []string{old, phone} {
			if _, err := sessionUser(a, unused); err == nil {
				t.Error("a session unused for 60 days still works")
			}
		}
		ss, err := a.Sessions(ctx, &anna, laptop)
		if err != nil || len(ss) != 1 || !ss[0].Current || ss[0].Browser != "Firefox" || ss[0].OS != "Linux" || ss[0].Address != "192.0.2.2" {
			t.Fatalf("sessions: %+v %v", ss, err)
		}
		setClock(61 * 24 * time.Hour)
		phone, _ = a.StartSession(ctx, anna, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "192.0.2.1")
		ss, _ = a.Sessions(ctx, &anna, laptop)
		if len(ss) != 2 || ss[0].Device != "Mobile" {
			t.Fatalf("sessions: %+v", ss)
		}
		// Someone else cannot end Anna's session.
		bryn := signUp(t, a, "Bryn", "en")
		codeOf(t, a.EndSession(ctx, &bryn, ss[0].ID), commons.CodeNotFound, "")
		if err := a.EndSession(ctx, &anna, ss[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := sessionUser(a, phone); err == nil {
			t.Error("the ended session works")
		}
		phone, _ = a.StartSession(ctx, anna, "", "192.0.2.1")
		if err := a.SignOutEverywhere(ctx, &anna, laptop, false); err != nil {
			t.Fatal(err)
		}
		if _, err := sessionUser(a, phone); err == nil {
			t.Error("sign out everywhere left a session")
		}
		if _, err := a.TokenUser(ctx, tok); err != nil {
			t.Error("sign out everywhere without tokens revoked a token")
		}
		if err := a.SignOutEverywhere(ctx, &anna, "", true); err != nil {
			t.Fatal(err)
		}
		if _, err := sessionUser(a, laptop); err == nil {
			t.Error("the kept session survived signing out everywhere")
		}
		if _, err := a.TokenUser(ctx, tok); err == nil {
			t.Error("the token survived")
		}
	})
}

// The operator's commands: suspension stops signing in and ends sessions;
// who may start communities is theirs to choose.
func TestOperatorCommands(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _, _ := confirmingApp(t, st)
		spam := signUp(t, a, "Spam", "en")
		session, _ := a.StartSession(ctx, spam, "", "192.0.2.1")
		if err := a.AdminSuspend(ctx, "spam@example.org", true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SignIn(ctx, "spam@example.org", "correct horse battery", "192.0.2.1"); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("a suspended person signed in: %v", err)
		}
		if _, err := sessionUser(a, session); err == nil {
			t.Error("a suspended person's session works")
		}
		// A suspended account gets no reset link (and no mail).
		deliver(t, a)
		if err := a.RequestPasswordReset(ctx, "spam@example.org", "192.0.2.1", "en"); err != nil {
			t.Fatal(err)
		}
		if n := deliver(t, a); n != 0 {
			t.Errorf("%d mails to a suspended account", n)
		}
		if err := a.AdminSuspend(ctx, "spam@example.org", false); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SignIn(ctx, "spam@example.org", "correct horse battery", "192.0.2.1"); err != nil {
			t.Errorf("after the suspension: %v", err)
		}
		if err := a.AdminDelete(ctx, "spam@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := a.AdminDelete(ctx, "spam@example.org"); err == nil {
			t.Error("deleted twice")
		}

		carys := signUp(t, a, "Carys", "en")
		if err := a.AdminConfirm(ctx, "carys@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := a.AdminSetStarters(ctx, "admins"); err != nil {
			t.Fatal(err)
		}
		if a.AdminSetStarters(ctx, "nobody") == nil {
			t.Error("an unknown choice was taken")
		}
		carys, _ = st.UserByID(ctx, carys.ID)
		_, err := a.CreateCommunity(ctx, &carys, commons.NewCommunity{Slug: "cwm", Name: "Cwm"})
		codeOf(t, err, commons.CodeForbidden, "error.starters.admins")
		if err := a.AdminSetSiteAdmin(ctx, "carys@example.org", true); err != nil {
			t.Fatal(err)
		}
		carys, _ = st.UserByID(ctx, carys.ID)
		if _, err := a.CreateCommunity(ctx, &carys, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
	})
}
