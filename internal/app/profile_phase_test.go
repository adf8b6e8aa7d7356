package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Every move of the Profile into a phase — published (reviewed), the
// action phase, a time-out — goes on the community's record with the
// version's number, and every active member but the editor is told.
func TestProfilePhaseIsRecordedAndTold(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		editor := w.scope(t, "Editor")
		v, err := w.a.OpenProfileVersion(ctx, editor)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.PublishProfileVersion(ctx, editor, v.Number); err != nil {
			t.Fatal(err)
		}
		for _, to := range []commons.ProfilePhase{commons.ProfileAction, commons.ProfileTimeOut} {
			if err := w.a.AdvanceProfilePhase(ctx, editor, v.Number, to); err != nil {
				t.Fatalf("to %s: %v", to, err)
			}
		}
		log, _, err := w.a.Record(ctx, w.scope(t, "Newcomer"), commons.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var moves []string
		for _, e := range log {
			if e.Action == "profile.reviewed" || e.Action == "profile.action" || e.Action == "profile.timeout" {
				if e.Subject != "1" || e.ActorID != w.people["Editor"].ID {
					t.Errorf("%s: subject %q by %q", e.Action, e.Subject, e.ActorID)
				}
				moves = append(moves, e.Action)
			}
		}
		if len(moves) != 3 || moves[0] != "profile.timeout" || moves[2] != "profile.reviewed" {
			t.Errorf("the record holds %v, want the three moves newest first", moves)
		}
		for _, kind := range []string{commons.NotifyProfilePublished, commons.NotifyProfileAction, commons.NotifyProfileTimeOut} {
			if n := countNotes(t, w.a, w.people["Newcomer"], kind); n != 1 {
				t.Errorf("a member was told %s %d times, want once", kind, n)
			}
			if n := countNotes(t, w.a, w.people["Editor"], kind); n != 0 {
				t.Errorf("the editor who moved it was told %s %d times", kind, n)
			}
			if n := countNotes(t, w.a, w.people["Outsider"], kind); n != 0 {
				t.Errorf("an outsider was told %s", kind)
			}
		}
	})
}
