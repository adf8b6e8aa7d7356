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

// matchWorld: Rhodri teaches bicycle repair and his shop offers a van;
// Irina asks to learn to fix bicycles; Mair's initiative needs a van.
type matchWorld struct {
	intentWorld
	proposal commons.Proposal
	need     commons.Need
	van      app.IntentView
}

func newMatchWorld(t *testing.T, st *store.Store) matchWorld {
	t.Helper()
	ctx := context.Background()
	w := matchWorld{intentWorld: newIntentWorld(t, st)}
	for _, name := range []string{"Rhodri", "Irina", "Mair", "Blocker"} {
		u := signUp(t, w.a, name, "en")
		w.people[name] = &u
		if _, err := w.a.Join(ctx, w.scope(t, name, "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.a.SaveLearningProfile(ctx, w.scope(t, "Rhodri", "cwm"), commons.LearningProfile{Teaches: []string{"bicycle repair", "soldering"}}); err != nil {
		t.Fatal(err)
	}
	// Blocker could teach it too, but blocked Irina.
	if _, err := w.a.SaveLearningProfile(ctx, w.scope(t, "Blocker", "cwm"), commons.LearningProfile{Teaches: []string{"bike maintenance"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.a.Block(ctx, w.people["Blocker"], w.people["Irina"].ID); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.proposal, err = w.a.Propose(ctx, w.scope(t, "Irina", "cwm"), "Fixing bicycles", "", nil); err != nil {
		t.Fatal(err)
	}
	shop, err := w.a.CreateOrganization(ctx, w.scope(t, "Rhodri", "cwm"), commons.OrganizationFields{Name: "Jenkins Hardware", Sector: commons.SectorBusiness})
	if err != nil {
		t.Fatal(err)
	}
	if w.van, err = w.a.PostIntent(ctx, w.scope(t, "Rhodri", "cwm"), commons.IntentFields{Direction: commons.IntentOffer,
		Kind: commons.KindEquipment, Title: "Our delivery van on Saturdays", OwnerOrgID: shop.ID}); err != nil {
		t.Fatal(err)
	}
	i, err := w.a.CreateInitiative(ctx, w.scope(t, "Mair", "cwm"), commons.InitiativeFields{Title: "Spring fair", Summary: "A fair in the hall"})
	if err != nil {
		t.Fatal(err)
	}
	if w.need, err = w.a.AddNeed(ctx, w.scope(t, "Mair", "cwm"), i.ID, commons.NeedFields{Kind: commons.KindEquipment,
		Description: "A van to bring the chairs"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func matchIDs(mv app.MatchesView) []string {
	var out []string
	for _, m := range mv.Matches {
		out = append(out, string(m.Type)+":"+m.ID)
	}
	return out
}

func TestMatchesFindAndExplain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		// The bicycle case: word forms and synonyms, the blocker left out.
		mv, err := w.a.Matches(ctx, w.scope(t, "Irina", "cwm"), commons.SubjectProposal, w.proposal.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchIDs(mv); len(got) != 1 || got[0] != "person:"+w.people["Rhodri"].ID {
			t.Fatalf("matches %v", got)
		}
		if r := mv.Matches[0].Reasons[0]; r.Code != "words" || r.Args["Words"] != "bicycle, repair" {
			t.Errorf("reason %+v", r)
		}
		if mv.Matches[0].Act != "ask" {
			t.Errorf("Irina may %q", mv.Matches[0].Act)
		}
		// The van: the need meets the shop's offer, from another sector;
		// and the offer, the other way, meets the need.
		mv, err = w.a.Matches(ctx, w.scope(t, "Mair", "cwm"), commons.SubjectNeed, w.need.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchIDs(mv); len(got) != 1 || got[0] != "intent:"+w.van.ID {
			t.Fatalf("need matches %v", got)
		}
		mv, err = w.a.Matches(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectIntent, w.van.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchIDs(mv); len(got) != 1 || got[0] != "need:"+w.need.ID || mv.Matches[0].Act != "pledge" {
			t.Fatalf("offer matches %v", mv.Matches)
		}
		// Not a member, or another community: not found.
		if _, err := w.a.Matches(ctx, w.scope(t, "Outsider", "cwm"), commons.SubjectNeed, w.need.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("outsider: %v", err)
		}
		if _, err := w.a.Matches(ctx, w.scope(t, "Outsider", "other"), commons.SubjectNeed, w.need.ID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("other community: %v", err)
		}
		if _, err := w.a.Matches(ctx, w.scope(t, "Mair", "cwm"), commons.SubjectResource, w.need.ID); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a resource is no seeker: %v", err)
		}
	})
}

func TestActOnMatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		rhodri := w.scope(t, "Rhodri", "cwm")
		// Acting twice on the van gives one pledge.
		var first app.MatchResult
		for n := range 2 {
			res, err := w.a.ActOnMatch(ctx, rhodri, commons.SubjectIntent, w.van.ID, commons.SubjectNeed, w.need.ID, "")
			if err != nil {
				t.Fatalf("act %d: %v", n, err)
			}
			if n == 0 {
				first = res
			} else if res != first {
				t.Errorf("second act %+v, first %+v", res, first)
			}
		}
		if first.ResultType != app.ResultPledge {
			t.Fatalf("result %+v", first)
		}
		iv, err := w.a.Initiative(ctx, w.scope(t, "Mair", "cwm"), w.need.InitiativeID)
		if err != nil || len(iv.Pledges) != 1 || iv.Pledges[0].OrgName != "Jenkins Hardware" {
			t.Fatalf("pledges %+v %v", iv.Pledges, err)
		}
		if told := countNotes(t, w.a, w.people["Mair"], commons.NotifyPledgeReceived); told != 1 {
			t.Errorf("Mair told %d times", told)
		}
		// Rhodri offers to teach; Irina hears of it once.
		if _, err := w.a.ActOnMatch(ctx, rhodri, commons.SubjectProposal, w.proposal.ID, commons.CandidatePerson, w.people["Rhodri"].ID, ""); err != nil {
			t.Fatal(err)
		}
		p, _ := w.a.Proposal(ctx, rhodri, w.proposal.ID)
		if len(p.People(commons.InterestTeach)) != 1 {
			t.Errorf("teachers %v", p.Interest)
		}
		if told := countNotes(t, w.a, w.people["Irina"], commons.NotifyMatchOffered); told != 1 {
			t.Errorf("Irina told %d times", told)
		}
		// Someone on neither side may not act.
		if _, err := w.a.ActOnMatch(ctx, w.scope(t, "Neighbour", "cwm"), commons.SubjectNeed, w.need.ID, commons.SubjectIntent, w.van.ID, ""); commons.CodeOf(err) != commons.CodeForbidden && commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("neighbour acts: %v", err)
		}
	})
}

func TestDeclinedMatchIsNotSuggestedAgain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		mair := w.scope(t, "Mair", "cwm")
		if err := w.a.DeclineMatch(ctx, w.scope(t, "Neighbour", "cwm"), commons.SubjectNeed, w.need.ID, commons.SubjectIntent, w.van.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("neighbour declines: %v", err)
		}
		if err := w.a.DeclineMatch(ctx, mair, commons.SubjectNeed, w.need.ID, commons.SubjectIntent, w.van.ID); err != nil {
			t.Fatal(err)
		}
		mv, err := w.a.Matches(ctx, mair, commons.SubjectNeed, w.need.ID)
		if err != nil || len(mv.Matches) != 0 {
			t.Errorf("after declining: %v %v", matchIDs(mv), err)
		}
		if _, err := w.a.ActOnMatch(ctx, mair, commons.SubjectNeed, w.need.ID, commons.SubjectIntent, w.van.ID, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("acting on a declined pair: %v", err)
		}
	})
}

func countNotes(t *testing.T, a *app.App, u *commons.User, kind string) int {
	t.Helper()
	ns, _, err := a.Notifications(context.Background(), u, commons.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == kind {
			n++
		}
	}
	return n
}

// The personal home: what waits for Mair's decision (the pledge on her
// need) and Rhodri's offer with its suggestion.
func TestMyHome(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		h, err := w.a.MyHome(ctx, w.people["Rhodri"])
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Matches) != 1 || h.Matches[0].Count != 1 || h.Matches[0].Best == nil || h.Matches[0].Best.ID != w.need.ID {
			t.Fatalf("Rhodri's matches %+v", h.Matches)
		}
		if _, err := w.a.ActOnMatch(ctx, w.scope(t, "Rhodri", "cwm"), commons.SubjectIntent, w.van.ID, commons.SubjectNeed, w.need.ID, ""); err != nil {
			t.Fatal(err)
		}
		h, err = w.a.MyHome(ctx, w.people["Mair"])
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Waiting) != 1 || h.Waiting[0].Kind != "pledges" || h.Waiting[0].Count != 1 || h.Waiting[0].Path != "/c/cwm/initiatives/"+w.need.InitiativeID {
			t.Errorf("Mair's waiting %+v", h.Waiting)
		}
		if len(h.Communities) != 1 {
			t.Errorf("communities %v", h.Communities)
		}
		if _, err := w.a.MyHome(ctx, nil); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("visitor: %v", err)
		}
	})
}

// The learning champion's overview: editors and stewards only; unmet
// needs and learning requests with their best suggestions, and newcomers
// no one vouched for after a week.
func TestOverview(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		if _, err := w.a.Overview(ctx, w.scope(t, "Neighbour", "cwm")); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer reads the overview: %v", err)
		}
		if _, err := w.a.Overview(ctx, w.scope(t, "visitor", "cwm")); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("a visitor: %v", err)
		}
		w.setClock(8 * 24 * time.Hour)
		o, err := w.a.Overview(ctx, w.scope(t, "Author", "cwm"))
		if err != nil {
			t.Fatal(err)
		}
		lines := map[string]int{}
		for _, s := range o.Sections {
			lines[s.Name] = len(s.Lines)
		}
		if lines["unmet_needs"] != 1 || lines["proposals_without_teacher"] != 1 || lines["unvouched_newcomers"] != 5 {
			t.Errorf("sections %v", lines)
		}
		if len(o.BestMatches) != 2 {
			t.Errorf("best matches %+v", o.BestMatches)
		}
	})
}

// One search across kinds: the offer and the teacher's proposal are
// found; visitors find neither community-only offers nor threads.
func TestSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		if _, err := w.a.CreateOrganization(ctx, w.scope(t, "Mair", "cwm"), commons.OrganizationFields{Name: "Van drivers' club", Sector: commons.SectorCitizenGroup}); err != nil {
			t.Fatal(err)
		}
		rs, err := w.a.Search(ctx, w.scope(t, "Mair", "cwm"), "van")
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[commons.SubjectType]int{}
		for _, r := range rs {
			kinds[r.Type]++
		}
		if kinds[commons.SubjectIntent] != 1 || kinds[commons.SubjectOrganization] != 1 {
			t.Errorf("found %v", rs)
		}
		rs, err = w.a.Search(ctx, w.scope(t, "visitor", "cwm"), "van")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Type == commons.SubjectIntent {
				t.Errorf("a visitor found a community-only offer: %v", r)
			}
		}
		if _, err := w.a.Search(ctx, w.scope(t, "visitor", "cwm"), ""); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("empty search: %v", err)
		}
	})
}

// An organization's page shows its work: here the hardware shop's offer
// and its pledge once acted on.
func TestOrganizationWork(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		rhodri := w.scope(t, "Rhodri", "cwm")
		if _, err := w.a.ActOnMatch(ctx, rhodri, commons.SubjectIntent, w.van.ID, commons.SubjectNeed, w.need.ID, ""); err != nil {
			t.Fatal(err)
		}
		work, err := w.a.OrganizationWork(ctx, rhodri, w.van.OwnerOrgID)
		if err != nil {
			t.Fatal(err)
		}
		if len(work.Intents) != 1 || len(work.Items) != 1 || work.Items[0].Role != "pledged" {
			t.Errorf("work %+v", work)
		}
		if _, err := w.a.OrganizationWork(ctx, w.scope(t, "Outsider", "other"), w.van.OwnerOrgID); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("another community: %v", err)
		}
	})
}

// The digest's "new matches for you": what appeared in the span for the
// person's offers, and nothing before it.
func TestNewMatchesForDigest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newMatchWorld(t, st)
		now := w.a.Now()
		ms, err := w.a.NewMatchesFor(ctx, *w.people["Rhodri"], now.Add(-time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].Match.ID != w.need.ID || ms[0].Intent.SubjectID != w.van.ID {
			t.Fatalf("new matches %+v", ms)
		}
		if ms, err := w.a.NewMatchesFor(ctx, *w.people["Rhodri"], now, now.Add(time.Hour)); err != nil || len(ms) != 0 {
			t.Errorf("after the span: %v %v", ms, err)
		}
	})
}
