package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// MessageToReport returns one message of a conversation with the ids of
// the conversation's people; not found for a message not in it.
func (s *Store) MessageToReport(ctx context.Context, conversationID, messageID string) (commons.DirectMessage, []string, error) {
	var m commons.DirectMessage
	if !cleanText(conversationID) || !cleanText(messageID) {
		return m, nil, commons.NotFound()
	}
	err := s.queryRow(ctx, `SELECT m.id, m.conversation_id, COALESCE(m.author_id, ''), COALESCE(u.name, ''), m.body, m.created_at, m.moderation
		FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.conversation_id = ? AND m.id = ?`, conversationID, messageID).
		Scan(&m.ID, &m.ConversationID, &m.AuthorID, &m.AuthorName, &m.Body, &m.CreatedAt, &m.Moderation)
	if err != nil {
		return m, nil, s.classify(err)
	}
	rows, err := s.query(ctx, "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY user_id", conversationID)
	if err != nil {
		return m, nil, s.classify(err)
	}
	defer rows.Close()
	var people []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return m, nil, s.classify(err)
		}
		people = append(people, id)
	}
	return m, people, s.classify(rows.Err())
}

// SharedCommunities lists, for each of the others, the communities where
// they and the person are both active members, by name: where a message
// of theirs can be reported. One query.
func (s *Store) SharedCommunities(ctx context.Context, userID string, others []string) (map[string][]commons.Community, error) {
	out := map[string][]commons.Community{}
	if len(others) == 0 {
		return out, nil
	}
	args := []any{userID}
	for _, o := range others {
		args = append(args, o)
	}
	rows, err := s.query(ctx, `SELECT `+communityColumns+`, y.user_id FROM members x JOIN members y ON y.community_id = x.community_id
		JOIN communities c ON c.id = x.community_id
		WHERE x.user_id = ? AND x.status = 'active' AND y.status = 'active' AND y.user_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(others)), ",")+`)
		ORDER BY c.name, c.id`, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		c, err := scanCommunity(rows, &other)
		if err != nil {
			return nil, s.classify(err)
		}
		out[other] = append(out[other], c)
	}
	return out, s.classify(rows.Err())
}

// ReportMessage records a participant's report of a direct message with
// the copy of it the caller made (f.Quote) and, unless the community has
// an open review of it, opens one and tells its author — in one
// transaction. The message stays shown until the review decides. A
// person's second report of a message, to any community, is a conflict.
func (s *Store) ReportMessage(ctx context.Context, communityID string, f NewFlag) error {
	if f.Quote == nil || f.SubjectType != commons.SubjectMessage {
		return commons.Errorf(commons.CodeInvalid, "error.invalid")
	}
	quote, err := json.Marshal(f.Quote)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "flags "+f.SubjectID); err != nil {
			return err
		}
		var one int
		err := t.queryRow(ctx, "SELECT 1 FROM flags WHERE flagger_id = ? AND subject_type = ? AND subject_id = ? LIMIT 1",
			f.FlaggerID, f.SubjectType, f.SubjectID).Scan(&one)
		if err == nil {
			return commons.Errorf(commons.CodeConflict, "error.flag.twice")
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := s.insertFlag(ctx, t, communityID, f, string(quote)); err != nil {
			return err
		}
		// The record says that a message was reported, not whose nor by
		// whom: it is every member's, the message was private.
		if err := logAct(ctx, t, communityID, "", "message.reported", ""); err != nil {
			return err
		}
		err = t.queryRow(ctx, `SELECT 1 FROM reviews WHERE community_id = ? AND subject_type = ? AND subject_id = ? AND decided_at IS NULL`,
			communityID, f.SubjectType, f.SubjectID).Scan(&one)
		if err == nil {
			return nil // the report joins the open review
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return s.openReview(ctx, t, communityID, f)
	})
}

// quoteOf reads a flag's copy of a message; nil when it has none.
func quoteOf(s string) *commons.MessageQuote {
	if s == "" {
		return nil
	}
	var q commons.MessageQuote
	if json.Unmarshal([]byte(s), &q) != nil {
		return nil
	}
	return &q
}

// moderated is the statement that sets where a flaggable thing stands,
// with its arguments: a community's thing by its key, a personal one (a
// message) by its id alone.
func moderated(st commons.SubjectType, communityID, id string, state commons.Moderation) (string, []any, error) {
	s, err := commons.SubjectOf(st)
	if err == nil && !s.Flaggable {
		err = commons.Errorf(commons.CodeInvalid, "error.invalid")
	}
	if err != nil {
		return "", nil, err
	}
	if s.Personal {
		return "UPDATE " + s.Table + " SET moderation = ? WHERE " + s.Key() + " = ?", []any{state, id}, nil
	}
	return "UPDATE " + s.Table + " SET moderation = ? WHERE community_id = ? AND " + s.Key() + " = ?", []any{state, communityID, id}, nil
}

// personal reports whether a kind belongs to people, not a community.
func personal(st commons.SubjectType) bool {
	return slices.Contains(commons.SubjectTypes(func(s commons.Subject) bool { return s.Personal }), st)
}
