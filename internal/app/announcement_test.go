package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// An organizer writes to everyone registered, more than a conversation
// holds: each registered person is told once, with the message and a link
// to the occurrence; those waiting and the organizer are not; only
// organizers may; an empty message and an empty list are refused.
func TestAnnounce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLearning(t, st, 11)
		act := l.offer(t, places(10), 1)[0]
		org := scopeIn(t, l.a, &l.organizer, "cwm")
		if _, err := l.a.Announce(ctx, org, act.ID, "Bring a screwdriver."); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("nobody registered yet: %v", err)
		}
		if v, err := l.a.Activity(ctx, org, act.ID); err != nil || v.May.Announce {
			t.Fatalf("the form offered with nobody to reach: %+v %v", v.May, err)
		}
		for _, u := range l.people {
			if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), act.ID, false); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.a.Announce(ctx, scopeIn(t, l.a, &l.people[0], "cwm"), act.ID, "Hello"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("a learner announces: %v", err)
		}
		if _, err := l.a.Announce(ctx, org, act.ID, "  "); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("an empty message: %v", err)
		}
		v, err := l.a.Activity(ctx, org, act.ID)
		if err != nil || !v.May.Announce {
			t.Fatalf("the organizer may not announce: %+v %v", v.May, err)
		}
		n, err := l.a.Announce(ctx, org, act.ID, "Bring a screwdriver.")
		if err != nil || n != commons.MaxConversationSize+2 {
			t.Fatalf("announce: %d %v", n, err)
		}
		for i, u := range l.people {
			ns, _, err := l.a.Notifications(ctx, &u, commons.Page{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, x := range ns {
				if x.Kind == commons.NotifyActivityAnnouncement {
					got++
					if x.Args["Message"] != "Bring a screwdriver." || x.Args["Name"] != "Gareth" || x.Link != "/c/cwm/activities/"+act.ID {
						t.Errorf("the note: %+v", x)
					}
				}
			}
			if want := map[bool]int{true: 1, false: 0}[i < 10]; got != want {
				t.Errorf("person %d told %d times, want %d", i, got, want)
			}
		}
		if k := kindsOf(t, learning{a: l.a}, l.organizer); k[commons.NotifyActivityAnnouncement] != 0 {
			t.Error("the organizer is told of their own announcement")
		}
	})
}
