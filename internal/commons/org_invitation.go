package commons

import "time"

// OrgInvitation asks a member of a community to join one of its
// organizations (issue 15, item 8): an admin picks them by name, they
// accept or decline. It waits until answered or withdrawn.
type OrgInvitation struct {
	ID               string
	CommunityID      string
	OrganizationID   string
	OrganizationName string
	UserID           string
	UserName         string
	Role             OrgRole
	InvitedBy        string
	InviterName      string
	CreatedAt        time.Time
}

// MayInviteToOrganization is who may invite people into an organization,
// and see and withdraw its invitations: its admins.
func MayInviteToOrganization(actorRole OrgRole) bool { return CanManageOrganization(actorRole) }

// MayAnswerOrgInvitation is who may accept or decline an invitation: the
// person invited, and nobody else.
func MayAnswerOrgInvitation(userID string, inv OrgInvitation) bool {
	return userID != "" && userID == inv.UserID
}
