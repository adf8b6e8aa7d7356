package commons

import (
	"strings"
	"time"
)

// Invitation lets people into a community (and an organization of it)
// without an application: by mail to one address, or by a link that
// works a number of times until it expires. Only the hash of its secret
// is kept; the link is shown (or mailed) once.
type Invitation struct {
	ID          string
	CommunityID string
	// OrganizationID, when set, makes whoever accepts a member of the
	// organization too.
	OrganizationID   string
	OrganizationName string
	// Email is the address it was mailed to; "" for a link.
	Email     string
	MaxUses   int
	Uses      int
	ExpiresAt time.Time
	CreatedBy string
	CreatedAt time.Time
}

// Open tells whether the invitation still lets people in at t.
func (i Invitation) Open(t time.Time) bool { return i.Uses < i.MaxUses && t.Before(i.ExpiresAt) }

// NewInvitation is what an editor (or an organization's admin) gives.
type NewInvitation struct {
	OrganizationID string
	Email          string
	// MaxUses bounds how many people a link lets in; a mailed invitation
	// lets in one. Days is how long it works.
	MaxUses int
	Days    int
}

// Bounds of invitations: a link for a whole town's meeting, for a season.
const (
	MaxInvitationUses = 500
	MaxInvitationDays = 90
	// DefaultInvitationDays is how long an invitation works unless told.
	DefaultInvitationDays = 14
)

// Normalize trims and fills the defaults: one use for a mail, two weeks.
func (n *NewInvitation) Normalize() {
	n.Email = strings.TrimSpace(n.Email)
	n.OrganizationID = strings.TrimSpace(n.OrganizationID)
	if n.Email != "" || n.MaxUses == 0 {
		n.MaxUses = max(n.MaxUses, 1)
		if n.Email != "" {
			n.MaxUses = 1
		}
	}
	if n.Days == 0 {
		n.Days = DefaultInvitationDays
	}
}

// Validate checks an invitation's address and bounds.
func (n *NewInvitation) Validate(v *Validator) {
	v.Email("email", n.Email, false)
	if n.MaxUses < 1 || n.MaxUses > MaxInvitationUses {
		v.Fail("max_uses", Msg("error.field.range", "Min", 1, "Max", MaxInvitationUses))
	}
	if n.Days < 1 || n.Days > MaxInvitationDays {
		v.Fail("days", Msg("error.field.range", "Min", 1, "Max", MaxInvitationDays))
	}
}
