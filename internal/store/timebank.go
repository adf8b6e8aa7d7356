package store

import (
	"context"
	"database/sql"

	"github.com/commons-project/commons/internal/commons"
)

// TimeBank returns a community's time bank setting: off when never set.
func (s *Store) TimeBank(ctx context.Context, communityID string) (commons.TimeBank, error) {
	var tb commons.TimeBank
	var lo, hi sql.NullInt64
	err := s.queryRow(ctx, "SELECT enabled, min_balance, max_balance FROM timebank_settings WHERE community_id = ?", communityID).Scan(&tb.Enabled, &lo, &hi)
	if err == sql.ErrNoRows {
		return commons.TimeBank{}, nil
	}
	if lo.Valid {
		v := int(lo.Int64)
		tb.MinBalance = &v
	}
	if hi.Valid {
		v := int(hi.Int64)
		tb.MaxBalance = &v
	}
	return tb, s.classify(err)
}

// SetTimeBank turns a community's time bank on or off and sets its limits.
// Limits bind transfers from then on; balances already past them stay.
func (s *Store) SetTimeBank(ctx context.Context, communityID string, tb commons.TimeBank) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO timebank_settings (community_id, enabled, min_balance, max_balance, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (community_id) DO UPDATE SET enabled = excluded.enabled, min_balance = excluded.min_balance,
			max_balance = excluded.max_balance, updated_at = excluded.updated_at`, communityID, tb.Enabled, tb.MinBalance, tb.MaxBalance, t.now())
		return err
	})
}

// accountName is the name of an account's owner; an alliance's account
// is named after the community on the other side.
const accountName = `COALESCE(CASE x.owner_type WHEN 'person' THEN (SELECT u.name FROM users u WHERE u.id = x.owner_id)
	WHEN 'alliance' THEN (SELECT c.name FROM timebank_alliances al JOIN communities c
		ON c.id = CASE WHEN al.community_id = x.community_id THEN al.partner_id ELSE al.community_id END WHERE al.id = x.owner_id)
	ELSE (SELECT o.name FROM organizations o WHERE o.community_id = x.community_id AND o.id = x.owner_id) END, '')`

// Account returns an owner's hour account; one that never moved is
// empty, with no id.
func (s *Store) Account(ctx context.Context, communityID string, owner commons.TimeBankOwner, ownerID string) (commons.Account, error) {
	a := commons.Account{CommunityID: communityID, Owner: owner, OwnerID: ownerID}
	err := s.queryRow(ctx, "SELECT x.id, x.balance, "+accountName+" FROM timebank_accounts x WHERE x.community_id = ? AND x.owner_type = ? AND x.owner_id = ?",
		communityID, owner, ownerID).Scan(&a.ID, &a.Balance, &a.Name)
	if err == sql.ErrNoRows {
		return a, nil
	}
	return a, s.classify(err)
}

// accountID finds or opens an owner's account in a transaction.
func accountID(ctx context.Context, t tx, communityID string, owner commons.TimeBankOwner, ownerID string) (string, error) {
	if _, err := t.exec(ctx, `INSERT INTO timebank_accounts (community_id, id, owner_type, owner_id, balance, created_at) VALUES (?, ?, ?, ?, 0, ?)
		ON CONFLICT (community_id, owner_type, owner_id) DO NOTHING`, communityID, newID(), owner, ownerID, t.now()); err != nil {
		return "", err
	}
	var id string
	err := t.queryRow(ctx, "SELECT id FROM timebank_accounts WHERE community_id = ? AND owner_type = ? AND owner_id = ?", communityID, owner, ownerID).Scan(&id)
	return id, err
}

// NewTransfer is a transfer about to be made, between two owners.
type NewTransfer struct {
	CommunityID      string
	FromOwner        commons.TimeBankOwner
	FromOwnerID      string
	ToOwner          commons.TimeBankOwner
	ToOwnerID        string
	Minutes          int
	Category, Note   string
	CreatedBy        string
	Notify           commons.Notification
	FromName, ToName string // for the refusal's words
	// SettleIntentID, when set, names an answered offer or request that
	// the transfer settles: it is marked fulfilled in the same
	// transaction, and only while it is answered, so a second settlement
	// (a double submit, two clicks) is a conflict and moves nothing.
	SettleIntentID string
}

// Transfer moves time between two accounts in one transaction: the
// transfer and its two movements (minus from, plus to) are written and
// both balances move, or nothing happens. Both accounts are locked in the
// order of their ids, so concurrent transfers neither deadlock nor read a
// stale balance; the time bank's setting and limits are read under the
// same transaction. Past a limit the transfer is refused, naming what is
// left.
func (s *Store) Transfer(ctx context.Context, n NewTransfer) (commons.Transfer, error) {
	tr := commons.Transfer{ID: newID(), CommunityID: n.CommunityID, Minutes: n.Minutes, Category: n.Category, Note: n.Note,
		CreatedBy: n.CreatedBy, CreatedAt: s.now()}
	err := s.inTx(ctx, func(t tx) error {
		if n.SettleIntentID != "" {
			res, err := t.exec(ctx, `UPDATE intents SET status = 'fulfilled', settled_transfer_id = ?, updated_at = ?
				WHERE community_id = ? AND id = ? AND status = 'answered'`, tr.ID, t.now(), n.CommunityID, n.SettleIntentID)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil {
				return err
			} else if k == 0 {
				return commons.Errorf(commons.CodeConflict, "error.intent.settled")
			}
		}
		var enabled bool
		var lo, hi sql.NullInt64
		err := t.queryRow(ctx, "SELECT enabled, min_balance, max_balance FROM timebank_settings WHERE community_id = ?"+t.d.forUpdate(),
			n.CommunityID).Scan(&enabled, &lo, &hi)
		if err == sql.ErrNoRows || (err == nil && !enabled) {
			return commons.Errorf(commons.CodeConflict, "error.timebank.off")
		}
		if err != nil {
			return err
		}
		if tr.FromAccountID, err = accountID(ctx, t, n.CommunityID, n.FromOwner, n.FromOwnerID); err != nil {
			return err
		}
		if tr.ToAccountID, err = accountID(ctx, t, n.CommunityID, n.ToOwner, n.ToOwnerID); err != nil {
			return err
		}
		if tr.FromAccountID == tr.ToAccountID {
			return commons.Errorf(commons.CodeInvalid, "error.timebank.to_oneself")
		}
		balance := map[string]int{}
		first, second := tr.FromAccountID, tr.ToAccountID
		if second < first {
			first, second = second, first
		}
		for _, id := range []string{first, second} {
			var b int
			if err := t.queryRow(ctx, "SELECT balance FROM timebank_accounts WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
				n.CommunityID, id).Scan(&b); err != nil {
				return err
			}
			balance[id] = b
		}
		if lo.Valid && balance[tr.FromAccountID]-n.Minutes < int(lo.Int64) {
			e := commons.Errorf(commons.CodeInvalid, "error.timebank.below_min", "Name", n.FromName,
				"Left", max(0, balance[tr.FromAccountID]-int(lo.Int64)))
			e.Fields = map[string]commons.Message{"minutes": e.Message}
			return e
		}
		if hi.Valid && balance[tr.ToAccountID]+n.Minutes > int(hi.Int64) {
			e := commons.Errorf(commons.CodeInvalid, "error.timebank.above_max", "Name", n.ToName,
				"Left", max(0, int(hi.Int64)-balance[tr.ToAccountID]))
			e.Fields = map[string]commons.Message{"minutes": e.Message}
			return e
		}
		if err := move(ctx, t, tr, leg{}); err != nil {
			return err
		}
		if n.Notify.UserID == "" {
			return nil
		}
		return notify(ctx, t, n.Notify)
	})
	return tr, err
}

// leg is what a transfer across an alliance adds to a community's half
// of it: the alliance, the other half's id, and the name of the one on
// the other side.
type leg struct{ allianceID, peerID, peerName string }

// move writes a transfer and its two movements (minus from, plus to) and
// moves both balances, in the caller's transaction.
func move(ctx context.Context, t tx, tr commons.Transfer, l leg) error {
	if _, err := t.exec(ctx, `INSERT INTO timebank_transfers (community_id, id, from_account_id, to_account_id, minutes, category, note,
		created_by, created_at, alliance_id, peer_transfer_id, peer_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tr.CommunityID, tr.ID,
		tr.FromAccountID, tr.ToAccountID, tr.Minutes, tr.Category, tr.Note, nullText(tr.CreatedBy), tr.CreatedAt,
		nullText(l.allianceID), nullText(l.peerID), l.peerName); err != nil {
		return err
	}
	for _, m := range []struct {
		account string
		minutes int
	}{{tr.FromAccountID, -tr.Minutes}, {tr.ToAccountID, tr.Minutes}} {
		if _, err := t.exec(ctx, "INSERT INTO timebank_movements (community_id, transfer_id, account_id, minutes, created_at) VALUES (?, ?, ?, ?, ?)",
			tr.CommunityID, tr.ID, m.account, m.minutes, tr.CreatedAt); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE timebank_accounts SET balance = balance + ? WHERE community_id = ? AND id = ?",
			m.minutes, tr.CommunityID, m.account); err != nil {
			return err
		}
	}
	return nil
}

// AccountHistory lists the transfers in and out of an account, the latest
// first.
func (s *Store) AccountHistory(ctx context.Context, communityID, accountID string, limit int) ([]commons.Transfer, error) {
	if accountID == "" {
		return nil, nil
	}
	rows, err := s.query(ctx, `SELECT tr.id, tr.community_id, tr.from_account_id, (SELECT `+accountName+` FROM timebank_accounts x
			WHERE x.community_id = tr.community_id AND x.id = tr.from_account_id),
		tr.to_account_id, (SELECT `+accountName+` FROM timebank_accounts x WHERE x.community_id = tr.community_id AND x.id = tr.to_account_id),
		tr.minutes, tr.category, tr.note, COALESCE(tr.created_by, ''), tr.created_at, COALESCE(tr.alliance_id, ''), tr.peer_name
		FROM timebank_transfers tr WHERE tr.community_id = ? AND (tr.from_account_id = ? OR tr.to_account_id = ?)
		ORDER BY tr.created_at DESC, tr.id DESC LIMIT ?`, communityID, accountID, accountID, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Transfer
	for rows.Next() {
		var tr commons.Transfer
		if err := rows.Scan(&tr.ID, &tr.CommunityID, &tr.FromAccountID, &tr.FromName, &tr.ToAccountID, &tr.ToName, &tr.Minutes,
			&tr.Category, &tr.Note, &tr.CreatedBy, &tr.CreatedAt, &tr.AllianceID, &tr.PeerName); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, tr)
	}
	return out, s.classify(rows.Err())
}

// Ledger is the time bank's books checked against themselves.
type Ledger struct {
	// Sum is the sum of every movement: zero when no time was made or
	// lost. Transfers counts them; Unbalanced counts the accounts whose
	// balance differs from the sum of their movements, and the transfers
	// whose movements do not sum to zero.
	Sum, Transfers, Unbalanced int
}

// AuditLedger checks a community's time bank books.
func (s *Store) AuditLedger(ctx context.Context, communityID string) (Ledger, error) {
	var l Ledger
	err := s.queryRow(ctx, `SELECT COALESCE((SELECT SUM(minutes) FROM timebank_movements WHERE community_id = ?), 0),
		(SELECT COUNT(*) FROM timebank_transfers WHERE community_id = ?),
		(SELECT COUNT(*) FROM timebank_accounts x WHERE x.community_id = ? AND x.balance <>
			COALESCE((SELECT SUM(m.minutes) FROM timebank_movements m WHERE m.community_id = x.community_id AND m.account_id = x.id), 0))
		+ (SELECT COUNT(*) FROM timebank_transfers tr WHERE tr.community_id = ? AND
			(SELECT COALESCE(SUM(m.minutes), 1) FROM timebank_movements m WHERE m.community_id = tr.community_id AND m.transfer_id = tr.id) <> 0)`,
		communityID, communityID, communityID, communityID).Scan(&l.Sum, &l.Transfers, &l.Unbalanced)
	return l, s.classify(err)
}
