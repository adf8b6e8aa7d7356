package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// fundWorld is a community with a council, an initiative run by Gwen and
// voters who joined before the round opened.
type fundWorld struct {
	a       *app.App
	st      *store.Store
	at      func(time.Duration)
	people  map[string]*commons.User
	council string
	inits   []commons.Initiative
	round   commons.FundRound
}

// The round's calendar, from the moment it opens (an hour into the test).
const (
	fundReview  = 24 * time.Hour
	fundVoting  = 48 * time.Hour
	fundCloses  = 72 * time.Hour
	fundOpening = time.Hour
)

func (w *fundWorld) scope(t *testing.T, who string) app.Scope {
	t.Helper()
	return scopeIn(t, w.a, w.people[who], "cwm")
}

func newFundWorld(t *testing.T, st *store.Store, voters int, rule commons.FundRuleFields) *fundWorld {
	t.Helper()
	ctx := context.Background()
	a, at := clockedApp(t, st)
	w := &fundWorld{a: a, st: st, at: at, people: map[string]*commons.User{"visitor": nil}}
	names := []string{"Founder", "Gwen", "Huw", "Outsider"}
	for n := range voters {
		names = append(names, fmt.Sprintf("Voter%03d", n))
	}
	for _, name := range names {
		u := signUp(t, a, name, "en")
		w.people[name] = &u
	}
	if _, err := a.CreateCommunity(ctx, w.people["Founder"], commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range names[1:] {
		if name == "Outsider" {
			continue
		}
		if _, err := a.Join(ctx, scopeIn(t, a, w.people[name], "cwm"), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	o, err := a.CreateOrganization(ctx, w.scope(t, "Founder"), commons.OrganizationFields{Name: "Cwm Council", Sector: commons.SectorPublicAuthority})
	if err != nil {
		t.Fatal(err)
	}
	w.council = o.ID
	for n, title := range []string{"Warm hub", "Soup club", "Repair cafe"} {
		who := "Gwen"
		if n == 2 {
			who = "Huw"
		}
		i, err := a.CreateInitiative(ctx, w.scope(t, who), commons.InitiativeFields{Title: title, Summary: "Warm", Themes: []string{"climate"}})
		if err != nil {
			t.Fatal(err)
		}
		w.inits = append(w.inits, i)
	}
	at(fundOpening)
	start := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC).Add(fundOpening)
	w.round, err = a.OpenFundRound(ctx, w.scope(t, "Founder"), commons.FundRoundFields{Title: "Warm Spaces", Pool: 1000, Unit: "GBP",
		FunderIDs: []string{o.ID}, Themes: []string{"climate"}, FundRuleFields: rule,
		ReviewAt: start.Add(fundReview), VotingAt: start.Add(fundVoting), ClosesAt: start.Add(fundCloses)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// propose puts each initiative's proposal and makes them eligible.
func (w *fundWorld) propose(t *testing.T, amounts ...int64) []commons.FundApplication {
	t.Helper()
	ctx := context.Background()
	var out []commons.FundApplication
	for n, amount := range amounts {
		who := "Gwen"
		if n == 2 {
			who = "Huw"
		}
		ap, err := w.a.ProposeToFund(ctx, w.scope(t, who), w.round.ID, commons.FundApplicationFields{InitiativeID: w.inits[n].ID,
			Title: w.inits[n].Title, Plan: "Open three evenings a week.", Amount: amount, Minimum: amount / 2})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ap)
	}
	w.at(fundOpening + fundReview)
	for _, ap := range out {
		if err := w.a.ReviewFundApplication(ctx, w.scope(t, "Founder"), ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	w.at(fundOpening + fundVoting)
	return out
}

func approval(min, max int) commons.FundRuleFields {
	return commons.FundRuleFields{Rule: commons.FundApproval, MinChoices: min, MaxChoices: max, Method: commons.FundEqualShares}
}

func TestFundRoundLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newFundWorld(t, st, 4, approval(1, 2))
		// Proposals: the team only, within the pool, once per initiative.
		f := commons.FundApplicationFields{InitiativeID: w.inits[0].ID, Title: "Warm hub", Plan: "Heat the hall.", Amount: 600, Minimum: 300}
		for _, tc := range []struct {
			who  string
			f    commons.FundApplicationFields
			code commons.Code
		}{
			{"visitor", f, commons.CodeUnauthenticated},
			{"Huw", f, commons.CodeForbidden},
			{"Gwen", commons.FundApplicationFields{InitiativeID: w.inits[0].ID, Title: "x", Plan: "y", Amount: 1001}, commons.CodeInvalid},
			{"Gwen", commons.FundApplicationFields{InitiativeID: w.inits[0].ID, Title: "x", Plan: "y", Amount: -5}, commons.CodeInvalid},
			{"Gwen", commons.FundApplicationFields{InitiativeID: w.inits[0].ID, Title: "x", Plan: "y", Amount: 50, Minimum: 60}, commons.CodeInvalid},
		} {
			if _, err := w.a.ProposeToFund(ctx, w.scope(t, tc.who), w.round.ID, tc.f); commons.CodeOf(err) != tc.code {
				t.Errorf("%s proposing %+v: %v, want %s", tc.who, tc.f, err, tc.code)
			}
		}
		warm, err := w.a.ProposeToFund(ctx, w.scope(t, "Gwen"), w.round.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ProposeToFund(ctx, w.scope(t, "Gwen"), w.round.ID, f); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("second proposal of one initiative: %v", err)
		}
		soup, err := w.a.ProposeToFund(ctx, w.scope(t, "Gwen"), w.round.ID, commons.FundApplicationFields{InitiativeID: w.inits[1].ID,
			Title: "Soup club", Plan: "Soup on Fridays.", Amount: 300})
		if err != nil {
			t.Fatal(err)
		}
		repair, err := w.a.ProposeToFund(ctx, w.scope(t, "Huw"), w.round.ID, commons.FundApplicationFields{InitiativeID: w.inits[2].ID,
			Title: "Repair cafe", Plan: "Fix heaters.", Amount: 500})
		if err != nil {
			t.Fatal(err)
		}
		// Reviews: reviewers only; refusing needs a reason, which Huw is told.
		if err := w.a.ReviewFundApplication(ctx, w.scope(t, "Gwen"), repair.ID, false, "no"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a non-reviewer reviewed: %v", err)
		}
		if err := w.a.ReviewFundApplication(ctx, w.scope(t, "Founder"), repair.ID, false, " "); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("refused without a reason: %v", err)
		}
		w.at(fundOpening + fundReview)
		if _, err := w.a.ProposeToFund(ctx, w.scope(t, "Huw"), w.round.ID, f); err == nil {
			t.Error("a proposal after proposals closed was taken")
		}
		for id, ok := range map[string]bool{warm.ID: true, soup.ID: true, repair.ID: false} {
			if err := w.a.ReviewFundApplication(ctx, w.scope(t, "Founder"), id, ok, "Heaters are the council's own duty."); err != nil {
				t.Fatal(err)
			}
		}
		page, err := w.a.FundApplication(ctx, w.scope(t, "Huw"), repair.ID)
		if err != nil || page.Status != commons.FundIneligible || page.Reason != "Heaters are the council's own duty." {
			t.Errorf("the proposer sees %+v, %v", page.FundApplication, err)
		}
		ns, _, err := w.a.Notifications(ctx, w.people["Huw"], commons.Page{})
		if err != nil || len(ns) != 1 || ns[0].Kind != commons.NotifyFundReviewed {
			t.Errorf("Huw's notifications: %+v, %v", ns, err)
		}
		// Voting is not open yet.
		ballot := []commons.FundChoice{{ApplicationID: warm.ID, Points: 1}}
		if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter000"), w.round.ID, ballot); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a ballot before voting: %v", err)
		}
		w.at(fundOpening + fundVoting)
		// The rule is fixed now.
		edit := commons.FundRoundFields{Title: "Warm Spaces", Pool: 1000, Unit: "GBP", FunderIDs: []string{w.council}, Themes: []string{"climate"},
			FundRuleFields: approval(1, 3), ReviewAt: w.round.ReviewAt, VotingAt: w.round.VotingAt, ClosesAt: w.round.ClosesAt}
		if _, err := w.a.UpdateFundRound(ctx, w.scope(t, "Founder"), w.round.ID, edit); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("the rule changed after voting opened: %v", err)
		}
		edit.FundRuleFields, edit.Description = approval(1, 2), "Now with a description."
		if _, err := w.a.UpdateFundRound(ctx, w.scope(t, "Founder"), w.round.ID, edit); err != nil {
			t.Errorf("editing the description while voting: %v", err)
		}
		if err := w.a.ReviewFundApplication(ctx, w.scope(t, "Founder"), repair.ID, true, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a review after voting opened: %v", err)
		}
		// Bad ballots.
		for name, tc := range map[string]struct {
			who     string
			choices []commons.FundChoice
			code    commons.Code
		}{
			"visitor":     {"visitor", ballot, commons.CodeUnauthenticated},
			"outsider":    {"Outsider", ballot, commons.CodeForbidden},
			"ineligible":  {"Voter000", []commons.FundChoice{{ApplicationID: repair.ID, Points: 1}}, commons.CodeInvalid},
			"unknown":     {"Voter000", []commons.FundChoice{{ApplicationID: "nope", Points: 1}}, commons.CodeInvalid},
			"twice":       {"Voter000", []commons.FundChoice{{ApplicationID: warm.ID, Points: 1}, {ApplicationID: warm.ID, Points: 1}}, commons.CodeInvalid},
			"empty":       {"Voter000", nil, commons.CodeInvalid},
			"points":      {"Voter000", []commons.FundChoice{{ApplicationID: warm.ID, Points: -1}}, commons.CodeInvalid},
			"too many":    {"Voter000", []commons.FundChoice{{ApplicationID: warm.ID, Points: 1}, {ApplicationID: soup.ID, Points: 1}, {ApplicationID: repair.ID, Points: 1}}, commons.CodeInvalid},
			"other round": {"Voter000", ballot, commons.CodeNotFound},
		} {
			roundID := w.round.ID
			if name == "other round" {
				roundID = "0190c4d2-0000-7000-8000-000000000000"
			}
			if err := w.a.PutFundBallot(ctx, w.scope(t, tc.who), roundID, tc.choices); commons.CodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", name, err, tc.code)
			}
		}
		// Voter000 and Voter001 want the hub; Voter002 and Gwen the soup;
		// Voter003 changes their mind.
		votes := map[string][]string{"Voter000": {warm.ID}, "Voter001": {warm.ID, soup.ID}, "Voter002": {soup.ID}, "Gwen": {soup.ID},
			"Voter003": {warm.ID}}
		for who, ids := range votes {
			var cs []commons.FundChoice
			for _, id := range ids {
				cs = append(cs, commons.FundChoice{ApplicationID: id, Points: 1})
			}
			if err := w.a.PutFundBallot(ctx, w.scope(t, who), w.round.ID, cs); err != nil {
				t.Fatalf("%s: %v", who, err)
			}
		}
		if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter003"), w.round.ID, []commons.FundChoice{{ApplicationID: soup.ID, Points: 1}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.FundResults(ctx, w.scope(t, "visitor"), w.round.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("results while voting: %v", err)
		}
		w.at(fundOpening + fundCloses)
		if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter000"), w.round.ID, ballot); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a ballot after closing: %v", err)
		}
		// Equal shares, 5 voters with 200 each: the soup (300) costs its
		// 4 supporters 75 each; the hub (600) then has 200 + 125 < 600 and
		// is out (partial funding is off in this round), yet it fits in
		// the 700 left. The add1 completion raises the shares until the
		// hub's two supporters hold s + (s − 75) ≥ 600, at s = 338: 900
		// spent within the pool, 100 return to it.
		res, err := w.a.FundResults(ctx, w.scope(t, "visitor"), w.round.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, l := range res.Lines {
			got[l.Title] = l.Funded
		}
		if res.Ballots != 5 || got["Soup club"] != 300 || got["Warm hub"] != 600 || res.Left != 100 || res.Completed != 1 {
			t.Errorf("results %+v, %d ballots, %d left, %d by completion", got, res.Ballots, res.Left, res.Completed)
		}
		// An override needs a reason and a manager.
		if err := w.a.OverrideFundResult(ctx, w.scope(t, "Gwen"), warm.ID, 400, "Cold winter"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("Gwen overrode: %v", err)
		}
		if err := w.a.OverrideFundResult(ctx, w.scope(t, "Founder"), warm.ID, 400, ""); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("an override without a reason: %v", err)
		}
		if err := w.a.OverrideFundResult(ctx, w.scope(t, "Founder"), warm.ID, 400, "The hub is the only warm space in the north end."); err != nil {
			t.Fatal(err)
		}
		res, _ = w.a.FundResults(ctx, w.scope(t, "visitor"), w.round.ID)
		for _, l := range res.Lines {
			if l.Title == "Warm hub" && (l.Funded != 400 || l.Computed != 600 || l.Override == nil || l.Override.ByName != "") {
				t.Errorf("the overridden line %+v (the visitor sees no name)", l)
			}
		}
		record, _, err := w.a.Record(ctx, w.scope(t, "Gwen"), commons.Page{})
		if err != nil || !slices.ContainsFunc(record, func(e commons.LogEntry) bool { return e.Action == "fund.override" }) {
			t.Errorf("the override is not on the record: %v", err)
		}
		// The hub has a partnership with the council (the soup has none):
		// its funding becomes the council's commitment there too.
		prop := commons.PartnershipProposal{ReviewOn: w.a.Today(w.scope(t, "Gwen").Community),
			Parties: []commons.PartyProposal{{OrgID: w.council, Role: "Funds the heating", Commitments: []commons.CommitmentProposal{{Description: "Check the boiler"}}}}}
		if _, err := w.a.ProposePartnership(ctx, w.scope(t, "Gwen"), w.inits[0].ID, prop); err != nil {
			t.Fatal(err)
		}
		// Confirming makes the pledges; twice is a conflict.
		if err := w.a.PublishFundResults(ctx, w.scope(t, "Founder"), w.round.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.a.PublishFundResults(ctx, w.scope(t, "Founder"), w.round.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("confirmed twice: %v", err)
		}
		if err := w.a.OverrideFundResult(ctx, w.scope(t, "Founder"), warm.ID, 10, "Late"); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("an override after confirming: %v", err)
		}
		view, err := w.a.Initiative(ctx, w.scope(t, "Gwen"), w.inits[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range view.Needs {
			for _, p := range n.Pledges {
				found = found || (p.OrgID == w.council && p.Status == commons.PledgeAccepted && strings.Contains(n.Description, "400 GBP"))
			}
		}
		if !found {
			t.Errorf("no accepted pledge from the council on the hub: %+v", view.Needs)
		}
		var promised []string
		if view.Partnership != nil {
			for _, c := range view.Partnership.Current().Parties[0].Commitments {
				promised = append(promised, fmt.Sprintf("%s %s", c.Description, c.Status))
			}
		}
		if !slices.Equal(promised, []string{"Check the boiler pending", "Warm Spaces: 400 GBP (Cwm Council) pending"}) {
			t.Errorf("the council's commitments on the hub: %q", promised)
		}
		if soup, _ := w.a.Initiative(ctx, w.scope(t, "Gwen"), w.inits[1].ID); soup.Partnership != nil {
			t.Errorf("the soup club got a partnership: %+v", soup.Partnership)
		}
		// Follow-up: the team says what it spent, within what it got.
		if err := w.a.SetFundSpent(ctx, w.scope(t, "Gwen"), warm.ID, 401); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("spent more than funded: %v", err)
		}
		if err := w.a.SetFundSpent(ctx, w.scope(t, "Huw"), warm.ID, 100); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("another team said what was spent: %v", err)
		}
		if err := w.a.SetFundSpent(ctx, w.scope(t, "Gwen"), warm.ID, 250); err != nil {
			t.Fatal(err)
		}
		rv, err := w.a.FundRound(ctx, w.scope(t, "visitor"), w.round.ID)
		if err != nil || rv.Phase != commons.FundPhaseFollowUp || rv.Committed != 700 || rv.Spent != 250 {
			t.Errorf("round in follow-up: %s, committed %d, spent %d, %v", rv.Phase, rv.Committed, rv.Spent, err)
		}
		list, err := w.a.FundRounds(ctx, w.scope(t, "visitor"))
		if err != nil || len(list.Past) != 1 || len(list.Current) != 0 {
			t.Errorf("archive %+v, %v", list, err)
		}

		// A next round of the council in GBP takes what this one left:
		// 1000 − 700 funded, and 700 − 250 not spent, 750 in all; once.
		now := w.a.Now()
		next := func(title, unit string) commons.FundRound {
			r, err := w.a.OpenFundRound(ctx, w.scope(t, "Founder"), commons.FundRoundFields{Title: title, Pool: 500, Unit: unit,
				FunderIDs: []string{w.council}, FundRuleFields: approval(1, 2),
				ReviewAt: now.Add(fundReview), VotingAt: now.Add(fundVoting), ClosesAt: now.Add(fundCloses)})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		hours, spring, summer := next("Hall hours", "hours"), next("Spring", "GBP"), next("Summer", "GBP")
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Gwen"), spring.ID); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("Gwen carried over: %v", err)
		}
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Founder"), hours.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("carried GBP into hours: %v", err)
		}
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Founder"), spring.ID); err != nil {
			t.Fatal(err)
		}
		sv, err := w.a.FundRound(ctx, w.scope(t, "visitor"), spring.ID)
		if err != nil || sv.Pool != 1250 || sv.Carried != 750 || sv.CarriedFromTitle != "Warm Spaces" || sv.May.CarryOver {
			t.Errorf("spring: pool %d, carried %d from %q, may carry %v, %v", sv.Pool, sv.Carried, sv.CarriedFromTitle, sv.May.CarryOver, err)
		}
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Founder"), spring.ID); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("carried twice into one round: %v", err)
		}
		var ce *commons.Error
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Founder"), summer.ID); !errors.As(err, &ce) || ce.Message.Key != "error.fund.nothing_to_carry" {
			t.Errorf("the same leftovers carried into a second round: %v", err)
		}
		if sv, _ := w.a.FundRound(ctx, w.scope(t, "Founder"), summer.ID); sv.Pool != 500 || !sv.May.CarryOver {
			t.Errorf("summer: pool %d, may carry %v", sv.Pool, sv.May.CarryOver)
		}
		w.at(fundOpening + fundCloses + fundVoting + 48*time.Hour)
		if err := w.a.CarryOverFund(ctx, w.scope(t, "Founder"), summer.ID); !errors.As(err, &ce) || ce.Message.Key != "error.fund.carry_phase" {
			t.Errorf("carried over once voting opened: %v", err)
		}
	})
}

// Members who joined after the round opened do not vote in it.
func TestFundNewcomersOfTheRound(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newFundWorld(t, st, 1, approval(1, 1))
		apps := w.propose(t, 500)
		late := signUp(t, w.a, "Late", "en")
		w.people["Late"] = &late
		if _, err := w.a.Join(ctx, w.scope(t, "Late"), "", nil); err != nil {
			t.Fatal(err)
		}
		b := []commons.FundChoice{{ApplicationID: apps[0].ID, Points: 1}}
		if err := w.a.PutFundBallot(ctx, w.scope(t, "Late"), w.round.ID, b); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer of the round voted: %v", err)
		}
		if rv, _ := w.a.FundRound(ctx, w.scope(t, "Late"), w.round.ID); rv.May.Vote {
			t.Error("the page offers the newcomer a ballot")
		}
		if rv, _ := w.a.FundRound(ctx, w.scope(t, "Voter000"), w.round.ID); !rv.May.Vote {
			t.Error("the page offers an older member no ballot")
		}
		if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter000"), w.round.ID, b); err != nil {
			t.Error(err)
		}
	})
}

// Knapsack and token rules refuse ballots over the pool, under the
// minimum share, over the tokens and over the cap.
func TestFundBallotRules(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		rule commons.FundRuleFields
		ok   [][]int
		bad  [][]int
	}{
		{commons.FundRuleFields{Rule: commons.FundKnapsack, MinShare: 50, Method: commons.FundGreedy},
			[][]int{{1, 1, 0}, {0, 0, 1}}, [][]int{{1, 1, 1}, {0, 1, 0}}},
		{commons.FundRuleFields{Rule: commons.FundTokens, Tokens: 10, TokenCap: 6, Method: commons.FundEqualShares},
			[][]int{{6, 4, 0}, {1, 0, 0}}, [][]int{{7, 1, 0}, {6, 4, 1}, {0, -2, 3}}},
	} {
		storetest.ForEach(t, func(t *testing.T, st *store.Store) {
			w := newFundWorld(t, st, 1, tc.rule)
			apps := w.propose(t, 400, 300, 600)
			ballot := func(points []int) []commons.FundChoice {
				var cs []commons.FundChoice
				for n, p := range points {
					if p != 0 {
						cs = append(cs, commons.FundChoice{ApplicationID: apps[n].ID, Points: p})
					}
				}
				return cs
			}
			for _, b := range tc.bad {
				if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter000"), w.round.ID, ballot(b)); commons.CodeOf(err) != commons.CodeInvalid {
					t.Errorf("ballot %v: %v", b, err)
				}
			}
			for _, b := range tc.ok {
				if err := w.a.PutFundBallot(ctx, w.scope(t, "Voter000"), w.round.ID, ballot(b)); err != nil {
					t.Errorf("ballot %v: %v", b, err)
				}
			}
		})
	}
}

// Forty ballots from one person at once keep exactly one of them, whole,
// and none over the rule; two hundred from different people keep two
// hundred, with the totals their ballots add up to. Then the Pabulib file
// recomputes the same result.
func TestFundBallotRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newFundWorld(t, st, 200, commons.FundRuleFields{Rule: commons.FundKnapsack, Method: commons.FundEqualShares})
		apps := w.propose(t, 400, 300, 700)
		// Each of the 40: valid ones (within 1000) and invalid ones (over).
		options := [][]int{{0, 1}, {2}, {0, 2}, {0, 1, 2}, {1, 2}}
		valid := func(o []int) bool { return !slices.Equal(o, []int{0, 1, 2}) && !slices.Equal(o, []int{0, 2}) }
		choices := func(o []int) []commons.FundChoice {
			var cs []commons.FundChoice
			for _, i := range o {
				cs = append(cs, commons.FundChoice{ApplicationID: apps[i].ID, Points: 1})
			}
			return cs
		}
		s := w.scope(t, "Voter000")
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for n := range 40 {
			wg.Go(func() { errs[n] = w.a.PutFundBallot(ctx, s, w.round.ID, choices(options[n%len(options)])) })
		}
		wg.Wait()
		for n, err := range errs {
			if o := options[n%len(options)]; valid(o) != (err == nil) {
				t.Errorf("ballot %v: %v", o, err)
			}
		}
		kept, _, err := st.FundBallotOf(ctx, s.Community.ID, w.round.ID, s.Actor.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int
		for _, c := range kept {
			ids = append(ids, slices.IndexFunc(apps, func(a commons.FundApplication) bool { return a.ID == c.ApplicationID }))
		}
		slices.Sort(ids)
		if !valid(ids) || !slices.ContainsFunc(options, func(o []int) bool { return slices.Equal(o, ids) }) {
			t.Errorf("kept %v: not one whole valid ballot", ids)
		}
		// 200 voters at once: Voter000 again, and 199 more; the totals are
		// those of each one's last ballot.
		want := make([]int64, 3)
		errs = make([]error, 200)
		for n := range 200 {
			o := options[n%len(options)]
			if !valid(o) {
				o = []int{n % 3}
			}
			for _, i := range o {
				want[i]++
			}
			who := w.scope(t, fmt.Sprintf("Voter%03d", n))
			wg.Go(func() { errs[n] = w.a.PutFundBallot(ctx, who, w.round.ID, choices(o)) })
		}
		wg.Wait()
		for n, err := range errs {
			if err != nil {
				t.Errorf("voter %d: %v", n, err)
			}
		}
		if n, err := st.FundBallotCount(ctx, s.Community.ID, w.round.ID); err != nil || n != 200 {
			t.Errorf("%d ballots, want 200 (%v)", n, err)
		}
		totals, err := st.FundVoteTotals(ctx, s.Community.ID, w.round.ID)
		if err != nil {
			t.Fatal(err)
		}
		for n, a := range apps {
			if got := totals[a.ID]; got != want[n] {
				t.Errorf("%s: %d votes, want %d", a.Title, got, want[n])
			}
		}
		// Results recomputed from the Pabulib file are the page's.
		w.at(fundOpening + fundCloses)
		res, err := w.a.FundResults(ctx, s, w.round.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := w.a.WriteFundPabulib(ctx, w.scope(t, "visitor"), w.round.ID, &buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), w.people["Voter000"].ID) || strings.Contains(buf.String(), "Voter000") {
			t.Error("the Pabulib file names a voter")
		}
		in, ids2, err := encode.ParsePabulib(&buf)
		if err != nil {
			t.Fatal(err)
		}
		again := commons.ComputeFund(in)
		for _, l := range res.Lines {
			i := slices.Index(ids2, l.ID)
			if i < 0 || again.Funded[i] != l.Computed || again.Votes[i] != l.Votes {
				t.Errorf("%s: recomputed %v, page says %d with %d votes", l.Title, again.Funded, l.Computed, l.Votes)
			}
		}
		if res.Computed == 0 || len(in.Ballots) != 200 {
			t.Errorf("nothing funded (%d) or %d ballots", res.Computed, len(in.Ballots))
		}
	})
}
