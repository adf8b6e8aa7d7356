package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// contentTable is the table of a flaggable subject type. The use case has
// checked the kind; an unknown one still fails here rather than touching
// another table.
func contentTable(st commons.SubjectType) (string, string, error) {
	s, err := commons.SubjectOf(st)
	if err == nil && (!s.Flaggable || s.Personal) {
		err = commons.Errorf(commons.CodeInvalid, "error.invalid")
	}
	return s.Table, s.Key(), err
}

// NewFlag is a member's report, with what the caller worked out about it.
type NewFlag struct {
	SubjectType       commons.SubjectType
	SubjectID         string
	SubjectName       string
	AuthorID          string // who is told, and may answer
	FlaggerID         string
	Reason            string
	AgreementsVersion int
	Counts            bool // the flagger is in good standing
	BySteward         bool
	Threshold         int
	ReviewDays        int
	// ReviewID is the id the review gets if this flag opens one, and
	// Notify what to tell (the author) then: the use case decides both.
	ReviewID string
	Notify   []commons.Notification
	// Quote is the copy of a reported direct message (ReportMessage).
	Quote *commons.MessageQuote
}

// Flag records a flag and, when the hiding rule is met, hides the content
// and opens its review — all in one transaction. It reports whether the
// content is hidden now. Flagging the same content twice is a conflict.
func (s *Store) Flag(ctx context.Context, communityID string, f NewFlag) (bool, error) {
	hidden := false
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "flags "+f.SubjectID); err != nil {
			return err
		}
		err := s.insertFlag(ctx, t, communityID, f, "")
		if t.d.isUniqueViolation(err) {
			return commons.Errorf(commons.CodeConflict, "error.flag.twice")
		}
		if err != nil {
			return err
		}
		// The record is every member's: it says that a report was made,
		// not who made it (those who review it see that on the review).
		if err := logAct(ctx, t, communityID, "", "content.reported", f.SubjectName); err != nil {
			return err
		}
		var state commons.Moderation
		table, key, err := contentTable(f.SubjectType)
		if err != nil {
			return err
		}
		if err := t.queryRow(ctx, "SELECT moderation FROM "+table+" WHERE community_id = ? AND "+key+" = ?",
			communityID, f.SubjectID).Scan(&state); err != nil {
			return err
		}
		if state != commons.Visible {
			return nil // hidden already: the flag joins the open review
		}
		// Flags count while no review has decided since they were made.
		var counting int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM flags fl WHERE fl.community_id = ? AND fl.subject_type = ? AND fl.subject_id = ?
			AND fl.counts AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.community_id = fl.community_id AND r.subject_type = fl.subject_type
			AND r.subject_id = fl.subject_id AND r.decided_at IS NOT NULL AND r.decided_at > fl.created_at)`,
			communityID, f.SubjectType, f.SubjectID).Scan(&counting); err != nil {
			return err
		}
		if !commons.ShouldHide(counting, f.Threshold, f.BySteward) {
			return nil
		}
		if _, err := t.exec(ctx, "UPDATE "+table+" SET moderation = 'hidden' WHERE community_id = ? AND "+key+" = ?",
			communityID, f.SubjectID); err != nil {
			return err
		}
		if err := s.openReview(ctx, t, communityID, f); err != nil {
			return err
		}
		hidden = true
		return logAct(ctx, t, communityID, "", "content.hidden", f.SubjectName)
	})
	return hidden, err
}

// insertFlag records one report, with the copy of a reported message
// when it is one (quote, JSON; "" for anything else).
func (s *Store) insertFlag(ctx context.Context, t tx, communityID string, f NewFlag, quote string) error {
	var version any
	if f.AgreementsVersion > 0 {
		version = f.AgreementsVersion
	}
	_, err := t.exec(ctx, `INSERT INTO flags (community_id, id, subject_type, subject_id, flagger_id, reason, agreements_version,
		counts, created_at, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		communityID, newID(), f.SubjectType, f.SubjectID, f.FlaggerID, f.Reason, version, f.Counts, s.now(), quote)
	return err
}

// openReview opens the review a report called for, for f.ReviewDays, and
// tells whom the use case said to (the author). A thing whose author is
// gone has a review with no author.
func (s *Store) openReview(ctx context.Context, t tx, communityID string, f NewFlag) error {
	reviewID := f.ReviewID
	if reviewID == "" {
		reviewID = newID()
	}
	var author any
	if f.AuthorID != "" {
		author = f.AuthorID
	}
	at := s.now()
	if _, err := t.exec(ctx, `INSERT INTO reviews (community_id, id, subject_type, subject_id, subject_name, author_id, opened_at, ends_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, communityID, reviewID, f.SubjectType, f.SubjectID, f.SubjectName, author, at,
		at.Add(time.Duration(f.ReviewDays)*24*time.Hour)); err != nil {
		return err
	}
	for _, n := range f.Notify {
		if err := notify(ctx, t, n); err != nil {
			return err
		}
	}
	return nil
}

// Review returns a review with its flags and the totals of its scores.
func (s *Store) Review(ctx context.Context, id string) (commons.Review, error) {
	var r commons.Review
	var outcome sql.NullString
	var decided sql.NullTime
	err := s.queryRow(ctx, `SELECT id, community_id, subject_type, subject_id, subject_name, COALESCE(author_id, ''), answer, opened_at,
		ends_at, outcome, decided_at FROM reviews WHERE id = ?`, id).Scan(&r.ID, &r.CommunityID, &r.SubjectType, &r.SubjectID,
		&r.SubjectName, &r.AuthorID, &r.Answer, &r.OpenedAt, &r.EndsAt, &outcome, &decided)
	if err != nil {
		return r, s.classify(err)
	}
	r.Outcome = commons.Outcome(outcome.String)
	if decided.Valid {
		r.DecidedAt = &decided.Time
	}
	rows, err := s.query(ctx, `SELECT fl.id, fl.subject_type, fl.subject_id, fl.flagger_id, u.name, fl.reason, COALESCE(fl.agreements_version, 0),
		fl.counts, fl.created_at, fl.quote FROM flags fl JOIN users u ON u.id = fl.flagger_id
		WHERE fl.community_id = ? AND fl.subject_type = ? AND fl.subject_id = ? AND fl.created_at <= ? ORDER BY fl.created_at`,
		r.CommunityID, r.SubjectType, r.SubjectID, r.EndsAt)
	if err != nil {
		return r, s.classify(err)
	}
	for rows.Next() {
		var f commons.Flag
		var quote string
		if err := rows.Scan(&f.ID, &f.SubjectType, &f.SubjectID, &f.FlaggerID, &f.FlaggerName, &f.Reason, &f.AgreementsVersion, &f.Counts, &f.CreatedAt, &quote); err != nil {
			rows.Close()
			return r, s.classify(err)
		}
		f.Quote = quoteOf(quote)
		r.Flags = append(r.Flags, f)
	}
	rows.Close()
	r.Totals = commons.Scores{}
	rows, err = s.query(ctx, "SELECT restore, keep_hidden, remove FROM review_scores WHERE community_id = ? AND review_id = ?", r.CommunityID, r.ID)
	if err != nil {
		return r, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b, c int
		if err := rows.Scan(&a, &b, &c); err != nil {
			return r, s.classify(err)
		}
		r.Totals[commons.OutcomeRestore] += a
		r.Totals[commons.OutcomeKeepHidden] += b
		r.Totals[commons.OutcomeRemove] += c
		r.Scorers++
	}
	return r, s.classify(rows.Err())
}

// Reviews lists a community's reviews, open ones first, newest first.
func (s *Store) Reviews(ctx context.Context, communityID string) ([]commons.Review, error) {
	rows, err := s.query(ctx, `SELECT id FROM reviews WHERE community_id = ? ORDER BY (decided_at IS NULL) DESC, opened_at DESC LIMIT 200`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, s.classify(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]commons.Review, 0, len(ids))
	for _, id := range ids {
		r, err := s.Review(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Answer saves the author's answer to an open review.
func (s *Store) Answer(ctx context.Context, r commons.Review, answer string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE reviews SET answer = ? WHERE community_id = ? AND id = ? AND decided_at IS NULL", answer, r.CommunityID, r.ID)
		if err := mustAffect(res, err); err != nil {
			return commons.Errorf(commons.CodeConflict, "error.review.closed")
		}
		return logAct(ctx, t, r.CommunityID, r.AuthorID, "review.answered", r.SubjectName)
	})
}

// Score saves (or replaces) a member's scores while the review is open.
func (s *Store) Score(ctx context.Context, r commons.Review, memberID string, sc commons.Scores, at time.Time) error {
	return s.inTx(ctx, func(t tx) error {
		var decided sql.NullTime
		if err := t.queryRow(ctx, "SELECT decided_at FROM reviews WHERE community_id = ? AND id = ?"+t.d.forUpdate(), r.CommunityID, r.ID).Scan(&decided); err != nil {
			return err
		}
		if decided.Valid || !at.Before(r.EndsAt) {
			return commons.Errorf(commons.CodeConflict, "error.review.closed")
		}
		_, err := t.exec(ctx, `INSERT INTO review_scores (community_id, review_id, member_id, restore, keep_hidden, remove, scored_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (community_id, review_id, member_id) DO UPDATE SET restore = excluded.restore,
			keep_hidden = excluded.keep_hidden, remove = excluded.remove, scored_at = excluded.scored_at`,
			r.CommunityID, r.ID, memberID, sc[commons.OutcomeRestore], sc[commons.OutcomeKeepHidden], sc[commons.OutcomeRemove], s.now())
		if err != nil {
			return err
		}
		return logChange(ctx, t, r.CommunityID, memberID, "review.scored", r.SubjectName, nil, map[string]string{
			"restore": strconv.Itoa(sc[commons.OutcomeRestore]), "keep_hidden": strconv.Itoa(sc[commons.OutcomeKeepHidden]),
			"remove": strconv.Itoa(sc[commons.OutcomeRemove])})
	})
}

// CloseReview records the outcome the use case decided for a review,
// applies it to the content and writes the notifications it decided — in
// one transaction. Closing one already closed does nothing.
func (s *Store) CloseReview(ctx context.Context, r commons.Review, outcome commons.Outcome, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE reviews SET outcome = ?, decided_at = ? WHERE community_id = ? AND id = ? AND decided_at IS NULL",
			outcome, s.now(), r.CommunityID, r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // another node closed it first
		}
		q, args, err := moderated(r.SubjectType, r.CommunityID, r.SubjectID, commons.ModerationAfter(outcome))
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, q, args...); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		if personal(r.SubjectType) {
			// A private message's review is on the record without a name.
			return logAct(ctx, t, r.CommunityID, "", "message.reviewed", "")
		}
		return logAct(ctx, t, r.CommunityID, "", "review."+string(outcome), r.SubjectName)
	})
}

// DueReviews lists the reviews whose period is over but that nobody has
// closed yet, across communities (a background sweep closes them).
func (s *Store) DueReviews(ctx context.Context, at time.Time) ([]string, error) {
	rows, err := s.query(ctx, "SELECT id FROM reviews WHERE decided_at IS NULL AND ends_at <= ? ORDER BY ends_at LIMIT 500", at.UTC())
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		ids = append(ids, id)
	}
	return ids, s.classify(rows.Err())
}

// LatestReview returns the id of the latest review of some content, or "".
func (s *Store) LatestReview(ctx context.Context, communityID string, st commons.SubjectType, id string) (string, error) {
	var rid string
	err := s.queryRow(ctx, "SELECT id FROM reviews WHERE community_id = ? AND subject_type = ? AND subject_id = ? ORDER BY opened_at DESC LIMIT 1",
		communityID, st, id).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return rid, s.classify(err)
}
