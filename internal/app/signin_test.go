package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Guessing at an account slows the guesser, not the owner (issue 21: five
// failures from anywhere locked the owner out for good): the guessing
// address is refused, the owner's address still signs in, guesses from
// fresh addresses wait, and the owner is told once, by mail.
func TestSignInThrottlesTheGuesserNotTheOwner(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		a := newApp(t, st, smtpd)
		a.SignInLimit.GuardDelay = 150 * time.Millisecond
		anna := signUp(t, a, "Anna", "en")
		try := func(password, addr string) commons.Code {
			t.Helper()
			_, err := a.SignIn(ctx, "anna@example.org", password, addr)
			return commons.CodeOf(err)
		}
		for i := range a.SignInLimit.PerAccount {
			if code := try("wrong password", "198.51.100.7"); code != commons.CodeUnauthenticated {
				t.Fatalf("failure %d: %q", i+1, code)
			}
		}
		// The guesser's address is refused, even with the right password.
		if code := try("correct horse battery", "198.51.100.7"); code != commons.CodeRateLimited {
			t.Fatalf("the guessing address, right password: %q", code)
		}
		// The owner, elsewhere, gets in — after the guard's short wait.
		start := time.Now()
		if code := try("correct horse battery", "203.0.113.9"); code != "" {
			t.Fatalf("the owner from their own address: %q", code)
		}
		if waited := time.Since(start); waited < a.SignInLimit.GuardDelay {
			t.Fatalf("a guarded account's attempt waited only %v", waited)
		}
		// A fresh address gets one guess while the account is under
		// guard, then is refused.
		if code := try("another guess", "192.0.2.1"); code != commons.CodeUnauthenticated {
			t.Fatalf("a fresh address's guess: %q", code)
		}
		if code := try("a third guess", "192.0.2.1"); code != commons.CodeRateLimited {
			t.Fatalf("its second guess under guard: %q", code)
		}
		// The owner was told once, though the guessing went on.
		ns, _, err := a.Notifications(ctx, &anna, commons.Page{})
		if err != nil {
			t.Fatal(err)
		}
		told := 0
		for _, n := range ns {
			if n.Kind == commons.NotifySignInGuessed {
				told++
			}
		}
		if told != 1 {
			t.Fatalf("told the owner %d times, want once", told)
		}
		if n := deliver(t, a); n != 1 {
			t.Fatalf("sent %d mails, want 1", n)
		}
		if m := smtpd.Wait(1)[0]; m.To[0] != "anna@example.org" || !strings.Contains(m.Text, "failed to sign in to your account 5 times") {
			t.Fatalf("mail to %v:\n%s", m.To, m.Text)
		}
	})
}

// One address failing on many accounts is refused past its limit, and
// the limit holds for attempts made at once.
func TestSignInLimitPerAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newApp(t, st, mailtest.New(t))
		a.SignInLimit.PerAddress = 4
		signUp(t, a, "Bryn", "en")
		for i := range 4 {
			if _, err := a.SignIn(ctx, "nobody"+string(rune('a'+i))+"@example.org", "guess guess", "198.51.100.7"); commons.CodeOf(err) != commons.CodeUnauthenticated {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		_, err := a.SignIn(ctx, "bryn@example.org", "correct horse battery", "198.51.100.7")
		if e := commons.ErrorOf(err); e.Code != commons.CodeRateLimited || e.RetryAfter <= 0 {
			t.Fatalf("past the address's limit: %v", err)
		}
		if _, err := a.SignIn(ctx, "bryn@example.org", "correct horse battery", "203.0.113.9"); err != nil {
			t.Fatalf("another address: %v", err)
		}
	})
}
