package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Flood is the limit on how fast one person may post and send messages:
// at most Posts in any Window. It is counted in the database, so it holds
// however many nodes serve the site.
type Flood struct {
	Posts  int
	Window time.Duration
}

// checkFlood refuses a post or message when its author has written as many
// as the limit allows within the window, saying when a place frees up. It
// runs inside the write, locked per author, so that posts sent at once
// cannot slip past together.
func checkFlood(ctx context.Context, t tx, authorID string, f Flood, at time.Time) error {
	if f.Posts <= 0 {
		return nil
	}
	if err := t.d.lockKey(ctx, t, "posting "+authorID); err != nil {
		return err
	}
	since := at.Add(-f.Window)
	var n int
	if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM posts WHERE author_id = ? AND created_at > ?)
		+ (SELECT COUNT(*) FROM messages WHERE author_id = ? AND created_at > ?)`, authorID, since, authorID, since).Scan(&n); err != nil {
		return err
	}
	if n < f.Posts {
		return nil
	}
	// The oldest post or message in the window frees the next place. Plain
	// columns rather than MIN(): SQLite reports an aggregate's type as text.
	oldest := at
	for _, table := range []string{"posts", "messages"} {
		var c time.Time
		err := t.queryRow(ctx, "SELECT created_at FROM "+table+" WHERE author_id = ? AND created_at > ? ORDER BY created_at LIMIT 1",
			authorID, since).Scan(&c)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && c.Before(oldest) {
			oldest = c
		}
	}
	wait := max(oldest.Add(f.Window).Sub(at), time.Second)
	e := commons.Errorf(commons.CodeRateLimited, "error.post.flood", "Seconds", int(wait.Seconds()+0.999))
	e.RetryAfter = wait
	return e
}

// NewPost is a post to add, with what the caller worked out about it.
type NewPost struct {
	CommunityID string
	ThreadID    string
	AuthorID    string
	AuthorName  string
	ReplyTo     string
	Body        string
	// Link leads to the thread; for a thread's first post it ends in "/",
	// and the new thread's id is added. Notices of this thread not yet
	// read are found by it.
	Link  string
	Flood Flood
	// Notify decides, from what the transaction knows about the people
	// the post may concern, whom to tell (the use case's decision); the
	// store writes what it returns in the same transaction.
	Notify func(link string, f commons.PostFacts) []commons.Notification
}

// NewThread is a thread to start with its first post.
type NewThread struct {
	Title   string
	Subject *commons.ThreadSubject
	First   NewPost
}

// CreateThread starts a thread with its first post, in one transaction.
func (s *Store) CreateThread(ctx context.Context, n NewThread) (string, error) {
	id := newID()
	err := s.inTx(ctx, func(t tx) error {
		at := s.now()
		if err := checkFlood(ctx, t, n.First.AuthorID, n.First.Flood, at); err != nil {
			return err
		}
		var st, sid any
		if n.Subject != nil {
			st, sid = n.Subject.Type, n.Subject.ID
		}
		if _, err := t.exec(ctx, `INSERT INTO threads (community_id, id, title, author_id, subject_type, subject_id, created_at, last_post_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.First.CommunityID, id, n.Title, n.First.AuthorID, st, sid, at, at); err != nil {
			return err
		}
		p := n.First
		p.ThreadID, p.ReplyTo, p.Link = id, "", p.Link+id
		_, err := addPost(ctx, t, p, n.Title, at)
		return err
	})
	return id, err
}

// AddPost adds a post to a thread and tells whom it concerns, in one
// transaction: the members it mentions, the author of the post it answers,
// and the thread's other participants. Each person hears once, by the
// most specific reason, and never from someone they have blocked.
func (s *Store) AddPost(ctx context.Context, p NewPost) (string, error) {
	var id string
	err := s.inTx(ctx, func(t tx) error {
		at := s.now()
		if err := checkFlood(ctx, t, p.AuthorID, p.Flood, at); err != nil {
			return err
		}
		var title string
		if err := t.queryRow(ctx, "SELECT title FROM threads WHERE community_id = ? AND id = ?", p.CommunityID, p.ThreadID).Scan(&title); err != nil {
			return err
		}
		var err error
		id, err = addPost(ctx, t, p, title, at)
		return err
	})
	return id, err
}

func addPost(ctx context.Context, t tx, p NewPost, title string, at time.Time) (string, error) {
	var replyAuthor string
	var replyTo any
	if p.ReplyTo != "" {
		var author sql.NullString
		err := t.queryRow(ctx, "SELECT author_id FROM posts WHERE community_id = ? AND thread_id = ? AND id = ?",
			p.CommunityID, p.ThreadID, p.ReplyTo).Scan(&author)
		if errors.Is(err, sql.ErrNoRows) {
			return "", &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
				Fields: map[string]commons.Message{"reply_to": commons.Msg("error.post.reply_elsewhere")}}
		}
		if err != nil {
			return "", err
		}
		replyAuthor, replyTo = author.String, p.ReplyTo
	}
	id := newID()
	if _, err := t.exec(ctx, `INSERT INTO posts (community_id, id, thread_id, author_id, reply_to, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.CommunityID, id, p.ThreadID, p.AuthorID, replyTo, p.Body, at); err != nil {
		return "", err
	}
	if _, err := t.exec(ctx, "UPDATE threads SET last_post_at = ?, post_count = post_count + 1 WHERE community_id = ? AND id = ?",
		at, p.CommunityID, p.ThreadID); err != nil {
		return "", err
	}

	// Readers with the thread open see the post once it commits.
	if err := announceThread(ctx, t, p.ThreadID); err != nil {
		return "", err
	}

	// What the use case needs to decide who hears of the post, read in
	// the post's own transaction.
	facts := commons.PostFacts{PostID: id, ThreadTitle: title, ReplyAuthor: replyAuthor}
	var err error
	facts.Participants, err = userIDs(ctx, t, `SELECT DISTINCT p.author_id FROM posts p JOIN members m ON m.community_id = p.community_id
		AND m.user_id = p.author_id AND m.status = 'active' WHERE p.community_id = ? AND p.thread_id = ? AND p.author_id IS NOT NULL
		ORDER BY p.author_id`, p.CommunityID, p.ThreadID)
	if err != nil {
		return "", err
	}
	if len(facts.Participants) > 0 {
		args := []any{commons.NotifyThreadPost, likePrefix(p.Link) + "#%"}
		for _, u := range facts.Participants {
			args = append(args, u)
		}
		facts.Waiting, err = userIDs(ctx, t, `SELECT DISTINCT user_id FROM notifications WHERE kind = ? AND read_at IS NULL
			AND link LIKE ? ESCAPE '\' AND user_id IN (?`+strings.Repeat(", ?", len(facts.Participants)-1)+")", args...)
		if err != nil {
			return "", err
		}
	}
	if facts.Blockers, err = userIDs(ctx, t, "SELECT blocker_id FROM blocks WHERE blocked_id = ?", p.AuthorID); err != nil {
		return "", err
	}
	if facts.Muted, err = userIDs(ctx, t, "SELECT user_id FROM thread_mutes WHERE community_id = ? AND thread_id = ?",
		p.CommunityID, p.ThreadID); err != nil {
		return "", err
	}
	if p.Notify == nil {
		return id, nil
	}
	for _, n := range p.Notify(p.Link, facts) {
		if err := notify(ctx, t, n); err != nil {
			return "", err
		}
	}
	return id, nil
}

// userIDs runs a query of one column of ids.
func userIDs(ctx context.Context, t tx, q string, args ...any) ([]string, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

var threadColumns = `SELECT t.id, t.community_id, t.title, COALESCE(t.author_id, ''), COALESCE(u.name, ''), COALESCE(t.subject_type, ''),
	COALESCE(t.subject_id, ''), t.pinned, t.created_at, t.last_post_at, t.post_count FROM ` + shown(commons.SubjectThread, "t") + ` LEFT JOIN users u ON u.id = t.author_id`

func scanThread(row interface{ Scan(...any) error }, extra ...any) (commons.Thread, error) {
	var th commons.Thread
	var st, sid string
	err := row.Scan(append([]any{&th.ID, &th.CommunityID, &th.Title, &th.AuthorID, &th.AuthorName, &st, &sid, &th.Pinned,
		&th.CreatedAt, &th.LastPostAt, &th.PostCount}, extra...)...)
	if st != "" {
		th.Subject = &commons.ThreadSubject{Type: commons.SubjectType(st), ID: sid}
	}
	return th, err
}

// Thread returns a thread with every post, oldest first, and the name of
// its subject.
func (s *Store) Thread(ctx context.Context, id string) (commons.Thread, error) {
	if !cleanText(id) {
		return commons.Thread{}, commons.NotFound()
	}
	th, err := scanThread(s.queryRow(ctx, threadColumns+" WHERE t.id = ?", id))
	if err != nil {
		return th, s.classify(err)
	}
	if th.Subject != nil {
		name, err := s.SubjectName(ctx, th.CommunityID, th.Subject.Type, th.Subject.ID)
		if err != nil && commons.CodeOf(err) != commons.CodeNotFound {
			return th, err
		}
		th.Subject.Name = name
	}
	rows, err := s.query(ctx, `SELECT p.id, p.thread_id, COALESCE(p.author_id, ''), COALESCE(u.name, ''), COALESCE(p.reply_to, ''), p.body,
		p.created_at, p.edited_at, p.deleted_at FROM `+shown(commons.SubjectPost, "p")+` LEFT JOIN users u ON u.id = p.author_id
		WHERE p.community_id = ? AND p.thread_id = ? ORDER BY p.id`, th.CommunityID, th.ID)
	if err != nil {
		return th, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p commons.Post
		var edited, deleted sql.NullTime
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.AuthorID, &p.AuthorName, &p.ReplyTo, &p.Body, &p.CreatedAt, &edited, &deleted); err != nil {
			return th, s.classify(err)
		}
		if edited.Valid {
			p.EditedAt = &edited.Time
		}
		if deleted.Valid {
			p.Deleted, p.DeletedAt = true, &deleted.Time
		}
		th.Posts = append(th.Posts, p)
	}
	return th, s.classify(rows.Err())
}

// ThreadFilter narrows a community's threads.
type ThreadFilter struct {
	SubjectType commons.SubjectType
	SubjectID   string
	PinnedOnly  bool
}

// Threads lists a community's threads, the most recently active first.
func (s *Store) Threads(ctx context.Context, communityID string, f ThreadFilter, p commons.Page) ([]commons.Thread, string, error) {
	afterKey, afterID, err := decodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(p)
	q := threadColumns + " WHERE t.community_id = ?"
	args := []any{communityID}
	if f.SubjectType != "" {
		q += " AND t.subject_type = ? AND t.subject_id = ?"
		args = append(args, f.SubjectType, f.SubjectID)
	}
	if f.PinnedOnly {
		q += " AND t.pinned"
	}
	if afterID != "" {
		after, err := time.Parse(time.RFC3339Nano, afterKey)
		if err != nil {
			return nil, "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
		}
		q += " AND (t.last_post_at < ? OR (t.last_post_at = ? AND t.id < ?))"
		args = append(args, after, after, afterID)
	}
	q += " ORDER BY t.last_post_at DESC, t.id DESC LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Thread, string, error) {
		th, err := scanThread(row)
		*key = th.LastPostAt.UTC().Format(time.RFC3339Nano)
		return th, th.ID, err
	})
}

// Post returns one post and the community it belongs to.
func (s *Store) Post(ctx context.Context, id string) (commons.Post, string, error) {
	var p commons.Post
	var communityID string
	var edited sql.NullTime
	if !cleanText(id) {
		return p, "", commons.NotFound()
	}
	err := s.queryRow(ctx, `SELECT id, thread_id, community_id, COALESCE(author_id, ''), COALESCE(reply_to, ''), body, created_at,
		edited_at, deleted_at IS NOT NULL FROM posts WHERE id = ?`, id).
		Scan(&p.ID, &p.ThreadID, &communityID, &p.AuthorID, &p.ReplyTo, &p.Body, &p.CreatedAt, &edited, &p.Deleted)
	if edited.Valid {
		p.EditedAt = &edited.Time
	}
	return p, communityID, s.classify(err)
}

// EditPost changes a post's text, unless it was deleted meanwhile.
func (s *Store) EditPost(ctx context.Context, communityID, id, body string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE posts SET body = ?, edited_at = ? WHERE community_id = ? AND id = ? AND deleted_at IS NULL",
			body, s.now(), communityID, id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return announcePostThread(ctx, t, communityID, id)
	})
}

// DeletePost removes a post's text and keeps its place.
func (s *Store) DeletePost(ctx context.Context, communityID, id string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE posts SET body = '', deleted_at = ? WHERE community_id = ? AND id = ? AND deleted_at IS NULL",
			s.now(), communityID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // already deleted: nothing new to tell
		}
		return announcePostThread(ctx, t, communityID, id)
	})
}

// PinThread makes a thread an announcement on the community's home, or
// stops it being one, and puts that on the community's record.
func (s *Store) PinThread(ctx context.Context, communityID, id, actorID string, pinned bool) error {
	return s.inTx(ctx, func(t tx) error {
		var title string
		if err := t.queryRow(ctx, "SELECT title FROM threads WHERE community_id = ? AND id = ?", communityID, id).Scan(&title); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE threads SET pinned = ? WHERE community_id = ? AND id = ?", pinned, communityID, id); err != nil {
			return err
		}
		action := "thread.unpinned"
		if pinned {
			action = "thread.pinned"
		}
		return logAct(ctx, t, communityID, actorID, action, title)
	})
}

// ActiveMemberNames returns the id and name of every active member, for
// finding whom a post mentions.
func (s *Store) ActiveMemberNames(ctx context.Context, communityID string) ([]commons.ConversationMember, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.name FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = ? AND m.status = 'active'`, communityID)
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

// likePrefix escapes LIKE's wildcards in text that a pattern starts with.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ThreadTopic is the live topic on which a thread's open pages hear that
// its posts changed; it travels the notification channel beside user ids.
func ThreadTopic(threadID string) string { return "thread:" + threadID }

// announceThread tells every node, once the transaction commits, that a
// thread's posts changed.
func announceThread(ctx context.Context, t tx, threadID string) error {
	return t.d.announce(ctx, t, ThreadTopic(threadID))
}

// announcePostThread is announceThread for the thread of a post.
func announcePostThread(ctx context.Context, t tx, communityID, postID string) error {
	var threadID string
	if err := t.queryRow(ctx, "SELECT thread_id FROM posts WHERE community_id = ? AND id = ?", communityID, postID).Scan(&threadID); err != nil {
		return err
	}
	return announceThread(ctx, t, threadID)
}

// MuteThread stops (mute) or resumes a person's notifications of a
// thread; doing either twice changes nothing.
func (s *Store) MuteThread(ctx context.Context, communityID, threadID, userID string, mute bool) error {
	return s.inTx(ctx, func(t tx) error {
		var err error
		if mute {
			_, err = t.exec(ctx, `INSERT INTO thread_mutes (community_id, thread_id, user_id, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (community_id, thread_id, user_id) DO NOTHING`, communityID, threadID, userID, t.now())
		} else {
			_, err = t.exec(ctx, "DELETE FROM thread_mutes WHERE community_id = ? AND thread_id = ? AND user_id = ?", communityID, threadID, userID)
		}
		return err
	})
}

// ThreadMuted reports whether a person stopped a thread's notifications.
func (s *Store) ThreadMuted(ctx context.Context, communityID, threadID, userID string) (bool, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM thread_mutes WHERE community_id = ? AND thread_id = ? AND user_id = ?",
		communityID, threadID, userID).Scan(&n)
	return n > 0, s.classify(err)
}
