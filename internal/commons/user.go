package commons

import (
	"strings"
	"time"
)

// User is a person's account. A person takes part in communities through
// memberships; the account itself belongs to no community.
type User struct {
	ID        string
	Email     string
	Name      string
	Locale    string // the person's chosen language, or "" to follow the browser
	CreatedAt time.Time
	// EmailConfirmed is set once the person followed the link mailed to
	// their address (or the operator confirmed it): until then they read
	// but do not act (see ReadOnly on Member).
	EmailConfirmed bool
	// SiteAdmin is the operator's trust, given from the command line.
	SiteAdmin bool
	// PrivacyAccepted is when the person accepted the privacy notice;
	// nil for accounts older than it.
	PrivacyAccepted *time.Time
	// TimeZone is the IANA zone the person reads times in, or "" to
	// follow their community's zone.
	TimeZone string
}

// NewUser is what a person gives to sign up.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Locale   string
	// AcceptPrivacy is the person's acceptance of the privacy notice
	// shown at sign-up; its date is kept.
	AcceptPrivacy bool
}

// Normalize trims what people paste around their input.
func (n *NewUser) Normalize() {
	n.Email = strings.TrimSpace(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	n.Locale = strings.TrimSpace(n.Locale)
}

// Validate checks a sign-up; locales are checked against the catalogs by
// the caller, who knows them.
func (n *NewUser) Validate(v *Validator) {
	v.Email("email", n.Email, true)
	v.Line("name", n.Name, true, MaxNameLen)
	v.NewPassword("password", n.Password, n.Email, n.Name)
}

// ProfileChange is an edit of one's own account; nil fields stay as they are.
type ProfileChange struct {
	Name   *string
	Locale *string
	// TimeZone is an IANA zone, or "" to follow the community's.
	TimeZone *string
	// Password and Email change the credentials; either needs
	// CurrentPassword. A new address takes effect when confirmed.
	Password        *string
	Email           *string
	CurrentPassword string
	// KeepSession is the secret of the session the change is made from,
	// which stays signed in when the password changes ("" for none).
	KeepSession string
}

// APIToken is a long-lived credential for scripts. Only its hash is stored;
// the secret is shown once, when it is made.
type APIToken struct {
	ID         string
	UserID     string
	Label      string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// MaxTokenLabelLen bounds a token's label.
const MaxTokenLabelLen = 100
