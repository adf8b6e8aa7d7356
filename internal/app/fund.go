package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/store"
)

// FundRoundsView is a community's fund: rounds under way and the archive.
type FundRoundsView struct {
	Current, Past []FundRoundItem
	// Open: the reader may open a round.
	Open bool
}

// FundRoundItem is a round in a list, with its phase now.
type FundRoundItem struct {
	commons.FundRound
	Phase commons.FundPhase
}

// FundRounds lists a community's rounds: those not yet confirmed, then
// the archive of confirmed ones. Anyone may read them.
func (a *App) FundRounds(ctx context.Context, s Scope) (FundRoundsView, error) {
	rs, err := a.Store.FundRounds(ctx, s.Community.ID)
	if err != nil {
		return FundRoundsView{}, err
	}
	v := FundRoundsView{Open: s.May.OpenFundRound}
	if !v.Open && s.Actor != nil && commons.IsActiveMember(s.Member) {
		// An organization's admins may open a round it funds.
		_, roles, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
		if err != nil {
			return v, err
		}
		v.Open = slices.Contains(roles, commons.OrgAdmin)
	}
	now := a.Now()
	for _, r := range rs {
		it := FundRoundItem{FundRound: r, Phase: r.PhaseAt(now)}
		if it.Phase == commons.FundPhaseFollowUp {
			v.Past = append(v.Past, it)
		} else {
			v.Current = append(v.Current, it)
		}
	}
	return v, nil
}

// fundRoundIn loads a round of the scope's community; one of another
// community is not found.
func (a *App) fundRoundIn(ctx context.Context, s Scope, id string) (commons.FundRound, error) {
	r, err := a.Store.FundRoundByID(ctx, id)
	if err == nil && r.CommunityID != s.Community.ID {
		return commons.FundRound{}, commons.NotFound()
	}
	return r, err
}

// providerRole is the actor's role in the organization providing a pool.
func (a *App) providerRole(ctx context.Context, s Scope, orgIDs []string) (commons.OrgRole, error) {
	if s.Actor == nil || len(orgIDs) == 0 {
		return "", nil
	}
	return a.Store.OrgRole(ctx, s.Community.ID, orgIDs[0], s.Actor.ID)
}

func funderIDs(r commons.FundRound) []string {
	var ids []string
	for _, f := range r.Funders {
		ids = append(ids, f.OrgID)
	}
	return ids
}

// checkFundFields validates a round and that its funders are
// organizations and its reviewers active members of the community.
func (a *App) checkFundFields(ctx context.Context, s Scope, f *commons.FundRoundFields, now time.Time) error {
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, now)
	for _, id := range f.FunderIDs {
		if _, err := a.Store.OrganizationInCommunity(ctx, s.Community.ID, id); commons.CodeOf(err) == commons.CodeNotFound {
			v.Fail("funder_ids", commons.Msg("error.fund.unknown_funder"))
			break
		} else if err != nil {
			return err
		}
	}
	for _, id := range f.ReviewerIDs {
		m, err := a.Store.Member(ctx, s.Community.ID, id)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
			v.Fail("reviewer_ids", commons.Msg("error.fund.unknown_reviewer"))
			break
		} else if err != nil {
			return err
		}
	}
	return v.Err()
}

// OpenFundRound opens a round in its proposals phase: editors, or the
// admins of the organization providing the pool (the first funder).
func (a *App) OpenFundRound(ctx context.Context, s Scope, f commons.FundRoundFields) (commons.FundRound, error) {
	if s.Actor == nil {
		return commons.FundRound{}, commons.Unauthenticated()
	}
	role, err := a.providerRole(ctx, s, f.FunderIDs)
	if err != nil {
		return commons.FundRound{}, err
	}
	if !commons.MayManageFundRound(s.Member, role) {
		return commons.FundRound{}, commons.Forbidden()
	}
	if len(f.ReviewerIDs) == 0 {
		f.ReviewerIDs = []string{s.Actor.ID} // someone must review
	}
	if err := a.checkFundFields(ctx, s, &f, a.Now()); err != nil {
		return commons.FundRound{}, err
	}
	id, err := a.Store.CreateFundRound(ctx, s.Community.ID, f, s.Actor.ID)
	if err != nil {
		return commons.FundRound{}, err
	}
	return a.Store.FundRoundByID(ctx, id)
}

// manageFundRound loads a round the actor may manage.
func (a *App) manageFundRound(ctx context.Context, s Scope, id string) (commons.FundRound, error) {
	if s.Actor == nil {
		return commons.FundRound{}, commons.Unauthenticated()
	}
	r, err := a.fundRoundIn(ctx, s, id)
	if err != nil {
		return r, err
	}
	role, err := a.providerRole(ctx, s, funderIDs(r))
	if err != nil {
		return r, err
	}
	if !commons.MayManageFundRound(s.Member, role) {
		return r, commons.Forbidden()
	}
	return r, nil
}

// UpdateFundRound edits a round. Once voting has opened, what voters were
// told (pool, rule, voting dates, who votes) is fixed: changing it is
// refused, checked on the round as the saving transaction reads it.
func (a *App) UpdateFundRound(ctx context.Context, s Scope, id string, f commons.FundRoundFields) (commons.FundRound, error) {
	r, err := a.manageFundRound(ctx, s, id)
	if err != nil {
		return r, err
	}
	if len(f.ReviewerIDs) == 0 {
		for _, p := range r.Reviewers {
			f.ReviewerIDs = append(f.ReviewerIDs, p.UserID)
		}
	}
	// Dates already past stay valid: the bound is the round's opening.
	if err := a.checkFundFields(ctx, s, &f, r.OpensAt); err != nil {
		return r, err
	}
	err = a.Store.UpdateFundRound(ctx, s.Community.ID, id, f, s.Actor.ID, func(old commons.FundRound) error {
		now := a.Now()
		switch ph := old.PhaseAt(now); {
		case ph == commons.FundPhaseFollowUp:
			return commons.Errorf(commons.CodeConflict, "error.fund.published")
		case (ph == commons.FundPhaseVoting || ph == commons.FundPhaseResults) && old.RuleChanged(&f):
			return commons.Errorf(commons.CodeConflict, "error.fund.rule_locked")
		case ph == commons.FundPhaseProposals || ph == commons.FundPhaseReview:
			if f.VotingAt.Before(now) {
				// Editing must not open voting before the voters were told.
				return invalid("voting_at", commons.Msg("error.fund.dates_order"))
			}
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	return a.Store.FundRoundByID(ctx, id)
}

// FundApplicationView is a proposal with what the reader may do with it.
type FundApplicationView struct {
	commons.FundApplication
	// Votes is its total, shown once voting has closed.
	Votes int64
	May   FundApplicationMay
}

// FundApplicationMay answers the rules about one proposal for the reader.
type FundApplicationMay struct {
	// Review: a reviewer of the round, before voting opens.
	Review bool
	// Override: the round's managers, while results wait to be confirmed.
	Override bool
	// Spent: the initiative's team says what it spent, in follow-up.
	Spent bool
}

// FundRoundView is a round with its proposals, the reader's ballot and
// what the reader may do.
type FundRoundView struct {
	commons.FundRound
	Phase        commons.FundPhase
	Applications []FundApplicationView
	// Ballot is the reader's (empty when they have not voted).
	Ballot      []commons.FundChoice
	BallotAt    *time.Time
	BallotCount int
	// Committed and Spent total the funded proposals in follow-up.
	Committed, Spent int64
	// Initiatives are those the reader runs and may propose.
	Initiatives []commons.Initiative
	May         FundRoundMay
}

// FundRoundMay answers the rules about a round for the reader.
type FundRoundMay struct {
	Manage, Propose, Review, Vote, Override, Publish bool
	// Edit: managers, until the results are confirmed; the rule itself
	// only before voting opens (RuleLocked says it is fixed).
	Edit, RuleLocked bool
	// CarryOver: managers, before voting, when the round carries nothing yet.
	CarryOver bool
	// Results: voting has closed, results and ballots are out.
	Results bool
}

// fundPeople blanks the names of reviewers and of those who overrode a
// result where the reader may not see them (commons.MayShowPerson): the
// one place fund pages decide whose name to show.
func (a *App) fundPeople(ctx context.Context, s Scope, r *commons.FundRound, overrides map[string]commons.FundOverride) error {
	var ids []string
	for _, p := range r.Reviewers {
		ids = append(ids, p.UserID)
	}
	for _, o := range overrides {
		ids = append(ids, o.ByID)
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	// A fresh slice, so that the caller's round still knows its
	// reviewers' names for its own rules.
	shown := make([]commons.FundPerson, len(r.Reviewers))
	for i, p := range r.Reviewers {
		people.name(p.UserID, &p.Name)
		shown[i] = p
	}
	r.Reviewers = shown
	for k, o := range overrides {
		people.name(o.ByID, &o.ByName)
		overrides[k] = o
	}
	return nil
}

// FundRound shows a round to anyone: its phase, pool and rule, its
// proposals and, for the reader, their ballot and what they may do.
func (a *App) FundRound(ctx context.Context, s Scope, id string) (FundRoundView, error) {
	r, err := a.fundRoundIn(ctx, s, id)
	if err != nil {
		return FundRoundView{}, err
	}
	now := a.Now()
	v := FundRoundView{FundRound: r, Phase: r.PhaseAt(now)}
	if err := a.fundPeople(ctx, s, &v.FundRound, nil); err != nil {
		return v, err
	}
	role, err := a.providerRole(ctx, s, funderIDs(r))
	if err != nil {
		return v, err
	}
	manage := commons.MayManageFundRound(s.Member, role)
	closed := v.Phase == commons.FundPhaseResults || v.Phase == commons.FundPhaseFollowUp
	v.May = FundRoundMay{Manage: manage, Edit: manage && v.Phase != commons.FundPhaseFollowUp,
		RuleLocked: v.Phase != commons.FundPhaseProposals && v.Phase != commons.FundPhaseReview,
		Review:     s.Actor != nil && r.IsReviewer(s.Actor.ID) && (v.Phase == commons.FundPhaseProposals || v.Phase == commons.FundPhaseReview),
		Vote:       commons.MayVoteIn(s.Member, &r, now), Results: closed,
		Override: manage && v.Phase == commons.FundPhaseResults, Publish: manage && v.Phase == commons.FundPhaseResults,
		CarryOver: manage && r.CarriedFrom == "" && (v.Phase == commons.FundPhaseProposals || v.Phase == commons.FundPhaseReview)}
	apps, err := a.Store.FundApplications(ctx, s.Community.ID, id)
	if err != nil {
		return v, err
	}
	var totals map[string]int64
	if closed {
		if totals, err = a.Store.FundVoteTotals(ctx, s.Community.ID, id); err != nil {
			return v, err
		}
	}
	teams := map[string]bool{}
	if s.Actor != nil && commons.IsActiveMember(s.Member) {
		if v.Initiatives, err = a.Store.TeamInitiatives(ctx, s.Community.ID, s.Actor.ID); err != nil {
			return v, err
		}
		for _, i := range v.Initiatives {
			teams[i.ID] = true
		}
		if v.Phase == commons.FundPhaseProposals {
			var open []commons.Initiative
			for _, i := range v.Initiatives {
				if fundEligibleInitiative(&r, &i) && !slices.ContainsFunc(apps, func(a commons.FundApplication) bool { return a.InitiativeID == i.ID }) {
					open = append(open, i)
				}
			}
			v.Initiatives = open
			v.May.Propose = len(open) > 0
		} else {
			v.Initiatives = nil
		}
	}
	for _, ap := range apps {
		av := FundApplicationView{FundApplication: ap, Votes: totals[ap.ID], May: FundApplicationMay{Review: v.May.Review,
			Override: v.May.Override && ap.Status == commons.FundEligible,
			Spent:    teams[ap.InitiativeID] && v.Phase == commons.FundPhaseFollowUp && ap.Funded > 0}}
		v.Applications = append(v.Applications, av)
		v.Committed += ap.Funded
		v.Spent += ap.Spent
	}
	if s.Actor != nil {
		if v.Ballot, v.BallotAt, err = a.Store.FundBallotOf(ctx, s.Community.ID, id, s.Actor.ID); err != nil {
			return v, err
		}
	}
	v.BallotCount, err = a.Store.FundBallotCount(ctx, s.Community.ID, id)
	return v, err
}

// fundEligibleInitiative: an initiative may propose when it has one of the
// round's themes (any, when the round names none) and is not completed.
func fundEligibleInitiative(r *commons.FundRound, i *commons.Initiative) bool {
	if i.Status == commons.InitiativeCompleted {
		return false
	}
	if len(r.Themes) == 0 {
		return true
	}
	for _, t := range i.Themes {
		if slices.Contains(r.Themes, t) {
			return true
		}
	}
	return false
}

// ProposeToFund puts an initiative's proposal to a round: its team only,
// while proposals are open, for an eligible initiative, within the pool.
func (a *App) ProposeToFund(ctx context.Context, s Scope, roundID string, f commons.FundApplicationFields) (commons.FundApplication, error) {
	if s.Actor == nil {
		return commons.FundApplication{}, commons.Unauthenticated()
	}
	r, err := a.fundRoundIn(ctx, s, roundID)
	if err != nil {
		return commons.FundApplication{}, err
	}
	var v commons.Validator
	f.Validate(&v, r.Pool)
	if err := v.Err(); err != nil {
		return commons.FundApplication{}, err
	}
	i, err := a.initiativeIn(ctx, s, f.InitiativeID)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return commons.FundApplication{}, invalid("initiative_id", commons.Msg("error.fund.unknown_initiative"))
	}
	if err != nil {
		return commons.FundApplication{}, err
	}
	if !commons.IsActiveMember(s.Member) || !commons.CanRunInitiative(&i, s.Actor.ID) {
		return commons.FundApplication{}, commons.Forbidden()
	}
	if r.PhaseAt(a.Now()) != commons.FundPhaseProposals {
		return commons.FundApplication{}, commons.Errorf(commons.CodeConflict, "error.fund.proposals_closed")
	}
	if !fundEligibleInitiative(&r, &i) {
		return commons.FundApplication{}, invalid("initiative_id", commons.Msg("error.fund.initiative_themes", "Themes", strings.Join(r.Themes, ", ")))
	}
	ap, err := a.Store.CreateFundApplication(ctx, commons.FundApplication{CommunityID: s.Community.ID, RoundID: r.ID, InitiativeID: i.ID,
		Title: f.Title, Plan: f.Plan, Amount: f.Amount, Minimum: f.Minimum, CreatedBy: s.Actor.ID})
	if commons.CodeOf(err) == commons.CodeConflict {
		return ap, invalid("initiative_id", commons.Msg("error.fund.proposed_twice"))
	}
	if err != nil {
		return ap, err
	}
	return a.Store.FundApplicationByID(ctx, ap.ID)
}

// FundApplicationPage is one proposal with its round.
type FundApplicationPage struct {
	FundApplicationView
	Round commons.FundRound
	Phase commons.FundPhase
}

// fundApplicationIn loads a proposal of the scope's community.
func (a *App) fundApplicationIn(ctx context.Context, s Scope, id string) (commons.FundApplication, error) {
	ap, err := a.Store.FundApplicationByID(ctx, id)
	if err == nil && ap.CommunityID != s.Community.ID {
		return commons.FundApplication{}, commons.NotFound()
	}
	return ap, err
}

// FundApplication shows one proposal, for its page and its questions.
func (a *App) FundApplication(ctx context.Context, s Scope, id string) (FundApplicationPage, error) {
	ap, err := a.fundApplicationIn(ctx, s, id)
	if err != nil {
		return FundApplicationPage{}, err
	}
	rv, err := a.FundRound(ctx, s, ap.RoundID)
	if err != nil {
		return FundApplicationPage{}, err
	}
	p := FundApplicationPage{Round: rv.FundRound, Phase: rv.Phase}
	for _, av := range rv.Applications {
		if av.ID == id {
			p.FundApplicationView = av
		}
	}
	return p, nil
}

// ReviewFundApplication marks a proposal eligible or not, with a reason
// the proposer is told; the round's reviewers only, before voting opens
// (checked on the round as the saving transaction reads it). A reason is
// required to refuse.
func (a *App) ReviewFundApplication(ctx context.Context, s Scope, id string, eligible bool, reason string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	ap, err := a.fundApplicationIn(ctx, s, id)
	if err != nil {
		return err
	}
	r, err := a.fundRoundIn(ctx, s, ap.RoundID)
	if err != nil {
		return err
	}
	if !commons.IsActiveMember(s.Member) || !r.IsReviewer(s.Actor.ID) {
		return commons.Forbidden()
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	v.Text("reason", reason, !eligible, commons.MaxFundReasonLen)
	if err := v.Err(); err != nil {
		return err
	}
	status := commons.FundIneligible
	if eligible {
		status = commons.FundEligible
	}
	var note commons.Notification
	if ap.CreatedBy != "" && ap.CreatedBy != s.Actor.ID {
		note = commons.Notification{UserID: ap.CreatedBy, CommunityID: s.Community.ID, Kind: commons.NotifyFundReviewed,
			Args: map[string]string{"Proposal": ap.Title, "Status": string(status)},
			Link: commons.PagePath(commons.SubjectFundApplication, s.Community.Slug, ap.ID)}
	}
	return a.Store.ReviewFundApplication(ctx, ap, status, reason, s.Actor.ID, func(r commons.FundRound) error {
		if ph := r.PhaseAt(a.Now()); ph != commons.FundPhaseProposals && ph != commons.FundPhaseReview {
			return commons.Errorf(commons.CodeConflict, "error.fund.review_closed")
		}
		return nil
	}, note)
}

// PutFundBallot keeps the actor's ballot in a round, replacing any they
// cast before. Who may vote, the phase and the round's rule are checked in
// the transaction that stores the ballot.
func (a *App) PutFundBallot(ctx context.Context, s Scope, roundID string, choices []commons.FundChoice) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	if _, err := a.fundRoundIn(ctx, s, roundID); err != nil {
		return err
	}
	return a.Store.PutFundBallot(ctx, s.Community.ID, roundID, s.Actor.ID, choices,
		func(r commons.FundRound, eligible map[string]commons.FundApplication, now time.Time) error {
			switch ph := r.PhaseAt(now); ph {
			case commons.FundPhaseProposals, commons.FundPhaseReview:
				return commons.Errorf(commons.CodeConflict, "error.fund.voting_not_open")
			case commons.FundPhaseVoting:
			default:
				return commons.Errorf(commons.CodeConflict, "error.fund.voting_closed")
			}
			if !commons.MayVoteIn(s.Member, &r, now) {
				return commons.Forbidden()
			}
			return commons.CheckBallot(&r, eligible, choices)
		})
}

// FundResultLine is one proposal's result.
type FundResultLine struct {
	commons.FundApplication
	Votes int64
	// Computed is what the rule gave; Funded what stands after an
	// override, whose reason is beside it.
	Computed, Funded int64
	Override         *commons.FundOverride
	// Rank is the step at which the rule chose it (1 first), 0 if not.
	Rank int
}

// FundResultsView is a round's results with the rule that made them.
type FundResultsView struct {
	Round    commons.FundRound
	Phase    commons.FundPhase
	Lines    []FundResultLine
	Ballots  int
	Computed int64 // spent by the rule
	Funded   int64 // spent after overrides
	Left     int64 // returns to the pool
	// Completed is how many proposals Equal Shares' completion added.
	Completed   int
	ComputeTime time.Duration
}

// fundInput reads a round's ballots into the winner rules' input, with
// the eligible proposals in the order they came.
func (a *App) fundInput(ctx context.Context, r commons.FundRound) (commons.FundInput, []commons.FundApplication, error) {
	apps, err := a.Store.FundApplications(ctx, r.CommunityID, r.ID)
	if err != nil {
		return commons.FundInput{}, nil, err
	}
	in := commons.FundInput{Budget: r.Pool, Method: r.Method, Partial: r.Partial, Points: r.Rule == commons.FundTokens}
	index := map[string]int{}
	var eligible []commons.FundApplication
	for _, ap := range apps {
		if ap.Status == commons.FundEligible {
			index[ap.ID] = len(in.Projects)
			eligible = append(eligible, ap)
			in.Projects = append(in.Projects, commons.FundProject{ID: ap.ID, Cost: ap.Amount, Min: ap.Minimum})
		}
	}
	err = a.Store.EachFundBallot(ctx, r.CommunityID, r.ID, func(b []commons.FundChoice) error {
		votes := make([]commons.FundVote, 0, len(b))
		for _, c := range b {
			if i, ok := index[c.ApplicationID]; ok {
				votes = append(votes, commons.FundVote{Project: i, Points: c.Points})
			}
		}
		in.Ballots = append(in.Ballots, votes)
		return nil
	})
	return in, eligible, err
}

// FundResults computes a round's results from its ballots with the rule
// it published, and applies the editors' reasoned overrides. Anyone may
// read them once voting has closed.
func (a *App) FundResults(ctx context.Context, s Scope, roundID string) (FundResultsView, error) {
	r, err := a.fundRoundIn(ctx, s, roundID)
	if err != nil {
		return FundResultsView{}, err
	}
	v := FundResultsView{Round: r, Phase: r.PhaseAt(a.Now())}
	if v.Phase != commons.FundPhaseResults && v.Phase != commons.FundPhaseFollowUp {
		return v, commons.Errorf(commons.CodeConflict, "error.fund.results_later")
	}
	in, apps, err := a.fundInput(ctx, r)
	if err != nil {
		return v, err
	}
	overrides, err := a.Store.FundOverrides(ctx, s.Community.ID, roundID)
	if err != nil {
		return v, err
	}
	if err := a.fundPeople(ctx, s, &v.Round, overrides); err != nil {
		return v, err
	}
	start := time.Now()
	res := commons.ComputeFund(in)
	v.ComputeTime = time.Since(start)
	v.Ballots, v.Completed = len(in.Ballots), res.Completed
	rank := map[int]int{}
	for n, i := range res.Order {
		rank[i] = n + 1
	}
	for i, ap := range apps {
		l := FundResultLine{FundApplication: ap, Votes: res.Votes[i], Computed: res.Funded[i], Funded: res.Funded[i], Rank: rank[i]}
		if o, ok := overrides[ap.ID]; ok {
			l.Override, l.Funded = &o, o.Amount
		}
		if v.Phase == commons.FundPhaseFollowUp {
			l.Funded = ap.Funded // what was confirmed
		}
		v.Lines = append(v.Lines, l)
		v.Computed += l.Computed
		v.Funded += l.Funded
	}
	slices.SortStableFunc(v.Lines, func(x, y FundResultLine) int {
		if x.Votes != y.Votes {
			return int(y.Votes - x.Votes)
		}
		return 0
	})
	v.Left = r.Pool - v.Funded
	return v, nil
}

// WriteFundPabulib writes a round's anonymised ballots in the Pabulib
// format, as they are read: anyone may recompute the results with a
// standard tool once voting has closed.
func (a *App) WriteFundPabulib(ctx context.Context, s Scope, roundID string, w io.Writer) error {
	r, err := a.fundRoundIn(ctx, s, roundID)
	if err != nil {
		return err
	}
	if ph := r.PhaseAt(a.Now()); ph != commons.FundPhaseResults && ph != commons.FundPhaseFollowUp {
		return commons.Errorf(commons.CodeConflict, "error.fund.results_later")
	}
	apps, err := a.Store.FundApplications(ctx, r.CommunityID, r.ID)
	if err != nil {
		return err
	}
	totals, err := a.Store.FundVoteTotals(ctx, r.CommunityID, r.ID)
	if err != nil {
		return err
	}
	n, err := a.Store.FundBallotCount(ctx, r.CommunityID, r.ID)
	if err != nil {
		return err
	}
	var projects []encode.PabulibProject
	for _, ap := range apps {
		if ap.Status == commons.FundEligible {
			projects = append(projects, encode.PabulibProject{ID: ap.ID, Cost: ap.Amount, Min: ap.Minimum, Votes: totals[ap.ID], Name: ap.Title})
		}
	}
	loc := location(s.Community)
	pb := encode.NewPabulib(w, encode.PabulibMeta{Description: r.Title, Unit: r.Unit, Instance: s.Community.Name, Budget: r.Pool, NumVotes: n,
		Rule: r.Rule, Method: r.Method, MinLength: r.MinChoices, MaxLength: r.MaxChoices, MaxSumPoints: r.Tokens, MaxPoints: r.TokenCap,
		Partial: r.Partial, DateBegin: r.VotingAt.In(loc).Format("02.01.2006"), DateEnd: r.ClosesAt.In(loc).Format("02.01.2006")}, projects)
	if err := a.Store.EachFundBallot(ctx, r.CommunityID, r.ID, pb.Vote); err != nil {
		return err
	}
	return pb.Flush()
}

// OverrideFundResult changes one proposal's result, with a written reason
// shown beside it and on the community's record; the round's managers
// only, before the results are confirmed.
func (a *App) OverrideFundResult(ctx context.Context, s Scope, applicationID string, amount int64, reason string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	ap, err := a.fundApplicationIn(ctx, s, applicationID)
	if err != nil {
		return err
	}
	if _, err := a.manageFundRound(ctx, s, ap.RoundID); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	v.Text("reason", reason, true, commons.MaxFundReasonLen)
	if amount < 0 || amount > ap.Amount {
		v.Fail("amount", commons.Msg("error.field.range", "Min", 0, "Max", ap.Amount))
	}
	if ap.Status != commons.FundEligible {
		v.Fail("amount", commons.Msg("error.fund.override_ineligible"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.SetFundOverride(ctx, ap, amount, reason, s.Actor.ID, func(r commons.FundRound) error {
		if r.PhaseAt(a.Now()) != commons.FundPhaseResults {
			return commons.Errorf(commons.CodeConflict, "error.fund.override_phase")
		}
		return nil
	})
}

// PublishFundResults confirms a round's results: each funded proposal
// becomes a need of its initiative met by the providing organization's
// pledge, and its team is told. Overrides may take the total over the
// pool only up to the pool itself.
func (a *App) PublishFundResults(ctx context.Context, s Scope, roundID string) error {
	r, err := a.manageFundRound(ctx, s, roundID)
	if err != nil {
		return err
	}
	res, err := a.FundResults(ctx, s, roundID)
	if err != nil {
		return err
	}
	if res.Funded > r.Pool {
		return commons.Errorf(commons.CodeInvalid, "error.fund.over_pool", "Pool", r.Pool, "Sum", res.Funded)
	}
	if len(r.Funders) == 0 {
		return commons.Errorf(commons.CodeConflict, "error.fund.no_funder")
	}
	var awards []store.FundAward
	var notes []commons.Notification
	for _, l := range res.Lines {
		if l.Funded <= 0 {
			continue
		}
		aw := store.FundAward{Application: l.FundApplication, Amount: l.Funded,
			Need: fmt.Sprintf("%s: %d %s (%s)", r.Title, l.Funded, r.Unit, r.Funders[0].Name)}
		if l.Funded <= commons.MaxQuantity {
			q := int(l.Funded)
			aw.Quantity = &q
		}
		awards = append(awards, aw)
		if l.CreatedBy != "" {
			notes = append(notes, commons.Notification{UserID: l.CreatedBy, CommunityID: s.Community.ID, Kind: commons.NotifyFundAwarded,
				Args: map[string]string{"Proposal": l.Title, "Amount": fmt.Sprint(l.Funded), "Unit": r.Unit},
				Link: commons.PagePath(commons.SubjectFundApplication, s.Community.Slug, l.ID)})
		}
	}
	return a.Store.PublishFundResults(ctx, s.Community.ID, roundID, r.Funders[0].OrgID, s.Actor.ID, awards, func(r commons.FundRound) error {
		switch r.PhaseAt(a.Now()) {
		case commons.FundPhaseFollowUp:
			return commons.Errorf(commons.CodeConflict, "error.fund.published")
		case commons.FundPhaseResults:
			return nil
		}
		return commons.Errorf(commons.CodeConflict, "error.fund.results_later")
	}, notes)
}

// CarryOverFund takes into a round's pool what the latest finished round
// of the same providers and unit left unfunded or unspent, shown on the
// round as carried over from it. The round's managers, before voting
// opens (the pool is the ballots' budget). Spending the previous round's
// teams record afterwards is not carried again.
func (a *App) CarryOverFund(ctx context.Context, s Scope, roundID string) error {
	if _, err := a.manageFundRound(ctx, s, roundID); err != nil {
		return err
	}
	return a.Store.CarryOverFund(ctx, s.Community.ID, roundID, s.Actor.ID, func(r commons.FundRound) error {
		if ph := r.PhaseAt(a.Now()); ph != commons.FundPhaseProposals && ph != commons.FundPhaseReview {
			return commons.Errorf(commons.CodeConflict, "error.fund.carry_phase")
		}
		return nil
	})
}

// SetFundSpent records what a funded proposal has spent or used of its
// funding: its initiative's team, in follow-up.
func (a *App) SetFundSpent(ctx context.Context, s Scope, applicationID string, spent int64) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	ap, err := a.fundApplicationIn(ctx, s, applicationID)
	if err != nil {
		return err
	}
	i, err := a.initiativeIn(ctx, s, ap.InitiativeID)
	if err != nil {
		return err
	}
	if !commons.IsActiveMember(s.Member) || !commons.CanRunInitiative(&i, s.Actor.ID) {
		return commons.Forbidden()
	}
	if ap.Funded <= 0 {
		return commons.Errorf(commons.CodeConflict, "error.fund.not_funded")
	}
	if spent < 0 || spent > ap.Funded {
		return invalid("spent", commons.Msg("error.field.range", "Min", 0, "Max", ap.Funded))
	}
	return a.Store.SetFundSpent(ctx, ap, spent, s.Actor.ID)
}
