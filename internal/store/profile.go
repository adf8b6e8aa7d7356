package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

const profileVersionColumns = `id, community_id, number, phase, COALESCE(created_by, ''), created_at, COALESCE(published_by, ''), published_at, phase_at`

func scanProfileVersion(row interface{ Scan(...any) error }) (commons.ProfileVersion, error) {
	var v commons.ProfileVersion
	var published sql.NullTime
	err := row.Scan(&v.ID, &v.CommunityID, &v.Number, &v.Phase, &v.CreatedBy, &v.CreatedAt, &v.PublishedBy, &published, &v.PhaseAt)
	if published.Valid {
		v.PublishedAt = &published.Time
	}
	return v, err
}

// ProfileVersions lists a community's versions of its Profile, the latest
// first, without their sections.
func (s *Store) ProfileVersions(ctx context.Context, communityID string) ([]commons.ProfileVersion, error) {
	rows, err := s.query(ctx, "SELECT "+profileVersionColumns+" FROM profile_versions WHERE community_id = ? ORDER BY number DESC", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.ProfileVersion
	for rows.Next() {
		v, err := scanProfileVersion(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, v)
	}
	return out, s.classify(rows.Err())
}

// ProfileVersion returns one version by its number, with its sections in
// the order of the guiding questions.
func (s *Store) ProfileVersion(ctx context.Context, communityID string, number int) (commons.ProfileVersion, error) {
	v, err := scanProfileVersion(s.queryRow(ctx, "SELECT "+profileVersionColumns+" FROM profile_versions WHERE community_id = ? AND number = ?",
		communityID, number))
	if err != nil {
		return v, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT question, body, evidence, frozen, COALESCE(updated_by, ''), updated_at FROM profile_sections
		WHERE community_id = ? AND version_id = ? ORDER BY position`, communityID, v.ID)
	if err != nil {
		return v, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sec commons.ProfileSection
		var evidence, frozen string
		if err := rows.Scan(&sec.Question, &sec.Body, &evidence, &frozen, &sec.UpdatedBy, &sec.UpdatedAt); err != nil {
			return v, s.classify(err)
		}
		for _, k := range strings.Split(evidence, "\n") {
			if k != "" {
				sec.Evidence = append(sec.Evidence, commons.EvidenceKind(k))
			}
		}
		if frozen != "" {
			if err := json.Unmarshal([]byte(frozen), &sec.Frozen); err != nil {
				return v, commons.Internal(err)
			}
		}
		v.Sections = append(v.Sections, sec)
	}
	return v, s.classify(rows.Err())
}

func evidenceText(kinds []commons.EvidenceKind) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return strings.Join(out, "\n")
}

// CreateProfileVersion opens the next version of a community's Profile as
// a draft, with a section per guiding question written as given (the
// latest version's, copied). Only one draft is open at a time: while one
// is, it is a conflict. The check and the insert happen under a lock on
// the community's Profile.
func (s *Store) CreateProfileVersion(ctx context.Context, v commons.ProfileVersion) (commons.ProfileVersion, error) {
	now := s.now()
	v.ID, v.Phase, v.CreatedAt, v.PhaseAt = newID(), commons.ProfileDraft, now, now
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "profile:"+v.CommunityID); err != nil {
			return err
		}
		var drafts, last int
		if err := t.queryRow(ctx, `SELECT COUNT(CASE WHEN phase = 'draft' THEN 1 END), COALESCE(MAX(number), 0) FROM profile_versions
			WHERE community_id = ?`, v.CommunityID).Scan(&drafts, &last); err != nil {
			return err
		}
		if drafts > 0 {
			return commons.Errorf(commons.CodeConflict, "error.profile.draft_open")
		}
		v.Number = last + 1
		if _, err := t.exec(ctx, `INSERT INTO profile_versions (community_id, id, number, phase, created_by, created_at, phase_at)
			VALUES (?, ?, ?, 'draft', ?, ?, ?)`, v.CommunityID, v.ID, v.Number, nullText(v.CreatedBy), now, now); err != nil {
			return err
		}
		for i := range v.Sections {
			sec := &v.Sections[i]
			sec.Frozen, sec.UpdatedAt = nil, now
			if _, err := t.exec(ctx, `INSERT INTO profile_sections (community_id, version_id, question, position, body, evidence, frozen,
				updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)`, v.CommunityID, v.ID, sec.Question, i, sec.Body,
				evidenceText(sec.Evidence), nullText(sec.UpdatedBy), now); err != nil {
				return err
			}
		}
		return nil
	})
	return v, err
}

// UpdateProfileSection rewrites a section of a draft; a version published
// meanwhile is a conflict.
func (s *Store) UpdateProfileSection(ctx context.Context, communityID, versionID string, f commons.SectionFields, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE profile_sections SET body = ?, evidence = ?, updated_by = ?, updated_at = ?
			WHERE community_id = ? AND version_id = ? AND question = ? AND EXISTS (SELECT 1 FROM profile_versions v
				WHERE v.community_id = profile_sections.community_id AND v.id = profile_sections.version_id AND v.phase = 'draft')`,
			f.Body, evidenceText(f.Evidence), nullText(userID), t.now(), communityID, versionID, f.Question)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.profile.not_draft")
		}
		return nil
	})
}

// PublishProfileVersion publishes a draft with its evidence frozen as
// computed (by question), and the notifications publishing causes, in one
// transaction; a version published meanwhile is a conflict.
func (s *Store) PublishProfileVersion(ctx context.Context, communityID, versionID, userID string, frozen map[commons.ProfileQuestion][]commons.Evidence, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		now := t.now()
		res, err := t.exec(ctx, `UPDATE profile_versions SET phase = 'reviewed', published_by = ?, published_at = ?, phase_at = ?
			WHERE community_id = ? AND id = ? AND phase = 'draft'`, nullText(userID), now, now, communityID, versionID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.profile.not_draft")
		}
		if err := logProfilePhase(ctx, t, communityID, versionID, userID, commons.ProfileReviewed); err != nil {
			return err
		}
		for q, ev := range frozen {
			b, err := json.Marshal(ev)
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, "UPDATE profile_sections SET frozen = ? WHERE community_id = ? AND version_id = ? AND question = ?",
				string(b), communityID, versionID, q); err != nil {
				return err
			}
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetProfilePhase moves a published version from one phase to the next,
// with its entry on the community's record and the notifications it
// causes; a version moved meanwhile is a conflict.
func (s *Store) SetProfilePhase(ctx context.Context, communityID, versionID, actorID string, from, to commons.ProfilePhase, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE profile_versions SET phase = ?, phase_at = ? WHERE community_id = ? AND id = ? AND phase = ?",
			to, t.now(), communityID, versionID, from)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.profile.phase_changed")
		}
		if err := logProfilePhase(ctx, t, communityID, versionID, actorID, to); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// logProfilePhase puts a version's move into a phase on the community's
// record ("profile.reviewed" when it is published), naming the version by
// its number.
func logProfilePhase(ctx context.Context, t tx, communityID, versionID, actorID string, to commons.ProfilePhase) error {
	var number int
	if err := t.queryRow(ctx, "SELECT number FROM profile_versions WHERE community_id = ? AND id = ?", communityID, versionID).Scan(&number); err != nil {
		return err
	}
	return logAct(ctx, t, communityID, actorID, "profile."+string(to), strconv.Itoa(number))
}

// AddProfileComment saves a comment on a section with the notifications it
// causes, in one transaction.
func (s *Store) AddProfileComment(ctx context.Context, c commons.ProfileComment, notes []commons.Notification) (commons.ProfileComment, error) {
	c.ID, c.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO profile_comments (community_id, id, version_id, question, author_id, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.CommunityID, c.ID, c.VersionID, c.Question, nullText(c.AuthorID), c.Body, c.CreatedAt); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

// ProfileComments lists the comments on a version's sections, the oldest
// first, with their authors' names.
func (s *Store) ProfileComments(ctx context.Context, communityID, versionID string) ([]commons.ProfileComment, error) {
	rows, err := s.query(ctx, `SELECT c.id, c.community_id, c.version_id, c.question, COALESCE(c.author_id, ''), COALESCE(u.name, ''), c.body, c.created_at
		FROM profile_comments c LEFT JOIN users u ON u.id = c.author_id
		WHERE c.community_id = ? AND c.version_id = ? ORDER BY c.created_at, c.id`, communityID, versionID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.ProfileComment
	for rows.Next() {
		var c commons.ProfileComment
		if err := rows.Scan(&c.ID, &c.CommunityID, &c.VersionID, &c.Question, &c.AuthorID, &c.AuthorName, &c.Body, &c.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// MemberIDsWithRole lists the active members of a community who hold a
// role (all active members when role is empty): whom a change to the
// Profile is told to. A role is held as commons.RolesFrom says: granted,
// or trusted for by enough active members.
func (s *Store) MemberIDsWithRole(ctx context.Context, communityID string, role commons.Role) ([]string, error) {
	q := "SELECT m.user_id FROM members m WHERE m.community_id = ? AND m.status = 'active'"
	args := []any{communityID}
	if role != "" {
		threshold, err := s.TrustThreshold(ctx, communityID)
		if err != nil {
			return nil, err
		}
		q += ` AND (EXISTS (SELECT 1 FROM member_roles r WHERE r.community_id = m.community_id AND r.user_id = m.user_id AND r.role = ?)
			OR (SELECT COUNT(*) FROM role_trust t JOIN members g ON g.community_id = t.community_id AND g.user_id = t.giver_id AND g.status = 'active'
				WHERE t.community_id = m.community_id AND t.receiver_id = m.user_id AND t.role = ?) >= ?)`
		args = append(args, role, role, threshold)
	}
	rows, err := s.query(ctx, q+" ORDER BY m.user_id", args...)
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
