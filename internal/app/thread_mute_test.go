package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Stopping a thread's notifications, below HTTP, on both engines: members
// only; while stopped, new posts and replies in the thread do not notify
// the person, a mention does; resumed, they do again; either twice
// changes nothing; the thread view says where the reader stands.
func TestMuteThread(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		m := newModerated(t, a)
		author, member := m.scope(t, "author"), m.scope(t, "member")
		th, err := a.CreateThread(ctx, author, app.NewThread{Title: "Choir", Body: "Who sings?"})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := a.AddPost(ctx, member, th, "", "I do")
		if err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]commons.Code{"visitor": commons.CodeUnauthenticated, "outsider": commons.CodeForbidden} {
			if err := a.MuteThread(ctx, m.scope(t, who), th, true); commons.CodeOf(err) != want {
				t.Errorf("%s stops the thread's notifications: %v, want %s", who, err, want)
			}
		}
		if err := a.MuteThread(ctx, member, "nope", true); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("muting no thread: %v", err)
		}
		for range 2 {
			if err := a.MuteThread(ctx, member, th, true); err != nil {
				t.Fatal(err)
			}
		}
		if tv, err := a.Thread(ctx, member, th); err != nil || !tv.MayMute || !tv.Muted {
			t.Fatalf("muted thread view: may %v, muted %v, %v", tv.MayMute, tv.Muted, err)
		}
		u := m.people["member"]
		posts, replies := countNotes(t, a, u, commons.NotifyThreadPost), countNotes(t, a, u, commons.NotifyReply)
		if _, err := a.AddPost(ctx, author, th, "", "Tuesday at seven"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddPost(ctx, author, th, mine, "Welcome"); err != nil {
			t.Fatal(err)
		}
		if countNotes(t, a, u, commons.NotifyThreadPost) != posts || countNotes(t, a, u, commons.NotifyReply) != replies {
			t.Fatal("a muted thread still notifies of posts or replies")
		}
		mentions := countNotes(t, a, u, commons.NotifyMention)
		if _, err := a.AddPost(ctx, author, th, "", "@"+commons.MentionHandle(u.Name)+" bring the music"); err != nil {
			t.Fatal(err)
		}
		if countNotes(t, a, u, commons.NotifyMention) != mentions+1 {
			t.Fatal("a mention in a muted thread did not notify")
		}

		for range 2 {
			if err := a.MuteThread(ctx, member, th, false); err != nil {
				t.Fatal(err)
			}
		}
		if tv, err := a.Thread(ctx, member, th); err != nil || tv.Muted {
			t.Fatalf("resumed thread view: muted %v, %v", tv.Muted, err)
		}
		if _, err := a.AddPost(ctx, author, th, "", "See you there"); err != nil {
			t.Fatal(err)
		}
		if countNotes(t, a, u, commons.NotifyThreadPost) != posts+1 {
			t.Fatal("a resumed thread does not notify of a new post")
		}
		if tv, err := a.Thread(ctx, m.scope(t, "visitor"), th); err == nil && tv.MayMute {
			t.Error("a visitor is offered to stop notifications")
		}
	})
}
