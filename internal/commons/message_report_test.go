package commons

import "testing"

// A direct message is reported by another participant of its
// conversation, while shown, when the two share a community.
func TestMayReportMessage(t *testing.T) {
	people := []string{"ana", "ben"}
	for _, c := range []struct {
		name, reader, author string
		state                Moderation
		shared               int
		want                 bool
	}{
		{"the other participant", "ben", "ana", Visible, 1, true},
		{"its author", "ana", "ana", Visible, 1, false},
		{"someone outside", "cy", "ana", Visible, 1, false},
		{"a visitor", "", "ana", Visible, 1, false},
		{"no community shared", "ben", "ana", Visible, 0, false},
		{"hidden after a report", "ben", "ana", KeptHidden, 1, false},
		{"an erased author", "ben", "", Visible, 1, false},
	} {
		if got := MayReportMessage(c.reader, people, c.author, c.state, c.shared); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if MessageShown(KeptHidden) || MessageShown(Removed) || !MessageShown(Visible) {
		t.Error("a message kept hidden or removed is not shown")
	}
}

// The review of a message is for its reviewers and its author, not for
// every member: it quotes a private conversation.
func TestMayReadMessageReview(t *testing.T) {
	steward := &Member{UserID: "s", Status: MemberActive, Roles: []Role{RoleSteward}}
	newcomer := &Member{UserID: "n", Status: MemberActive, Roles: []Role{RoleNewcomer}}
	msg := Review{SubjectType: SubjectMessage, AuthorID: "ana"}
	post := Review{SubjectType: SubjectPost, AuthorID: "ana"}
	if !MayReadReview(steward, "s", msg) || MayReadReview(newcomer, "n", msg) || !MayReadReview(nil, "ana", msg) {
		t.Error("a message's review: reviewers and the author only")
	}
	if !MayReadReview(newcomer, "n", post) {
		t.Error("a post's review stays every member's")
	}
	if SubjectMessage.Can(FlaggableInCommunity) || !SubjectMessage.Can(Flaggable) || !SubjectPost.Can(FlaggableInCommunity) {
		t.Error("a message is reported from its conversation, not a community's flag form")
	}
}
