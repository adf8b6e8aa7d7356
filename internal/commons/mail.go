package commons

import "time"

// MailDelivery is how a person hears about their notifications by e-mail.
type MailDelivery string

// The choices of mail delivery. Each is the default: a person who never
// chose gets a mail for each notification.
const (
	MailEach   MailDelivery = "each"
	MailDaily  MailDelivery = "daily"
	MailWeekly MailDelivery = "weekly"
	MailNone   MailDelivery = "none"
)

// MailDeliveries lists the choices in the order a form shows them.
var MailDeliveries = []MailDelivery{MailEach, MailDaily, MailWeekly, MailNone}

// Valid tells whether d is one of the choices.
func (d MailDelivery) Valid() bool {
	for _, c := range MailDeliveries {
		if d == c {
			return true
		}
	}
	return false
}

// Period is how often a digest goes out; zero for each and none.
func (d MailDelivery) Period() time.Duration {
	switch d {
	case MailDaily:
		return 24 * time.Hour
	case MailWeekly:
		return 7 * 24 * time.Hour
	}
	return 0
}

// MailSettings are a person's choice of mail and the key of their
// unsubscribe link.
type MailSettings struct {
	UserID   string
	Delivery MailDelivery
	// Token is the random key of the one-click unsubscribe link.
	Token string
}

// MailJob is one mail waiting in the outbox: a single notification's, or a
// digest of a person's notifications in a span of time.
type MailJob struct {
	ID             string
	UserID         string
	NotificationID string // empty for a digest
	DigestFrom     time.Time
	DigestUntil    time.Time
	DigestPeriod   MailDelivery
	// Attempts counts the tries so far, this one included.
	Attempts int
	// Subject and Body are set for account mail (a reset link, a notice
	// that the password changed), written when queued, in Lang; To is its
	// address when it is not the account's own (a new address to confirm,
	// the old one told of a change).
	Subject, Body, Lang, To string
}
