package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// Scope is what a request in a community acts within: who acts, in which
// community, as which member, and what the rules let them do there. It is
// resolved once per request — by the web from /c/{slug}, by the API from
// the slug or from the thing its path names — and passed to every use
// case of the community, which trust it instead of looking it up again.
//
// The convention for use cases: community-wide ones take (ctx, s Scope,
// …); those about one thing take (ctx, s Scope, id, …) and find the thing
// within s.Community only, so an id from another community is not found.
type Scope struct {
	// Actor is the signed-in person, nil for a visitor.
	Actor     *commons.User
	Community commons.Community
	// Member is the actor's membership, nil when they have not joined.
	Member *commons.Member
	// May answers the community-wide rules for the actor; pages show
	// controls from it and use cases enforce with Require.
	May commons.May
}

// Scope resolves a community by its address for the actor.
func (a *App) Scope(ctx context.Context, actor *commons.User, slug string) (Scope, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return Scope{}, err
	}
	return a.scopeIn(ctx, actor, c)
}

// ScopeOf resolves the community of a thing named by its kind and id, for
// routes that name the thing alone (GET /api/v1/initiatives/{id}).
func (a *App) ScopeOf(ctx context.Context, actor *commons.User, typ commons.SubjectType, id string) (Scope, error) {
	c, err := a.Store.CommunityOf(ctx, typ, id)
	if err != nil {
		return Scope{}, err
	}
	return a.scopeIn(ctx, actor, c)
}

func (a *App) scopeIn(ctx context.Context, actor *commons.User, c commons.Community) (Scope, error) {
	m, err := a.Membership(ctx, c.ID, actor)
	if err != nil {
		return Scope{}, err
	}
	// An address not confirmed yet: the person reads as a member does, and
	// every rule that acts says no — here, once, for every use case.
	readOnly := a.ReadOnly(actor)
	if m != nil && readOnly {
		m.ReadOnly = true
	}
	may := commons.MayOf(m)
	may.ConfirmFirst = readOnly
	return Scope{Actor: actor, Community: c, Member: m, May: may}, nil
}

// Require enforces a community action: a visitor is asked to sign in, a
// person without the role is forbidden.
func (s Scope) Require(action commons.Action) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	if !commons.Allowed(s.Member, action) {
		return commons.Forbidden()
	}
	return nil
}

// RequireMember lets only active members through: what is for members
// only (the record, threads, reviews, the trust list).
func (s Scope) RequireMember() error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	if !s.May.ReadMembersOnly {
		return commons.Forbidden()
	}
	return nil
}

// ActorID is the acting person's id, "" for a visitor.
func (s Scope) ActorID() string {
	if s.Actor == nil {
		return ""
	}
	return s.Actor.ID
}
