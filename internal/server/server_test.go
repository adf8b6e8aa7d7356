package server_test

import (
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/server"
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

	// Made-up methods are counted together, not one series each.
	s.Do(ts.Request{Method: "ZZQ1", Path: "/"})
	rec = s.Do(ts.Request{Method: "GET", Path: "/metrics"})
	if strings.Contains(rec.Body.String(), "ZZQ1") || !strings.Contains(rec.Body.String(), `method="other"`) {
		t.Error("an unknown method got its own metric label")
	}

	st.Close()
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/readyz"}), 503)
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/healthz"}), 200)
}

// Behind a trusted proxy that says the browser used HTTPS, cookies are
// Secure even though the proxy talks to Commons over loopback.
func TestSecureCookiesBehindATrustedProxy(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.NewWith(t, st, func(srv *server.Server) { srv.TrustProxy = true })
	rec := s.Do(ts.Request{Method: "POST", Path: "http://127.0.0.1:8080/signup",
		Form:   map[string]string{"name": "X", "email": "x@example.org", "password": "long enough!"},
		Header: map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}})
	var secure bool
	for _, c := range rec.Result().Cookies() {
		if c.Name == "commons_session" {
			secure = c.Secure
		}
	}
	if rec.Code != 303 || !secure {
		t.Fatalf("status %d, Secure %v", rec.Code, secure)
	}
}
