package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// NewIntent is an offer or request to save, with the flood limit it counts
// against (the same one as posts and messages).
type NewIntent struct {
	CommunityID string
	Fields      commons.IntentFields
	CreatedBy   string
	Flood       Flood
}

// checkIntentFlood refuses an intent when its author posted as many as the
// flood limit allows within its window; locked per author as posts are.
func checkIntentFlood(ctx context.Context, t tx, authorID string, f Flood, at time.Time) error {
	if f.Posts <= 0 {
		return nil
	}
	if err := t.d.lockKey(ctx, t, "posting "+authorID); err != nil {
		return err
	}
	since := at.Add(-f.Window)
	var oldest time.Time
	var n int
	rows, err := t.query(ctx, "SELECT created_at FROM intents WHERE created_by = ? AND created_at > ? ORDER BY created_at", authorID, since)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c time.Time
		if err := rows.Scan(&c); err != nil {
			return err
		}
		if n == 0 {
			oldest = c
		}
		n++
	}
	if err := rows.Err(); err != nil || n < f.Posts {
		return err
	}
	wait := max(oldest.Add(f.Window).Sub(at), time.Second)
	e := commons.Errorf(commons.CodeRateLimited, "error.post.flood", "Seconds", int(wait.Seconds()+0.999))
	e.RetryAfter = wait
	return e
}

func intentSearchText(f commons.IntentFields) string {
	return searchText(f.Title, f.Description, strings.Join(f.Themes, "\n"))
}

// CreateIntent saves an offer or request, owned by an organization or,
// when Fields.OwnerOrgID is empty, by the person who posts it.
func (s *Store) CreateIntent(ctx context.Context, n NewIntent) (commons.Intent, error) {
	id, at := newID(), s.now()
	f := n.Fields
	var ownerOrg, ownerUser any = nil, n.CreatedBy
	if f.OwnerOrgID != "" {
		ownerOrg, ownerUser = f.OwnerOrgID, nil
	}
	err := s.inTx(ctx, func(t tx) error {
		if err := checkIntentFlood(ctx, t, n.CreatedBy, n.Flood, at); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO intents (community_id, id, direction, kind, title, description, themes, languages, quantity,
			online, place, latitude, longitude, starts_at, ends_at, visibility, owner_org_id, owner_user_id, status, search_text,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
			n.CommunityID, id, f.Direction, f.Kind, f.Title, f.Description, featureList(f.Themes), featureList(f.Languages), f.Quantity,
			f.Online, f.Place, nullable(f.Latitude), nullable(f.Longitude), utcPtr(f.From), utcPtr(f.Until), f.Visibility,
			ownerOrg, ownerUser, intentSearchText(f), n.CreatedBy, at, at)
		if err != nil {
			return err
		}
		return logAct(ctx, t, n.CommunityID, n.CreatedBy, "intent.create", f.Title)
	})
	if err != nil {
		return commons.Intent{}, s.classify(err)
	}
	return s.IntentByID(ctx, id)
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// UpdateIntent replaces an intent's fields; its owner stays.
func (s *Store) UpdateIntent(ctx context.Context, i commons.Intent, f commons.IntentFields, actorID string) (commons.Intent, error) {
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `UPDATE intents SET kind = ?, title = ?, description = ?, themes = ?, languages = ?, quantity = ?,
			online = ?, place = ?, latitude = ?, longitude = ?, starts_at = ?, ends_at = ?, visibility = ?, search_text = ?, updated_at = ?
			WHERE community_id = ? AND id = ?`, f.Kind, f.Title, f.Description, featureList(f.Themes), featureList(f.Languages), f.Quantity,
			f.Online, f.Place, nullable(f.Latitude), nullable(f.Longitude), utcPtr(f.From), utcPtr(f.Until), f.Visibility,
			intentSearchText(f), t.now(), i.CommunityID, i.ID)
		if err != nil {
			return err
		}
		return logAct(ctx, t, i.CommunityID, actorID, "intent.update", f.Title)
	})
	if err != nil {
		return i, s.classify(err)
	}
	return s.IntentByID(ctx, i.ID)
}

// SetIntentStatus moves an intent to fulfilled or withdrawn, only from a
// live status (from); a second request finds it moved and is a conflict.
func (s *Store) SetIntentStatus(ctx context.Context, i commons.Intent, to commons.IntentStatus, actorID string) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE intents SET status = ?, updated_at = ? WHERE community_id = ? AND id = ? AND status IN ('open', 'answered')`,
			to, t.now(), i.CommunityID, i.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.intent.closed")
		}
		if to == commons.IntentFulfilled {
			if err := recordOutcome(ctx, t, i.CommunityID, "answer", commons.MatchFulfilled, i.ID); err != nil {
				return err
			}
		}
		return logAct(ctx, t, i.CommunityID, actorID, "intent."+string(to), i.Title)
	}))
}

// AnswerIntent records a person's answer and marks the intent answered;
// answering again replaces the note. The owner's notices are written with it.
func (s *Store) AnswerIntent(ctx context.Context, i commons.Intent, a commons.IntentAnswer, notes []commons.Notification) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE intents SET status = 'answered', updated_at = ? WHERE community_id = ? AND id = ? AND status IN ('open', 'answered')`,
			t.now(), i.CommunityID, i.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.intent.closed")
		}
		if _, err := t.exec(ctx, "DELETE FROM intent_answers WHERE community_id = ? AND intent_id = ? AND user_id = ?",
			i.CommunityID, i.ID, a.UserID); err != nil {
			return err
		}
		var org any
		if a.OrgID != "" {
			org = a.OrgID
		}
		if _, err := t.exec(ctx, `INSERT INTO intent_answers (community_id, intent_id, user_id, org_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			i.CommunityID, i.ID, a.UserID, org, a.Note, t.now()); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return logAct(ctx, t, i.CommunityID, a.UserID, "intent.answer", i.Title)
	}))
}

const intentColumns = `i.id, i.community_id, i.direction, i.kind, i.title, i.description, i.themes, i.languages, i.quantity, i.online,
	i.place, i.latitude, i.longitude, i.starts_at, i.ends_at, i.visibility, COALESCE(i.owner_org_id, ''), COALESCE(i.owner_user_id, ''),
	COALESCE(o.name, u.name, ''), COALESCE(o.sector, ''), i.status, COALESCE(i.created_by, ''), i.created_at, i.updated_at`

var intentFrom = ` FROM ` + shown(commons.SubjectIntent, "i") + ` LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.owner_org_id
	LEFT JOIN users u ON u.id = i.owner_user_id`

func scanIntent(row interface{ Scan(...any) error }, extra ...any) (commons.Intent, error) {
	var i commons.Intent
	var themes, langs string
	var lat, lng sql.NullFloat64
	var from, until sql.NullTime
	err := row.Scan(append([]any{&i.ID, &i.CommunityID, &i.Direction, &i.Kind, &i.Title, &i.Description, &themes, &langs, &i.Quantity,
		&i.Online, &i.Place, &lat, &lng, &from, &until, &i.Visibility, &i.OwnerOrgID, &i.OwnerUserID, &i.OwnerName, &i.OwnerSector,
		&i.Status, &i.CreatedBy, &i.CreatedAt, &i.UpdatedAt}, extra...)...)
	i.Themes, i.Languages = lines(themes), lines(langs)
	if lat.Valid && lng.Valid {
		i.Latitude, i.Longitude = &lat.Float64, &lng.Float64
	}
	if from.Valid {
		t := from.Time.UTC()
		i.From = &t
	}
	if until.Valid {
		t := until.Time.UTC()
		i.Until = &t
	}
	return i, err
}

// IntentByID returns an offer or request with its answers.
func (s *Store) IntentByID(ctx context.Context, id string) (commons.Intent, error) {
	i, err := scanIntent(s.queryRow(ctx, "SELECT "+intentColumns+intentFrom+" WHERE i.id = ?", id))
	if err != nil {
		return i, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT a.user_id, u.name, COALESCE(a.org_id, ''), COALESCE(o.name, ''), a.note, a.created_at
		FROM intent_answers a JOIN users u ON u.id = a.user_id
		LEFT JOIN organizations o ON o.community_id = a.community_id AND o.id = a.org_id
		WHERE a.community_id = ? AND a.intent_id = ? ORDER BY a.created_at, a.user_id`, i.CommunityID, i.ID)
	if err != nil {
		return i, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a commons.IntentAnswer
		if err := rows.Scan(&a.UserID, &a.Name, &a.OrgID, &a.OrgName, &a.Note, &a.CreatedAt); err != nil {
			return i, s.classify(err)
		}
		i.Answers = append(i.Answers, a)
	}
	return i, s.classify(rows.Err())
}

// IntentQuery selects intents: the filter, and what the reader may see.
type IntentQuery struct {
	CommunityID string
	Filter      commons.IntentFilter
	// PublicOnly leaves out those only members may read.
	PublicOnly bool
	Now        time.Time
}

// Intents lists a community's offers and requests, newest first, a page
// at a time.
func (s *Store) Intents(ctx context.Context, q IntentQuery) ([]commons.Intent, string, error) {
	f := q.Filter
	key, id, err := decodeCursor(f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	query := "SELECT " + intentColumns + intentFrom + " WHERE i.community_id = ?"
	args := []any{q.CommunityID}
	switch f.Status {
	case "":
		query += " AND i.status IN ('open', 'answered') AND (i.ends_at IS NULL OR i.ends_at > ?)"
		args = append(args, q.Now)
	case commons.IntentExpired:
		query += " AND i.status IN ('open', 'answered') AND i.ends_at <= ?"
		args = append(args, q.Now)
	case commons.IntentOpen, commons.IntentAnswered:
		query += " AND i.status = ? AND (i.ends_at IS NULL OR i.ends_at > ?)"
		args = append(args, f.Status, q.Now)
	default:
		query += " AND i.status = ?"
		args = append(args, f.Status)
	}
	if f.Direction != "" {
		query += " AND i.direction = ?"
		args = append(args, f.Direction)
	}
	if f.Kind != "" {
		query += " AND i.kind = ?"
		args = append(args, f.Kind)
	}
	if f.OwnerOrgID != "" {
		query += " AND i.owner_org_id = ?"
		args = append(args, f.OwnerOrgID)
	}
	if q.PublicOnly {
		query += " AND i.visibility = 'public'"
	}
	for _, w := range likeWords(f.Q) {
		query += ` AND i.search_text LIKE ? ESCAPE '\'`
		args = append(args, w)
	}
	if id != "" {
		at, err := time.Parse(time.RFC3339Nano, key)
		if err != nil {
			return nil, "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
		}
		query += " AND (i.created_at < ? OR (i.created_at = ? AND i.id < ?))"
		args = append(args, at, at, id)
	}
	limit := pageLimit(f.Page)
	query += " ORDER BY i.created_at DESC, i.id DESC LIMIT ?"
	args = append(args, limit+1)
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, "", s.classify(err)
	}
	defer rows.Close()
	var out []commons.Intent
	for rows.Next() {
		i, err := scanIntent(rows)
		if err != nil {
			return nil, "", s.classify(err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.classify(err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(last.CreatedAt.UTC().Format(time.RFC3339Nano), last.ID)
	}
	return out, next, nil
}
