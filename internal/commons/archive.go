package commons

import "time"

// Archiving (issue 15): the people who run a resource, an organization or
// an initiative may put it away when it is no longer offered or under
// way. Nothing is deleted: an archived thing keeps its page (with a
// notice), its bookings, its record and its threads, but it leaves
// directories, search, matches and open data, and takes no new bookings,
// members or pledges — until the same people restore it.

// Archive says whether and since when a thing is archived.
type Archive struct {
	// At is when it was archived; nil while it is in use.
	At *time.Time
	// By is who archived it.
	By string
}

// Archived reports whether the thing is put away.
func (a Archive) Archived() bool { return a.At != nil }

// MayArchiveResource reports who archives and restores a resource: those
// who edit it (commons.MayEditResource) — its owner, or the admins of
// the organization that owns it.
func MayArchiveResource(st ResourceStanding) bool { return MayEditResource(st) }

// MayArchiveOrganization reports who archives and restores an
// organization: its admins.
func MayArchiveOrganization(role OrgRole) bool { return CanManageOrganization(role) }

// MayArchiveInitiative reports who archives and restores an initiative:
// its team.
func MayArchiveInitiative(i *Initiative, userID string) bool { return CanRunInitiative(i, userID) }

// ArchiveRefusal refuses to archive a resource while people still hold or
// ask for its time: future is its bookings, requested or confirmed, that
// have not ended. A librarian who closes a room must tell the people who
// booked it, with a reason each, so archiving never cancels their bookings
// silently: the refusal (409) lists them, and the stewards cancel or
// decline them first (which tells each person), then archive.
func ArchiveRefusal(future []Booking) error {
	if len(future) == 0 {
		return nil
	}
	e := Errorf(CodeConflict, "error.archive.future_bookings", "Count", len(future))
	for _, b := range future {
		e.Conflicts = append(e.Conflicts, b.TimeSlot())
	}
	return e
}

// Kinds of notification about archiving: a thing the person also runs
// was archived, or restored, by someone else.
const (
	NotifyArchived = "archived"
	NotifyRestored = "restored"
)

// archivable are the kinds of subject that can be archived; their tables
// have archived_at and archived_by columns.
var archivable = []SubjectType{SubjectResource, SubjectOrganization, SubjectInitiative}

// Archivable reports whether things of a kind can be archived.
func Archivable(t SubjectType) bool {
	for _, a := range archivable {
		if a == t {
			return true
		}
	}
	return false
}

// Since is when the thing was archived; the zero time while it is in use.
func (a Archive) Since() time.Time {
	if a.At == nil {
		return time.Time{}
	}
	return *a.At
}
