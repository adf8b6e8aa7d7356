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

// Organization returns one organization of the scope's community, as the
// reader sees it: its people, the reader's role and what the rules let
// them do. One of another community, or one the reader may not see, is
// not found.
func (a *App) Organization(ctx context.Context, s Scope, id string) (OrganizationView, error) {
	o, err := a.organizationIn(ctx, s, id)
	if err != nil {
		return OrganizationView{}, err
	}
	if err := a.ShownOrganization(s, o); err != nil {
		return OrganizationView{}, err
	}
	// Its contact is for the community's members, unless it is public.
	o.Contact = o.Contact.ShownTo(s.Member != nil)
	d := OrganizationView{Organization: o}
	if d.People, err = a.Store.OrgMembers(ctx, o.CommunityID, o.ID); err != nil {
		return d, err
	}
	if d.People, err = a.hideOrgPeople(ctx, s, d.People); err != nil {
		return d, err
	}
	if d.Role, err = a.orgRole(ctx, s, o); err != nil {
		return d, err
	}
	d.May = OrganizationMay{Manage: commons.CanManageOrganization(d.Role), Archive: commons.MayArchiveOrganization(d.Role), Remove: map[string]bool{}}
	for _, p := range d.People {
		d.May.Remove[p.UserID] = commons.MayRemoveFromOrganization(d.Role, s.ActorID(), p.UserID)
	}
	return d, nil
}

// OrganizationView is an organization as one reader sees it.
type OrganizationView struct {
	Organization commons.Organization
	People       []commons.OrgMembership
	// Role is the reader's role in the organization, "" for none.
	Role commons.OrgRole
	May  OrganizationMay
}

// OrganizationMay answers the rules about one organization for the reader.
type OrganizationMay struct {
	// Manage: edit the organization and add people to it or change their
	// role (commons.CanManageOrganization), as UpdateOrganization and
	// SetOrgMember enforce.
	Manage bool
	// Archive: archive it, or restore it (commons.MayArchiveOrganization).
	Archive bool
	// Remove answers, by person's id, whether the reader may take them off
	// the organization (commons.MayRemoveFromOrganization): its admins
	// anyone, everyone themselves.
	Remove map[string]bool
}

// organizationIn finds an organization within the scope's community only.
func (a *App) organizationIn(ctx context.Context, s Scope, id string) (commons.Organization, error) {
	return a.Store.OrganizationInCommunity(ctx, s.Community.ID, id)
}

// orgRole is the actor's role in an organization, "" for none.
func (a *App) orgRole(ctx context.Context, s Scope, o commons.Organization) (commons.OrgRole, error) {
	if s.Actor == nil {
		return "", nil
	}
	return a.Store.OrgRole(ctx, o.CommunityID, o.ID, s.Actor.ID)
}

// Organizations lists a community's directory.
func (a *App) Organizations(ctx context.Context, s Scope, f commons.OrganizationFilter) ([]commons.Organization, string, error) {
	if f.Sector != "" && !commons.ValidSector(f.Sector) {
		var v commons.Validator
		commons.OneOf(&v, "sector", f.Sector, commons.Sectors)
		return nil, "", v.Err()
	}
	os, next, err := a.Store.ListOrganizations(ctx, s.Community.ID, f)
	for i := range os {
		os[i].Contact = os[i].Contact.ShownTo(s.Member != nil)
	}
	return os, next, err
}

func (a *App) manageOrganization(ctx context.Context, s Scope, id string) (commons.Organization, error) {
	if s.Actor == nil {
		return commons.Organization{}, commons.Unauthenticated()
	}
	o, err := a.organizationIn(ctx, s, id)
	if err != nil {
		return o, err
	}
	role, err := a.orgRole(ctx, s, o)
	if err != nil {
		return o, err
	}
	if !commons.CanManageOrganization(role) {
		return o, commons.Forbidden()
	}
	return o, nil
}

// orgRoles is the actor's role in each organization of the community
// they are in (none for a visitor), read at once for a rule asked of many
// things (an import's rows, partner reports): the role that
// manageOrganization and standing read one at a time.
func (a *App) orgRoles(ctx context.Context, s Scope) (map[string]commons.OrgRole, error) {
	roles := map[string]commons.OrgRole{}
	if s.Actor == nil {
		return roles, nil
	}
	orgs, rs, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	for i, o := range orgs {
		roles[o.ID] = rs[i]
	}
	return roles, err
}

// UpdateOrganization edits an organization; its admins only.
func (a *App) UpdateOrganization(ctx context.Context, s Scope, id string, ch commons.OrganizationChange) (commons.Organization, error) {
	o, err := a.manageOrganization(ctx, s, id)
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
	o.Place, o.Contact = f.Place, f.Contact
	if err := a.Store.UpdateOrganization(ctx, o); err != nil {
		return o, err
	}
	return a.organizationIn(ctx, s, id)
}

// SetOrgMember adds a community member to an organization, changes their
// role, or (with role "") removes them. Admins may do this for anyone;
// every person may leave on their own (commons.MayRemoveFromOrganization).
func (a *App) SetOrgMember(ctx context.Context, s Scope, orgID, userID string, role commons.OrgRole) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	o, err := a.organizationIn(ctx, s, orgID)
	if err != nil {
		return err
	}
	actorRole, err := a.orgRole(ctx, s, o)
	if err != nil {
		return err
	}
	if role == "" {
		if !commons.MayRemoveFromOrganization(actorRole, s.Actor.ID, userID) {
			return commons.Forbidden()
		}
	} else {
		if !commons.CanManageOrganization(actorRole) {
			return commons.Forbidden()
		}
		if o.Archive.Archived() {
			return commons.Errorf(commons.CodeConflict, "error.archive.organization_archived")
		}
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
	return a.Store.SetOrgMember(ctx, o.CommunityID, o.ID, userID, role, s.Actor.ID)
}

// UserByEmail finds an account by the address it signed up with (the
// demo's and the benchmarks' way to find their people; pages pick people
// by name).
func (a *App) UserByEmail(ctx context.Context, email string) (commons.User, error) {
	u, _, err := a.Store.UserCredentials(ctx, email)
	return u, err
}
