package server_test

import (
	"testing"

	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// Pages carry a Permissions-Policy; Strict-Transport-Security comes only
// over HTTPS (here a trusted proxy's), where a browser heeds it.
func TestHSTSOverHTTPSAndPermissionsPolicy(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.NewWith(t, st, func(srv *server.Server) { srv.TrustProxy = true })
	plain := s.Do(ts.Request{Method: "GET", Path: "/"})
	if plain.Header().Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP")
	}
	if pp := plain.Header().Get("Permissions-Policy"); pp == "" {
		t.Error("no Permissions-Policy")
	}
	tls := s.Do(ts.Request{Method: "GET", Path: "/", Header: map[string]string{"X-Forwarded-Proto": "https"}})
	if hsts := tls.Header().Get("Strict-Transport-Security"); hsts != "max-age=31536000" {
		t.Errorf("HSTS over HTTPS: %q", hsts)
	}
	untrusted := ts.New(t, st)
	if rec := untrusted.Do(ts.Request{Method: "GET", Path: "/", Header: map[string]string{"X-Forwarded-Proto": "https"}}); rec.Header().Get("Strict-Transport-Security") != "" {
		t.Error("HSTS from an untrusted X-Forwarded-Proto")
	}
}
