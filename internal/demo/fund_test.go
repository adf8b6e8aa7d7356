package demo_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's fund: a finished Warm Spaces round of the council and the
// energy trust, with its results, one reasoned override, pledges and
// spending, whose Pabulib file recomputes the same result; and an open
// round taking proposals.
func TestDemoFund(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a := ts.New(t, st).App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, true); err != nil {
			t.Fatal(err)
		}
		s, err := a.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		rounds, err := a.FundRounds(ctx, s)
		if err != nil || len(rounds.Past) != 1 || len(rounds.Current) != 1 || rounds.Current[0].Phase != commons.FundPhaseProposals {
			t.Fatalf("rounds %+v, %v", rounds, err)
		}
		warm := rounds.Past[0]
		if warm.Title != "Warm Spaces" {
			t.Errorf("finished round %+v", warm.FundRound)
		}
		res, err := a.FundResults(ctx, s, warm.ID)
		if err != nil {
			t.Fatal(err)
		}
		overrides := 0
		for _, l := range res.Lines {
			if l.Override != nil {
				overrides++
			}
		}
		if res.Ballots != 10 || overrides != 1 || res.Funded > warm.Pool || res.Funded == 0 {
			t.Errorf("results: %d ballots, %d overrides, %d funded", res.Ballots, overrides, res.Funded)
		}
		view, err := a.FundRound(ctx, s, warm.ID)
		if err != nil || view.Committed != res.Funded || view.Spent == 0 || len(view.Funders) != 2 {
			t.Errorf("follow-up: committed %d, spent %d, funders %d, %v", view.Committed, view.Spent, len(view.Funders), err)
		}
		var buf bytes.Buffer
		if err := a.WriteFundPabulib(ctx, s, warm.ID, &buf); err != nil {
			t.Fatal(err)
		}
		in, ids, err := encode.ParsePabulib(&buf)
		if err != nil {
			t.Fatal(err)
		}
		again := commons.ComputeFund(in)
		for _, l := range res.Lines {
			if i := slices.Index(ids, l.ID); i < 0 || again.Funded[i] != l.Computed {
				t.Errorf("%s: recomputed differently", l.Title)
			}
		}
	})
}
