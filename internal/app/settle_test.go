package app_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// An answered offer is settled by the one who received it, once: a
// transfer to the one who offered, the offer fulfilled in the same
// transaction; ten submits at once settle it exactly once.
func TestSettleIntentByTransfer(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		founder, helper := w.scope(t, "Founder"), w.scope(t, "Helper")
		offer, err := w.a.PostIntent(ctx, founder, commons.IntentFields{Direction: commons.IntentOffer, Kind: commons.KindTime, Title: "Help with a CV"})
		if err != nil {
			t.Fatal(err)
		}
		settle := app.SettleFields{AnswerUserID: w.people["Helper"].ID, Minutes: 90, Category: "teaching"}
		if _, err := w.a.AnswerIntent(ctx, helper, offer.ID, "", "Yes please"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.SettleIntent(ctx, helper, offer.ID, settle); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("settling while the time bank is off: %v", err)
		}
		if err := w.a.SetTimeBank(ctx, founder, commons.TimeBank{Enabled: true}); err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]struct {
			s    app.Scope
			f    app.SettleFields
			code commons.Code
		}{
			"by the provider":    {founder, settle, commons.CodeForbidden},
			"by a bystander":     {w.scope(t, "Editor"), settle, commons.CodeForbidden},
			"no such answer":     {helper, app.SettleFields{AnswerUserID: w.people["Ada"].ID, Minutes: 90, Category: "teaching"}, commons.CodeInvalid},
			"less than a minute": {helper, app.SettleFields{AnswerUserID: w.people["Helper"].ID, Minutes: 0, Category: "teaching"}, commons.CodeInvalid},
			"by a visitor":       {w.scope(t, "visitor"), settle, commons.CodeUnauthenticated},
		} {
			if _, err := w.a.SettleIntent(ctx, c.s, offer.ID, c.f); commons.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %q", name, err, c.code)
			}
		}
		var ok, conflict atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				_, err := w.a.SettleIntent(ctx, helper, offer.ID, settle)
				switch commons.CodeOf(err) {
				case "":
					ok.Add(1)
				case commons.CodeConflict:
					conflict.Add(1)
				default:
					t.Errorf("a settlement: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 || conflict.Load() != 9 {
			t.Errorf("%d settlements passed, %d conflicted; want 1 and 9", ok.Load(), conflict.Load())
		}
		v, err := w.a.Intent(ctx, founder, offer.ID)
		if err != nil || v.Status != commons.IntentFulfilled {
			t.Errorf("the offer after settling: %v, %v", v.Status, err)
		}
		tb, err := w.a.TimeBank(ctx, founder)
		if err != nil || tb.Account.Balance != 90 || len(tb.History) != 1 || tb.History[0].Note != "Help with a CV" {
			t.Errorf("the provider's account: %+v, %v", tb.Account, err)
		}
		l, err := st.AuditLedger(ctx, founder.Community.ID)
		if err != nil || l.Sum != 0 || l.Unbalanced != 0 || l.Transfers != 1 {
			t.Errorf("the books: %+v, %v", l, err)
		}
	})
}
