package commons

import "time"

// Notification tells a person about something that concerns them. Its text
// is a catalog message (notification.<Kind>) with arguments, so that each
// person reads it in their own language.
type Notification struct {
	ID          string
	UserID      string
	CommunityID string
	Kind        string
	Args        map[string]string
	Link        string
	CreatedAt   time.Time
	ReadAt      *time.Time
}

// Kinds of notification.
const (
	NotifyBookingConfirmed = "booking_confirmed"
	NotifyBookingDeclined  = "booking_declined"
	NotifyBookingRequested = "booking_requested"
	NotifyContentHidden    = "content_hidden"
	NotifyReviewDecided    = "review_decided"
	// NotifyActivityPromoted tells a person a place freed up for them.
	NotifyActivityPromoted  = "activity_promoted"
	NotifyActivityCancelled = "activity_cancelled"
	NotifyActivityMoved     = "activity_moved"
	// NotifyActivityScheduled tells those who asked to learn something
	// that it is now offered, with a place kept for them.
	NotifyActivityScheduled = "activity_scheduled"
	// Initiatives: a pledge reached the team; the team decided a pledge;
	// a partnership version waits for an organization's signature; every
	// party signed.
	NotifyPledgeReceived    = "pledge_received"
	NotifyPledgeAccepted    = "pledge_accepted"
	NotifyPledgeDeclined    = "pledge_declined"
	NotifySignatureNeeded   = "signature_needed"
	NotifyPartnershipActive = "partnership_active"
)

// Kinds of notification about conversation.
const (
	NotifyMention       = "mention"
	NotifyReply         = "post_reply"
	NotifyThreadPost    = "thread_post"
	NotifyDirectMessage = "direct_message"
)

// Kinds of notification about open data.
const (
	// NotifyBusyConflict: times imported from a resource's own calendar
	// now overlap confirmed bookings.
	NotifyBusyConflict = "busy_conflict"
)
