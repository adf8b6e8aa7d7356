package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// OwnCriteria lists a community's own quality criteria, oldest first.
func (s *Store) OwnCriteria(ctx context.Context, communityID string) ([]commons.Criterion, error) {
	rows, err := s.query(ctx, `SELECT id, name, about FROM quality_criteria WHERE community_id = ? ORDER BY created_at, id`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Criterion
	for rows.Next() {
		var id string
		c := commons.Criterion{Framework: commons.FrameworkOwn}
		if err := rows.Scan(&id, &c.Name, &c.About); err != nil {
			return nil, s.classify(err)
		}
		c.Key = commons.OwnCriterionKey(id)
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// AddOwnCriterion saves a community's own criterion.
func (s *Store) AddOwnCriterion(ctx context.Context, communityID string, f commons.CriterionFields, by string) (commons.Criterion, error) {
	id := newID()
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO quality_criteria (community_id, id, name, about, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			communityID, id, f.Name, f.About, nullText(by), t.now())
		return err
	})
	return commons.Criterion{Key: commons.OwnCriterionKey(id), Framework: commons.FrameworkOwn, Name: f.Name, About: f.About}, err
}

// CreateRound saves a round with the criteria it rates.
func (s *Store) CreateRound(ctx context.Context, r commons.QualityRound) (commons.QualityRound, error) {
	r.ID, r.CreatedAt, r.Status = newID(), s.now(), commons.RoundOpen
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO quality_rounds (community_id, id, title, period_start, period_end, frameworks, method, scale,
			status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
			r.CommunityID, r.ID, r.Title, r.PeriodStart, r.PeriodEnd, joinFrameworks(r.Frameworks), r.Method, r.Scale,
			nullText(r.CreatedBy), r.CreatedAt); err != nil {
			return err
		}
		for i, c := range r.Criteria {
			if _, err := t.exec(ctx, `INSERT INTO quality_round_criteria (community_id, round_id, key, position, framework, grp, name, about)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.CommunityID, r.ID, c.Key, i, c.Framework, c.Group, c.Name, c.About); err != nil {
				return err
			}
		}
		return nil
	})
	return r, err
}

func joinFrameworks(fs []commons.Framework) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = string(f)
	}
	return strings.Join(parts, ",")
}

func splitFrameworks(s string) []commons.Framework {
	var out []commons.Framework
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			out = append(out, commons.Framework(p))
		}
	}
	return out
}

const roundColumns = `id, community_id, title, period_start, period_end, frameworks, method, scale, status,
	COALESCE(created_by, ''), created_at, closed_at`

func scanRound(row interface{ Scan(...any) error }) (commons.QualityRound, error) {
	var r commons.QualityRound
	var fw string
	var closed sql.NullTime
	err := row.Scan(&r.ID, &r.CommunityID, &r.Title, &r.PeriodStart, &r.PeriodEnd, &fw, &r.Method, &r.Scale, &r.Status,
		&r.CreatedBy, &r.CreatedAt, &closed)
	r.Frameworks = splitFrameworks(fw)
	if closed.Valid {
		r.ClosedAt = &closed.Time
	}
	return r, err
}

// Round returns one round of a community with its criteria.
func (s *Store) Round(ctx context.Context, communityID, id string) (commons.QualityRound, error) {
	r, err := scanRound(s.queryRow(ctx, "SELECT "+roundColumns+" FROM quality_rounds WHERE community_id = ? AND id = ?", communityID, id))
	if err != nil {
		return r, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT key, framework, grp, name, about FROM quality_round_criteria
		WHERE community_id = ? AND round_id = ? ORDER BY position`, communityID, id)
	if err != nil {
		return r, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c commons.Criterion
		if err := rows.Scan(&c.Key, &c.Framework, &c.Group, &c.Name, &c.About); err != nil {
			return r, s.classify(err)
		}
		r.Criteria = append(r.Criteria, c)
	}
	return r, s.classify(rows.Err())
}

// Rounds lists a community's rounds, the latest first, without their
// criteria. A community holds a few rounds a year: the list is whole.
func (s *Store) Rounds(ctx context.Context, communityID string) ([]commons.QualityRound, error) {
	rows, err := s.query(ctx, "SELECT "+roundColumns+" FROM quality_rounds WHERE community_id = ? ORDER BY created_at DESC, id DESC", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.QualityRound
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// Panel lists a round's panelists with the organization they speak for.
func (s *Store) Panel(ctx context.Context, communityID, roundID string) ([]commons.Panelist, error) {
	rows, err := s.query(ctx, `SELECT p.user_id, u.name, COALESCE(p.organization_id, ''), COALESCE(o.name, ''), p.sector, p.added_at
		FROM quality_panelists p JOIN users u ON u.id = p.user_id
		LEFT JOIN organizations o ON o.community_id = p.community_id AND o.id = p.organization_id
		WHERE p.community_id = ? AND p.round_id = ? ORDER BY p.sector, u.name, p.user_id`, communityID, roundID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Panelist
	for rows.Next() {
		var p commons.Panelist
		if err := rows.Scan(&p.UserID, &p.Name, &p.OrgID, &p.OrgName, &p.Sector, &p.AddedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// SetPanelist puts a person on a round's panel (or changes whom they speak
// for), with their notification when they are new to it, while the round
// is open.
func (s *Store) SetPanelist(ctx context.Context, communityID, roundID string, p commons.Panelist, note commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		var status string
		if err := t.queryRow(ctx, "SELECT status FROM quality_rounds WHERE community_id = ? AND id = ?", communityID, roundID).Scan(&status); err != nil {
			return err
		}
		if status != string(commons.RoundOpen) {
			return commons.Errorf(commons.CodeConflict, "error.quality.closed")
		}
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM quality_panelists WHERE community_id = ? AND round_id = ? AND user_id = ?",
			communityID, roundID, p.UserID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			_, err := t.exec(ctx, `UPDATE quality_panelists SET organization_id = ?, sector = ? WHERE community_id = ? AND round_id = ? AND user_id = ?`,
				nullText(p.OrgID), p.Sector, communityID, roundID, p.UserID)
			return err
		}
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM quality_panelists WHERE community_id = ? AND round_id = ?", communityID, roundID).Scan(&n); err != nil {
			return err
		}
		if n >= commons.MaxPanelSize {
			return commons.Errorf(commons.CodeInvalid, "error.quality.panel_full", "Max", commons.MaxPanelSize)
		}
		if _, err := t.exec(ctx, `INSERT INTO quality_panelists (community_id, round_id, user_id, organization_id, sector, added_at)
			VALUES (?, ?, ?, ?, ?, ?)`, communityID, roundID, p.UserID, nullText(p.OrgID), p.Sector, t.now()); err != nil {
			return err
		}
		return notify(ctx, t, note)
	})
}

// RemovePanelist takes a person off an open round's panel, with their
// ratings.
func (s *Store) RemovePanelist(ctx context.Context, communityID, roundID, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		var status string
		if err := t.queryRow(ctx, "SELECT status FROM quality_rounds WHERE community_id = ? AND id = ?", communityID, roundID).Scan(&status); err != nil {
			return err
		}
		if status != string(commons.RoundOpen) {
			return commons.Errorf(commons.CodeConflict, "error.quality.closed")
		}
		if _, err := t.exec(ctx, "DELETE FROM quality_ratings WHERE community_id = ? AND round_id = ? AND user_id = ?", communityID, roundID, userID); err != nil {
			return err
		}
		res, err := t.exec(ctx, "DELETE FROM quality_panelists WHERE community_id = ? AND round_id = ? AND user_id = ?", communityID, roundID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.NotFound()
		}
		return nil
	})
}

// Rate saves a panelist's rating of a criterion, replacing the one they
// gave before, while the round is open: the status is read in the same
// transaction, so a rating cannot land after the round closed.
func (s *Store) Rate(ctx context.Context, communityID, roundID, userID, key string, f commons.RatingFields) (commons.Rating, error) {
	r := commons.Rating{RoundID: roundID, UserID: userID, CriterionKey: key, Score: f.Score, Comment: f.Comment, Evidence: f.Evidence}
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "quality:"+communityID+":"+roundID); err != nil {
			return err
		}
		var status string
		if err := t.queryRow(ctx, "SELECT status FROM quality_rounds WHERE community_id = ? AND id = ?", communityID, roundID).Scan(&status); err != nil {
			return err
		}
		if status != string(commons.RoundOpen) {
			return commons.Errorf(commons.CodeConflict, "error.quality.closed")
		}
		r.UpdatedAt = t.now()
		_, err := t.exec(ctx, `INSERT INTO quality_ratings (community_id, round_id, user_id, criterion_key, score, comment, evidence, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (community_id, round_id, user_id, criterion_key)
			DO UPDATE SET score = excluded.score, comment = excluded.comment, evidence = excluded.evidence, updated_at = excluded.updated_at`,
			communityID, roundID, userID, key, f.Score, f.Comment, strings.Join(f.Evidence, "\n"), r.UpdatedAt)
		return err
	})
	return r, err
}

// Ratings lists a round's ratings, with each panelist's sector, in the
// order of the round's criteria; userID "" for everyone's.
func (s *Store) Ratings(ctx context.Context, communityID, roundID, userID string) ([]commons.Rating, error) {
	q := `SELECT r.round_id, r.user_id, u.name, p.sector, r.criterion_key, r.score, r.comment, r.evidence, r.updated_at
		FROM quality_ratings r JOIN quality_panelists p ON p.community_id = r.community_id AND p.round_id = r.round_id AND p.user_id = r.user_id
		JOIN users u ON u.id = r.user_id
		JOIN quality_round_criteria c ON c.community_id = r.community_id AND c.round_id = r.round_id AND c.key = r.criterion_key
		WHERE r.community_id = ? AND r.round_id = ?`
	args := []any{communityID, roundID}
	if userID != "" {
		q, args = q+" AND r.user_id = ?", append(args, userID)
	}
	rows, err := s.query(ctx, q+" ORDER BY c.position, p.sector, u.name, r.user_id", args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Rating
	for rows.Next() {
		var r commons.Rating
		var ev string
		if err := rows.Scan(&r.RoundID, &r.UserID, &r.Name, &r.Sector, &r.CriterionKey, &r.Score, &r.Comment, &ev, &r.UpdatedAt); err != nil {
			return nil, s.classify(err)
		}
		if ev != "" {
			r.Evidence = strings.Split(ev, "\n")
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// CloseRound closes an open round, telling its panelists, in one
// transaction; a round closed meanwhile is a conflict.
func (s *Store) CloseRound(ctx context.Context, communityID, roundID string, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "quality:"+communityID+":"+roundID); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE quality_rounds SET status = 'closed', closed_at = ? WHERE community_id = ? AND id = ? AND status = 'open'`,
			t.now(), communityID, roundID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.quality.closed")
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddActionPoint saves an action point with its owner's notification.
func (s *Store) AddActionPoint(ctx context.Context, p commons.ActionPoint, note commons.Notification) (commons.ActionPoint, error) {
	p.ID, p.CreatedAt, p.Status = newID(), s.now(), commons.ActionPointOpen
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO quality_action_points (community_id, id, round_id, text, owner_id, due, status, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`, p.CommunityID, p.ID, p.RoundID, p.Text, p.OwnerID, p.Due, nullText(p.CreatedBy), p.CreatedAt); err != nil {
			return err
		}
		if note.UserID == "" {
			return nil
		}
		return notify(ctx, t, note)
	})
	return p, err
}

const actionPointColumns = `a.id, a.community_id, a.round_id, r.title, a.text, a.owner_id, u.name, a.due, a.status,
	COALESCE(a.created_by, ''), a.created_at, a.done_at`

const actionPointFrom = ` FROM quality_action_points a JOIN quality_rounds r ON r.community_id = a.community_id AND r.id = a.round_id
	JOIN users u ON u.id = a.owner_id`

func scanActionPoint(row interface{ Scan(...any) error }) (commons.ActionPoint, error) {
	var p commons.ActionPoint
	var done sql.NullTime
	err := row.Scan(&p.ID, &p.CommunityID, &p.RoundID, &p.RoundTitle, &p.Text, &p.OwnerID, &p.OwnerName, &p.Due, &p.Status,
		&p.CreatedBy, &p.CreatedAt, &done)
	if done.Valid {
		p.DoneAt = &done.Time
	}
	return p, err
}

// ActionPointFilter selects action points.
type ActionPointFilter struct {
	RoundID, OwnerID string
	Status           commons.ActionPointStatus
	Limit            int
}

// ActionPoints lists a community's action points (communityID "" for an
// owner's in every community), open ones first, the soonest due first.
func (s *Store) ActionPoints(ctx context.Context, communityID string, f ActionPointFilter) ([]commons.ActionPoint, error) {
	var conds []string
	var args []any
	if communityID != "" {
		conds, args = append(conds, "a.community_id = ?"), append(args, communityID)
	}
	if f.RoundID != "" {
		conds, args = append(conds, "a.round_id = ?"), append(args, f.RoundID)
	}
	if f.OwnerID != "" {
		conds, args = append(conds, "a.owner_id = ?"), append(args, f.OwnerID)
	}
	if f.Status != "" {
		conds, args = append(conds, "a.status = ?"), append(args, f.Status)
	}
	if len(conds) == 0 {
		conds = []string{"1 = 1"}
	}
	q := "SELECT " + actionPointColumns + actionPointFrom + " WHERE " + strings.Join(conds, " AND ") +
		" ORDER BY CASE a.status WHEN 'open' THEN 0 ELSE 1 END, a.due, a.id"
	if f.Limit > 0 {
		q, args = q+" LIMIT ?", append(args, f.Limit)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.ActionPoint
	for rows.Next() {
		p, err := scanActionPoint(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// ActionPoint returns one action point of a community.
func (s *Store) ActionPoint(ctx context.Context, communityID, id string) (commons.ActionPoint, error) {
	p, err := scanActionPoint(s.queryRow(ctx, "SELECT "+actionPointColumns+actionPointFrom+" WHERE a.community_id = ? AND a.id = ?", communityID, id))
	return p, s.classify(err)
}

// SetActionPointStatus marks an action point done or open again.
func (s *Store) SetActionPointStatus(ctx context.Context, communityID, id string, status commons.ActionPointStatus) error {
	return s.inTx(ctx, func(t tx) error {
		var done any
		if status == commons.ActionPointDone {
			done = t.now()
		}
		res, err := t.exec(ctx, "UPDATE quality_action_points SET status = ?, done_at = ? WHERE community_id = ? AND id = ?", status, done, communityID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.NotFound()
		}
		return nil
	})
}

// DueActionPoints lists open action points due on or before day whose
// owner was not told yet, at most limit of them.
func (s *Store) DueActionPoints(ctx context.Context, day string, limit int) ([]commons.ActionPoint, error) {
	rows, err := s.query(ctx, "SELECT "+actionPointColumns+actionPointFrom+
		" WHERE a.status = 'open' AND a.reminded_at IS NULL AND a.due <= ? ORDER BY a.due, a.id LIMIT ?", day, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.ActionPoint
	for rows.Next() {
		p, err := scanActionPoint(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// RemindActionPoint tells an action point's owner it is due, once: of two
// nodes reminding at the same time, one does.
func (s *Store) RemindActionPoint(ctx context.Context, p commons.ActionPoint, note commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE quality_action_points SET reminded_at = ? WHERE community_id = ? AND id = ? AND reminded_at IS NULL AND status = 'open'",
			t.now(), p.CommunityID, p.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return notify(ctx, t, note)
	})
}
