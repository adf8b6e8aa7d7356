package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// ProposePartnership saves a new version of an initiative's partnership
// (the first makes the partnership), to be signed by every party again.
// Commitments the new version repeats word for word keep whether they were
// kept. Notifications go out in the same transaction.
// The time of the proposal is the application's clock, as is the
// signatures', so that an agreement's dates read in one time line.
func (s *Store) ProposePartnership(ctx context.Context, i commons.Initiative, prop commons.PartnershipProposal, actorID string,
	at time.Time, notes []commons.Notification) (id string, version int, err error) {
	err = s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "partnership "+i.ID); err != nil {
			return err
		}
		at := at.UTC().Truncate(time.Microsecond)
		err := t.queryRow(ctx, "SELECT id, version FROM partnerships WHERE community_id = ? AND initiative_id = ?"+t.d.forUpdate(),
			i.CommunityID, i.ID).Scan(&id, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, version = newID(), 1
			if _, err := t.exec(ctx, `INSERT INTO partnerships (community_id, id, initiative_id, version, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'proposed', ?, ?)`, i.CommunityID, id, i.ID, version, at, at); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			version++
			if _, err := t.exec(ctx, "UPDATE partnerships SET version = ?, status = 'proposed', updated_at = ? WHERE community_id = ? AND id = ?",
				version, at, i.CommunityID, id); err != nil {
				return err
			}
		}
		// What earlier versions said about each commitment, to carry over.
		type key struct{ org, desc, due string }
		type earlier struct {
			status  commons.CommitmentStatus
			comment string
			by      sql.NullString
			at      sql.NullTime
		}
		prev := map[key]earlier{}
		if version > 1 {
			rows, err := t.query(ctx, `SELECT organization_id, description, COALESCE(due, ''), status, comment, updated_by, updated_at
				FROM commitments WHERE community_id = ? AND partnership_id = ? AND version = ?`, i.CommunityID, id, version-1)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k key
				var e earlier
				if err := rows.Scan(&k.org, &k.desc, &k.due, &e.status, &e.comment, &e.by, &e.at); err != nil {
					rows.Close()
					return err
				}
				prev[k] = e
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, `INSERT INTO partnership_versions (community_id, partnership_id, version, review_on, proposed_by, proposed_at)
			VALUES (?, ?, ?, ?, ?, ?)`, i.CommunityID, id, version, prop.ReviewOn, actorID, at); err != nil {
			return err
		}
		for n, pp := range prop.Parties {
			if _, err := t.exec(ctx, `INSERT INTO partnership_parties (community_id, partnership_id, version, organization_id, position, role)
				VALUES (?, ?, ?, ?, ?, ?)`, i.CommunityID, id, version, pp.OrgID, n, pp.Role); err != nil {
				return err
			}
			for m, c := range pp.Commitments {
				e, ok := prev[key{pp.OrgID, c.Description, c.Due}]
				if !ok {
					e.status = commons.CommitmentPending
				}
				if _, err := t.exec(ctx, `INSERT INTO commitments (community_id, id, partnership_id, version, organization_id, position,
					description, due, status, comment, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					i.CommunityID, newID(), id, version, pp.OrgID, m, c.Description, nullText(c.Due), e.status, e.comment, e.by, e.at); err != nil {
					return err
				}
			}
		}
		if err := logInitiative(ctx, t, i.CommunityID, i.ID, actorID, "partnership.proposed", strconv.Itoa(version)); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return id, version, err
}

// PartnershipRef is a partnership's identity and where it stands, without
// its versions.
type PartnershipRef struct {
	ID, CommunityID, InitiativeID string
	Version                       int
	Status                        commons.PartnershipStatus
}

// PartnershipRefByID finds a partnership by id.
func (s *Store) PartnershipRefByID(ctx context.Context, id string) (PartnershipRef, error) {
	var p PartnershipRef
	err := s.queryRow(ctx, "SELECT id, community_id, initiative_id, version, status FROM partnerships WHERE id = ?", id).
		Scan(&p.ID, &p.CommunityID, &p.InitiativeID, &p.Version, &p.Status)
	return p, s.classify(err)
}

// PartnershipOf returns an initiative's partnership with every version,
// newest first; not found when none was proposed.
func (s *Store) PartnershipOf(ctx context.Context, communityID, initiativeID string) (commons.Partnership, error) {
	var p commons.Partnership
	err := s.queryRow(ctx, `SELECT id, community_id, initiative_id, version, status, created_at, updated_at FROM partnerships
		WHERE community_id = ? AND initiative_id = ?`, communityID, initiativeID).
		Scan(&p.ID, &p.CommunityID, &p.InitiativeID, &p.Version, &p.Status, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT v.version, v.review_on, COALESCE(v.proposed_by, ''), COALESCE(u.name, ''), v.proposed_at
		FROM partnership_versions v LEFT JOIN users u ON u.id = v.proposed_by
		WHERE v.community_id = ? AND v.partnership_id = ? ORDER BY v.version DESC`, communityID, p.ID)
	if err != nil {
		return p, s.classify(err)
	}
	index := map[int]int{}
	for rows.Next() {
		var v commons.PartnerVersion
		if err := rows.Scan(&v.Version, &v.ReviewOn, &v.ProposedBy, &v.ProposedByName, &v.ProposedAt); err != nil {
			rows.Close()
			return p, s.classify(err)
		}
		index[v.Version] = len(p.Versions)
		p.Versions = append(p.Versions, v)
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT pp.version, pp.organization_id, o.name, o.sector, pp.role,
			COALESCE(sg.user_id, ''), COALESCE(sg.signer_name, ''), sg.signed_at
		FROM partnership_parties pp JOIN organizations o ON o.community_id = pp.community_id AND o.id = pp.organization_id
		LEFT JOIN partnership_signatures sg ON sg.community_id = pp.community_id AND sg.partnership_id = pp.partnership_id
			AND sg.version = pp.version AND sg.organization_id = pp.organization_id
		WHERE pp.community_id = ? AND pp.partnership_id = ? ORDER BY pp.version, pp.position`, communityID, p.ID)
	if err != nil {
		return p, s.classify(err)
	}
	for rows.Next() {
		var version int
		var party commons.Party
		var sig commons.Signature
		var at sql.NullTime
		if err := rows.Scan(&version, &party.OrgID, &party.OrgName, &party.Sector, &party.Role, &sig.UserID, &sig.Name, &at); err != nil {
			rows.Close()
			return p, s.classify(err)
		}
		if at.Valid {
			sig.At = at.Time
			party.Signature = &sig
		}
		v := &p.Versions[index[version]]
		v.Parties = append(v.Parties, party)
	}
	rows.Close()
	cs, err := s.commitments(ctx, `WHERE c.community_id = ? AND c.partnership_id = ? ORDER BY c.version, c.position`, communityID, p.ID)
	if err != nil {
		return p, err
	}
	for _, c := range cs {
		v := &p.Versions[index[c.Version]]
		for n := range v.Parties {
			if v.Parties[n].OrgID == c.OrgID {
				v.Parties[n].Commitments = append(v.Parties[n].Commitments, c)
			}
		}
	}
	return p, nil
}

const commitmentSelect = `SELECT c.id, c.community_id, c.partnership_id, p.initiative_id, c.version, c.organization_id, o.name,
	c.description, COALESCE(c.due, ''), c.status, c.comment, COALESCE(c.updated_by, ''), COALESCE(u.name, ''), c.updated_at, i.title
	FROM commitments c
	JOIN partnerships p ON p.community_id = c.community_id AND p.id = c.partnership_id
	JOIN initiatives i ON i.community_id = p.community_id AND i.id = p.initiative_id
	JOIN organizations o ON o.community_id = c.community_id AND o.id = c.organization_id
	LEFT JOIN users u ON u.id = c.updated_by `

func (s *Store) commitments(ctx context.Context, where string, args ...any) ([]commons.Commitment, error) {
	rows, err := s.query(ctx, commitmentSelect+where, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Commitment
	for rows.Next() {
		var c commons.Commitment
		var at sql.NullTime
		if err := rows.Scan(&c.ID, &c.CommunityID, &c.PartnershipID, &c.InitiativeID, &c.Version, &c.OrgID, &c.OrgName, &c.Description,
			&c.Due, &c.Status, &c.Comment, &c.UpdatedBy, &c.UpdatedByName, &at, &c.InitiativeTitle); err != nil {
			return nil, s.classify(err)
		}
		if at.Valid {
			c.UpdatedAt = &at.Time
		}
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// CommitmentByID returns one commitment.
func (s *Store) CommitmentByID(ctx context.Context, id string) (commons.Commitment, error) {
	cs, err := s.commitments(ctx, "WHERE c.id = ?", id)
	if err != nil {
		return commons.Commitment{}, err
	}
	if len(cs) == 0 {
		return commons.Commitment{}, commons.NotFound()
	}
	return cs[0], nil
}

// OverdueCommitments lists an organization's commitments in force that
// are still pending after their due date, soonest due first.
func (s *Store) OverdueCommitments(ctx context.Context, communityID, orgID, today string) ([]commons.Commitment, error) {
	return s.commitments(ctx, `WHERE c.community_id = ? AND c.organization_id = ? AND c.version = p.version
		AND c.status = 'pending' AND c.due IS NOT NULL AND c.due < ? ORDER BY c.due, c.id LIMIT 200`, communityID, orgID, today)
}

// SetCommitmentStatus records whether a commitment of the version in force
// was kept; a commitment of an older version is history and stays as it was.
func (s *Store) SetCommitmentStatus(ctx context.Context, c commons.Commitment, status commons.CommitmentStatus, comment, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE commitments SET status = ?, comment = ?, updated_by = ?, updated_at = ?
			WHERE community_id = ? AND id = ? AND version = (SELECT version FROM partnerships p WHERE p.community_id = ? AND p.id = ?)`,
			status, comment, actorID, s.now(), c.CommunityID, c.ID, c.CommunityID, c.PartnershipID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.commitment.old_version")
		}
		return logInitiative(ctx, t, c.CommunityID, c.InitiativeID, actorID, "commitment."+string(status), c.OrgName+": "+c.Description)
	})
}

// SignPartnership records an organization's signature on the version in
// force. The version signed must be the one the signer read: a newer one
// is a conflict. When every party has signed, the partnership is active;
// notes (for when it becomes active) go out then. The requests to sign
// (notifications linking to askedAt) are marked done for the admins of
// the organization that signed, unless another party they sign for has
// still to sign.
func (s *Store) SignPartnership(ctx context.Context, p PartnershipRef, version int, orgID string, signer commons.User, at time.Time,
	activeNotes []commons.Notification, askedAt string) (commons.PartnershipStatus, error) {
	status := commons.PartnershipProposed
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "partnership "+p.InitiativeID); err != nil {
			return err
		}
		var cur int
		if err := t.queryRow(ctx, "SELECT version FROM partnerships WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
			p.CommunityID, p.ID).Scan(&cur); err != nil {
			return err
		}
		if version != 0 && version != cur {
			return commons.Errorf(commons.CodeConflict, "error.partnership.new_version")
		}
		var party int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM partnership_parties WHERE community_id = ? AND partnership_id = ? AND version = ?
			AND organization_id = ?`, p.CommunityID, p.ID, cur, orgID).Scan(&party); err != nil {
			return err
		}
		if party == 0 {
			e := commons.Errorf(commons.CodeInvalid, "error.partnership.not_party")
			e.Fields = map[string]commons.Message{"organization_id": e.Message}
			return e
		}
		var signed int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM partnership_signatures WHERE community_id = ? AND partnership_id = ? AND version = ?
			AND organization_id = ?`, p.CommunityID, p.ID, cur, orgID).Scan(&signed); err != nil {
			return err
		}
		if signed > 0 {
			return commons.Errorf(commons.CodeConflict, "error.partnership.signed")
		}
		if _, err := t.exec(ctx, `INSERT INTO partnership_signatures (community_id, partnership_id, version, organization_id, user_id,
			signer_name, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, p.CommunityID, p.ID, cur, orgID, signer.ID, signer.Name,
			at.UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE notifications SET read_at = ? WHERE community_id = ? AND kind = ? AND link = ? AND read_at IS NULL
			AND user_id IN (SELECT user_id FROM organization_members WHERE community_id = ? AND organization_id = ? AND role = 'admin')
			AND user_id NOT IN (SELECT om.user_id FROM organization_members om JOIN partnership_parties pp
				ON pp.community_id = om.community_id AND pp.organization_id = om.organization_id
				WHERE om.community_id = ? AND om.role = 'admin' AND pp.partnership_id = ? AND pp.version = ?
				AND NOT EXISTS (SELECT 1 FROM partnership_signatures ps WHERE ps.community_id = pp.community_id
					AND ps.partnership_id = pp.partnership_id AND ps.version = pp.version AND ps.organization_id = pp.organization_id))`,
			s.now(), p.CommunityID, commons.NotifySignatureNeeded, askedAt, p.CommunityID, orgID, p.CommunityID, p.ID, cur); err != nil {
			return err
		}
		var parties, signatures int
		if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM partnership_parties WHERE community_id = ? AND partnership_id = ? AND version = ?),
			(SELECT COUNT(*) FROM partnership_signatures WHERE community_id = ? AND partnership_id = ? AND version = ?)`,
			p.CommunityID, p.ID, cur, p.CommunityID, p.ID, cur).Scan(&parties, &signatures); err != nil {
			return err
		}
		var orgName string
		if err := t.queryRow(ctx, "SELECT name FROM organizations WHERE community_id = ? AND id = ?", p.CommunityID, orgID).Scan(&orgName); err != nil {
			return err
		}
		if err := logInitiative(ctx, t, p.CommunityID, p.InitiativeID, signer.ID, "partnership.signed", orgName+" (v"+strconv.Itoa(cur)+")"); err != nil {
			return err
		}
		if signatures < parties {
			return nil
		}
		status = commons.PartnershipActive
		if _, err := t.exec(ctx, "UPDATE partnerships SET status = 'active', updated_at = ? WHERE community_id = ? AND id = ?",
			s.now(), p.CommunityID, p.ID); err != nil {
			return err
		}
		if err := logInitiative(ctx, t, p.CommunityID, p.InitiativeID, "", "partnership.active", "v"+strconv.Itoa(cur)); err != nil {
			return err
		}
		for _, n := range activeNotes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return status, err
}

// OrgAdminIDs lists the admins of organizations, each once.
func (s *Store) OrgAdminIDs(ctx context.Context, communityID string, orgIDs []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, o := range orgIDs {
		ids, err := s.strings(ctx, "SELECT user_id FROM organization_members WHERE community_id = ? AND organization_id = ? AND role = 'admin' ORDER BY user_id",
			communityID, o)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// NetworkLink is one organization's place in one partnership in force.
type NetworkLink struct {
	PartnershipID, OrgID, OrgName string
	Sector                        commons.Sector
}

// PartnershipNetwork lists, for every partnership of a community, the
// organizations that are parties to its current version.
func (s *Store) PartnershipNetwork(ctx context.Context, communityID string) ([]NetworkLink, error) {
	rows, err := s.query(ctx, `SELECT p.id, pp.organization_id, o.name, o.sector FROM partnerships p
		JOIN partnership_parties pp ON pp.community_id = p.community_id AND pp.partnership_id = p.id AND pp.version = p.version
		JOIN organizations o ON o.community_id = pp.community_id AND o.id = pp.organization_id
		WHERE p.community_id = ? ORDER BY p.id, pp.position LIMIT 5000`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []NetworkLink
	for rows.Next() {
		var l NetworkLink
		if err := rows.Scan(&l.PartnershipID, &l.OrgID, &l.OrgName, &l.Sector); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].PartnershipID < out[b].PartnershipID })
	return out, s.classify(rows.Err())
}
