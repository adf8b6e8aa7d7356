package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/store"
)

// Mail delivery: the outbox is filled by the store, in the transaction of
// each notification (or by GatherDigests); any node's mail loop empties it.
const (
	// mailBatch jobs are claimed at once, each for mailLease.
	mailBatch = 10
	// mailLease is how long a claimed job is the claimer's: long enough
	// for a whole batch to time out one by one, so that a slow server never
	// makes two nodes send the same mail.
	mailLease = mailBatch * (mailSendTimeout + 15*time.Second)
	// mailSendTimeout bounds one delivery to the SMTP server.
	mailSendTimeout = 45 * time.Second
	// mailAttempts is how many tries a mail gets before it is given up.
	mailAttempts = 8
	// digestLimit bounds how many notifications one digest lists.
	digestLimit = 100
)

// mailBackoff is how long to wait before the next try after a failed one:
// a minute, doubling, at most six hours.
func mailBackoff(attempts int) time.Duration {
	d := time.Minute << min(max(attempts-1, 0), 10)
	return min(d, 6*time.Hour)
}

// RunMail sends queued mail until ctx ends, looking for work every poll
// interval and whenever wake fires. Every node may run it: jobs are
// claimed with a lease, so each mail goes out once.
func (a *App) RunMail(ctx context.Context, poll time.Duration, wake <-chan struct{}) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := a.DeliverMail(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("mail delivery failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case _, open := <-wake:
			if !open {
				wake = nil // the hub closed: polling goes on alone
			}
		}
	}
}

// DeliverMail gathers the digests that are due, then sends queued mail
// until none is due, and returns how many it sent. When ctx ends midway,
// the jobs it claimed but did not try are handed back.
func (a *App) DeliverMail(ctx context.Context) (int, error) {
	if _, err := a.Store.GatherDigests(ctx, a.Now()); err != nil {
		return 0, err
	}
	if _, err := a.RemindActionPoints(ctx); err != nil {
		return 0, err
	}
	sent := 0
	for {
		claim := newClaim()
		now := a.Now()
		jobs, err := a.Store.ClaimMailJobs(ctx, claim, now, now.Add(mailLease), mailBatch)
		if err != nil || len(jobs) == 0 {
			return sent, err
		}
		for i, j := range jobs {
			if ctx.Err() != nil {
				var ids []string
				for _, rest := range jobs[i:] {
					ids = append(ids, rest.ID)
				}
				return sent, a.Store.ReleaseMailJobs(context.WithoutCancel(ctx), claim, ids)
			}
			ok, wrote, err := a.sendJob(ctx, j)
			a.restAfter(ctx, wrote)
			if err != nil {
				giveUp := j.Attempts >= mailAttempts
				a.Log.Warn("mail not sent", "job", j.ID, "attempt", j.Attempts, "giving_up", giveUp, "err", err)
				next := a.Now() // when given up, the moment it was
				if !giveUp {
					next = next.Add(mailBackoff(j.Attempts))
				}
				if err := a.Store.RetryMailJob(bg(ctx), j.ID, claim, next, err.Error(), giveUp); err != nil {
					return sent, err
				}
				continue
			}
			// Recorded even if ctx just ended: the mail is gone, and must
			// not go again.
			if err := a.Store.CompleteMailJob(bg(ctx), j.ID, claim); err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
}

func newClaim() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// sendJob writes and sends one job's mail, and says how long writing it
// took. It returns false without an error when there is nothing to send
// any more (the person chose no mail, the notifications are gone).
func (a *App) sendJob(ctx context.Context, j commons.MailJob) (bool, time.Duration, error) {
	start := time.Now()
	m, ok, err := a.composeMail(ctx, j)
	wrote := time.Since(start)
	if err != nil || !ok {
		return false, wrote, err
	}
	sendCtx, cancel := context.WithTimeout(ctx, mailSendTimeout)
	defer cancel()
	return true, wrote, a.Mail.Send(sendCtx, m)
}

// restAfter rests the mail loop for MailPace times the time writing a
// mail took, or until ctx ends.
func (a *App) restAfter(ctx context.Context, wrote time.Duration) {
	if a.MailPace <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(float64(wrote) * a.MailPace))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// composeMail writes a job's mail in its recipient's language, as it is
// now: a change of language since the notification counts.
func (a *App) composeMail(ctx context.Context, j commons.MailJob) (mail.Message, bool, error) {
	u, err := a.Store.UserByID(ctx, j.UserID)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return mail.Message{}, false, nil
	} else if err != nil {
		return mail.Message{}, false, err
	}
	if j.Subject != "" {
		// Account mail: written when queued, sent whatever the choice of
		// notification mail, with no unsubscribe link (it is not a list).
		base := strings.TrimRight(a.PublicURL, "/")
		m := mail.Message{ID: j.ID + "@" + mailDomain(base), From: a.MailFrom, To: u.Email, ToName: u.Name, Lang: j.Lang,
			Subject: j.Subject, Text: j.Body}
		if j.To != "" {
			// Another address: a new one of the person's, or someone
			// invited, whose name is not the account's.
			m.To, m.ToName = j.To, ""
		}
		return m, j.Body != "", nil
	}
	settings, err := a.Store.MailSettings(ctx, u.ID)
	if err != nil || settings.Delivery == commons.MailNone {
		return mail.Message{}, false, err
	}
	loc := a.LocalizerFor(u)
	base := strings.TrimRight(a.PublicURL, "/")
	m := mail.Message{
		ID: j.ID + "@" + mailDomain(base), From: a.MailFrom, To: u.Email, ToName: u.Name, Lang: loc.Lang,
		Unsubscribe: base + "/unsubscribe/" + settings.Token,
	}
	var body strings.Builder
	if j.NotificationID != "" {
		n, err := a.Store.Notification(ctx, u.ID, j.NotificationID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return m, false, nil
		} else if err != nil {
			return m, false, err
		}
		text := loc.Notification(n)
		m.Subject = loc.T("mail.subject", "Text", shorten(oneLine(text), 120))
		fmt.Fprintf(&body, "%s\n\n%s\n%s\n", text, loc.T("mail.open"), base+n.Link)
	} else {
		// A digest lists the span's notifications, then the new matches
		// for the person's offers and requests; the daily matches mail of
		// people who have no digest lists only the matches. Nothing to
		// say: no mail.
		var ns []commons.Notification
		if j.DigestPeriod != store.MatchMailPeriod {
			if ns, err = a.Store.NotificationsBetween(ctx, u.ID, j.DigestFrom, j.DigestUntil, digestLimit); err != nil {
				return m, false, err
			}
		}
		matches, err := a.NewMatchesFor(ctx, u, j.DigestFrom, j.DigestUntil)
		if err != nil || len(ns)+len(matches) == 0 {
			return m, false, err
		}
		if len(ns) > 0 {
			period := loc.T("mail.period." + string(j.DigestPeriod))
			m.Subject = loc.N("mail.digest_subject", len(ns), "Period", period)
			fmt.Fprintf(&body, "%s\n\n", loc.N("mail.digest_lead", len(ns), "Period", period))
			for _, n := range ns {
				fmt.Fprintf(&body, "- %s\n  %s\n\n", loc.Notification(n), base+n.Link)
			}
		} else {
			m.Subject = loc.N("mail.matches_subject", len(matches))
		}
		if len(matches) > 0 {
			fmt.Fprintf(&body, "%s\n\n", loc.T("mail.new_matches"))
			for _, dm := range matches {
				fmt.Fprintf(&body, "- %s\n  %s\n\n", loc.T("mail.new_match", "Title", dm.Match.Title, "For", dm.Intent.Title),
					base+dm.Match.Path)
			}
		}
		fmt.Fprintf(&body, "%s\n%s\n", loc.T("mail.digest_all"), base+"/me/notifications")
	}
	fmt.Fprintf(&body, "\n-- \n%s\n%s\n%s\n%s\n", loc.T("mail.footer_why", "Name", u.Name),
		loc.T("mail.footer_settings", "URL", base+"/me#mail"), loc.T("mail.footer_unsubscribe"), m.Unsubscribe)
	m.Text = body.String()
	return m, true, nil
}

// mailDomain is the host part of Message-IDs: the site's own host.
func mailDomain(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "commons.invalid"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// MailSettings returns the actor's choice of mail.
func (a *App) MailSettings(ctx context.Context, actor *commons.User) (commons.MailSettings, error) {
	if err := requireUser(actor); err != nil {
		return commons.MailSettings{}, err
	}
	return a.Store.MailSettings(ctx, actor.ID)
}

// SetMailDelivery saves how the actor hears about notifications by mail.
func (a *App) SetMailDelivery(ctx context.Context, actor *commons.User, choice string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	d := commons.MailDelivery(choice)
	if !d.Valid() {
		return invalid("delivery", commons.Msg("error.mail_delivery"))
	}
	return a.Store.SetMailDelivery(ctx, actor.ID, d, a.Now())
}

// UnsubscribeInfo finds the mail settings an unsubscribe link stands for;
// the link is its own authority, no sign-in needed.
func (a *App) UnsubscribeInfo(ctx context.Context, token string) (commons.MailSettings, error) {
	if token == "" || len(token) > 100 || !utf8.ValidString(token) || strings.ContainsRune(token, 0) {
		return commons.MailSettings{}, commons.NotFound()
	}
	return a.Store.MailSettingsByToken(ctx, token)
}

// Unsubscribe stops all mail to the owner of an unsubscribe link.
func (a *App) Unsubscribe(ctx context.Context, token string) error {
	s, err := a.UnsubscribeInfo(ctx, token)
	if err != nil {
		return err
	}
	return a.Store.SetMailDelivery(ctx, s.UserID, commons.MailNone, a.Now())
}

// LocalizerFor speaks a person's language: their choice, else the fallback.
func (a *App) LocalizerFor(u commons.User) *i18n.Localizer {
	return a.Catalog.Localizer(a.Catalog.Choose(u.Locale, "", nil))
}
