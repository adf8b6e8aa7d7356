package app_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

func ptrInt(n int) *int { return &n }

// The time bank is off until an editor turns it on; bad transfers are
// refused with the field to fix.
func TestTimeBankRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		to := func(who string) commons.TransferFields {
			return commons.TransferFields{ToOwner: commons.OwnerPerson, ToOwnerID: w.people[who].ID, Minutes: 60, Category: "care"}
		}
		if _, err := w.a.Transfer(ctx, w.scope(t, "Helper"), to("Founder")); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a transfer while the time bank is off: %v", err)
		}
		if err := w.a.SetTimeBank(ctx, w.scope(t, "Helper"), commons.TimeBank{Enabled: true}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member turning it on: %v", err)
		}
		if err := w.a.SetTimeBank(ctx, w.scope(t, "Founder"), commons.TimeBank{Enabled: true, MinBalance: ptrInt(60)}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a lower limit above zero: %v", err)
		}
		if err := w.a.SetTimeBank(ctx, w.scope(t, "Founder"), commons.TimeBank{Enabled: true, MinBalance: ptrInt(-120), MaxBalance: ptrInt(90)}); err != nil {
			t.Fatal(err)
		}
		with := func(f commons.TransferFields, change func(*commons.TransferFields)) commons.TransferFields {
			change(&f)
			return f
		}
		for name, c := range map[string]struct {
			who  string
			f    commons.TransferFields
			code commons.Code
		}{
			"to oneself":             {"Helper", to("Helper"), commons.CodeInvalid},
			"less than a minute":     {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.Minutes = 0 }), commons.CodeInvalid},
			"negative":               {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.Minutes = -30 }), commons.CodeInvalid},
			"no category":            {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.Category = "" }), commons.CodeInvalid},
			"to an outsider":         {"Helper", to("Outsider"), commons.CodeInvalid},
			"past the receiver's":    {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.Minutes = 100 }), commons.CodeInvalid},
			"past the payer's":       {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.Minutes = 121 }), commons.CodeInvalid},
			"from an org not theirs": {"Helper", with(to("Founder"), func(f *commons.TransferFields) { f.FromOrgID = w.orgID }), commons.CodeForbidden},
			"by an outsider":         {"Outsider", to("Founder"), commons.CodeForbidden},
			"by a visitor":           {"visitor", to("Founder"), commons.CodeUnauthenticated},
		} {
			if _, err := w.a.Transfer(ctx, w.scope(t, c.who), c.f); commons.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %q", name, err, c.code)
			}
		}
		if _, err := w.a.Transfer(ctx, w.scope(t, "Helper"), to("Founder")); err != nil {
			t.Fatal(err)
		}
		org := with(to("Founder"), func(f *commons.TransferFields) { f.FromOrgID = w.orgID; f.Minutes = 30 })
		if _, err := w.a.Transfer(ctx, w.scope(t, "Ada"), org); err != nil {
			t.Fatalf("an admin paying from the organization: %v", err)
		}
		v, err := w.a.TimeBank(ctx, w.scope(t, "Founder"))
		if err != nil || v.Account.Balance != 90 || len(v.History) != 2 || !v.May.Transfer || !v.May.Configure {
			t.Errorf("the founder's account: %+v, %v", v, err)
		}
		ledger, err := st.AuditLedger(ctx, v.Account.CommunityID)
		if err != nil || ledger.Sum != 0 || ledger.Unbalanced != 0 || ledger.Transfers != 2 {
			t.Errorf("the books: %+v, %v", ledger, err)
		}
	})
}

// 40 transfers at once from one account near its lower limit: exactly as
// many pass as the limit allows, the account never goes past it, and the
// books balance — no time is made or lost.
func TestTimeBankRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		if err := w.a.SetTimeBank(ctx, w.scope(t, "Founder"), commons.TimeBank{Enabled: true, MinBalance: ptrInt(-300)}); err != nil {
			t.Fatal(err)
		}
		// The payer starts near the limit: 30 minutes paid already.
		s := w.scope(t, "Helper")
		if _, err := w.a.Transfer(ctx, s, commons.TransferFields{ToOwner: commons.OwnerPerson, ToOwnerID: w.people["Ada"].ID, Minutes: 30, Category: "care"}); err != nil {
			t.Fatal(err)
		}
		receivers := []string{"Founder", "Newcomer", "Editor", "Ada"}
		var ok, refused atomic.Int32
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				_, err := w.a.Transfer(ctx, s, commons.TransferFields{ToOwner: commons.OwnerPerson, ToOwnerID: w.people[receivers[i%4]].ID,
					Minutes: 60, Category: "transport"})
				switch commons.CodeOf(err) {
				case "":
					ok.Add(1)
				case commons.CodeInvalid:
					refused.Add(1)
				default:
					t.Errorf("transfer %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 4 || refused.Load() != 36 {
			t.Errorf("%d transfers passed and %d were refused; want 4 and 36 (270 minutes left above the limit)", ok.Load(), refused.Load())
		}
		v, err := w.a.TimeBank(ctx, s)
		if err != nil || v.Account.Balance != -270 {
			t.Errorf("the payer's balance: %d, %v; want -270", v.Account.Balance, err)
		}
		ledger, err := st.AuditLedger(ctx, v.Account.CommunityID)
		if err != nil || ledger.Sum != 0 || ledger.Unbalanced != 0 || ledger.Transfers != 5 {
			t.Errorf("the books after the race: %+v, %v", ledger, err)
		}
	})
}
