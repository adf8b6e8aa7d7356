package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// logInitiative writes one entry of an initiative's history in the
// caller's transaction.
func logInitiative(ctx context.Context, t tx, communityID, initiativeID, actorID, action, detail string) error {
	var actor any
	if actorID != "" {
		actor = actorID
	}
	_, err := t.exec(ctx, `INSERT INTO initiative_log (community_id, initiative_id, id, actor_id, action, detail, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, communityID, initiativeID, newID(), actor, action, detail, t.now())
	return err
}

// CommunityThemes lists the themes a community added, by name.
func (s *Store) CommunityThemes(ctx context.Context, communityID string) ([]string, error) {
	return s.strings(ctx, "SELECT name FROM community_themes WHERE community_id = ? ORDER BY name", communityID)
}

// AddCommunityTheme adds a theme of the community's own; adding one twice
// is a conflict.
func (s *Store) AddCommunityTheme(ctx context.Context, communityID, name, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, "INSERT INTO community_themes (community_id, name, created_at) VALUES (?, ?, ?)",
			communityID, name, s.now()); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, "theme.added", name)
	})
}

func (s *Store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, v)
	}
	return out, s.classify(rows.Err())
}

// CreateInitiative saves a new initiative with its creator as its team.
func (s *Store) CreateInitiative(ctx context.Context, i commons.Initiative) (commons.Initiative, error) {
	at := s.now()
	i.ID, i.Status, i.CreatedAt, i.UpdatedAt = newID(), commons.InitiativeIdea, at, at
	err := s.inTx(ctx, func(t tx) error {
		var leadOrg, leadUser any
		if i.LeadOrgID != "" {
			leadOrg = i.LeadOrgID
		} else {
			leadUser = i.CreatedBy
		}
		if _, err := t.exec(ctx, `INSERT INTO initiatives (community_id, id, title, summary, description, lead_org_id, lead_user_id,
			status, sort_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i.CommunityID, i.ID, i.Title, i.Summary, i.Description, leadOrg, leadUser, i.Status, strings.ToLower(i.Title),
			i.CreatedBy, at, at); err != nil {
			return err
		}
		for n, th := range i.Themes {
			if _, err := t.exec(ctx, "INSERT INTO initiative_themes (community_id, initiative_id, theme, position) VALUES (?, ?, ?, ?)",
				i.CommunityID, i.ID, th, n); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "INSERT INTO initiative_team (community_id, initiative_id, user_id, added_at) VALUES (?, ?, ?, ?)",
			i.CommunityID, i.ID, i.CreatedBy, at); err != nil {
			return err
		}
		return logInitiative(ctx, t, i.CommunityID, i.ID, i.CreatedBy, "created", i.Title)
	})
	return i, err
}

// UpdateInitiative saves an initiative's title, summary, description and themes.
func (s *Store) UpdateInitiative(ctx context.Context, i commons.Initiative, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE initiatives SET title = ?, summary = ?, description = ?, sort_key = ?, updated_at = ?
			WHERE community_id = ? AND id = ?`, i.Title, i.Summary, i.Description, strings.ToLower(i.Title), s.now(), i.CommunityID, i.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM initiative_themes WHERE community_id = ? AND initiative_id = ?", i.CommunityID, i.ID); err != nil {
			return err
		}
		for n, th := range i.Themes {
			if _, err := t.exec(ctx, "INSERT INTO initiative_themes (community_id, initiative_id, theme, position) VALUES (?, ?, ?, ?)",
				i.CommunityID, i.ID, th, n); err != nil {
				return err
			}
		}
		return logInitiative(ctx, t, i.CommunityID, i.ID, actorID, "edited", i.Title)
	})
}

var initiativeColumns = `i.id, i.community_id, i.title, i.summary, i.description, COALESCE(i.lead_org_id, ''), COALESCE(i.lead_user_id, ''),
	COALESCE(o.name, u.name, ''), i.status, i.paused_from, COALESCE(i.created_by, ''), i.created_at, i.updated_at, ` + archiveColumns("i")

var initiativeFrom = ` FROM ` + shown(commons.SubjectInitiative, "i") + `
	LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.lead_org_id
	LEFT JOIN users u ON u.id = i.lead_user_id`

func scanInitiative(row interface{ Scan(...any) error }, extra ...any) (commons.Initiative, error) {
	var i commons.Initiative
	err := row.Scan(append([]any{&i.ID, &i.CommunityID, &i.Title, &i.Summary, &i.Description, &i.LeadOrgID, &i.LeadUserID,
		&i.LeadName, &i.Status, &i.PausedFrom, &i.CreatedBy, &i.CreatedAt, &i.UpdatedAt, archivedAt{&i.Archive}, &i.Archive.By}, extra...)...)
	return i, err
}

// InitiativeByID returns an initiative with its themes, team and sectors.
func (s *Store) InitiativeByID(ctx context.Context, id string) (commons.Initiative, error) {
	i, err := scanInitiative(s.queryRow(ctx, "SELECT "+initiativeColumns+initiativeFrom+" WHERE i.id = ?", id))
	if err != nil {
		return i, s.classify(err)
	}
	if err := s.fillInitiatives(ctx, i.CommunityID, []*commons.Initiative{&i}); err != nil {
		return i, err
	}
	rows, err := s.query(ctx, `SELECT t.user_id, u.name, t.added_at FROM initiative_team t JOIN users u ON u.id = t.user_id
		WHERE t.community_id = ? AND t.initiative_id = ? ORDER BY t.added_at, t.user_id`, i.CommunityID, i.ID)
	if err != nil {
		return i, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m commons.TeamMember
		if err := rows.Scan(&m.UserID, &m.Name, &m.AddedAt); err != nil {
			return i, s.classify(err)
		}
		i.Team = append(i.Team, m)
	}
	return i, s.classify(rows.Err())
}

// fillInitiatives adds themes and the sectors taking part to initiatives
// of one community, with one query each for the whole list.
func (s *Store) fillInitiatives(ctx context.Context, communityID string, list []*commons.Initiative) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*commons.Initiative{}
	marks := make([]string, len(list))
	args := []any{communityID}
	for n, i := range list {
		byID[i.ID] = i
		marks[n] = "?"
		args = append(args, i.ID)
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	rows, err := s.query(ctx, "SELECT initiative_id, theme FROM initiative_themes WHERE community_id = ? AND initiative_id IN "+in+
		" ORDER BY initiative_id, position", args...)
	if err != nil {
		return s.classify(err)
	}
	for rows.Next() {
		var id, th string
		if err := rows.Scan(&id, &th); err != nil {
			rows.Close()
			return s.classify(err)
		}
		byID[id].Themes = append(byID[id].Themes, th)
	}
	rows.Close()
	// Sectors: the lead group's, the parties' of the current version and
	// those of organizations whose pledges were accepted.
	sectorArgs := append(append(append([]any{}, args...), args...), args...)
	rows, err = s.query(ctx, `SELECT DISTINCT x.initiative_id, o.sector FROM (
			SELECT i.initiative_id AS initiative_id, i.org_id AS org_id FROM (
				SELECT id AS initiative_id, lead_org_id AS org_id FROM initiatives WHERE community_id = ? AND id IN `+in+`) i
			WHERE i.org_id IS NOT NULL
			UNION SELECT p.initiative_id, pp.organization_id FROM partnerships p
				JOIN partnership_parties pp ON pp.community_id = p.community_id AND pp.partnership_id = p.id AND pp.version = p.version
				WHERE p.community_id = ? AND p.initiative_id IN `+in+`
			UNION SELECT pl.initiative_id, pl.organization_id FROM pledges pl
				WHERE pl.community_id = ? AND pl.initiative_id IN `+in+` AND pl.status = 'accepted' AND pl.organization_id IS NOT NULL
		) x JOIN organizations o ON o.community_id = ? AND o.id = x.org_id`, append(sectorArgs, communityID)...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	found := map[string]map[commons.Sector]bool{}
	for rows.Next() {
		var id string
		var sec commons.Sector
		if err := rows.Scan(&id, &sec); err != nil {
			return s.classify(err)
		}
		if found[id] == nil {
			found[id] = map[commons.Sector]bool{}
		}
		found[id][sec] = true
	}
	for id, secs := range found {
		for _, sec := range commons.Sectors { // in the order pages show sectors
			if secs[sec] {
				byID[id].Sectors = append(byID[id].Sectors, sec)
			}
		}
	}
	return s.classify(rows.Err())
}

// ListInitiatives returns a community's initiatives by title, filtered by
// theme, status and the sector of a partner.
func (s *Store) ListInitiatives(ctx context.Context, communityID string, f commons.InitiativeFilter) ([]commons.Initiative, string, error) {
	afterKey, afterID, err := decodeCursor(f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(f.Page)
	q := "SELECT " + initiativeColumns + ", i.sort_key" + initiativeFrom + " WHERE i.community_id = ? AND " + notArchived("i")
	args := []any{communityID}
	if f.Status != "" {
		q += " AND i.status = ?"
		args = append(args, f.Status)
	}
	if f.Theme != "" {
		q += " AND EXISTS (SELECT 1 FROM initiative_themes th WHERE th.community_id = i.community_id AND th.initiative_id = i.id AND th.theme = ?)"
		args = append(args, f.Theme)
	}
	if f.Sector != "" {
		q += ` AND (o.sector = ?
			OR EXISTS (SELECT 1 FROM partnerships p
				JOIN partnership_parties pp ON pp.community_id = p.community_id AND pp.partnership_id = p.id AND pp.version = p.version
				JOIN organizations po ON po.community_id = pp.community_id AND po.id = pp.organization_id
				WHERE p.community_id = i.community_id AND p.initiative_id = i.id AND po.sector = ?)
			OR EXISTS (SELECT 1 FROM pledges pl JOIN organizations lo ON lo.community_id = pl.community_id AND lo.id = pl.organization_id
				WHERE pl.community_id = i.community_id AND pl.initiative_id = i.id AND pl.status = 'accepted' AND lo.sector = ?))`
		args = append(args, f.Sector, f.Sector, f.Sector)
	}
	if afterID != "" {
		q += " AND (i.sort_key > ? OR (i.sort_key = ? AND i.id > ?))"
		args = append(args, afterKey, afterKey, afterID)
	}
	q += " ORDER BY i.sort_key, i.id LIMIT ?"
	args = append(args, limit+1)
	list, next, err := keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Initiative, string, error) {
		i, err := scanInitiative(row, key)
		return i, i.ID, err
	})
	if err != nil {
		return nil, "", err
	}
	ptrs := make([]*commons.Initiative, len(list))
	for n := range list {
		ptrs[n] = &list[n]
	}
	return list, next, s.fillInitiatives(ctx, communityID, ptrs)
}

// SetInitiativeStatus moves an initiative along its lifecycle. The rule is
// checked against the status as the transaction reads it, so two people
// moving it at once cannot both skip a step.
func (s *Store) SetInitiativeStatus(ctx context.Context, i commons.Initiative, to commons.InitiativeStatus, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		var cur, pausedFrom commons.InitiativeStatus
		if err := t.queryRow(ctx, "SELECT status, paused_from FROM initiatives WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
			i.CommunityID, i.ID).Scan(&cur, &pausedFrom); err != nil {
			return err
		}
		remember, err := commons.CheckTransition(cur, to, pausedFrom)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE initiatives SET status = ?, paused_from = ?, updated_at = ? WHERE community_id = ? AND id = ?",
			to, remember, s.now(), i.CommunityID, i.ID); err != nil {
			return err
		}
		return logInitiative(ctx, t, i.CommunityID, i.ID, actorID, "status", string(cur)+" → "+string(to))
	})
}

// SetTeamMember adds a person to an initiative's team, or removes them.
// The last member cannot leave: an initiative always has someone to answer.
func (s *Store) SetTeamMember(ctx context.Context, i commons.Initiative, userID string, in bool, actorID, name string) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "initiative "+i.ID); err != nil {
			return err
		}
		if in {
			if _, err := t.exec(ctx, "INSERT INTO initiative_team (community_id, initiative_id, user_id, added_at) VALUES (?, ?, ?, ?)",
				i.CommunityID, i.ID, userID, s.now()); err != nil {
				return err
			}
			return logInitiative(ctx, t, i.CommunityID, i.ID, actorID, "team.added", name)
		}
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM initiative_team WHERE community_id = ? AND initiative_id = ?",
			i.CommunityID, i.ID).Scan(&n); err != nil {
			return err
		}
		if n <= 1 {
			return commons.Errorf(commons.CodeConflict, "error.initiative.last_team_member")
		}
		res, err := t.exec(ctx, "DELETE FROM initiative_team WHERE community_id = ? AND initiative_id = ? AND user_id = ?",
			i.CommunityID, i.ID, userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logInitiative(ctx, t, i.CommunityID, i.ID, actorID, "team.removed", name)
	})
}

// InitiativeLog returns an initiative's history, oldest first.
func (s *Store) InitiativeLog(ctx context.Context, communityID, initiativeID string) ([]commons.InitiativeEvent, error) {
	rows, err := s.query(ctx, `SELECT l.id, COALESCE(l.actor_id, ''), COALESCE(u.name, ''), l.action, l.detail, l.at
		FROM initiative_log l LEFT JOIN users u ON u.id = l.actor_id
		WHERE l.community_id = ? AND l.initiative_id = ? ORDER BY l.id LIMIT 5000`, communityID, initiativeID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.InitiativeEvent
	for rows.Next() {
		var e commons.InitiativeEvent
		if err := rows.Scan(&e.ID, &e.ActorID, &e.ActorName, &e.Action, &e.Detail, &e.At); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, e)
	}
	return out, s.classify(rows.Err())
}

// CreateNeed saves a need of an initiative.
func (s *Store) CreateNeed(ctx context.Context, n commons.Need, actorID string) (commons.Need, error) {
	n.ID, n.Status, n.CreatedAt = newID(), commons.NeedOpen, s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO needs (community_id, id, initiative_id, kind, description, quantity, by_date, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.CommunityID, n.ID, n.InitiativeID, n.Kind, n.Description, n.Quantity,
			nullText(n.ByDate), n.Status, n.CreatedAt); err != nil {
			return err
		}
		return logInitiative(ctx, t, n.CommunityID, n.InitiativeID, actorID, "need.added", n.Description)
	})
	return n, err
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const needColumns = `id, community_id, initiative_id, kind, description, quantity, COALESCE(by_date, ''), status, created_at, withdrawn_at`

func scanNeed(row interface{ Scan(...any) error }) (commons.Need, error) {
	var n commons.Need
	var q sql.NullInt64
	var withdrawn time.Time
	err := row.Scan(&n.ID, &n.CommunityID, &n.InitiativeID, &n.Kind, &n.Description, &q, &n.ByDate, &n.Status, &n.CreatedAt, anyTime{&withdrawn})
	if !withdrawn.IsZero() {
		n.Withdrawal.At = &withdrawn
	}
	if q.Valid {
		v := int(q.Int64)
		n.Quantity = &v
	}
	return n, err
}

// NeedByID returns one need.
func (s *Store) NeedByID(ctx context.Context, id string) (commons.Need, error) {
	n, err := scanNeed(s.queryRow(ctx, "SELECT "+needColumns+" FROM needs WHERE id = ?", id))
	return n, s.classify(err)
}

// Needs lists an initiative's needs in the order they were stated.
func (s *Store) Needs(ctx context.Context, communityID, initiativeID string) ([]commons.Need, error) {
	rows, err := s.query(ctx, "SELECT "+needColumns+" FROM needs WHERE community_id = ? AND initiative_id = ? ORDER BY id LIMIT 500",
		communityID, initiativeID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Need
	for rows.Next() {
		n, err := scanNeed(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, n)
	}
	return out, s.classify(rows.Err())
}

// SetNeedStatus says how far a need has been met.
func (s *Store) SetNeedStatus(ctx context.Context, n commons.Need, status commons.NeedStatus, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE needs SET status = ? WHERE community_id = ? AND id = ?", status, n.CommunityID, n.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logInitiative(ctx, t, n.CommunityID, n.InitiativeID, actorID, "need.status", n.Description+" → "+string(status))
	})
}

// CreatePledge saves a pledge and tells the team, in one transaction.
func (s *Store) CreatePledge(ctx context.Context, p commons.Pledge, notes []commons.Notification) (commons.Pledge, error) {
	p.ID, p.Status, p.CreatedAt = newID(), commons.PledgePending, s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO pledges (community_id, id, need_id, initiative_id, organization_id, user_id, resource_id,
			description, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.CommunityID, p.ID, p.NeedID, p.InitiativeID,
			nullText(p.OrgID), p.UserID, nullText(p.ResourceID), p.Description, p.Status, p.CreatedAt); err != nil {
			return err
		}
		who := p.UserName
		if p.OrgName != "" {
			who = p.OrgName
		}
		if err := logInitiative(ctx, t, p.CommunityID, p.InitiativeID, p.UserID, "pledge.made", who+": "+p.Description); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

const pledgeColumns = `p.id, p.community_id, p.initiative_id, p.need_id, COALESCE(p.organization_id, ''), COALESCE(o.name, ''),
	COALESCE(o.sector, ''), p.user_id, u.name, COALESCE(p.resource_id, ''), COALESCE(r.title, ''), COALESCE(r.bookable, FALSE),
	COALESCE(r.kind, ''), p.description, p.status, COALESCE(p.booking_id, ''), COALESCE(b.status, ''), p.decided_at, p.created_at`

const pledgeFrom = ` FROM pledges p JOIN users u ON u.id = p.user_id
	LEFT JOIN organizations o ON o.community_id = p.community_id AND o.id = p.organization_id
	LEFT JOIN resources r ON r.community_id = p.community_id AND r.id = p.resource_id
	LEFT JOIN bookings b ON b.community_id = p.community_id AND b.id = p.booking_id`

func scanPledge(row interface{ Scan(...any) error }) (commons.Pledge, error) {
	var p commons.Pledge
	var decided sql.NullTime
	err := row.Scan(&p.ID, &p.CommunityID, &p.InitiativeID, &p.NeedID, &p.OrgID, &p.OrgName, &p.OrgSector, &p.UserID, &p.UserName,
		&p.ResourceID, &p.ResourceTitle, &p.ResourceBookable, &p.ResourceKind, &p.Description, &p.Status, &p.BookingID, &p.BookingStatus, &decided, &p.CreatedAt)
	if decided.Valid {
		p.DecidedAt = &decided.Time
	}
	return p, err
}

// PledgeByID returns one pledge.
func (s *Store) PledgeByID(ctx context.Context, id string) (commons.Pledge, error) {
	p, err := scanPledge(s.queryRow(ctx, "SELECT "+pledgeColumns+pledgeFrom+" WHERE p.id = ?", id))
	return p, s.classify(err)
}

// Pledges lists an initiative's pledges, oldest first.
func (s *Store) Pledges(ctx context.Context, communityID, initiativeID string) ([]commons.Pledge, error) {
	rows, err := s.query(ctx, "SELECT "+pledgeColumns+pledgeFrom+" WHERE p.community_id = ? AND p.initiative_id = ? ORDER BY p.id LIMIT 1000",
		communityID, initiativeID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Pledge
	for rows.Next() {
		p, err := scanPledge(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// DecidePledge accepts or declines a pending pledge; deciding one that is
// no longer pending is a conflict. Accepting moves an open need to partly
// met. The pledger hears of it in the same transaction.
func (s *Store) DecidePledge(ctx context.Context, p commons.Pledge, accept bool, bookingID, deciderID string, note commons.Notification) error {
	status := commons.PledgeDeclined
	if accept {
		status = commons.PledgeAccepted
	}
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE pledges SET status = ?, booking_id = ?, decided_by = ?, decided_at = ?
			WHERE community_id = ? AND id = ? AND status = 'pending'`, status, nullText(bookingID), deciderID, s.now(), p.CommunityID, p.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.pledge.decided")
		}
		if accept {
			if _, err := t.exec(ctx, "UPDATE needs SET status = 'partly_met' WHERE community_id = ? AND id = ? AND status = 'open'",
				p.CommunityID, p.NeedID); err != nil {
				return err
			}
			if err := recordOutcome(ctx, t, p.CommunityID, "pledge", commons.MatchPledgeAccepted, p.ID); err != nil {
				return err
			}
		}
		who := p.UserName
		if p.OrgName != "" {
			who = p.OrgName
		}
		if err := logInitiative(ctx, t, p.CommunityID, p.InitiativeID, deciderID, "pledge."+string(status), who+": "+p.Description); err != nil {
			return err
		}
		if note.UserID == "" {
			return nil
		}
		return notify(ctx, t, note)
	})
}

// WithdrawPledge deletes an undecided pledge and notes on the initiative's
// history that it was withdrawn; one decided meanwhile is a conflict.
func (s *Store) WithdrawPledge(ctx context.Context, p commons.Pledge, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM pledges WHERE community_id = ? AND id = ? AND status = 'pending'", p.CommunityID, p.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.pledge.decided")
		}
		return logInitiative(ctx, t, p.CommunityID, p.InitiativeID, actorID, "pledge.withdrawn", p.Description)
	})
}
