package commons

import "time"

// The rules of one activity or proposal for one person. Each is one
// function that the use case enforces and whose answer the read model
// carries (ActivityMay, ProposalMay), so a page shows a control exactly
// when the action it posts to succeeds.

// ManagesActivity reports whether a person runs an occurrence: the person
// who published it, a person organizer, or an admin of an organizer
// organization (orgRole answers the person's role in an organization).
func ManagesActivity(userID string, a Activity, orgRole func(organizationID string) OrgRole) bool {
	if userID == "" {
		return false
	}
	if a.CreatedBy == userID {
		return true
	}
	for _, o := range a.Organizers {
		if o.UserID == userID || (o.OrganizationID != "" && CanManageOrganization(orgRole(o.OrganizationID))) {
			return true
		}
	}
	return false
}

// RegisterRefusal says why a person may not take a place at an
// occurrence (mine is their place there already, "" for none), or nil
// when they may: members who have joined register for a scheduled
// occurrence that has not ended, once.
func RegisterRefusal(m *Member, a Activity, mine RegistrationStatus, now time.Time) error {
	switch {
	case !Allowed(m, ActionRegister):
		return Forbidden()
	case !a.EndsAt.After(now):
		return Errorf(CodeInvalid, "error.activity.over")
	case a.Status != ActivityScheduled:
		return Errorf(CodeInvalid, "error.activity.cancelled")
	case mine != "":
		return Errorf(CodeConflict, "error.activity.already_registered")
	}
	return nil
}

// ChangeActivityRefusal says why a person may not move or cancel an
// occurrence, or nil when they may: those who run it, while it is
// scheduled and has not ended.
func ChangeActivityRefusal(manages bool, a Activity, now time.Time) error {
	switch {
	case !manages:
		return Forbidden()
	case a.Status != ActivityScheduled:
		return Errorf(CodeConflict, "error.activity.cancelled")
	case !a.EndsAt.After(now):
		return Errorf(CodeInvalid, "error.activity.over")
	}
	return nil
}

// ActivityMay answers, for one reader of one occurrence, what they may do
// there.
type ActivityMay struct {
	// Register takes a place (or a waitlist place); Unregister gives it up.
	Register, Unregister bool
	// Edit moves the occurrence; Cancel cancels it; SeeRegistrations reads
	// who registered and who waits.
	Edit, Cancel, SeeRegistrations bool
	// Announce writes to everyone registered (AnnouncementRefusal).
	Announce bool
}

// MayOfActivity answers ActivityMay from the rules above.
func MayOfActivity(m *Member, manages bool, a Activity, mine RegistrationStatus, now time.Time) ActivityMay {
	change := ChangeActivityRefusal(manages, a, now) == nil
	return ActivityMay{Register: RegisterRefusal(m, a, mine, now) == nil, Unregister: mine != "",
		Edit: change, Cancel: change, SeeRegistrations: manages, Announce: AnnouncementRefusal(manages, ".") == nil}
}

// BackProposalRefusal says why a person may not back a proposal (to learn,
// teach or host), or nil when they may: those who may propose, while the
// proposal has not become an activity.
func BackProposalRefusal(m *Member, p Proposal) error {
	switch {
	case !Allowed(m, ActionPropose):
		return Forbidden()
	case p.ActivityID != "":
		return Errorf(CodeConflict, "error.proposal.taken")
	}
	return nil
}

// ProposalMay answers what a reader may do with a proposal.
type ProposalMay struct {
	Back bool
	// Withdraw lists the roles the reader backs it in, each of which they
	// may take back.
	Withdraw []InterestRole
}

// MayOfProposal answers ProposalMay for a person.
func MayOfProposal(m *Member, userID string, p Proposal) ProposalMay {
	may := ProposalMay{Back: BackProposalRefusal(m, p) == nil}
	for _, i := range p.Interest {
		if userID != "" && i.UserID == userID {
			may.Withdraw = append(may.Withdraw, i.Role)
		}
	}
	return may
}
