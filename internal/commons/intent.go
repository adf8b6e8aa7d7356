package commons

import (
	"math"
	"strings"
	"time"
)

// An Intent is an offer ("I can lend a projector") or a request ("a van
// for Saturday") that is not yet a resource or an initiative's need. It is
// shaped after ValueFlows' Intent so that an export can map it one to one:
// the owner is the provider of an offer and the receiver of a request,
// Kind and Themes are its resourceClassifiedAs, Quantity its
// availableQuantity, From and Until its hasBeginning and hasEnd (due).
type Intent struct {
	ID          string
	CommunityID string
	Direction   IntentDirection
	Kind        IntentKind
	Title       string
	Description string
	// Themes are the skills and themes it is about, in lower case.
	Themes    []string
	Languages []string
	Quantity  int
	// Online intents need no place; otherwise Place names one, with its
	// coordinates (both or none).
	Online              bool
	Place               string
	Latitude, Longitude *float64
	From, Until         *time.Time
	Visibility          Visibility
	// The owner is an organization (OwnerOrgID, with its sector) or else
	// the person who posted it.
	OwnerOrgID, OwnerUserID string
	OwnerName               string
	OwnerSector             Sector
	Status                  IntentStatus
	Answers                 []IntentAnswer
	CreatedBy               string
	CreatedAt, UpdatedAt    time.Time
}

// IntentDirection says which way an intent goes.
type IntentDirection string

// An offer gives; a request asks.
const (
	IntentOffer   IntentDirection = "offer"
	IntentRequest IntentDirection = "request"
)

// IntentDirections lists the directions.
var IntentDirections = []IntentDirection{IntentOffer, IntentRequest}

// IntentKind is what an intent is about: a resource kind, or a skill. It
// is the resource kind's type, so that matching compares them directly.
type IntentKind = Kind

// KindSkill is the one intent kind that is not a resource kind: know-how a
// person can teach or needs taught (time is already a resource kind).
const KindSkill Kind = "skill"

// IntentKinds lists the kinds: the resource kinds, then skill.
var IntentKinds = func() []IntentKind {
	out := make([]IntentKind, 0, len(Kinds)+1)
	out = append(out, Kinds...)
	return append(out, KindSkill)
}()

// IntentStatus is where an intent stands. Expired is never stored: an open
// or answered intent is expired once its Until has passed (see StatusAt).
type IntentStatus string

// The statuses of an intent.
const (
	IntentOpen      IntentStatus = "open"
	IntentAnswered  IntentStatus = "answered"
	IntentFulfilled IntentStatus = "fulfilled"
	IntentWithdrawn IntentStatus = "withdrawn"
	IntentExpired   IntentStatus = "expired"
)

// IntentStatuses lists the statuses as filters and pages know them.
var IntentStatuses = []IntentStatus{IntentOpen, IntentAnswered, IntentFulfilled, IntentWithdrawn, IntentExpired}

// Visibility says who may see a thing: the community's members, or anyone.
type Visibility string

// The visibilities.
const (
	VisibleCommunity Visibility = "community"
	VisiblePublic    Visibility = "public"
)

// Visibilities lists them, the default first.
var Visibilities = []Visibility{VisibleCommunity, VisiblePublic}

// Limits of intents.
const (
	MaxIntentQuantity = 10_000
	// MaxIntentSpan bounds how far ahead an intent's dates may reach.
	MaxIntentSpan = 2 * 366 * 24 * time.Hour
)

// IntentAnswer is a person's answer to an intent: "I can", "I need it".
type IntentAnswer struct {
	UserID, Name string
	OrgID        string
	OrgName      string
	Note         string
	CreatedAt    time.Time
}

// StatusAt is the intent's status at a moment: open and answered intents
// expire when their Until has passed.
func (i Intent) StatusAt(now time.Time) IntentStatus {
	if (i.Status == IntentOpen || i.Status == IntentAnswered) && i.Until != nil && !now.Before(*i.Until) {
		return IntentExpired
	}
	return i.Status
}

// Live reports whether an intent still waits for an answer at a moment.
func (i Intent) Live(now time.Time) bool {
	s := i.StatusAt(now)
	return s == IntentOpen || s == IntentAnswered
}

// IntentFields are what a person writes when posting an offer or request.
type IntentFields struct {
	Direction           IntentDirection
	Kind                IntentKind
	Title, Description  string
	Themes, Languages   []string
	Quantity            int
	Online              bool
	Place               string
	Latitude, Longitude *float64
	From, Until         *time.Time
	Visibility          Visibility
	// OwnerOrgID posts for an organization the person belongs to; empty:
	// the person's own.
	OwnerOrgID string
}

// Normalize trims input, drops repeated themes and languages and fills
// defaults: one of something, seen by the community.
func (f *IntentFields) Normalize() {
	f.Title = strings.TrimSpace(f.Title)
	f.Description = strings.TrimSpace(f.Description)
	f.Place = strings.TrimSpace(f.Place)
	f.OwnerOrgID = strings.TrimSpace(f.OwnerOrgID)
	f.Themes = cleanList(f.Themes, true)
	f.Languages = cleanList(f.Languages, false)
	if f.Quantity == 0 {
		f.Quantity = 1
	}
	if f.Visibility == "" {
		f.Visibility = VisibleCommunity
	}
	if f.Online {
		f.Place, f.Latitude, f.Longitude = "", nil, nil
	}
}

// Validate checks an intent's fields at a moment: dates may not lie in the
// past nor be reversed, and a place needs its coordinates so that distance
// can be reckoned.
func (f *IntentFields) Validate(v *Validator, now time.Time) {
	OneOf(v, "direction", f.Direction, IntentDirections)
	OneOf(v, "kind", f.Kind, IntentKinds)
	OneOf(v, "visibility", f.Visibility, Visibilities)
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	v.Line("place", f.Place, false, MaxShortTextLen)
	if f.Quantity < 1 || f.Quantity > MaxIntentQuantity {
		v.Fail("quantity", Msg("error.field.range", "Min", 1, "Max", MaxIntentQuantity))
	}
	if len(f.Themes) > MaxThemes {
		v.Fail("themes", Msg("error.field.too_many", "Max", MaxThemes))
	}
	for _, t := range f.Themes {
		v.Line("themes", t, false, MaxThemeLen)
	}
	if len(f.Languages) > 0 {
		f.Languages = v.Languages("languages", f.Languages)
	}
	switch {
	case (f.Latitude == nil) != (f.Longitude == nil):
		v.Fail("latitude", Msg("error.field.coordinates"))
	case f.Latitude != nil && (math.IsNaN(*f.Latitude) || *f.Latitude < -90 || *f.Latitude > 90 || math.IsNaN(*f.Longitude) || *f.Longitude < -180 || *f.Longitude > 180):
		v.Fail("latitude", Msg("error.field.coordinates"))
	case !f.Online && f.Place != "" && f.Latitude == nil:
		v.Fail("latitude", Msg("error.intent.place_coordinates"))
	}
	today := now.Truncate(24 * time.Hour)
	if f.From != nil && f.From.Before(today) {
		v.Fail("from", Msg("error.intent.past"))
	}
	if f.Until != nil {
		switch {
		case !f.Until.After(now):
			v.Fail("until", Msg("error.intent.past"))
		case f.From != nil && !f.Until.After(*f.From):
			v.Fail("until", Msg("error.intent.reversed"))
		case f.Until.Sub(now) > MaxIntentSpan:
			v.Fail("until", Msg("error.intent.too_far"))
		}
	}
}

// IntentFilter selects intents of a community.
type IntentFilter struct {
	Direction IntentDirection
	Kind      IntentKind
	// Status "" lists the live ones (open or answered, not expired).
	Status IntentStatus
	Q      string
	// OwnerOrgID lists one organization's intents.
	OwnerOrgID string
	Page       Page
}

// IntentMay is what a reader may do with one intent.
type IntentMay struct {
	// Answer: a member other than its owner, while it is live.
	Answer bool
	// Manage: its author, or an admin of the organization that owns it;
	// they fulfil, withdraw or edit it.
	Manage bool
}

// MayOfIntent answers what a reader may do with an intent: orgRole is the
// reader's role in the owning organization ("" when none or no
// organization owns it).
func MayOfIntent(m *Member, userID string, orgRole OrgRole, i Intent, now time.Time) IntentMay {
	manage := userID != "" && (userID == i.CreatedBy || (i.OwnerOrgID != "" && orgRole == OrgAdmin))
	live := i.Live(now)
	return IntentMay{
		Answer: live && !manage && orgRole == "" && Allowed(m, ActionPostIntent),
		Manage: manage,
	}
}

// ActionPostIntent is who may post and answer offers and requests: the
// same people who may pledge help to an initiative, everyone who joined.
const ActionPostIntent = ActionPledge

// MayReadIntent is the visibility rule: public intents are anyone's to
// read, community ones are for its active members.
func MayReadIntent(readMembersOnly bool, i Intent) bool {
	return i.Visibility == VisiblePublic || readMembersOnly
}
