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
)

// Kinds of notification about conversation.
const (
	NotifyMention       = "mention"
	NotifyReply         = "post_reply"
	NotifyThreadPost    = "thread_post"
	NotifyDirectMessage = "direct_message"
)
