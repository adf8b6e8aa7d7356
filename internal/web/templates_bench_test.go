package web

import (
	"io"
	"log/slog"
	"runtime"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/i18n"
)

// BenchmarkTemplatesHeap reports the heap the parsed and escaped templates
// hold (the "MB" metric): every page is escaped, as its first answer
// would, by executing it on no data, which stops at the first field after
// html/template has escaped the whole page.
//
//	go test -run '^$' -bench BenchmarkTemplatesHeap -benchtime 3x ./internal/web/
func BenchmarkTemplatesHeap(b *testing.B) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c, err := i18n.Load(quiet)
	if err != nil {
		b.Fatal(err)
	}
	var held float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		w, err := New(nil, c, quiet)
		if err != nil {
			b.Fatal(err)
		}
		pages := 0
		for _, t := range w.templates.Templates() {
			if strings.HasPrefix(t.Name(), "page/") {
				_ = t.Execute(io.Discard, (*view)(nil))
				pages++
			}
		}
		if pages == 0 {
			b.Fatal("no pages")
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(w)
	}
	b.ReportMetric(held, "MB")
}
