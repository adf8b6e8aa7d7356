package main

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
)

// queryTotals are the servers' counts of database statements, summed over
// the nodes: per route, the statements and the requests that ran them.
type queryTotals struct {
	ok     bool
	sum, n map[string]float64
}

// scrapeQueries reads commons_db_queries_per_request from every node's
// /metrics. A node that does not answer leaves the totals unknown.
func scrapeQueries(ctx context.Context, w *world) queryTotals {
	t := queryTotals{ok: true, sum: map[string]float64{}, n: map[string]float64{}}
	for _, base := range w.urls {
		req, err := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
		if err != nil {
			return queryTotals{}
		}
		resp, err := w.client.Do(req)
		if err != nil {
			return queryTotals{}
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			var into map[string]float64
			switch {
			case strings.HasPrefix(line, "commons_db_queries_per_request_sum{"):
				into = t.sum
			case strings.HasPrefix(line, "commons_db_queries_per_request_count{"):
				into = t.n
			default:
				continue
			}
			_, rest, _ := strings.Cut(line, `route="`)
			route, rest, _ := strings.Cut(rest, `"`)
			_, value, _ := strings.Cut(rest, "} ")
			v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err == nil {
				into[route] += v
			}
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return queryTotals{}
		}
	}
	return t
}

// perRequest is the statements per request of a route between two
// scrapes, or -1 when unknown.
func (t queryTotals) perRequest(before queryTotals, route string) float64 {
	if !t.ok || !before.ok {
		return -1
	}
	n := t.n[route] - before.n[route]
	if n <= 0 {
		return -1
	}
	return (t.sum[route] - before.sum[route]) / n
}
