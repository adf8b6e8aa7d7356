package commons

// The rules about one resource and its bookings. Each decision is one
// function here: the use cases enforce it, and the read models they return
// carry its answer (app.ResourceView.May, a booking's purpose blanked), so
// a page shows a control exactly when the action would succeed.

// ResourceStanding is what a person is to one resource: what the rules
// below need to know about them, found by the use case.
type ResourceStanding struct {
	// UserID is the person, "" for a visitor.
	UserID string
	// Owner: the resource is theirs, as a person.
	Owner bool
	// OrgRole is their role in the organization that owns the resource,
	// "" when it is not an organization's or they are not in it.
	OrgRole OrgRole
	// Trusted: they hold trust for the resource that has not lapsed.
	Trusted bool
}

// MayEditResource reports who edits a resource, its hours and its photo:
// its owner, or an admin of the organization that owns it.
func MayEditResource(st ResourceStanding) bool {
	return st.UserID != "" && (st.Owner || CanManageOrganization(st.OrgRole))
}

// MayDecideBookings reports who are a resource's stewards: who confirm or
// decline its booking requests, see every booking's purpose and trust
// others for it. Those who may edit it do, and so do those trusted for it.
func MayDecideBookings(st ResourceStanding) bool {
	return MayEditResource(st) || (st.UserID != "" && st.Trusted)
}

// MayRevokeResourceTrust reports who may take someone's trust for a
// resource back: those who may edit the resource, and the steward who gave
// it (giverID).
func MayRevokeResourceTrust(st ResourceStanding, giverID string) bool {
	return MayEditResource(st) || (MayDecideBookings(st) && giverID == st.UserID)
}

// MayBook reports whether a member may book a resource: the community's
// rule (ActionBook), for a resource that takes bookings and is neither
// hidden nor archived.
func MayBook(m *Member, r Resource) bool {
	return Allowed(m, ActionBook) && r.Bookable && (r.Moderation == Visible || r.Moderation == "") && !r.Archive.Archived()
}

// ConfirmsAtOnce applies a resource's approval policy to a booking by the
// person: open confirms for everyone, trusted confirms for the owner, the
// owning organization's people (any role) and those trusted for it, and
// request always asks — except those who decide the resource's bookings,
// whose own booking asks nobody: they would only be asked to decide it.
func ConfirmsAtOnce(r Resource, st ResourceStanding) bool {
	if MayDecideBookings(st) {
		return true
	}
	switch r.Approval {
	case ApprovalOpen:
		return true
	case ApprovalTrusted:
		return st.Owner || st.OrgRole != "" || st.Trusted
	}
	return false
}

// MayCancelBooking reports who may cancel a booking: its requester, or a
// steward of its resource (st is the person's standing there).
func MayCancelBooking(b Booking, st ResourceStanding) bool {
	return st.UserID != "" && (b.RequesterID == st.UserID || MayDecideBookings(st))
}

// MaySeePurpose reports who may see what a booking is for and who made it:
// its requester, the resource's stewards, and everyone where the owner
// publishes the titles (Resource.PublicTitles).
func MaySeePurpose(r Resource, b Booking, st ResourceStanding) bool {
	return r.PublicTitles || (st.UserID != "" && b.RequesterID == st.UserID) || MayDecideBookings(st)
}
