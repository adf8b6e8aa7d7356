package commons

import (
	"strings"
	"time"
)

// TimeBank is a community's time bank: off unless the community turns it
// on. Limits bound every account's balance, in minutes; nil is no bound.
type TimeBank struct {
	Enabled                bool
	MinBalance, MaxBalance *int
}

// TimeBankOwner is what holds an hour account.
type TimeBankOwner string

// Accounts belong to members and to organizations.
const (
	OwnerPerson       TimeBankOwner = "person"
	OwnerOrganization TimeBankOwner = "organization"
)

// TransferCategories are what a transfer may be for.
var TransferCategories = []string{"care", "company", "household", "repairs", "teaching", "transport", "digital", "garden", "other"}

// Limits of the time bank.
const (
	// MaxTransferMinutes bounds one transfer: a week of days.
	MaxTransferMinutes = 7 * 24 * 60
	// MaxBalanceLimit bounds the limits a community may set.
	MaxBalanceLimit = 1000 * 60
	MaxTransferNote = 500
)

// Account is an hour account: its balance is the sum of its movements.
type Account struct {
	ID, CommunityID string
	Owner           TimeBankOwner
	OwnerID         string
	Name            string // blank for readers who may not see a person's name
	Balance         int    // minutes
}

// Transfer moves time from the one who received help to the one who gave
// it: two movements, one from each account, that sum to zero.
type Transfer struct {
	ID, CommunityID string
	FromAccountID   string
	FromName        string
	ToAccountID     string
	ToName          string
	Minutes         int
	Category        string
	Note            string
	CreatedBy       string
	CreatedAt       time.Time
	// AllianceID is set on a community's half of a transfer across an
	// alliance; PeerName names the one on the other side, blank when the
	// readers of this community may not see them.
	AllianceID string
	PeerName   string
}

// TransferFields are what a person writes to transfer time.
type TransferFields struct {
	// FromOrgID pays from an organization's account the actor
	// administers; empty: from their own.
	FromOrgID string
	// To names the receiving account's owner.
	ToOwner   TimeBankOwner
	ToOwnerID string
	Minutes   int
	Category  string
	Note      string
}

// Validate checks a transfer's words and amount: whole minutes, at least
// one, at most MaxTransferMinutes, a known category.
func (f *TransferFields) Validate(v *Validator) {
	f.FromOrgID, f.ToOwnerID, f.Note = strings.TrimSpace(f.FromOrgID), strings.TrimSpace(f.ToOwnerID), strings.TrimSpace(f.Note)
	OneOf(v, "to_owner", f.ToOwner, []TimeBankOwner{OwnerPerson, OwnerOrganization})
	if f.ToOwnerID == "" {
		v.Fail("to_id", Msg("error.field.required"))
	}
	if f.Minutes < 1 || f.Minutes > MaxTransferMinutes {
		v.Fail("minutes", Msg("error.timebank.minutes", "Max", MaxTransferMinutes/60))
	}
	OneOf(v, "category", f.Category, TransferCategories)
	v.Text("note", f.Note, false, MaxTransferNote)
}

// ValidateLimits checks a community's balance limits: within bounds, the
// lower one at most zero and the upper at least zero (a new account holds
// nothing), the lower under the upper.
func (tb TimeBank) ValidateLimits(v *Validator) {
	if tb.MinBalance != nil && (*tb.MinBalance > 0 || *tb.MinBalance < -MaxBalanceLimit) {
		v.Fail("min_balance", Msg("error.timebank.min", "Max", MaxBalanceLimit/60))
	}
	if tb.MaxBalance != nil && (*tb.MaxBalance < 0 || *tb.MaxBalance > MaxBalanceLimit) {
		v.Fail("max_balance", Msg("error.timebank.max", "Max", MaxBalanceLimit/60))
	}
}

// MayUseTimeBank is the rule for transferring time: active members, in a
// community whose time bank is on.
func MayUseTimeBank(m *Member, tb TimeBank) bool { return tb.Enabled && IsActiveMember(m) }
