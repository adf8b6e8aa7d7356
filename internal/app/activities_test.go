package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// scopeIn resolves a person's scope in a community, as a request would.
func scopeIn(t *testing.T, a *app.App, u *commons.User, slug string) app.Scope {
	t.Helper()
	s, err := a.Scope(context.Background(), u, slug)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// learning is a community with an organizer and people who joined it.
type learning struct {
	a         *app.App
	setClock  func(time.Duration)
	organizer commons.User
	people    []commons.User
}

func newLearning(t *testing.T, st *store.Store, n int) learning {
	t.Helper()
	ctx := context.Background()
	a, setClock := clockedApp(t, st)
	l := learning{a: a, setClock: setClock, organizer: signUp(t, a, "Gareth", "en")}
	if _, err := a.CreateCommunity(ctx, &l.organizer, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		u := signUp(t, a, "Learner"+string(rune('A'+i)), "en")
		if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
		l.people = append(l.people, u)
	}
	return l
}

// offer publishes an activity with capacity places (nil: no limit), a day
// from the clock's start; count > 1 makes a weekly series.
func (l learning) offer(t *testing.T, capacity *int, count int) []commons.Activity {
	t.Helper()
	start := l.a.Now().Add(24 * time.Hour)
	f := commons.ActivityFields{Kind: commons.ActivityCourse, Title: "Welsh for beginners", Level: "all",
		OnlineURL: "https://meet.example.org/welsh", StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: capacity}
	if count > 1 {
		f.Recurrence = "FREQ=WEEKLY;COUNT=" + string(rune('0'+count))
	}
	acts, err := l.a.CreateActivity(context.Background(), scopeIn(t, l.a, &l.organizer, "cwm"), f)
	if err != nil {
		t.Fatal(err)
	}
	return acts
}

func places(n int) *int { return &n }

// Registrations and the waitlist: places are taken in arrival order,
// the rest wait; giving a place up moves the first waiting up and tells
// them; nobody registers twice; a series registers at each occurrence.
func TestRegistrationsAndWaitlist(t *testing.T) {
	ctx := context.Background()
	// Each case on a fresh database of each engine.
	run := func(name string, fn func(t *testing.T, st *store.Store)) {
		t.Run(name, func(t *testing.T) { storetest.ForEach(t, fn) })
	}
	{
		run("capacity", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 3)
			act := l.offer(t, places(2), 1)[0]
			want := []commons.RegistrationStatus{commons.Registered, commons.Registered, commons.Waitlisted}
			for i, u := range l.people {
				got, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), act.ID, false)
				if err != nil || got != want[i] {
					t.Fatalf("person %d: %q %v, want %q", i, got, err, want[i])
				}
			}
			v, err := l.a.Activity(ctx, scopeIn(t, l.a, &l.organizer, "cwm"), act.ID)
			if err != nil || v.Registered != 2 || v.Waitlisted != 1 || len(v.Registrations) != 3 || !v.May.SeeRegistrations {
				t.Fatalf("%d registered, %d waiting, %d listed, may see %v: %v", v.Registered, v.Waitlisted, len(v.Registrations), v.May.SeeRegistrations, err)
			}
		})
		run("moving up on cancel", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 3)
			act := l.offer(t, places(1), 1)[0]
			for _, u := range l.people {
				if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), act.ID, false); err != nil {
					t.Fatal(err)
				}
			}
			first, second, third := l.people[0], l.people[1], l.people[2]
			if err := l.a.Unregister(ctx, scopeIn(t, l.a, &first, "cwm"), act.ID); err != nil {
				t.Fatal(err)
			}
			for u, want := range map[*commons.User]commons.RegistrationStatus{&first: "", &second: commons.Registered, &third: commons.Waitlisted} {
				v, err := l.a.Activity(ctx, scopeIn(t, l.a, u, "cwm"), act.ID)
				if err != nil || v.Mine != want {
					t.Errorf("%s: %q %v, want %q", u.Name, v.Mine, err, want)
				}
			}
			ns, _, err := l.a.Notifications(ctx, &second, commons.Page{})
			if err != nil || len(ns) != 1 || ns[0].Kind != commons.NotifyActivityPromoted || ns[0].Link != "/c/cwm/activities/"+act.ID {
				t.Fatalf("the one moved up is told: %+v %v", ns, err)
			}
			if ns, _, _ := l.a.Notifications(ctx, &third, commons.Page{}); len(ns) != 0 {
				t.Errorf("the one still waiting is told nothing: %+v", ns)
			}
			// Giving up a waitlist place frees none: nobody moves.
			if err := l.a.Unregister(ctx, scopeIn(t, l.a, &third, "cwm"), act.ID); err != nil {
				t.Fatal(err)
			}
			if err := l.a.Unregister(ctx, scopeIn(t, l.a, &third, "cwm"), act.ID); commons.CodeOf(err) != commons.CodeNotFound {
				t.Errorf("giving up a place one does not have: %v, want not found", err)
			}
		})
		run("no double registration", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 1)
			act := l.offer(t, nil, 1)[0]
			u := l.people[0]
			s := scopeIn(t, l.a, &u, "cwm")
			if _, err := l.a.Register(ctx, s, act.ID, false); err != nil {
				t.Fatal(err)
			}
			v, _ := l.a.Activity(ctx, s, act.ID)
			if v.May.Register || !v.May.Unregister {
				t.Errorf("registered: may %+v", v.May)
			}
			if _, err := l.a.Register(ctx, s, act.ID, false); commons.CodeOf(err) != commons.CodeConflict {
				t.Fatalf("a second time: %v, want conflict", err)
			}
			if _, err := l.a.Register(ctx, s, act.ID, true); commons.CodeOf(err) != commons.CodeConflict {
				t.Fatalf("a second time, as a series: %v, want conflict", err)
			}
		})
		run("series", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 2)
			acts := l.offer(t, places(1), 3)
			if len(acts) != 3 {
				t.Fatalf("%d occurrences", len(acts))
			}
			early, late := l.people[0], l.people[1]
			// One takes the second occurrence alone; then the other
			// registers from the first for the rest of the series.
			if _, err := l.a.Register(ctx, scopeIn(t, l.a, &early, "cwm"), acts[1].ID, false); err != nil {
				t.Fatal(err)
			}
			s := scopeIn(t, l.a, &late, "cwm")
			if st, err := l.a.Register(ctx, s, acts[0].ID, true); err != nil || st != commons.Registered {
				t.Fatalf("the series: %q %v", st, err)
			}
			for i, want := range []commons.RegistrationStatus{commons.Registered, commons.Waitlisted, commons.Registered} {
				v, err := l.a.Activity(ctx, s, acts[i].ID)
				if err != nil || v.Mine != want || len(v.Series) != 3 {
					t.Errorf("occurrence %d: %q (series of %d) %v, want %q", i, v.Mine, len(v.Series), err, want)
				}
			}
			// From the second on, registering the series again adds nothing
			// and the one named is refused as already taken.
			if _, err := l.a.Register(ctx, s, acts[1].ID, true); commons.CodeOf(err) != commons.CodeConflict {
				t.Errorf("again from the second: %v, want conflict", err)
			}
		})
		run("who may register", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 1)
			act := l.offer(t, nil, 1)[0]
			outsider := signUp(t, l.a, "Outsider", "en")
			cases := []struct {
				name string
				s    app.Scope
				want commons.Code
			}{
				{"visitor", scopeIn(t, l.a, nil, "cwm"), commons.CodeUnauthenticated},
				{"not joined", scopeIn(t, l.a, &outsider, "cwm"), commons.CodeForbidden},
				{"newcomer", scopeIn(t, l.a, &l.people[0], "cwm"), ""},
			}
			for _, c := range cases {
				v, err := l.a.Activity(ctx, c.s, act.ID)
				if err != nil {
					t.Fatal(err)
				}
				_, err = l.a.Register(ctx, c.s, act.ID, false)
				if commons.CodeOf(err) != c.want {
					t.Errorf("%s: %v, want %q", c.name, err, c.want)
				}
				if v.May.Register != (c.want == "") {
					t.Errorf("%s: the read model says may register %v, the use case answered %v", c.name, v.May.Register, err)
				}
			}
			// Once it has ended, nobody may.
			l.setClock(48 * time.Hour)
			newcomer := l.people[0]
			s := scopeIn(t, l.a, &newcomer, "cwm")
			if err := l.a.Unregister(ctx, s, act.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := l.a.Register(ctx, s, act.ID, false); commons.CodeOf(err) != commons.CodeInvalid {
				t.Errorf("after it ended: %v, want invalid", err)
			}
		})
		run("cancelled", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 2)
			act := l.offer(t, places(1), 1)[0]
			for _, u := range l.people {
				if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), act.ID, false); err != nil {
					t.Fatal(err)
				}
			}
			learner := scopeIn(t, l.a, &l.people[0], "cwm")
			if err := l.a.CancelOccurrence(ctx, learner, act.ID); commons.CodeOf(err) != commons.CodeForbidden {
				t.Fatalf("a learner cancels: %v, want forbidden", err)
			}
			org := scopeIn(t, l.a, &l.organizer, "cwm")
			if err := l.a.CancelOccurrence(ctx, org, act.ID); err != nil {
				t.Fatal(err)
			}
			for _, u := range l.people {
				ns, _, err := l.a.Notifications(ctx, &u, commons.Page{})
				if err != nil || len(ns) != 1 || ns[0].Kind != commons.NotifyActivityCancelled {
					t.Errorf("%s is told of the cancellation: %+v %v", u.Name, ns, err)
				}
			}
			if err := l.a.CancelOccurrence(ctx, org, act.ID); commons.CodeOf(err) != commons.CodeConflict {
				t.Errorf("cancelled twice: %v, want conflict", err)
			}
			v, _ := l.a.Activity(ctx, org, act.ID)
			if v.May.Cancel || v.May.Edit {
				t.Errorf("a cancelled occurrence: may %+v", v.May)
			}
			// The waiting one does not move up into a cancelled occurrence.
			if err := l.a.Unregister(ctx, learner, act.ID); err != nil {
				t.Fatal(err)
			}
			if v, _ := l.a.Activity(ctx, scopeIn(t, l.a, &l.people[1], "cwm"), act.ID); v.Mine != commons.Waitlisted {
				t.Errorf("still waiting: %q", v.Mine)
			}
		})
		run("another community's occurrence is not found", func(t *testing.T, st *store.Store) {
			l := newLearning(t, st, 0)
			act := l.offer(t, nil, 1)[0]
			other := signUp(t, l.a, "Other", "en")
			if _, err := l.a.CreateCommunity(ctx, &other, commons.NewCommunity{Slug: "pant", Name: "Pant"}); err != nil {
				t.Fatal(err)
			}
			s := scopeIn(t, l.a, &other, "pant")
			if _, err := l.a.Register(ctx, s, act.ID, false); commons.CodeOf(err) != commons.CodeNotFound {
				t.Errorf("register across communities: %v", err)
			}
			if _, err := l.a.Activity(ctx, s, act.ID); commons.CodeOf(err) != commons.CodeNotFound {
				t.Errorf("read across communities: %v", err)
			}
		})
	}
}
