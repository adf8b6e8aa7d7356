package commons

import "testing"

func TestAllianceRules(t *testing.T) {
	editor := &Member{Status: MemberActive, Roles: []Role{RoleEditor}}
	member := &Member{Status: MemberActive, Roles: []Role{RoleMember}}
	on, off := TimeBank{Enabled: true}, TimeBank{}
	a := Alliance{CommunityID: "A", PartnerID: "B", Status: AllianceProposed}
	if !MayProposeAlliance(editor, on) || MayProposeAlliance(editor, off) || MayProposeAlliance(member, on) {
		t.Error("proposing: editors, with the time bank on")
	}
	if !MayAcceptAlliance(editor, a, "B", on) || MayAcceptAlliance(editor, a, "A", on) || MayAcceptAlliance(editor, a, "B", off) || MayAcceptAlliance(member, a, "B", on) {
		t.Error("accepting: the other side's editors, with their time bank on")
	}
	if MayTransferAcross(member, a, "A", on) {
		t.Error("a proposal is no alliance yet")
	}
	a.Status = AllianceActive
	if !MayTransferAcross(member, a, "A", on) || !MayTransferAcross(member, a, "B", on) || MayTransferAcross(member, a, "C", on) || MayTransferAcross(member, a, "A", off) {
		t.Error("transferring across: members of either side, time bank on")
	}
	if !MayEndAlliance(editor, a, "B") || !MayEndAlliance(editor, a, "A") || MayEndAlliance(member, a, "A") || MayEndAlliance(editor, a, "C") {
		t.Error("ending: either side's editors")
	}
	a.Status = AllianceEnded
	if MayEndAlliance(editor, a, "A") || MayTransferAcross(member, a, "A", on) {
		t.Error("an ended alliance stays ended and moves nothing")
	}
	if id, _, _ := a.Other("A"); id != "B" {
		t.Error("the other side of A is B")
	}
	var v Validator
	f := AcrossFields{ToUserID: "u", Minutes: 0, Category: "care"}
	f.Validate(&v)
	if v.Err() == nil {
		t.Error("zero minutes across")
	}
}
