package store_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkEvidence computes every block of the Profile's evidence for one
// community of the generated region (COMMONS_BENCH_SCALE, default 0.1;
// docs/PERFORMANCE.md gives the figure at 1): what publishing a version
// that embeds them all costs, and what a draft's page costs on each visit.
func BenchmarkEvidence(b *testing.B) {
	scale := 0.1
	if s := os.Getenv("COMMONS_BENCH_SCALE"); s != "" {
		var err error
		if scale, err = strconv.ParseFloat(s, 64); err != nil {
			b.Fatal(err)
		}
	}
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			ctx := context.Background()
			now := time.Now()
			g := &region.Generator{Store: st, Counts: region.CountsAt(scale), PasswordHash: "x", Seed: 7, Now: now}
			if err := g.Run(ctx); err != nil {
				b.Fatal(err)
			}
			c, err := st.CommunityBySlug(ctx, region.SlugPrefix+"001")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				ev, err := st.Evidence(ctx, c.ID, commons.EvidenceKinds, now)
				if err != nil || len(ev) != len(commons.EvidenceKinds) || ev[0].Total[0] == 0 {
					b.Fatal(ev, err)
				}
			}
		})
	}
}
