package server

import (
	"github.com/prometheus/client_golang/prometheus"
)

// queryMetrics says how many database statements requests cost: in all,
// and per route pattern as a histogram (its _sum over _count is the
// average per request), so that a page that starts reading per item shows
// on /metrics before it shows in latency.
type queryMetrics struct {
	total    prometheus.Counter
	perRoute *prometheus.HistogramVec
}

func newQueryMetrics(reg *prometheus.Registry) *queryMetrics {
	q := &queryMetrics{
		total: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "commons_db_queries_total", Help: "Database statements run while answering HTTP requests.",
		}),
		perRoute: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "commons_db_queries_per_request", Help: "Database statements per HTTP request, by route pattern.",
			Buckets: []float64{0, 1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(q.total, q.perRoute)
	return q
}

func (q *queryMetrics) observe(method, route string, n int64) {
	q.total.Add(float64(n))
	q.perRoute.WithLabelValues(method, route).Observe(float64(n))
}
