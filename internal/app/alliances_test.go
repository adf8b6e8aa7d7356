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

// allianceWorld is the hours world's community cwm and a second, glan,
// founded by Outsider, both with a time bank; Newcomer belongs to both
// and made their profile public in glan.
type allianceWorld struct {
	initiativeWorld
}

func newAllianceWorld(t *testing.T, st *store.Store) allianceWorld {
	t.Helper()
	ctx := context.Background()
	w := allianceWorld{hoursWorld(t, st)}
	if _, err := w.a.CreateCommunity(ctx, w.people["Outsider"], commons.NewCommunity{Slug: "glan", Name: "Glan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.Join(ctx, w.in(t, "Newcomer", "glan"), "", nil); err != nil {
		t.Fatal(err)
	}
	if err := w.a.SetProfilePublic(ctx, w.in(t, "Newcomer", "glan"), true); err != nil {
		t.Fatal(err)
	}
	for who, slug := range map[string]string{"Founder": "cwm", "Outsider": "glan"} {
		if err := w.a.SetTimeBank(ctx, w.in(t, who, slug), commons.TimeBank{Enabled: true, MinBalance: ptrInt(-300)}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w allianceWorld) in(t *testing.T, who, slug string) app.Scope {
	t.Helper()
	return scopeIn(t, w.a, w.people[who], slug)
}

func (w allianceWorld) ally(t *testing.T) commons.Alliance {
	t.Helper()
	ctx := context.Background()
	al, err := w.a.ProposeAlliance(ctx, w.in(t, "Founder", "cwm"), commons.AllianceFields{Partner: "glan", Note: "Neighbours"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.AcceptAlliance(ctx, w.in(t, "Outsider", "glan"), al.ID); err != nil {
		t.Fatal(err)
	}
	return al
}

// An alliance is proposed by one side's editors and accepted by the
// other's; only then may members transfer across, to those of the other
// side they may see; each side's books balance and the two alliance
// accounts mirror each other; once ended, nothing more moves.
func TestAllianceRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newAllianceWorld(t, st)
		cwm, glan := w.in(t, "Founder", "cwm"), w.in(t, "Outsider", "glan")
		for name, c := range map[string]struct {
			s    app.Scope
			f    commons.AllianceFields
			code commons.Code
		}{
			"a member, not an editor": {w.in(t, "Helper", "cwm"), commons.AllianceFields{Partner: "glan"}, commons.CodeForbidden},
			"a visitor":               {w.in(t, "visitor", "cwm"), commons.AllianceFields{Partner: "glan"}, commons.CodeUnauthenticated},
			"no such community":       {cwm, commons.AllianceFields{Partner: "nowhere"}, commons.CodeInvalid},
			"itself":                  {cwm, commons.AllianceFields{Partner: "cwm"}, commons.CodeInvalid},
			"no partner":              {cwm, commons.AllianceFields{}, commons.CodeInvalid},
		} {
			if _, err := w.a.ProposeAlliance(ctx, c.s, c.f); commons.CodeOf(err) != c.code {
				t.Errorf("proposing, %s: %v, want %q", name, err, c.code)
			}
		}
		al, err := w.a.ProposeAlliance(ctx, cwm, commons.AllianceFields{Partner: "glan"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ProposeAlliance(ctx, glan, commons.AllianceFields{Partner: "cwm"}); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a second alliance the other way round: %v", err)
		}
		notes, _, err := st.Notifications(ctx, w.people["Outsider"].ID, commons.Page{Limit: 10})
		if err != nil || len(notes) == 0 || notes[0].Kind != commons.NotifyAllianceProposed || notes[0].Link != "/c/glan/timebank/alliances/"+al.ID {
			t.Errorf("glan's editor is told of the proposal: %+v, %v", notes, err)
		}
		across := commons.AcrossFields{ToUserID: w.people["Newcomer"].ID, Minutes: 60, Category: "care"}
		helper := w.in(t, "Helper", "cwm")
		if _, err := w.a.TransferAcross(ctx, helper, al.ID, across); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a transfer across a proposal: %v", err)
		}
		v, err := w.a.Alliances(ctx, glan)
		if err != nil || len(v.Alliances) != 1 || !v.Alliances[0].May.Accept || !v.Alliances[0].May.End || v.Alliances[0].OtherName != "Cwm" {
			t.Errorf("glan's view of the proposal: %+v, %v", v, err)
		}
		if err := w.a.AcceptAlliance(ctx, cwm, al.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("the proposer accepting its own proposal: %v", err)
		}
		if err := w.a.AcceptAlliance(ctx, glan, al.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.a.AcceptAlliance(ctx, glan, al.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("accepting twice: %v", err)
		}
		// Helper cannot see Outsider (a private profile in glan) nor
		// someone who is not in glan.
		for name, c := range map[string]struct {
			s    app.Scope
			f    commons.AcrossFields
			code commons.Code
		}{
			"to a private profile":  {helper, commons.AcrossFields{ToUserID: w.people["Outsider"].ID, Minutes: 60, Category: "care"}, commons.CodeInvalid},
			"to a non-member there": {helper, commons.AcrossFields{ToUserID: w.people["Ada"].ID, Minutes: 60, Category: "care"}, commons.CodeInvalid},
			"to oneself":            {w.in(t, "Newcomer", "cwm"), across, commons.CodeInvalid},
			"a fraction":            {helper, commons.AcrossFields{ToUserID: w.people["Newcomer"].ID, Minutes: 0, Category: "care"}, commons.CodeInvalid},
			"past the payer's limit": {helper, commons.AcrossFields{ToUserID: w.people["Newcomer"].ID, Minutes: 301, Category: "care"},
				commons.CodeInvalid},
			"by a visitor":    {w.in(t, "visitor", "cwm"), across, commons.CodeUnauthenticated},
			"from a stranger": {w.in(t, "Ada", "glan"), across, commons.CodeForbidden},
		} {
			if _, err := w.a.TransferAcross(ctx, c.s, al.ID, c.f); commons.CodeOf(err) != c.code {
				t.Errorf("across, %s: %v, want %q", name, err, c.code)
			}
		}
		tr, err := w.a.TransferAcross(ctx, helper, al.ID, across)
		if err != nil {
			t.Fatal(err)
		}
		if tr.PeerName != "Newcomer" || tr.AllianceID != al.ID {
			t.Errorf("the payer's half names the public receiver: %+v", tr)
		}
		// And back, from glan: Outsider sees everyone in cwm? No: only
		// public profiles; Newcomer is a member of both and sees all.
		if _, err := w.a.TransferAcross(ctx, w.in(t, "Newcomer", "glan"), al.ID, commons.AcrossFields{ToUserID: w.people["Founder"].ID, Minutes: 15, Category: "transport"}); err != nil {
			t.Fatalf("a member of both sides, back across: %v", err)
		}
		mine, err := w.a.TimeBank(ctx, w.in(t, "Newcomer", "glan"))
		if err != nil || mine.Account.Balance != 45 {
			t.Errorf("the receiver's account in glan: %+v, %v", mine.Account, err)
		}
		view, err := w.a.Alliance(ctx, w.in(t, "Helper", "cwm"), al.ID)
		if err != nil || view.Balance != 45 || len(view.History) != 2 || !view.May.Transfer || view.May.End || len(view.Recipients) != 1 {
			t.Errorf("cwm's alliance account: %+v, %v", view, err)
		}
		theirs, err := w.a.Alliance(ctx, glan, al.ID)
		if err != nil || len(theirs.History) != 2 || theirs.History[1].PeerName != "" || theirs.History[0].PeerName != "" || theirs.Balance != -45 {
			t.Errorf("glan's books name people of cwm, whose profiles are private: %+v, %v", theirs.History, err)
		}
		p, q, err := st.AllianceBalances(ctx, al)
		if err != nil || p != 45 || q != -45 {
			t.Errorf("the alliance accounts: %d and %d, %v; want 45 and -45", p, q, err)
		}
		for _, c := range []app.Scope{cwm, glan} {
			l, err := st.AuditLedger(ctx, c.Community.ID)
			if err != nil || l.Sum != 0 || l.Unbalanced != 0 || l.Transfers != 2 {
				t.Errorf("%s's books: %+v, %v", c.Community.Slug, l, err)
			}
		}
		if err := w.a.EndAlliance(ctx, helper, al.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a member ending it: %v", err)
		}
		if err := w.a.EndAlliance(ctx, glan, al.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.TransferAcross(ctx, helper, al.ID, across); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a transfer across an ended alliance: %v", err)
		}
		if err := w.a.EndAlliance(ctx, cwm, al.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("ending twice: %v", err)
		}
		if _, err := w.a.ProposeAlliance(ctx, glan, commons.AllianceFields{Partner: "cwm"}); err != nil {
			t.Errorf("a new alliance after the last ended: %v", err)
		}
	})
}

// 40 transfers at once across an alliance from one account near its lower
// limit, while transfers go the other way: exactly as many pass as the
// limit allows, and each community's books balance with the alliance
// accounts mirroring each other.
func TestAllianceRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newAllianceWorld(t, st)
		al := w.ally(t)
		payer := w.in(t, "Helper", "cwm")
		back := w.in(t, "Newcomer", "glan")
		var ok, refused atomic.Int32
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				_, err := w.a.TransferAcross(ctx, payer, al.ID, commons.AcrossFields{ToUserID: w.people["Newcomer"].ID, Minutes: 60, Category: "care"})
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
		for range 5 {
			wg.Go(func() {
				if _, err := w.a.TransferAcross(ctx, back, al.ID, commons.AcrossFields{ToUserID: w.people["Founder"].ID, Minutes: 1, Category: "care"}); err != nil {
					t.Errorf("back across: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 5 || refused.Load() != 35 {
			t.Errorf("%d passed, %d refused; want 5 and 35", ok.Load(), refused.Load())
		}
		v, err := w.a.TimeBank(ctx, payer)
		if err != nil || v.Account.Balance != -300 {
			t.Errorf("the payer: %d, %v; want -300", v.Account.Balance, err)
		}
		p, q, err := st.AllianceBalances(ctx, al)
		if err != nil || p != 295 || q != -295 {
			t.Errorf("the alliance accounts: %d and %d, %v; want 295 and -295", p, q, err)
		}
		for _, s := range []app.Scope{payer, back} {
			l, err := st.AuditLedger(ctx, s.Community.ID)
			if err != nil || l.Sum != 0 || l.Unbalanced != 0 || l.Transfers != 10 {
				t.Errorf("%s's books: %+v, %v", s.Community.Slug, l, err)
			}
		}
	})
}
