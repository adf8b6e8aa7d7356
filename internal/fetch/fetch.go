// Package fetch gets documents from other sites on a person's behalf — a
// room's calendar feed — without letting that person reach what only the
// server can: it connects only to public addresses, checked on every
// connection it makes (so a redirect, or a name that resolves to a private
// address, is refused as well), and gives up after a timeout.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrNotPublic is the error of a connection to an address that is not a
// public one.
var ErrNotPublic = errors.New("not a public address")

// Client fetches from public addresses only.
type Client struct {
	http *http.Client
	// MaxBytes bounds a fetched body.
	MaxBytes int64
}

// New builds a Client that refuses addresses allow refuses (nil: Public)
// and gives up after timeout.
func New(timeout time.Duration, maxBytes int64, allow func(netip.AddrPort) bool) *Client {
	if allow == nil {
		allow = func(ap netip.AddrPort) bool { return Public(ap.Addr()) }
	}
	dialer := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !allow(ap) {
			return fmt.Errorf("%s: %w", address, ErrNotPublic)
		}
		return nil
	}}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		// A proxy from the environment would make the address checks
		// about the proxy, not the site.
		Proxy: nil,
	}
	return &Client{MaxBytes: maxBytes, http: &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL.Scheme, ErrNotPublic)
			}
			return nil
		}}}
}

// Get fetches url's body, at most MaxBytes of it (a longer one is an
// error), and its status when it is not 200.
func (c *Client) Get(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/calendar, */*;q=0.5")
	req.Header.Set("User-Agent", "Commons calendar import")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Status: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > c.MaxBytes {
		return nil, ErrTooLarge
	}
	return body, nil
}

// ErrTooLarge is the error of a body longer than MaxBytes.
var ErrTooLarge = errors.New("the document is too large")

// StatusError is an answer other than 200 OK.
type StatusError struct{ Status int }

func (e *StatusError) Error() string { return fmt.Sprintf("the server answered %d", e.Status) }

// Public reports whether an address is one on the public internet: not
// loopback, private (RFC 1918, unique local), link-local, shared (CGNAT),
// multicast, unspecified, or reserved for documentation and benchmarks.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range reserved {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space (CGNAT)
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 reaches IPv4 addresses, private ones included
	netip.MustParsePrefix("2001:db8::/32"),
}
