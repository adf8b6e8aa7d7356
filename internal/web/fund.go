package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// The community fund's pages: the rounds and their archive, a round with
// its proposals and ballot, a proposal with its questions, and the
// printable results.

const (
	fundStyles = "/static/fund.css"
	// fundScript only adds the running total as a ballot is filled in;
	// the ballot is a plain form without it.
	fundScript = "/static/fund.js"
	// fundTimeLayout is what a datetime-local field sends.
	fundTimeLayout = "2006-01-02T15:04"
)

// routesFund adds the fund pages.
func (w *Web) routesFund(m router) {
	m.Page("GET /c/{slug}/fund", w.fundRounds)
	m.Page("GET /c/{slug}/fund/new", w.newFundRoundPage)
	m.Form("POST /c/{slug}/fund/new", w.openFundRound, w.newFundRoundPage)
	m.Page("GET /c/{slug}/fund/{id}", w.fundRound)
	m.Page("GET /c/{slug}/fund/{id}/edit", w.editFundRoundPage)
	m.Form("POST /c/{slug}/fund/{id}/edit", w.updateFundRound, w.editFundRoundPage)
	m.Form("POST /c/{slug}/fund/{id}/proposals", w.proposeToFund, w.fundRound)
	m.Form("POST /c/{slug}/fund/{id}/ballot", w.castFundBallot, w.fundRound)
	m.Form("POST /c/{slug}/fund/{id}/publish", w.publishFundResults, w.fundResultsPage)
	m.Form("POST /c/{slug}/fund/{id}/carry-over", w.carryOverFund, w.fundRound)
	m.Page("GET /c/{slug}/fund/{id}/results", w.fundResultsPage)
	m.Page("GET /c/{slug}/fund-proposals/{id}", w.fundProposal)
	m.Form("POST /c/{slug}/fund-proposals/{id}/review", w.reviewFundProposal, w.fundProposal)
	m.Form("POST /c/{slug}/fund-proposals/{id}/override", w.overrideFundResult, w.fundProposal)
	m.Form("POST /c/{slug}/fund-proposals/{id}/spent", w.setFundSpent, w.fundProposal)
}

func fundPath(v *view, id string) string { return "/c/" + v.Community.Slug + "/fund/" + id }

func fundProposalPath(v *view, id string) string {
	return "/c/" + v.Community.Slug + "/fund-proposals/" + id
}

// fundRule is a round's rules in plain words, one sentence each.
func fundRule(l *i18n.Localizer, r commons.FundRound, loc *time.Location) []string {
	var out []string
	switch r.Rule {
	case commons.FundApproval:
		out = append(out, l.T("fund.rule.approval", "Min", r.MinChoices, "Max", r.MaxChoices))
	case commons.FundKnapsack:
		out = append(out, l.T("fund.rule.knapsack", "Pool", r.Pool, "Unit", r.Unit))
		if r.MinShare > 0 {
			out = append(out, l.T("fund.rule.min_share", "Share", r.MinShare))
		}
	case commons.FundTokens:
		out = append(out, l.T("fund.rule.tokens", "Tokens", r.Tokens, "Cap", r.TokenCap))
	}
	out = append(out, l.T("fund.method."+string(r.Method)))
	if r.Partial {
		out = append(out, l.T("fund.rule.partial"))
	}
	opens := l.DateTime(r.OpensAt.In(loc))
	if r.VoterRole != "" {
		out = append(out, l.T("fund.rule.voters_role", "Date", opens, "Role", l.T("role."+string(r.VoterRole))))
	} else {
		out = append(out, l.T("fund.rule.voters", "Date", opens))
	}
	out = append(out, l.T("fund.rule.ties"))
	return out
}

type fundRoundsData struct {
	app.FundRoundsView
	Loc *time.Location
}

// fundRounds lists the rounds under way and the archive of past ones.
func (w *Web) fundRounds(r *http.Request, v *view) (string, error) {
	rs, err := w.App.FundRounds(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("fund.title"), fundRoundsData{FundRoundsView: rs, Loc: w.App.Location(*v.Community)}, []string{fundStyles}
	return "fund_rounds", nil
}

type fundFormData struct {
	Orgs    []commons.Organization
	Members []commons.Member
	Themes  []theme
	Rules   []commons.FundRule
	Methods []commons.FundMethod
	Roles   []commons.Role
	// Editing is the round being edited; nil when opening one.
	Editing    *app.FundRoundView
	RuleLocked bool
	// Locked are the fields of the fixed rule, sent unchanged from
	// hidden inputs since a disabled fieldset sends nothing.
	Locked []string
}

func (w *Web) fundFormPage(r *http.Request, v *view, editing *app.FundRoundView) (string, error) {
	d := fundFormData{Rules: commons.FundRules, Methods: commons.FundMethods, Roles: commons.Roles, Editing: editing}
	var err error
	if d.Orgs, _, err = w.App.Organizations(r.Context(), v.Scope, commons.OrganizationFilter{Page: commons.Page{Limit: 200}}); err != nil {
		return "", err
	}
	if d.Members, _, err = w.App.Members(r.Context(), v.Scope, commons.Page{Limit: 200}); err != nil {
		return "", err
	}
	themes, err := w.App.Themes(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d.Themes = themeLabels(v.L, themes)
	loc := w.App.Location(*v.Community)
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
		if editing != nil {
			v.Form.Values = fundRoundValues(editing.FundRound, loc)
		} else {
			now := w.App.Now().In(loc)
			v.Form.Values = url.Values{"rule": {"approval"}, "method": {"equal_shares"}, "min_choices": {"1"}, "max_choices": {"3"},
				"tokens": {"10"}, "token_cap": {"5"}, "min_share": {"0"}, "unit": {v.L.T("fund.default_unit")},
				"review_at": {now.AddDate(0, 0, 14).Format("2006-01-02") + "T18:00"},
				"voting_at": {now.AddDate(0, 0, 21).Format("2006-01-02") + "T18:00"},
				"closes_at": {now.AddDate(0, 0, 35).Format("2006-01-02") + "T18:00"}}
		}
	}
	if editing != nil {
		d.RuleLocked = editing.May.RuleLocked
		if d.RuleLocked {
			d.Locked = []string{"rule", "method", "min_choices", "max_choices", "min_share", "tokens", "token_cap", "voter_role", "partial"}
		}
		v.Title = v.L.T("fund.edit.title", "Title", editing.Title)
	} else {
		v.Title = v.L.T("fund.new.title")
	}
	v.Data, v.Styles = d, []string{fundStyles}
	return "fund_form", nil
}

// fundRoundValues fills the form with a round as it stands.
func fundRoundValues(r commons.FundRound, loc *time.Location) url.Values {
	vals := url.Values{"title": {r.Title}, "description": {r.Description}, "pool": {strconv.FormatInt(r.Pool, 10)}, "unit": {r.Unit},
		"rule": {string(r.Rule)}, "method": {string(r.Method)}, "min_choices": {strconv.Itoa(r.MinChoices)}, "max_choices": {strconv.Itoa(r.MaxChoices)},
		"min_share": {strconv.Itoa(r.MinShare)}, "tokens": {strconv.Itoa(r.Tokens)}, "token_cap": {strconv.Itoa(r.TokenCap)},
		"voter_role": {string(r.VoterRole)}, "themes": r.Themes,
		"review_at": {fundMoment(r.ReviewAt, loc)}, "voting_at": {fundMoment(r.VotingAt, loc)}, "closes_at": {fundMoment(r.ClosesAt, loc)}}
	if r.Partial {
		vals.Set("partial", "on")
	}
	for _, f := range r.Funders {
		vals.Add("funder_ids", f.OrgID)
	}
	for _, p := range r.Reviewers {
		vals.Add("reviewer_ids", p.UserID)
	}
	return vals
}

// fundMoment writes a moment for a datetime-local field, with its
// seconds when it has some, so that saving the form unchanged keeps it.
func fundMoment(t time.Time, loc *time.Location) string {
	if t.Truncate(time.Minute).Equal(t) {
		return t.In(loc).Format(fundTimeLayout)
	}
	return t.In(loc).Format(fundTimeLayout + ":05")
}

// newFundRoundPage is the form to open a round.
func (w *Web) newFundRoundPage(r *http.Request, v *view) (string, error) {
	rs, err := w.App.FundRounds(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if !rs.Open {
		return "", forbiddenOrSignIn(v)
	}
	return w.fundFormPage(r, v, nil)
}

func (w *Web) editFundRoundPage(r *http.Request, v *view) (string, error) {
	rv, err := w.App.FundRound(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !rv.May.Edit {
		return "", forbiddenOrSignIn(v)
	}
	return w.fundFormPage(r, v, &rv)
}

// fundFields reads the round form; a field that is not a number or a
// moment is said beside it.
func fundFields(f *form, loc *time.Location, val *commons.Validator) commons.FundRoundFields {
	num := func(name string) int64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			val.Fail(name, commons.Msg("error.field.number"))
		}
		return n
	}
	at := func(name string) time.Time {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(fundTimeLayout, s, loc)
		if err != nil {
			// Browsers send seconds when the field's step asks for them.
			t, err = time.ParseInLocation(fundTimeLayout+":05", s, loc)
		}
		if err != nil {
			val.Fail(name, commons.Msg("error.fund.moment"))
		}
		return t
	}
	return commons.FundRoundFields{Title: f.Get("title"), Description: f.Get("description"), Pool: num("pool"), Unit: f.Get("unit"),
		FunderIDs: f.Values["funder_ids"], Themes: f.Values["themes"], ReviewerIDs: f.Values["reviewer_ids"],
		VoterRole: commons.Role(f.Get("voter_role")), ReviewAt: at("review_at"), VotingAt: at("voting_at"), ClosesAt: at("closes_at"),
		FundRuleFields: commons.FundRuleFields{Rule: commons.FundRule(f.Get("rule")), Method: commons.FundMethod(f.Get("method")),
			MinChoices: int(num("min_choices")), MaxChoices: int(num("max_choices")), MinShare: int(num("min_share")),
			Tokens: int(num("tokens")), TokenCap: int(num("token_cap")), Partial: f.Get("partial") != ""}}
}

func (w *Web) openFundRound(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	fields := fundFields(f, w.App.Location(*v.Community), &val)
	if err := val.Err(); err != nil {
		return done{}, err
	}
	round, err := w.App.OpenFundRound(r.Context(), v.Scope, fields)
	return done{To: fundPath(v, round.ID), Flash: "flash.fund_opened"}, err
}

func (w *Web) updateFundRound(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	fields := fundFields(f, w.App.Location(*v.Community), &val)
	if err := val.Err(); err != nil {
		return done{}, err
	}
	_, err := w.App.UpdateFundRound(r.Context(), v.Scope, r.PathValue("id"), fields)
	return done{To: fundPath(v, r.PathValue("id")), Flash: "flash.fund_saved"}, err
}

// fundLine is a proposal on the round page, with the reader's choice.
type fundLine struct {
	app.FundApplicationView
	Chosen bool
	Points int
}

type fundRoundData struct {
	app.FundRoundView
	Lines    []fundLine
	Eligible []fundLine
	// Explained is the round's rules in plain words.
	Explained []string
	Loc       *time.Location
	// Which names the form shown again with its problems.
	Which string
	// Used and Left are what the reader's saved ballot takes of what a
	// ballot may hold (amounts, tokens or choices), Limit that whole.
	Used, Left, Limit int64
	Unit              string
	Phases            []commons.FundPhase
	Description       template.HTML
	Pabulib           string
}

// fundRound is a round's page: phase, pool, proposals, the ballot with
// what is left, and links to the results.
func (w *Web) fundRound(r *http.Request, v *view) (string, error) {
	rv, err := w.App.FundRound(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := fundRoundData{FundRoundView: rv, Loc: w.App.Location(*v.Community), Phases: commons.FundPhases,
		Description: w.App.Markdown.HTML(rv.Description), Pabulib: "/api/v1/fund/rounds/" + rv.ID + "/pabulib"}
	d.Explained = fundRule(v.L, rv.FundRound, d.Loc)
	if r.Method == http.MethodPost {
		d.Which = r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	}
	chosen := map[string]int{}
	for _, c := range rv.Ballot {
		chosen[c.ApplicationID] = c.Points
	}
	if v.Form != nil && d.Which == "ballot" {
		// A refused ballot is shown as it was sent, to be corrected.
		chosen = map[string]int{}
		for _, c := range ballotChoices(v.Form, rv.Rule) {
			chosen[c.ApplicationID] = c.Points
		}
	}
	for _, a := range rv.Applications {
		l := fundLine{FundApplicationView: a, Points: chosen[a.ID]}
		l.Chosen = l.Points > 0
		d.Lines = append(d.Lines, l)
		if a.Status == commons.FundEligible {
			d.Eligible = append(d.Eligible, l)
			switch rv.Rule {
			case commons.FundKnapsack:
				if l.Chosen {
					d.Used += a.Amount
				}
			case commons.FundTokens:
				d.Used += int64(l.Points)
			default:
				if l.Chosen {
					d.Used++
				}
			}
		}
	}
	switch rv.Rule {
	case commons.FundKnapsack:
		d.Limit, d.Unit = rv.Pool, rv.FundRound.Unit
	case commons.FundTokens:
		d.Limit, d.Unit = int64(rv.Tokens), v.L.T("fund.tokens_unit")
	default:
		d.Limit, d.Unit = int64(rv.MaxChoices), v.L.T("fund.choices_unit")
	}
	d.Left = d.Limit - d.Used
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data, v.Styles, v.Scripts = rv.Title, d, []string{fundStyles}, []string{fundScript}
	v.Talk = w.talkAbout(r, v, commons.SubjectFundRound, rv.ID)
	return "fund_round", nil
}

func (w *Web) proposeToFund(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	num := func(name string) int64 {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			val.Fail(name, commons.Msg("error.field.number"))
		}
		return n
	}
	fields := commons.FundApplicationFields{InitiativeID: f.Get("initiative_id"), Title: f.Get("title"), Plan: f.Get("plan"),
		Amount: num("amount"), Minimum: num("minimum")}
	if err := val.Err(); err != nil {
		return done{}, err
	}
	a, err := w.App.ProposeToFund(r.Context(), v.Scope, r.PathValue("id"), fields)
	return done{To: fundProposalPath(v, a.ID), Flash: "flash.fund_proposed"}, err
}

// ballotChoices reads a ballot form: ticked proposals ("choice") for
// approval and knapsack ballots, a number per proposal ("points.<id>")
// for tokens, where 0 or blank leaves it out.
func ballotChoices(f *form, rule commons.FundRule) []commons.FundChoice {
	var out []commons.FundChoice
	if rule != commons.FundTokens {
		for _, id := range f.Values["choice"] {
			out = append(out, commons.FundChoice{ApplicationID: id, Points: 1})
		}
		return out
	}
	for name, vals := range f.Values {
		id, ok := strings.CutPrefix(name, "points.")
		if !ok || len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
		if err != nil {
			n = -1 // not a number: refused as a negative count would be
		}
		if n != 0 {
			out = append(out, commons.FundChoice{ApplicationID: id, Points: n})
		}
	}
	return out
}

func (w *Web) castFundBallot(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	rv, err := w.App.FundRound(r.Context(), v.Scope, id)
	if err != nil {
		return done{}, err
	}
	err = w.App.PutFundBallot(r.Context(), v.Scope, id, ballotChoices(f, rv.Rule))
	return done{To: fundPath(v, id) + "#ballot", Flash: "flash.fund_voted"}, err
}

type fundProposalData struct {
	app.FundApplicationPage
	Loc  *time.Location
	Plan template.HTML
}

// fundProposal is one proposal: its plan, the reviewers' decision and
// reason, its result and follow-up, and the questions about it.
func (w *Web) fundProposal(r *http.Request, v *view) (string, error) {
	p, err := w.App.FundApplication(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data, v.Styles = p.Title, fundProposalData{FundApplicationPage: p, Loc: w.App.Location(*v.Community),
		Plan: w.App.Markdown.HTML(p.Plan)}, []string{fundStyles}
	v.Talk = w.talkAbout(r, v, commons.SubjectFundApplication, p.ID)
	return "fund_proposal", nil
}

func (w *Web) reviewFundProposal(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.ReviewFundApplication(r.Context(), v.Scope, id, f.Get("decision") == "eligible", f.Get("reason"))
	return done{To: fundProposalPath(v, id), Flash: "flash.fund_reviewed"}, err
}

func (w *Web) overrideFundResult(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	amount, err := strconv.ParseInt(strings.TrimSpace(f.Get("amount")), 10, 64)
	if err != nil {
		return done{}, &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
			Fields: map[string]commons.Message{"amount": commons.Msg("error.field.number")}}
	}
	err = w.App.OverrideFundResult(r.Context(), v.Scope, id, amount, f.Get("reason"))
	return done{To: fundProposalPath(v, id), Flash: "flash.fund_overridden"}, err
}

func (w *Web) setFundSpent(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	spent, err := strconv.ParseInt(strings.TrimSpace(f.Get("spent")), 10, 64)
	if err != nil {
		return done{}, &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
			Fields: map[string]commons.Message{"spent": commons.Msg("error.field.number")}}
	}
	err = w.App.SetFundSpent(r.Context(), v.Scope, id, spent)
	return done{To: fundProposalPath(v, id), Flash: "flash.fund_spent"}, err
}

type fundResultsData struct {
	app.FundResultsView
	Explained []string
	Loc       *time.Location
	Pabulib   string
	May       app.FundRoundMay
	Share     string
}

// fundResultsPage is a round's results with the rule in plain words, made
// to be printed; its managers confirm them from here.
func (w *Web) fundResultsPage(r *http.Request, v *view) (string, error) {
	id := r.PathValue("id")
	res, err := w.App.FundResults(r.Context(), v.Scope, id)
	if err != nil {
		return "", err
	}
	rv, err := w.App.FundRound(r.Context(), v.Scope, id)
	if err != nil {
		return "", err
	}
	loc := w.App.Location(*v.Community)
	d := fundResultsData{FundResultsView: res, Explained: fundRule(v.L, res.Round, loc), Loc: loc, May: rv.May,
		Pabulib: "/api/v1/fund/rounds/" + id + "/pabulib"}
	if res.Ballots > 0 {
		d.Share = strconv.FormatFloat(float64(res.Round.Pool)/float64(res.Ballots), 'f', 2, 64)
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data, v.Styles = v.L.T("fund.results.title", "Title", res.Round.Title), d, []string{fundStyles}
	return "fund_results", nil
}

func (w *Web) carryOverFund(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.CarryOverFund(r.Context(), v.Scope, id)
	return done{To: fundPath(v, id), Flash: "flash.fund_carried"}, err
}

func (w *Web) publishFundResults(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	err := w.App.PublishFundResults(r.Context(), v.Scope, id)
	return done{To: fundPath(v, id), Flash: "flash.fund_published"}, err
}
