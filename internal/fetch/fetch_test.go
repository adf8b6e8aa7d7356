package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/fetch"
)

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "10.0.0.1": false, "172.16.5.4": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "::1": false, "fc00::1": false, "fe80::1": false, "::ffff:127.0.0.1": false,
		"::ffff:10.0.0.1": false, "64:ff9b::a00:1": false, "224.0.0.1": false,
		"93.184.216.34": true, "2606:2800:220:1:248:1893:25c8:1946": true, "8.8.8.8": true,
	} {
		if got := fetch.Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}

// The test servers all listen on loopback; the client under test is told
// to allow one of them by port, standing for "a public site".
func TestClientRefusesWhatIsNotPublic(t *testing.T) {
	ctx := context.Background()
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("secret")) }))
	defer inside.Close()
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, inside.URL, http.StatusFound)
		case "/big":
			w.Write([]byte(strings.Repeat("x", 2000)))
		case "/missing":
			http.NotFound(w, r)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			w.Write([]byte("BEGIN:VCALENDAR"))
		}
	}))
	defer outside.Close()
	port := netip.MustParseAddrPort(strings.TrimPrefix(outside.URL, "http://")).Port()
	c := fetch.New(300*time.Millisecond, 1000, func(ap netip.AddrPort) bool { return ap.Port() == port })

	if body, err := c.Get(ctx, outside.URL); err != nil || string(body) != "BEGIN:VCALENDAR" {
		t.Fatalf("an allowed site: %q %v", body, err)
	}
	if _, err := c.Get(ctx, inside.URL); !errors.Is(err, fetch.ErrNotPublic) {
		t.Errorf("loopback: %v", err)
	}
	if _, err := c.Get(ctx, outside.URL+"/redirect"); !errors.Is(err, fetch.ErrNotPublic) {
		t.Errorf("a redirect to loopback: %v", err)
	}
	if _, err := c.Get(ctx, outside.URL+"/big"); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
	var se *fetch.StatusError
	if _, err := c.Get(ctx, outside.URL+"/missing"); !errors.As(err, &se) || se.Status != 404 {
		t.Errorf("not found: %v", err)
	}
	start := time.Now()
	if _, err := c.Get(ctx, outside.URL+"/slow"); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("a server that never answers: %v after %s", err, time.Since(start))
	}
	// The default rule: nothing on this machine, nor 10.0.0.1.
	d := fetch.New(300*time.Millisecond, 1000, nil)
	for _, u := range []string{outside.URL, "http://10.0.0.1/", "http://[::1]:9/"} {
		if _, err := d.Get(ctx, u); !errors.Is(err, fetch.ErrNotPublic) {
			t.Errorf("%s: %v", u, err)
		}
	}
}
