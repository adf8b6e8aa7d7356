package commons

import (
	"strings"
	"time"
)

// OwnerAlliance owns a community's account for one of its time bank
// alliances: the account that keeps the community's books balanced when
// its members transfer time across.
const OwnerAlliance TimeBankOwner = "alliance"

// AllianceStatus is where an alliance stands.
type AllianceStatus string

// An alliance is proposed by one community's editors, active once the
// other's accept it, and ended by either side's.
const (
	AllianceProposed AllianceStatus = "proposed"
	AllianceActive   AllianceStatus = "active"
	AllianceEnded    AllianceStatus = "ended"
)

// MaxAllianceNote bounds what the proposer writes.
const MaxAllianceNote = 1000

// Alliance is an agreement between two communities' time banks: their
// members may transfer time across. Each community has an account for the
// alliance; a transfer across moves time out of the payer's account into
// their community's alliance account, and out of the other community's
// alliance account into the receiver's, so each community's movements
// still sum to zero and the two alliance accounts mirror each other.
type Alliance struct {
	ID string
	// CommunityID proposed it to PartnerID.
	CommunityID, PartnerID     string
	CommunityName, PartnerName string
	CommunitySlug, PartnerSlug string
	Status                     AllianceStatus
	Note                       string
	ProposedBy                 string
	CreatedAt                  time.Time
	AcceptedAt, EndedAt        *time.Time
}

// Other is the community on the other side from communityID: its id,
// name and slug.
func (a Alliance) Other(communityID string) (id, name, slug string) {
	if a.CommunityID == communityID {
		return a.PartnerID, a.PartnerName, a.PartnerSlug
	}
	return a.CommunityID, a.CommunityName, a.CommunitySlug
}

// Involves reports whether a community is a side of the alliance.
func (a Alliance) Involves(communityID string) bool {
	return a.CommunityID == communityID || a.PartnerID == communityID
}

// AllianceFields are what a proposing editor writes.
type AllianceFields struct {
	// Partner is the other community's address (its slug).
	Partner string
	Note    string
}

// Validate checks a proposal's words.
func (f *AllianceFields) Validate(v *Validator) {
	f.Partner, f.Note = strings.ToLower(strings.TrimSpace(f.Partner)), strings.TrimSpace(f.Note)
	if f.Partner == "" {
		v.Fail("partner", Msg("error.field.required"))
	}
	v.Text("note", f.Note, false, MaxAllianceNote)
}

// MayProposeAlliance is the rule for proposing an alliance: the
// community's editors, whose time bank is on.
func MayProposeAlliance(m *Member, tb TimeBank) bool {
	return tb.Enabled && Allowed(m, ActionEditCommunity)
}

// MayAcceptAlliance is the rule for accepting one: the editors of the
// community it was proposed to, while it is proposed, with their time bank
// on.
func MayAcceptAlliance(m *Member, a Alliance, communityID string, tb TimeBank) bool {
	return a.Status == AllianceProposed && a.PartnerID == communityID && tb.Enabled && Allowed(m, ActionEditCommunity)
}

// MayEndAlliance is the rule for ending one (or withdrawing or declining
// a proposal): either side's editors, until it has ended.
func MayEndAlliance(m *Member, a Alliance, communityID string) bool {
	return a.Status != AllianceEnded && a.Involves(communityID) && Allowed(m, ActionEditCommunity)
}

// MayTransferAcross is the rule for transferring time across an alliance:
// an active member of a community whose time bank is on, while the
// alliance is active (the other side's time bank is checked when the
// transfer is made).
func MayTransferAcross(m *Member, a Alliance, communityID string, tb TimeBank) bool {
	return a.Status == AllianceActive && a.Involves(communityID) && MayUseTimeBank(m, tb)
}

// AcrossFields are what a member writes to transfer time across an
// alliance: to a member of the other community.
type AcrossFields struct {
	ToUserID string
	Minutes  int
	Category string
	Note     string
}

// Validate checks the words and amount as a transfer's.
func (f *AcrossFields) Validate(v *Validator) {
	t := TransferFields{ToOwner: OwnerPerson, ToOwnerID: f.ToUserID, Minutes: f.Minutes, Category: f.Category, Note: f.Note}
	t.Validate(v)
	f.ToUserID, f.Note = t.ToOwnerID, t.Note
}
