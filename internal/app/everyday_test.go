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

// Those who decide a resource's bookings are not asked to decide their
// own: the owner's booking of a hall that asks for requests is confirmed
// at once, and nobody is told a request waits; a member's still waits.
func TestStewardsOwnBookingIsNotARequest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		owner := w.people["owner"]
		start, end := w.slot()
		out, err := w.a.Book(ctx, w.scope(t, owner), w.hall, app.BookingRequest{Start: start, End: end, Purpose: "Tidy up"})
		if err != nil || out.Bookings[0].Status != commons.BookingConfirmed {
			t.Fatalf("the owner's own booking: %+v %v", out, err)
		}
		notes, _, err := st.Notifications(ctx, owner.ID, commons.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			if n.Kind == commons.NotifyBookingRequested {
				t.Errorf("the owner was asked to decide their own booking: %+v", n)
			}
		}
		if b := w.request(t, "member", w.hall, "Choir"); b.Status != commons.BookingRequested {
			t.Errorf("a member's booking: %s", b.Status)
		}
	})
}

// A space offered through a pledge is booked as confirmed when the team
// accepts it: the offer of the person who decides its bookings is their
// consent, and the library is not asked again about the room it offered.
func TestAcceptedPledgeOfASpaceIsConfirmed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		room, err := w.a.CreateResource(ctx, w.scope(t, "Ada"), commons.ResourceFields{Kind: commons.KindSpace, Title: "Back room",
			Terms: commons.TermsFree, Bookable: true, Approval: commons.ApprovalRequest})
		if err != nil {
			t.Fatal(err)
		}
		n, err := w.a.AddNeed(ctx, w.scope(t, "Founder"), w.init.ID, commons.NeedFields{Kind: commons.KindSpace, Description: "A room on Tuesdays"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.a.Pledge(ctx, w.scope(t, "Ada"), n.ID, app.PledgeFields{ResourceID: room.ID, Description: "Our back room"})
		if err != nil {
			t.Fatal(err)
		}
		start := w.a.Now().AddDate(0, 0, 9).Truncate(24 * time.Hour).Add(10 * time.Hour)
		if _, err := w.a.DecidePledge(ctx, w.scope(t, "Founder"), p.ID, true, &app.BookingRequest{Start: start, End: start.Add(2 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		rv, err := w.a.Resource(ctx, w.scope(t, "Ada"), room.ID)
		if err != nil {
			t.Fatal(err)
		}
		bs, err := w.a.Bookings(ctx, w.scope(t, "Ada"), rv, start.Add(-time.Minute), start.Add(time.Minute))
		if err != nil || len(bs) != 1 || bs[0].Status != commons.BookingConfirmed {
			t.Fatalf("the booking of the offered room: %+v %v", bs, err)
		}
	})
}

// A person hears when someone vouches for them, and when the vouch is the
// one that gives them the role; the giver is told nothing of their own act.
func TestVouchingTellsTheReceiver(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := clockedApp(t, st)
		founder := signUp(t, a, "Founder", "en")
		if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
			t.Fatal(err)
		}
		join := func(name string) commons.User {
			u := signUp(t, a, name, "en")
			if _, err := a.Join(ctx, scopeIn(t, a, &u, "cwm"), "", nil); err != nil {
				t.Fatal(err)
			}
			return u
		}
		ann, bryn := join("Ann"), join("Bryn")
		one := 1
		p := &one
		if _, err := a.UpdateCommunity(ctx, scopeIn(t, a, &founder, "cwm"), commons.CommunityChange{TrustThreshold: &p}); err != nil {
			t.Fatal(err)
		}
		// One voice is enough: the founder's gives Bryn the role; Ann's,
		// after it, tells him she vouches too.
		for _, giver := range []commons.User{founder, ann} {
			if giver.ID == ann.ID {
				if err := a.GiveTrust(ctx, scopeIn(t, a, &founder, "cwm"), ann.ID, commons.RoleMember); err != nil {
					t.Fatal(err)
				}
			}
			if err := a.GiveTrust(ctx, scopeIn(t, a, &giver, "cwm"), bryn.ID, commons.RoleMember); err != nil {
				t.Fatal(err)
			}
		}
		notes, _, err := st.Notifications(ctx, bryn.ID, commons.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range notes {
			got = append(got, n.Kind+":"+n.Args["Name"]+":"+n.Args["Role"])
		}
		want := []string{"vouched:Ann:member", "role_gained:Founder:member"} // newest first
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("Bryn's notifications: %v, want %v", got, want)
		}
		if mine, _, _ := st.Notifications(ctx, founder.ID, commons.Page{Limit: 10}); len(mine) != 0 {
			t.Errorf("the giver was told of their own vouch: %+v", mine)
		}
	})
}

// "Waits for your signature" is done once signed: the request to sign is
// marked read for the admins of the organization that signed, and stays
// for those of a party that has not.
func TestSigningMarksTheRequestToSignDone(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		other, err := w.a.CreateOrganization(ctx, w.scope(t, "Helper"), commons.OrganizationFields{Name: "Choir Council", Sector: commons.SectorPublicAuthority})
		if err != nil {
			t.Fatal(err)
		}
		prop := commons.PartnershipProposal{ReviewOn: w.a.Today(w.scope(t, "Founder").Community), Parties: []commons.PartyProposal{
			{OrgID: w.orgID, Role: "Lends the hall", Commitments: []commons.CommitmentProposal{{Description: "Open the doors"}}},
			{OrgID: other.ID, Role: "Pays the heating", Commitments: []commons.CommitmentProposal{{Description: "Pay the bill"}}}}}
		pv, err := w.a.ProposePartnership(ctx, w.scope(t, "Founder"), w.init.ID, prop)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Sign(ctx, w.scope(t, "Ada"), pv.Partnership.ID, w.orgID, pv.Partnership.Version); err != nil {
			t.Fatal(err)
		}
		unread := func(who string) int {
			ns, _, err := st.Notifications(ctx, w.people[who].ID, commons.Page{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range ns {
				if x.Kind == commons.NotifySignatureNeeded && x.ReadAt == nil {
					n++
				}
			}
			return n
		}
		if n := unread("Ada"); n != 0 {
			t.Errorf("Ada signed, and is still asked to: %d", n)
		}
		if n := unread("Helper"); n != 1 {
			t.Errorf("Helper has not signed, and is asked %d times", n)
		}
	})
}

// Those who asked to learn something, and whoever proposed it, hear when
// someone offers to teach it — once, and the teacher not of their own
// offer.
func TestOfferingToTeachTellsTheLearners(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		p, err := w.a.Propose(ctx, w.scope(t, "Newcomer"), "Fixing bicycles", "", []string{"repair"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.BackProposal(ctx, w.scope(t, "Ada"), p.ID, commons.InterestLearn, "", ""); err != nil {
			t.Fatal(err)
		}
		for range 2 { // offering twice tells nobody twice
			if err := w.a.BackProposal(ctx, w.scope(t, "Helper"), p.ID, commons.InterestTeach, "", "I mend mine"); err != nil {
				t.Fatal(err)
			}
		}
		count := func(who string) int {
			ns, _, err := st.Notifications(ctx, w.people[who].ID, commons.Page{Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range ns {
				if x.Kind == commons.NotifyTeacherOffered && x.Args["Name"] == "Helper" && x.Args["Title"] == "Fixing bicycles" {
					n++
				}
			}
			return n
		}
		for who, want := range map[string]int{"Newcomer": 1, "Ada": 1, "Helper": 0, "Founder": 0} {
			if got := count(who); got != want {
				t.Errorf("%s was told %d times, want %d", who, got, want)
			}
		}
	})
}

// A person takes back their own undecided offer, and only that: not one
// already decided, not another's; the page's May.Withdraw says the same.
func TestWithdrawPledge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		n := w.need(t)
		p, err := w.a.Pledge(ctx, w.scope(t, "Newcomer"), n.ID, app.PledgeFields{Description: "I sing alto"})
		if err != nil {
			t.Fatal(err)
		}
		mayWithdraw := func(who string) bool {
			v, err := w.a.Initiative(ctx, w.scope(t, who), w.init.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(v.Needs[0].Pledges) > 0 && v.Needs[0].Pledges[0].May.Withdraw
		}
		if !mayWithdraw("Newcomer") || mayWithdraw("Founder") {
			t.Error("May.Withdraw: only the pledger, while undecided")
		}
		if err := w.a.WithdrawPledge(ctx, w.scope(t, "Founder"), p.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("the team withdraws another's offer: %v", err)
		}
		if err := w.a.WithdrawPledge(ctx, w.scope(t, "Newcomer"), p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.PledgeByID(ctx, w.scope(t, "Newcomer"), p.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a withdrawn offer is still there: %v", err)
		}
		// One the team accepted stays.
		q, err := w.a.Pledge(ctx, w.scope(t, "Newcomer"), n.ID, app.PledgeFields{Description: "I sing bass too"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.DecidePledge(ctx, w.scope(t, "Founder"), q.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		if err := w.a.WithdrawPledge(ctx, w.scope(t, "Newcomer"), q.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("withdrawing an accepted offer: %v", err)
		}
	})
}
