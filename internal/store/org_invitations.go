package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

const orgInvitationColumns = `i.community_id, i.id, i.organization_id, o.name, i.user_id, u.name, i.role, COALESCE(i.invited_by, ''),
	COALESCE(b.name, ''), i.created_at FROM org_invitations i JOIN organizations o ON o.community_id = i.community_id AND o.id = i.organization_id
	JOIN users u ON u.id = i.user_id LEFT JOIN users b ON b.id = i.invited_by`

func scanOrgInvitation(row interface{ Scan(...any) error }) (commons.OrgInvitation, error) {
	var i commons.OrgInvitation
	err := row.Scan(&i.CommunityID, &i.ID, &i.OrganizationID, &i.OrganizationName, &i.UserID, &i.UserName, &i.Role, &i.InvitedBy,
		&i.InviterName, &i.CreatedAt)
	return i, err
}

// InviteToOrganization records an invitation and tells the person, in
// one transaction. Inviting someone already invited is a conflict.
func (s *Store) InviteToOrganization(ctx context.Context, inv commons.OrgInvitation, n commons.Notification) (commons.OrgInvitation, error) {
	err := s.inTx(ctx, func(t tx) error {
		inv.CreatedAt = t.now()
		_, err := t.exec(ctx, `INSERT INTO org_invitations (community_id, id, organization_id, user_id, role, invited_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, inv.CommunityID, inv.ID, inv.OrganizationID, inv.UserID, inv.Role, inv.InvitedBy, inv.CreatedAt)
		if t.d.isUniqueViolation(err) {
			return commons.Errorf(commons.CodeConflict, "error.org_invitation.twice")
		}
		if err != nil {
			return err
		}
		if err := notify(ctx, t, n); err != nil {
			return err
		}
		return logAct(ctx, t, inv.CommunityID, inv.InvitedBy, "organization.invited", inv.UserName+" · "+inv.OrganizationName)
	})
	return inv, err
}

// OrgInvitations lists the invitations of an organization still waiting,
// or (orgID "") those of a person in a community, the oldest first.
func (s *Store) OrgInvitations(ctx context.Context, communityID, orgID, userID string) ([]commons.OrgInvitation, error) {
	q, args := "SELECT "+orgInvitationColumns+" WHERE i.community_id = ?", []any{communityID}
	if orgID != "" {
		q, args = q+" AND i.organization_id = ?", append(args, orgID)
	}
	if userID != "" {
		q, args = q+" AND i.user_id = ?", append(args, userID)
	}
	rows, err := s.query(ctx, q+" ORDER BY i.created_at, i.id", args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.OrgInvitation
	for rows.Next() {
		i, err := scanOrgInvitation(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, i)
	}
	return out, s.classify(rows.Err())
}

// OrgInvitation returns one invitation still waiting.
func (s *Store) OrgInvitation(ctx context.Context, communityID, id string) (commons.OrgInvitation, error) {
	if !cleanText(id) {
		return commons.OrgInvitation{}, commons.NotFound()
	}
	i, err := scanOrgInvitation(s.queryRow(ctx, "SELECT "+orgInvitationColumns+" WHERE i.community_id = ? AND i.id = ?", communityID, id))
	return i, s.classify(err)
}

// AnswerOrgInvitation ends a waiting invitation: accepted, the person
// joins the organization with its role; declined or withdrawn, it is
// gone. One transaction; an invitation answered already is not found.
// action names the answer on the record.
func (s *Store) AnswerOrgInvitation(ctx context.Context, inv commons.OrgInvitation, accept bool, actorID, action string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM org_invitations WHERE community_id = ? AND id = ?", inv.CommunityID, inv.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if accept {
			return setOrgMember(ctx, t, inv.CommunityID, inv.OrganizationID, inv.UserID, inv.Role, actorID)
		}
		return logAct(ctx, t, inv.CommunityID, actorID, action, inv.UserName+" · "+inv.OrganizationName)
	})
}
