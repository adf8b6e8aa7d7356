package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// newApp builds the application over a store, sending mail to smtpd.
func newApp(t *testing.T, st *store.Store, smtpd *mailtest.Server) *app.App {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	catalog, err := i18n.Load(log)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, catalog, log)
	a.Argon2 = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	sender, err := mail.NewSMTP(smtpd.URL())
	if err != nil {
		t.Fatal(err)
	}
	a.Mail = sender
	a.MailFrom = "Commons <commons@commons.example>"
	a.PublicURL = "https://commons.example"
	// People sign up and act at once; lifecycle_test turns it on.
	a.ConfirmEmail = false
	return a
}

func signUp(t *testing.T, a *app.App, name, locale string) commons.User {
	t.Helper()
	u, err := a.SignUp(context.Background(), commons.NewUser{Email: strings.ToLower(name) + "@example.org", Name: name,
		Password: "correct horse battery", Locale: locale})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func notifyBooking(t *testing.T, st *store.Store, users ...commons.User) {
	t.Helper()
	var ns []commons.Notification
	for _, u := range users {
		ns = append(ns, commons.Notification{UserID: u.ID, Kind: commons.NotifyBookingConfirmed,
			Args: map[string]string{"Resource": "Miners' Hall", "Start": "1 May 10:00"}, Link: "/me/bookings"})
	}
	if err := st.Notify(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
}

func deliver(t *testing.T, a *app.App) int {
	t.Helper()
	n, err := a.DeliverMail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A mail for each notification arrives in its recipient's language with
// RFC 8058 headers, and its unsubscribe link stops further mail.
func TestMailEachNotification(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		a := newApp(t, st, smtpd)
		anna, olena := signUp(t, a, "Anna", "en"), signUp(t, a, "Olena", "ru")
		notifyBooking(t, st, anna, olena)
		if n := deliver(t, a); n != 2 {
			t.Fatalf("sent %d mails, want 2", n)
		}
		mails := smtpd.Wait(2)
		byTo := map[string]mailtest.Mail{}
		for _, m := range mails {
			byTo[m.To[0]] = m
			if m.From != "commons@commons.example" || !strings.Contains(m.Header.Get("From"), "commons@commons.example") {
				t.Errorf("from %q / %q", m.From, m.Header.Get("From"))
			}
			if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post = %q", m.Header.Get("List-Unsubscribe-Post"))
			}
			lu := m.Header.Get("List-Unsubscribe")
			if !strings.HasPrefix(lu, "<https://commons.example/unsubscribe/") || !strings.HasSuffix(lu, ">") {
				t.Errorf("List-Unsubscribe = %q", lu)
			}
			if !strings.Contains(m.Text, strings.Trim(lu, "<>")) || !strings.Contains(m.Text, "https://commons.example/me/bookings") {
				t.Errorf("body lacks the links:\n%s", m.Text)
			}
		}
		en, ru := byTo["anna@example.org"], byTo["olena@example.org"]
		if !strings.Contains(en.Header.Get("To"), "anna@example.org") || en.Subject != "Commons: Your booking of Miners' Hall on 1 May 10:00 is confirmed." {
			t.Errorf("English mail: to %q, subject %q", en.Header.Get("To"), en.Subject)
		}
		if en.Header.Get("Content-Language") != "en" || ru.Header.Get("Content-Language") != "ru" {
			t.Errorf("languages %q, %q", en.Header.Get("Content-Language"), ru.Header.Get("Content-Language"))
		}
		if !strings.Contains(ru.Subject, "подтвержд") || !strings.Contains(ru.Text, "Отписаться") {
			t.Errorf("Russian mail is not in Russian: %q\n%s", ru.Subject, ru.Text)
		}
		if waiting, failed, _ := st.MailJobCounts(ctx); waiting != 0 || failed != 0 {
			t.Errorf("outbox holds %d waiting, %d failed", waiting, failed)
		}

		// Olena follows her unsubscribe link; Anna does not.
		u, _ := url.Parse(strings.Trim(ru.Header.Get("List-Unsubscribe"), "<>"))
		token := strings.TrimPrefix(u.Path, "/unsubscribe/")
		if err := a.Unsubscribe(ctx, token); err != nil {
			t.Fatal(err)
		}
		if s, _ := a.MailSettings(ctx, &olena); s.Delivery != commons.MailNone {
			t.Errorf("after unsubscribing, delivery is %q", s.Delivery)
		}
		if err := a.Unsubscribe(ctx, "not-a-token"); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a made-up token: %v", err)
		}
		notifyBooking(t, st, anna, olena)
		if n := deliver(t, a); n != 1 {
			t.Fatalf("after unsubscribing, sent %d mails, want 1", n)
		}
		if m := smtpd.Wait(3)[2]; m.To[0] != "anna@example.org" {
			t.Errorf("the third mail went to %v", m.To)
		}
	})
}

// Without an SMTP server, mail goes to the log, whole.
func TestMailToLog(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	a := newApp(t, st, mailtest.New(t))
	var buf strings.Builder
	a.Mail = mail.Log{Log: slog.New(slog.NewTextHandler(&buf, nil))}
	anna := signUp(t, a, "Anna", "en")
	notifyBooking(t, st, anna)
	if n := deliver(t, a); n != 1 {
		t.Fatalf("logged %d mails", n)
	}
	for _, want := range []string{"to=anna@example.org", "Miners' Hall", "https://commons.example/unsubscribe/"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, buf.String())
		}
	}
}

// A mail the server refuses is tried again later, with a longer wait
// after each failure.
func TestMailRetry(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		a := newApp(t, st, smtpd)
		anna := signUp(t, a, "Anna", "en")
		notifyBooking(t, st, anna)
		clock := time.Now()
		a.SetClock(func() time.Time { return clock })
		smtpd.Refuse(2)
		if n := deliver(t, a); n != 0 {
			t.Fatalf("sent %d while the server refuses", n)
		}
		if n := deliver(t, a); n != 0 {
			t.Fatalf("tried again before the backoff: sent %d", n)
		}
		clock = clock.Add(61 * time.Second)
		if n := deliver(t, a); n != 0 {
			t.Fatalf("sent %d while the server refuses", n)
		}
		clock = clock.Add(61 * time.Second) // the second wait is two minutes
		if n := deliver(t, a); n != 0 {
			t.Fatalf("tried again before the doubled backoff: sent %d", n)
		}
		clock = clock.Add(61 * time.Second)
		if n := deliver(t, a); n != 1 {
			t.Fatalf("sent %d after the server recovered, want 1", n)
		}
		if waiting, failed, _ := st.MailJobCounts(ctx); waiting != 0 || failed != 0 {
			t.Errorf("outbox holds %d waiting, %d failed", waiting, failed)
		}
		if len(smtpd.Mails()) != 1 {
			t.Errorf("received %d mails", len(smtpd.Mails()))
		}

		// A server that never takes a mail: it is given up after eight
		// tries, kept a while, then forgotten.
		notifyBooking(t, st, anna)
		smtpd.Refuse(100)
		for range 8 {
			clock = clock.Add(7 * time.Hour)
			if n := deliver(t, a); n != 0 {
				t.Fatalf("sent %d to a refusing server", n)
			}
		}
		if waiting, failed, _ := st.MailJobCounts(ctx); waiting != 0 || failed != 1 {
			t.Fatalf("after eight refusals the outbox holds %d waiting, %d failed", waiting, failed)
		}
		if n, err := st.DeleteFailedMailJobs(ctx, clock.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("forgot %d failed mails (%v)", n, err)
		}
	})
}

// stopAfter is the real sender in a process that is stopped after n mails.
type stopAfter struct {
	mail.Sender
	n    int
	stop context.CancelFunc
}

func (s *stopAfter) Send(ctx context.Context, m mail.Message) error {
	err := s.Sender.Send(ctx, m)
	if s.n--; s.n == 0 {
		s.stop()
	}
	return err
}

// A restart in the middle of a queue loses no mail and sends none twice:
// neither after a clean stop (claimed jobs are handed back) nor after a
// crash (the crashed process's lease runs out).
func TestMailSurvivesRestart(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			smtpd := mailtest.New(t)
			st, dsn := e.Open(t)
			a := newApp(t, st, smtpd)
			var people []commons.User
			for i := range 6 {
				people = append(people, signUp(t, a, fmt.Sprintf("Person%d", i), "en"))
			}
			notifyBooking(t, st, people...)

			// The first process is stopped (SIGTERM) after two mails.
			ctx, stop := context.WithCancel(context.Background())
			a.Mail = &stopAfter{Sender: a.Mail, n: 2, stop: stop}
			if n, err := a.DeliverMail(ctx); err != nil || n != 2 {
				t.Fatalf("the first process sent %d (%v), want 2", n, err)
			}
			// Another process claims the rest and crashes before sending.
			now := time.Now()
			if jobs, err := st.ClaimMailJobs(context.Background(), "crashed", now, now.Add(10*time.Minute), 2); err != nil || len(jobs) != 2 {
				t.Fatalf("claimed %d (%v)", len(jobs), err)
			}
			st.Close()

			// The restarted process sends the four left, two of them once
			// the crashed claim's lease is over.
			st2, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			a2 := newApp(t, st2, smtpd)
			if n := deliver(t, a2); n != 2 {
				t.Fatalf("the restarted process sent %d at once, want the 2 unclaimed", n)
			}
			a2.SetClock(func() time.Time { return now.Add(11 * time.Minute) })
			if n := deliver(t, a2); n != 2 {
				t.Fatalf("after the lease, the restarted process sent %d, want 2", n)
			}
			if n := deliver(t, a2); n != 0 {
				t.Fatalf("sent %d more", n)
			}
			mails := smtpd.Wait(6)
			seen := map[string]bool{}
			for _, m := range mails {
				if seen[m.To[0]] {
					t.Errorf("%s got two mails", m.To[0])
				}
				seen[m.To[0]] = true
			}
			if len(mails) != 6 || len(seen) != 6 {
				t.Errorf("%d mails to %d people, want 6 to 6", len(mails), len(seen))
			}
		})
	}
}

// Two nodes emptying the same outbox at once send each mail once.
func TestMailTwoNodes(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			smtpd := mailtest.New(t)
			st, dsn := e.Open(t)
			st2, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			a, b := newApp(t, st, smtpd), newApp(t, st2, smtpd)
			var people []commons.User
			for i := range 24 {
				people = append(people, signUp(t, a, fmt.Sprintf("Person%d", i), "en"))
			}
			notifyBooking(t, st, people...)
			var wg sync.WaitGroup
			counts := make([]int, 2)
			for i, node := range []*app.App{a, b} {
				wg.Go(func() { counts[i], _ = node.DeliverMail(context.Background()) })
			}
			wg.Wait()
			if counts[0]+counts[1] != 24 {
				t.Fatalf("the nodes sent %v, want 24 in all", counts)
			}
			seen := map[string]bool{}
			for _, m := range smtpd.Wait(24) {
				if seen[m.To[0]] {
					t.Errorf("%s got two mails", m.To[0])
				}
				seen[m.To[0]] = true
			}
		})
	}
}

// A daily digest gathers a day's notifications into one mail.
func TestMailDigest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		smtpd := mailtest.New(t)
		a := newApp(t, st, smtpd)
		clock := time.Now()
		a.SetClock(func() time.Time { return clock })
		olena := signUp(t, a, "Olena", "ru")
		if err := a.SetMailDelivery(ctx, &olena, "monthly"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("an unknown choice: %v", err)
		}
		if err := a.SetMailDelivery(ctx, &olena, "daily"); err != nil {
			t.Fatal(err)
		}
		// The notifications come after the choice: the store stamps them by
		// the same stopped clock, and a digest gathers only what is later.
		clock = clock.Add(time.Minute)
		notifyBooking(t, st, olena, olena, olena)
		if n := deliver(t, a); n != 0 {
			t.Fatalf("sent %d single mails to someone who chose a digest", n)
		}
		clock = clock.Add(25 * time.Hour)
		if n := deliver(t, a); n != 1 {
			t.Fatalf("sent %d digests, want 1", n)
		}
		m := smtpd.Wait(1)[0]
		if !strings.Contains(m.Subject, "3 уведомления") || strings.Count(m.Text, "https://commons.example/me/bookings") != 3 {
			t.Errorf("digest: %q\n%s", m.Subject, m.Text)
		}
		if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("digest without one-click unsubscribe")
		}
		if n := deliver(t, a); n != 0 {
			t.Fatalf("sent %d more digests", n)
		}
		// Nothing new by the next day: no empty digest.
		clock = clock.Add(25 * time.Hour)
		if n := deliver(t, a); n != 0 {
			t.Fatalf("sent %d empty digests", n)
		}
	})
}
