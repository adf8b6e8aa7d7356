package commons

// Side is one side of an exchange as the time bank sees it: a person's or
// an organization's account.
type Side struct {
	Owner   TimeBankOwner
	OwnerID string
	Name    string
}

// SettleSides says who received and who provided in an answered offer or
// request: an offer's owner provides and its answerer receives; a
// request's owner receives and its answerer provides. An owner or an
// answer may speak for an organization, whose account then pays or is
// paid.
func SettleSides(i Intent, a IntentAnswer) (receiver, provider Side) {
	owner := Side{Owner: OwnerPerson, OwnerID: i.OwnerUserID, Name: i.OwnerName}
	if i.OwnerOrgID != "" {
		owner = Side{Owner: OwnerOrganization, OwnerID: i.OwnerOrgID, Name: i.OwnerName}
	}
	answerer := Side{Owner: OwnerPerson, OwnerID: a.UserID, Name: a.Name}
	if a.OrgID != "" {
		answerer = Side{Owner: OwnerOrganization, OwnerID: a.OrgID, Name: a.OrgName}
	}
	if i.Direction == IntentOffer {
		return answerer, owner
	}
	return owner, answerer
}

// MaySettle is the rule for settling an answered offer or request by a
// transfer: the receiving side pays — the person, or an admin of the
// organization that received — while the intent is answered (not yet
// fulfilled, withdrawn or expired) and the time bank is on.
func MaySettle(m *Member, receiver Side, actorID string, adminOfReceiver bool, status IntentStatus, tb TimeBank) bool {
	if !MayUseTimeBank(m, tb) || status != IntentAnswered || actorID == "" {
		return false
	}
	if receiver.Owner == OwnerOrganization {
		return adminOfReceiver
	}
	return receiver.OwnerID == actorID
}
