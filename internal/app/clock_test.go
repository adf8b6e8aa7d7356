package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// clockedApp is an App whose one clock stands still at a moment far from
// the real present, so a row stamped by any other clock would show. The
// returned function sets the time since that moment.
func clockedApp(t *testing.T, st *store.Store) (*app.App, func(time.Duration)) {
	t.Helper()
	a := newApp(t, st, mailtest.New(t))
	start := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
	at := start
	a.SetClock(func() time.Time { return at })
	return a, func(d time.Duration) { at = start.Add(d) }
}

// startCommunity signs its founder up and starts a community with a thread.
func startCommunity(t *testing.T, a *app.App) (commons.User, string) {
	t.Helper()
	ctx := context.Background()
	founder := signUp(t, a, "Carys", "en")
	if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	thread, err := a.CreateThread(ctx, scopeIn(t, a, &founder, "cwm"), app.NewThread{Title: "Hall roof", Body: "It leaks."})
	if err != nil {
		t.Fatal(err)
	}
	return founder, thread
}

// A post can be edited until its edit window ends, and not after: the
// store stamps the post and the App judges the window by the same clock.
func TestClockMovesAcrossTheEditWindow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, setClock := clockedApp(t, st)
		founder, thread := startCommunity(t, a)
		post, err := a.AddPost(ctx, scopeIn(t, a, &founder, "cwm"), thread, "", "Buckets in the back room.")
		if err != nil {
			t.Fatal(err)
		}

		setClock(commons.PostEditWindow - time.Second)
		p, err := a.EditPost(ctx, scopeIn(t, a, &founder, "cwm"), post, "Buckets in the back room and the hall.")
		if err != nil {
			t.Fatalf("a second before the window ends: %v", err)
		}
		if want := a.Now(); p.EditedAt == nil || !p.EditedAt.Equal(want) {
			t.Errorf("edited at %v, want the clock's %v", p.EditedAt, want)
		}

		setClock(commons.PostEditWindow + time.Second)
		if _, err := a.EditPost(ctx, scopeIn(t, a, &founder, "cwm"), post, "Too late."); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("a second after the window: %v, want forbidden", err)
		}
		if p, _, err := st.Post(ctx, post); err != nil || p.Body != "Buckets in the back room and the hall." {
			t.Errorf("after the refused edit: %q, %v", p.Body, err)
		}
	})
}

// Flood control counts what a person wrote within the window before the
// clock's present: posts and messages alike. Once the oldest leaves the
// window, a place frees up, and the refusal says when that will be.
func TestClockMovesAcrossTheFloodWindow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, setClock := clockedApp(t, st)
		f := app.DefaultFlood
		step := f.Window / time.Duration(2*f.Posts)
		founder, thread := startCommunity(t, a) // the thread's first post, at 0
		friend := signUp(t, a, "Olena", "ru")
		s, err := a.Scope(ctx, &friend, "cwm")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Join(ctx, s, "", nil); err != nil {
			t.Fatal(err)
		}
		// The rest of the limit, one post a step apart.
		for i := 1; i < f.Posts; i++ {
			setClock(time.Duration(i) * step)
			if _, err := a.AddPost(ctx, scopeIn(t, a, &founder, "cwm"), thread, "", "More about the roof."); err != nil {
				t.Fatalf("post %d of %d: %v", i+1, f.Posts, err)
			}
		}
		refused := func(what string, err error, retryAfter time.Duration) {
			t.Helper()
			var e *commons.Error
			if !errors.As(err, &e) || e.Code != commons.CodeRateLimited {
				t.Fatalf("%s: %v, want rate limited", what, err)
			}
			if e.RetryAfter != retryAfter {
				t.Errorf("%s: retry after %v, want %v", what, e.RetryAfter, retryAfter)
			}
		}

		// Flooding: a post and a message are refused until the first post
		// leaves the window.
		setClock(f.Window - time.Second)
		_, err = a.AddPost(ctx, scopeIn(t, a, &founder, "cwm"), thread, "", "And another thing.")
		refused("a post while flooding", err, time.Second)
		_, _, err = a.SendDirect(ctx, &founder, []string{friend.ID}, "Have you seen the roof?")
		refused("a message while flooding", err, time.Second)

		// The window has passed for the first post: one place is free.
		setClock(f.Window)
		if _, _, err := a.SendDirect(ctx, &founder, []string{friend.ID}, "Have you seen the roof?"); err != nil {
			t.Fatalf("a message once the window has passed: %v", err)
		}
		// The message took it; the next frees when the second post leaves.
		_, err = a.AddPost(ctx, scopeIn(t, a, &founder, "cwm"), thread, "", "And another thing.")
		refused("a post after the message", err, step)
		setClock(f.Window + step)
		if _, err = a.AddPost(ctx, scopeIn(t, a, &founder, "cwm"), thread, "", "And another thing."); err != nil {
			t.Fatalf("a post once the second post's window has passed: %v", err)
		}
	})
}
