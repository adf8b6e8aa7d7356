package store

import (
	"context"
	"database/sql"

	"github.com/commons-project/commons/internal/commons"
)

const allianceColumns = `al.id, al.community_id, al.partner_id, ca.name, cb.name, ca.slug, cb.slug, al.status, al.note,
	COALESCE(al.proposed_by, ''), al.created_at, al.accepted_at, al.ended_at
	FROM timebank_alliances al JOIN communities ca ON ca.id = al.community_id JOIN communities cb ON cb.id = al.partner_id`

func scanAlliance(row interface{ Scan(...any) error }) (commons.Alliance, error) {
	var a commons.Alliance
	var accepted, ended sql.NullTime
	err := row.Scan(&a.ID, &a.CommunityID, &a.PartnerID, &a.CommunityName, &a.PartnerName, &a.CommunitySlug, &a.PartnerSlug,
		&a.Status, &a.Note, &a.ProposedBy, &a.CreatedAt, &accepted, &ended)
	if accepted.Valid {
		a.AcceptedAt = &accepted.Time
	}
	if ended.Valid {
		a.EndedAt = &ended.Time
	}
	return a, err
}

// CommunityEditors lists the active editors of a community, who speak for
// it: they hear of its alliances.
func (s *Store) CommunityEditors(ctx context.Context, communityID string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT r.user_id FROM member_roles r JOIN members m ON m.community_id = r.community_id AND m.user_id = r.user_id
		WHERE r.community_id = ? AND r.role = 'editor' AND m.status = 'active' ORDER BY r.user_id`, communityID)
	return scanIDs(s, rows, err)
}

// ProposeAlliance records a proposed alliance, unless the two communities
// already have one that has not ended (either way round). The
// notifications' links end with the new alliance's id.
func (s *Store) ProposeAlliance(ctx context.Context, a commons.Alliance, notes []commons.Notification) (commons.Alliance, error) {
	a.ID, a.Status, a.CreatedAt = newID(), commons.AllianceProposed, s.now()
	err := s.inTx(ctx, func(t tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM timebank_alliances WHERE status <> 'ended' AND
			((community_id = ? AND partner_id = ?) OR (community_id = ? AND partner_id = ?))`,
			a.CommunityID, a.PartnerID, a.PartnerID, a.CommunityID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			e := commons.Errorf(commons.CodeConflict, "error.alliance.exists")
			e.Fields = map[string]commons.Message{"partner": e.Message}
			return e
		}
		if _, err := t.exec(ctx, `INSERT INTO timebank_alliances (id, community_id, partner_id, status, note, proposed_by, created_at)
			VALUES (?, ?, ?, 'proposed', ?, ?, ?)`, a.ID, a.CommunityID, a.PartnerID, a.Note, nullText(a.ProposedBy), a.CreatedAt); err != nil {
			return err
		}
		for _, n := range notes {
			n.Link += a.ID
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return a, err
}

func notifyAll(ctx context.Context, t tx, notes []commons.Notification) error {
	for _, n := range notes {
		if err := notify(ctx, t, n); err != nil {
			return err
		}
	}
	return nil
}

// AllianceByID returns an alliance, with both communities' names.
func (s *Store) AllianceByID(ctx context.Context, id string) (commons.Alliance, error) {
	a, err := scanAlliance(s.queryRow(ctx, "SELECT "+allianceColumns+" WHERE al.id = ?", id))
	if err == sql.ErrNoRows {
		return a, commons.NotFound()
	}
	return a, s.classify(err)
}

// Alliances lists a community's alliances, either side: the proposed
// and active ones first, the latest first.
func (s *Store) Alliances(ctx context.Context, communityID string) ([]commons.Alliance, error) {
	rows, err := s.query(ctx, "SELECT "+allianceColumns+` WHERE al.community_id = ? OR al.partner_id = ?
		ORDER BY CASE al.status WHEN 'ended' THEN 1 ELSE 0 END, al.created_at DESC, al.id`, communityID, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Alliance
	for rows.Next() {
		a, err := scanAlliance(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}

// AcceptAlliance makes a proposed alliance active, by the side it was
// proposed to; it is a conflict once it is no longer proposed.
func (s *Store) AcceptAlliance(ctx context.Context, id, partnerID, by string, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE timebank_alliances SET status = 'active', accepted_by = ?, accepted_at = ?
			WHERE id = ? AND partner_id = ? AND status = 'proposed'`, nullText(by), t.now(), id, partnerID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.alliance.not_proposed")
		}
		return notifyAll(ctx, t, notes)
	})
}

// EndAlliance ends an alliance (or withdraws or declines a proposal), by
// either side. Balances stay as they are, on both sides' books.
func (s *Store) EndAlliance(ctx context.Context, id, communityID, by string, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE timebank_alliances SET status = 'ended', ended_by = ?, ended_at = ?
			WHERE id = ? AND (community_id = ? OR partner_id = ?) AND status <> 'ended'`, nullText(by), t.now(), id, communityID, communityID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.alliance.ended")
		}
		return notifyAll(ctx, t, notes)
	})
}

// NewAcross is a transfer across an alliance about to be made: from a
// person of one community to a person of the other.
type NewAcross struct {
	AllianceID string
	// From pays, in FromCommunityID; To receives, in ToCommunityID.
	FromCommunityID, FromUserID, FromName string
	ToCommunityID, ToUserID, ToName       string
	// FromPeerName and ToPeerName are how each community's books name the
	// one on the other side: ToPeerName, in the payer's books, names the
	// receiver, blank when the payer's community may not see them.
	FromPeerName, ToPeerName string
	Minutes                  int
	Category, Note           string
	CreatedBy                string
	Notify                   commons.Notification
}

// timeBankIn locks and reads a community's time bank setting in a
// transaction: a conflict when it is off.
func timeBankIn(ctx context.Context, t tx, communityID, offKey string) (lo, hi sql.NullInt64, err error) {
	var enabled bool
	err = t.queryRow(ctx, "SELECT enabled, min_balance, max_balance FROM timebank_settings WHERE community_id = ?"+t.d.forUpdate(),
		communityID).Scan(&enabled, &lo, &hi)
	if err == sql.ErrNoRows || (err == nil && !enabled) {
		return lo, hi, commons.Errorf(commons.CodeConflict, offKey)
	}
	return lo, hi, err
}

// lockedBalance reads an account's balance, locking it.
func lockedBalance(ctx context.Context, t tx, communityID, id string) (int, error) {
	var b int
	err := t.queryRow(ctx, "SELECT balance FROM timebank_accounts WHERE community_id = ? AND id = ?"+t.d.forUpdate(), communityID, id).Scan(&b)
	return b, err
}

// TransferAcross moves time across an alliance in one transaction: in the
// payer's community, from the payer to the community's account for the
// alliance; in the receiver's, from its account for the alliance to the
// receiver. Each half is a transfer of two movements summing to zero, so
// each community's books balance, and the two alliance accounts mirror
// each other. The alliance is locked first, then both time banks in the
// order of their communities' ids (so a transfer each way never
// deadlocks, and transfers inside either community wait for it); the
// payer's lower limit and the receiver's upper limit bind as in a
// transfer at home; alliance accounts have no limits. It returns the
// payer's half.
func (s *Store) TransferAcross(ctx context.Context, n NewAcross) (commons.Transfer, error) {
	at := s.now()
	out := commons.Transfer{ID: newID(), CommunityID: n.FromCommunityID, Minutes: n.Minutes, Category: n.Category, Note: n.Note,
		CreatedBy: n.CreatedBy, CreatedAt: at, AllianceID: n.AllianceID, PeerName: n.ToPeerName}
	in := commons.Transfer{ID: newID(), CommunityID: n.ToCommunityID, Minutes: n.Minutes, Category: n.Category, Note: n.Note,
		CreatedBy: n.CreatedBy, CreatedAt: at, AllianceID: n.AllianceID, PeerName: n.FromPeerName}
	err := s.inTx(ctx, func(t tx) error {
		var status string
		err := t.queryRow(ctx, "SELECT status FROM timebank_alliances WHERE id = ? AND ((community_id = ? AND partner_id = ?) OR (community_id = ? AND partner_id = ?))"+t.d.forUpdate(),
			n.AllianceID, n.FromCommunityID, n.ToCommunityID, n.ToCommunityID, n.FromCommunityID).Scan(&status)
		if err == sql.ErrNoRows || (err == nil && status != string(commons.AllianceActive)) {
			return commons.Errorf(commons.CodeConflict, "error.alliance.not_active")
		}
		if err != nil {
			return err
		}
		type limits struct{ lo, hi sql.NullInt64 }
		lim := map[string]limits{}
		ids := []string{n.FromCommunityID, n.ToCommunityID}
		if ids[1] < ids[0] {
			ids[0], ids[1] = ids[1], ids[0]
		}
		for _, c := range ids {
			key := "error.timebank.off"
			if c == n.ToCommunityID {
				key = "error.alliance.partner_off"
			}
			lo, hi, err := timeBankIn(ctx, t, c, key)
			if err != nil {
				return err
			}
			lim[c] = limits{lo, hi}
		}
		if out.FromAccountID, err = accountID(ctx, t, n.FromCommunityID, commons.OwnerPerson, n.FromUserID); err != nil {
			return err
		}
		if out.ToAccountID, err = accountID(ctx, t, n.FromCommunityID, commons.OwnerAlliance, n.AllianceID); err != nil {
			return err
		}
		if in.FromAccountID, err = accountID(ctx, t, n.ToCommunityID, commons.OwnerAlliance, n.AllianceID); err != nil {
			return err
		}
		if in.ToAccountID, err = accountID(ctx, t, n.ToCommunityID, commons.OwnerPerson, n.ToUserID); err != nil {
			return err
		}
		payer, err := lockedBalance(ctx, t, n.FromCommunityID, out.FromAccountID)
		if err != nil {
			return err
		}
		receiver, err := lockedBalance(ctx, t, n.ToCommunityID, in.ToAccountID)
		if err != nil {
			return err
		}
		if lo := lim[n.FromCommunityID].lo; lo.Valid && payer-n.Minutes < int(lo.Int64) {
			e := commons.Errorf(commons.CodeInvalid, "error.timebank.below_min", "Name", n.FromName, "Left", max(0, payer-int(lo.Int64)))
			e.Fields = map[string]commons.Message{"minutes": e.Message}
			return e
		}
		if hi := lim[n.ToCommunityID].hi; hi.Valid && receiver+n.Minutes > int(hi.Int64) {
			e := commons.Errorf(commons.CodeInvalid, "error.timebank.above_max", "Name", n.ToName, "Left", max(0, int(hi.Int64)-receiver))
			e.Fields = map[string]commons.Message{"minutes": e.Message}
			return e
		}
		if err := move(ctx, t, out, leg{allianceID: n.AllianceID, peerID: in.ID, peerName: n.ToPeerName}); err != nil {
			return err
		}
		if err := move(ctx, t, in, leg{allianceID: n.AllianceID, peerID: out.ID, peerName: n.FromPeerName}); err != nil {
			return err
		}
		if n.Notify.UserID == "" {
			return nil
		}
		return notify(ctx, t, n.Notify)
	})
	return out, err
}

// AllianceBalances are an alliance's two accounts: the time each
// community's members paid across, less what came back. They mirror each
// other: their sum is zero.
func (s *Store) AllianceBalances(ctx context.Context, a commons.Alliance) (proposer, partner int, err error) {
	for _, c := range []struct {
		id string
		to *int
	}{{a.CommunityID, &proposer}, {a.PartnerID, &partner}} {
		acc, err := s.Account(ctx, c.id, commons.OwnerAlliance, a.ID)
		if err != nil {
			return 0, 0, err
		}
		*c.to = acc.Balance
	}
	return proposer, partner, nil
}
