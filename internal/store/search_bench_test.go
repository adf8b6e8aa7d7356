package store_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// benchSearchWords are what the load tool types (cmd/commons-load): whole
// words and beginnings of the generated titles and descriptions.
var benchSearchWords = []string{"room", "projector", "hall", "kitchen", "printer", "sewing", "garden", "comput", "welsh", "tools", "libr"}

// BenchmarkSearch runs the searches of a community of the generated region
// (COMMONS_BENCH_SCALE, default 0.1; the search index holds every
// community's resources, so its size follows the scale): the resource
// directory's text search (page and API: ListResources with a query, a
// page of 50) and the community-wide search (Store.Search, 20 hits). It
// reports the 99th percentile of one search besides the mean.
func BenchmarkSearch(b *testing.B) {
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
			b.Run("directory", func(b *testing.B) {
				benchP99(b, func(i int) error {
					_, _, err := st.ListResources(ctx, c, store.ResourceFilter{Query: benchSearchWords[i%len(benchSearchWords)],
						Page: commons.Page{Limit: 50}})
					return err
				})
			})
			b.Run("community", func(b *testing.B) {
				benchP99(b, func(i int) error {
					_, err := st.Search(ctx, store.SearchQuery{Community: c, Q: benchSearchWords[i%len(benchSearchWords)],
						Members: true, Now: now, Limit: 20})
					return err
				})
			})
		})
	}
}

// benchP99 runs op b.N times and reports the slowest percent's bound.
func benchP99(b *testing.B, op func(i int) error) {
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100])/float64(time.Millisecond), "p99-ms")
}
