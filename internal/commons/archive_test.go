package commons

import (
	"testing"
	"time"
)

// An archived thing takes no bookings and no pledges; a resource with
// bookings to come is refused archiving with each of them listed.
func TestArchiveRules(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	member := &Member{UserID: "u", Status: MemberActive, Roles: []Role{RoleMember}}
	r := Resource{Bookable: true, Moderation: Visible}
	if !MayBook(member, r) {
		t.Fatal("a member may book a resource in use")
	}
	r.Archive = Archive{At: &at, By: "o"}
	if MayBook(member, r) || !r.Archive.Archived() || !r.Archive.Since().Equal(at) {
		t.Fatal("an archived resource is bookable")
	}
	i := Initiative{Status: InitiativeActive}
	if !i.TakesPledges() {
		t.Fatal("an active initiative takes pledges")
	}
	i.Archive.At = &at
	if i.TakesPledges() || MayPledgeTo(member, &i) {
		t.Fatal("an archived initiative takes pledges")
	}
	if ArchiveRefusal(nil) != nil {
		t.Fatal("nothing to come, yet refused")
	}
	err := ArchiveRefusal([]Booking{{StartsAt: at, EndsAt: at.Add(time.Hour)}, {StartsAt: at.AddDate(0, 0, 7), EndsAt: at.AddDate(0, 0, 7).Add(time.Hour)}})
	if CodeOf(err) != CodeConflict || len(ErrorOf(err).Conflicts) != 2 {
		t.Fatalf("refusal: %v", err)
	}
	for _, k := range []SubjectType{SubjectResource, SubjectOrganization, SubjectInitiative} {
		if !Archivable(k) {
			t.Errorf("%s is not archivable", k)
		}
	}
	if Archivable(SubjectPost) {
		t.Error("posts are archivable")
	}
	if !MayArchiveOrganization(OrgAdmin) || MayArchiveOrganization(OrgMember) {
		t.Error("organization archiving is not its admins'")
	}
}
