package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/commons-project/commons/internal/commons"
)

// notify adds a notification in the caller's transaction, so that it exists
// exactly when the act it reports does; with it, its mail is queued and
// every node is told, whatever the kind.
func notify(ctx context.Context, t tx, n commons.Notification) error {
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	var community any
	if n.CommunityID != "" {
		community = n.CommunityID
	}
	id, at := newID(), t.now()
	if _, err = t.exec(ctx, `INSERT INTO notifications (user_id, id, community_id, kind, args, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.UserID, id, community, n.Kind, string(args), n.Link, at); err != nil {
		return err
	}
	if err := enqueueMail(ctx, t, n.UserID, id, at); err != nil {
		return err
	}
	return t.d.announce(ctx, t, n.UserID)
}

// Notify saves notifications on their own, in one transaction.
func (s *Store) Notify(ctx context.Context, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// Notifications lists a person's notifications, newest first.
func (s *Store) Notifications(ctx context.Context, userID string, p commons.Page) ([]commons.Notification, string, error) {
	_, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := `SELECT id, user_id, COALESCE(community_id, ''), kind, args, link, created_at, read_at, '' FROM notifications WHERE user_id = ?`
	args := []any{userID}
	if afterID != "" {
		q += " AND id < ?"
		args = append(args, afterID)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Notification, string, error) {
		var n commons.Notification
		var raw string
		var read sql.NullTime
		if err := row.Scan(&n.ID, &n.UserID, &n.CommunityID, &n.Kind, &raw, &n.Link, &n.CreatedAt, &read, key); err != nil {
			return n, "", err
		}
		if read.Valid {
			n.ReadAt = &read.Time
		}
		return n, n.ID, json.Unmarshal([]byte(raw), &n.Args)
	})
}

// UnreadNotifications counts a person's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&n)
	return n, s.classify(err)
}

// MarkNotificationsRead marks all of a person's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", s.now(), userID)
		return err
	})
}
