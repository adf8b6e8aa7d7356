package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// CreateOrganization puts an organization on a community's map, with the
// actor as its admin. Any member may: sectors are equals.
func (a *App) CreateOrganization(ctx context.Context, s Scope, f commons.OrganizationFields) (commons.Organization, error) {
	if err := s.Require(commons.ActionCreateOrganization); err != nil {
		return commons.Organization{}, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Organization{}, err
	}
	return a.Store.CreateOrganization(ctx, s.Community.ID, f, s.Actor.ID)
}

// Organization returns one organization.
func (a *App) Organization(ctx context.Context, id string) (commons.Organization, error) {
	return a.Store.OrganizationByID(ctx, id)
}

// OrganizationIn returns an organization of the given community; one of
// another community is not found.
func (a *App) OrganizationIn(ctx context.Context, c commons.Community, id string) (commons.Organization, error) {
	return a.Store.OrganizationInCommunity(ctx, c.ID, id)
}

// Organizations lists a community's directory.
func (a *App) Organizations(ctx context.Context, s Scope, f commons.OrganizationFilter) ([]commons.Organization, string, error) {
	if f.Sector != "" && !commons.ValidSector(f.Sector) {
		var v commons.Validator
		commons.OneOf(&v, "sector", f.Sector, commons.Sectors)
		return nil, "", v.Err()
	}
	return a.Store.ListOrganizations(ctx, s.Community.ID, f)
}

// OrgRole returns the actor's role in an organization, "" for none.
func (a *App) OrgRole(ctx context.Context, actor *commons.User, o commons.Organization) (commons.OrgRole, error) {
	if actor == nil {
		return "", nil
	}
	return a.Store.OrgRole(ctx, o.CommunityID, o.ID, actor.ID)
}

func (a *App) manageOrganization(ctx context.Context, actor *commons.User, id string) (commons.Organization, error) {
	if err := requireUser(actor); err != nil {
		return commons.Organization{}, err
	}
	o, err := a.Store.OrganizationByID(ctx, id)
	if err != nil {
		return o, err
	}
	role, err := a.OrgRole(ctx, actor, o)
	if err != nil {
		return o, err
	}
	if !commons.CanManageOrganization(role) {
		return o, commons.Forbidden()
	}
	return o, nil
}

// UpdateOrganization edits an organization; its admins only.
func (a *App) UpdateOrganization(ctx context.Context, actor *commons.User, id string, ch commons.OrganizationChange) (commons.Organization, error) {
	o, err := a.manageOrganization(ctx, actor, id)
	if err != nil {
		return o, err
	}
	f := ch.Apply(&o)
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return o, err
	}
	o.Name, o.Sector, o.Description, o.Website, o.Email, o.Address = f.Name, f.Sector, f.Description, f.Website, f.Email, f.Address
	if err := a.Store.UpdateOrganization(ctx, o); err != nil {
		return o, err
	}
	return a.Store.OrganizationByID(ctx, id)
}

// OrgMembers lists an organization's people.
func (a *App) OrgMembers(ctx context.Context, o commons.Organization) ([]commons.OrgMembership, error) {
	return a.Store.OrgMembers(ctx, o.CommunityID, o.ID)
}

// SetOrgMember adds a community member to an organization, changes their
// role, or (with role "") removes them. Admins may do this for anyone;
// every person may leave on their own.
func (a *App) SetOrgMember(ctx context.Context, actor *commons.User, orgID, userID string, role commons.OrgRole) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	var o commons.Organization
	var err error
	if role == "" && actor.ID == userID {
		o, err = a.Store.OrganizationByID(ctx, orgID)
	} else {
		o, err = a.manageOrganization(ctx, actor, orgID)
	}
	if err != nil {
		return err
	}
	if role != "" {
		var v commons.Validator
		commons.OneOf(&v, "role", role, commons.OrgRoles)
		if err := v.Err(); err != nil {
			return err
		}
		m, err := a.Store.Member(ctx, o.CommunityID, userID)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && m.Status != commons.MemberActive) {
			return invalid("user_id", commons.Msg("error.not_a_member"))
		}
		if err != nil {
			return err
		}
	}
	return a.Store.SetOrgMember(ctx, o.CommunityID, o.ID, userID, role, actor.ID)
}

// UserByEmail finds an account, for adding a person to an organization by
// the address they signed up with.
func (a *App) UserByEmail(ctx context.Context, email string) (commons.User, error) {
	u, _, err := a.Store.UserCredentials(ctx, email)
	return u, err
}

// OrgStanding is the reader's role in an organization and what the rules
// let them do to it: pages show the managing controls from May.Manage,
// which is the rule UpdateOrganization and SetOrgMember enforce
// (commons.CanManageOrganization).
type OrgStanding struct {
	Role commons.OrgRole
	May  struct{ Manage bool }
}

// OrgStandingOf answers OrgStanding for the actor (a visitor has none).
func (a *App) OrgStandingOf(ctx context.Context, actor *commons.User, o commons.Organization) (OrgStanding, error) {
	role, err := a.OrgRole(ctx, actor, o)
	st := OrgStanding{Role: role}
	st.May.Manage = commons.CanManageOrganization(role)
	return st, err
}
