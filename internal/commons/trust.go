package commons

import "time"

// DefaultTrustThreshold is how many members must vouch for a role when the
// community has not set its own: min(3, max(1, ⌊N/2⌋)), where N counts the
// active members who joined more than a day ago. Small communities need
// one voice; larger ones three.
func DefaultTrustThreshold(established int) int {
	return min(3, max(1, established/2))
}

// TrustedRoles are the roles trust can be given for.
var TrustedRoles = []Role{RoleMember, RoleEditor, RoleSteward}

// RolesFrom derives a member's roles: those granted outright (to the
// person who started the community) and those whose trust, from members
// still active, reaches the threshold. Someone with neither is a newcomer.
// Roles are derived whenever they are read, so they follow every change of
// trust and membership at once.
func RolesFrom(granted []Role, trust map[Role]int, threshold int) []Role {
	var out []Role
	for _, r := range TrustedRoles {
		has := trust[r] >= threshold
		for _, g := range granted {
			has = has || g == r
		}
		if has {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		out = []Role{RoleNewcomer}
	}
	return out
}

// TrustEdge is one member vouching for another.
type TrustEdge struct {
	GiverID, GiverName       string
	ReceiverID, ReceiverName string
	Role                     Role
	At                       time.Time
}

// MaxTrustQuota bounds a community's monthly trust quota.
const MaxTrustQuota = 100

// TrustWindow is the period the quota counts over.
const TrustWindow = 30 * 24 * time.Hour

// MayVouchFor is the rule for giving trust: the giver may vouch (holds a
// trusted role), is not the receiver, and the receiver is an active
// member. The use case enforces it and the member page shows the trust
// controls from it.
func MayVouchFor(giver *Member, receiver Member) bool {
	return Allowed(giver, ActionVouch) && giver.UserID != receiver.UserID && receiver.Status == MemberActive
}
