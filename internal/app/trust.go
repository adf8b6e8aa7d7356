package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// GiveTrust lets a member vouch for another for a role (see
// commons.MayVouchFor); a giver gives at most the community's quota in 30
// days.
func (a *App) GiveTrust(ctx context.Context, s Scope, userID string, role commons.Role) (err error) {
	defer a.trustLogged(ctx, s, userID, role, "trust given")(&err)
	if err := a.checkVouch(ctx, s, userID, role); err != nil {
		return err
	}
	c := s.Community
	link := "/c/" + c.Slug + "/members/" + userID // where they see their standing
	return a.Store.GiveTrust(ctx, c, s.Actor.ID, userID, role, func(trust, threshold int) commons.Notification {
		return commons.VouchNote(c, s.Actor.Name, userID, role, trust, threshold, link)
	})
}

// RevokeTrust takes the actor's trust for a role back.
func (a *App) RevokeTrust(ctx context.Context, s Scope, userID string, role commons.Role) (err error) {
	defer a.trustLogged(ctx, s, userID, role, "trust revoked")(&err)
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.TrustedRoles)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.RevokeTrust(ctx, s.Community.ID, s.Actor.ID, userID, role)
}

// checkVouch enforces commons.MayVouchFor with an error that says which
// part failed: the giver's standing, the role, the receiver.
func (a *App) checkVouch(ctx context.Context, s Scope, userID string, role commons.Role) error {
	if err := s.Require(commons.ActionVouch); err != nil {
		if commons.CodeOf(err) == commons.CodeForbidden {
			return commons.Errorf(commons.CodeForbidden, "error.trust.not_member")
		}
		return err
	}
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.TrustedRoles)
	if userID == s.Actor.ID {
		v.Fail("user_id", commons.Msg("error.trust.self"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	receiver, err := a.Store.Member(ctx, s.Community.ID, userID)
	if err != nil {
		return err
	}
	if receiver.Status == commons.MemberActive && !commons.VouchableProfile(receiver.Moderation) {
		// Refused before anything is written, with the reason, rather
		// than a vouch that lands on a page the voucher may not open.
		v.Fail("user_id", commons.Msg("error.trust.hidden"))
		return v.Err()
	}
	if !commons.MayVouchFor(s.Member, receiver) {
		return commons.NotFound()
	}
	return nil
}

// TrustResourceFor is the member route's way to trust someone for one
// resource of the community (API.md: {resource_id}).
func (a *App) TrustResourceFor(ctx context.Context, s Scope, userID, resourceID string, give bool) error {
	if _, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, resourceID); err != nil {
		return err
	}
	if give {
		// Trust for a resource is trust too: not while peer review hides
		// the person (commons.VouchableProfile).
		if m, err := a.Store.Member(ctx, s.Community.ID, userID); err == nil && !commons.VouchableProfile(m.Moderation) {
			var v commons.Validator
			v.Fail("user_id", commons.Msg("error.trust.hidden"))
			return v.Err()
		}
		return a.TrustForResource(ctx, s, resourceID, userID)
	}
	return a.RevokeResourceTrust(ctx, s, resourceID, userID)
}

// TrustEdges is the community's page of who vouches for whom; members only.
func (a *App) TrustEdges(ctx context.Context, s Scope, receiverID string) ([]commons.TrustEdge, error) {
	if err := s.RequireMember(); err != nil {
		return nil, err
	}
	return a.Store.TrustEdges(ctx, s.Community.ID, receiverID)
}

// Leave ends the actor's membership of a community.
func (a *App) Leave(ctx context.Context, s Scope) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	return a.Store.Leave(ctx, s.Community.ID, s.Actor.ID)
}
