package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

func insertMember(ctx context.Context, t tx, communityID, userID string, status commons.MembershipStatus, application string, roles []commons.Role) error {
	at := t.now()
	if _, err := t.exec(ctx, `INSERT INTO members (community_id, user_id, status, application, joined_at)
		VALUES (?, ?, ?, ?, ?)`, communityID, userID, status, application, at); err != nil {
		return err
	}
	return grantRoles(ctx, t, communityID, userID, roles)
}

func grantRoles(ctx context.Context, t tx, communityID, userID string, roles []commons.Role) error {
	for _, r := range roles {
		if _, err := t.exec(ctx, "INSERT INTO member_roles (community_id, user_id, role, granted_at) VALUES (?, ?, ?, ?)",
			communityID, userID, r, t.now()); err != nil {
			return err
		}
	}
	return nil
}

// Join makes a person a member of a community, active at once or as an
// application that waits. A declined applicant may apply again; anyone
// already active or waiting gets a conflict that says so.
func (s *Store) Join(ctx context.Context, communityID, userID string, status commons.MembershipStatus, application string, answers []string) error {
	answersJSON := ""
	if len(answers) > 0 {
		b, err := json.Marshal(answers)
		if err != nil {
			return commons.Internal(err)
		}
		answersJSON = string(b)
	}
	return s.inTx(ctx, func(t tx) error {
		var current commons.MembershipStatus
		err := t.queryRow(ctx, "SELECT status FROM members WHERE community_id = ? AND user_id = ?", communityID, userID).Scan(&current)
		switch {
		case err == nil && current == commons.MemberActive:
			return commons.Errorf(commons.CodeConflict, "error.already_member")
		case err == nil && current == commons.MemberPending:
			return commons.Errorf(commons.CodeConflict, "error.application_waiting")
		case err == nil: // declined before: apply afresh
			if _, err := t.exec(ctx, `UPDATE members SET status = ?, application = ?, answers = ?, joined_at = ?, decided_by = NULL,
				decided_at = NULL WHERE community_id = ? AND user_id = ?`, status, application, answersJSON, s.now(), communityID, userID); err != nil {
				return err
			}
			_, err := t.exec(ctx, "DELETE FROM application_comments WHERE community_id = ? AND applicant_id = ?", communityID, userID)
			return err
		case commons.CodeOf(s.classify(err)) != commons.CodeNotFound:
			return err
		}
		if err := insertMember(ctx, t, communityID, userID, status, application, nil); err != nil {
			return err
		}
		_, err = t.exec(ctx, "UPDATE members SET answers = ? WHERE community_id = ? AND user_id = ?", answersJSON, communityID, userID)
		return err
	})
}

// CommentOnApplication adds a member's remark to a waiting application.
func (s *Store) CommentOnApplication(ctx context.Context, communityID, applicantID, authorID, body string) error {
	return s.inTx(ctx, func(t tx) error {
		var status commons.MembershipStatus
		if err := t.queryRow(ctx, "SELECT status FROM members WHERE community_id = ? AND user_id = ?", communityID, applicantID).Scan(&status); err != nil {
			return err
		}
		if status != commons.MemberPending {
			return commons.Errorf(commons.CodeConflict, "error.no_application")
		}
		if _, err := t.exec(ctx, "INSERT INTO application_comments (community_id, applicant_id, id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			communityID, applicantID, newID(), authorID, body, s.now()); err != nil {
			return err
		}
		var name string
		if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", applicantID).Scan(&name); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, authorID, "application.commented", name)
	})
}

// fillComments loads the comments on several applications in one query.
func (s *Store) fillComments(ctx context.Context, communityID string, ms []commons.Member) error {
	if len(ms) == 0 {
		return nil
	}
	byUser := map[string]*commons.Member{}
	args := []any{communityID}
	for i := range ms {
		byUser[ms[i].UserID] = &ms[i]
		args = append(args, ms[i].UserID)
	}
	rows, err := s.query(ctx, `SELECT c.applicant_id, COALESCE(c.author_id, ''), COALESCE(u.name, ''), c.body, c.created_at
		FROM application_comments c LEFT JOIN users u ON u.id = c.author_id
		WHERE c.community_id = ? AND c.applicant_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ms)), ",")+`) ORDER BY c.created_at`, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid string
		var c commons.ApplicationComment
		if err := rows.Scan(&uid, &c.AuthorID, &c.AuthorName, &c.Body, &c.At); err != nil {
			return s.classify(err)
		}
		byUser[uid].Comments = append(byUser[uid].Comments, c)
	}
	return s.classify(rows.Err())
}

// DecideApplication admits or declines a waiting applicant. When two editors
// decide at once, the second finds nothing waiting and gets a conflict.
func (s *Store) DecideApplication(ctx context.Context, communityID, userID string, admit bool, actorID string) error {
	status, action := commons.MemberDeclined, "application.declined"
	if admit {
		status, action = commons.MemberActive, "application.admitted"
	}
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE members SET status = ?, decided_by = ?, decided_at = ?
			WHERE community_id = ? AND user_id = ? AND status = 'pending'`, status, actorID, s.now(), communityID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.no_application")
		}
		var name string
		if err := t.queryRow(ctx, "SELECT name FROM users WHERE id = ?", userID).Scan(&name); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, action, name)
	})
}

// Member returns a person's membership with roles and trust received.
func (s *Store) Member(ctx context.Context, communityID, userID string) (commons.Member, error) {
	var m commons.Member
	var answers string
	err := s.queryRow(ctx, `SELECT m.community_id, m.user_id, u.name, m.status, m.application, m.answers, m.joined_at, m.public_profile, m.moderation
		FROM members m JOIN users u ON u.id = m.user_id WHERE m.community_id = ? AND m.user_id = ?`, communityID, userID).
		Scan(&m.CommunityID, &m.UserID, &m.Name, &m.Status, &m.Application, &answers, &m.JoinedAt, &m.Public, &m.Moderation)
	if err != nil {
		return m, s.classify(err)
	}
	if answers != "" {
		if err := json.Unmarshal([]byte(answers), &m.Answers); err != nil {
			return m, commons.Internal(err)
		}
	}
	if err := s.fillRoles(ctx, communityID, []*commons.Member{&m}); err != nil {
		return m, err
	}
	return m, nil
}

// fillRoles gives several members their roles and the trust they receive,
// in one query whatever their number: the grants, the trust from members
// still active, and the community's threshold, as rows of one union told
// apart by their first column. It runs on every signed-in page (the
// scope's membership), so one statement instead of three counts.
func (s *Store) fillRoles(ctx context.Context, communityID string, ms []*commons.Member) error {
	if len(ms) == 0 {
		return nil
	}
	byUser := make(map[string]*commons.Member, len(ms))
	ids := make([]any, 0, len(ms))
	for _, m := range ms {
		byUser[m.UserID] = m
		m.TrustReceived = map[commons.Role]int{}
		ids = append(ids, m.UserID)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(ms)), ",")
	args := append([]any{communityID}, ids...)
	args = append(args, communityID)
	args = append(args, ids...)
	args = append(args, communityID, s.now().Add(-24*time.Hour), communityID)
	// The established members are counted only where the community has no
	// threshold of its own (the CASE evaluates its subquery on demand).
	rows, err := s.query(ctx, `SELECT 0, user_id, role, 0 FROM member_roles WHERE community_id = ? AND user_id IN (`+in+`)
		UNION ALL
		SELECT 1, t.receiver_id, t.role, COUNT(*) FROM role_trust t
		JOIN members g ON g.community_id = t.community_id AND g.user_id = t.giver_id AND g.status = 'active'
		WHERE t.community_id = ? AND t.receiver_id IN (`+in+`) GROUP BY t.receiver_id, t.role
		UNION ALL
		SELECT 2, '', '', CASE WHEN c.trust_threshold IS NULL THEN -1 - (SELECT COUNT(*) FROM members
			WHERE community_id = ? AND status = 'active' AND joined_at < ?) ELSE c.trust_threshold END
		FROM communities c WHERE c.id = ?`, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	granted := map[string][]commons.Role{}
	threshold, found := 0, false
	for rows.Next() {
		var part, n int
		var uid string
		var r commons.Role
		if err := rows.Scan(&part, &uid, &r, &n); err != nil {
			return s.classify(err)
		}
		switch part {
		case 0:
			granted[uid] = append(granted[uid], r)
		case 1:
			byUser[uid].TrustReceived[r] = n
		case 2:
			threshold, found = n, true
			if n < 0 { // no setting of its own: -1 - the established members
				threshold = commons.DefaultTrustThreshold(-1 - n)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return s.classify(err)
	}
	if !found {
		return commons.NotFound()
	}
	for _, m := range ms {
		m.Threshold = threshold
		m.Roles = commons.RolesFrom(granted[m.UserID], m.TrustReceived, threshold)
	}
	return nil
}

// TrustThreshold is how many members must vouch for a role in a community:
// its own setting, or the default from its number of established members.
func (s *Store) TrustThreshold(ctx context.Context, communityID string) (int, error) {
	var own sql.NullInt64
	if err := s.queryRow(ctx, "SELECT trust_threshold FROM communities WHERE id = ?", communityID).Scan(&own); err != nil {
		return 0, s.classify(err)
	}
	if own.Valid {
		return int(own.Int64), nil
	}
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE community_id = ? AND status = 'active' AND joined_at < ?",
		communityID, s.now().Add(-24*time.Hour)).Scan(&n)
	return commons.DefaultTrustThreshold(n), s.classify(err)
}

// Members lists a community's members of one status, one page at a time,
// in the stable order of their account ids.
func (s *Store) Members(ctx context.Context, communityID string, status commons.MembershipStatus, p commons.Page) ([]commons.Member, string, error) {
	return s.members(ctx, communityID, status, false, p)
}

// PublicMembers lists a community's active members who chose a public
// profile there, as Members does.
func (s *Store) PublicMembers(ctx context.Context, communityID string, p commons.Page) ([]commons.Member, string, error) {
	return s.members(ctx, communityID, commons.MemberActive, true, p)
}

func (s *Store) members(ctx context.Context, communityID string, status commons.MembershipStatus, publicOnly bool, p commons.Page) ([]commons.Member, string, error) {
	_, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := `SELECT m.community_id, m.user_id, u.name, m.status, m.application, m.answers, m.joined_at, m.public_profile
		FROM members m JOIN users u ON u.id = m.user_id WHERE m.community_id = ? AND m.status = ?`
	args := []any{communityID, status}
	if publicOnly {
		q += " AND m.public_profile"
	}
	if afterID != "" {
		q += " AND m.user_id > ?"
		args = append(args, afterID)
	}
	q += " ORDER BY m.user_id LIMIT ?"
	args = append(args, limit+1)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, "", s.classify(err)
	}
	var out []commons.Member
	for rows.Next() {
		var m commons.Member
		var answers string
		if err := rows.Scan(&m.CommunityID, &m.UserID, &m.Name, &m.Status, &m.Application, &answers, &m.JoinedAt, &m.Public); err != nil {
			rows.Close()
			return nil, "", s.classify(err)
		}
		if answers != "" {
			if err := json.Unmarshal([]byte(answers), &m.Answers); err != nil {
				rows.Close()
				return nil, "", commons.Internal(err)
			}
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", s.classify(err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor("", out[limit-1].UserID)
	}
	ptrs := make([]*commons.Member, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if status == commons.MemberPending {
		if err := s.fillComments(ctx, communityID, out); err != nil {
			return nil, "", err
		}
	}
	return out, next, s.fillRoles(ctx, communityID, ptrs)
}

// Memberships lists the communities a person belongs to or has applied to.
func (s *Store) Memberships(ctx context.Context, userID string) ([]commons.Community, []commons.MembershipStatus, error) {
	rows, err := s.query(ctx, "SELECT "+communityColumns+", m.status FROM members m JOIN communities c ON c.id = m.community_id "+
		"WHERE m.user_id = ? AND m.status <> 'declined' ORDER BY c.sort_key, c.id", userID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var cs []commons.Community
	var st []commons.MembershipStatus
	for rows.Next() {
		var status commons.MembershipStatus
		c, err := scanCommunity(rows, &status)
		if err != nil {
			return nil, nil, s.classify(err)
		}
		cs = append(cs, c)
		st = append(st, status)
	}
	return cs, st, s.classify(rows.Err())
}
