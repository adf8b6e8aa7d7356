package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// InviteToOrganization has an organization's admin invite a member of
// the community, picked by name (or by id through the API), to join it
// with a role; the person is told and accepts or declines
// (commons.MayInviteToOrganization). Someone in it already, or invited
// already, is refused with a clear message.
func (a *App) InviteToOrganization(ctx context.Context, s Scope, orgID string, in Picked, role commons.OrgRole) (commons.OrgInvitation, []Pickable, error) {
	o, err := a.manageOrganization(ctx, s, orgID)
	if err != nil {
		return commons.OrgInvitation{}, nil, err
	}
	if o.Archive.Archived() {
		return commons.OrgInvitation{}, nil, commons.Errorf(commons.CodeConflict, "error.archive.organization_archived")
	}
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.OrgRoles)
	if err := v.Err(); err != nil {
		return commons.OrgInvitation{}, nil, err
	}
	p, matches, err := a.pick(ctx, s, in)
	if err != nil {
		return commons.OrgInvitation{}, matches, err
	}
	if r, err := a.Store.OrgRole(ctx, o.CommunityID, o.ID, p.UserID); err != nil {
		return commons.OrgInvitation{}, nil, err
	} else if r != "" {
		return commons.OrgInvitation{}, nil, invalid(in.Field, commons.Msg("error.org_invitation.in_already", "Name", p.Name))
	}
	inv := commons.OrgInvitation{ID: store.NewID(), CommunityID: o.CommunityID, OrganizationID: o.ID, OrganizationName: o.Name,
		UserID: p.UserID, UserName: p.Name, Role: role, InvitedBy: s.Actor.ID, InviterName: s.Actor.Name}
	n := commons.Notification{UserID: p.UserID, CommunityID: o.CommunityID, Kind: commons.NotifyOrgInvited,
		Link: commons.PagePath(commons.SubjectOrganization, s.Community.Slug, o.ID) + "#invitation",
		Args: map[string]string{"Name": s.Actor.Name, "Organization": o.Name}}
	inv, err = a.Store.InviteToOrganization(ctx, inv, n)
	return inv, nil, err
}

// OrgInvitationsView is what an organization's page shows of its
// invitations: those waiting, for its admins; the reader's own, to answer.
type OrgInvitationsView struct {
	Waiting []commons.OrgInvitation
	Mine    *commons.OrgInvitation
	// May.Invite shows the invitation form and the withdraw buttons.
	May struct{ Invite bool }
}

// OrgInvitationsFor answers, for an organization's page, the invitations
// the reader may see.
func (a *App) OrgInvitationsFor(ctx context.Context, s Scope, orgID string) (OrgInvitationsView, error) {
	var ov OrgInvitationsView
	if s.Actor == nil || s.Member == nil {
		return ov, nil
	}
	o, err := a.organizationIn(ctx, s, orgID)
	if err != nil {
		return ov, err
	}
	role, err := a.orgRole(ctx, s, o)
	if err != nil {
		return ov, err
	}
	ov.May.Invite = commons.MayInviteToOrganization(role) && !o.Archive.Archived()
	all, err := a.Store.OrgInvitations(ctx, o.CommunityID, o.ID, "")
	if err != nil {
		return ov, err
	}
	for i, inv := range all {
		if commons.MayAnswerOrgInvitation(s.Actor.ID, inv) {
			ov.Mine = &all[i]
		}
	}
	if commons.MayInviteToOrganization(role) {
		ov.Waiting = all
	}
	return ov, nil
}

// OrgInvitations lists an organization's waiting invitations, for its
// admins.
func (a *App) OrgInvitations(ctx context.Context, s Scope, orgID string) ([]commons.OrgInvitation, error) {
	o, err := a.manageOrganization(ctx, s, orgID)
	if err != nil {
		return nil, err
	}
	return a.Store.OrgInvitations(ctx, o.CommunityID, o.ID, "")
}

// MyOrgInvitations lists the invitations waiting for the reader in the
// scope's community.
func (a *App) MyOrgInvitations(ctx context.Context, s Scope) ([]commons.OrgInvitation, error) {
	if err := s.RequireMember(); err != nil {
		return nil, err
	}
	return a.Store.OrgInvitations(ctx, s.Community.ID, "", s.Actor.ID)
}

// WithdrawOrgInvitation is an admin taking back an invitation still
// waiting.
func (a *App) WithdrawOrgInvitation(ctx context.Context, s Scope, orgID, id string) error {
	o, err := a.manageOrganization(ctx, s, orgID)
	if err != nil {
		return err
	}
	inv, err := a.Store.OrgInvitation(ctx, o.CommunityID, id)
	if err != nil || inv.OrganizationID != o.ID {
		return commons.NotFound()
	}
	return a.Store.AnswerOrgInvitation(ctx, inv, false, s.Actor.ID, "organization.invitation_withdrawn")
}

// AnswerOrgInvitation is the invited person accepting (they join with
// the invitation's role) or declining. Anyone else's invitation is not
// found (commons.MayAnswerOrgInvitation).
func (a *App) AnswerOrgInvitation(ctx context.Context, s Scope, orgID, id string, accept bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	inv, err := a.Store.OrgInvitation(ctx, s.Community.ID, id)
	if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && (inv.OrganizationID != orgID || !commons.MayAnswerOrgInvitation(s.Actor.ID, inv))) {
		return commons.NotFound()
	}
	if err != nil {
		return err
	}
	if accept {
		if err := s.RequireMember(); err != nil {
			return err
		}
		return a.Store.AnswerOrgInvitation(ctx, inv, true, s.Actor.ID, "")
	}
	return a.Store.AnswerOrgInvitation(ctx, inv, false, s.Actor.ID, "organization.invitation_declined")
}
