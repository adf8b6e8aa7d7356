package commons

import "testing"

// Admins invite; only the person invited answers.
func TestOrgInvitationRules(t *testing.T) {
	if !MayInviteToOrganization(OrgAdmin) || MayInviteToOrganization(OrgMember) || MayInviteToOrganization("") {
		t.Error("only an organization's admins invite")
	}
	inv := OrgInvitation{UserID: "ana"}
	if !MayAnswerOrgInvitation("ana", inv) || MayAnswerOrgInvitation("ben", inv) || MayAnswerOrgInvitation("", OrgInvitation{}) {
		t.Error("only the person invited answers")
	}
}
