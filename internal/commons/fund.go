package commons

import (
	"strings"
	"time"
)

// A fund round is a pool (money, hours of a hall, any countable thing)
// that a community's members allocate to its initiatives' proposals under
// a rule published before voting opens.

// FundRule is how a ballot is filled in.
type FundRule string

// The voting rules.
const (
	// FundApproval: tick between MinChoices and MaxChoices proposals.
	FundApproval FundRule = "approval"
	// FundKnapsack: choose proposals whose amounts fit in the pool, and
	// at least MinShare percent of it.
	FundKnapsack FundRule = "knapsack"
	// FundTokens: spread up to Tokens tokens, at most TokenCap on one.
	FundTokens FundRule = "tokens"
)

// FundRules lists them.
var FundRules = []FundRule{FundApproval, FundKnapsack, FundTokens}

// FundMethod is how the winners are found from the ballots.
type FundMethod string

// The winner rules.
const (
	// FundGreedy funds the proposals with the most votes first, skipping
	// what no longer fits (as Consul does).
	FundGreedy FundMethod = "greedy"
	// FundEqualShares is the Method of Equal Shares: each voter holds an
	// equal share of the pool and proposals are bought by their
	// supporters' shares.
	FundEqualShares FundMethod = "equal_shares"
)

// FundMethods lists them.
var FundMethods = []FundMethod{FundGreedy, FundEqualShares}

// FundPhase is where a round stands.
type FundPhase string

// The phases, in order.
const (
	FundPhaseProposals FundPhase = "proposals"
	FundPhaseReview    FundPhase = "review"
	FundPhaseVoting    FundPhase = "voting"
	FundPhaseResults   FundPhase = "results"
	FundPhaseFollowUp  FundPhase = "follow_up"
)

// FundPhases lists them in order.
var FundPhases = []FundPhase{FundPhaseProposals, FundPhaseReview, FundPhaseVoting, FundPhaseResults, FundPhaseFollowUp}

// Limits of fund rounds.
const (
	MaxFundPool      = 1_000_000_000
	MaxFundUnitLen   = 30
	MaxFundPlanLen   = 2000
	MaxFundReasonLen = 1000
	MaxFundTokens    = 1000
	MaxFundFunders   = 10
	MaxFundReviewers = 20
)

// FundRound is one round of a community fund.
type FundRound struct {
	ID, CommunityID    string
	Title, Description string
	// Pool is how much there is to allocate, counted in Unit.
	Pool int64
	Unit string
	// Funders put up the pool; the first provides what is funded.
	Funders []FundFunder
	// Themes an initiative must have one of to propose; none: any.
	Themes []string
	FundRuleFields
	// VoterRole, when set, is the role a member needs to vote.
	VoterRole Role
	Reviewers []FundPerson
	// OpensAt is when proposals opened (the round was created); members
	// who joined after it do not vote. Then review from ReviewAt, voting
	// from VotingAt until ClosesAt.
	OpensAt, ReviewAt, VotingAt, ClosesAt time.Time
	// PublishedAt is when the results were confirmed and the funding
	// pledged: the round is then in follow-up.
	PublishedAt *time.Time
	CreatedBy   string
	CreatedAt   time.Time
	// Carried is the part of Pool taken over from the round CarriedFrom
	// (titled CarriedFromTitle): what it left unfunded or unspent.
	Carried                       int64
	CarriedFrom, CarriedFromTitle string
}

// FundFunder is an organization that puts up (part of) the pool.
type FundFunder struct {
	OrgID, Name string
	Sector      Sector
}

// FundPerson is a person named by a round (a reviewer).
type FundPerson struct{ UserID, Name string }

// FundRuleFields are the voting and winner rules, fixed once voting opens.
type FundRuleFields struct {
	Rule                   FundRule
	MinChoices, MaxChoices int
	// MinShare is the percent of the pool a knapsack ballot must fill.
	MinShare int
	// Tokens each voter spreads, at most TokenCap on one proposal.
	Tokens, TokenCap int
	Method           FundMethod
	// Partial lets a proposal be funded below its amount, down to its
	// minimum, when that is all that is left for it.
	Partial bool
}

// PhaseAt is the round's phase at a moment.
func (r *FundRound) PhaseAt(now time.Time) FundPhase {
	switch {
	case r.PublishedAt != nil:
		return FundPhaseFollowUp
	case now.Before(r.ReviewAt):
		return FundPhaseProposals
	case now.Before(r.VotingAt):
		return FundPhaseReview
	case now.Before(r.ClosesAt):
		return FundPhaseVoting
	}
	return FundPhaseResults
}

// IsReviewer reports whether a person reviews the round's proposals.
func (r *FundRound) IsReviewer(userID string) bool {
	for _, p := range r.Reviewers {
		if userID != "" && p.UserID == userID {
			return true
		}
	}
	return false
}

// FundRoundFields are what an editor writes when opening a round.
type FundRoundFields struct {
	Title, Description string
	Pool               int64
	Unit               string
	FunderIDs          []string
	Themes             []string
	FundRuleFields
	VoterRole                    Role
	ReviewerIDs                  []string
	ReviewAt, VotingAt, ClosesAt time.Time
}

// Normalize trims the text and drops repeated names.
func (f *FundRoundFields) Normalize() {
	f.Title, f.Description, f.Unit = strings.TrimSpace(f.Title), strings.TrimSpace(f.Description), strings.TrimSpace(f.Unit)
	f.FunderIDs, f.Themes, f.ReviewerIDs = uniqueTrimmed(f.FunderIDs), uniqueTrimmed(f.Themes), uniqueTrimmed(f.ReviewerIDs)
	if f.Rule != FundApproval {
		f.MinChoices, f.MaxChoices = 0, 0
	}
	if f.Rule != FundKnapsack {
		f.MinShare = 0
	}
	if f.Rule != FundTokens {
		f.Tokens, f.TokenCap = 0, 0
	}
}

func uniqueTrimmed(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks a round; now is when it is opened or edited.
func (f *FundRoundFields) Validate(v *Validator, now time.Time) {
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	if f.Pool < 1 || f.Pool > MaxFundPool {
		v.Fail("pool", Msg("error.field.range", "Min", 1, "Max", MaxFundPool))
	}
	v.Line("unit", f.Unit, true, MaxFundUnitLen)
	if len(f.FunderIDs) == 0 {
		v.Fail("funder_ids", Msg("error.fund.no_funder"))
	} else if len(f.FunderIDs) > MaxFundFunders {
		v.Fail("funder_ids", Msg("error.field.too_many", "Max", MaxFundFunders))
	}
	if len(f.ReviewerIDs) > MaxFundReviewers {
		v.Fail("reviewer_ids", Msg("error.field.too_many", "Max", MaxFundReviewers))
	}
	if len(f.Themes) > MaxThemes {
		v.Fail("themes", Msg("error.field.too_many", "Max", MaxThemes))
	}
	if f.VoterRole != "" {
		OneOf(v, "voter_role", f.VoterRole, Roles)
	}
	f.FundRuleFields.validate(v)
	switch {
	case f.ReviewAt.IsZero():
		v.Fail("review_at", Msg("error.field.required"))
	case f.VotingAt.IsZero():
		v.Fail("voting_at", Msg("error.field.required"))
	case f.ClosesAt.IsZero():
		v.Fail("closes_at", Msg("error.field.required"))
	case f.ReviewAt.Before(now):
		v.Fail("review_at", Msg("error.fund.dates_order"))
	case f.VotingAt.Before(f.ReviewAt):
		v.Fail("voting_at", Msg("error.fund.dates_order"))
	case !f.ClosesAt.After(f.VotingAt):
		v.Fail("closes_at", Msg("error.fund.dates_order"))
	}
}

func (f *FundRuleFields) validate(v *Validator) {
	OneOf(v, "rule", f.Rule, FundRules)
	OneOf(v, "method", f.Method, FundMethods)
	switch f.Rule {
	case FundApproval:
		if f.MaxChoices < 1 || f.MaxChoices > 100 {
			v.Fail("max_choices", Msg("error.field.range", "Min", 1, "Max", 100))
		}
		if f.MinChoices < 0 || f.MinChoices > f.MaxChoices {
			v.Fail("min_choices", Msg("error.field.range", "Min", 0, "Max", f.MaxChoices))
		}
	case FundKnapsack:
		if f.MinShare < 0 || f.MinShare > 100 {
			v.Fail("min_share", Msg("error.field.range", "Min", 0, "Max", 100))
		}
	case FundTokens:
		if f.Tokens < 1 || f.Tokens > MaxFundTokens {
			v.Fail("tokens", Msg("error.field.range", "Min", 1, "Max", MaxFundTokens))
		} else if f.TokenCap < 1 || f.TokenCap > f.Tokens {
			v.Fail("token_cap", Msg("error.field.range", "Min", 1, "Max", f.Tokens))
		}
	}
}

// RuleChanged reports whether an edit touches what voters were told:
// refused once voting has opened.
func (r *FundRound) RuleChanged(f *FundRoundFields) bool {
	return r.FundRuleFields != f.FundRuleFields || r.Pool != f.Pool || r.Unit != f.Unit ||
		!sameSecond(r.VotingAt, f.VotingAt) || !sameSecond(r.ClosesAt, f.ClosesAt) || r.VoterRole != f.VoterRole
}

// sameSecond compares moments as forms write them, to the second.
func sameSecond(a, b time.Time) bool { return a.Truncate(time.Second).Equal(b.Truncate(time.Second)) }

// FundApplicationStatus is what the reviewers made of a proposal.
type FundApplicationStatus string

// The statuses of a proposal.
const (
	FundSubmitted  FundApplicationStatus = "submitted"
	FundEligible   FundApplicationStatus = "eligible"
	FundIneligible FundApplicationStatus = "ineligible"
)

// FundApplication is an initiative's proposal to a round.
type FundApplication struct {
	ID, CommunityID, RoundID      string
	InitiativeID, InitiativeTitle string
	Title, Plan                   string
	// Amount asked for; Minimum the project can work with (equal to the
	// amount when it cannot be partly funded).
	Amount, Minimum int64
	Status          FundApplicationStatus
	// Reason is the reviewer's, shown to the proposer.
	Reason     string
	ReviewedAt *time.Time
	// Funded is what the confirmed results gave it; Spent what the team
	// says it has spent or used of that.
	Funded, Spent int64
	PledgeID      string
	CreatedBy     string
	CreatedAt     time.Time
}

// FundApplicationFields are what an initiative's team writes.
type FundApplicationFields struct {
	InitiativeID, Title, Plan string
	Amount, Minimum           int64
}

// Validate checks a proposal against its round's pool.
func (f *FundApplicationFields) Validate(v *Validator, pool int64) {
	f.Title, f.Plan, f.InitiativeID = strings.TrimSpace(f.Title), strings.TrimSpace(f.Plan), strings.TrimSpace(f.InitiativeID)
	if f.InitiativeID == "" {
		v.Fail("initiative_id", Msg("error.field.required"))
	}
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("plan", f.Plan, true, MaxFundPlanLen)
	if f.Amount < 1 || f.Amount > pool {
		v.Fail("amount", Msg("error.fund.amount", "Max", pool))
		return
	}
	if f.Minimum == 0 {
		f.Minimum = f.Amount
	}
	if f.Minimum < 1 || f.Minimum > f.Amount {
		v.Fail("minimum", Msg("error.field.range", "Min", 1, "Max", f.Amount))
	}
}

// FundChoice is one line of a ballot: a proposal and the points given
// to it (1 for approval and knapsack ballots, tokens otherwise).
type FundChoice struct {
	ApplicationID string
	Points        int
}

// CheckBallot applies the round's rule to a ballot; eligible maps the
// round's eligible proposals by id. The store calls it inside the
// transaction that keeps the ballot, with what that transaction reads.
func CheckBallot(r *FundRound, eligible map[string]FundApplication, choices []FundChoice) error {
	var v Validator
	seen := map[string]bool{}
	var sum, tokens int64
	for _, c := range choices {
		a, ok := eligible[c.ApplicationID]
		switch {
		case seen[c.ApplicationID]:
			v.Fail("choices", Msg("error.fund.ballot_twice"))
		case !ok:
			v.Fail("choices", Msg("error.fund.ballot_ineligible"))
		case r.Rule != FundTokens && c.Points != 1:
			v.Fail("choices", Msg("error.fund.ballot_points"))
		case r.Rule == FundTokens && c.Points < 1:
			v.Fail("choices", Msg("error.fund.ballot_negative"))
		case r.Rule == FundTokens && c.Points > r.TokenCap:
			v.Fail("choices", Msg("error.fund.ballot_cap", "Cap", r.TokenCap))
		}
		if v.Failed("choices") {
			return v.Err()
		}
		seen[c.ApplicationID] = true
		sum += a.Amount
		tokens += int64(c.Points)
	}
	switch {
	case len(choices) == 0:
		v.Fail("choices", Msg("error.fund.ballot_empty"))
	case r.Rule == FundApproval && (len(choices) < r.MinChoices || len(choices) > r.MaxChoices):
		v.Fail("choices", Msg("error.fund.ballot_choices", "Min", r.MinChoices, "Max", r.MaxChoices))
	case r.Rule == FundKnapsack && sum > r.Pool:
		v.Fail("choices", Msg("error.fund.ballot_budget", "Pool", r.Pool, "Sum", sum))
	case r.Rule == FundKnapsack && sum*100 < r.Pool*int64(r.MinShare):
		v.Fail("choices", Msg("error.fund.ballot_share", "Share", r.MinShare))
	case r.Rule == FundTokens && tokens > int64(r.Tokens):
		v.Fail("choices", Msg("error.fund.ballot_tokens", "Tokens", r.Tokens))
	}
	return v.Err()
}

// MayVoteIn is the rule for voting: an active member who joined before
// the round opened (never a newcomer of the round), with the round's role
// if it names one, while voting is open.
func MayVoteIn(m *Member, r *FundRound, now time.Time) bool {
	if m == nil || m.Status != MemberActive || !m.JoinedAt.Before(r.OpensAt) {
		return false
	}
	if r.VoterRole != "" && !m.HasRole(r.VoterRole) {
		return false
	}
	return r.PhaseAt(now) == FundPhaseVoting
}

// FundOverride is an editor's change to a computed result, with the
// reason shown beside it.
type FundOverride struct {
	ApplicationID string
	Amount        int64
	Reason        string
	ByID, ByName  string
	At            time.Time
}

// MayManageFundRound is the rule for opening a round and, later, editing
// it, overriding its results with a reason and confirming them: the
// community's editors, or the admins of the organization that provides
// the pool (providerRole is the person's role there).
func MayManageFundRound(m *Member, providerRole OrgRole) bool {
	return IsActiveMember(m) && (Allowed(m, ActionOpenFundRound) || providerRole == OrgAdmin)
}
