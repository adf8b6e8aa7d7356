package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The tool runs every phase against a small region served over real HTTP,
// reports each, finds no errors and reads the bookings back without an
// overlap. It measures nothing here: the figures come from scripts/load.
func TestLoadToolAgainstASmallRegion(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	hash, err := argon2id.CreateHash(demo.Password, &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	g := &region.Generator{Store: st, Counts: region.CountsAt(0.005), PasswordHash: hash, Seed: 3, Now: time.Now()}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := ts.NewWith(t, st, func(srv *server.Server) { srv.TrustProxy = true })
	web := httptest.NewServer(s.Handler)
	defer web.Close()

	var out bytes.Buffer
	err = run(context.Background(), []string{"--url", web.URL, "--duration", "300ms", "--users", "16", "--connections", "4"}, &out, io.Discard)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ceiling  ceiling", "search   search", "week     week", "signin   signin", "booking  booking", "mix      home", "agenda", "initiative", ", 0 overlapping",
		"visitors v-home", "v-organizations", "v-activity", "v-search-api"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "answers:") {
		t.Error("some requests failed")
	}
	// Queries per request come from the server's /metrics: the ceiling
	// runs none, a page some. On a busy machine a 300 ms phase may not
	// reach every kind of page: a kind that sent no request is not read.
	counted := 0
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) == 11 && f[0] == "ceiling" && f[10] != "0.0" {
			t.Errorf("the ceiling ran queries: %s", line)
		}
		if len(f) == 11 && f[0] == "visitors" && f[2] != "0" {
			if f[10] == "-" || f[10] == "0.0" {
				t.Errorf("no queries counted for a visitor's page: %s", line)
			}
			counted++
		}
	}
	if counted == 0 {
		t.Error("no visitor's page was requested")
	}
}
