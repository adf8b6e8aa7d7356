package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// GiveTrust lets a member vouch for another for a role. Givers hold the
// member role at least (a newcomer is still being vouched for), may not
// vouch for themselves, and give at most the community's quota in 30 days.
func (a *App) GiveTrust(ctx context.Context, actor *commons.User, slug, userID string, role commons.Role) error {
	c, err := a.trustParties(ctx, actor, slug, userID, role)
	if err != nil {
		return err
	}
	return a.Store.GiveTrust(ctx, c, actor.ID, userID, role)
}

// RevokeTrust takes the actor's trust for a role back.
func (a *App) RevokeTrust(ctx context.Context, actor *commons.User, slug, userID string, role commons.Role) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	c, err := a.Community(ctx, slug)
	if err != nil {
		return err
	}
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.TrustedRoles)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.RevokeTrust(ctx, c.ID, actor.ID, userID, role)
}

// trustParties checks the giver, the role and the receiver of trust.
func (a *App) trustParties(ctx context.Context, actor *commons.User, slug, userID string, role commons.Role) (commons.Community, error) {
	if err := requireUser(actor); err != nil {
		return commons.Community{}, err
	}
	c, err := a.Community(ctx, slug)
	if err != nil {
		return c, err
	}
	giver, err := a.Membership(ctx, c.ID, actor)
	if err != nil {
		return c, err
	}
	if !commons.Allowed(giver, commons.ActionVouch) {
		return c, commons.Errorf(commons.CodeForbidden, "error.trust.not_member")
	}
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.TrustedRoles)
	if userID == actor.ID {
		v.Fail("user_id", commons.Msg("error.trust.self"))
	}
	if err := v.Err(); err != nil {
		return c, err
	}
	receiver, err := a.Store.Member(ctx, c.ID, userID)
	if err == nil && receiver.Status != commons.MemberActive {
		err = commons.NotFound()
	}
	return c, err
}

// TrustResourceFor is the member route's way to trust someone for one
// resource of the community (API.md: {resource_id}).
func (a *App) TrustResourceFor(ctx context.Context, actor *commons.User, slug, userID, resourceID string, give bool) error {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return err
	}
	if _, err := a.Store.ResourceInCommunity(ctx, c.ID, resourceID); err != nil {
		return err
	}
	if give {
		return a.TrustForResource(ctx, actor, resourceID, userID)
	}
	return a.RevokeResourceTrust(ctx, actor, resourceID, userID)
}

// TrustEdges is the community's page of who vouches for whom; members only.
func (a *App) TrustEdges(ctx context.Context, actor *commons.User, slug, receiverID string) ([]commons.TrustEdge, error) {
	c, err := a.activeMemberOf(ctx, actor, slug)
	if err != nil {
		return nil, err
	}
	return a.Store.TrustEdges(ctx, c.ID, receiverID)
}

// Leave ends the actor's membership of a community.
func (a *App) Leave(ctx context.Context, actor *commons.User, slug string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	c, err := a.Community(ctx, slug)
	if err != nil {
		return err
	}
	return a.Store.Leave(ctx, c.ID, actor.ID)
}
