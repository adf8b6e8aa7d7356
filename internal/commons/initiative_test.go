package commons

import "testing"

func TestLifecycle(t *testing.T) {
	for _, tc := range []struct {
		from, to, pausedFrom InitiativeStatus
		ok                   bool
		remember             InitiativeStatus
	}{
		{InitiativeIdea, InitiativeSeekingPartners, "", true, ""},
		{InitiativeSeekingPartners, InitiativeActive, "", true, ""},
		{InitiativeActive, InitiativeCompleted, "", true, ""},
		{InitiativeIdea, InitiativeActive, "", false, ""},
		{InitiativeIdea, InitiativeCompleted, "", false, ""},
		{InitiativeActive, InitiativeIdea, "", false, ""},
		{InitiativeIdea, InitiativePaused, "", true, InitiativeIdea},
		{InitiativeActive, InitiativePaused, "", true, InitiativeActive},
		{InitiativePaused, InitiativeActive, InitiativeActive, true, ""},
		{InitiativePaused, InitiativeCompleted, InitiativeActive, false, ""},
		{InitiativePaused, InitiativeSeekingPartners, InitiativeIdea, false, ""},
		{InitiativeCompleted, InitiativePaused, "", false, ""},
		{InitiativeCompleted, InitiativeActive, "", false, ""},
		{InitiativeIdea, "sideways", "", false, ""},
		{InitiativeIdea, InitiativeIdea, "", false, ""},
	} {
		remember, err := CheckTransition(tc.from, tc.to, tc.pausedFrom)
		if (err == nil) != tc.ok || remember != tc.remember {
			t.Errorf("%s → %s (paused from %q): err %v, remember %q", tc.from, tc.to, tc.pausedFrom, err, remember)
		}
		if err != nil && CodeOf(err) != CodeInvalid {
			t.Errorf("%s → %s: code %s", tc.from, tc.to, CodeOf(err))
		}
	}
}

func TestProposalValidation(t *testing.T) {
	today := "2027-01-10"
	ok := PartnershipProposal{ReviewOn: "2027-06-01", Parties: []PartyProposal{
		{OrgID: "a", Role: "Lead", Commitments: []CommitmentProposal{{Description: "Open", Due: "2027-01-10"}}},
		{OrgID: "b", Role: "Funder"},
	}}
	var v Validator
	ok.Validate(&v, today)
	if err := v.Err(); err != nil {
		t.Fatalf("valid proposal refused: %v", err)
	}
	for name, p := range map[string]PartnershipProposal{
		"no parties":     {ReviewOn: "2027-06-01"},
		"party twice":    {ReviewOn: "2027-06-01", Parties: []PartyProposal{{OrgID: "a", Role: "x"}, {OrgID: "a", Role: "y"}}},
		"no role":        {ReviewOn: "2027-06-01", Parties: []PartyProposal{{OrgID: "a"}}},
		"due before":     {ReviewOn: "2027-06-01", Parties: []PartyProposal{{OrgID: "a", Role: "x", Commitments: []CommitmentProposal{{Description: "d", Due: "2027-01-09"}}}}},
		"bad due":        {ReviewOn: "2027-06-01", Parties: []PartyProposal{{OrgID: "a", Role: "x", Commitments: []CommitmentProposal{{Description: "d", Due: "2027-02-30"}}}}},
		"review before":  {ReviewOn: "2026-12-01", Parties: []PartyProposal{{OrgID: "a", Role: "x"}}},
		"no review date": {Parties: []PartyProposal{{OrgID: "a", Role: "x"}}},
		"no description": {ReviewOn: "2027-06-01", Parties: []PartyProposal{{OrgID: "a", Role: "x", Commitments: []CommitmentProposal{{Due: "2027-02-01"}}}}},
	} {
		var v Validator
		p.Validate(&v, today)
		if CodeOf(v.Err()) != CodeInvalid {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestOverdue(t *testing.T) {
	c := Commitment{Status: CommitmentPending, Due: "2027-01-09"}
	if !c.Overdue("2027-01-10") || c.Overdue("2027-01-09") {
		t.Error("pending past due is overdue; due today is not")
	}
	c.Status = CommitmentKept
	if c.Overdue("2027-02-01") {
		t.Error("a kept commitment is never overdue")
	}
}
