package app

import (
	"context"
	"slices"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// What acting on a match makes (match_decisions.result_type).
const (
	ResultPledge   = "pledge"
	ResultInterest = "interest"
	ResultAnswer   = "answer"
	ResultAsked    = "asked"
	// ResultRegistration: a place (or a place on the waitlist) at an
	// activity that meets a learning request; its id is the activity's.
	ResultRegistration = "registration"
)

// MatchView is one suggestion as its reader sees it: the match, its page,
// and what the reader may do with it.
type MatchView struct {
	commons.Match
	Path string
	// Act names what acting would do for the reader ("" when they may
	// not act): pledge, teach, host, answer_request, answer_offer, ask or
	// register.
	Act string
	// Decline: the reader is on one side of the pair.
	Decline bool
}

// MatchesView is a seeker with its suggestions.
type MatchesView struct {
	Seeker commons.Seeker
	// Reverse: the seeker is an offer, and the matches are what it could meet.
	Reverse bool
	Matches []MatchView
	// Path is the seeker's own page.
	Path string
	// MaySuggest: the reader, a learning champion, may suggest a match
	// to one side of it (SuggestMatch).
	MaySuggest bool
}

// MatchSeekers are the kinds of thing the matcher finds answers for.
var MatchSeekers = []commons.SubjectType{commons.SubjectNeed, commons.SubjectProposal, commons.SubjectIntent}

// seekerIn loads a seeker of the scope's community. Matches are for the
// community's active members: they name people and things members may
// see, so for anyone else the seeker is not found.
func (a *App) seekerIn(ctx context.Context, s Scope, typ commons.SubjectType, id string) (commons.Seeker, bool, string, error) {
	if !s.May.ReadMembersOnly {
		return commons.Seeker{}, false, "", commons.NotFound()
	}
	var v commons.Validator
	commons.OneOf(&v, "type", typ, MatchSeekers)
	if err := v.Err(); err != nil {
		return commons.Seeker{}, false, "", err
	}
	switch typ {
	case commons.SubjectNeed:
		sk, err := a.Store.NeedSeeker(ctx, s.Community.ID, id)
		if err != nil {
			return sk, false, "", err
		}
		i, err := a.Store.NeedByID(ctx, id)
		if err != nil {
			return sk, false, "", err
		}
		return sk, false, initiativeLink(s.Community, i.InitiativeID), nil
	case commons.SubjectProposal:
		sk, err := a.Store.ProposalSeeker(ctx, s.Community.ID, id)
		return sk, false, commons.PagePath(typ, s.Community.Slug, id), err
	default:
		i, err := a.intentIn(ctx, s, id)
		if err != nil {
			return commons.Seeker{}, false, "", err
		}
		sk, err := a.Store.IntentSeeker(ctx, i)
		return sk, i.Direction == commons.IntentOffer, intentLink(s.Community, id), err
	}
}

// synonyms are the standard groups and the community's own.
func (a *App) synonyms(ctx context.Context, c commons.Community) (commons.Synonyms, error) {
	own, err := a.Store.CommunitySynonyms(ctx, c.ID)
	if err != nil {
		return commons.Synonyms{}, err
	}
	return commons.NewSynonyms(c.Languages, commons.DefaultSynonyms, own), nil
}

// Matches ranks the candidates for a need, a learner's proposal, a request
// — or, for an offer, the needs it could meet — with the reasons of each.
func (a *App) Matches(ctx context.Context, s Scope, typ commons.SubjectType, id string) (MatchesView, error) {
	sk, reverse, path, err := a.seekerIn(ctx, s, typ, id)
	if err != nil {
		return MatchesView{}, err
	}
	syn, err := a.synonyms(ctx, s.Community)
	if err != nil {
		return MatchesView{}, err
	}
	cands, err := a.Store.MatchCandidates(ctx, store.CandidateQuery{Community: s.Community, Seeker: sk,
		Stems: syn.SearchStems(sk.Text, s.Community.Languages, 12), Reverse: reverse, Now: a.Now()})
	if err != nil {
		return MatchesView{}, err
	}
	out := MatchesView{Seeker: sk, Reverse: reverse, Path: path, MaySuggest: s.May.SuggestMatch}
	for _, m := range commons.Rank(sk, cands, syn, s.Community.Languages) {
		mv := MatchView{Match: m, Path: commons.CandidatePath(m.Type, s.Community.Slug, m.ID)}
		mv.Act, mv.Decline = matchAct(s.ActorID(), sk, m.Candidate, reverse)
		out.Matches = append(out.Matches, mv)
	}
	return out, nil
}

// matchAct is the rule for acting on a suggestion: the side that gives
// pledges, offers to teach or host, or answers the request; the side that
// needs answers the offer or asks the owner. Others may not act.
func matchAct(actorID string, sk commons.Seeker, c commons.Candidate, reverse bool) (string, bool) {
	if actorID == "" {
		return "", false
	}
	inSeeker := slices.Contains(sk.People, actorID)
	ownsCandidate := c.OwnerUserID == actorID || slices.Contains(c.Answerable, actorID)
	if !reverse && c.Type == commons.SubjectActivity {
		// An activity already answers: a learner registers; its
		// organizer may only decline the suggestion.
		if inSeeker {
			return "register", true
		}
		return "", ownsCandidate
	}
	giver, needer := ownsCandidate, inSeeker
	needType, giveType, giveKind := sk.Type, c.Type, c.Kind
	if reverse {
		giver, needer = inSeeker, ownsCandidate
		needType, giveType, giveKind = c.Type, sk.Type, sk.Kind
	}
	switch {
	case giver && needType == commons.SubjectNeed:
		return "pledge", true
	case giver && needType == commons.SubjectProposal && giveType == commons.SubjectResource:
		if giveKind != commons.KindSpace {
			return "", true
		}
		return "host", true
	case giver && needType == commons.SubjectProposal:
		return "teach", true
	case giver:
		return "answer_request", true
	case needer && giveType == commons.SubjectIntent:
		return "answer_offer", true
	case needer:
		return "ask", true
	}
	return "", false
}

// MatchResult is what acting on a suggestion made, and where to see it.
type MatchResult struct {
	Decision   string
	ResultType string
	ResultID   string
	Path       string
	// Outcome is what it led to at once (a place at an activity), else "".
	Outcome string
}

// findMatch is the suggestion of one candidate for one seeker, as the
// reader would see it: acting is only on a real, current suggestion.
func (a *App) findMatch(ctx context.Context, s Scope, typ commons.SubjectType, id string, candType commons.SubjectType, candID string) (MatchesView, MatchView, error) {
	mv, err := a.Matches(ctx, s, typ, id)
	if err != nil {
		return mv, MatchView{}, err
	}
	for _, m := range mv.Matches {
		if m.Type == candType && m.ID == candID {
			return mv, m, nil
		}
	}
	return mv, MatchView{}, commons.NotFound()
}

// decided returns the result of a pair already decided: acting again
// gives the first result; acting on a declined pair is a conflict.
func (a *App) decided(ctx context.Context, s Scope, d store.MatchDecision, path string) (MatchResult, error) {
	prev, ok, err := a.Store.DecisionOf(ctx, s.Community.ID, d.SeekerType, d.SeekerID, d.CandidateType, d.CandidateID)
	if err != nil {
		return MatchResult{}, err
	}
	if !ok || prev.Decision != "acted" || prev.ResultID == "" {
		return MatchResult{}, commons.Errorf(commons.CodeConflict, "error.match.decided")
	}
	res := MatchResult{Decision: prev.Decision, ResultType: prev.ResultType, ResultID: prev.ResultID, Path: path}
	switch prev.ResultType {
	case ResultPledge:
		p, err := a.Store.PledgeByID(ctx, prev.ResultID)
		if err != nil {
			return res, err
		}
		res.Path = initiativeLink(s.Community, p.InitiativeID)
	case ResultInterest:
		proposal, _, _ := strings.Cut(prev.ResultID, "/")
		res.Path = commons.PagePath(commons.SubjectProposal, s.Community.Slug, proposal)
	case ResultAnswer:
		res.Path = intentLink(s.Community, prev.ResultID)
	case ResultRegistration:
		res.Path = commons.PagePath(commons.SubjectActivity, s.Community.Slug, prev.ResultID)
	}
	return res, nil
}

// ActOnMatch turns a suggestion into the existing thing in one step — a
// pledge on the need, an offer to teach or host, an answer to the offer or
// request, or a request to the owner — and tells the other side. The pair
// is claimed first, so acting twice gives one result.
func (a *App) ActOnMatch(ctx context.Context, s Scope, typ commons.SubjectType, id string, candType commons.SubjectType, candID, note string) (MatchResult, error) {
	if s.Actor == nil {
		return MatchResult{}, commons.Unauthenticated()
	}
	note = strings.TrimSpace(note)
	var v commons.Validator
	v.Line("note", note, false, commons.MaxShortTextLen)
	if err := v.Err(); err != nil {
		return MatchResult{}, err
	}
	d := store.MatchDecision{SeekerType: typ, SeekerID: id, CandidateType: candType, CandidateID: candID, Decision: "acted"}
	mv, m, err := a.findMatch(ctx, s, typ, id, candType, candID)
	if commons.CodeOf(err) == commons.CodeNotFound && mv.Seeker.ID != "" {
		// No longer suggested: perhaps because it was acted on already.
		return a.decided(ctx, s, d, mv.Path)
	}
	if err != nil {
		return MatchResult{}, err
	}
	if m.Act == "" {
		return MatchResult{}, commons.Forbidden()
	}
	if err := a.Store.ClaimMatch(ctx, s.Community.ID, d, s.Actor.ID, nil); err != nil {
		if commons.CodeOf(err) == commons.CodeConflict {
			return a.decided(ctx, s, d, mv.Path)
		}
		return MatchResult{}, err
	}
	res, notes, err := a.act(ctx, s, mv, m, note)
	if err != nil {
		_ = a.Store.ReleaseMatch(ctx, s.Community.ID, d)
		return MatchResult{}, err
	}
	d.ResultType, d.ResultID, d.Outcome = res.ResultType, res.ResultID, res.Outcome
	if err := a.Store.SetMatchResult(ctx, s.Community.ID, d, notes); err != nil {
		return MatchResult{}, err
	}
	res.Decision = "acted"
	return res, nil
}

// act makes the thing a suggestion turns into, through the use case that
// makes it (with its own rules), and says who else is to be told.
func (a *App) act(ctx context.Context, s Scope, mv MatchesView, m MatchView, note string) (MatchResult, []commons.Notification, error) {
	sk, c := mv.Seeker, m.Candidate
	need, give := commons.Candidate{Type: sk.Type, ID: sk.ID, Title: sk.Title}, c
	if mv.Reverse {
		need, give = c, commons.Candidate{Type: sk.Type, ID: sk.ID, Title: sk.Title, Kind: sk.Kind}
	}
	text := note
	if text == "" {
		text = give.Title
	}
	tell := func(userID string, kind string, title, link string) []commons.Notification {
		if userID == "" || userID == s.Actor.ID {
			return nil
		}
		return []commons.Notification{{UserID: userID, CommunityID: s.Community.ID, Kind: kind,
			Args: map[string]string{"Who": s.Actor.Name, "Title": title}, Link: link}}
	}
	switch m.Act {
	case "pledge":
		f := PledgeFields{Description: text}
		if give.Type == commons.SubjectResource {
			r, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, give.ID)
			if err != nil {
				return MatchResult{}, nil, err
			}
			f.ResourceID, f.OrgID = r.ID, r.OwnerOrgID
		}
		if give.Type == commons.SubjectOrganization {
			f.OrgID = give.ID
		}
		if give.Type == commons.SubjectIntent {
			i, err := a.Store.IntentByID(ctx, give.ID)
			if err != nil {
				return MatchResult{}, nil, err
			}
			f.OrgID = i.OwnerOrgID
		}
		p, err := a.Pledge(ctx, s, need.ID, f)
		if err != nil {
			return MatchResult{}, nil, err
		}
		return MatchResult{ResultType: ResultPledge, ResultID: p.ID, Path: initiativeLink(s.Community, p.InitiativeID)}, nil, nil
	case "teach", "host":
		role, resourceID := commons.InterestTeach, ""
		if m.Act == "host" {
			role, resourceID = commons.InterestHost, give.ID
		}
		if err := a.BackProposal(ctx, s, need.ID, role, resourceID, note); err != nil {
			return MatchResult{}, nil, err
		}
		path := commons.PagePath(commons.SubjectProposal, s.Community.Slug, need.ID)
		owner := need.OwnerUserID
		if !mv.Reverse {
			owner = ""
			if len(sk.People) > 0 {
				owner = sk.People[0]
			}
		}
		return MatchResult{ResultType: ResultInterest, ResultID: need.ID + "/" + string(role), Path: path},
			tell(owner, commons.NotifyMatchOffered, need.Title, path), nil
	case "answer_request", "answer_offer":
		// The giver answers the request; the needer answers the offer.
		target := need
		if m.Act == "answer_offer" {
			target = give
		}
		if _, err := a.AnswerIntent(ctx, s, target.ID, "", text); err != nil {
			return MatchResult{}, nil, err
		}
		return MatchResult{ResultType: ResultAnswer, ResultID: target.ID, Path: intentLink(s.Community, target.ID)}, nil, nil
	case "register":
		st, err := a.Register(ctx, s, give.ID, false)
		if err != nil {
			return MatchResult{}, nil, err
		}
		outcome := ""
		if st == commons.Registered {
			outcome = commons.MatchRegistered
		}
		path := commons.PagePath(commons.SubjectActivity, s.Community.Slug, give.ID)
		return MatchResult{ResultType: ResultRegistration, ResultID: give.ID, Path: path, Outcome: outcome},
			tell(c.OwnerUserID, commons.NotifyMatchRegistered, sk.Title, path), nil
	default: // ask
		path := mv.Path
		if c.Type == commons.SubjectOrganization {
			// An organization is asked through all its admins.
			var notes []commons.Notification
			for _, admin := range append([]string{c.OwnerUserID}, c.Answerable...) {
				if !slices.ContainsFunc(notes, func(n commons.Notification) bool { return n.UserID == admin }) {
					notes = append(notes, tell(admin, commons.NotifyMatchAsked, sk.Title, path)...)
				}
			}
			return MatchResult{ResultType: ResultAsked, ResultID: c.ID, Path: path}, notes, nil
		}
		return MatchResult{ResultType: ResultAsked, ResultID: c.OwnerUserID, Path: path},
			tell(c.OwnerUserID, commons.NotifyMatchAsked, sk.Title, path), nil
	}
}

// DeclineMatch stops a suggestion being made to this pair again; either
// side may decline it, once.
func (a *App) DeclineMatch(ctx context.Context, s Scope, typ commons.SubjectType, id string, candType commons.SubjectType, candID string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	_, m, err := a.findMatch(ctx, s, typ, id, candType, candID)
	if err != nil {
		return err
	}
	if !m.Decline {
		return commons.Forbidden()
	}
	return a.Store.ClaimMatch(ctx, s.Community.ID, store.MatchDecision{SeekerType: typ, SeekerID: id, CandidateType: candType,
		CandidateID: candID, Decision: "declined"}, s.Actor.ID, nil)
}

// AddSynonyms adds a community's own group of words that mean the same
// for matching ("lift, elevator"); its editors may.
func (a *App) AddSynonyms(ctx context.Context, s Scope, words []string) ([][]string, error) {
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return nil, err
	}
	words = commons.SplitList(strings.Join(words, ","))
	var v commons.Validator
	if len(words) < 2 || len(words) > 20 {
		v.Fail("words", commons.Msg("error.synonyms.count"))
	}
	for _, w := range words {
		v.Line("words", w, true, 60)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := a.Store.AddSynonyms(ctx, s.Community.ID, words, s.Actor.ID); err != nil {
		return nil, err
	}
	return a.Synonyms(ctx, s)
}

// Synonyms lists the standard groups of synonyms and the community's own.
func (a *App) Synonyms(ctx context.Context, s Scope) ([][]string, error) {
	own, err := a.Store.CommunitySynonyms(ctx, s.Community.ID)
	return append(slices.Clone(commons.DefaultSynonyms), own...), err
}

// The sides of a pair a suggestion can be made to.
const (
	SideSeeker    = "seeker"
	SideCandidate = "candidate"
)

// SuggestMatch is a learning champion's "suggest this to …": one of the
// matcher's current pairs is put, with a note, to one side of it — the
// people behind the seeker, or those who answer for the candidate (an
// organization's admins) — who are told and can act on it or decline it
// on the seeker's matches page. Once per pair and side. It returns how
// many people were told.
func (a *App) SuggestMatch(ctx context.Context, s Scope, typ commons.SubjectType, id string, candType commons.SubjectType, candID, side, note string) (int, error) {
	if s.Actor == nil {
		return 0, commons.Unauthenticated()
	}
	if err := s.Require(commons.ActionSuggestMatch); err != nil {
		return 0, err
	}
	note = strings.TrimSpace(note)
	var v commons.Validator
	commons.OneOf(&v, "side", side, []string{SideSeeker, SideCandidate})
	v.Line("note", note, false, commons.MaxShortTextLen)
	if err := v.Err(); err != nil {
		return 0, err
	}
	mv, m, err := a.findMatch(ctx, s, typ, id, candType, candID)
	if err != nil {
		return 0, err
	}
	to := mv.Seeker.People
	title, other := mv.Seeker.Title, m.Title
	if side == SideCandidate {
		to = append([]string{m.OwnerUserID}, m.Answerable...)
		title, other = m.Title, mv.Seeker.Title
	}
	link := "/c/" + s.Community.Slug + "/matches/" + string(typ) + "/" + id
	var notes []commons.Notification
	for _, u := range to {
		if u == "" || u == s.Actor.ID || slices.ContainsFunc(notes, func(n commons.Notification) bool { return n.UserID == u }) {
			continue
		}
		notes = append(notes, commons.Notification{UserID: u, CommunityID: s.Community.ID, Kind: commons.NotifyMatchSuggested, Link: link,
			Args: map[string]string{"Who": s.Actor.Name, "Title": title, "Other": other, "Note": note}})
	}
	if len(notes) == 0 {
		return 0, invalid("side", commons.Msg("error.match.nobody"))
	}
	err = a.Store.SuggestMatch(ctx, s.Community.ID, store.MatchSuggestion{SeekerType: typ, SeekerID: id, CandidateType: candType,
		CandidateID: candID, Side: side, Note: note}, s.Actor.ID, notes)
	return len(notes), err
}
