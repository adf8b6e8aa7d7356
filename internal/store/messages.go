package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// NewMessage is a direct message to send: into a conversation, or to
// people (a new conversation, or the one two people already share).
type NewMessage struct {
	ConversationID string
	To             []string // when ConversationID is empty: the others, not the author
	AuthorID       string
	AuthorName     string
	Body           string
	Flood          Flood
	// Notify decides whom to tell of the message (the use case's
	// decision), given the conversation and its other members; the store
	// writes it in the message's transaction.
	Notify func(conversationID string, others []string) []commons.Notification
}

// SendMessage adds a direct message and tells the conversation's other
// members, in one transaction. A one-to-one message joins the
// conversation the two already have. Anyone in the conversation who has
// blocked the author makes it forbidden. It returns the conversation's and
// the message's ids.
func (s *Store) SendMessage(ctx context.Context, m NewMessage) (string, string, error) {
	convID, msgID := m.ConversationID, newID()
	err := s.inTx(ctx, func(t tx) error {
		at := s.now()
		if err := checkFlood(ctx, t, m.AuthorID, m.Flood, at); err != nil {
			return err
		}
		var others []string
		if convID != "" {
			ids, err := userIDs(ctx, t, "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY user_id", convID)
			if err != nil {
				return err
			}
			if !slices.Contains(ids, m.AuthorID) {
				return commons.NotFound()
			}
			others = slices.DeleteFunc(ids, func(id string) bool { return id == m.AuthorID })
		} else {
			others = m.To
		}
		blocked, err := blockedBy(ctx, t, m.AuthorID, others)
		if err != nil {
			return err
		}
		if blocked {
			return commons.Errorf(commons.CodeForbidden, "error.message.blocked")
		}
		if convID == "" {
			if convID, err = openConversation(ctx, t, m.AuthorID, m.To, at); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "INSERT INTO messages (conversation_id, id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
			convID, msgID, m.AuthorID, m.Body, at); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE conversations SET last_message_at = ? WHERE id = ?", at, convID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE conversation_members SET last_read_at = ? WHERE conversation_id = ? AND user_id = ?",
			at, convID, m.AuthorID); err != nil {
			return err
		}
		if m.Notify == nil {
			return nil
		}
		for _, n := range m.Notify(convID, others) {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return convID, msgID, err
}

// openConversation finds the one-to-one conversation of two people or
// starts one; a group always gets a new conversation.
func openConversation(ctx context.Context, t tx, authorID string, to []string, at time.Time) (string, error) {
	var pair any
	if len(to) == 1 {
		ids := []string{authorID, to[0]}
		slices.Sort(ids)
		key := strings.Join(ids, " ")
		if err := t.d.lockKey(ctx, t, "pair "+key); err != nil {
			return "", err
		}
		var id string
		err := t.queryRow(ctx, "SELECT id FROM conversations WHERE pair_key = ?", key).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
		pair = key
	}
	id := newID()
	if _, err := t.exec(ctx, "INSERT INTO conversations (id, pair_key, created_at, last_message_at) VALUES (?, ?, ?, ?)", id, pair, at, at); err != nil {
		return "", err
	}
	for _, u := range append([]string{authorID}, to...) {
		if _, err := t.exec(ctx, "INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?)", id, u); err != nil {
			return "", err
		}
	}
	return id, nil
}

// blockedBy reports whether any of the people has blocked the author.
func blockedBy(ctx context.Context, t tx, authorID string, people []string) (bool, error) {
	blockers, err := userIDs(ctx, t, "SELECT blocker_id FROM blocks WHERE blocked_id = ?", authorID)
	if err != nil {
		return false, err
	}
	for _, p := range people {
		if slices.Contains(blockers, p) {
			return true, nil
		}
	}
	return false, nil
}

// SharesCommunity reports whether two people are active members of one
// community: only then may one message the other.
func (s *Store) SharesCommunity(ctx context.Context, a, b string) (bool, error) {
	var one int
	err := s.queryRow(ctx, `SELECT 1 FROM members x JOIN members y ON y.community_id = x.community_id
		WHERE x.user_id = ? AND y.user_id = ? AND x.status = 'active' AND y.status = 'active' LIMIT 1`, a, b).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, s.classify(err)
}

// conversationMembers fills in the people of conversations.
func (s *Store) conversationMembers(ctx context.Context, cs []*commons.Conversation) error {
	for _, c := range cs {
		rows, err := s.query(ctx, `SELECT u.id, u.name FROM conversation_members cm JOIN users u ON u.id = cm.user_id
			WHERE cm.conversation_id = ? ORDER BY u.name, u.id`, c.ID)
		if err != nil {
			return s.classify(err)
		}
		for rows.Next() {
			var m commons.ConversationMember
			if err := rows.Scan(&m.UserID, &m.Name); err != nil {
				rows.Close()
				return s.classify(err)
			}
			c.Members = append(c.Members, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s.classify(err)
		}
	}
	return nil
}

// Conversations lists a person's conversations, the latest first, each
// marked unread when a message came after they last read it.
func (s *Store) Conversations(ctx context.Context, userID string, p commons.Page) ([]commons.Conversation, string, error) {
	afterKey, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := `SELECT c.id, c.last_message_at, cm.last_read_at FROM conversations c
		JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = ?`
	args := []any{userID}
	if afterID != "" {
		after, err := time.Parse(time.RFC3339Nano, afterKey)
		if err != nil {
			return nil, "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
		}
		q += " WHERE (c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))"
		args = append(args, after, after, afterID)
	}
	q += " ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?"
	args = append(args, limit+1)
	cs, next, err := keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Conversation, string, error) {
		var c commons.Conversation
		var read sql.NullTime
		err := row.Scan(&c.ID, &c.LastMessageAt, &read)
		c.Unread = !read.Valid || read.Time.Before(c.LastMessageAt)
		*key = c.LastMessageAt.UTC().Format(time.RFC3339Nano)
		return c, c.ID, err
	})
	if err != nil {
		return nil, "", err
	}
	ptrs := make([]*commons.Conversation, len(cs))
	for i := range cs {
		ptrs[i] = &cs[i]
	}
	if err := s.conversationMembers(ctx, ptrs); err != nil {
		return nil, "", err
	}
	return cs, next, s.lastMessages(ctx, cs)
}

// lastMessages fills in each conversation's latest message, in one query.
func (s *Store) lastMessages(ctx context.Context, cs []commons.Conversation) error {
	if len(cs) == 0 {
		return nil
	}
	at := map[string]int{}
	args := make([]any, len(cs))
	for i, c := range cs {
		at[c.ID], args[i] = i, c.ID
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(cs)), ",")
	rows, err := s.query(ctx, `SELECT m.id, m.conversation_id, COALESCE(m.author_id, ''), COALESCE(u.name, ''), m.body, m.created_at, m.moderation
		FROM (SELECT conversation_id, MAX(id) AS id FROM messages WHERE conversation_id IN (`+in+`) GROUP BY conversation_id) l
		JOIN messages m ON m.conversation_id = l.conversation_id AND m.id = l.id
		LEFT JOIN users u ON u.id = m.author_id`, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m commons.DirectMessage
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.AuthorID, &m.AuthorName, &m.Body, &m.CreatedAt, &m.Moderation); err != nil {
			return s.classify(err)
		}
		if i, ok := at[m.ConversationID]; ok {
			cs[i].Last = m
		}
	}
	return s.classify(rows.Err())
}

// Conversation returns one of a person's conversations with its latest
// messages, oldest first, and marks it read; not found for anyone outside.
func (s *Store) Conversation(ctx context.Context, id, userID string, last int) (commons.Conversation, error) {
	var c commons.Conversation
	if !cleanText(id) {
		return c, commons.NotFound()
	}
	err := s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE conversation_members SET last_read_at = ? WHERE conversation_id = ? AND user_id = ?", s.now(), id, userID)
		return mustAffect(res, err)
	})
	if err != nil {
		return c, err
	}
	if err := s.queryRow(ctx, "SELECT id, last_message_at FROM conversations WHERE id = ?", id).Scan(&c.ID, &c.LastMessageAt); err != nil {
		return c, s.classify(err)
	}
	if err := s.conversationMembers(ctx, []*commons.Conversation{&c}); err != nil {
		return c, err
	}
	rows, err := s.query(ctx, `SELECT m.id, m.conversation_id, COALESCE(m.author_id, ''), COALESCE(u.name, ''), m.body, m.created_at, m.moderation
		FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?`, id, last)
	if err != nil {
		return c, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m commons.DirectMessage
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.AuthorID, &m.AuthorName, &m.Body, &m.CreatedAt, &m.Moderation); err != nil {
			return c, s.classify(err)
		}
		c.Messages = append(c.Messages, m)
	}
	slices.Reverse(c.Messages)
	return c, s.classify(rows.Err())
}

// Block stops one person messaging another; blocking twice is no error.
func (s *Store) Block(ctx context.Context, blockerID, blockedID string) error {
	return s.inTx(ctx, func(t tx) error {
		var one int
		if err := t.queryRow(ctx, "SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerID, blockedID).Scan(&one); err == nil {
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err := t.exec(ctx, "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)", blockerID, blockedID, s.now())
		return err
	})
}

// Unblock lifts a block; lifting one that is not there is no error.
func (s *Store) Unblock(ctx context.Context, blockerID, blockedID string) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blockerID, blockedID)
		return err
	})
}

// Blocks lists the people a person has blocked.
func (s *Store) Blocks(ctx context.Context, blockerID string) ([]commons.ConversationMember, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.name FROM blocks b JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = ?
		ORDER BY u.name, u.id`, blockerID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.ConversationMember
	for rows.Next() {
		var m commons.ConversationMember
		if err := rows.Scan(&m.UserID, &m.Name); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, m)
	}
	return out, s.classify(rows.Err())
}

// CleanID reports whether an id from outside can be looked up at all.
func CleanID(id string) bool { return cleanText(id) && len(id) <= 100 }

// UserName returns a person's name.
func (s *Store) UserName(ctx context.Context, id string) (string, error) {
	var name string
	err := s.queryRow(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name)
	return name, s.classify(err)
}
