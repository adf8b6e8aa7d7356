// Package reqctx carries the values that belong to one request — who is
// signed in, the request's id, the language it is answered in — from the
// middleware that finds them to the handlers and loggers that use them.
package reqctx

import (
	"context"
	"sync"

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

type memoKey struct{}

// Memo remembers, for one read-only request (GET, HEAD), what several
// parts of a page ask the database for again and again: a person's
// membership in a community, with its roles, and communities by address.
// A page asks for them up to five times; reading them once cut a
// community's home page by a fifth (commons-load's profile). Requests that
// change things carry no memo, so they never see a value from before
// their own change.
type Memo struct {
	mu          sync.Mutex
	members     map[[2]string]*commons.Member // by community and person; nil: not a member
	communities map[string]commons.Community  // by slug
}

// WithMemo gives a read-only request its memo.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &Memo{members: map[[2]string]*commons.Member{}, communities: map[string]commons.Community{}})
}

// MemoOf returns the request's memo, or nil.
func MemoOf(ctx context.Context) *Memo {
	m, _ := ctx.Value(memoKey{}).(*Memo)
	return m
}

// Member returns a remembered membership (nil for "not a member") and
// whether there was one to remember.
func (m *Memo) Member(communityID, userID string) (*commons.Member, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.members[[2]string{communityID, userID}]
	if v != nil {
		cp := *v
		return &cp, true
	}
	return nil, ok
}

// SetMember remembers a membership (nil: not a member).
func (m *Memo) SetMember(communityID, userID string, v *commons.Member) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v != nil {
		cp := *v
		v = &cp
	}
	m.members[[2]string{communityID, userID}] = v
}

// Community returns a remembered community.
func (m *Memo) Community(slug string) (commons.Community, bool) {
	if m == nil {
		return commons.Community{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.communities[slug]
	return c, ok
}

// SetCommunity remembers a community.
func (m *Memo) SetCommunity(c commons.Community) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.communities[c.Slug] = c
}
