package commons

import (
	"slices"
	"time"
)

// SubjectType names a kind of thing in a community (see Subject).
type SubjectType string

// Moderation is where content stands.
type Moderation string

// Content is visible, hidden while a review decides, kept hidden by a
// review (its author still sees it), or removed.
const (
	Visible    Moderation = "visible"
	Hidden     Moderation = "hidden"
	KeptHidden Moderation = "kept_hidden"
	Removed    Moderation = "removed"
)

// Outcome is what a review decides.
type Outcome string

// The options a review scores.
const (
	OutcomeRestore    Outcome = "restore"
	OutcomeKeepHidden Outcome = "keep_hidden"
	OutcomeRemove     Outcome = "remove"
)

// Outcomes lists them in tie-breaking order: on a tie the content stays
// as the review found it, hidden.
var Outcomes = []Outcome{OutcomeKeepHidden, OutcomeRestore, OutcomeRemove}

// Flag is a member's report of content.
type Flag struct {
	ID                string
	SubjectType       SubjectType
	SubjectID         string
	FlaggerID         string
	FlaggerName       string
	Reason            string
	AgreementsVersion int
	Counts            bool
	CreatedAt         time.Time
	// Quote is the copy of a reported direct message the server made
	// when it was reported: all its reviewers read of the conversation.
	Quote *MessageQuote
}

// MessageQuote is a server-made copy of one direct message: who wrote it,
// when, and what it said.
type MessageQuote struct {
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
}

// MaxFlagReasonLen bounds a flag's reason.
const MaxFlagReasonLen = 2000

// ShouldHide is the hiding rule: enough members in good standing agree,
// or one steward does.
func ShouldHide(countingFlags, threshold int, bySteward bool) bool {
	return bySteward || countingFlags >= threshold
}

// Scores is one member's view of a review's options, each from -2 to 2.
type Scores map[Outcome]int

// Review decides what becomes of hidden content.
type Review struct {
	ID          string
	CommunityID string
	SubjectType SubjectType
	SubjectID   string
	SubjectName string
	AuthorID    string
	Answer      string
	OpenedAt    time.Time
	EndsAt      time.Time
	Outcome     Outcome // "" while open
	DecidedAt   *time.Time
	Flags       []Flag
	Totals      Scores // the sum of members' scores
	Scorers     int
}

// Decide picks the option with the highest total; ties keep it hidden.
func Decide(totals Scores) Outcome {
	best := OutcomeKeepHidden
	for _, o := range Outcomes {
		if totals[o] > totals[best] {
			best = o
		}
	}
	return best
}

// ModerationAfter is the content's state after an outcome.
func ModerationAfter(o Outcome) Moderation {
	switch o {
	case OutcomeRestore:
		return Visible
	case OutcomeRemove:
		return Removed
	}
	return KeptHidden
}

// MayFlag is who may report content: the community's active members, any
// role (a newcomer's flag is recorded but does not count towards hiding,
// see ActionScore), except its author.
func MayFlag(m *Member, authorID string) bool {
	return IsActiveMember(m) && m.UserID != authorID
}

// MayScoreReview is who may score a review's options: members in good
// standing (ActionScore: any trusted role, an editor-only member too), but
// not the author, who does not judge their own content.
func MayScoreReview(m *Member, r Review) bool {
	return Allowed(m, ActionScore) && m.UserID != r.AuthorID
}

// MayKnowReporters is who may read who reported content: the members who
// review it (commons.MayScoreReview), not its author, nor members who
// may not judge it.
func MayKnowReporters(m *Member, r Review) bool { return MayScoreReview(m, r) }

// MayAnswerReview is who may answer a review's flags: its author.
func MayAnswerReview(userID string, r Review) bool {
	return userID != "" && userID == r.AuthorID
}

// MayReadReview is who may read a review: the community's active members,
// and the author of the content it is about. The review of something
// personal (a direct message) is for those who review it and its author
// only: it quotes what was written in private.
func MayReadReview(m *Member, userID string, r Review) bool {
	if userID != "" && userID == r.AuthorID {
		return true
	}
	if s, err := SubjectOf(r.SubjectType); err == nil && s.Personal {
		return MayScoreReview(m, r)
	}
	return IsActiveMember(m)
}

// MayReportMessage is who may report a direct message: a participant of
// its conversation other than its author, while it is shown, when the
// two share a community whose reviewers can take it (shared > 0).
func MayReportMessage(readerID string, participants []string, authorID string, state Moderation, shared int) bool {
	return readerID != "" && readerID != authorID && authorID != "" && slices.Contains(participants, readerID) &&
		(state == Visible || state == "") && shared > 0
}

// MayReport is whether a person is one of a conversation's people: only
// they may know of its messages at all.
func MayReport(readerID string, participants []string) bool {
	return readerID != "" && slices.Contains(participants, readerID)
}

// MessageShown is whether a direct message's text is shown to the people
// of its conversation: once a review upheld a report, it is hidden from
// both (its author included), as "hidden after a report".
func MessageShown(state Moderation) bool { return state == Visible || state == "" || state == Hidden }

// MaySeeContent is the rule for reading flagged content: visible content
// is for all; content under review for its author and the members in good
// standing who review it (ActionScore); content a review kept hidden for
// its author alone; removed content for nobody. readerID is "" for a
// visitor.
func MaySeeContent(reader *Member, readerID string, state Moderation, authorID string) bool {
	switch state {
	case Visible, "":
		return true
	case Removed:
		return false
	}
	if readerID == "" {
		return false
	}
	if readerID == authorID {
		return true
	}
	return state == Hidden && Allowed(reader, ActionScore)
}
