package commons

import "testing"

func TestSettleSides(t *testing.T) {
	offer := Intent{Direction: IntentOffer, OwnerUserID: "owner", OwnerName: "Owner"}
	answer := IntentAnswer{UserID: "answerer", Name: "Answerer"}
	r, p := SettleSides(offer, answer)
	if r.OwnerID != "answerer" || p.OwnerID != "owner" {
		t.Errorf("an offer: the answerer receives, the owner provides: %+v %+v", r, p)
	}
	request := Intent{Direction: IntentRequest, OwnerOrgID: "org", OwnerName: "Hall"}
	r, p = SettleSides(request, answer)
	if r.Owner != OwnerOrganization || r.OwnerID != "org" || p.OwnerID != "answerer" {
		t.Errorf("a request by an organization: it receives: %+v %+v", r, p)
	}
	m := &Member{Status: MemberActive, Roles: []Role{RoleMember}}
	on := TimeBank{Enabled: true}
	person := Side{Owner: OwnerPerson, OwnerID: "me"}
	if !MaySettle(m, person, "me", false, IntentAnswered, on) || MaySettle(m, person, "you", false, IntentAnswered, on) ||
		MaySettle(m, person, "me", false, IntentFulfilled, on) || MaySettle(m, person, "me", false, IntentAnswered, TimeBank{}) {
		t.Error("a person settles what they received, once, with the time bank on")
	}
	org := Side{Owner: OwnerOrganization, OwnerID: "org"}
	if !MaySettle(m, org, "me", true, IntentAnswered, on) || MaySettle(m, org, "me", false, IntentAnswered, on) {
		t.Error("an organization's admins settle what it received")
	}
}
