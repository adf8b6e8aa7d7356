package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's conversations: an announcement, threads on resources and
// organizations, the council and a citizen group talking, and messages.
func TestDemoConversations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		mair, err := a.UserByEmail(ctx, "mair@cwm-tawel.example")
		if err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, &mair, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		threads, _, err := a.Threads(ctx, s, store.ThreadFilter{}, commons.Page{})
		if err != nil || len(threads) < 5 {
			t.Fatalf("threads: %d %v", len(threads), err)
		}
		var council *commons.Thread
		pinned := 0
		for i, th := range threads {
			if th.Pinned {
				pinned++
			}
			if strings.Contains(th.Title, "Miners' Hall") {
				council = &threads[i]
			}
		}
		if pinned != 1 || council == nil || council.Subject == nil || council.Subject.Type != "organization" || council.PostCount < 5 {
			t.Fatalf("pinned %d, council thread %+v", pinned, council)
		}
		tv, err := a.Thread(ctx, s, council.ID)
		if err != nil || tv.Posts[0].AuthorName != "Dafydd Hughes" || tv.Posts[1].ReplyTo != tv.Posts[0].ID {
			t.Fatalf("council thread: %+v %v", tv.Posts, err)
		}
		convs, _, err := a.Conversations(ctx, &mair, commons.Page{})
		if err != nil || len(convs) != 1 || len(convs[0].Members) != 2 {
			t.Fatalf("mair's conversations: %+v %v", convs, err)
		}
		notes, _, err := a.Store.Notifications(ctx, mair.ID, commons.Page{})
		if err != nil || len(notes) == 0 {
			t.Fatalf("mair hears of replies and mentions: %d %v", len(notes), err)
		}
	})
}
