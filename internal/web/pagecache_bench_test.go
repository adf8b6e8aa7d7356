package web_test

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// BenchmarkPageCache serves a community's home and its resource directory
// to a visitor whose browser takes brotli: drawn every time without the
// cache (off), drawn and kept (miss: another query each time), and from
// the cache (hit). The region is generated at COMMONS_BENCH_SCALE
// (default 0.1) on SQLite, or PostgreSQL with COMMONS_BENCH_ENGINE=postgres.
func BenchmarkPageCache(b *testing.B) {
	scale := 0.1
	if s := os.Getenv("COMMONS_BENCH_SCALE"); s != "" {
		var err error
		if scale, err = strconv.ParseFloat(s, 64); err != nil {
			b.Fatal(err)
		}
	}
	open := storetest.OpenSQLite
	if os.Getenv("COMMONS_BENCH_ENGINE") == "postgres" {
		open = storetest.OpenPostgres
	}
	st, _ := open(b)
	g := &region.Generator{Store: st, Counts: region.CountsAt(scale), PasswordHash: "x", Seed: 7, Now: time.Now()}
	if err := g.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	on := ts.New(b, st)
	off := ts.NewWith(b, st, func(s *server.Server) { s.Web.SetPageCache(0) })
	slug := region.SlugPrefix + "001"
	header := map[string]string{"Accept-Encoding": "br, gzip", "Accept-Language": "en"}
	for _, page := range []struct{ name, path string }{{"home", "/c/" + slug}, {"resources", "/c/" + slug + "/resources"}} {
		for _, mode := range []string{"off", "miss", "hit"} {
			b.Run(page.name+"/"+mode, func(b *testing.B) {
				s := on
				if mode == "off" {
					s = off
				}
				for i := 0; b.Loop(); i++ {
					path := page.path
					if mode == "miss" {
						path += "?n=" + strconv.Itoa(i)
					}
					rec := s.Do(ts.Request{Method: "GET", Path: path, Header: header})
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", path, rec.Code)
					}
					b.SetBytes(int64(rec.Body.Len()))
				}
			})
		}
	}
}
