// Package reqctx carries the values that belong to one request — who is
// signed in, the request's id, the language it is answered in — from the
// middleware that finds them to the handlers and loggers that use them.
package reqctx

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

type key int

const (
	userKey key = iota
	requestIDKey
	sessionKey
)

// WithUser records the signed-in person.
func WithUser(ctx context.Context, u *commons.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the signed-in person, or nil for a visitor.
func User(ctx context.Context) *commons.User {
	u, _ := ctx.Value(userKey).(*commons.User)
	return u
}

// WithSession records the web session's secret, so that signing out can end it.
func WithSession(ctx context.Context, secret string) context.Context {
	return context.WithValue(ctx, sessionKey, secret)
}

// Session returns the web session's secret, or "".
func Session(ctx context.Context) string {
	s, _ := ctx.Value(sessionKey).(string)
	return s
}

// WithRequestID records the request's id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request's id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

type secureKey struct{}

// WithSecure records whether the browser reached Commons over HTTPS.
func WithSecure(ctx context.Context, secure bool) context.Context {
	return context.WithValue(ctx, secureKey{}, secure)
}

// Secure reports whether cookies may be marked Secure for this request.
// Without the middleware's say, it errs on the side of Secure.
func Secure(ctx context.Context) bool {
	s, ok := ctx.Value(secureKey{}).(bool)
	return s || !ok
}

type addrKey struct{}

// WithClientAddr records the network address the request came from, as
// the server's proxy settings determine it.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey{}, addr)
}

// ClientAddr returns the request's network address, or "".
func ClientAddr(ctx context.Context) string {
	a, _ := ctx.Value(addrKey{}).(string)
	return a
}
