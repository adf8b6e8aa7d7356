// Command commons-load measures Commons under load, the same way every
// time: against a generated region (commons demo --scale N) it runs each
// request type, then a mix of the reads, with a fixed number of
// connections, then a visitor's mix of the public pages (signed out), and
// reports requests per second, p50/p99/max latency, errors and the
// server's database statements per request (read from its /metrics before
// and after each phase) per type — each as a share of the ceiling, a
// trivial handler of the same server measured in the same run. Started with --db, it also
// starts the server itself and reports how soon it is ready and the most
// memory it held.
//
//	commons-load --db region.db [--commons ./commons] [--duration 10s] [--connections 32]
//	commons-load --url http://127.0.0.1:8080[,http://127.0.0.1:8081]   # nodes already running, with --trust-proxy
//
// With several URLs the tool spreads requests over them in turn, as a
// round-robin load balancer would, so one run measures several nodes.
// docs/PERFORMANCE.md records the figures and the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "commons-load:", err)
		os.Exit(1)
	}
}

type config struct {
	urls        []string
	db          string
	commonsBin  string
	duration    time.Duration
	connections int
	users       int
	communities int
	only        string
	cpuProfile  string
	profiled    string
	debugURL    string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	var urls string
	fs := flag.NewFlagSet("commons-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&urls, "url", "", "base `URLs` of running nodes, comma-separated")
	fs.StringVar(&cfg.db, "db", "", "start a node on this `database` (an SQLite path or postgres:// URL) and measure its start and memory too")
	fs.StringVar(&cfg.commonsBin, "commons", "commons", "the commons `binary` to start with --db")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long each phase runs")
	fs.IntVar(&cfg.connections, "connections", 32, "concurrent connections (and requests in flight)")
	// The booking phase spreads each community's bookings over its people
	// in turn, so that none meets the per-person write limit (300 changes
	// in 10 minutes); 128 people allow some 38,000 bookings in a run.
	fs.IntVar(&cfg.users, "users", 128, "generated people who sign in and act")
	// A region's busy hour is not spread evenly over it: a town's few
	// communities are read by many of their members at once, and they
	// share each page drawn for their role. The default, every
	// community, is the hardest case for the page cache.
	fs.IntVar(&cfg.communities, "communities", 0, "act in the region's first `N` communities only (0: all): the people who sign in are their members, visitors read their pages")
	fs.StringVar(&cfg.only, "only", "", "run only these `phases`, comma-separated (ceiling always runs): home, search, search-api, week, agenda, initiative, signin, booking, mix, visitors, or a visitor's page alone (v-home, v-resources, v-organizations, v-initiatives, v-agenda, v-activity, v-initiative, v-week, v-search-api)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the server during one phase to this `file` (needs --db, or --debug-url)")
	fs.StringVar(&cfg.profiled, "profile-phase", "mix", "the `phase` --cpuprofile profiles")
	fs.StringVar(&cfg.debugURL, "debug-url", "", "the node's private profile address (commons serve --debug-addr), for --cpuprofile")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if (urls == "") == (cfg.db == "") {
		return errors.New("give either --url (running nodes) or --db (a node to start)")
	}
	var node *node
	if cfg.db != "" {
		var err error
		node, err = startNode(ctx, cfg.commonsBin, cfg.db, stderr)
		if err != nil {
			return err
		}
		defer node.stop()
		cfg.urls = []string{node.url}
		cfg.debugURL = node.debugURL
		fmt.Fprintf(stdout, "node ready %s after start (%s)\n", node.ready.Round(time.Millisecond), cfg.db)
	} else {
		for _, u := range strings.Split(urls, ",") {
			cfg.urls = append(cfg.urls, strings.TrimRight(strings.TrimSpace(u), "/"))
		}
	}

	w, err := discover(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "region: %d communities, %d people signed in, %d spaces to book; %d connections, %s per phase, %d node(s)\n\n",
		len(w.communities), len(w.tokens), len(w.spaces), cfg.connections, cfg.duration, len(cfg.urls))

	results, err := runPhases(ctx, cfg, w, node, stdout)
	if err != nil {
		return err
	}
	report(stdout, results)
	if node != nil {
		fmt.Fprintf(stdout, "\nresident memory: at most %.0f MB (sampled every 100 ms)\n", float64(node.peakRSS())/(1<<20))
	}
	return w.checkBookings(ctx, stdout)
}
