package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

func notified(t *testing.T, w initiativeWorld, who, kind string) int {
	t.Helper()
	ns, _, err := w.a.Notifications(context.Background(), w.people[who], commons.Page{})
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

func wantCode(t *testing.T, what string, err error, want commons.Code) {
	t.Helper()
	if commons.CodeOf(err) != want {
		t.Errorf("%s: %v, want %q", what, err, want)
	}
}

// A round from opening to results: who may run it, who may sit on the
// panel, the rules of rating, closing, results by sector, action points.
func TestQualityRound(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		f := commons.RoundFields{Title: "Autumn round", PeriodStart: "2031-01-01", PeriodEnd: "2031-02-28",
			Frameworks: []commons.Framework{commons.FrameworkUNESCO}, Method: "An open debate in the hall", Scale: 4}
		_, err := w.a.CreateRound(ctx, w.scope(t, "Helper"), f)
		wantCode(t, "a member opens a round", err, commons.CodeForbidden)
		bad := f
		bad.Scale, bad.Frameworks = 7, []commons.Framework{commons.FrameworkOwn}
		_, err = w.a.CreateRound(ctx, w.scope(t, "Founder"), bad)
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Fields["scale"].Key == "" || e.Fields["frameworks"].Key == "" {
			t.Errorf("scale 7 and own criteria without any: %v", err)
		}
		r, err := w.a.CreateRound(ctx, w.scope(t, "Founder"), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Criteria) != 12 {
			t.Fatalf("UNESCO's key features are 12 criteria, got %d", len(r.Criteria))
		}
		ed := w.scope(t, "Founder")
		_, err = w.a.AddPanelist(ctx, ed, r.ID, w.people["Outsider"].ID, "")
		wantCode(t, "a panelist from outside the community", err, commons.CodeNotFound)
		_, err = w.a.AddPanelist(ctx, ed, r.ID, w.people["Helper"].ID, w.orgID)
		wantCode(t, "speaking for an organization one is not in", err, commons.CodeInvalid)
		_, err = w.a.AddPanelist(ctx, w.scope(t, "Helper"), r.ID, w.people["Helper"].ID, "")
		wantCode(t, "a member chooses the panel", err, commons.CodeForbidden)
		p, err := w.a.AddPanelist(ctx, ed, r.ID, w.people["Ada"].ID, w.orgID)
		if err != nil || p.Sector != commons.SectorNGO {
			t.Fatalf("Ada for Hall Friends: %+v %v", p, err)
		}
		if p, err = w.a.AddPanelist(ctx, ed, r.ID, w.people["Helper"].ID, ""); err != nil || p.Sector != commons.Citizens {
			t.Fatalf("Helper as a citizen: %+v %v", p, err)
		}
		if notified(t, w, "Ada", commons.NotifyPanelAdded) != 1 {
			t.Error("Ada was not told she is on the panel")
		}

		gov := "unesco.governance"
		_, err = w.a.Rate(ctx, w.scope(t, "Newcomer"), r.ID, gov, commons.RatingFields{Score: 2})
		wantCode(t, "a member not on the panel rates", err, commons.CodeForbidden)
		_, err = w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, gov, commons.RatingFields{Score: 5})
		wantCode(t, "5 on a scale of 4", err, commons.CodeInvalid)
		_, err = w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, "unesco.nonsense", commons.RatingFields{Score: 2})
		wantCode(t, "a criterion the round does not rate", err, commons.CodeNotFound)
		_, err = w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, gov, commons.RatingFields{Score: 2, Evidence: []string{"https://elsewhere.example/"}})
		wantCode(t, "evidence outside Commons", err, commons.CodeInvalid)
		if _, err := w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, gov, commons.RatingFields{Score: 1, Comment: "Decided in the hall"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, gov, commons.RatingFields{Score: 3, Comment: "Better", Evidence: []string{"/c/cwm/initiatives"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Rate(ctx, w.scope(t, "Helper"), r.ID, gov, commons.RatingFields{Score: 1}); err != nil {
			t.Fatal(err)
		}
		v, err := w.a.Round(ctx, w.scope(t, "Ada"), r.ID)
		if err != nil || v.Mine[gov].Score != 3 || len(v.Mine) != 1 || !v.May.Rate || v.May.Manage || v.Rated != 2 {
			t.Errorf("rating twice updates: %+v %v", v, err)
		}
		_, err = w.a.RoundRatings(ctx, w.scope(t, "Helper"), r.ID)
		wantCode(t, "a panelist reads others' ratings while the round is open", err, commons.CodeForbidden)
		_, err = w.a.RoundResults(ctx, w.scope(t, "Helper"), r.ID)
		wantCode(t, "a member reads results while the round is open", err, commons.CodeForbidden)

		_, err = w.a.CloseRound(ctx, w.scope(t, "Helper"), r.ID)
		wantCode(t, "a member closes the round", err, commons.CodeForbidden)
		if _, err := w.a.CloseRound(ctx, ed, r.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.a.CloseRound(ctx, ed, r.ID)
		wantCode(t, "closing twice", err, commons.CodeConflict)
		_, err = w.a.Rate(ctx, w.scope(t, "Ada"), r.ID, gov, commons.RatingFields{Score: 2})
		wantCode(t, "rating a closed round", err, commons.CodeConflict)
		if v, _ := w.a.Round(ctx, w.scope(t, "Ada"), r.ID); v.May.Rate {
			t.Error("the page offers to rate a closed round")
		}
		if notified(t, w, "Helper", commons.NotifyRoundClosed) != 1 {
			t.Error("Helper was not told the round closed")
		}
		res, err := w.a.RoundResults(ctx, w.scope(t, "visitor"), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got commons.CriterionResult
		for _, c := range res.Criteria {
			if c.Criterion.Key == gov {
				got = c
			}
		}
		if got.All.N != 2 || got.All.Mean != 2 || len(got.BySector) != 2 || got.BySector[0].Sector != commons.SectorNGO || got.Gap != 2 || got.HasPrevious {
			t.Errorf("governance: %+v", got)
		}
		ratings, err := w.a.RoundRatings(ctx, w.scope(t, "Newcomer"), r.ID)
		if err != nil || len(ratings) != 2 {
			t.Errorf("members read the closed round's ratings: %v %v", ratings, err)
		}
		_, err = w.a.RoundRatings(ctx, w.scope(t, "Outsider"), r.ID)
		wantCode(t, "an outsider reads the comments", err, commons.CodeForbidden)
		latest, found, err := w.a.LatestRoundResults(ctx, w.scope(t, "visitor"))
		if err != nil || !found || latest.Round.ID != r.ID {
			t.Errorf("latest results: %v %v %v", latest.Round.ID, found, err)
		}

		// A second round shows the change since the first.
		f.Title = "Spring round"
		r2, err := w.a.CreateRound(ctx, ed, f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.AddPanelist(ctx, ed, r2.ID, w.people["Helper"].ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.Rate(ctx, w.scope(t, "Helper"), r2.ID, gov, commons.RatingFields{Score: 3}); err != nil {
			t.Fatal(err)
		}
		res2, err := w.a.RoundResults(ctx, ed, r2.ID)
		if err != nil || res2.Previous == nil || res2.Previous.ID != r.ID {
			t.Fatalf("previous round: %+v %v", res2.Previous, err)
		}
		for _, c := range res2.Criteria {
			if c.Criterion.Key == gov && (!c.HasPrevious || c.Change != 1) {
				t.Errorf("change since the first round: %+v", c)
			}
		}

		// Action points.
		ap := commons.ActionPointFields{Text: "Open the council's agenda to citizen groups", OwnerID: w.people["Outsider"].ID, Due: "2031-02-01"}
		_, err = w.a.AddActionPoint(ctx, ed, r.ID, ap)
		wantCode(t, "an owner from outside", err, commons.CodeInvalid)
		ap.OwnerID = w.people["Helper"].ID
		_, err = w.a.AddActionPoint(ctx, w.scope(t, "Helper"), r.ID, ap)
		wantCode(t, "a member agrees an action point", err, commons.CodeForbidden)
		pv, err := w.a.AddActionPoint(ctx, ed, r.ID, ap)
		if err != nil || !pv.Overdue {
			t.Fatalf("an overdue action point: %+v %v", pv, err)
		}
		if notified(t, w, "Helper", commons.NotifyActionAssigned) != 1 {
			t.Error("the owner was not told")
		}
		if n, err := w.a.RemindActionPoints(ctx); err != nil || n != 1 {
			t.Errorf("reminded %d: %v", n, err)
		}
		if n, err := w.a.RemindActionPoints(ctx); err != nil || n != 0 || notified(t, w, "Helper", commons.NotifyActionPointDue) != 1 {
			t.Errorf("reminded again %d: %v", n, err)
		}
		_, err = w.a.SetActionPointStatus(ctx, w.scope(t, "Newcomer"), pv.ID, commons.ActionPointDone)
		wantCode(t, "someone else marks it done", err, commons.CodeForbidden)
		list, err := w.a.ActionPoints(ctx, w.scope(t, "Helper"), app.ActionPointFilter{})
		if err != nil || len(list) != 1 || !list[0].May.Mark {
			t.Fatalf("the owner's list: %+v %v", list, err)
		}
		if pv, err = w.a.SetActionPointStatus(ctx, w.scope(t, "Helper"), pv.ID, commons.ActionPointDone); err != nil || pv.Status != commons.ActionPointDone || pv.Overdue {
			t.Errorf("done: %+v %v", pv, err)
		}
	})
}
