package commons

import "time"

// Editing and taking back an initiative's needs (issue 15): the team
// (CanRunInitiative) edits a need's words, kind, quantity and date, and
// removes a need it no longer has. A need nobody has offered anything for
// is deleted; a need with offers is kept and marked withdrawn — the
// offers, the initiative's history and what the pledgers were told stay
// true — and the people who offered are told. A withdrawn need takes no
// new offers, leaves matching, and stays on the page, marked.

// NeedWithdrawal says whether and since when a need is withdrawn.
type NeedWithdrawal struct {
	At *time.Time
}

// Withdrawn reports whether the team took the need back.
func (w NeedWithdrawal) Withdrawn() bool { return w.At != nil }

// KeepsNeed decides what removing a need does: with pledges made for it
// (pending, accepted or declined), it is kept as withdrawn; without any,
// it is deleted.
func KeepsNeed(pledges int) bool { return pledges > 0 }

// MayChangeNeed is who edits or removes a need: its initiative's team,
// while the need is not withdrawn.
func MayChangeNeed(i *Initiative, n Need, userID string) bool {
	return CanRunInitiative(i, userID) && !n.Withdrawal.Withdrawn()
}

// NotifyNeedWithdrawn tells a person who offered help for a need that the
// team took the need back.
const NotifyNeedWithdrawn = "need_withdrawn"
