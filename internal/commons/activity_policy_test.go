package commons

import (
	"testing"
	"time"
)

func TestActivityAndPostRules(t *testing.T) {
	now := time.Date(2031, 3, 1, 12, 0, 0, 0, time.UTC)
	newcomer := &Member{Status: MemberActive, Roles: []Role{RoleNewcomer}}
	applicant := &Member{Status: MemberPending, Roles: []Role{RoleNewcomer}}
	future := Activity{Status: ActivityScheduled, StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour), CreatedBy: "org"}
	past, cancelled := future, future
	past.EndsAt = now.Add(-time.Minute)
	cancelled.Status = ActivityCancelled
	for _, c := range []struct {
		name string
		m    *Member
		a    Activity
		mine RegistrationStatus
		want Code
	}{
		{"a newcomer, a place free", newcomer, future, "", ""},
		{"a visitor", nil, future, "", CodeForbidden},
		{"an applicant", applicant, future, "", CodeForbidden},
		{"over", newcomer, past, "", CodeInvalid},
		{"cancelled", newcomer, cancelled, "", CodeInvalid},
		{"registered already", newcomer, future, Waitlisted, CodeConflict},
	} {
		if got := CodeOf(RegisterRefusal(c.m, c.a, c.mine, now)); got != c.want {
			t.Errorf("register, %s: %q, want %q", c.name, got, c.want)
		}
		if may := MayOfActivity(c.m, false, c.a, c.mine, now); may.Register != (c.want == "") {
			t.Errorf("register, %s: may %v, refusal %q", c.name, may.Register, c.want)
		}
	}
	noOrg := func(string) OrgRole { return "" }
	admin := func(string) OrgRole { return OrgAdmin }
	withOrg := future
	withOrg.Organizers = []Organizer{{OrganizationID: "o"}, {UserID: "co"}}
	for _, c := range []struct {
		name, who string
		role      func(string) OrgRole
		want      bool
	}{
		{"its publisher", "org", noOrg, true},
		{"a person organizer", "co", noOrg, true},
		{"an admin of an organizer organization", "x", admin, true},
		{"anyone else", "x", noOrg, false},
		{"a visitor", "", admin, false},
	} {
		if got := ManagesActivity(c.who, withOrg, c.role); got != c.want {
			t.Errorf("manages, %s: %v", c.name, got)
		}
	}
	if CodeOf(ChangeActivityRefusal(true, cancelled, now)) != CodeConflict || CodeOf(ChangeActivityRefusal(true, past, now)) != CodeInvalid ||
		CodeOf(ChangeActivityRefusal(false, future, now)) != CodeForbidden || ChangeActivityRefusal(true, future, now) != nil {
		t.Error("changing an occurrence: its organizers, while it is scheduled and to come")
	}

	post := Post{AuthorID: "me", CreatedAt: now.Add(-PostEditWindow)}
	late, gone := post, post
	late.CreatedAt = now.Add(-PostEditWindow - time.Second)
	gone.Deleted = true
	for _, c := range []struct {
		name         string
		m            *Member
		who          string
		p            Post
		edit, delete Code
	}{
		{"its author at the window's end", newcomer, "me", post, "", ""},
		{"its author after the window", newcomer, "me", late, CodeForbidden, ""},
		{"someone else", newcomer, "you", post, CodeForbidden, CodeForbidden},
		{"its author, gone from the community", nil, "me", post, CodeNotFound, CodeNotFound},
		{"its author, once deleted", newcomer, "me", gone, CodeConflict, CodeConflict},
	} {
		edit, del := CodeOf(EditPostRefusal(c.m, c.who, c.p, now)), CodeOf(ChangePostRefusal(c.m, c.who, c.p))
		if edit != c.edit || del != c.delete {
			t.Errorf("%s: edit %q delete %q, want %q %q", c.name, edit, del, c.edit, c.delete)
		}
		if may := MayOfPost(c.m, c.who, c.p, now); may.Edit != (c.edit == "") || may.Delete != (c.delete == "") {
			t.Errorf("%s: may %+v", c.name, may)
		}
	}
}
