package commons

import (
	"slices"
	"strings"
	"time"
)

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
// member whose profile peer review has not hidden (VouchableProfile).
// The use case enforces it and the member page shows the trust controls
// from it.
func MayVouchFor(giver *Member, receiver Member) bool {
	return Allowed(giver, ActionVouch) && giver.UserID != receiver.UserID && receiver.Status == MemberActive &&
		VouchableProfile(receiver.Moderation)
}

// VouchableProfile reports whether a person's profile, in this state of
// peer review, may receive trust. A person hidden after reports is out of
// most members' sight and under review: trust given then would raise them
// to roles while the community is deciding about them, and would send the
// voucher to a page they may not open. So nobody vouches until the review
// restores the profile; trust already given stays, and may be taken back.
func VouchableProfile(state Moderation) bool { return state == Visible || state == "" }

// RoleStanding is where a member stands for one trusted role: the trust
// they hold for it, whether they hold the role, and how much more trust
// it needs.
type RoleStanding struct {
	Role    Role
	Trust   int
	Needed  int // more trust needed, 0 when held
	Held    bool
	Granted bool // held without enough trust: the founder's roles
	Given   bool // the reader vouches for this role
}

// Standings tells, for every trusted role, where a member stands, and
// which of them the reader (readerID, "" for a visitor) vouches for among
// the edges given.
func (m Member) Standings(readerID string, edges []TrustEdge) []RoleStanding {
	var out []RoleStanding
	for _, role := range TrustedRoles {
		st := RoleStanding{Role: role, Trust: m.TrustReceived[role], Held: m.HasRole(role)}
		st.Granted = st.Held && st.Trust < m.Threshold
		if !st.Held {
			st.Needed = m.Threshold - st.Trust
		}
		for _, e := range edges {
			st.Given = st.Given || (readerID != "" && e.GiverID == readerID && e.Role == role)
		}
		out = append(out, st)
	}
	return out
}

// RoleLoss is a role a member would no longer hold.
type RoleLoss struct {
	UserID, Name string
	Role         Role
}

// KeepsEveryRole is the rule for changing the trust a role needs: no
// change may take a role from anyone who holds it. A threshold raised past
// the trust members hold would otherwise strip them of their roles at once
// — possibly everyone's but the founder's, leaving nobody to admit or vouch
// for newcomers and the community locked. The refusal names whom the change
// would affect, so the editor can lower it or ask members to vouch first.
func KeepsEveryRole(losses []RoleLoss) error {
	if len(losses) == 0 {
		return nil
	}
	var names []string
	for _, l := range losses {
		if !slices.Contains(names, l.Name) {
			names = append(names, l.Name)
		}
	}
	m := Msg("error.trust_threshold.strips_roles", "Names", strings.Join(names, ", "), "Count", len(names))
	return &Error{Code: CodeInvalid, Message: m, Fields: map[string]Message{"trust_threshold": m}}
}
