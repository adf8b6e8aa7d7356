package app

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// roundLink is a round's page; resultsLink its results.
func roundLink(c commons.Community, id string) string {
	return commons.PagePath(commons.SubjectQualityRound, c.Slug, id)
}
func resultsLink(c commons.Community, id string) string { return roundLink(c, id) + "/results" }

// actionPointsLink is the community's list of agreed action points.
func actionPointsLink(c commons.Community) string { return "/c/" + c.Slug + "/quality/action-points" }

// FrameworkView is a framework with the criteria it rates.
type FrameworkView struct {
	Framework commons.Framework
	Criteria  []commons.Criterion
}

// QualityFrameworks lists the frameworks a community may rate itself by:
// the built-in ones and its own criteria. Anyone may read them.
func (a *App) QualityFrameworks(ctx context.Context, s Scope) ([]FrameworkView, error) {
	own, err := a.Store.OwnCriteria(ctx, s.Community.ID)
	if err != nil {
		return nil, err
	}
	return []FrameworkView{
		{Framework: commons.FrameworkUNESCO, Criteria: commons.BuiltInCriteria(commons.FrameworkUNESCO)},
		{Framework: commons.FrameworkR3L, Criteria: commons.BuiltInCriteria(commons.FrameworkR3L)},
		{Framework: commons.FrameworkOwn, Criteria: own},
	}, nil
}

// AddOwnCriterion adds a criterion of the community's own; editors.
func (a *App) AddOwnCriterion(ctx context.Context, s Scope, f commons.CriterionFields) (commons.Criterion, error) {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return commons.Criterion{}, err
	}
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Criterion{}, err
	}
	return a.Store.AddOwnCriterion(ctx, s.Community.ID, f, s.ActorID())
}

// QualityRoundsPage is the list of a community's rounds and what the
// reader may do.
type QualityRoundsPage struct {
	Rounds []commons.QualityRound
	// Run: the reader may open a round and add criteria.
	Run bool
}

// QualityRounds lists a community's rounds, the latest first; anyone.
func (a *App) QualityRounds(ctx context.Context, s Scope) (QualityRoundsPage, error) {
	rs, err := a.Store.Rounds(ctx, s.Community.ID)
	return QualityRoundsPage{Rounds: rs, Run: commons.Allowed(s.Member, commons.ActionRunQualityRound)}, err
}

// CreateRound opens a round with the criteria of its frameworks as they
// are now; editors.
func (a *App) CreateRound(ctx context.Context, s Scope, f commons.RoundFields) (commons.QualityRound, error) {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return commons.QualityRound{}, err
	}
	own, err := a.Store.OwnCriteria(ctx, s.Community.ID)
	if err != nil {
		return commons.QualityRound{}, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, len(own))
	if err := v.Err(); err != nil {
		return commons.QualityRound{}, err
	}
	r := commons.QualityRound{CommunityID: s.Community.ID, Title: f.Title, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd,
		Frameworks: f.Frameworks, Method: f.Method, Scale: f.Scale, CreatedBy: s.ActorID()}
	for _, fw := range commons.Frameworks { // in the frameworks' order
		switch {
		case !r.Uses(fw):
		case fw == commons.FrameworkOwn:
			r.Criteria = append(r.Criteria, own...)
		default:
			r.Criteria = append(r.Criteria, commons.BuiltInCriteria(fw)...)
		}
	}
	return a.Store.CreateRound(ctx, r)
}

// RoundView is a round as a reader sees it, with what they may do.
type RoundView struct {
	commons.QualityRound
	Panel []commons.Panelist
	// Mine are the reader's own ratings by criterion key.
	Mine    map[string]commons.Rating
	OnPanel bool
	// Rated counts the panelists who rated at least one criterion.
	Rated int
	May   RoundMay
}

// RoundMay answers the rules about one round for the reader.
type RoundMay struct {
	// Manage: choose the panel, close, add action points (editors).
	// Rate: a panelist of an open round (commons.MayRate). Results: read
	// the results (commons.MayReadRoundResults). Ratings: read everyone's
	// ratings with names and comments (mayReadRatings).
	Manage, Rate, Results, Ratings bool
}

// mayReadRatings is the rule for reading a round's ratings with their
// comments: members of the community once it is closed; while it is
// open, those who run it (so that panelists rate unswayed).
func mayReadRatings(s Scope, r commons.QualityRound) bool {
	if r.Status == commons.RoundClosed {
		return s.May.ReadMembersOnly
	}
	return commons.Allowed(s.Member, commons.ActionRunQualityRound)
}

func (a *App) roundIn(ctx context.Context, s Scope, id string) (commons.QualityRound, error) {
	return a.Store.Round(ctx, s.Community.ID, id)
}

// Round returns one round of the community with its panel and the
// reader's own ratings; anyone may read it, panelists' names follow the
// privacy rule.
func (a *App) Round(ctx context.Context, s Scope, id string) (RoundView, error) {
	r, err := a.roundIn(ctx, s, id)
	if err != nil {
		return RoundView{}, err
	}
	panel, err := a.Store.Panel(ctx, s.Community.ID, id)
	if err != nil {
		return RoundView{}, err
	}
	ids := make([]string, len(panel))
	v := RoundView{QualityRound: r, Mine: map[string]commons.Rating{}}
	for i, p := range panel {
		ids[i] = p.UserID
		v.OnPanel = v.OnPanel || p.UserID == s.ActorID()
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return RoundView{}, err
	}
	for i := range panel {
		people.name(panel[i].UserID, &panel[i].Name)
	}
	v.Panel = panel
	if v.OnPanel {
		mine, err := a.Store.Ratings(ctx, s.Community.ID, id, s.ActorID())
		if err != nil {
			return RoundView{}, err
		}
		for _, x := range mine {
			v.Mine[x.CriterionKey] = x
		}
	}
	all, err := a.Store.Ratings(ctx, s.Community.ID, id, "")
	if err != nil {
		return RoundView{}, err
	}
	rated := map[string]bool{}
	for _, x := range all {
		rated[x.UserID] = true
	}
	v.Rated = len(rated)
	manage := commons.Allowed(s.Member, commons.ActionRunQualityRound)
	v.May = RoundMay{Manage: manage && r.Status == commons.RoundOpen, Rate: commons.MayRate(r, v.OnPanel && !readOnly(s)) == nil,
		Results: commons.MayReadRoundResults(r, s.Member), Ratings: mayReadRatings(s, r)}
	return v, nil
}

// readOnly reports whether the reader may not act (an address not
// confirmed yet).
func readOnly(s Scope) bool { return s.Member != nil && s.Member.ReadOnly }

// AddPanelist puts a member on an open round's panel, speaking for one of
// their organizations or as a citizen; editors. A person who is not an
// active member of the round's community is not found.
func (a *App) AddPanelist(ctx context.Context, s Scope, roundID, userID, orgID string) (commons.Panelist, error) {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return commons.Panelist{}, err
	}
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return commons.Panelist{}, err
	}
	m, err := a.Store.Member(ctx, s.Community.ID, userID)
	if err != nil {
		return commons.Panelist{}, err
	}
	if m.Status != commons.MemberActive {
		return commons.Panelist{}, commons.NotFound()
	}
	p := commons.Panelist{UserID: userID, Name: m.Name, Sector: commons.Citizens}
	if orgID != "" {
		role, err := a.Store.OrgRole(ctx, s.Community.ID, orgID, userID)
		if err != nil {
			return commons.Panelist{}, err
		}
		if role == "" {
			var v commons.Validator
			v.Fail("organization_id", commons.Msg("error.quality.not_in_org", "Name", m.Name))
			return commons.Panelist{}, v.Err()
		}
		o, err := a.Store.OrganizationInCommunity(ctx, s.Community.ID, orgID)
		if err != nil {
			return commons.Panelist{}, err
		}
		p.OrgID, p.OrgName, p.Sector = o.ID, o.Name, o.Sector
	}
	note := commons.Notification{UserID: userID, CommunityID: s.Community.ID, Kind: commons.NotifyPanelAdded,
		Link: roundLink(s.Community, r.ID), Args: map[string]string{"Round": r.Title, "Community": s.Community.Name}}
	return p, a.Store.SetPanelist(ctx, s.Community.ID, r.ID, p, note)
}

// RemovePanelist takes a person off an open round's panel, with the
// ratings they gave; editors.
func (a *App) RemovePanelist(ctx context.Context, s Scope, roundID, userID string) error {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return err
	}
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return err
	}
	return a.Store.RemovePanelist(ctx, s.Community.ID, r.ID, userID)
}

// Rate saves the reader's rating of one criterion of a round; rating it
// again replaces the rating. Only panelists rate, only while the round is
// open (409 after), on the round's scale (422 outside it).
func (a *App) Rate(ctx context.Context, s Scope, roundID, key string, f commons.RatingFields) (commons.Rating, error) {
	if s.Actor == nil {
		return commons.Rating{}, commons.Unauthenticated()
	}
	if readOnly(s) {
		return commons.Rating{}, commons.Forbidden()
	}
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return commons.Rating{}, err
	}
	if _, ok := r.Criterion(key); !ok {
		return commons.Rating{}, commons.NotFound()
	}
	panel, err := a.Store.Panel(ctx, s.Community.ID, roundID)
	if err != nil {
		return commons.Rating{}, err
	}
	var me *commons.Panelist
	for i := range panel {
		if panel[i].UserID == s.ActorID() {
			me = &panel[i]
		}
	}
	if err := commons.MayRate(r, me != nil); err != nil {
		return commons.Rating{}, err
	}
	f.Normalize()
	var val commons.Validator
	f.Validate(&val, r.Scale)
	if err := val.Err(); err != nil {
		return commons.Rating{}, err
	}
	x, err := a.Store.Rate(ctx, s.Community.ID, roundID, s.ActorID(), key, f)
	x.Name, x.Sector = me.Name, me.Sector // one's own name
	return x, err
}

// RoundRatings lists everyone's ratings of a round with their comments
// and evidence (mayReadRatings); names follow the privacy rule.
func (a *App) RoundRatings(ctx context.Context, s Scope, roundID string) ([]commons.Rating, error) {
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return nil, err
	}
	if s.Actor == nil {
		return nil, commons.Unauthenticated()
	}
	if !mayReadRatings(s, r) {
		return nil, commons.Forbidden()
	}
	list, err := a.Store.Ratings(ctx, s.Community.ID, roundID, "")
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, x := range list {
		ids[i] = x.UserID
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		people.name(list[i].UserID, &list[i].Name)
	}
	return list, nil
}

// CloseRound closes an open round and tells its panelists that the
// results are there; editors.
func (a *App) CloseRound(ctx context.Context, s Scope, roundID string) (commons.QualityRound, error) {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return commons.QualityRound{}, err
	}
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return r, err
	}
	if r.Status != commons.RoundOpen {
		return r, commons.Errorf(commons.CodeConflict, "error.quality.closed")
	}
	panel, err := a.Store.Panel(ctx, s.Community.ID, roundID)
	if err != nil {
		return r, err
	}
	var notes []commons.Notification
	for _, p := range panel {
		notes = append(notes, commons.Notification{UserID: p.UserID, CommunityID: s.Community.ID, Kind: commons.NotifyRoundClosed,
			Link: resultsLink(s.Community, r.ID), Args: map[string]string{"Round": r.Title, "Community": s.Community.Name}})
	}
	if err := a.Store.CloseRound(ctx, s.Community.ID, roundID, notes); err != nil {
		return r, err
	}
	return a.roundIn(ctx, s, roundID)
}

// RoundResults computes a round's results per criterion, by sector, with
// the change since the previous closed round of a shared framework
// (commons.MayReadRoundResults).
func (a *App) RoundResults(ctx context.Context, s Scope, roundID string) (commons.RoundResults, error) {
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return commons.RoundResults{}, err
	}
	if !commons.MayReadRoundResults(r, s.Member) {
		if s.Actor == nil {
			return commons.RoundResults{}, commons.Unauthenticated()
		}
		return commons.RoundResults{}, commons.Forbidden()
	}
	return a.results(ctx, s, r)
}

func (a *App) results(ctx context.Context, s Scope, r commons.QualityRound) (commons.RoundResults, error) {
	ratings, err := a.Store.Ratings(ctx, s.Community.ID, r.ID, "")
	if err != nil {
		return commons.RoundResults{}, err
	}
	rounds, err := a.Store.Rounds(ctx, s.Community.ID)
	if err != nil {
		return commons.RoundResults{}, err
	}
	var prevRatings []commons.Rating
	prev := commons.PreviousRound(r, rounds)
	if prev != nil {
		if prevRatings, err = a.Store.Ratings(ctx, s.Community.ID, prev.ID, ""); err != nil {
			return commons.RoundResults{}, err
		}
	}
	return commons.ComputeResults(r, ratings, prev, prevRatings), nil
}

// LatestRoundResults are the results of the community's latest closed
// round, for the overview; found is false when no round has closed yet.
// Anyone may read them: they are counts.
func (a *App) LatestRoundResults(ctx context.Context, s Scope) (res commons.RoundResults, found bool, err error) {
	return a.latestRoundResults(ctx, s, "", "")
}

// RoundResultsIn are the results of the latest closed round whose period
// overlaps the days from first to last (YYYY-MM-DD), for the impact page
// of that period: a report for 2029 shows the round that assessed 2029,
// not one held since. found is false when no such round has closed.
func (a *App) RoundResultsIn(ctx context.Context, s Scope, first, last string) (res commons.RoundResults, found bool, err error) {
	return a.latestRoundResults(ctx, s, first, last)
}

// latestRoundResults finds the latest closed round overlapping [first,
// last]; empty bounds are open.
func (a *App) latestRoundResults(ctx context.Context, s Scope, first, last string) (res commons.RoundResults, found bool, err error) {
	rounds, err := a.Store.Rounds(ctx, s.Community.ID)
	if err != nil {
		return res, false, err
	}
	for _, r := range rounds { // the latest first
		if r.Status != commons.RoundClosed || (last != "" && r.PeriodStart > last) || (first != "" && r.PeriodEnd < first) {
			continue
		}
		full, err := a.roundIn(ctx, s, r.ID)
		if err != nil {
			return res, false, err
		}
		res, err = a.results(ctx, s, full)
		return res, err == nil, err
	}
	return res, false, nil
}

// ActionPointView is an action point as a reader sees it.
type ActionPointView struct {
	commons.ActionPoint
	Overdue bool
	May     ActionPointMay
}

// ActionPointMay answers the rules about one action point for the reader.
type ActionPointMay struct {
	// Mark: mark it done or open again (commons.MayMarkActionPoint).
	Mark bool
}

func (a *App) actionPointViews(ctx context.Context, s Scope, list []commons.ActionPoint) ([]ActionPointView, error) {
	ids := make([]string, len(list))
	for i, p := range list {
		ids[i] = p.OwnerID
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	today := a.today(s.Community)
	out := make([]ActionPointView, 0, len(list))
	for _, p := range list {
		people.name(p.OwnerID, &p.OwnerName)
		out = append(out, ActionPointView{ActionPoint: p, Overdue: p.Overdue(today),
			May: ActionPointMay{Mark: !readOnly(s) && commons.MayMarkActionPoint(p, s.ActorID(), s.Member)}})
	}
	return out, nil
}

// AddActionPoint records an action a round's panel agreed, owned by an
// active member of the community, and tells the owner; editors.
func (a *App) AddActionPoint(ctx context.Context, s Scope, roundID string, f commons.ActionPointFields) (ActionPointView, error) {
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return ActionPointView{}, err
	}
	r, err := a.roundIn(ctx, s, roundID)
	if err != nil {
		return ActionPointView{}, err
	}
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return ActionPointView{}, err
	}
	m, err := a.Store.Member(ctx, s.Community.ID, f.OwnerID)
	if commons.CodeOf(err) == commons.CodeNotFound || err == nil && m.Status != commons.MemberActive {
		v.Fail("owner_id", commons.Msg("error.quality.owner"))
		return ActionPointView{}, v.Err()
	}
	if err != nil {
		return ActionPointView{}, err
	}
	p := commons.ActionPoint{CommunityID: s.Community.ID, RoundID: r.ID, RoundTitle: r.Title, Text: f.Text, OwnerID: f.OwnerID,
		OwnerName: m.Name, Due: f.Due, CreatedBy: s.ActorID()}
	var note commons.Notification
	if f.OwnerID != s.ActorID() {
		note = commons.Notification{UserID: f.OwnerID, CommunityID: s.Community.ID, Kind: commons.NotifyActionAssigned,
			Link: actionPointsLink(s.Community), Args: map[string]string{"Text": f.Text, "Round": r.Title, "Due": f.Due}}
	}
	p, err = a.Store.AddActionPoint(ctx, p, note)
	if err != nil {
		return ActionPointView{}, err
	}
	views, err := a.actionPointViews(ctx, s, []commons.ActionPoint{p})
	if err != nil {
		return ActionPointView{}, err
	}
	return views[0], nil
}

// ActionPointFilter selects action points: of one round, one owner, one
// status.
type ActionPointFilter = store.ActionPointFilter

// ActionPoints lists a community's action points, open ones first, the
// soonest due first; members.
func (a *App) ActionPoints(ctx context.Context, s Scope, f ActionPointFilter) ([]ActionPointView, error) {
	if err := s.RequireMember(); err != nil {
		return nil, err
	}
	if f.Status != "" {
		var v commons.Validator
		commons.OneOf(&v, "status", f.Status, commons.ActionPointStatuses)
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	list, err := a.Store.ActionPoints(ctx, s.Community.ID, f)
	if err != nil {
		return nil, err
	}
	return a.actionPointViews(ctx, s, list)
}

// SetActionPointStatus marks an action point done or open again: its
// owner or an editor.
func (a *App) SetActionPointStatus(ctx context.Context, s Scope, id string, status commons.ActionPointStatus) (ActionPointView, error) {
	if s.Actor == nil {
		return ActionPointView{}, commons.Unauthenticated()
	}
	var v commons.Validator
	commons.OneOf(&v, "status", status, commons.ActionPointStatuses)
	if err := v.Err(); err != nil {
		return ActionPointView{}, err
	}
	p, err := a.Store.ActionPoint(ctx, s.Community.ID, id)
	if err != nil {
		return ActionPointView{}, err
	}
	if readOnly(s) || !commons.MayMarkActionPoint(p, s.ActorID(), s.Member) {
		return ActionPointView{}, commons.Forbidden()
	}
	if err := a.Store.SetActionPointStatus(ctx, s.Community.ID, id, status); err != nil {
		return ActionPointView{}, err
	}
	if p, err = a.Store.ActionPoint(ctx, s.Community.ID, id); err != nil {
		return ActionPointView{}, err
	}
	views, err := a.actionPointViews(ctx, s, []commons.ActionPoint{p})
	if err != nil {
		return ActionPointView{}, err
	}
	return views[0], nil
}

// remindBatch bounds the action points reminded in one pass.
const remindBatch = 100

// RemindActionPoints tells the owners of open action points that fell due
// (in their community's calendar) once each; the mail loop calls it.
func (a *App) RemindActionPoints(ctx context.Context) (int, error) {
	// A day ahead of UTC covers every time zone; each is checked against
	// its community's own date below.
	list, err := a.Store.DueActionPoints(ctx, a.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly), remindBatch)
	if err != nil {
		return 0, err
	}
	communities := map[string]commons.Community{}
	sent := 0
	for _, p := range list {
		c, ok := communities[p.CommunityID]
		if !ok {
			if c, err = a.Store.CommunityByID(ctx, p.CommunityID); err != nil {
				return sent, err
			}
			communities[p.CommunityID] = c
		}
		if p.Due > a.today(c) {
			continue
		}
		note := commons.Notification{UserID: p.OwnerID, CommunityID: c.ID, Kind: commons.NotifyActionPointDue,
			Link: actionPointsLink(c), Args: map[string]string{"Text": p.Text, "Round": p.RoundTitle, "Due": p.Due}}
		if err := a.Store.RemindActionPoint(ctx, p, note); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// PanelChoice is one way a member may sit on a panel: for one of their
// organizations, or as a citizen (OrgID "").
type PanelChoice struct {
	UserID, Name   string
	OrgID, OrgName string
	Sector         commons.Sector
}

// QualityOptions are what the forms of a round offer those who run it:
// the ways members may sit on the panel, and who may own an action point.
type QualityOptions struct {
	Choices []PanelChoice
	People  []commons.Member
	Today   string
}

// QualityOptions gathers the forms' choices; for those who run rounds.
func (a *App) QualityOptions(ctx context.Context, s Scope) (QualityOptions, error) {
	var o QualityOptions
	if err := s.Require(commons.ActionRunQualityRound); err != nil {
		return o, err
	}
	o.Today = a.today(s.Community)
	ms, _, err := a.Store.Members(ctx, s.Community.ID, commons.MemberActive, commons.Page{Limit: commons.MaxPageSize})
	if err != nil {
		return o, err
	}
	o.People = ms
	orgs, _, err := a.Store.ListOrganizations(ctx, s.Community.ID, commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize}})
	if err != nil {
		return o, err
	}
	byUser := map[string][]PanelChoice{}
	for _, org := range orgs {
		people, err := a.Store.OrgMembers(ctx, s.Community.ID, org.ID)
		if err != nil {
			return o, err
		}
		for _, p := range people {
			byUser[p.UserID] = append(byUser[p.UserID], PanelChoice{UserID: p.UserID, OrgID: org.ID, OrgName: org.Name, Sector: org.Sector})
		}
	}
	for _, m := range ms {
		for _, c := range byUser[m.UserID] {
			c.Name = m.Name
			o.Choices = append(o.Choices, c)
		}
		o.Choices = append(o.Choices, PanelChoice{UserID: m.UserID, Name: m.Name, Sector: commons.Citizens})
	}
	return o, nil
}
