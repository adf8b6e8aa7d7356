package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// kindsOf counts a person's notifications by kind.
func kindsOf(t *testing.T, l learning, u commons.User) map[string]int {
	t.Helper()
	ns, _, err := l.a.Notifications(context.Background(), &u, commons.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, n := range ns {
		out[n.Kind]++
	}
	return out
}

// Organizers edit what they published: more places move the waitlist up
// (and tell them), fewer places than people registered are refused and
// change nothing, a change that matters tells everyone registered once
// across a series, a new description tells nobody, and only organizers
// may edit.
func TestEditActivity(t *testing.T) {
	ctx := context.Background()
	run := func(name string, fn func(t *testing.T, st *store.Store)) {
		t.Run(name, func(t *testing.T) { storetest.ForEach(t, fn) })
	}
	run("places", func(t *testing.T, st *store.Store) {
		l := newLearning(t, st, 4)
		act := l.offer(t, places(2), 1)[0]
		for _, u := range l.people {
			if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), act.ID, false); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []int{0, 0, 1, 2} {
			v, err := l.a.Activity(ctx, scopeIn(t, l.a, &l.people[i], "cwm"), act.ID)
			if err != nil || v.WaitPosition != want {
				t.Errorf("person %d: number %d on the waitlist, want %d (%v)", i, v.WaitPosition, want, err)
			}
		}
		org := scopeIn(t, l.a, &l.organizer, "cwm")
		e := commons.EditOf(act)
		e.Capacity = places(1)
		_, err := l.a.EditActivity(ctx, org, act.ID, e, commons.ScopeOne)
		if commons.CodeOf(err) != commons.CodeInvalid || commons.ErrorOf(err).Fields["capacity"].Key != "error.activity.capacity_below_registered" {
			t.Fatalf("fewer places than registered: %v", err)
		}
		e.Capacity = places(3)
		got, err := l.a.EditActivity(ctx, org, act.ID, e, commons.ScopeOne)
		if err != nil || got.Registered != 3 || got.Waitlisted != 1 {
			t.Fatalf("one more place: %d registered, %d waiting, %v", got.Registered, got.Waitlisted, err)
		}
		if k := kindsOf(t, l, l.people[2]); k[commons.NotifyActivityPromoted] != 1 || len(k) != 1 {
			t.Errorf("the one moved up is told so, once: %v", k)
		}
		for _, u := range []commons.User{l.people[0], l.people[3]} {
			if k := kindsOf(t, l, u); len(k) != 0 {
				t.Errorf("%s: places concern nobody else: %v", u.Name, k)
			}
		}
		e.Capacity = nil // no limit: everyone waiting moves up
		if got, err = l.a.EditActivity(ctx, org, act.ID, e, commons.ScopeOne); err != nil || got.Registered != 4 || got.Waitlisted != 0 {
			t.Fatalf("no limit: %d registered, %d waiting, %v", got.Registered, got.Waitlisted, err)
		}
	})
	run("a series, told once", func(t *testing.T, st *store.Store) {
		l := newLearning(t, st, 2)
		acts := l.offer(t, places(5), 3)
		for _, u := range l.people {
			if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), acts[0].ID, true); err != nil {
				t.Fatal(err)
			}
		}
		org := scopeIn(t, l.a, &l.organizer, "cwm")
		e := commons.EditOf(acts[0])
		e.Description = "Bring a notebook."
		if _, err := l.a.EditActivity(ctx, org, acts[0].ID, e, commons.ScopeAll); err != nil {
			t.Fatal(err)
		}
		if k := kindsOf(t, l, l.people[0]); len(k) != 0 {
			t.Errorf("a new description tells nobody: %v", k)
		}
		e.CostMinor, e.Currency, e.Languages = places(500), "gbp", []string{"cy"}
		if _, err := l.a.EditActivity(ctx, org, acts[1].ID, e, commons.ScopeRest); err != nil {
			t.Fatal(err)
		}
		for i, a := range acts {
			got, err := l.a.Activity(ctx, org, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := i >= 1; (got.Cost() != "") != want || got.Description != "Bring a notebook." {
				t.Errorf("occurrence %d: cost %q, description %q", i, got.Cost(), got.Description)
			}
		}
		ns, _, err := l.a.Notifications(ctx, &l.people[1], commons.Page{})
		if err != nil || len(ns) != 1 || ns[0].Kind != commons.NotifyActivityChanged || ns[0].Args["Changes"] != "languages,cost" {
			t.Fatalf("one notification for two occurrences, naming what changed: %+v %v", ns, err)
		}
		if k := kindsOf(t, l, l.organizer); len(k) != 0 {
			t.Errorf("the organizer is not told of their own change: %v", k)
		}
	})
	run("who may, and bad input", func(t *testing.T, st *store.Store) {
		l := newLearning(t, st, 1)
		act := l.offer(t, nil, 1)[0]
		e := commons.EditOf(act)
		if _, err := l.a.EditActivity(ctx, scopeIn(t, l.a, &l.people[0], "cwm"), act.ID, e, commons.ScopeOne); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a learner edits: %v", err)
		}
		org := scopeIn(t, l.a, &l.organizer, "cwm")
		e.Title = " "
		if _, err := l.a.EditActivity(ctx, org, act.ID, e, commons.ScopeOne); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("no title: %v", err)
		}
		e.Title = "Welsh"
		if _, err := l.a.EditActivity(ctx, org, act.ID, e, "every"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("an unknown scope: %v", err)
		}
		if err := l.a.CancelOccurrence(ctx, org, act.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := l.a.EditActivity(ctx, org, act.ID, e, commons.ScopeOne); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a cancelled occurrence: %v", err)
		}
	})
}

// Cancelling the rest of a series, or all of it, in one step: every
// occurrence reached is cancelled, earlier ones stay, and each person is
// told once.
func TestCancelSeries(t *testing.T) {
	ctx := context.Background()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		l := newLearning(t, st, 2)
		acts := l.offer(t, nil, 4)
		for _, u := range l.people {
			if _, err := l.a.Register(ctx, scopeIn(t, l.a, &u, "cwm"), acts[0].ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.a.CancelSeries(ctx, scopeIn(t, l.a, &l.people[0], "cwm"), acts[0].ID, commons.ScopeAll); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a learner cancels: %v", err)
		}
		org := scopeIn(t, l.a, &l.organizer, "cwm")
		n, err := l.a.CancelSeries(ctx, org, acts[2].ID, commons.ScopeRest)
		if err != nil || n != 2 {
			t.Fatalf("the rest: %d, %v", n, err)
		}
		for i, a := range acts {
			got, _ := l.a.Activity(ctx, org, a.ID)
			if want := i >= 2; (got.Status == commons.ActivityCancelled) != want {
				t.Errorf("occurrence %d: %s", i, got.Status)
			}
		}
		if k := kindsOf(t, l, l.people[1]); k[commons.NotifyActivitySeriesCancelled] != 1 || len(k) != 1 {
			t.Errorf("told once: %v", k)
		}
		if n, err = l.a.CancelSeries(ctx, org, acts[0].ID, commons.ScopeAll); err != nil || n != 2 {
			t.Fatalf("all that is left: %d, %v", n, err)
		}
		if _, err := l.a.CancelSeries(ctx, org, acts[0].ID, commons.ScopeAll); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("again: %v", err)
		}
	})
}
