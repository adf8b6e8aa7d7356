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
}

// NewUser is what a person gives to sign up.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Locale   string
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
	v.Password("password", n.Password)
}

// ProfileChange is an edit of one's own account; nil fields stay as they are.
type ProfileChange struct {
	Name   *string
	Locale *string
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
