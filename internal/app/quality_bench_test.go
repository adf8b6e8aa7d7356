package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkQualityResults is the largest round a community can hold: both
// built-in frameworks (16 criteria), a full panel of commons.MaxPanelSize
// people from every sector, each rating every criterion (3,200 ratings),
// and a previous round the same size to compare with. It measures the
// results page's work (App.RoundResults: the round, every rating of both
// rounds, the spread by sector and the change).
//
//	go test -run '^$' -bench QualityResults -benchtime 20x ./internal/app/
func BenchmarkQualityResults(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			benchQuality(b, st)
		})
	}
}

func benchQuality(b *testing.B, st *store.Store) {
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
	g := &region.Generator{Store: st, PasswordHash: hash, Seed: 23, Now: start, Counts: region.Counts{Communities: 1, People: commons.MaxPanelSize + 1,
		Organizations: 1, Resources: 1, Bookings: 1, Threads: 1, Posts: 1, Initiatives: 1, Activities: 1, Registrations: 1}}
	if err := g.Run(ctx); err != nil {
		b.Fatal(err)
	}
	founder, err := a.UserByEmail(ctx, region.Email(0))
	if err != nil {
		b.Fatal(err)
	}
	s, err := a.Scope(ctx, &founder, region.SlugPrefix+"001")
	if err != nil {
		b.Fatal(err)
	}
	var last string
	for n := range 2 {
		q, err := a.CreateRound(ctx, s, commons.RoundFields{Title: "Region round", PeriodStart: "2030-01-01", PeriodEnd: "2030-12-31",
			Frameworks: []commons.Framework{commons.FrameworkUNESCO, commons.FrameworkR3L}, Method: "Survey", Scale: 5})
		if err != nil {
			b.Fatal(err)
		}
		for p := range commons.MaxPanelSize {
			u, err := a.UserByEmail(ctx, region.Email(p+1))
			if err != nil {
				b.Fatal(err)
			}
			sector := commons.PanelSectors[p%len(commons.PanelSectors)]
			if err := st.SetPanelist(ctx, s.Community.ID, q.ID, commons.Panelist{UserID: u.ID, Sector: sector},
				commons.Notification{UserID: u.ID, CommunityID: s.Community.ID, Kind: commons.NotifyPanelAdded}); err != nil {
				b.Fatal(err)
			}
			for i, c := range q.Criteria {
				score := 1 + (p+i+n)%5
				if _, err := st.Rate(ctx, s.Community.ID, q.ID, u.ID, c.Key, commons.RatingFields{Score: score, Comment: "Because."}); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := st.CloseRound(ctx, s.Community.ID, q.ID, nil); err != nil {
			b.Fatal(err)
		}
		last = q.ID
	}
	visitor, err := a.Scope(ctx, nil, region.SlugPrefix+"001")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := a.RoundResults(ctx, visitor, last)
		if err != nil || res.Ratings != commons.MaxPanelSize*16 || res.Previous == nil {
			b.Fatal(res.Ratings, err)
		}
	}
}
