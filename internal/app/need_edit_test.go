package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Editing and removing needs, on both engines: the team only; a need
// without pledges is deleted, one with pledges is kept as withdrawn, its
// pledgers told, and it takes no more pledges.
func TestNeedEditAndRemove(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		a := w.a
		founder := w.scope(t, "Founder")
		n := w.need(t)
		q := 4
		edit := commons.NeedFields{Kind: commons.KindTime, Description: "Four tenors", Quantity: &q}
		if _, err := a.UpdateNeed(ctx, w.scope(t, "Helper"), n.ID, edit); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("someone off the team edits: %v", err)
		}
		got, err := a.UpdateNeed(ctx, founder, n.ID, edit)
		if err != nil || got.Description != "Four tenors" || got.Quantity == nil || *got.Quantity != 4 {
			t.Fatalf("edit: %v %+v", err, got)
		}
		if _, err := a.UpdateNeed(ctx, founder, n.ID, commons.NeedFields{Kind: commons.KindTime}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("edit without words: %v", err)
		}

		// Nobody pledged: removing deletes it.
		kept, err := a.RemoveNeed(ctx, founder, n.ID)
		if err != nil || kept {
			t.Fatalf("remove an unpledged need: kept %v, %v", kept, err)
		}
		if _, err := a.Need(ctx, founder, n.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("deleted need: %v", err)
		}

		// A pledge: removing keeps it, withdrawn; the pledger is told.
		n = w.need(t)
		helper := w.scope(t, "Helper")
		if _, err := a.Pledge(ctx, helper, n.ID, app.PledgeFields{Description: "I sing bass"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RemoveNeed(ctx, helper, n.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("the pledger removes the need: %v", err)
		}
		kept, err = a.RemoveNeed(ctx, founder, n.ID)
		if err != nil || !kept {
			t.Fatalf("remove a pledged need: kept %v, %v", kept, err)
		}
		if told := countNotes(t, a, w.people["Helper"], commons.NotifyNeedWithdrawn); told != 1 {
			t.Fatalf("the pledger was told %d times", told)
		}
		view, err := a.Initiative(ctx, helper, w.init.ID)
		if err != nil || len(view.Needs) != 1 || !view.Needs[0].Withdrawal.Withdrawn() || len(view.Needs[0].Pledges) != 1 ||
			view.Needs[0].May.Pledge || view.Needs[0].May.Change {
			t.Fatalf("the withdrawn need on the page: %v %+v", err, view.Needs)
		}
		if _, err := a.Pledge(ctx, w.scope(t, "Ada"), n.ID, app.PledgeFields{Description: "Me too"}); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("pledge to a withdrawn need: %v", err)
		}
		if _, err := a.RemoveNeed(ctx, founder, n.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("remove twice: %v", err)
		}
		if _, err := a.UpdateNeed(ctx, founder, n.ID, edit); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("edit a withdrawn need: %v", err)
		}
	})
}
