package app

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// InvitationLinkPath is where an invitation's link leads, before its secret.
const InvitationLinkPath = "/invitations/"

// Invite makes an invitation into the scope's community: its editors
// invite; an organization's admins invite into their organization (and so
// into the community). One by mail goes to the address in the community's
// first language, from the inviter's name. It returns the link's secret,
// shown (or mailed) this once.
func (a *App) Invite(ctx context.Context, s Scope, n commons.NewInvitation) (string, commons.Invitation, error) {
	if s.Actor == nil {
		return "", commons.Invitation{}, commons.Unauthenticated()
	}
	n.Normalize()
	var v commons.Validator
	n.Validate(&v)
	if err := v.Err(); err != nil {
		return "", commons.Invitation{}, err
	}
	var orgName string
	if n.OrganizationID != "" {
		o, err := a.manageOrganization(ctx, s, n.OrganizationID)
		if err != nil {
			return "", commons.Invitation{}, err
		}
		orgName = o.Name
		// An admin whose address waits for confirmation invites no one.
		if err := a.requireConfirmed(s.Actor); err != nil {
			return "", commons.Invitation{}, err
		}
	} else if err := s.Require(commons.ActionInvite); err != nil {
		return "", commons.Invitation{}, err
	}
	secret, inv, m := a.invitation(s, n, orgName)
	inv, err := a.Store.CreateInvitation(ctx, inv, secret, m)
	inv.OrganizationName = orgName
	return secret, inv, err
}

// invitation makes an invitation's secret and record, and its mail when
// it goes to an address, for Invite and an import of invitations.
func (a *App) invitation(s Scope, n commons.NewInvitation, orgName string) (string, commons.Invitation, *store.AccountMail) {
	secret := newSecret("")
	inv := commons.Invitation{CommunityID: s.Community.ID, OrganizationID: n.OrganizationID, Email: n.Email, MaxUses: n.MaxUses,
		ExpiresAt: a.Now().Add(time.Duration(n.Days) * 24 * time.Hour), CreatedBy: s.Actor.ID}
	if n.Email == "" {
		return secret, inv, nil
	}
	loc := a.Catalog.Localizer(a.Catalog.Choose("", "", s.Community.Languages))
	kind, args := "invitation", []any{"Inviter", s.Actor.Name, "Community", s.Community.Name, "URL", a.link(InvitationLinkPath, secret),
		"Days", n.Days}
	if orgName != "" {
		kind, args = "invitation_org", append(args, "Organization", orgName)
	}
	mail := a.accountMail(loc, kind, args...)
	mail.To = n.Email
	return secret, inv, &mail
}

// Invitations lists the community's invitations, for whoever may invite.
func (a *App) Invitations(ctx context.Context, s Scope) ([]commons.Invitation, error) {
	if err := s.Require(commons.ActionInvite); err != nil {
		return nil, err
	}
	return a.Store.Invitations(ctx, s.Community.ID)
}

// WithdrawInvitation deletes an invitation: editors, or whoever made it.
func (a *App) WithdrawInvitation(ctx context.Context, s Scope, id string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	if !s.May.Invite {
		invs, err := a.Store.Invitations(ctx, s.Community.ID)
		if err != nil {
			return err
		}
		mine := false
		for _, i := range invs {
			mine = mine || (i.ID == id && i.CreatedBy == s.Actor.ID)
		}
		if !mine {
			return commons.Forbidden()
		}
	}
	return a.Store.DeleteInvitation(ctx, s.Community.ID, id)
}

// InvitationInfo is what an invitation's page shows: the invitation, its
// community, and whether the reader is in already.
type InvitationInfo struct {
	Invitation commons.Invitation
	Community  commons.Community
	Member     bool
}

// InvitationByLink reads the invitation a link stands for, while it is
// open; a used-up, expired or unknown link is gone.
func (a *App) InvitationByLink(ctx context.Context, actor *commons.User, secret string) (InvitationInfo, error) {
	gone := commons.Errorf(commons.CodeNotFound, "error.invitation_gone")
	if !validSecret(secret) {
		return InvitationInfo{}, gone
	}
	inv, err := a.Store.InvitationBySecret(ctx, secret)
	if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !inv.Open(a.Now())) {
		return InvitationInfo{}, gone
	}
	if err != nil {
		return InvitationInfo{}, err
	}
	c, err := a.Store.CommunityByID(ctx, inv.CommunityID)
	if err != nil {
		return InvitationInfo{}, err
	}
	m, err := a.Membership(ctx, c.ID, actor)
	return InvitationInfo{Invitation: inv, Community: c, Member: commons.IsActiveMember(m)}, err
}

// AcceptInvitation lets the signed-in person into the invitation's
// community (and organization), without an application.
func (a *App) AcceptInvitation(ctx context.Context, actor *commons.User, secret string) (commons.Community, error) {
	if err := requireUser(actor); err != nil {
		return commons.Community{}, err
	}
	if !validSecret(secret) {
		return commons.Community{}, commons.Errorf(commons.CodeNotFound, "error.invitation_gone")
	}
	inv, err := a.Store.AcceptInvitation(ctx, secret, actor.ID, a.Now())
	if err != nil {
		return commons.Community{}, err
	}
	return a.Store.CommunityByID(ctx, inv.CommunityID)
}
