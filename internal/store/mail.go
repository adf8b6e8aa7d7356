package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// The mail outbox is a table of our own rather than a job library such as
// River: a mail job needs nothing but "claim some due rows for a while",
// and one UPDATE does that on both engines, on any number of nodes, inside
// the same transactions that write notifications — so a mail is queued
// exactly when its notification exists. A sender claims jobs with a lease
// (claimed_until); a sender that crashes loses its lease when it runs out,
// and another node or the restarted process takes the jobs over. A job is
// deleted in the same step that records it sent, so a finished job never
// runs again.

// enqueueMail queues the mail of a new notification in the caller's
// transaction, unless its recipient chose a digest or no mail.
func enqueueMail(ctx context.Context, t tx, userID, notificationID string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO mail_jobs (id, user_id, notification_id, run_after, created_at)
		SELECT ?, ?, ?, ?, ? WHERE COALESCE((SELECT delivery FROM mail_settings WHERE user_id = ?), 'each') = 'each'`,
		newID(), userID, notificationID, at, at, userID)
	return err
}

// MailSettings returns a person's choice of mail, giving them an
// unsubscribe token on first need.
func (s *Store) MailSettings(ctx context.Context, userID string) (commons.MailSettings, error) {
	m := commons.MailSettings{UserID: userID}
	const q = "SELECT delivery, token FROM mail_settings WHERE user_id = ?"
	err := s.queryRow(ctx, q, userID).Scan(&m.Delivery, &m.Token)
	if err != sql.ErrNoRows {
		return m, s.classify(err)
	}
	err = s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		if _, err := t.exec(ctx, `INSERT INTO mail_settings (user_id, delivery, token) VALUES (?, 'each', ?)
			ON CONFLICT (user_id) DO NOTHING`, userID, newSecretToken()); err != nil {
			return err
		}
		return t.queryRow(ctx, q, userID).Scan(&m.Delivery, &m.Token)
	})
	return m, err
}

// MailSettingsByToken finds whose unsubscribe token this is.
func (s *Store) MailSettingsByToken(ctx context.Context, token string) (commons.MailSettings, error) {
	m := commons.MailSettings{Token: token}
	err := s.queryRow(ctx, "SELECT user_id, delivery FROM mail_settings WHERE token = ?", token).Scan(&m.UserID, &m.Delivery)
	return m, s.classify(err)
}

// SetMailDelivery saves a person's choice. A digest gathers what comes
// after the choice (or after the last digest, when switching between
// daily and weekly); choosing no mail also drops the mails still queued.
func (s *Store) SetMailDelivery(ctx context.Context, userID string, d commons.MailDelivery, at time.Time) error {
	var from, due any
	if p := d.Period(); p > 0 {
		from, due = at, at.Add(p)
	}
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, `INSERT INTO mail_settings (user_id, delivery, token, digest_from, digest_due) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET delivery = excluded.delivery, digest_due = excluded.digest_due,
			digest_from = CASE WHEN excluded.digest_from IS NULL THEN NULL ELSE COALESCE(mail_settings.digest_from, excluded.digest_from) END`,
			userID, string(d), newSecretToken(), from, due)
		if err != nil || d != commons.MailNone {
			return err
		}
		// Account mail (a reset link) goes whatever the choice.
		_, err = t.exec(ctx, "DELETE FROM mail_jobs WHERE user_id = ? AND failed_at IS NULL AND subject = ''", userID)
		return err
	})
}

// ClaimMailJobs takes up to limit due jobs for the sender named claim until
// leaseUntil, counting an attempt on each. Jobs whose lease ran out (their
// sender died) are due again. Two nodes never claim the same job: the
// lease condition is part of the UPDATE, which PostgreSQL re-checks on a
// row another transaction just claimed, and SQLite has one writer.
func (s *Store) ClaimMailJobs(ctx context.Context, claim string, at, leaseUntil time.Time, limit int) ([]commons.MailJob, error) {
	var jobs []commons.MailJob
	err := s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		const free = "failed_at IS NULL AND run_after <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
		_, err := t.exec(ctx, `UPDATE mail_jobs SET claim = ?, claimed_until = ?, attempts = attempts + 1
			WHERE id IN (SELECT id FROM mail_jobs WHERE `+free+` ORDER BY run_after, id LIMIT ?) AND `+free,
			claim, leaseUntil, at, at, limit, at, at)
		if err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT id, user_id, COALESCE(notification_id, ''), digest_from, digest_until, digest_period, attempts,
			to_address, subject, body, lang
			FROM mail_jobs WHERE claim = ? ORDER BY run_after, id`, claim)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j commons.MailJob
			var from, until sql.NullTime
			var period string
			if err := rows.Scan(&j.ID, &j.UserID, &j.NotificationID, &from, &until, &period, &j.Attempts,
				&j.To, &j.Subject, &j.Body, &j.Lang); err != nil {
				return err
			}
			j.DigestFrom, j.DigestUntil, j.DigestPeriod = from.Time, until.Time, commons.MailDelivery(period)
			jobs = append(jobs, j)
		}
		return rows.Err()
	})
	return jobs, err
}

// CompleteMailJob removes a sent job, if the sender still holds it.
func (s *Store) CompleteMailJob(ctx context.Context, id, claim string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		_, err := t.exec(ctx, "DELETE FROM mail_jobs WHERE id = ? AND claim = ?", id, claim)
		return err
	})
}

// RetryMailJob puts a job that failed back in the queue for runAfter, or
// gives up on it when giveUp is set, at runAfter (it stays in the table,
// failed, for an operator to see).
func (s *Store) RetryMailJob(ctx context.Context, id, claim string, runAfter time.Time, reason string, giveUp bool) error {
	var failed any
	if giveUp {
		failed = runAfter
	}
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		// A mail given up keeps no one-time link: its body goes.
		_, err := t.exec(ctx, `UPDATE mail_jobs SET claim = NULL, claimed_until = NULL, run_after = ?, last_error = ?, failed_at = ?,
			body = CASE WHEN ? THEN '' ELSE body END
			WHERE id = ? AND claim = ?`, runAfter, reason, failed, giveUp, id, claim)
		return err
	})
}

// ReleaseMailJobs hands back the jobs a sender claimed but did not try,
// when it stops, so that they need not wait for the lease to run out.
func (s *Store) ReleaseMailJobs(ctx context.Context, claim string, ids []string) error {
	return s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		for _, id := range ids {
			if _, err := t.exec(ctx, `UPDATE mail_jobs SET claim = NULL, claimed_until = NULL, attempts = attempts - 1
				WHERE id = ? AND claim = ?`, id, claim); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteFailedMailJobs forgets mails given up before the time given,
// returning how many.
func (s *Store) DeleteFailedMailJobs(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(t tx) error {
		t.touchesNoPage()
		res, err := t.exec(ctx, "DELETE FROM mail_jobs WHERE failed_at IS NOT NULL AND failed_at < ?", before)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// MailJobCounts counts the jobs waiting and the jobs given up, for tests
// and operators.
func (s *Store) MailJobCounts(ctx context.Context) (waiting, failed int, err error) {
	err = s.queryRow(ctx, `SELECT COUNT(*) - COUNT(failed_at), COUNT(failed_at) FROM mail_jobs`).Scan(&waiting, &failed)
	return waiting, failed, s.classify(err)
}

// GatherDigests queues a digest for each person whose daily or weekly
// digest is due at the time at and who has notifications since the last
// one, and moves their next digest on. It returns how many it queued.
func (s *Store) GatherDigests(ctx context.Context, at time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT user_id FROM mail_settings WHERE delivery IN ('daily', 'weekly') AND digest_due <= ?
		ORDER BY digest_due LIMIT 500`, at)
	if err != nil {
		return 0, s.classify(err)
	}
	var users []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, s.classify(err)
		}
		users = append(users, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.classify(err)
	}
	queued := 0
	for _, userID := range users {
		err := s.inTx(ctx, func(t tx) error {
			t.touchesNoPage()
			// Read again under a lock: another node may have just done it.
			var delivery string
			var from sql.NullTime
			err := t.queryRow(ctx, `SELECT delivery, digest_from FROM mail_settings
				WHERE user_id = ? AND delivery IN ('daily', 'weekly') AND digest_due <= ?`+t.d.forUpdate(), userID, at).Scan(&delivery, &from)
			if err == sql.ErrNoRows {
				return nil
			} else if err != nil {
				return err
			}
			d := commons.MailDelivery(delivery)
			if !from.Valid {
				from.Time = at.Add(-d.Period())
			}
			if _, err := t.exec(ctx, "UPDATE mail_settings SET digest_from = ?, digest_due = ? WHERE user_id = ?",
				at, at.Add(d.Period()), userID); err != nil {
				return err
			}
			// A digest is due with notifications, or with live offers,
			// requests, learning requests or needs that may have new
			// matches (its "new matches for you" section; the job is
			// dropped when there are none).
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND created_at > ? AND created_at <= ?",
				userID, from.Time, at).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if err := t.queryRow(ctx, "SELECT COUNT(*) FROM ("+liveSeekers+") x WHERE x.seeker = ?", at, userID).Scan(&n); err != nil || n == 0 {
					return err
				}
			}
			queued++
			_, err = t.exec(ctx, `INSERT INTO mail_jobs (id, user_id, digest_from, digest_until, digest_period, run_after, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, newID(), userID, from.Time, at, delivery, at, at)
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	n, err := s.gatherMatchMail(ctx, at)
	return queued + n, err
}

// liveSeekers selects (as seeker) the people who wait for matches and are
// still active members where they wait: the authors of live offers and
// requests (open or answered, not expired at the one argument), the
// authors of learning requests no activity answers yet, and the teams of
// unfinished initiatives with needs still open.
const liveSeekers = `SELECT i.created_by AS seeker FROM intents i JOIN members m ON m.community_id = i.community_id
	AND m.user_id = i.created_by AND m.status = 'active'
	WHERE i.status IN ('open', 'answered') AND (i.ends_at IS NULL OR i.ends_at > ?)
	UNION ALL SELECT p.created_by FROM activity_proposals p JOIN members m ON m.community_id = p.community_id
	AND m.user_id = p.created_by AND m.status = 'active'
	WHERE p.activity_id IS NULL
	UNION ALL SELECT t.user_id FROM initiative_team t
	JOIN initiatives ini ON ini.community_id = t.community_id AND ini.id = t.initiative_id AND ini.status <> 'completed'
	JOIN needs n ON n.community_id = t.community_id AND n.initiative_id = t.initiative_id AND n.status IN ('open', 'partly_met')
	JOIN members m ON m.community_id = t.community_id AND m.user_id = t.user_id AND m.status = 'active'`

// MatchMailPeriod is the kind of mail job (digest_period) of the daily
// "new matches for you" mail to people who have no digest.
const MatchMailPeriod = "matches"

// gatherMatchMail queues the daily "new matches for you" mail of people
// who hear of each notification as it comes (they have no digest) and
// wait for matches (liveSeekers): at most one a day each, covering the day
// since the last. The job is dropped when nothing new matched.
func (s *Store) gatherMatchMail(ctx context.Context, at time.Time) (int, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT a.seeker FROM (`+liveSeekers+`) a
		LEFT JOIN mail_settings ms ON ms.user_id = a.seeker
		WHERE COALESCE(ms.delivery, 'each') = 'each' AND (ms.matches_due IS NULL OR ms.matches_due <= ?) LIMIT 500`, at, at)
	if err != nil {
		return 0, s.classify(err)
	}
	var users []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, s.classify(err)
		}
		users = append(users, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.classify(err)
	}
	queued := 0
	for _, userID := range users {
		err := s.inTx(ctx, func(t tx) error {
			t.touchesNoPage()
			if _, err := t.exec(ctx, `INSERT INTO mail_settings (user_id, delivery, token) VALUES (?, 'each', ?)
				ON CONFLICT (user_id) DO NOTHING`, userID, newSecretToken()); err != nil {
				return err
			}
			// Read again under a lock: another node may have just done it.
			var due sql.NullTime
			err := t.queryRow(ctx, `SELECT matches_due FROM mail_settings WHERE user_id = ? AND delivery = 'each'
				AND (matches_due IS NULL OR matches_due <= ?)`+t.d.forUpdate(), userID, at).Scan(&due)
			if err == sql.ErrNoRows {
				return nil
			} else if err != nil {
				return err
			}
			const day = 24 * time.Hour
			from := at.Add(-day)
			if due.Valid {
				from = due.Time.Add(-day)
			}
			if _, err := t.exec(ctx, "UPDATE mail_settings SET matches_due = ? WHERE user_id = ?", at.Add(day), userID); err != nil {
				return err
			}
			queued++
			_, err = t.exec(ctx, `INSERT INTO mail_jobs (id, user_id, digest_from, digest_until, digest_period, run_after, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, newID(), userID, from, at, MatchMailPeriod, at, at)
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// NotificationsBetween lists a person's notifications created after from,
// up to and including until, oldest first, at most limit of them.
func (s *Store) NotificationsBetween(ctx context.Context, userID string, from, until time.Time, limit int) ([]commons.Notification, error) {
	rows, err := s.query(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE user_id = ? AND created_at > ? AND created_at <= ? ORDER BY id LIMIT ?`, userID, from, until, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, n)
	}
	return out, s.classify(rows.Err())
}

// NotificationsAfter lists a person's notifications newer than the one
// with id after (all when after is ""), oldest first, at most limit.
func (s *Store) NotificationsAfter(ctx context.Context, userID, after string, limit int) ([]commons.Notification, error) {
	rows, err := s.query(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?`, userID, after, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, n)
	}
	return out, s.classify(rows.Err())
}

// LatestNotificationID is the id of a person's newest notification, or "".
func (s *Store) LatestNotificationID(ctx context.Context, userID string) (string, error) {
	var id string
	err := s.queryRow(ctx, "SELECT COALESCE(MAX(id), '') FROM notifications WHERE user_id = ?", userID).Scan(&id)
	return id, s.classify(err)
}

// Notification returns one of a person's notifications.
func (s *Store) Notification(ctx context.Context, userID, id string) (commons.Notification, error) {
	n, err := scanNotification(s.queryRow(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE user_id = ? AND id = ?`, userID, id))
	return n, s.classify(err)
}

const notificationColumns = "id, user_id, COALESCE(community_id, ''), kind, args, link, created_at, read_at"

func scanNotification(row interface{ Scan(...any) error }) (commons.Notification, error) {
	var n commons.Notification
	var raw string
	var read sql.NullTime
	if err := row.Scan(&n.ID, &n.UserID, &n.CommunityID, &n.Kind, &raw, &n.Link, &n.CreatedAt, &read); err != nil {
		return n, err
	}
	if read.Valid {
		n.ReadAt = &read.Time
	}
	return n, json.Unmarshal([]byte(raw), &n.Args)
}

// UserByID returns an account.
func (s *Store) UserByID(ctx context.Context, id string) (commons.User, error) {
	u, err := scanUser(s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	return u, s.classify(err)
}
