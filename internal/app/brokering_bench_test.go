package app_test

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// benchRegion generates a region (COMMONS_BENCH_SCALE, default 0.1; the
// figures in docs/PERFORMANCE.md are at 1) and returns the app, the first
// community's founder's scope and its open needs and offers.
func benchRegion(b *testing.B, st *store.Store) (*app.App, app.Scope, []string, []string) {
	b.Helper()
	ctx := context.Background()
	scale := 0.1
	if s := os.Getenv("COMMONS_BENCH_SCALE"); s != "" {
		var err error
		if scale, err = strconv.ParseFloat(s, 64); err != nil {
			b.Fatal(err)
		}
	}
	g := &region.Generator{Store: st, Counts: region.CountsAt(scale), PasswordHash: "x", Seed: 7, Now: time.Now()}
	if err := g.Run(ctx); err != nil {
		b.Fatal(err)
	}
	cat, err := i18n.Load(slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	a := app.New(st, cat, slog.New(slog.DiscardHandler))
	c, err := st.CommunityBySlug(ctx, region.SlugPrefix+"001")
	if err != nil {
		b.Fatal(err)
	}
	ms, _, err := st.Members(ctx, c.ID, commons.MemberActive, commons.Page{Limit: 1})
	if err != nil || len(ms) == 0 {
		b.Fatal("no member", err)
	}
	u, err := st.UserByID(ctx, ms[0].UserID)
	if err != nil {
		b.Fatal(err)
	}
	s, err := a.Scope(ctx, &u, c.Slug)
	if err != nil {
		b.Fatal(err)
	}
	inits, _, err := st.ListInitiatives(ctx, c.ID, commons.InitiativeFilter{Page: commons.Page{Limit: 50}})
	if err != nil {
		b.Fatal(err)
	}
	var needs []string
	for _, i := range inits {
		ns, err := st.Needs(ctx, c.ID, i.ID)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range ns {
			if n.Status != commons.NeedMet {
				needs = append(needs, n.ID)
			}
		}
	}
	offers, _, err := a.Intents(ctx, s, commons.IntentFilter{Direction: commons.IntentOffer, Page: commons.Page{Limit: 50}})
	if err != nil || len(needs) == 0 || len(offers) == 0 {
		b.Fatalf("needs %d, offers %d, %v", len(needs), len(offers), err)
	}
	var offerIDs []string
	for _, o := range offers {
		offerIDs = append(offerIDs, o.ID)
	}
	return a, s, needs, offerIDs
}

// BenchmarkMatchesForNeed ranks the candidates of one initiative need of
// a generated community (offers, resources by full text, teachers), one
// need after another; and, the other way, the needs one offer could meet.
func BenchmarkMatchesForNeed(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			a, s, needs, offers := benchRegion(b, st)
			ctx := context.Background()
			found := 0
			b.Run("need", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					mv, err := a.Matches(ctx, s, commons.SubjectNeed, needs[i%len(needs)])
					if err != nil {
						b.Fatal(err)
					}
					found += len(mv.Matches)
				}
			})
			b.Run("offer", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := a.Matches(ctx, s, commons.SubjectIntent, offers[i%len(offers)]); err != nil {
						b.Fatal(err)
					}
				}
			})
			if found == 0 {
				b.Fatal("no need found a match")
			}
		})
	}
}

// BenchmarkDigestMatches is the digest's "new matches for you" for every
// member of a generated community (one operation: all of them, over the
// last day), as the daily digest run would compute it.
func BenchmarkDigestMatches(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			a, s, _, _ := benchRegion(b, st)
			ctx := context.Background()
			ms, _, err := st.Members(ctx, s.Community.ID, commons.MemberActive, commons.Page{Limit: commons.MaxPageSize})
			if err != nil {
				b.Fatal(err)
			}
			var users []commons.User
			for _, m := range ms {
				u, err := st.UserByID(ctx, m.UserID)
				if err != nil {
					b.Fatal(err)
				}
				users = append(users, u)
			}
			now := time.Now()
			found := 0
			for b.Loop() {
				for _, u := range users {
					dm, err := a.NewMatchesFor(ctx, u, now.Add(-24*time.Hour), now)
					if err != nil {
						b.Fatal(err)
					}
					found += len(dm)
				}
			}
			b.ReportMetric(float64(len(users)), "members")
			b.ReportMetric(float64(found)/float64(b.N), "matches/op")
		})
	}
}
