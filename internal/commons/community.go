package commons

import (
	"strings"
	"time"
)

// Community is a place-based learning community: the tenant that owns every
// member, organization, resource and activity within it.
type Community struct {
	ID          string
	Slug        string
	Name        string
	Description string
	// Languages in the community's order of preference; the first is the
	// language of its pages for visitors who state none.
	Languages           []string
	TimeZone            string
	TrustThreshold      *int // nil: derived from the number of members
	RequiresApplication bool
	CreatedBy           string
	CreatedAt           time.Time
	MemberCount         int
	// AccessibilityFeatures are the community's own, beyond the standard
	// ones (StandardAccessibility).
	AccessibilityFeatures []string
	// TrustQuota is how many role trusts a member may give in 30 days.
	TrustQuota int
	// FlagThreshold is how many members in good standing hide content by
	// flagging it; ReviewDays how long its review stays open.
	FlagThreshold, ReviewDays int
	// ApplicationQuestions are asked of those who apply to join.
	ApplicationQuestions []string
}

// DefaultTimeZone is used when a community names none.
const DefaultTimeZone = "Europe/London"

// NewCommunity is what a person gives to start a community.
type NewCommunity struct {
	Slug                string
	Name                string
	Description         string
	Languages           []string
	TimeZone            string
	RequiresApplication bool
}

// Normalize trims input and fills defaults.
func (n *NewCommunity) Normalize(defaultLanguage string) {
	n.Slug = strings.ToLower(strings.TrimSpace(n.Slug))
	n.Name = strings.TrimSpace(n.Name)
	n.Description = strings.TrimSpace(n.Description)
	if len(n.Languages) == 0 {
		n.Languages = []string{defaultLanguage}
	}
	if n.TimeZone == "" {
		n.TimeZone = DefaultTimeZone
	}
}

// Validate checks a new community.
func (n *NewCommunity) Validate(v *Validator) {
	v.Slug("slug", n.Slug)
	v.Line("name", n.Name, true, MaxNameLen)
	v.Text("description", n.Description, false, MaxDescriptionLen)
	n.Languages = v.Languages("languages", n.Languages)
	v.TimeZone("time_zone", n.TimeZone)
}

// CommunityChange edits a community's settings; nil fields stay.
type CommunityChange struct {
	Name                *string
	Description         *string
	Languages           *[]string
	TimeZone            *string
	TrustThreshold      **int // set to a nil *int to return to the derived threshold
	RequiresApplication *bool
	// AccessibilityFeatures replaces the community's own features.
	AccessibilityFeatures *[]string
	TrustQuota            *int
	FlagThreshold         *int
	ReviewDays            *int
	ApplicationQuestions  *[]string
}

// MaxTrustThreshold bounds a community's own trust threshold.
const MaxTrustThreshold = 100

// Apply validates the change and applies it to c.
func (ch *CommunityChange) Apply(c *Community, v *Validator) {
	if ch.Name != nil {
		name := strings.TrimSpace(*ch.Name)
		v.Line("name", name, true, MaxNameLen)
		c.Name = name
	}
	if ch.Description != nil {
		d := strings.TrimSpace(*ch.Description)
		v.Text("description", d, false, MaxDescriptionLen)
		c.Description = d
	}
	if ch.Languages != nil {
		c.Languages = v.Languages("languages", *ch.Languages)
	}
	if ch.TimeZone != nil {
		v.TimeZone("time_zone", *ch.TimeZone)
		c.TimeZone = *ch.TimeZone
	}
	if ch.TrustThreshold != nil {
		t := *ch.TrustThreshold
		if t != nil && (*t < 1 || *t > MaxTrustThreshold) {
			v.Fail("trust_threshold", Msg("error.field.range", "Min", 1, "Max", MaxTrustThreshold))
		}
		c.TrustThreshold = t
	}
	if ch.RequiresApplication != nil {
		c.RequiresApplication = *ch.RequiresApplication
	}
	if ch.ApplicationQuestions != nil {
		var qs []string
		for _, q := range *ch.ApplicationQuestions {
			if q = strings.TrimSpace(q); q != "" {
				v.Line("application_questions", q, true, MaxShortTextLen)
				qs = append(qs, q)
			}
		}
		if len(qs) > 10 {
			v.Fail("application_questions", Msg("error.field.too_many", "Max", 10))
		}
		c.ApplicationQuestions = qs
	}
	if ch.FlagThreshold != nil {
		if *ch.FlagThreshold < 1 || *ch.FlagThreshold > 20 {
			v.Fail("flag_threshold", Msg("error.field.range", "Min", 1, "Max", 20))
		}
		c.FlagThreshold = *ch.FlagThreshold
	}
	if ch.ReviewDays != nil {
		if *ch.ReviewDays < 1 || *ch.ReviewDays > 60 {
			v.Fail("review_days", Msg("error.field.range", "Min", 1, "Max", 60))
		}
		c.ReviewDays = *ch.ReviewDays
	}
	if ch.TrustQuota != nil {
		if *ch.TrustQuota < 1 || *ch.TrustQuota > MaxTrustQuota {
			v.Fail("trust_quota", Msg("error.field.range", "Min", 1, "Max", MaxTrustQuota))
		}
		c.TrustQuota = *ch.TrustQuota
	}
	if ch.AccessibilityFeatures != nil {
		var feats []string
		for _, f := range *ch.AccessibilityFeatures {
			f = strings.TrimSpace(f)
			v.Line("accessibility_features", f, true, 100)
			if f != "" && !containsString(feats, f) && !containsString(StandardAccessibility, f) {
				feats = append(feats, f)
			}
		}
		if len(feats) > 30 {
			v.Fail("accessibility_features", Msg("error.field.too_many", "Max", 30))
		}
		c.AccessibilityFeatures = feats
	}
}

// MembershipStatus says where a person stands in a community.
type MembershipStatus string

// Membership statuses: an application waits as pending until an editor
// decides it.
const (
	MemberActive   MembershipStatus = "active"
	MemberPending  MembershipStatus = "pending"
	MemberDeclined MembershipStatus = "declined"
)

// Member is a person's membership in one community.
type Member struct {
	CommunityID string
	UserID      string
	Name        string
	Status      MembershipStatus
	Application string // what an applicant wrote to the community
	// Answers are the applicant's answers, in the order of the questions.
	Answers []string
	// Comments are members' remarks on an application, for the editors.
	Comments []ApplicationComment
	Roles    []Role
	JoinedAt time.Time
	// TrustReceived counts, per role, the active members who vouch for this one.
	TrustReceived map[Role]int
	// Threshold is the trust a role needs in this community now.
	Threshold int
	// ReadOnly is set by the scope when the member's account address is
	// not confirmed: Allowed then grants reading only.
	ReadOnly bool
	// Public: the person chose to show their name and profile in this
	// community to everyone, not only to its members (MayShowPerson).
	Public bool
	// Moderation is where the person stands after reports of them
	// (SubjectPerson); "" where it was not read.
	Moderation Moderation
}

// ApplicationComment is a member's remark on an application.
type ApplicationComment struct {
	AuthorID, AuthorName, Body string
	At                         time.Time
}

// MaxApplicationLen bounds an applicant's note.
const MaxApplicationLen = 2000

// HasRole reports whether the member holds the role.
func (m *Member) HasRole(r Role) bool {
	if m == nil || m.Status != MemberActive {
		return false
	}
	for _, have := range m.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// LogEntry is one privileged act on the community's public record.
type LogEntry struct {
	ID          string
	CommunityID string
	ActorID     string
	ActorName   string
	Action      string // a catalog key suffix, e.g. "community.updated"
	Subject     string // a name or id the act concerned
	At          time.Time
	// Before and After hold the fields the act changed, as text, each
	// cut to RecordValueLimit characters.
	Before, After map[string]string
}

// RecordValueLimit is how many characters of a changed field the record
// keeps. A record entry is written on every change and kept for good, so
// a long text changed often (a description) would otherwise grow the
// database and every export of the record without bound; the record says
// that a field changed and how it began, the thing itself holds the rest.
const RecordValueLimit = 500

// CutRecordValue cuts s to RecordValueLimit characters, marking the cut
// with an ellipsis.
func CutRecordValue(s string) string {
	n := 0
	for i := range s {
		if n == RecordValueLimit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
