package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/region"
)

// kind is one type of request: how to make it and which answers are right.
type kind struct {
	name string
	// route is the server's route pattern for the kind, as /metrics
	// labels it: the queries per request are read from there.
	route string
	make  func(w *world, n uint64, t *vegeta.Target)
	// ok tells a right answer from an error; refused counts answers that
	// are right but did not do the thing (a booking refused as overlapping).
	ok      func(code uint16) bool
	refused func(code uint16) bool
}

func is(codes ...uint16) func(uint16) bool {
	return func(c uint16) bool { return slices.Contains(codes, c) }
}

// searchWords are what residents type: words the generated titles and
// descriptions hold, whole and begun.
var searchWords = []string{"room", "projector", "hall", "kitchen", "printer", "sewing", "garden", "comput", "welsh", "tools", "libr"}

var kinds = map[string]kind{
	"ceiling": {name: "ceiling", route: "GET /healthz", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		t.Method, t.URL = "GET", w.base(n)+"/healthz"
	}},
	"home": {name: "home", route: "GET /c/{slug}", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		p := n % uint64(len(w.tokens))
		t.Method, t.URL = "GET", w.base(n)+"/c/"+w.home[p]
		t.Header = bearer(w.tokens[p])
	}},
	"search": {name: "search", route: "GET /c/{slug}/resources", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		p := n % uint64(len(w.tokens))
		t.Method = "GET"
		t.URL = w.base(n) + "/c/" + w.home[p] + "/resources?q=" + searchWords[rand.IntN(len(searchWords))]
		if n%2 == 0 {
			t.URL += "&kind=space&accessibility=step_free"
		}
		t.Header = bearer(w.tokens[p])
	}},
	"search-api": {name: "search-api", route: "GET /api/v1/communities/{slug}/resources", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		p := n % uint64(len(w.tokens))
		t.Method = "GET"
		t.URL = w.base(n) + "/api/v1/communities/" + w.home[p] + "/resources?q=" + searchWords[rand.IntN(len(searchWords))]
		t.Header = bearer(w.tokens[p])
	}},
	"week": {name: "week", route: "GET /c/{slug}/resources/{id}", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		s := w.spaces[rand.IntN(len(w.spaces))]
		t.Method, t.URL = "GET", w.base(n)+"/c/"+s.slug+"/resources/"+s.id
		t.Header = bearer(w.tokenIn(s.slug))
	}},
	"agenda": {name: "agenda", route: "GET /c/{slug}/activities", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		p := n % uint64(len(w.tokens))
		t.Method, t.URL = "GET", w.base(n)+"/c/"+w.home[p]+"/activities"
		if n%3 == 0 {
			t.URL += "?theme=" + []string{"culture", "digital_skills", "climate", "integration"}[n/3%4]
		}
		t.Header = bearer(w.tokens[p])
	}},
	"initiative": {name: "initiative", route: "GET /c/{slug}/initiatives/{id}", ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
		it := w.initiatives[rand.IntN(len(w.initiatives))]
		t.Method, t.URL = "GET", w.base(n)+"/c/"+it.slug+"/initiatives/"+it.id
		t.Header = bearer(w.tokenIn(it.slug))
	}},
	"signin": {name: "signin", route: "POST /api/v1/tokens", ok: is(201), make: func(w *world, n uint64, t *vegeta.Target) {
		body, _ := json.Marshal(map[string]string{"email": region.Email(int(n % uint64(len(w.tokens)))), "password": demo.Password})
		t.Method, t.URL, t.Body = "POST", w.base(n)+"/api/v1/tokens", body
		// Residents sign in from their own addresses: the node trusts
		// X-Forwarded-For (--trust-proxy), as behind a reverse proxy, so
		// that the per-address limit meets many addresses, not one.
		t.Header = http.Header{"Content-Type": {"application/json"}, "X-Forwarded-For": {fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)}}
	}},
	"booking": {name: "booking", route: "POST /api/v1/resources/{id}/bookings", ok: is(201, 409), refused: is(409), make: makeBooking},
}

// readMix is the reads a community's members make, in equal shares.
var readMix = []string{"home", "search", "week", "agenda", "initiative"}

// visitorMix is what a visitor reads, signed out, in equal shares: the
// public pages and the search API.
var visitorMix = []string{"v-home", "v-resources", "v-organizations", "v-initiatives", "v-agenda", "v-activity", "v-initiative", "v-week", "v-search-api"}

func init() {
	public := func(name, route string, path func(w *world, n uint64) string) {
		kinds[name] = kind{name: name, route: route, ok: is(200), make: func(w *world, n uint64, t *vegeta.Target) {
			t.Method, t.URL = "GET", w.base(n)+path(w, n)
		}}
	}
	public("v-home", "GET /c/{slug}", func(w *world, n uint64) string { return "/c/" + w.communityAt(n) })
	public("v-resources", "GET /c/{slug}/resources", func(w *world, n uint64) string { return "/c/" + w.communityAt(n) + "/resources" })
	public("v-organizations", "GET /c/{slug}/organizations", func(w *world, n uint64) string { return "/c/" + w.communityAt(n) + "/organizations" })
	public("v-initiatives", "GET /c/{slug}/initiatives", func(w *world, n uint64) string { return "/c/" + w.communityAt(n) + "/initiatives" })
	public("v-agenda", "GET /c/{slug}/activities", func(w *world, n uint64) string { return "/c/" + w.communityAt(n) + "/activities" })
	public("v-activity", "GET /c/{slug}/activities/{id}", func(w *world, n uint64) string {
		a := w.activities[rand.IntN(len(w.activities))]
		return "/c/" + a.slug + "/activities/" + a.id
	})
	public("v-initiative", "GET /c/{slug}/initiatives/{id}", func(w *world, n uint64) string {
		it := w.initiatives[rand.IntN(len(w.initiatives))]
		return "/c/" + it.slug + "/initiatives/" + it.id
	})
	public("v-week", "GET /c/{slug}/resources/{id}", func(w *world, n uint64) string {
		s := w.spaces[rand.IntN(len(w.spaces))]
		return "/c/" + s.slug + "/resources/" + s.id
	})
	public("v-search-api", "GET /api/v1/communities/{slug}/resources", func(w *world, n uint64) string {
		return "/api/v1/communities/" + w.communityAt(n) + "/resources?q=" + searchWords[rand.IntN(len(searchWords))]
	})
}

func bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// bookingEpoch is where the load's bookings start: beyond the generated
// ones, a year ahead and some days more, chosen at random so that a second
// run against the same database (two nodes after one) asks for other hours
// than the first did, within the two years bookings may reach ahead.
var bookingEpoch = time.Now().AddDate(1, 0, rand.IntN(300)).Truncate(24 * time.Hour)

// makeBooking asks for the next free hour on the next space in turn; one
// request in ten asks again for an hour asked for just before, which must
// be refused as an overlap (409) or, when that request lost the race,
// succeed in its place — never both.
func makeBooking(w *world, n uint64, t *vegeta.Target) {
	slot := n
	if n%10 == 9 && n >= uint64(len(w.spaces)) {
		slot = n - uint64(len(w.spaces))
	}
	s := w.spaces[slot%uint64(len(w.spaces))]
	i := slot / uint64(len(w.spaces))
	start := bookingEpoch.Add(time.Duration(i/12)*24*time.Hour + time.Duration(8+i%12)*time.Hour)
	body, _ := json.Marshal(map[string]any{"starts_at": start, "ends_at": start.Add(45 * time.Minute), "purpose": "Load test"})
	w.booked.Store(s.id, s.slug)
	t.Method, t.URL, t.Body = "POST", w.base(n)+"/api/v1/resources/"+s.id+"/bookings", body
	// Each community's people book in turn, so that no one of them meets
	// the per-person write limit (300 changes in 10 minutes) before the
	// phase ends: see --users.
	t.Header = http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + w.nextTokenIn(s.slug)}}
}

// result is one phase's figures for one kind of request.
type result struct {
	phase, kind  string
	requests     int
	errors       int
	refused      int
	codes        map[uint16]int
	rps          float64 // right answers per second
	p50, p99, mx time.Duration
	ceilingShare float64
	// queries is the server's database statements per request of this
	// kind during the phase, from /metrics; negative when unknown.
	queries float64
}

// attack runs the kinds together, in equal shares, for the duration.
func attack(cfg config, w *world, phase string, names []string) []*result {
	var counter atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		n := counter.Add(1) - 1
		*t = vegeta.Target{}
		kinds[names[n%uint64(len(names))]].make(w, n/uint64(len(names)), t)
		return nil
	}
	a := vegeta.NewAttacker(vegeta.Workers(uint64(cfg.connections)), vegeta.MaxWorkers(uint64(cfg.connections)),
		vegeta.Connections(cfg.connections), vegeta.MaxConnections(cfg.connections), vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(30*time.Second), vegeta.MaxBody(0))
	lat := map[string][]time.Duration{}
	out := map[string]*result{}
	for _, k := range names {
		out[k] = &result{phase: phase, kind: k, codes: map[uint16]int{}}
	}
	start := time.Now()
	for res := range a.Attack(vegeta.Targeter(targeter), vegeta.Rate{Freq: 0}, cfg.duration, phase) {
		k := kindOf(res, names)
		r := out[k]
		r.requests++
		r.codes[res.Code]++
		switch {
		case res.Code == 0 || !kinds[k].ok(res.Code): // vegeta sets Error for every 4xx too
			r.errors++
		case kinds[k].refused != nil && kinds[k].refused(res.Code):
			r.refused++
		}
		lat[k] = append(lat[k], res.Latency)
	}
	elapsed := time.Since(start).Seconds()
	var list []*result
	for _, k := range names {
		r := out[k]
		ls := lat[k]
		slices.Sort(ls)
		if len(ls) > 0 {
			r.p50, r.p99, r.mx = ls[len(ls)*50/100], ls[min(len(ls)-1, len(ls)*99/100)], ls[len(ls)-1]
		}
		r.rps = float64(r.requests-r.errors-r.refused) / elapsed
		list = append(list, r)
	}
	return list
}

// kindOf tells a result's kind from its URL: vegeta's results do not keep
// the request's headers. A visitor's kind is its member's with "v-" before
// it, when the phase has it.
func kindOf(res *vegeta.Result, names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	u, err := url.Parse(res.URL)
	if err != nil {
		return names[0]
	}
	k := "home"
	switch p := u.Path; {
	case p == "/healthz":
		k = "ceiling"
	case strings.HasSuffix(p, "/bookings"):
		k = "booking"
	case p == "/api/v1/tokens":
		k = "signin"
	case strings.HasPrefix(p, "/api/v1/communities/"):
		k = "search-api"
	case strings.HasSuffix(p, "/activities"):
		k = "agenda"
	case strings.Contains(p, "/activities/"):
		k = "activity"
	case strings.HasSuffix(p, "/initiatives"):
		k = "initiatives"
	case strings.HasSuffix(p, "/organizations"):
		k = "organizations"
	case strings.Contains(p, "/initiatives/"):
		k = "initiative"
	case strings.Contains(p, "/resources/"):
		k = "week"
	case strings.HasSuffix(p, "/resources") && u.Query().Has("q"):
		k = "search"
	case strings.HasSuffix(p, "/resources"):
		k = "resources"
	}
	if slices.Contains(names, "v-"+k) {
		return "v-" + k
	}
	return k
}

func runPhases(ctx context.Context, cfg config, w *world, n *node, out io.Writer) ([]*result, error) {
	present := func(k string) bool {
		switch strings.TrimPrefix(k, "v-") {
		case "initiative":
			return len(w.initiatives) > 0
		case "activity":
			return len(w.activities) > 0
		}
		return true
	}
	want := func(p string) bool {
		return present(p) && (cfg.only == "" || slices.Contains(strings.Split(cfg.only, ","), p))
	}
	mix := slices.DeleteFunc(slices.Clone(readMix), func(k string) bool { return !present(k) })
	var all []*result
	step := func(phase string, names ...string) error {
		fmt.Fprintf(out, "phase %-10s %s …\n", phase, strings.Join(names, "+"))
		var profile chan error
		if phase == cfg.profiled && cfg.cpuProfile != "" && cfg.debugURL != "" {
			profile = make(chan error, 1)
			go func() { profile <- fetchProfile(ctx, cfg, cfg.cpuProfile) }()
		}
		before := scrapeQueries(ctx, w)
		results := attack(cfg, w, phase, names)
		after := scrapeQueries(ctx, w)
		for _, r := range results {
			r.queries = after.perRequest(before, kinds[r.kind].route)
		}
		all = append(all, results...)
		if profile != nil {
			if err := <-profile; err != nil {
				return err
			}
			fmt.Fprintf(out, "CPU profile of %s: %s (go tool pprof -top %s)\n", phase, cfg.cpuProfile, cfg.cpuProfile)
		}
		return nil
	}
	if err := step("ceiling", "ceiling"); err != nil {
		return nil, err
	}
	for _, k := range []string{"home", "search", "search-api", "week", "agenda", "initiative", "signin", "booking"} {
		if want(k) {
			if err := step(k, k); err != nil {
				return nil, err
			}
		}
	}
	if want("mix") {
		if err := step("mix", mix...); err != nil {
			return nil, err
		}
	}
	// A visitor's pages one by one only when asked for (--only v-home,…);
	// by default their mix.
	for _, k := range visitorMix {
		if cfg.only != "" && want(k) {
			if err := step(k, k); err != nil {
				return nil, err
			}
		}
	}
	if want("visitors") {
		visitors := slices.DeleteFunc(slices.Clone(visitorMix), func(k string) bool { return !present(k) })
		if err := step("visitors", visitors...); err != nil {
			return nil, err
		}
	}
	ceiling := all[0].rps
	for _, r := range all {
		r.ceilingShare = r.rps / ceiling
	}
	return all, nil
}

func fetchProfile(ctx context.Context, cfg config, path string) error {
	secs := max(1, int(cfg.duration.Seconds())-1)
	req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", cfg.debugURL, secs), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func report(out io.Writer, results []*result) {
	fmt.Fprintf(out, "\n%-8s %-15s %9s %9s %9s %9s %9s %7s %8s %7s %8s\n", "phase", "request", "requests", "ok/s", "p50", "p99", "max", "errors", "refused", "ceiling", "queries")
	for _, r := range results {
		q := "-"
		if r.queries >= 0 {
			q = fmt.Sprintf("%.1f", r.queries)
		}
		fmt.Fprintf(out, "%-8s %-15s %9d %9.0f %9s %9s %9s %7d %8d %6.0f%% %8s\n", r.phase, r.kind, r.requests, r.rps,
			ms(r.p50), ms(r.p99), ms(r.mx), r.errors, r.refused, 100*r.ceilingShare, q)
		if r.errors > 0 {
			fmt.Fprintf(out, "         answers: %v\n", r.codes)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
