package commons

import (
	"strconv"
	"time"
)

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

// Kinds of notification about trust: someone vouched for a person, and
// the vouch that gave them the role.
const (
	NotifyVouched    = "vouched"
	NotifyRoleGained = "role_gained"
	// NotifyTeacherOffered tells those who asked to learn something that
	// someone offers to teach it.
	NotifyTeacherOffered = "teacher_offered"
)

// VouchNote tells a person someone vouched for them for a role, given the
// trust they now hold for it and the trust the role needs: that they hold
// the role now, when this vouch was the one that reached the threshold.
func VouchNote(c Community, giverName, receiverID string, role Role, trust, threshold int, link string) Notification {
	n := Notification{UserID: receiverID, CommunityID: c.ID, Kind: NotifyVouched, Link: link,
		Args: map[string]string{"Name": giverName, "Role": string(role), "Community": c.Name,
			"Trust": strconv.Itoa(trust), "Needed": strconv.Itoa(threshold)}}
	if trust == threshold {
		n.Kind = NotifyRoleGained
	}
	return n
}
