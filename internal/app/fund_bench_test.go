package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkFundResults20k is a round on the generated region: one
// community of 20,000 people, 40 eligible proposals, and a ballot from
// every one of them ticking one to five proposals (written straight into
// the store, as the region generator writes). It measures the results
// page's work — reading the ballots and applying the rule — and, apart,
// the rule alone and the Pabulib download.
//
//	go test -run '^$' -bench FundResults20k -benchtime 5x ./internal/app/
func BenchmarkFundResults20k(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			benchFund(b, st)
		})
	}
}

func benchFund(b *testing.B, st *store.Store) {
	ctx := context.Background()
	cat, err := i18n.Load(nil)
	if err != nil {
		b.Fatal(err)
	}
	a := app.New(st, cat, nil)
	a.Argon2 = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	hash, err := argon2id.CreateHash("commons-demo", a.Argon2)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	g := &region.Generator{Store: st, PasswordHash: hash, Seed: 19, Now: start, Counts: region.Counts{Communities: 1, People: 20_000,
		Organizations: 10, Resources: 10, Bookings: 10, Threads: 1, Posts: 1, Initiatives: 1, Activities: 1, Registrations: 1}}
	if err := g.Run(ctx); err != nil {
		b.Fatal(err)
	}
	at := start.Add(time.Minute)
	a.SetClock(func() time.Time { return at })
	founder, err := a.UserByEmail(ctx, region.Email(0))
	if err != nil {
		b.Fatal(err)
	}
	s, err := a.Scope(ctx, &founder, region.SlugPrefix+"001")
	if err != nil {
		b.Fatal(err)
	}
	orgs, _, err := a.Organizations(ctx, s, commons.OrganizationFilter{})
	if err != nil || len(orgs) == 0 {
		b.Fatal(len(orgs), err)
	}
	round, err := a.OpenFundRound(ctx, s, commons.FundRoundFields{Title: "Region fund", Pool: 500_000, Unit: "GBP", FunderIDs: []string{orgs[0].ID},
		FundRuleFields: commons.FundRuleFields{Rule: commons.FundApproval, MinChoices: 1, MaxChoices: 5, Method: commons.FundEqualShares, Partial: true},
		ReviewAt:       at.Add(time.Hour), VotingAt: at.Add(2 * time.Hour), ClosesAt: at.Add(3 * time.Hour)})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(19, 20))
	var apps []commons.FundApplication
	for n := range 40 {
		i, err := a.CreateInitiative(ctx, s, commons.InitiativeFields{Title: fmt.Sprintf("Project %02d", n), Summary: "For the region"})
		if err != nil {
			b.Fatal(err)
		}
		amount := int64(5_000 + r.IntN(45_000))
		ap, err := a.ProposeToFund(ctx, s, round.ID, commons.FundApplicationFields{InitiativeID: i.ID, Title: i.Title, Plan: "A plan.",
			Amount: amount, Minimum: amount / 2})
		if err != nil {
			b.Fatal(err)
		}
		apps = append(apps, ap)
	}
	at = at.Add(time.Hour)
	for _, ap := range apps {
		if err := a.ReviewFundApplication(ctx, s, ap.ID, true, ""); err != nil {
			b.Fatal(err)
		}
	}
	// Popularity falls with the proposal's place, so that some win.
	var ballots, choices [][]any
	for p := range 20_000 {
		u, err := a.UserByEmail(ctx, region.Email(p))
		if err != nil {
			b.Fatal(err)
		}
		ballots = append(ballots, []any{s.Community.ID, round.ID, u.ID, at.Add(90 * time.Minute)})
		for _, i := range r.Perm(40)[:1+r.IntN(5)] {
			if r.IntN(40) < i {
				i = r.IntN(10)
			}
			choices = append(choices, []any{s.Community.ID, round.ID, u.ID, apps[i].ID, 1})
		}
	}
	// Duplicate picks from the skew above are dropped, as a ballot would.
	seen := map[string]bool{}
	var unique [][]any
	for _, c := range choices {
		k := c[2].(string) + c[3].(string)
		if !seen[k] {
			seen[k] = true
			unique = append(unique, c)
		}
	}
	for start := 0; start < len(ballots); start += 5000 {
		if err := st.BulkInsert(ctx, "fund_ballots", []string{"community_id", "round_id", "user_id", "updated_at"}, ballots[start:min(start+5000, len(ballots))]); err != nil {
			b.Fatal(err)
		}
	}
	for start := 0; start < len(unique); start += 5000 {
		if err := st.BulkInsert(ctx, "fund_choices", []string{"community_id", "round_id", "user_id", "application_id", "points"}, unique[start:min(start+5000, len(unique))]); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	at = at.Add(2 * time.Hour)
	b.Run("read+equal_shares", func(b *testing.B) {
		var res app.FundResultsView
		for b.Loop() {
			if res, err = a.FundResults(ctx, s, round.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(res.Ballots), "ballots")
		b.ReportMetric(float64(res.Computed), "GBP_funded")
	})
	// The rule alone, on the input anyone gets from the Pabulib file.
	var buf bytes.Buffer
	if err := a.WriteFundPabulib(ctx, s, round.ID, &buf); err != nil {
		b.Fatal(err)
	}
	in, _, err := encode.ParsePabulib(&buf)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range commons.FundMethods {
		b.Run("rule/"+string(m), func(b *testing.B) {
			in.Method = m
			for b.Loop() {
				commons.ComputeFund(in)
			}
		})
	}
	b.Run("pabulib", func(b *testing.B) {
		for b.Loop() {
			if err := a.WriteFundPabulib(ctx, s, round.ID, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}
