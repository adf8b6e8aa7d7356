package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// GiveTrust records that a member vouches for another for a role. The
// giver's quota over the last 30 days is checked in the same transaction
// (under a lock per giver on PostgreSQL), and the act goes on the record.
//
// note, when not nil, is the use case's notification for the receiver,
// made from the trust they hold for the role after this vouch and the
// trust the role needs, both as the transaction sees them.
func (s *Store) GiveTrust(ctx context.Context, c commons.Community, giverID, receiverID string, role commons.Role, note func(trust, threshold int) commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "trust "+c.ID+" "+giverID); err != nil {
			return err
		}
		// Count the vouches on the record, not the trust that stands, so
		// that taking trust back and giving it again uses up the quota.
		var given int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM community_log WHERE community_id = ? AND actor_id = ? AND action = 'trust.given' AND at > ?",
			c.ID, giverID, s.now().Add(-commons.TrustWindow)).Scan(&given); err != nil {
			return err
		}
		// Both must still be active members: one may have left meanwhile.
		// (PostgreSQL locks rows, not counts: read them and count here.)
		rows, err := t.query(ctx, "SELECT user_id FROM members WHERE community_id = ? AND user_id IN (?, ?) AND status = 'active'"+t.d.forUpdate(),
			c.ID, giverID, receiverID)
		if err != nil {
			return err
		}
		active := 0
		for rows.Next() {
			active++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if active != 2 {
			return commons.NotFound()
		}
		if given >= c.TrustQuota {
			return commons.Errorf(commons.CodeInvalid, "error.trust.quota", "Max", c.TrustQuota)
		}
		_, err = t.exec(ctx, "INSERT INTO role_trust (community_id, giver_id, receiver_id, role, created_at) VALUES (?, ?, ?, ?, ?)",
			c.ID, giverID, receiverID, role, s.now())
		if t.d.isUniqueViolation(err) {
			return commons.Errorf(commons.CodeConflict, "error.trust.twice")
		}
		if err != nil {
			return err
		}
		if note != nil {
			var trust int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM role_trust r JOIN members g ON g.community_id = r.community_id
				AND g.user_id = r.giver_id AND g.status = 'active'
				WHERE r.community_id = ? AND r.receiver_id = ? AND r.role = ?`, c.ID, receiverID, role).Scan(&trust); err != nil {
				return err
			}
			threshold, err := trustThresholdIn(ctx, t, c.ID)
			if err != nil {
				return err
			}
			if err := notify(ctx, t, note(trust, threshold)); err != nil {
				return err
			}
		}
		return logTrust(ctx, t, c.ID, giverID, receiverID, "trust.given", role)
	})
}

// trustThresholdIn is the trust a role needs, as a transaction sees it.
func trustThresholdIn(ctx context.Context, t tx, communityID string) (int, error) {
	var own sql.NullInt64
	if err := t.queryRow(ctx, "SELECT trust_threshold FROM communities WHERE id = ?", communityID).Scan(&own); err != nil {
		return 0, err
	}
	if own.Valid {
		return int(own.Int64), nil
	}
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE community_id = ? AND status = 'active' AND joined_at < ?",
		communityID, t.now().Add(-24*time.Hour)).Scan(&n)
	return commons.DefaultTrustThreshold(n), err
}

// RevokeTrust takes a member's trust for a role back.
func (s *Store) RevokeTrust(ctx context.Context, communityID, giverID, receiverID string, role commons.Role) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM role_trust WHERE community_id = ? AND giver_id = ? AND receiver_id = ? AND role = ?",
			communityID, giverID, receiverID, role)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logTrust(ctx, t, communityID, giverID, receiverID, "trust.revoked", role)
	})
}

func logTrust(ctx context.Context, t tx, communityID, giverID, receiverID, action string, role commons.Role) error {
	var name string
	if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", receiverID).Scan(&name); err != nil {
		return err
	}
	// The role goes in what the act changed, where the record names it in
	// the reader's language, not in the subject's text.
	before, after := map[string]string{"role": ""}, map[string]string{"role": string(role)}
	if action == "trust.revoked" {
		before, after = after, before
	}
	return logChange(ctx, t, communityID, giverID, action, name, before, after)
}

// TrustEdges lists who vouches for whom in a community, newest first;
// with receiverID set, only the trust that member receives.
func (s *Store) TrustEdges(ctx context.Context, communityID, receiverID string) ([]commons.TrustEdge, error) {
	q := `SELECT t.giver_id, g.name, t.receiver_id, r.name, t.role, t.created_at FROM role_trust t
		JOIN users g ON g.id = t.giver_id JOIN users r ON r.id = t.receiver_id WHERE t.community_id = ?`
	args := []any{communityID}
	if receiverID != "" {
		q += " AND t.receiver_id = ?"
		args = append(args, receiverID)
	}
	rows, err := s.query(ctx, q+" ORDER BY t.created_at DESC LIMIT 1000", args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.TrustEdge
	for rows.Next() {
		var e commons.TrustEdge
		if err := rows.Scan(&e.GiverID, &e.GiverName, &e.ReceiverID, &e.ReceiverName, &e.Role, &e.At); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, e)
	}
	return out, s.classify(rows.Err())
}

// Leave ends a person's membership. The trust they gave stops counting at
// once (roles are derived from active givers' trust); the record keeps
// that it was given.
func (s *Store) Leave(ctx context.Context, communityID, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		var name string
		if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", userID).Scan(&name); err != nil {
			return err
		}
		// An organization always keeps an admin: its last one hands over first.
		var sole int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM organization_members om WHERE om.community_id = ? AND om.user_id = ?
			AND om.role = 'admin' AND (SELECT COUNT(*) FROM organization_members o2 WHERE o2.community_id = om.community_id
			AND o2.organization_id = om.organization_id AND o2.role = 'admin') = 1`, communityID, userID).Scan(&sole); err != nil {
			return err
		}
		if sole > 0 {
			return commons.Errorf(commons.CodeConflict, "error.leave_last_admin")
		}
		res, err := t.exec(ctx, "DELETE FROM members WHERE community_id = ? AND user_id = ?", communityID, userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM organization_members WHERE community_id = ? AND user_id = ?", communityID, userID); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, userID, "member.left", name)
	})
}
