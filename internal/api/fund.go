package api

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// FundRoundFields opens or edits a fund round.
type FundRoundFields struct {
	Title       string    `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Description string    `json:"description,omitempty"`
	Pool        int64     `json:"pool" jsonschema:"minimum=1,description=How much there is to allocate, in unit"`
	Unit        string    `json:"unit" jsonschema:"minLength=1,maxLength=30,description=What pool counts: GBP, EUR, hours of the hall…"`
	FunderIDs   []string  `json:"funder_ids" jsonschema:"description=Organizations putting up the pool; the first provides the funding"`
	Themes      []string  `json:"themes,omitempty" jsonschema:"description=An initiative needs one of these to propose; none: any"`
	Rule        string    `json:"rule" jsonschema:"enum=approval,enum=knapsack,enum=tokens"`
	MinChoices  int       `json:"min_choices,omitempty" jsonschema:"description=approval: the fewest proposals a ballot ticks"`
	MaxChoices  int       `json:"max_choices,omitempty" jsonschema:"description=approval: the most proposals a ballot ticks"`
	MinShare    int       `json:"min_share,omitempty" jsonschema:"minimum=0,maximum=100,description=knapsack: the percent of the pool a ballot must fill"`
	Tokens      int       `json:"tokens,omitempty" jsonschema:"description=tokens: how many each voter spreads"`
	TokenCap    int       `json:"token_cap,omitempty" jsonschema:"description=tokens: the most on one proposal"`
	Method      string    `json:"method" jsonschema:"enum=greedy,enum=equal_shares"`
	Partial     bool      `json:"partial,omitempty" jsonschema:"description=Fund a proposal below its amount, down to its minimum"`
	VoterRole   string    `json:"voter_role,omitempty" jsonschema:"description=The role a member needs to vote; empty: every member"`
	ReviewerIDs []string  `json:"reviewer_ids,omitempty" jsonschema:"description=Members who decide eligibility; empty: the caller"`
	ReviewAt    time.Time `json:"review_at"`
	VotingAt    time.Time `json:"voting_at"`
	ClosesAt    time.Time `json:"closes_at"`
}

func (f FundRoundFields) domain() commons.FundRoundFields {
	return commons.FundRoundFields{Title: f.Title, Description: f.Description, Pool: f.Pool, Unit: f.Unit, FunderIDs: f.FunderIDs,
		Themes: f.Themes, VoterRole: commons.Role(f.VoterRole), ReviewerIDs: f.ReviewerIDs, ReviewAt: f.ReviewAt, VotingAt: f.VotingAt,
		ClosesAt: f.ClosesAt, FundRuleFields: commons.FundRuleFields{Rule: commons.FundRule(f.Rule), MinChoices: f.MinChoices,
			MaxChoices: f.MaxChoices, MinShare: f.MinShare, Tokens: f.Tokens, TokenCap: f.TokenCap, Method: commons.FundMethod(f.Method),
			Partial: f.Partial}}
}

// FundFunder is an organization putting up a round's pool.
type FundFunder struct {
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Sector         string `json:"sector"`
}

// FundPerson is a reviewer; the name is empty for readers who are not members.
type FundPerson struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

// FundRound is a round in a list.
type FundRound struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Pool        int64        `json:"pool"`
	Unit        string       `json:"unit"`
	Phase       string       `json:"phase" jsonschema:"enum=proposals,enum=review,enum=voting,enum=results,enum=follow_up"`
	Funders     []FundFunder `json:"funders"`
	Themes      []string     `json:"themes"`
	Rule        string       `json:"rule"`
	MinChoices  int          `json:"min_choices"`
	MaxChoices  int          `json:"max_choices"`
	MinShare    int          `json:"min_share"`
	Tokens      int          `json:"tokens"`
	TokenCap    int          `json:"token_cap"`
	Method      string       `json:"method"`
	Partial     bool         `json:"partial"`
	VoterRole   string       `json:"voter_role"`
	Reviewers   []FundPerson `json:"reviewers"`
	OpensAt     time.Time    `json:"opens_at"`
	ReviewAt    time.Time    `json:"review_at"`
	VotingAt    time.Time    `json:"voting_at"`
	ClosesAt    time.Time    `json:"closes_at"`
	PublishedAt *time.Time   `json:"published_at"`
	// Carried is the part of the pool taken over from another round.
	Carried     int64  `json:"carried" jsonschema:"description=Part of the pool carried over from carried_from"`
	CarriedFrom string `json:"carried_from,omitempty" jsonschema:"description=The finished round whose leftovers were carried over"`
}

func fundRoundOut(r commons.FundRound, phase commons.FundPhase) FundRound {
	out := FundRound{ID: r.ID, Title: r.Title, Description: r.Description, Pool: r.Pool, Unit: r.Unit, Phase: string(phase),
		Funders: []FundFunder{}, Themes: append([]string{}, r.Themes...), Rule: string(r.Rule), MinChoices: r.MinChoices,
		MaxChoices: r.MaxChoices, MinShare: r.MinShare, Tokens: r.Tokens, TokenCap: r.TokenCap, Method: string(r.Method), Partial: r.Partial,
		VoterRole: string(r.VoterRole), Reviewers: []FundPerson{}, OpensAt: r.OpensAt, ReviewAt: r.ReviewAt, VotingAt: r.VotingAt,
		ClosesAt: r.ClosesAt, PublishedAt: r.PublishedAt, Carried: r.Carried, CarriedFrom: r.CarriedFrom}
	for _, f := range r.Funders {
		out.Funders = append(out.Funders, FundFunder{OrganizationID: f.OrgID, Name: f.Name, Sector: string(f.Sector)})
	}
	for _, p := range r.Reviewers {
		out.Reviewers = append(out.Reviewers, FundPerson{UserID: p.UserID, Name: p.Name})
	}
	return out
}

// FundProposal is an initiative's proposal to a round.
type FundProposal struct {
	ID              string     `json:"id"`
	RoundID         string     `json:"round_id"`
	InitiativeID    string     `json:"initiative_id"`
	InitiativeTitle string     `json:"initiative_title"`
	Title           string     `json:"title"`
	Plan            string     `json:"plan"`
	Amount          int64      `json:"amount"`
	Minimum         int64      `json:"minimum"`
	Status          string     `json:"status" jsonschema:"enum=submitted,enum=eligible,enum=ineligible"`
	Reason          string     `json:"reason" jsonschema:"description=The reviewers' reason, shown to the proposer"`
	ReviewedAt      *time.Time `json:"reviewed_at"`
	Votes           int64      `json:"votes" jsonschema:"description=Its total, once voting has closed"`
	Funded          int64      `json:"funded"`
	Spent           int64      `json:"spent"`
	PledgeID        string     `json:"pledge_id"`
	CreatedAt       time.Time  `json:"created_at"`
}

func fundProposalOut(v app.FundApplicationView) FundProposal {
	a := v.FundApplication
	return FundProposal{ID: a.ID, RoundID: a.RoundID, InitiativeID: a.InitiativeID, InitiativeTitle: a.InitiativeTitle, Title: a.Title,
		Plan: a.Plan, Amount: a.Amount, Minimum: a.Minimum, Status: string(a.Status), Reason: a.Reason, ReviewedAt: a.ReviewedAt,
		Votes: v.Votes, Funded: a.Funded, Spent: a.Spent, PledgeID: a.PledgeID, CreatedAt: a.CreatedAt}
}

// FundRoundFull is a round with its proposals and the caller's ballot.
type FundRoundFull struct {
	FundRound
	Proposals []FundProposal `json:"proposals"`
	Ballot    FundBallot     `json:"ballot"`
	Ballots   int            `json:"ballots"`
	Committed int64          `json:"committed"`
	Spent     int64          `json:"spent"`
	May       FundRoundMay   `json:"may"`
}

// FundRoundMay says what the caller may do with a round.
type FundRoundMay struct {
	Manage   bool `json:"manage"`
	Propose  bool `json:"propose"`
	Review   bool `json:"review"`
	Vote     bool `json:"vote"`
	Override bool `json:"override"`
	Publish  bool `json:"publish"`
	// CarryOver: the caller may carry over what the last round left.
	CarryOver bool `json:"carry_over"`
}

// FundChoice is one line of a ballot.
type FundChoice struct {
	ProposalID string `json:"proposal_id"`
	Points     int    `json:"points" jsonschema:"description=1 for approval and knapsack ballots; tokens otherwise"`
}

// FundBallot is the caller's ballot.
type FundBallot struct {
	Choices   []FundChoice `json:"choices"`
	UpdatedAt *time.Time   `json:"updated_at"`
}

func fundBallotOut(cs []commons.FundChoice, at *time.Time) FundBallot {
	out := FundBallot{Choices: []FundChoice{}, UpdatedAt: at}
	for _, c := range cs {
		out.Choices = append(out.Choices, FundChoice{ProposalID: c.ApplicationID, Points: c.Points})
	}
	return out
}

func fundRoundFull(v app.FundRoundView) FundRoundFull {
	out := FundRoundFull{FundRound: fundRoundOut(v.FundRound, v.Phase), Proposals: []FundProposal{}, Ballot: fundBallotOut(v.Ballot, v.BallotAt),
		Ballots: v.BallotCount, Committed: v.Committed, Spent: v.Spent,
		May: FundRoundMay{Manage: v.May.Manage, Propose: v.May.Propose, Review: v.May.Review, Vote: v.May.Vote, Override: v.May.Override, Publish: v.May.Publish,
			CarryOver: v.May.CarryOver}}
	for _, a := range v.Applications {
		out.Proposals = append(out.Proposals, fundProposalOut(a))
	}
	return out
}

// NewFundProposal puts an initiative's proposal to a round.
type NewFundProposal struct {
	InitiativeID string `json:"initiative_id"`
	Title        string `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Plan         string `json:"plan" jsonschema:"minLength=1,maxLength=2000"`
	Amount       int64  `json:"amount" jsonschema:"minimum=1"`
	Minimum      int64  `json:"minimum,omitempty" jsonschema:"description=The least the project can work with; 0 or absent: the amount"`
}

// FundReview is a reviewer's eligibility decision.
type FundReview struct {
	Eligible bool   `json:"eligible"`
	Reason   string `json:"reason,omitempty" jsonschema:"maxLength=1000,description=Required to refuse; shown to the proposer"`
}

// FundOverrideIn overrides one proposal's result.
type FundOverrideIn struct {
	Amount int64  `json:"amount" jsonschema:"minimum=0"`
	Reason string `json:"reason" jsonschema:"minLength=1,maxLength=1000"`
}

// FundSpent says what a funded proposal has spent or used.
type FundSpent struct {
	Spent int64 `json:"spent" jsonschema:"minimum=0"`
}

// FundOverride is an override shown beside a result.
type FundOverride struct {
	Amount int64     `json:"amount"`
	Reason string    `json:"reason"`
	By     string    `json:"by" jsonschema:"description=Empty for readers who are not members"`
	At     time.Time `json:"at"`
}

// FundResultLine is one proposal's result.
type FundResultLine struct {
	ProposalID string        `json:"proposal_id"`
	Title      string        `json:"title"`
	Amount     int64         `json:"amount"`
	Minimum    int64         `json:"minimum"`
	Votes      int64         `json:"votes"`
	Computed   int64         `json:"computed" jsonschema:"description=What the rule gave"`
	Funded     int64         `json:"funded" jsonschema:"description=What stands, after an override"`
	Rank       int           `json:"rank" jsonschema:"description=The step at which the rule chose it; 0 if not"`
	Override   *FundOverride `json:"override"`
}

// FundResults are a round's results.
type FundResults struct {
	RoundID  string `json:"round_id"`
	Method   string `json:"method"`
	Partial  bool   `json:"partial"`
	Pool     int64  `json:"pool"`
	Unit     string `json:"unit"`
	Ballots  int    `json:"ballots"`
	Computed int64  `json:"computed"`
	Funded   int64  `json:"funded"`
	Left     int64  `json:"left" jsonschema:"description=Returns to the pool of a next round"`
	// Completed counts the proposals Equal Shares' completion added.
	Completed int              `json:"completed" jsonschema:"description=Proposals added by Equal Shares' completion (add1, then greedy)"`
	Lines     []FundResultLine `json:"lines"`
}

func (api *API) routesFund() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/fund/rounds", id: "openFundRound",
		summary: "Open a fund round, in its proposals phase", status: http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, in *FundRoundFields) (FundRoundFull, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return FundRoundFull{}, err
			}
			round, err := api.App.OpenFundRound(ctx, s, in.domain())
			if err != nil {
				return FundRoundFull{}, err
			}
			v, err := api.App.FundRound(ctx, s, round.ID)
			return fundRoundFull(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/fund/rounds", id: "listFundRounds",
		summary: "A community's fund rounds: those under way, then the archive", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[FundRound], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[FundRound]{}, err
			}
			v, err := api.App.FundRounds(ctx, s)
			return listOf(append(v.Current, v.Past...), "", func(it app.FundRoundItem) FundRound { return fundRoundOut(it.FundRound, it.Phase) }), err
		})

	handle(api, op{method: "GET", path: "/api/v1/fund/rounds/{id}", id: "getFundRound",
		summary: "A fund round with its proposals and the caller's ballot", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (FundRoundFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundRoundFull{}, err
			}
			v, err := api.App.FundRound(ctx, s, r.PathValue("id"))
			return fundRoundFull(v), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/fund/rounds/{id}", id: "updateFundRound",
		summary: "Edit a fund round; its rule, pool, voting dates and voters are fixed once voting opens (409)", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *FundRoundFields) (FundRoundFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundRoundFull{}, err
			}
			if _, err := api.App.UpdateFundRound(ctx, s, r.PathValue("id"), in.domain()); err != nil {
				return FundRoundFull{}, err
			}
			v, err := api.App.FundRound(ctx, s, r.PathValue("id"))
			return fundRoundFull(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/fund/rounds/{id}/proposals", id: "proposeToFund",
		summary: "Put an initiative's proposal to a round; its team, while proposals are open", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *NewFundProposal) (FundProposal, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundProposal{}, err
			}
			a, err := api.App.ProposeToFund(ctx, s, r.PathValue("id"), commons.FundApplicationFields{InitiativeID: in.InitiativeID,
				Title: in.Title, Plan: in.Plan, Amount: in.Amount, Minimum: in.Minimum})
			return fundProposalOut(app.FundApplicationView{FundApplication: a}), err
		})

	handle(api, op{method: "GET", path: "/api/v1/fund/proposals/{id}", id: "getFundProposal",
		summary: "One proposal to a fund round, with the reviewers' reason", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (FundProposal, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundApplication)
			if err != nil {
				return FundProposal{}, err
			}
			p, err := api.App.FundApplication(ctx, s, r.PathValue("id"))
			return fundProposalOut(p.FundApplicationView), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/fund/proposals/{id}/review", id: "reviewFundProposal",
		summary: "Decide whether a proposal is eligible, with a reason the proposer reads; the round's reviewers, before voting",
		status:  http.StatusNoContent, auth: true, errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *FundReview) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundApplication)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.ReviewFundApplication(ctx, s, r.PathValue("id"), in.Eligible, in.Reason)
		})

	handle(api, op{method: "GET", path: "/api/v1/fund/rounds/{id}/ballot", id: "getFundBallot",
		summary: "The caller's ballot in a round", status: http.StatusOK, auth: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (FundBallot, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundBallot{}, err
			}
			v, err := api.App.FundRound(ctx, s, r.PathValue("id"))
			return fundBallotOut(v.Ballot, v.BallotAt), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/fund/rounds/{id}/ballot", id: "putFundBallot",
		summary: "Cast or replace the caller's one ballot; the round's rule is checked as it is stored", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *FundBallot) (FundBallot, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundBallot{}, err
			}
			var cs []commons.FundChoice
			for _, c := range in.Choices {
				cs = append(cs, commons.FundChoice{ApplicationID: c.ProposalID, Points: c.Points})
			}
			if err := api.App.PutFundBallot(ctx, s, r.PathValue("id"), cs); err != nil {
				return FundBallot{}, err
			}
			v, err := api.App.FundRound(ctx, s, r.PathValue("id"))
			return fundBallotOut(v.Ballot, v.BallotAt), err
		})

	handle(api, op{method: "GET", path: "/api/v1/fund/rounds/{id}/results", id: "getFundResults",
		summary: "A round's results, computed from its ballots by its rule, with the reasoned overrides; once voting has closed",
		status:  http.StatusOK, errors: []int{404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (FundResults, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundResults{}, err
			}
			v, err := api.App.FundResults(ctx, s, r.PathValue("id"))
			if err != nil {
				return FundResults{}, err
			}
			out := FundResults{RoundID: v.Round.ID, Method: string(v.Round.Method), Partial: v.Round.Partial, Pool: v.Round.Pool, Unit: v.Round.Unit,
				Ballots: v.Ballots, Computed: v.Computed, Funded: v.Funded, Left: v.Left, Completed: v.Completed, Lines: []FundResultLine{}}
			for _, l := range v.Lines {
				line := FundResultLine{ProposalID: l.ID, Title: l.Title, Amount: l.Amount, Minimum: l.Minimum, Votes: l.Votes,
					Computed: l.Computed, Funded: l.Funded, Rank: l.Rank}
				if o := l.Override; o != nil {
					line.Override = &FundOverride{Amount: o.Amount, Reason: o.Reason, By: o.ByName, At: o.At}
				}
				out.Lines = append(out.Lines, line)
			}
			return out, nil
		})

	handle(api, op{method: "PUT", path: "/api/v1/fund/proposals/{id}/override", id: "overrideFundResult",
		summary: "Override one proposal's result with a written reason, shown beside it and on the record; the round's managers",
		status:  http.StatusNoContent, auth: true, errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *FundOverrideIn) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundApplication)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.OverrideFundResult(ctx, s, r.PathValue("id"), in.Amount, in.Reason)
		})

	handle(api, op{method: "POST", path: "/api/v1/fund/rounds/{id}/publish", id: "publishFundResults",
		summary: "Confirm a round's results: each funded proposal becomes the providing organization's pledge", status: http.StatusNoContent,
		auth: true, errors: []int{401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.PublishFundResults(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "POST", path: "/api/v1/fund/rounds/{id}/carry-over", id: "carryOverFund",
		summary: "Add to a round's pool what the last finished round of the same providers and unit left", status: http.StatusOK,
		auth: true, errors: []int{401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (FundRoundFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundRound)
			if err != nil {
				return FundRoundFull{}, err
			}
			if err := api.App.CarryOverFund(ctx, s, r.PathValue("id")); err != nil {
				return FundRoundFull{}, err
			}
			v, err := api.App.FundRound(ctx, s, r.PathValue("id"))
			return fundRoundFull(v), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/fund/proposals/{id}/spent", id: "setFundSpent",
		summary: "Say how much of a funded proposal is spent or used; its initiative's team", status: http.StatusNoContent, auth: true,
		errors: []int{400, 401, 403, 404, 409, 422}},
		func(ctx context.Context, r *http.Request, in *FundSpent) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectFundApplication)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.SetFundSpent(ctx, s, r.PathValue("id"), in.Spent)
		})

	// The ballots as a Pabulib file, streamed: plain text, not JSON.
	rt := route{method: "GET", path: "/api/v1/fund/rounds/{id}/pabulib", id: "getFundPabulib",
		summary: "A round's anonymised ballots in the Pabulib .pb format, to recompute its results with a standard tool; once voting has closed",
		status:  http.StatusOK, errors: []int{404, 409}, out: reflect.TypeFor[string](), contentType: "text/plain"}
	rt.handler = func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		out := &lazyText{w: w, name: r.PathValue("id") + ".pb"}
		s, err := api.App.ScopeOf(ctx, reqctx.User(ctx), commons.SubjectFundRound, r.PathValue("id"))
		if err == nil {
			err = api.App.WriteFundPabulib(ctx, s, r.PathValue("id"), out)
		}
		if err != nil && !out.started {
			api.WriteError(w, r, err)
		} else if err != nil {
			api.Log.ErrorContext(ctx, "pabulib", "err", err) // the answer is under way: it ends short
		}
	}
	api.routes = append(api.routes, rt)
	api.mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
}

// lazyText sets a text answer's headers on its first write, so that an
// error found before anything is written can still be answered as JSON.
type lazyText struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (l *lazyText) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		l.w.Header().Set("Content-Disposition", `attachment; filename="`+l.name+`"`)
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}
