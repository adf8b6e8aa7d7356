package server

import (
	"github.com/commons-project/commons/internal/web"
	"github.com/prometheus/client_golang/prometheus"
)

// pageCacheMetrics report the web's page cache: hits, misses, pages kept
// and their bytes (web/pagecache.go). The hit rate is hits / (hits + misses).
func pageCacheMetrics(w *web.Web) []prometheus.Collector {
	stat := func(pick func(hits, misses uint64, pages int, size int64) float64) func() float64 {
		return func() float64 { return pick(w.PageCacheStats()) }
	}
	return []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_page_cache_hits_total", Help: "Pages served from the page cache."},
			stat(func(h, _ uint64, _ int, _ int64) float64 { return float64(h) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commons_page_cache_misses_total", Help: "Cacheable pages drawn because the cache did not hold them."},
			stat(func(_, m uint64, _ int, _ int64) float64 { return float64(m) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "commons_page_cache_pages", Help: "Pages held by the page cache."},
			stat(func(_, _ uint64, n int, _ int64) float64 { return float64(n) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "commons_page_cache_bytes", Help: "Bytes held by the page cache (pages in every encoding)."},
			stat(func(_, _ uint64, _ int, b int64) float64 { return float64(b) })),
	}
}
