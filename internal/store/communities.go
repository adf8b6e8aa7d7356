package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const communityColumns = `c.id, c.slug, c.name, c.description, c.languages, c.time_zone, c.trust_threshold,
	c.requires_application, COALESCE(c.created_by, ''), c.created_at, c.accessibility_features, c.trust_quota,
	c.flag_threshold, c.review_days, c.application_questions,
	(SELECT COUNT(*) FROM members m WHERE m.community_id = c.id AND m.status = 'active')`

// scanCommunity reads communityColumns and then any extra columns.
func scanCommunity(row interface{ Scan(...any) error }, extra ...any) (commons.Community, error) {
	var c commons.Community
	var langs, features, questions string
	var threshold sql.NullInt64
	dest := append([]any{&c.ID, &c.Slug, &c.Name, &c.Description, &langs, &c.TimeZone, &threshold,
		&c.RequiresApplication, &c.CreatedBy, &c.CreatedAt, &features, &c.TrustQuota, &c.FlagThreshold, &c.ReviewDays, &questions, &c.MemberCount}, extra...)
	err := row.Scan(dest...)
	if features != "" {
		c.AccessibilityFeatures = strings.Split(features, "\n")
	}
	if questions != "" {
		c.ApplicationQuestions = strings.Split(questions, "\n")
	}
	if langs != "" {
		c.Languages = strings.Split(langs, ",")
	}
	if threshold.Valid {
		t := int(threshold.Int64)
		c.TrustThreshold = &t
	}
	return c, err
}

// CreateCommunity saves a new community with its creator as the first
// member, holding every role. A taken slug is a conflict.
func (s *Store) CreateCommunity(ctx context.Context, n commons.NewCommunity, creatorID string) (commons.Community, error) {
	c := commons.Community{ID: newID(), Slug: n.Slug, Name: n.Name, Description: n.Description, Languages: n.Languages,
		TimeZone: n.TimeZone, RequiresApplication: n.RequiresApplication, CreatedBy: creatorID, CreatedAt: s.now(), MemberCount: 1}
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO communities (id, slug, name, sort_key, description, languages, time_zone,
			trust_threshold, requires_application, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
			c.ID, c.Slug, c.Name, strings.ToLower(c.Name), c.Description, strings.Join(c.Languages, ","), c.TimeZone,
			c.RequiresApplication, creatorID, c.CreatedAt)
		if err != nil {
			if t.d.isUniqueViolation(err) {
				return &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.slug_taken"),
					Fields: map[string]commons.Message{"slug": commons.Msg("error.slug_taken")}}
			}
			return err
		}
		if err := insertMember(ctx, t, c.ID, creatorID, commons.MemberActive, "", commons.CreatorRoles); err != nil {
			return err
		}
		return logAct(ctx, t, c.ID, creatorID, "community.created", c.Name)
	})
	return c, err
}

// CommunityBySlug returns one community.
func (s *Store) CommunityBySlug(ctx context.Context, slug string) (commons.Community, error) {
	c, err := scanCommunity(s.queryRow(ctx, "SELECT "+communityColumns+" FROM communities c WHERE c.slug = ?", slug))
	return c, s.classify(err)
}

// CommunityByID returns one community.
func (s *Store) CommunityByID(ctx context.Context, id string) (commons.Community, error) {
	c, err := scanCommunity(s.queryRow(ctx, "SELECT "+communityColumns+" FROM communities c WHERE c.id = ?", id))
	return c, s.classify(err)
}

// ListCommunities returns communities in name order, one page at a time.
func (s *Store) ListCommunities(ctx context.Context, p commons.Page) ([]commons.Community, string, error) {
	afterKey, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := "SELECT " + communityColumns + ", c.sort_key FROM communities c"
	var args []any
	if afterID != "" {
		q += " WHERE (c.sort_key > ? OR (c.sort_key = ? AND c.id > ?))"
		args = append(args, afterKey, afterKey, afterID)
	}
	q += " ORDER BY c.sort_key, c.id LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Community, string, error) {
		c, err := scanCommunity(row, key)
		return c, c.ID, err
	})
}

// CountCommunities tells whether the installation is still empty.
func (s *Store) CountCommunities(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM communities").Scan(&n)
	return n, s.classify(err)
}

// UpdateCommunity saves a community's settings and records who changed
// them, with what each changed field was and became.
//
// keep, when not nil, is the use case's rule on the roles the change of
// threshold would take away: it is given them, found in the same
// transaction, and its error stops the change.
func (s *Store) UpdateCommunity(ctx context.Context, c commons.Community, actorID string, keep func([]commons.RoleLoss) error) error {
	return s.inTx(ctx, func(t tx) error {
		old, err := scanCommunity(t.queryRow(ctx, "SELECT "+communityColumns+" FROM communities c WHERE c.id = ?"+t.d.forUpdate(), c.ID))
		if err != nil {
			return err
		}
		if keep != nil {
			losses, err := roleLosses(ctx, t, c.ID, old.TrustThreshold, c.TrustThreshold)
			if err != nil {
				return err
			}
			if err := keep(losses); err != nil {
				return err
			}
		}
		before, after := communityDiff(old, c)
		var threshold any
		if c.TrustThreshold != nil {
			threshold = *c.TrustThreshold
		}
		res, err := t.exec(ctx, `UPDATE communities SET name = ?, sort_key = ?, description = ?, languages = ?,
			time_zone = ?, trust_threshold = ?, requires_application = ?, accessibility_features = ?, trust_quota = ?,
			flag_threshold = ?, review_days = ?, application_questions = ? WHERE id = ?`,
			c.Name, strings.ToLower(c.Name), c.Description, strings.Join(c.Languages, ","), c.TimeZone, threshold,
			c.RequiresApplication, strings.Join(c.AccessibilityFeatures, "\n"), c.TrustQuota,
			c.FlagThreshold, c.ReviewDays, strings.Join(c.ApplicationQuestions, "\n"), c.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logChange(ctx, t, c.ID, actorID, "community.updated", c.Name, before, after)
	})
}

// communityDiff lists the settings that differ, before and after.
func communityDiff(a, b commons.Community) (map[string]string, map[string]string) {
	threshold := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	pairs := []struct{ name, a, b string }{
		{"name", a.Name, b.Name},
		{"description", a.Description, b.Description},
		{"languages", strings.Join(a.Languages, ", "), strings.Join(b.Languages, ", ")},
		{"time_zone", a.TimeZone, b.TimeZone},
		{"trust_threshold", threshold(a.TrustThreshold), threshold(b.TrustThreshold)},
		{"requires_application", strconv.FormatBool(a.RequiresApplication), strconv.FormatBool(b.RequiresApplication)},
		{"accessibility_features", strings.Join(a.AccessibilityFeatures, ", "), strings.Join(b.AccessibilityFeatures, ", ")},
		{"trust_quota", strconv.Itoa(a.TrustQuota), strconv.Itoa(b.TrustQuota)},
		{"flag_threshold", strconv.Itoa(a.FlagThreshold), strconv.Itoa(b.FlagThreshold)},
		{"review_days", strconv.Itoa(a.ReviewDays), strconv.Itoa(b.ReviewDays)},
		{"application_questions", strings.Join(a.ApplicationQuestions, " | "), strings.Join(b.ApplicationQuestions, " | ")},
	}
	before, after := map[string]string{}, map[string]string{}
	for _, p := range pairs {
		if p.a != p.b {
			before[p.name], after[p.name] = p.a, p.b
		}
	}
	return before, after
}

// logAct puts a privileged act on the community's public record, in the
// same transaction as the act itself.
func logAct(ctx context.Context, t tx, communityID, actorID, action, subject string) error {
	return logChange(ctx, t, communityID, actorID, action, subject, nil, nil)
}

// logChange is logAct with what the act changed.
func logChange(ctx context.Context, t tx, communityID, actorID, action, subject string, before, after map[string]string) error {
	var actor any
	if actorID != "" {
		actor = actorID
	}
	_, err := t.exec(ctx, `INSERT INTO community_log (community_id, id, actor_id, action, subject, at, before_state, after_state)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, communityID, newID(), actor, action, subject, t.now(), stateJSON(before), stateJSON(after))
	return err
}

func stateJSON(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	cut := make(map[string]string, len(m))
	for k, v := range m {
		cut[k] = commons.CutRecordValue(v)
	}
	b, _ := json.Marshal(cut)
	return string(b)
}

// CommunityLog returns the community's record, newest first.
func (s *Store) CommunityLog(ctx context.Context, communityID string, p commons.Page) ([]commons.LogEntry, string, error) {
	_, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := `SELECT l.id, l.community_id, COALESCE(l.actor_id, ''), COALESCE(u.name, ''), l.action, l.subject, l.at,
		l.before_state, l.after_state, ''
		FROM community_log l LEFT JOIN users u ON u.id = l.actor_id WHERE l.community_id = ?`
	args := []any{communityID}
	if afterID != "" {
		q += " AND l.id < ?"
		args = append(args, afterID)
	}
	q += " ORDER BY l.id DESC LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.LogEntry, string, error) {
		var e commons.LogEntry
		var before, after string
		if err := row.Scan(&e.ID, &e.CommunityID, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.At, &before, &after, key); err != nil {
			return e, "", err
		}
		for _, p := range []struct {
			raw string
			dst *map[string]string
		}{{before, &e.Before}, {after, &e.After}} {
			if p.raw != "" {
				if err := json.Unmarshal([]byte(p.raw), p.dst); err != nil {
					return e, "", err
				}
			}
		}
		return e, e.ID, nil
	})
}

// roleLosses finds the roles members hold by trust (not by grant) that a
// change of the community's threshold, from before to after (nil: derived
// from the number of members), would take away.
func roleLosses(ctx context.Context, t tx, communityID string, before, after *int) ([]commons.RoleLoss, error) {
	effective := func(own *int) (int, error) {
		if own != nil {
			return *own, nil
		}
		var n int
		err := t.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE community_id = ? AND status = 'active' AND joined_at < ?",
			communityID, t.now().Add(-24*time.Hour)).Scan(&n)
		return commons.DefaultTrustThreshold(n), err
	}
	from, err := effective(before)
	if err != nil {
		return nil, err
	}
	to, err := effective(after)
	if err != nil || to <= from {
		return nil, err
	}
	rows, err := t.query(ctx, `SELECT t.receiver_id, u.name, t.role FROM role_trust t
		JOIN members g ON g.community_id = t.community_id AND g.user_id = t.giver_id AND g.status = 'active'
		JOIN members r ON r.community_id = t.community_id AND r.user_id = t.receiver_id AND r.status = 'active'
		JOIN users u ON u.id = t.receiver_id
		WHERE t.community_id = ? AND NOT EXISTS (SELECT 1 FROM member_roles mr
			WHERE mr.community_id = t.community_id AND mr.user_id = t.receiver_id AND mr.role = t.role)
		GROUP BY t.receiver_id, u.name, t.role HAVING COUNT(*) >= ? AND COUNT(*) < ?
		ORDER BY u.name, t.receiver_id, t.role`, communityID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []commons.RoleLoss
	for rows.Next() {
		var l commons.RoleLoss
		if err := rows.Scan(&l.UserID, &l.Name, &l.Role); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
