package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const invitationColumns = `i.id, i.community_id, COALESCE(i.organization_id, ''), COALESCE(o.name, ''), i.email, i.max_uses, i.uses,
	i.expires_at, COALESCE(i.created_by, ''), i.created_at`

const invitationFrom = ` FROM invitations i LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.organization_id`

func scanInvitation(row interface{ Scan(...any) error }) (commons.Invitation, error) {
	var i commons.Invitation
	err := row.Scan(&i.ID, &i.CommunityID, &i.OrganizationID, &i.OrganizationName, &i.Email, &i.MaxUses, &i.Uses,
		&i.ExpiresAt, &i.CreatedBy, &i.CreatedAt)
	return i, err
}

// CreateInvitation saves an invitation under the hash of its secret and,
// for one by mail, queues the mail (sent from the inviter's account to
// the invited address).
func (s *Store) CreateInvitation(ctx context.Context, inv commons.Invitation, secret string, m *AccountMail) (commons.Invitation, error) {
	inv.ID, inv.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error { return s.createInvitation(ctx, t, inv, secret, m) })
	if commons.CodeOf(s.classify(err)) == commons.CodeNotFound || s.d.isForeignKeyViolation(err) {
		return inv, commons.NotFound() // the organization is not in this community
	}
	return inv, err
}

// createInvitation writes an invitation and its mail within a
// transaction (CreateInvitation, ApplyImport); inv has its id and time.
func (s *Store) createInvitation(ctx context.Context, t tx, inv commons.Invitation, secret string, m *AccountMail) error {
	var org any
	if inv.OrganizationID != "" {
		org = inv.OrganizationID
	}
	if _, err := t.exec(ctx, `INSERT INTO invitations (id, community_id, organization_id, token_hash, email, max_uses, expires_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, inv.CommunityID, org, HashSecret(secret), inv.Email, inv.MaxUses, inv.ExpiresAt,
		inv.CreatedBy, inv.CreatedAt); err != nil {
		return err
	}
	if m == nil {
		return nil
	}
	m.UserID = inv.CreatedBy
	return s.enqueueAccountMail(ctx, t, *m)
}

// InvitationBySecret returns the invitation a link stands for, open or
// not; an unknown link is not found.
func (s *Store) InvitationBySecret(ctx context.Context, secret string) (commons.Invitation, error) {
	i, err := scanInvitation(s.queryRow(ctx, "SELECT "+invitationColumns+invitationFrom+" WHERE i.token_hash = ?", HashSecret(secret)))
	return i, s.classify(err)
}

// Invitations lists a community's invitations, the newest first.
func (s *Store) Invitations(ctx context.Context, communityID string) ([]commons.Invitation, error) {
	return s.invitations(ctx, " WHERE i.community_id = ? ORDER BY i.created_at DESC, i.id DESC LIMIT 200", communityID)
}

// OpenInvitations lists a community's invitations that still let people
// in, the newest first, without Invitations' bound of a page (an export).
func (s *Store) OpenInvitations(ctx context.Context, communityID string) ([]commons.Invitation, error) {
	return s.invitations(ctx, ` WHERE i.community_id = ? AND i.uses < i.max_uses AND i.expires_at > ?
		ORDER BY i.created_at DESC, i.id DESC`, communityID, s.now())
}

func (s *Store) invitations(ctx context.Context, where string, args ...any) ([]commons.Invitation, error) {
	rows, err := s.query(ctx, "SELECT "+invitationColumns+invitationFrom+where, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Invitation
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, i)
	}
	return out, s.classify(rows.Err())
}

// DeleteInvitation withdraws an invitation of a community.
func (s *Store) DeleteInvitation(ctx context.Context, communityID, id string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM invitations WHERE community_id = ? AND id = ?", communityID, id)
		return mustAffect(res, err)
	})
}

// AcceptInvitation lets a person in by an invitation: they become an
// active member of its community (an application waiting, or declined,
// is admitted; a member stays one) and a member of its organization, and
// the invitation counts a use. The invitation is locked while it is
// counted, so that a link for ten lets in ten however many come at once.
// A closed (used up, expired) invitation is gone, like an unknown one.
func (s *Store) AcceptInvitation(ctx context.Context, secret, userID string, at time.Time) (commons.Invitation, error) {
	var inv commons.Invitation
	err := s.inTx(ctx, func(t tx) error {
		// Lock the row first: PostgreSQL locks no row of an outer join's
		// nullable side, and the organization is one.
		var id string
		err := t.queryRow(ctx, "SELECT id FROM invitations WHERE token_hash = ?"+t.d.forUpdate(), HashSecret(secret)).Scan(&id)
		if err == nil {
			inv, err = scanInvitation(t.queryRow(ctx, "SELECT "+invitationColumns+invitationFrom+" WHERE i.id = ?", id))
		}
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !inv.Open(at)) {
			return commons.Errorf(commons.CodeNotFound, "error.invitation_gone")
		}
		if err != nil {
			return err
		}
		var status commons.MembershipStatus
		err = t.queryRow(ctx, "SELECT status FROM members WHERE community_id = ? AND user_id = ?", inv.CommunityID, userID).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := insertMember(ctx, t, inv.CommunityID, userID, commons.MemberActive, "", nil); err != nil {
				return err
			}
		case err != nil:
			return err
		case status != commons.MemberActive:
			if _, err := t.exec(ctx, "UPDATE members SET status = ?, decided_by = ?, decided_at = ? WHERE community_id = ? AND user_id = ?",
				commons.MemberActive, inv.CreatedBy, at, inv.CommunityID, userID); err != nil {
				return err
			}
		}
		if inv.OrganizationID != "" {
			if _, err := t.exec(ctx, `INSERT INTO organization_members (community_id, organization_id, user_id, role, added_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (community_id, organization_id, user_id) DO NOTHING`,
				inv.CommunityID, inv.OrganizationID, userID, commons.OrgMember, at); err != nil {
				return err
			}
		}
		inv.Uses++
		_, err = t.exec(ctx, "UPDATE invitations SET uses = uses + 1 WHERE id = ?", inv.ID)
		return err
	})
	return inv, err
}
