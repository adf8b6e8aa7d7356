package store

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// UpdateNeed saves a need's fields, with an entry in its initiative's
// history.
func (s *Store) UpdateNeed(ctx context.Context, n commons.Need, f commons.NeedFields, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE needs SET kind = ?, description = ?, quantity = ?, by_date = ?
			WHERE community_id = ? AND id = ? AND withdrawn_at IS NULL`,
			f.Kind, f.Description, nullable(f.Quantity), nullText(f.ByDate), n.CommunityID, n.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logInitiative(ctx, t, n.CommunityID, n.InitiativeID, actorID, "need.edited", f.Description)
	})
}

// RemoveNeed takes a need back (commons.KeepsNeed): deleted when nobody
// pledged for it, otherwise kept as withdrawn, in one transaction with
// its history entry and — made by notes from the pledgers' ids, read in
// the transaction — the pledgers' notifications. It reports whether the
// need was kept.
func (s *Store) RemoveNeed(ctx context.Context, n commons.Need, actorID string, notes func(pledgers []string) []commons.Notification) (bool, error) {
	var kept bool
	err := s.inTx(ctx, func(t tx) error {
		rows, err := t.query(ctx, `SELECT DISTINCT user_id FROM pledges WHERE community_id = ? AND need_id = ? ORDER BY user_id`,
			n.CommunityID, n.ID)
		if err != nil {
			return err
		}
		var pledgers []string
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			pledgers = append(pledgers, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		kept = commons.KeepsNeed(len(pledgers))
		action := "need.deleted"
		q := "DELETE FROM needs WHERE community_id = ? AND id = ? AND withdrawn_at IS NULL"
		args := []any{n.CommunityID, n.ID}
		if kept {
			action = "need.withdrawn"
			q = "UPDATE needs SET withdrawn_at = ? WHERE community_id = ? AND id = ? AND withdrawn_at IS NULL"
			args = append([]any{t.now()}, args...)
		}
		if err := mustAffect(t.exec(ctx, q, args...)); err != nil {
			return err
		}
		if err := notifyAll(ctx, t, notes(pledgers)); err != nil {
			return err
		}
		return logInitiative(ctx, t, n.CommunityID, n.InitiativeID, actorID, action, n.Description)
	})
	return kept, err
}
