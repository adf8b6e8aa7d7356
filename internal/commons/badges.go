package commons

import (
	"regexp"
	"strings"
	"time"
)

// BadgeRule is how an achievement may be awarded without anyone's hand.
type BadgeRule string

// The rules: none (by hand only), N confirmed volunteer hours given to
// what the achievement is about, N sessions attended of its activity
// (occurrences of the series the person was registered for, once ended),
// taught N sessions of its activity (an organizer of the series, once N
// occurrences ended), or kept N commitments of its initiative's
// partnership (awarded to the admins of an organization whose N
// commitments there were marked kept).
const (
	BadgeRuleNone       BadgeRule = ""
	BadgeRuleHours      BadgeRule = "hours"
	BadgeRuleSessions   BadgeRule = "sessions"
	BadgeRuleTaught     BadgeRule = "taught"
	BadgeRuleCommitment BadgeRule = "commitment"
)

// BadgeRules lists them.
var BadgeRules = []BadgeRule{BadgeRuleNone, BadgeRuleHours, BadgeRuleSessions, BadgeRuleTaught, BadgeRuleCommitment}

// Limits of achievements.
const (
	MaxBadgeCriteriaLen = 2000
	// MaxBadgeHours bounds an hours rule: more than a working life of
	// volunteering is a rule that can never fire.
	MaxBadgeHours = 20000
	// StatusListSize is the number of entries of a community's revocation
	// list: the Bitstring Status List's minimum, 16 KiB of bits, which
	// keeps holders from being told apart by the list's size.
	StatusListSize = 131072
	// MaxBadgeCommitments bounds a commitment rule: no partnership holds
	// more commitments of one organization.
	MaxBadgeCommitments = 100
)

// Achievement is something a community recognises: an Open Badges 3.0
// Achievement, with the rule that may award it.
type Achievement struct {
	ID, CommunityID string
	Name            string
	Description     string
	Criteria        string // in words: what a person does to earn it
	Color           string // #rrggbb: the image is drawn from the name and this
	Themes          []string
	// For names what the achievement is about: an initiative or an
	// activity (any occurrence of its series); empty for the community.
	For     HoursFor
	ForID   string
	ForName string
	Rule    BadgeRule
	RuleN   int
	// Awards counts the awards not revoked.
	Awards    int
	CreatedBy string
	CreatedAt time.Time
}

// AchievementFields are what an editor writes.
type AchievementFields struct {
	Name, Description, Criteria, Color string
	Themes                             []string
	For                                HoursFor
	ForID                              string
	Rule                               BadgeRule
	RuleN                              int
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Normalize trims the input.
func (f *AchievementFields) Normalize() {
	f.Name, f.Description, f.Criteria = strings.TrimSpace(f.Name), strings.TrimSpace(f.Description), strings.TrimSpace(f.Criteria)
	f.Color, f.ForID = strings.ToLower(strings.TrimSpace(f.Color)), strings.TrimSpace(f.ForID)
	if f.Color == "" {
		f.Color = "#1d6b57"
	}
	var themes []string
	for _, t := range f.Themes {
		if t = strings.TrimSpace(t); t != "" && !containsString(themes, t) {
			themes = append(themes, t)
		}
	}
	f.Themes = themes
	if f.Rule == BadgeRuleNone {
		f.RuleN = 0
	}
}

// Validate checks an achievement. A rule must be able to fire: a
// positive count within bounds, and something to count — hours given to
// the community or to what the achievement is about, sessions of an
// activity it is about (sessions, at most how many the series has).
func (f *AchievementFields) Validate(v *Validator, communityThemes []string, sessions int) {
	v.Line("name", f.Name, true, MaxNameLen)
	v.Text("description", f.Description, true, MaxSummaryLen)
	v.Text("criteria", f.Criteria, true, MaxBadgeCriteriaLen)
	if !colorPattern.MatchString(f.Color) {
		v.Fail("color", Msg("error.badge.color"))
	}
	if len(f.Themes) > MaxThemes {
		v.Fail("themes", Msg("error.field.too_many", "Max", MaxThemes))
	}
	allowed := append(append([]string{}, StandardThemes...), communityThemes...)
	for _, t := range f.Themes {
		if !containsString(allowed, t) {
			v.Fail("themes", Msg("error.field.one_of", "Allowed", strings.Join(allowed, ", ")))
			break
		}
	}
	if f.For != "" {
		OneOf(v, "for", f.For, []HoursFor{HoursForInitiative, HoursForActivity})
	}
	OneOf(v, "rule", f.Rule, BadgeRules)
	switch f.Rule {
	case BadgeRuleHours:
		if f.RuleN < 1 || f.RuleN > MaxBadgeHours {
			v.Fail("rule_n", Msg("error.badge.never_fires_hours", "Max", MaxBadgeHours))
		}
	case BadgeRuleSessions, BadgeRuleTaught:
		switch {
		case f.For != HoursForActivity:
			v.Fail("rule", Msg("error.badge.sessions_need_activity"))
		case f.RuleN < 1 || f.RuleN > sessions:
			v.Fail("rule_n", Msg("error.badge.never_fires_sessions", "Max", sessions))
		}
	case BadgeRuleCommitment:
		switch {
		case f.For != HoursForInitiative:
			v.Fail("rule", Msg("error.badge.commitment_needs_initiative"))
		case f.RuleN < 1 || f.RuleN > MaxBadgeCommitments:
			v.Fail("rule_n", Msg("error.badge.never_fires_commitments", "Max", MaxBadgeCommitments))
		}
	}
}

// MayManageBadges is the rule for defining achievements and revoking
// awards: the community's editors, who speak for it as an issuer.
func MayManageBadges(m *Member) bool { return Allowed(m, ActionEditCommunity) }

// MayAwardBadge is the rule for awarding an achievement by hand: the
// community's editors, or those who answer for what it is about (the
// initiative's team, the activity's organizers) — never to themselves.
func MayAwardBadge(m *Member, answersForIt bool, actorID, recipientID string) bool {
	return (MayManageBadges(m) || answersForIt) && actorID != "" && actorID != recipientID
}

// Award is an achievement given to a person, issued as a signed Open
// Badges 3.0 credential.
type Award struct {
	ID, CommunityID string
	AchievementID   string
	UserID          string
	UserName        string // blank for readers who may not see names
	AwardedBy       string // "" when a rule awarded it
	Evidence        string // in words, what it was for
	EvidenceURL     string // a page that shows it, where privacy allows
	StatusIndex     int    // its place in the community's revocation list
	Revoked         bool
	RevokedAt       *time.Time
	IssuedAt        time.Time
	// Credential is the signed VC-JWT as issued; it never changes, and
	// revocation is told by the status list.
	Credential string
	// Public: the holder chose to show it on their public profile. The
	// credential is verifiable by whoever holds it either way.
	Public bool
}
