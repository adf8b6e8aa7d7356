package server_test

import (
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

func TestOperations(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/healthz"}), 200)
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/readyz"}), 200)

	rec := s.Do(ts.Request{Method: "GET", Path: "/", Header: map[string]string{"X-Request-Id": "trace-123"}})
	if got := rec.Header().Get("X-Request-Id"); got != "trace-123" {
		t.Fatalf("request id %q", got)
	}
	rec = s.Do(ts.Request{Method: "GET", Path: "/", Header: map[string]string{"X-Request-Id": "bad id\n<script>"}})
	if got := rec.Header().Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " <\n") {
		t.Fatalf("unsafe request id kept: %q", got)
	}

	rec = s.Do(ts.Request{Method: "GET", Path: "/metrics"})
	ts.Status(t, rec, 200)
	for _, want := range []string{`commons_http_requests_total{method="GET",route="GET /{$}",status="OK"}`, "commons_http_request_duration_seconds_bucket", "go_goroutines"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	// Compressed when the client accepts it.
	rec = s.Do(ts.Request{Method: "GET", Path: "/static/style.css", Header: map[string]string{"Accept-Encoding": "gzip"}})
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("static file not compressed: %v", rec.Header())
	}

	st.Close()
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/readyz"}), 503)
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/healthz"}), 200)
}
