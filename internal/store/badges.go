package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const achievementColumns = `a.id, a.community_id, a.name, a.description, a.criteria, a.color, a.themes, a.for_type, a.for_id,
	COALESCE(CASE a.for_type
		WHEN 'initiative' THEN (SELECT i.title FROM initiatives i WHERE i.community_id = a.community_id AND i.id = a.for_id)
		WHEN 'activity' THEN (SELECT MIN(x.title) FROM activities x WHERE x.community_id = a.community_id AND x.series_id = a.for_id) END, ''),
	a.rule, a.rule_n,
	(SELECT COUNT(*) FROM awards w WHERE w.community_id = a.community_id AND w.achievement_id = a.id AND w.revoked_at IS NULL),
	COALESCE(a.created_by, ''), a.created_at`

func scanAchievement(row interface{ Scan(...any) error }) (commons.Achievement, error) {
	var a commons.Achievement
	var themes string
	err := row.Scan(&a.ID, &a.CommunityID, &a.Name, &a.Description, &a.Criteria, &a.Color, &themes, &a.For, &a.ForID, &a.ForName,
		&a.Rule, &a.RuleN, &a.Awards, &a.CreatedBy, &a.CreatedAt)
	if themes != "" {
		a.Themes = strings.Split(themes, "\n")
	}
	return a, err
}

// CreateAchievement saves an achievement.
func (s *Store) CreateAchievement(ctx context.Context, a commons.Achievement) (commons.Achievement, error) {
	a.ID, a.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO achievements (community_id, id, name, description, criteria, color, themes, for_type, for_id,
			rule, rule_n, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.CommunityID, a.ID, a.Name, a.Description,
			a.Criteria, a.Color, strings.Join(a.Themes, "\n"), a.For, a.ForID, a.Rule, a.RuleN, nullText(a.CreatedBy), a.CreatedAt)
		return err
	})
	return a, err
}

// AchievementByID returns one achievement.
func (s *Store) AchievementByID(ctx context.Context, id string) (commons.Achievement, error) {
	a, err := scanAchievement(s.queryRow(ctx, "SELECT "+achievementColumns+" FROM achievements a WHERE a.id = ?", id))
	return a, s.classify(err)
}

// Achievements lists a community's achievements by name.
func (s *Store) Achievements(ctx context.Context, communityID string) ([]commons.Achievement, error) {
	rows, err := s.query(ctx, "SELECT "+achievementColumns+" FROM achievements a WHERE a.community_id = ? ORDER BY a.name, a.id LIMIT 500", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Achievement
	for rows.Next() {
		a, err := scanAchievement(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}

const awardColumns = `w.id, w.community_id, w.achievement_id, w.user_id, COALESCE(u.name, ''), COALESCE(w.awarded_by, ''), w.evidence,
	w.evidence_url, w.status_index, w.revoked_at, w.issued_at, w.credential, w.public`

func scanAward(row interface{ Scan(...any) error }) (commons.Award, error) {
	var w commons.Award
	var revoked sql.NullTime
	err := row.Scan(&w.ID, &w.CommunityID, &w.AchievementID, &w.UserID, &w.UserName, &w.AwardedBy, &w.Evidence, &w.EvidenceURL,
		&w.StatusIndex, &revoked, &w.IssuedAt, &w.Credential, &w.Public)
	if revoked.Valid {
		w.Revoked, w.RevokedAt = true, &revoked.Time
	}
	return w, err
}

// NewAward is an award about to be issued: sign makes its credential once
// the store has given it its id, time and place in the revocation list.
type NewAward struct {
	commons.Award
	Sign   func(w commons.Award) (string, error)
	Notify commons.Notification
}

// Award issues an award in one transaction: it takes the next free place
// in the community's revocation list, has the credential signed, and
// saves both with the recipient's notification. A person already holding
// the achievement is a conflict.
func (s *Store) Award(ctx context.Context, n NewAward) (commons.Award, error) {
	w := n.Award
	w.ID, w.IssuedAt = newID(), s.now().Truncate(1e9) // credentials carry whole seconds
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "status-list:"+w.CommunityID); err != nil {
			return err
		}
		var held int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM awards WHERE community_id = ? AND achievement_id = ? AND user_id = ?",
			w.CommunityID, w.AchievementID, w.UserID).Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return commons.Errorf(commons.CodeConflict, "error.badge.held")
		}
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(status_index) + 1, 0) FROM awards WHERE community_id = ?", w.CommunityID).Scan(&w.StatusIndex); err != nil {
			return err
		}
		if w.StatusIndex >= commons.StatusListSize {
			return commons.Errorf(commons.CodeConflict, "error.badge.list_full")
		}
		var err error
		if w.Credential, err = n.Sign(w); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO awards (community_id, id, achievement_id, user_id, awarded_by, evidence, evidence_url,
			status_index, issued_at, credential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.CommunityID, w.ID, w.AchievementID, w.UserID,
			nullText(w.AwardedBy), w.Evidence, w.EvidenceURL, w.StatusIndex, w.IssuedAt, w.Credential); err != nil {
			return err
		}
		if n.Notify.UserID == "" {
			return nil
		}
		return notify(ctx, t, n.Notify)
	})
	return w, err
}

// AwardByID returns one award.
func (s *Store) AwardByID(ctx context.Context, id string) (commons.Award, error) {
	w, err := scanAward(s.queryRow(ctx, "SELECT "+awardColumns+" FROM awards w JOIN users u ON u.id = w.user_id WHERE w.id = ?", id))
	return w, s.classify(err)
}

// Awards lists the awards of an achievement, or a person's (either may be
// empty), the latest first.
func (s *Store) Awards(ctx context.Context, communityID, achievementID, userID string) ([]commons.Award, error) {
	q := "SELECT " + awardColumns + " FROM awards w JOIN users u ON u.id = w.user_id WHERE w.community_id = ?"
	args := []any{communityID}
	if achievementID != "" {
		q, args = q+" AND w.achievement_id = ?", append(args, achievementID)
	}
	if userID != "" {
		q, args = q+" AND w.user_id = ?", append(args, userID)
	}
	rows, err := s.query(ctx, q+" ORDER BY w.issued_at DESC, w.id DESC LIMIT 1000", args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Award
	for rows.Next() {
		w, err := scanAward(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, w)
	}
	return out, s.classify(rows.Err())
}

// SetAwardPublic shows an award on its holder's public profile, or keeps
// it to the community again.
func (s *Store) SetAwardPublic(ctx context.Context, communityID, awardID string, public bool) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE awards SET public = ? WHERE community_id = ? AND id = ?", public, communityID, awardID)
		return mustAffect(res, err)
	})
}

// PublicAwards lists the awards a person chose to show publicly in a
// community, not revoked, the latest first, with their achievements.
func (s *Store) PublicAwards(ctx context.Context, communityID, userID string) ([]commons.Award, error) {
	rows, err := s.query(ctx, "SELECT "+awardColumns+` FROM awards w JOIN users u ON u.id = w.user_id
		WHERE w.community_id = ? AND w.user_id = ? AND w.public AND w.revoked_at IS NULL ORDER BY w.issued_at DESC, w.id DESC LIMIT 200`, communityID, userID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Award
	for rows.Next() {
		w, err := scanAward(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, w)
	}
	return out, s.classify(rows.Err())
}

// SetAchievementImage keeps an achievement's uploaded image (PNG, already
// re-encoded by the caller).
func (s *Store) SetAchievementImage(ctx context.Context, communityID, achievementID string, data []byte) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, "DELETE FROM achievement_images WHERE community_id = ? AND achievement_id = ?", communityID, achievementID); err != nil {
			return err
		}
		_, err := t.exec(ctx, "INSERT INTO achievement_images (community_id, achievement_id, data, updated_at) VALUES (?, ?, ?, ?)",
			communityID, achievementID, data, t.now())
		return err
	})
}

// AchievementImage returns an achievement's uploaded image; nil when it
// has none.
func (s *Store) AchievementImage(ctx context.Context, communityID, achievementID string) ([]byte, error) {
	var data []byte
	err := s.queryRow(ctx, "SELECT data FROM achievement_images WHERE community_id = ? AND achievement_id = ?", communityID, achievementID).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return data, s.classify(err)
}

// RevokeAward marks an award revoked; the status list tells verifiers.
func (s *Store) RevokeAward(ctx context.Context, w commons.Award) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE awards SET revoked_at = ? WHERE community_id = ? AND id = ? AND revoked_at IS NULL", t.now(), w.CommunityID, w.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.badge.revoked")
		}
		return nil
	})
}

// RevokedIndexes lists the places of a community's revoked awards in its
// status list.
func (s *Store) RevokedIndexes(ctx context.Context, communityID string) ([]int, error) {
	rows, err := s.query(ctx, "SELECT status_index FROM awards WHERE community_id = ? AND revoked_at IS NOT NULL", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, i)
	}
	return out, s.classify(rows.Err())
}

// CommunityKey returns the community's private signing key as a JWK,
// saving newKey's key first if it has none: two first uses at once keep
// the one saved first.
func (s *Store) CommunityKey(ctx context.Context, communityID string, newKey func() (kid, jwk string, err error)) (string, string, error) {
	var kid, jwk string
	err := s.queryRow(ctx, "SELECT kid, private_jwk FROM community_keys WHERE community_id = ?", communityID).Scan(&kid, &jwk)
	if err == nil {
		return kid, jwk, nil
	}
	if err != sql.ErrNoRows {
		return "", "", s.classify(err)
	}
	newKid, newJWK, err := newKey()
	if err != nil {
		return "", "", err
	}
	err = s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO community_keys (community_id, kid, private_jwk, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (community_id) DO NOTHING`, communityID, newKid, newJWK, t.now())
		return err
	})
	if err != nil {
		return "", "", err
	}
	err = s.queryRow(ctx, "SELECT kid, private_jwk FROM community_keys WHERE community_id = ?", communityID).Scan(&kid, &jwk)
	return kid, jwk, s.classify(err)
}

// AttendedSessions counts the occurrences of an activity series that a
// person was registered for and that have ended by now.
func (s *Store) AttendedSessions(ctx context.Context, communityID, seriesID, userID string, now time.Time) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM activity_registrations r JOIN activities a ON a.community_id = r.community_id AND a.id = r.activity_id
		WHERE r.community_id = ? AND a.series_id = ? AND r.user_id = ? AND r.status = 'registered' AND a.status = 'scheduled' AND a.ends_at <= ?`,
		communityID, seriesID, userID, now).Scan(&n)
	return n, s.classify(err)
}

// SeriesAttendees lists who has attended at least n ended occurrences of
// a series, for an achievement's sessions rule.
func (s *Store) SeriesAttendees(ctx context.Context, communityID, seriesID string, n int, now time.Time) ([]string, error) {
	rows, err := s.query(ctx, `SELECT r.user_id FROM activity_registrations r JOIN activities a ON a.community_id = r.community_id AND a.id = r.activity_id
		WHERE r.community_id = ? AND a.series_id = ? AND r.status = 'registered' AND a.status = 'scheduled' AND a.ends_at <= ?
		GROUP BY r.user_id HAVING COUNT(*) >= ?`, communityID, seriesID, now, n)
	return scanIDs(s, rows, err)
}

// HoursGivers lists who has given at least minutes of confirmed time,
// to one thing (forType and forID) or to anything in the community.
func (s *Store) HoursGivers(ctx context.Context, communityID string, forType commons.HoursFor, forID string, minutes int) ([]string, error) {
	q := "SELECT user_id FROM volunteer_hours WHERE community_id = ? AND status = 'confirmed'"
	args := []any{communityID}
	if forType != "" {
		q, args = q+" AND for_type = ? AND for_id = ?", append(args, forType, forID)
	}
	rows, err := s.query(ctx, q+" GROUP BY user_id HAVING SUM(minutes) >= ?", append(args, minutes)...)
	return scanIDs(s, rows, err)
}

func scanIDs(s *Store, rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, id)
	}
	return out, s.classify(rows.Err())
}

// SeriesTeachers lists the people among a series' organizers once at
// least n of its occurrences have ended, for an achievement's taught rule.
func (s *Store) SeriesTeachers(ctx context.Context, communityID, seriesID string, n int, now time.Time) ([]string, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT o.user_id FROM activity_organizers o WHERE o.community_id = ? AND o.series_id = ? AND o.user_id IS NOT NULL
		AND (SELECT COUNT(*) FROM activities a WHERE a.community_id = o.community_id AND a.series_id = o.series_id AND a.status = 'scheduled'
			AND a.ends_at <= ?) >= ? ORDER BY o.user_id`, communityID, seriesID, now, n)
	return scanIDs(s, rows, err)
}

// CommitmentKeepers lists the admins of organizations that kept at least
// n commitments in an initiative's partnership (any version), for an
// achievement's commitment rule.
func (s *Store) CommitmentKeepers(ctx context.Context, communityID, initiativeID string, n int) ([]string, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT om.user_id FROM organization_members om WHERE om.community_id = ? AND om.role = 'admin'
		AND (SELECT COUNT(DISTINCT c.id) FROM commitments c JOIN partnerships p ON p.community_id = c.community_id AND p.id = c.partnership_id
			WHERE c.community_id = om.community_id AND c.organization_id = om.organization_id AND p.initiative_id = ? AND c.status = 'kept') >= ?
		ORDER BY om.user_id`, communityID, initiativeID, n)
	return scanIDs(s, rows, err)
}

// SeriesSessions counts the scheduled occurrences of an activity series.
func (s *Store) SeriesSessions(ctx context.Context, communityID, seriesID string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM activities WHERE community_id = ? AND series_id = ? AND status = 'scheduled'",
		communityID, seriesID).Scan(&n)
	return n, s.classify(err)
}
