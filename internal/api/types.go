package api

import (
	"encoding/json"
	"time"

	"github.com/invopop/jsonschema"

	"github.com/commons-project/commons/internal/commons"
)

// The JSON shapes of the API. They are separate from the domain types so
// that the contract changes only when we mean it to.

// User is a person's account as its owner sees it.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Locale    string    `json:"locale"`
	CreatedAt time.Time `json:"created_at"`
	// EmailConfirmed is false until the person follows the link mailed
	// to their address; until then they read but do not act.
	EmailConfirmed bool `json:"email_confirmed"`
	// PrivacyAcceptedAt is when the person accepted the privacy notice.
	PrivacyAcceptedAt *time.Time `json:"privacy_accepted_at,omitempty"`
	// TimeZone is the zone the person reads times in; "" follows their
	// community's.
	TimeZone string `json:"time_zone"`
}

func userOut(u commons.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, CreatedAt: u.CreatedAt, EmailConfirmed: u.EmailConfirmed,
		PrivacyAcceptedAt: u.PrivacyAccepted, TimeZone: u.TimeZone}
}

// NewUser signs up.
type NewUser struct {
	Email    string `json:"email" jsonschema:"format=email,maxLength=254"`
	Name     string `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Password string `json:"password" jsonschema:"minLength=10,maxLength=256"`
	Locale   string `json:"locale,omitempty" jsonschema:"description=A catalog language such as en or ru; empty follows the client"`
	// AcceptPrivacy records the acceptance of the privacy notice (GET
	// /privacy), dated, as the sign-up page does.
	AcceptPrivacy bool `json:"accept_privacy,omitempty" jsonschema:"description=The person accepts the site's privacy notice (/privacy); its date is kept"`
}

// ProfileChange edits one's own account.
type ProfileChange struct {
	Name   *string `json:"name,omitempty" jsonschema:"minLength=1,maxLength=200"`
	Locale *string `json:"locale,omitempty"`
	// TimeZone is an IANA zone (Europe/London); "" follows the community's.
	TimeZone *string `json:"time_zone,omitempty" jsonschema:"maxLength=64,description=An IANA time zone such as Europe/London; empty to follow the community's zone"`
	// Password and Email need CurrentPassword. A new password signs out
	// every web session; a new address is mailed a link and replaces the
	// old one when it is followed.
	Password        *string `json:"password,omitempty" jsonschema:"minLength=10,maxLength=256"`
	Email           *string `json:"email,omitempty" jsonschema:"format=email,maxLength=254,description=Takes effect when the link mailed to it is followed"`
	CurrentPassword string  `json:"current_password,omitempty" jsonschema:"description=Needed to change password or email"`
}

// NewToken asks for an API token with a password.
type NewToken struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Label    string `json:"label,omitempty" jsonschema:"maxLength=100"`
}

// Token is a new API token; the secret is shown only in this answer.
type Token struct {
	ID        string    `json:"id"`
	Token     string    `json:"token"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"created_at"`
}

// TokenInfo describes an existing token, without its secret.
type TokenInfo struct {
	ID         string     `json:"id"`
	Label      string     `json:"label"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// Community is a learning community.
type Community struct {
	ID                  string   `json:"id"`
	Slug                string   `json:"slug"`
	Name                string   `json:"name"`
	Description         string   `json:"description"`
	Languages           []string `json:"languages"`
	TimeZone            string   `json:"time_zone"`
	TrustThreshold      *int     `json:"trust_threshold" jsonschema:"description=The community's own threshold; null while derived from its size"`
	RequiresApplication bool     `json:"requires_application"`
	// AccessibilityFeatures are every feature the community's resources
	// may name: the standard ones first.
	AccessibilityFeatures []string  `json:"accessibility_features"`
	TrustQuota            int       `json:"trust_quota" jsonschema:"description=Role trusts a member may give in 30 days"`
	FlagThreshold         int       `json:"flag_threshold" jsonschema:"description=Flags from members in good standing that hide content"`
	ReviewDays            int       `json:"review_days" jsonschema:"description=How long a review of hidden content stays open"`
	ApplicationQuestions  []string  `json:"application_questions"`
	MemberCount           int       `json:"member_count"`
	CreatedAt             time.Time `json:"created_at"`
}

func communityOut(c commons.Community) Community {
	langs := c.Languages
	if langs == nil {
		langs = []string{}
	}
	return Community{ID: c.ID, Slug: c.Slug, Name: c.Name, Description: c.Description, Languages: langs, TimeZone: c.TimeZone,
		TrustThreshold: c.TrustThreshold, RequiresApplication: c.RequiresApplication, MemberCount: c.MemberCount, CreatedAt: c.CreatedAt,
		AccessibilityFeatures: append(append([]string{}, commons.StandardAccessibility...), c.AccessibilityFeatures...), TrustQuota: c.TrustQuota,
		FlagThreshold: c.FlagThreshold, ReviewDays: c.ReviewDays, ApplicationQuestions: nonNil(c.ApplicationQuestions)}
}

// NewCommunity starts a community.
type NewCommunity struct {
	Slug                string   `json:"slug"`
	Name                string   `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Description         string   `json:"description,omitempty" jsonschema:"maxLength=20000"`
	Languages           []string `json:"languages,omitempty" jsonschema:"description=BCP 47 tags in the community's order of preference"`
	TimeZone            string   `json:"time_zone,omitempty" jsonschema:"description=IANA time zone; Europe/London when absent"`
	RequiresApplication bool     `json:"requires_application,omitempty"`
}

// JSONSchemaExtend documents the slug's pattern, which holds a comma that
// a struct tag cannot.
func (NewCommunity) JSONSchemaExtend(s *jsonschema.Schema) {
	if p, ok := s.Properties.Get("slug"); ok {
		p.Pattern = `^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$`
		p.Description = "Lower-case letters, digits and hyphens; the community's address /c/{slug}"
	}
}

// JSONSchemaExtend marks the fields that may be null.
func (Community) JSONSchemaExtend(s *jsonschema.Schema) { nullable(s, "trust_threshold") }

// JSONSchemaExtend marks the fields that may be null.
func (TokenInfo) JSONSchemaExtend(s *jsonschema.Schema) { nullable(s, "last_used_at") }

// nullable lets the named properties also be null: a Go pointer without
// omitempty is written as null when nil.
func nullable(s *jsonschema.Schema, names ...string) {
	for _, n := range names {
		if p, ok := s.Properties.Get(n); ok {
			s.Properties.Set(n, &jsonschema.Schema{AnyOf: []*jsonschema.Schema{p, {Type: "null"}}, Description: p.Description})
			p.Description = ""
		}
	}
}

// CommunityChange edits a community's settings; absent fields stay.
type CommunityChange struct {
	Name                 *string     `json:"name,omitempty" jsonschema:"minLength=1,maxLength=200"`
	Description          *string     `json:"description,omitempty" jsonschema:"maxLength=20000"`
	Languages            *[]string   `json:"languages,omitempty"`
	TimeZone             *string     `json:"time_zone,omitempty"`
	TrustThreshold       NullableInt `json:"trust_threshold,omitzero"`
	RequiresApplication  *bool       `json:"requires_application,omitempty"`
	ApplicationQuestions *[]string   `json:"application_questions,omitempty" jsonschema:"description=Questions for those who apply, at most ten"`
	// AccessibilityFeatures replaces the community's own accessibility
	// features, beyond the standard step_free, accessible_toilet,
	// hearing_loop and quiet_room.
	AccessibilityFeatures *[]string `json:"accessibility_features,omitempty"`
	TrustQuota            *int      `json:"trust_quota,omitempty" jsonschema:"minimum=1,maximum=100,description=Role trusts a member may give in 30 days"`
	FlagThreshold         *int      `json:"flag_threshold,omitempty" jsonschema:"minimum=1,maximum=20,description=Flags from members in good standing that hide content"`
	ReviewDays            *int      `json:"review_days,omitempty" jsonschema:"minimum=1,maximum=60,description=How long a review of hidden content stays open"`
}

// NullableInt tells an absent field from an explicit null, which PATCH
// needs: null returns a setting to its default.
type NullableInt struct {
	Set   bool
	Value *int
}

// IsZero makes an absent NullableInt disappear with omitzero.
func (n NullableInt) IsZero() bool { return !n.Set }

// UnmarshalJSON records that the field was present.
func (n *NullableInt) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var v int
	if err := json.Unmarshal(b, &v); err != nil {
		return &fieldError{field: "trust_threshold", want: "integer"}
	}
	n.Value = &v
	return nil
}

// JSONSchema documents NullableInt as an integer or null.
func (NullableInt) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "integer", Minimum: "1", Maximum: "100"}, {Type: "null"}},
		Description: "The community's own trust threshold; null returns to the derived one"}
}

// Joined answers a join: active at once, or an application that waits.
type Joined struct {
	Status string `json:"status" jsonschema:"enum=active,enum=pending"`
}

// JoinRequest may carry a note for the community's editors, and the
// answers to its questions when it asks people to apply.
type JoinRequest struct {
	Application string   `json:"application,omitempty" jsonschema:"maxLength=2000"`
	Answers     []string `json:"answers,omitempty" jsonschema:"description=In the order of the community's application_questions"`
}

// ApplicationComment is a member's remark on an application.
type ApplicationComment struct {
	Body string `json:"body" jsonschema:"minLength=1,maxLength=2000"`
}

// CommentOut is a comment on an application.
type CommentOut struct {
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Decision admits or declines an application.
type Decision struct {
	Decision string `json:"decision" jsonschema:"enum=admit,enum=decline"`
}

// Member is a person's membership of a community.
type Member struct {
	UserID        string         `json:"user_id"`
	Name          string         `json:"name"`
	Status        string         `json:"status" jsonschema:"enum=active,enum=pending,enum=declined"`
	Roles         []string       `json:"roles"`
	TrustReceived map[string]int `json:"trust_received" jsonschema:"description=Per role, how many active members vouch for this one"`
	Threshold     int            `json:"threshold" jsonschema:"description=The trust a role needs in this community now"`
	Application   string         `json:"application,omitempty"`
	Answers       []string       `json:"answers,omitempty"`
	Comments      []CommentOut   `json:"comments,omitempty"`
	JoinedAt      time.Time      `json:"joined_at"`
}

func memberOut(m commons.Member) Member {
	out := Member{UserID: m.UserID, Name: m.Name, Status: string(m.Status), Roles: []string{}, TrustReceived: map[string]int{},
		Threshold: m.Threshold, JoinedAt: m.JoinedAt}
	for _, r := range m.Roles {
		out.Roles = append(out.Roles, string(r))
	}
	for r, n := range m.TrustReceived {
		out.TrustReceived[string(r)] = n
	}
	if m.Status == commons.MemberPending {
		out.Application, out.Answers = m.Application, m.Answers
		for _, c := range m.Comments {
			out.Comments = append(out.Comments, CommentOut{AuthorName: c.AuthorName, Body: c.Body, CreatedAt: c.At})
		}
	}
	return out
}

// Organization is an actor of a community.
type Organization struct {
	ContentLanguages
	ID          string `json:"id"`
	CommunityID string `json:"community_id"`
	Name        string `json:"name"`
	Sector      string `json:"sector" jsonschema:"enum=public_authority,enum=business,enum=education,enum=culture,enum=ngo,enum=citizen_group"`
	Description string `json:"description"`
	Website     string `json:"website"`
	Email       string `json:"email"`
	Address     string `json:"address"`
	City        string `json:"city"`
	Region      string `json:"region"`
	PostalCode  string `json:"postal_code"`
	Country     string `json:"country"`
	// Contact is there for the community's members, and for everyone
	// when it is public; absent otherwise.
	Contact     *Contact   `json:"contact,omitempty"`
	MemberCount int        `json:"member_count"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	ArchivedAt  *time.Time `json:"archived_at,omitempty" jsonschema:"description=When it was archived (out of directories; restore to use it again); absent while in use"`
}

func organizationOut(o commons.Organization) Organization {
	out := Organization{ID: o.ID, CommunityID: o.CommunityID, Name: o.Name, Sector: string(o.Sector), Description: o.Description,
		Website: o.Website, Email: o.Email, Address: o.Address, City: o.Place.City, Region: o.Place.Region, PostalCode: o.Place.PostalCode,
		Country: o.Place.Country, MemberCount: o.MemberCount, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, ArchivedAt: o.Archive.At}
	if c := o.Contact; !c.IsZero() {
		out.Contact = &Contact{Name: c.Name, Title: c.Title, Email: c.Email, Phone: c.Phone, Public: c.Public}
	}
	return out
}

// NewOrganization puts an organization on the map.
type NewOrganization struct {
	Name        string   `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Sector      string   `json:"sector" jsonschema:"enum=public_authority,enum=business,enum=education,enum=culture,enum=ngo,enum=citizen_group"`
	Description string   `json:"description,omitempty" jsonschema:"maxLength=20000"`
	Website     string   `json:"website,omitempty" jsonschema:"format=uri"`
	Email       string   `json:"email,omitempty" jsonschema:"format=email"`
	Address     string   `json:"address,omitempty" jsonschema:"maxLength=500"`
	City        string   `json:"city,omitempty" jsonschema:"maxLength=200"`
	Region      string   `json:"region,omitempty" jsonschema:"maxLength=200"`
	PostalCode  string   `json:"postal_code,omitempty" jsonschema:"maxLength=20"`
	Country     string   `json:"country,omitempty" jsonschema:"pattern=^[A-Za-z]{2}$"`
	Contact     *Contact `json:"contact,omitempty"`
}

// Contact is whom to ask about an organization; public puts it on the
// open web (pages for visitors, HSDS).
type Contact struct {
	Name   string `json:"name,omitempty" jsonschema:"maxLength=200"`
	Title  string `json:"title,omitempty" jsonschema:"maxLength=200"`
	Email  string `json:"email,omitempty" jsonschema:"format=email"`
	Phone  string `json:"phone,omitempty" jsonschema:"maxLength=40"`
	Public bool   `json:"public"`
}

func contactIn(c *Contact) commons.Contact {
	if c == nil {
		return commons.Contact{}
	}
	return commons.Contact{Name: c.Name, Title: c.Title, Email: c.Email, Phone: c.Phone, Public: c.Public}
}

// OrganizationChange edits an organization; absent fields stay.
type OrganizationChange struct {
	Name        *string `json:"name,omitempty" jsonschema:"minLength=1,maxLength=200"`
	Sector      *string `json:"sector,omitempty" jsonschema:"enum=public_authority,enum=business,enum=education,enum=culture,enum=ngo,enum=citizen_group"`
	Description *string `json:"description,omitempty"`
	Website     *string `json:"website,omitempty"`
	Email       *string `json:"email,omitempty"`
	Address     *string `json:"address,omitempty"`
	City        *string `json:"city,omitempty"`
	Region      *string `json:"region,omitempty"`
	PostalCode  *string `json:"postal_code,omitempty"`
	Country     *string `json:"country,omitempty"`
	// Contact replaces the contact as a whole; {} removes it.
	Contact *Contact `json:"contact,omitempty"`
}

// OrgMember is a person's place in an organization.
type OrgMember struct {
	UserID  string    `json:"user_id"`
	Name    string    `json:"name"`
	Role    string    `json:"role" jsonschema:"enum=admin,enum=member"`
	AddedAt time.Time `json:"added_at"`
}

// OrgMemberChange adds a person or changes their role.
type OrgMemberChange struct {
	UserID string `json:"user_id"`
	Role   string `json:"role" jsonschema:"enum=admin,enum=member"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
