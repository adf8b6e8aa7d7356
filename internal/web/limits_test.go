package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/store"
	ts "github.com/commons-project/commons/internal/testserver"
)

// liveHeap is the heap the last collection found in use.
func liveHeap() uint64 {
	runtime.GC()
	m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(m)
	return m[0].Value.Uint64()
}

// heapMeter is a ResponseWriter that throws the body away and, every
// quarter megabyte written, collects garbage and notes the live heap: the
// peak it sees is what the handler held while it wrote.
type heapMeter struct {
	header      http.Header
	code        int
	written     int
	sinceSample int
	peak        uint64
	head        bytes.Buffer // the first bytes, to check the answer
}

func (m *heapMeter) Header() http.Header { return m.header }
func (m *heapMeter) WriteHeader(code int) {
	if m.code == 0 {
		m.code = code
	}
}
func (m *heapMeter) Write(p []byte) (int, error) {
	m.WriteHeader(http.StatusOK)
	if m.head.Len() < 4096 {
		m.head.Write(p[:min(len(p), 4096)])
	}
	m.written += len(p)
	m.sinceSample += len(p)
	if m.sinceSample >= 256<<10 {
		m.sinceSample = 0
		m.peak = max(m.peak, liveHeap())
	}
	return len(p), nil
}

// A record of thousands of long entries downloads as CSV in bounded
// memory: the export holds one page of entries at a time (issue 21: the
// whole record in memory cost ~760 MB for 2,500 entries).
func TestRecordCSVStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large record")
	}
	const entries = 6000
	// What the rows hold, about 30 MB: far above the bound below, so
	// holding the record at once cannot pass.
	const bound = 10 << 20
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		b.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		ctx := context.Background()
		c, err := s.App.Store.CommunityBySlug(ctx, "cwm")
		if err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("ŵ", 500) // the longest value the record keeps
		state := `{"description":"` + long + `","name":"` + long + `"}`
		rows := make([][]any, entries)
		at := time.Now().UTC()
		for i := range rows {
			rows[i] = []any{c.ID, store.NewID(), nil, "community.updated", "Cwm", at, state, state}
		}
		if err := s.App.Store.BulkInsert(ctx, "community_log", []string{"community_id", "id", "actor_id", "action", "subject", "at", "before_state", "after_state"}, rows); err != nil {
			t.Fatal(err)
		}
		rows, state = nil, ""

		req := httptest.NewRequest("GET", "/c/cwm/record.csv", nil)
		for _, ck := range b.cookies {
			req.AddCookie(ck)
		}
		m := &heapMeter{header: http.Header{}}
		base := liveHeap()
		s.Handler.ServeHTTP(m, req)
		if m.code != 200 || !strings.HasPrefix(m.head.String(), "at,actor,action,subject,before,after") {
			t.Fatalf("csv: %d %.200s", m.code, m.head.String())
		}
		if m.written < entries*4*len(long) {
			t.Fatalf("wrote %d bytes for %d entries", m.written, entries)
		}
		grew := int64(m.peak) - int64(base)
		t.Logf("%s: wrote %d MB; live heap grew at most %.1f MB while writing (bound %d MB)", s.App.Store.Engine(), m.written>>20, float64(grew)/(1<<20), bound>>20)
		if grew > bound {
			t.Errorf("the download held %.1f MB, above the bound of %d MB", float64(grew)/(1<<20), bound>>20)
		}
	})
}

// "Show on map" keeps the search's filters, and the map's "as a list" too
// (issue 21: the query was escaped as one value and every filter lost).
func TestMapLinkKeepsFilters(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		b := newBrowser(t, s, "en")
		b.post("/signup", map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"})
		b.post("/communities/new", map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"})
		must(t, b.get("/c/cwm/resources?kind=space&q=hall&cursor=x"), `href="/c/cwm/resources/map?kind=space&amp;q=hall"`)
		must(t, b.get("/c/cwm/resources/map?kind=space&q=hall"), `href="/c/cwm/resources?kind=space&amp;q=hall"`)
	})
}
