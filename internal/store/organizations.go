package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

var organizationColumns = `o.id, o.community_id, o.name, o.sector, o.description, o.website, o.email, o.address,
	o.city, o.region, o.postal_code, o.country, o.contact_name, o.contact_title, o.contact_email, o.contact_phone, o.contact_public,
	COALESCE(o.created_by, ''), o.created_at, o.updated_at, o.moderation, ` + archiveColumns("o") + `,
	(SELECT COUNT(*) FROM organization_members om WHERE om.community_id = o.community_id AND om.organization_id = o.id)`

func scanOrganization(row interface{ Scan(...any) error }, extra ...any) (commons.Organization, error) {
	var o commons.Organization
	dest := append([]any{&o.ID, &o.CommunityID, &o.Name, &o.Sector, &o.Description, &o.Website, &o.Email, &o.Address,
		&o.Place.City, &o.Place.Region, &o.Place.PostalCode, &o.Place.Country,
		&o.Contact.Name, &o.Contact.Title, &o.Contact.Email, &o.Contact.Phone, &o.Contact.Public,
		&o.CreatedBy, &o.CreatedAt, &o.UpdatedAt, &o.Moderation, archivedAt{&o.Archive}, &o.Archive.By, &o.MemberCount}, extra...)
	return o, row.Scan(dest...)
}

// CreateOrganization saves an organization with its creator as its admin.
func (s *Store) CreateOrganization(ctx context.Context, communityID string, f commons.OrganizationFields, creatorID string) (commons.Organization, error) {
	at := s.now()
	o := commons.Organization{ID: newID(), CommunityID: communityID, Name: f.Name, Sector: f.Sector, Description: f.Description,
		Website: f.Website, Email: f.Email, Address: f.Address, Place: f.Place, Contact: f.Contact, CreatedBy: creatorID, CreatedAt: at, UpdatedAt: at, MemberCount: 1}
	err := s.inTx(ctx, func(t tx) error { return insertOrganization(ctx, t, o) })
	return o, err
}

// insertOrganization writes a new organization with its creator as admin.
func insertOrganization(ctx context.Context, t tx, o commons.Organization) error {
	communityID, creatorID, at := o.CommunityID, o.CreatedBy, o.CreatedAt
	if _, err := t.exec(ctx, `INSERT INTO organizations (community_id, id, name, sort_key, search_text, sector, description,
		website, email, address, city, region, postal_code, country, contact_name, contact_title, contact_email, contact_phone, contact_public,
		created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		communityID, o.ID, o.Name, strings.ToLower(o.Name), searchText(o.Name, o.Description), o.Sector, o.Description,
		o.Website, o.Email, o.Address, o.Place.City, o.Place.Region, o.Place.PostalCode, o.Place.Country,
		o.Contact.Name, o.Contact.Title, o.Contact.Email, o.Contact.Phone, o.Contact.Public, creatorID, at, at); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO organization_members (community_id, organization_id, user_id, role, added_at)
		VALUES (?, ?, ?, ?, ?)`, communityID, o.ID, creatorID, commons.OrgAdmin, at)
	return err
}

// OrganizationByID returns one organization.
func (s *Store) OrganizationByID(ctx context.Context, id string) (commons.Organization, error) {
	o, err := scanOrganization(s.queryRow(ctx, "SELECT "+organizationColumns+" FROM organizations o WHERE o.id = ?", id))
	return o, s.classify(err)
}

// OrganizationInCommunity returns one organization of a community,
// looked up by its full key so that a distributed database asks one shard.
func (s *Store) OrganizationInCommunity(ctx context.Context, communityID, id string) (commons.Organization, error) {
	o, err := scanOrganization(s.queryRow(ctx, "SELECT "+organizationColumns+" FROM organizations o WHERE o.community_id = ? AND o.id = ?", communityID, id))
	return o, s.classify(err)
}

// ListOrganizations returns a community's directory in name order, filtered
// by sector and by words in the name or description.
func (s *Store) ListOrganizations(ctx context.Context, communityID string, f commons.OrganizationFilter) ([]commons.Organization, string, error) {
	afterKey, afterID, err := decodeCursor(f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(f.Page)
	q := "SELECT " + organizationColumns + ", o.sort_key FROM organizations o WHERE o.community_id = ? AND o.moderation = 'visible' AND " + notArchived("o")
	args := []any{communityID}
	if f.Sector != "" {
		q += " AND o.sector = ?"
		args = append(args, f.Sector)
	}
	for _, w := range likeWords(f.Query) {
		q += ` AND o.search_text LIKE ? ESCAPE '\'`
		args = append(args, w)
	}
	if afterID != "" {
		q += " AND (o.sort_key > ? OR (o.sort_key = ? AND o.id > ?))"
		args = append(args, afterKey, afterKey, afterID)
	}
	q += " ORDER BY o.sort_key, o.id LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Organization, string, error) {
		o, err := scanOrganization(row, key)
		return o, o.ID, err
	})
}

// UpdateOrganization saves an organization's fields.
func (s *Store) UpdateOrganization(ctx context.Context, o commons.Organization) error {
	return s.inTx(ctx, func(t tx) error { return updateOrganization(ctx, t, o) })
}

func updateOrganization(ctx context.Context, t tx, o commons.Organization) error {
	res, err := t.exec(ctx, `UPDATE organizations SET name = ?, sort_key = ?, search_text = ?, sector = ?, description = ?,
		website = ?, email = ?, address = ?, city = ?, region = ?, postal_code = ?, country = ?,
		contact_name = ?, contact_title = ?, contact_email = ?, contact_phone = ?, contact_public = ?,
		updated_at = ? WHERE community_id = ? AND id = ?`,
		o.Name, strings.ToLower(o.Name), searchText(o.Name, o.Description), o.Sector, o.Description, o.Website,
		o.Email, o.Address, o.Place.City, o.Place.Region, o.Place.PostalCode, o.Place.Country,
		o.Contact.Name, o.Contact.Title, o.Contact.Email, o.Contact.Phone, o.Contact.Public, t.now(), o.CommunityID, o.ID)
	return mustAffect(res, err)
}

// OrgRole returns a person's role in an organization, or "" for none.
func (s *Store) OrgRole(ctx context.Context, communityID, orgID, userID string) (commons.OrgRole, error) {
	var r commons.OrgRole
	err := s.queryRow(ctx, "SELECT role FROM organization_members WHERE community_id = ? AND organization_id = ? AND user_id = ?",
		communityID, orgID, userID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return r, s.classify(err)
}

// OrgMembers lists an organization's people, admins first.
func (s *Store) OrgMembers(ctx context.Context, communityID, orgID string) ([]commons.OrgMembership, error) {
	rows, err := s.query(ctx, `SELECT om.organization_id, om.user_id, u.name, om.role, om.added_at
		FROM organization_members om JOIN users u ON u.id = om.user_id
		WHERE om.community_id = ? AND om.organization_id = ? ORDER BY om.role, u.name, om.user_id`, communityID, orgID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.OrgMembership
	for rows.Next() {
		var m commons.OrgMembership
		if err := rows.Scan(&m.OrganizationID, &m.UserID, &m.Name, &m.Role, &m.AddedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, m)
	}
	return out, s.classify(rows.Err())
}

// UserOrganizations lists the organizations a person belongs to in one
// community, with their role in each.
func (s *Store) UserOrganizations(ctx context.Context, communityID, userID string) ([]commons.Organization, []commons.OrgRole, error) {
	rows, err := s.query(ctx, "SELECT "+organizationColumns+`, om.role FROM organization_members om
		JOIN organizations o ON o.community_id = om.community_id AND o.id = om.organization_id
		WHERE om.community_id = ? AND om.user_id = ? ORDER BY o.sort_key, o.id`, communityID, userID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var os []commons.Organization
	var roles []commons.OrgRole
	for rows.Next() {
		var r commons.OrgRole
		o, err := scanOrganization(rows, &r)
		if err != nil {
			return nil, nil, s.classify(err)
		}
		os = append(os, o)
		roles = append(roles, r)
	}
	return os, roles, s.classify(rows.Err())
}

// SetOrgMember adds a person to an organization or changes their role, and
// removes them when role is "". An organization always keeps an admin: the
// change that would leave it without one is refused, checked in the same
// transaction so that two admins stepping down at once cannot both succeed.
func (s *Store) SetOrgMember(ctx context.Context, communityID, orgID, userID string, role commons.OrgRole, actorID string) error {
	return s.inTx(ctx, func(t tx) error { return setOrgMember(ctx, t, communityID, orgID, userID, role, actorID) })
}

// setOrgMember is SetOrgMember within a transaction.
func setOrgMember(ctx context.Context, t tx, communityID, orgID, userID string, role commons.OrgRole, actorID string) error {
	{
		// Lock the organization so that concurrent changes to its members
		// take turns, and the admin count below is the one that holds.
		var orgName string
		if err := t.queryRow(ctx, "SELECT name FROM organizations WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
			communityID, orgID).Scan(&orgName); err != nil {
			return err
		}
		var previous commons.OrgRole
		if err := t.queryRow(ctx, "SELECT role FROM organization_members WHERE community_id = ? AND organization_id = ? AND user_id = ?",
			communityID, orgID, userID).Scan(&previous); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var err error
		if role == "" {
			var res sql.Result
			res, err = t.exec(ctx, "DELETE FROM organization_members WHERE community_id = ? AND organization_id = ? AND user_id = ?",
				communityID, orgID, userID)
			err = mustAffect(res, err)
		} else {
			_, err = t.exec(ctx, `INSERT INTO organization_members (community_id, organization_id, user_id, role, added_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (community_id, organization_id, user_id) DO UPDATE SET role = excluded.role`,
				communityID, orgID, userID, role, t.now())
		}
		if err != nil {
			return err
		}
		var admins int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM organization_members WHERE community_id = ? AND organization_id = ? AND role = 'admin'",
			communityID, orgID).Scan(&admins); err != nil {
			return err
		}
		if admins == 0 {
			return commons.Errorf(commons.CodeConflict, "error.last_admin")
		}
		var personName string
		if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", userID).Scan(&personName); err != nil {
			return err
		}
		action := "organization.member_set"
		if role == "" {
			action = "organization.member_removed"
		}
		return logChange(ctx, t, communityID, actorID, action, personName+" · "+orgName,
			map[string]string{"role": string(previous)}, map[string]string{"role": string(role)})
	}
}
