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
	// NotifyMessageReported tells a person that a message of theirs was
	// reported: its review waits for their answer.
	NotifyMessageReported = "message_reported"
	// NotifyOrgInvited tells a member that an organization's admin
	// invites them to join it.
	NotifyOrgInvited = "org_invited"
)

// Kinds of notification about one's account.
const (
	// NotifySignInGuessed tells a person that someone failed to sign in
	// to their account often enough to put it under guard.
	NotifySignInGuessed = "sign_in_guessed"
)

// Kinds of notification about the community fund: a reviewer decided a
// proposal; confirmed results funded one.
const (
	NotifyFundReviewed = "fund_reviewed"
	NotifyFundAwarded  = "fund_awarded"
)

// Kinds of notification about volunteer hours: time was logged for the
// person to confirm; their time was confirmed, queried or declined; the
// volunteer answered a question.
const (
	NotifyHoursLogged    = "hours_logged"
	NotifyHoursConfirmed = "hours_confirmed"
	NotifyHoursQueried   = "hours_queried"
	NotifyHoursDeclined  = "hours_declined"
	NotifyHoursAnswered  = "hours_answered"
)

// Kinds of notification about impact: a partnership's review date came
// and its party is asked for a report; a party submitted its report.
const (
	NotifyReportRequested = "partner_report_requested"
	NotifyReportSubmitted = "partner_report_submitted"
)

// NotifyBadgeAwarded tells a person they were awarded a badge.
const NotifyBadgeAwarded = "badge_awarded"

// NotifyTimeReceived tells a person that time was transferred to their
// hour account.
const NotifyTimeReceived = "time_received"

// Kinds of notification about time bank alliances, to the editors of
// the other community: one was proposed to them, accepted, or ended.
const (
	NotifyAllianceProposed = "alliance_proposed"
	NotifyAllianceAccepted = "alliance_accepted"
	NotifyAllianceEnded    = "alliance_ended"
)

// Kinds of notification about offers, requests and matches (brokering).
const (
	// NotifyIntentAnswered tells the author of an offer or request that
	// someone answered it.
	NotifyIntentAnswered = "intent_answered"
)

// Kinds of notification about matches: someone on the needing side asks
// an owner whether they could help; someone offers to teach or host what
// a learner asked for.
const (
	NotifyMatchAsked   = "match_asked"
	NotifyMatchOffered = "match_offered"
)

// Kinds of notification about open data.
const (
	// NotifyBusyConflict: times imported from a resource's own calendar
	// now overlap confirmed bookings.
	NotifyBusyConflict = "busy_conflict"
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

// Kinds of notification about brokering, second round: a learner
// registered for an activity suggested for their learning request; a
// facilitator suggests a match to a person.
const (
	NotifyMatchRegistered = "match_registered"
	NotifyMatchSuggested  = "match_suggested"
)

// Kinds of notification about self-assessment rounds: a person was put
// on a round's panel; a round they sat on closed with its results; an
// action point was given to them; one of theirs is due.
const (
	NotifyPanelAdded     = "quality_panel_added"
	NotifyRoundClosed    = "quality_round_closed"
	NotifyActionAssigned = "quality_action_assigned"
	NotifyActionPointDue = "quality_action_due"
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

// Kinds of notification about the Learning Community Profile: a member
// commented on a section (told to editors); a version was published, moved
// into its action phase, or into a time-out (told to members).
const (
	NotifyProfileComment   = "profile_comment"
	NotifyProfilePublished = "profile_published"
	NotifyProfileAction    = "profile_action"
	NotifyProfileTimeOut   = "profile_timeout"
)

// Kinds of notification about Most Significant Change: a panel selected a
// person's story (told to the teller, or the collector of a teller
// without an account); a higher panel selected a story the person's
// panel had put forward or considered. Both carry the panel's reasons.
const (
	NotifyStorySelected = "msc_story_selected"
	NotifyPanelFeedback = "msc_panel_feedback"
)
