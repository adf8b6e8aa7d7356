package app

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// today is the community's calendar date now, YYYY-MM-DD: the day against
// which due dates and review dates are checked.
func (a *App) today(c commons.Community) string {
	return a.Now().In(location(c)).Format("2006-01-02")
}

// Today is the community's date now, for pages that mark what is overdue.
func (a *App) Today(c commons.Community) string { return a.today(c) }

// initiativeLink is an initiative's page, for notifications.
func initiativeLink(c commons.Community, id string) string {
	return commons.PagePath(commons.SubjectInitiative, c.Slug, id)
}

// partnershipLink is the page of an initiative's partnership, which lives
// under the initiative's own.
func partnershipLink(c commons.Community, initiativeID string) string {
	return initiativeLink(c, initiativeID) + "/partnership"
}

// Themes lists the themes initiatives may name: the standard ones, then
// the community's own.
func (a *App) Themes(ctx context.Context, s Scope) ([]string, error) {
	own, err := a.Store.CommunityThemes(ctx, s.Community.ID)
	return append(append([]string{}, commons.StandardThemes...), own...), err
}

// AddTheme adds a theme of the community's own; editors only.
func (a *App) AddTheme(ctx context.Context, s Scope, name string) error {
	if err := s.Require(commons.ActionAddTheme); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	var v commons.Validator
	commons.ValidateTheme(&v, name)
	if err := v.Err(); err != nil {
		return err
	}
	err := a.Store.AddCommunityTheme(ctx, s.Community.ID, name, s.Actor.ID)
	if commons.CodeOf(err) == commons.CodeConflict {
		return invalid("name", commons.Msg("error.theme.exists"))
	}
	return err
}

// CreateInitiative starts an initiative with the actor on its team. A
// citizen group may lead it, if the actor belongs to the group.
func (a *App) CreateInitiative(ctx context.Context, s Scope, f commons.InitiativeFields) (commons.Initiative, error) {
	if err := s.Require(commons.ActionStartInitiative); err != nil {
		return commons.Initiative{}, err
	}
	c := s.Community
	f.Normalize()
	themes, err := a.Store.CommunityThemes(ctx, c.ID)
	if err != nil {
		return commons.Initiative{}, err
	}
	var v commons.Validator
	f.Validate(&v, themes)
	if err := v.Err(); err != nil {
		return commons.Initiative{}, err
	}
	if f.LeadOrgID != "" {
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.LeadOrgID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return commons.Initiative{}, invalid("organization_id", commons.Msg("error.initiative.lead_unknown"))
		}
		if err != nil {
			return commons.Initiative{}, err
		}
		if o.Sector != commons.SectorCitizenGroup {
			return commons.Initiative{}, invalid("organization_id", commons.Msg("error.initiative.lead_sector"))
		}
		role, err := a.Store.OrgRole(ctx, c.ID, o.ID, s.Actor.ID)
		if err != nil {
			return commons.Initiative{}, err
		}
		if role == "" {
			return commons.Initiative{}, commons.Forbidden()
		}
	}
	return a.Store.CreateInitiative(ctx, commons.Initiative{CommunityID: c.ID, Title: f.Title, Summary: f.Summary,
		Description: f.Description, Themes: f.Themes, LeadOrgID: f.LeadOrgID, CreatedBy: s.Actor.ID})
}

// LeadGroups are the organizations that may lead an initiative the actor
// starts: the citizen groups they belong to.
func (a *App) LeadGroups(ctx context.Context, s Scope) ([]commons.Organization, error) {
	if s.Actor == nil {
		return nil, nil
	}
	orgs, _, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	var out []commons.Organization
	for _, o := range orgs {
		if o.Sector == commons.SectorCitizenGroup {
			out = append(out, o)
		}
	}
	return out, err
}

// initiativeIn loads an initiative of the scope's community; one of
// another community is not found.
func (a *App) initiativeIn(ctx context.Context, s Scope, id string) (commons.Initiative, error) {
	i, err := a.Store.InitiativeByID(ctx, id)
	if err == nil && i.CommunityID != s.Community.ID {
		return commons.Initiative{}, commons.NotFound()
	}
	return i, err
}

// InitiativeView is an initiative as a reader sees it: with its needs and
// their pledges, its partnership, and what the reader may do to each.
type InitiativeView struct {
	Initiative commons.Initiative
	Needs      []NeedView
	// Pledges are every pledge on the initiative, as the store lists them.
	Pledges     []commons.Pledge
	Partnership *commons.Partnership
	Today       string
	May         InitiativeMay
}

// InitiativeMay answers the rules about one initiative for the reader.
type InitiativeMay struct {
	// Run: the reader is on the team (commons.CanRunInitiative): they
	// edit it, move its status, state needs and their status, decide
	// pledges, add people to the team and propose the partnership.
	Run bool
	// Pledge: the reader may offer to meet its needs (commons.MayPledgeTo).
	Pledge bool
	// ReadHistory: the reader may read who did what to it.
	ReadHistory bool
	// Archive: archive it, or restore it (commons.MayArchiveInitiative).
	Archive bool
	// Remove says, by user id, whom the reader may take off the team (or,
	// for themselves, leave it): commons.MayRemoveFromTeam.
	Remove map[string]bool
}

// NeedView is one need with its pledges and what the reader may do.
type NeedView struct {
	commons.Need
	Pledges []PledgeView
	May     NeedMay
}

// NeedMay answers the rules about one need for the reader.
type NeedMay struct {
	// SetStatus: the team says how far it is met; Pledge: the reader may
	// offer to meet it.
	SetStatus, Pledge bool
	// Change: the team edits or removes it (commons.MayChangeNeed).
	Change bool
}

// PledgeView is one pledge with what the reader may do to it.
type PledgeView struct {
	commons.Pledge
	May PledgeMay
}

// PledgeMay answers the rules about one pledge for the reader.
type PledgeMay struct {
	// Decide: the team accepts or declines a pending pledge. Book: the
	// pledge offers a bookable space, which accepting may book at once.
	// Withdraw: its author takes it back while undecided.
	Decide, Book, Withdraw bool
}

// Overdue lists the commitments in force that are past due and pending.
func (d InitiativeView) Overdue() []commons.Commitment {
	if d.Partnership == nil {
		return nil
	}
	var out []commons.Commitment
	if cur := d.Partnership.Current(); cur != nil {
		for _, p := range cur.Parties {
			for _, c := range p.Commitments {
				if c.Overdue(d.Today) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// Initiative returns an initiative of the community with its needs,
// pledges and partnership, and what the reader may do; initiatives are
// public.
func (a *App) Initiative(ctx context.Context, s Scope, id string) (InitiativeView, error) {
	i, err := a.initiativeIn(ctx, s, id)
	if err != nil {
		return InitiativeView{}, err
	}
	return a.initiativeView(ctx, s, i)
}

func (a *App) initiativeView(ctx context.Context, s Scope, i commons.Initiative) (InitiativeView, error) {
	d := InitiativeView{Initiative: i, Today: a.today(s.Community)}
	run := commons.CanRunInitiative(&i, s.ActorID())
	d.May = InitiativeMay{Run: run, Pledge: commons.MayPledgeTo(s.Member, &i), ReadHistory: s.May.ReadHistory,
		Archive: commons.MayArchiveInitiative(&i, s.ActorID()), Remove: map[string]bool{}}
	for _, m := range i.Team {
		d.May.Remove[m.UserID] = commons.MayRemoveFromTeam(&i, s.ActorID(), m.UserID)
	}
	needs, err := a.Store.Needs(ctx, i.CommunityID, i.ID)
	if err != nil {
		return d, err
	}
	if d.Pledges, err = a.Store.Pledges(ctx, i.CommunityID, i.ID); err != nil {
		return d, err
	}
	if err := a.hidePledges(ctx, s, d.Pledges); err != nil {
		return d, err
	}
	is := []commons.Initiative{d.Initiative}
	if err := a.hideInitiatives(ctx, s, is); err != nil {
		return d, err
	}
	d.Initiative = is[0]
	for _, n := range needs {
		open := !n.Withdrawal.Withdrawn()
		nv := NeedView{Need: n, May: NeedMay{SetStatus: run && open, Pledge: d.May.Pledge && open, Change: commons.MayChangeNeed(&i, n, s.ActorID())}}
		for _, p := range d.Pledges {
			if p.NeedID == n.ID {
				decide := run && p.Status == commons.PledgePending
				nv.Pledges = append(nv.Pledges, PledgeView{Pledge: p, May: PledgeMay{Decide: decide,
					Book: decide && p.ResourceID != "" && p.ResourceBookable, Withdraw: commons.MayWithdrawPledge(p, s.ActorID())}})
			}
		}
		d.Needs = append(d.Needs, nv)
	}
	p, err := a.Store.PartnershipOf(ctx, i.CommunityID, i.ID)
	switch commons.CodeOf(err) {
	case "":
		d.Partnership = &p
	case commons.CodeNotFound:
	default:
		return d, err
	}
	return d, a.hidePartnership(ctx, s, d.Partnership)
}

// Initiatives lists a community's directory.
func (a *App) Initiatives(ctx context.Context, s Scope, f commons.InitiativeFilter) ([]commons.Initiative, string, error) {
	var v commons.Validator
	if f.Status != "" {
		commons.OneOf(&v, "status", f.Status, commons.InitiativeStatuses)
	}
	if f.Sector != "" {
		commons.OneOf(&v, "sector", f.Sector, commons.Sectors)
	}
	v.Line("theme", f.Theme, false, commons.MaxThemeLen)
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	is, next, err := a.Store.ListInitiatives(ctx, s.Community.ID, f)
	if err != nil {
		return nil, "", err
	}
	return is, next, a.hideInitiatives(ctx, s, is)
}

// runInitiative loads an initiative of the community that the actor must
// be on the team of (commons.CanRunInitiative).
func (a *App) runInitiative(ctx context.Context, s Scope, id string) (commons.Initiative, error) {
	if s.Actor == nil {
		return commons.Initiative{}, commons.Unauthenticated()
	}
	i, err := a.initiativeIn(ctx, s, id)
	if err != nil {
		return i, err
	}
	if !commons.CanRunInitiative(&i, s.Actor.ID) {
		return i, commons.Forbidden()
	}
	return i, nil
}

// UpdateInitiative edits an initiative's words and themes; its team only.
func (a *App) UpdateInitiative(ctx context.Context, s Scope, id string, f commons.InitiativeFields) (commons.Initiative, error) {
	i, err := a.runInitiative(ctx, s, id)
	if err != nil {
		return i, err
	}
	f.Normalize()
	themes, err := a.Store.CommunityThemes(ctx, i.CommunityID)
	if err != nil {
		return i, err
	}
	var v commons.Validator
	f.Validate(&v, themes)
	if err := v.Err(); err != nil {
		return i, err
	}
	i.Title, i.Summary, i.Description, i.Themes = f.Title, f.Summary, f.Description, f.Themes
	if err := a.Store.UpdateInitiative(ctx, i, s.Actor.ID); err != nil {
		return i, err
	}
	return a.Store.InitiativeByID(ctx, id)
}

// SetInitiativeStatus moves an initiative one step along its lifecycle,
// pauses it or resumes it; its team only.
func (a *App) SetInitiativeStatus(ctx context.Context, s Scope, id string, to commons.InitiativeStatus) (commons.Initiative, error) {
	i, err := a.runInitiative(ctx, s, id)
	if err != nil {
		return i, err
	}
	if err := a.Store.SetInitiativeStatus(ctx, i, to, s.Actor.ID); err != nil {
		return i, err
	}
	return a.Store.InitiativeByID(ctx, id)
}

// SetTeamMember adds an active member of the community to the team, or
// (in false) removes one (commons.MayRemoveFromTeam): the team decides,
// anyone may leave, the last one stays.
func (a *App) SetTeamMember(ctx context.Context, s Scope, id, userID string, in bool) (commons.Initiative, error) {
	if s.Actor == nil {
		return commons.Initiative{}, commons.Unauthenticated()
	}
	i, err := a.initiativeIn(ctx, s, id)
	if err != nil {
		return i, err
	}
	if in {
		if !commons.CanRunInitiative(&i, s.Actor.ID) {
			return i, commons.Forbidden()
		}
	} else if !commons.MayRemoveFromTeam(&i, s.Actor.ID, userID) {
		// Say which part of the rule failed.
		switch {
		case !commons.CanRunInitiative(&i, s.Actor.ID) && s.Actor.ID != userID:
			return i, commons.Forbidden()
		case !i.InTeam(userID):
			return i, commons.NotFound()
		default:
			return i, commons.Errorf(commons.CodeConflict, "error.initiative.last_team_member")
		}
	}
	m, err := a.Store.Member(ctx, i.CommunityID, userID)
	if in && (commons.CodeOf(err) == commons.CodeNotFound || (err == nil && m.Status != commons.MemberActive)) {
		return i, invalid("user_id", commons.Msg("error.not_a_member"))
	}
	if err != nil && commons.CodeOf(err) != commons.CodeNotFound {
		return i, err
	}
	if in && i.InTeam(userID) {
		return i, invalid("user_id", commons.Msg("error.initiative.in_team"))
	}
	if err := a.Store.SetTeamMember(ctx, i, userID, in, s.Actor.ID, m.Name); err != nil {
		return i, err
	}
	return a.Store.InitiativeByID(ctx, id)
}

// HistoryView is an initiative's history of who did what.
type HistoryView struct {
	Initiative commons.Initiative
	Events     []commons.InitiativeEvent
}

// InitiativeHistory returns who did what to an initiative; members only.
func (a *App) InitiativeHistory(ctx context.Context, s Scope, id string) (HistoryView, error) {
	i, err := a.initiativeIn(ctx, s, id)
	if err != nil {
		return HistoryView{}, err
	}
	if err := s.Require(commons.ActionReadHistory); err != nil {
		return HistoryView{}, err
	}
	events, err := a.Store.InitiativeLog(ctx, i.CommunityID, i.ID)
	return HistoryView{Initiative: i, Events: events}, err
}

// AddNeed states something the initiative lacks; its team only.
func (a *App) AddNeed(ctx context.Context, s Scope, initiativeID string, f commons.NeedFields) (commons.Need, error) {
	i, err := a.runInitiative(ctx, s, initiativeID)
	if err != nil {
		return commons.Need{}, err
	}
	var v commons.Validator
	f.Validate(&v, a.today(s.Community))
	if err := v.Err(); err != nil {
		return commons.Need{}, err
	}
	return a.Store.CreateNeed(ctx, commons.Need{CommunityID: s.Community.ID, InitiativeID: i.ID, Kind: f.Kind, Description: f.Description,
		Quantity: f.Quantity, ByDate: f.ByDate}, s.Actor.ID)
}

// Need returns one need of the community.
func (a *App) Need(ctx context.Context, s Scope, id string) (commons.Need, error) {
	n, err := a.Store.NeedByID(ctx, id)
	if err == nil && n.CommunityID != s.Community.ID {
		return commons.Need{}, commons.NotFound()
	}
	return n, err
}

// SetNeedStatus says how far a need has been met; the team only.
func (a *App) SetNeedStatus(ctx context.Context, s Scope, needID string, status commons.NeedStatus) (commons.Need, error) {
	n, err := a.Need(ctx, s, needID)
	if err != nil {
		return n, err
	}
	if _, err := a.runInitiative(ctx, s, n.InitiativeID); err != nil {
		return n, err
	}
	if n.Withdrawal.Withdrawn() {
		return n, commons.Errorf(commons.CodeConflict, "error.need.withdrawn")
	}
	var v commons.Validator
	commons.OneOf(&v, "status", status, commons.NeedStatuses)
	if err := v.Err(); err != nil {
		return n, err
	}
	if err := a.Store.SetNeedStatus(ctx, n, status, s.Actor.ID); err != nil {
		return n, err
	}
	n.Status = status
	return n, nil
}

// PledgeFields are what a person offers.
type PledgeFields struct {
	OrgID       string // empty: the person pledges for themselves
	ResourceID  string
	Description string
}

// PledgeOptions are what the actor may pledge as and with: the
// organizations they belong to, and their own resources and those of
// their organizations.
type PledgeOptions struct {
	Orgs      []commons.Organization
	Resources []commons.Resource
}

// PledgeOptions lists what the actor may offer, for the pledge form.
func (a *App) PledgeOptions(ctx context.Context, s Scope) (PledgeOptions, error) {
	var o PledgeOptions
	if s.Actor == nil {
		return o, nil
	}
	orgs, _, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	if err != nil {
		return o, err
	}
	o.Orgs = orgs
	owners := []string{s.Actor.ID}
	for _, org := range orgs {
		owners = append(owners, org.ID)
	}
	// The database finds them among all of the community's resources.
	o.Resources, _, err = a.Store.ListResources(ctx, s.Community, store.ResourceFilter{OwnedByAny: owners,
		Page: commons.Page{Limit: commons.MaxPageSize}})
	return o, err
}

// Pledge offers to meet a need (commons.MayPledgeTo), for an organization
// the actor belongs to or for themselves, optionally with one of its (or
// their) resources. The team hears of it at once.
func (a *App) Pledge(ctx context.Context, s Scope, needID string, f PledgeFields) (commons.Pledge, error) {
	if s.Actor == nil {
		return commons.Pledge{}, commons.Unauthenticated()
	}
	n, err := a.Need(ctx, s, needID)
	if err != nil {
		return commons.Pledge{}, err
	}
	c, actor := s.Community, s.Actor
	i, err := a.Store.InitiativeByID(ctx, n.InitiativeID)
	if err != nil {
		return commons.Pledge{}, err
	}
	if !commons.MayPledgeTo(s.Member, &i) {
		// Say which part of the rule failed: the person, or the
		// initiative, which no longer takes pledges.
		if err := s.Require(commons.ActionPledge); err != nil {
			return commons.Pledge{}, err
		}
		return commons.Pledge{}, commons.Errorf(commons.CodeConflict, "error.initiative.closed")
	}
	if n.Withdrawal.Withdrawn() {
		return commons.Pledge{}, commons.Errorf(commons.CodeConflict, "error.need.withdrawn")
	}
	f.OrgID, f.ResourceID, f.Description = strings.TrimSpace(f.OrgID), strings.TrimSpace(f.ResourceID), strings.TrimSpace(f.Description)
	var v commons.Validator
	v.Text("description", f.Description, true, commons.MaxPledgeTextLen)
	if err := v.Err(); err != nil {
		return commons.Pledge{}, err
	}
	p := commons.Pledge{CommunityID: c.ID, InitiativeID: i.ID, NeedID: n.ID, UserID: actor.ID, UserName: actor.Name, Description: f.Description}
	if f.OrgID != "" {
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.OrgID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return p, invalid("organization_id", commons.Msg("error.pledge.other_community"))
		}
		if err != nil {
			return p, err
		}
		role, err := a.Store.OrgRole(ctx, c.ID, o.ID, actor.ID)
		if err != nil {
			return p, err
		}
		if role == "" {
			return p, commons.Forbidden()
		}
		p.OrgID, p.OrgName, p.OrgSector = o.ID, o.Name, o.Sector
	}
	if f.ResourceID != "" {
		r, err := a.Store.ResourceInCommunity(ctx, c.ID, f.ResourceID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return p, invalid("resource_id", commons.Msg("error.pledge.other_community"))
		}
		if err != nil {
			return p, err
		}
		if (p.OrgID != "" && r.OwnerOrgID != p.OrgID) || (p.OrgID == "" && r.OwnerUserID != actor.ID) {
			return p, invalid("resource_id", commons.Msg("error.pledge.resource_not_yours"))
		}
		if r.Archive.Archived() {
			return p, invalid("resource_id", commons.Msg("error.archive.resource_archived"))
		}
		p.ResourceID, p.ResourceTitle = r.ID, r.Title
	}
	var notes []commons.Notification
	who := actor.Name
	if p.OrgName != "" {
		who = p.OrgName
	}
	for _, m := range i.Team {
		if m.UserID != actor.ID {
			notes = append(notes, commons.Notification{UserID: m.UserID, CommunityID: c.ID, Kind: commons.NotifyPledgeReceived,
				Args: map[string]string{"Who": who, "Initiative": i.Title}, Link: initiativeLink(c, i.ID)})
		}
	}
	return a.Store.CreatePledge(ctx, p, notes)
}

// PledgeByID returns one pledge of the community.
func (a *App) PledgeByID(ctx context.Context, s Scope, id string) (commons.Pledge, error) {
	p, err := a.Store.PledgeByID(ctx, id)
	if err == nil && p.CommunityID != s.Community.ID {
		return commons.Pledge{}, commons.NotFound()
	}
	if err != nil {
		return p, err
	}
	ps := []commons.Pledge{p}
	return ps[0], a.hidePledges(ctx, s, ps)
}

// DecidePledge accepts or declines a pledge; the team only. Accepting the
// pledge of a bookable resource with a booking asked for books it in the
// same step, through the ordinary booking rules: if the booking is refused,
// the pledge stays undecided. The pledger hears of the decision.
func (a *App) DecidePledge(ctx context.Context, s Scope, pledgeID string, accept bool, book *BookingRequest) (commons.Pledge, error) {
	p, err := a.PledgeByID(ctx, s, pledgeID)
	if err != nil {
		return p, err
	}
	i, err := a.runInitiative(ctx, s, p.InitiativeID)
	if err != nil {
		return p, err
	}
	if p.Status != commons.PledgePending {
		return p, commons.Errorf(commons.CodeConflict, "error.pledge.decided")
	}
	c := s.Community
	bookingID := ""
	if book != nil {
		if !accept {
			return p, invalid("booking", commons.Msg("error.pledge.booking_needs_accept"))
		}
		if p.ResourceID == "" || !p.ResourceBookable {
			return p, invalid("booking", commons.Msg("error.pledge.not_bookable"))
		}
		if book.Purpose == "" {
			book.Purpose = i.Title
		}
		pledger, err := a.Store.UserByID(ctx, p.UserID)
		if err != nil {
			return p, err
		}
		book.OfferedBy = &pledger
		out, err := a.Book(ctx, s, p.ResourceID, *book)
		if err != nil {
			return p, err
		}
		bookingID = out.Bookings[0].ID
	}
	var note commons.Notification
	if p.UserID != s.Actor.ID {
		kind := commons.NotifyPledgeDeclined
		if accept {
			kind = commons.NotifyPledgeAccepted
		}
		note = commons.Notification{UserID: p.UserID, CommunityID: c.ID, Kind: kind,
			Args: map[string]string{"Initiative": i.Title}, Link: initiativeLink(c, i.ID)}
	}
	if err := a.Store.DecidePledge(ctx, p, accept, bookingID, s.Actor.ID, note); err != nil {
		if bookingID != "" {
			// Someone decided the pledge meanwhile: the booking made for
			// this decision goes too, so that nothing is half-done.
			if b, berr := a.Store.BookingByID(ctx, bookingID); berr == nil {
				_ = a.Store.CancelBooking(ctx, b)
			}
		}
		return p, err
	}
	return a.Store.PledgeByID(ctx, pledgeID)
}

// ProposePartnership proposes the partnership around an initiative, or a
// new version of it; its team only. Every party's admins are asked to sign.
func (a *App) ProposePartnership(ctx context.Context, s Scope, initiativeID string, prop commons.PartnershipProposal) (PartnershipView, error) {
	i, err := a.runInitiative(ctx, s, initiativeID)
	if err != nil {
		return PartnershipView{}, err
	}
	c := s.Community
	var v commons.Validator
	prop.Validate(&v, a.today(c))
	if err := v.Err(); err != nil {
		return PartnershipView{}, err
	}
	var orgs []string
	for n, pp := range prop.Parties {
		if _, err := a.Store.OrganizationInCommunity(ctx, c.ID, pp.OrgID); commons.CodeOf(err) == commons.CodeNotFound {
			v.Fail("parties."+strconv.Itoa(n)+".organization_id", commons.Msg("error.partnership.unknown_org"))
		} else if err != nil {
			return PartnershipView{}, err
		}
		orgs = append(orgs, pp.OrgID)
	}
	if err := v.Err(); err != nil {
		return PartnershipView{}, err
	}
	admins, err := a.Store.OrgAdminIDs(ctx, c.ID, orgs)
	if err != nil {
		return PartnershipView{}, err
	}
	var notes []commons.Notification
	for _, id := range admins {
		notes = append(notes, commons.Notification{UserID: id, CommunityID: c.ID, Kind: commons.NotifySignatureNeeded,
			Args: map[string]string{"Initiative": i.Title}, Link: partnershipLink(c, i.ID)})
	}
	if _, _, err := a.Store.ProposePartnership(ctx, i, prop, s.Actor.ID, a.Now(), notes); err != nil {
		return PartnershipView{}, err
	}
	return a.partnershipView(ctx, s, i, false)
}

// PartnershipView is an initiative's partnership (nil until one is
// proposed) as a reader sees it, with what the reader may do.
type PartnershipView struct {
	Initiative  commons.Initiative
	Partnership *commons.Partnership
	Today       string
	May         PartnershipMay
	// Candidates are the organizations the team may name as parties, for
	// the proposal form; only when the reader may propose.
	Candidates []commons.Organization
}

// PartnershipMay answers the rules about a partnership for the reader.
type PartnershipMay struct {
	// Propose: the team proposes the partnership or a new version.
	Propose bool
	// Sign says, by organization id, for which parties of the version in
	// force the reader may sign (commons.CanSignFor), while unsigned.
	Sign map[string]bool
	// Mark says, by commitment id, which commitments of the version in
	// force the reader may mark kept or missed (commons.CanMarkCommitment).
	Mark map[string]bool
}

// SignFor lists the parties of the version in force the reader may sign for.
func (p PartnershipView) SignFor() []commons.Party {
	if p.Partnership == nil {
		return nil
	}
	var out []commons.Party
	if cur := p.Partnership.Current(); cur != nil {
		for _, party := range cur.Parties {
			if p.May.Sign[party.OrgID] {
				out = append(out, party)
			}
		}
	}
	return out
}

// Partnership returns an initiative's partnership, all versions, with
// what the reader may do; the initiative is found in the community.
func (a *App) Partnership(ctx context.Context, s Scope, initiativeID string) (PartnershipView, error) {
	i, err := a.initiativeIn(ctx, s, initiativeID)
	if err != nil {
		return PartnershipView{}, err
	}
	return a.partnershipView(ctx, s, i, true)
}

// PartnershipByID returns a partnership of the community by its own id.
func (a *App) PartnershipByID(ctx context.Context, s Scope, id string) (PartnershipView, error) {
	ref, err := a.Store.PartnershipRefByID(ctx, id)
	if err == nil && ref.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return PartnershipView{}, err
	}
	v, err := a.Partnership(ctx, s, ref.InitiativeID)
	if err == nil && v.Partnership == nil {
		err = commons.NotFound()
	}
	return v, err
}

// partnershipView loads the partnership of an initiative and answers the
// rules about it; candidates loads the organizations for the proposal form.
func (a *App) partnershipView(ctx context.Context, s Scope, i commons.Initiative, candidates bool) (PartnershipView, error) {
	v := PartnershipView{Initiative: i, Today: a.today(s.Community),
		May: PartnershipMay{Propose: commons.CanRunInitiative(&i, s.ActorID()), Sign: map[string]bool{}, Mark: map[string]bool{}}}
	p, err := a.Store.PartnershipOf(ctx, i.CommunityID, i.ID)
	switch commons.CodeOf(err) {
	case "":
		v.Partnership = &p
	case commons.CodeNotFound:
	default:
		return v, err
	}
	if v.Partnership != nil && s.Actor != nil {
		if cur := v.Partnership.Current(); cur != nil {
			// The reader's role in every organization, in one query
			// rather than one per party.
			orgs, roles, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
			if err != nil {
				return v, err
			}
			roleIn := make(map[string]commons.OrgRole, len(orgs))
			for n, o := range orgs {
				roleIn[o.ID] = roles[n]
			}
			inTeam := i.InTeam(s.Actor.ID)
			for _, party := range cur.Parties {
				role := roleIn[party.OrgID]
				v.May.Sign[party.OrgID] = commons.CanSignFor(role) && party.Signature == nil
				for _, c := range party.Commitments {
					v.May.Mark[c.ID] = commons.CanMarkCommitment(inTeam, role)
				}
			}
		}
	}
	if candidates && v.May.Propose {
		if v.Candidates, _, err = a.Store.ListOrganizations(ctx, s.Community.ID,
			commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize}}); err != nil {
			return v, err
		}
	}
	is := []commons.Initiative{v.Initiative}
	if err := a.hideInitiatives(ctx, s, is); err != nil {
		return v, err
	}
	v.Initiative = is[0]
	return v, a.hidePartnership(ctx, s, v.Partnership)
}

// Sign signs the version in force for an organization the actor
// administers (403 otherwise). version, when not 0, is the version the
// signer read; a newer one is a conflict. When the last party signs, the
// team hears that the partnership is active.
func (a *App) Sign(ctx context.Context, s Scope, partnershipID, orgID string, version int) (PartnershipView, error) {
	if s.Actor == nil {
		return PartnershipView{}, commons.Unauthenticated()
	}
	p, err := a.Store.PartnershipRefByID(ctx, partnershipID)
	if err == nil && p.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return PartnershipView{}, err
	}
	orgID = strings.TrimSpace(orgID)
	if orgID == "" {
		return PartnershipView{}, invalid("organization_id", commons.Msg("error.field.required"))
	}
	role, err := a.Store.OrgRole(ctx, p.CommunityID, orgID, s.Actor.ID)
	if err != nil {
		return PartnershipView{}, err
	}
	if !commons.CanSignFor(role) {
		return PartnershipView{}, commons.Forbidden()
	}
	i, err := a.Store.InitiativeByID(ctx, p.InitiativeID)
	if err != nil {
		return PartnershipView{}, err
	}
	c := s.Community
	var notes []commons.Notification
	for _, m := range i.Team {
		notes = append(notes, commons.Notification{UserID: m.UserID, CommunityID: c.ID, Kind: commons.NotifyPartnershipActive,
			Args: map[string]string{"Initiative": i.Title}, Link: partnershipLink(c, i.ID)})
	}
	if _, err := a.Store.SignPartnership(ctx, p, version, orgID, *s.Actor, a.Now(), notes, partnershipLink(c, i.ID)); err != nil {
		return PartnershipView{}, err
	}
	return a.partnershipView(ctx, s, i, false)
}

// Commitment returns one commitment of the community.
func (a *App) Commitment(ctx context.Context, s Scope, id string) (commons.Commitment, error) {
	c, err := a.Store.CommitmentByID(ctx, id)
	if err == nil && c.CommunityID != s.Community.ID {
		return commons.Commitment{}, commons.NotFound()
	}
	if err != nil {
		return c, err
	}
	p, err := a.people(ctx, s, c.UpdatedBy)
	cs := []commons.Commitment{c}
	a.hideCommitmentsWith(p, cs)
	return cs[0], err
}

// SetCommitmentStatus records whether a commitment was kept, with a
// comment; the initiative's team or the party's admins
// (commons.CanMarkCommitment).
func (a *App) SetCommitmentStatus(ctx context.Context, s Scope, id string, status commons.CommitmentStatus, comment string) (commons.Commitment, error) {
	if s.Actor == nil {
		return commons.Commitment{}, commons.Unauthenticated()
	}
	c, err := a.Commitment(ctx, s, id)
	if err != nil {
		return c, err
	}
	i, err := a.Store.InitiativeByID(ctx, c.InitiativeID)
	if err != nil {
		return c, err
	}
	role, err := a.Store.OrgRole(ctx, c.CommunityID, c.OrgID, s.Actor.ID)
	if err != nil {
		return c, err
	}
	if !commons.CanMarkCommitment(i.InTeam(s.Actor.ID), role) {
		return c, commons.Forbidden()
	}
	comment = strings.TrimSpace(comment)
	var v commons.Validator
	commons.OneOf(&v, "status", status, commons.CommitmentStatuses)
	v.Text("comment", comment, false, commons.MaxCommitmentNote)
	if err := v.Err(); err != nil {
		return c, err
	}
	if err := a.Store.SetCommitmentStatus(ctx, c, status, comment, s.Actor.ID); err != nil {
		return c, err
	}
	if status == commons.CommitmentKept {
		a.awardByRule(ctx, s.Community, commons.BadgeRuleCommitment, nil)
	}
	return a.Store.CommitmentByID(ctx, id)
}

// OverdueCommitments lists an organization's commitments past due.
func (a *App) OverdueCommitments(ctx context.Context, o commons.Organization) ([]commons.Commitment, error) {
	c, err := a.Store.CommunityByID(ctx, o.CommunityID)
	if err != nil {
		return nil, err
	}
	return a.Store.OverdueCommitments(ctx, c.ID, o.ID, a.today(c))
}

// Network is a community's partnership network: who works with whom. The
// pages draw it; the API lists it.
type Network struct {
	// Nodes are in the order of commons.Sectors, then by name; edges by
	// their nodes' order.
	Nodes []commons.NetworkNode
	Edges []commons.NetworkEdge
}

// PartnershipNetwork finds which organizations work with which: one node
// per organization that is party to a partnership, an edge for each pair
// that shares one, ordered so that a drawing is the same on every load.
func (a *App) PartnershipNetwork(ctx context.Context, s Scope) (Network, error) {
	links, err := a.Store.PartnershipNetwork(ctx, s.Community.ID)
	if err != nil {
		return Network{}, err
	}
	idx := map[string]int{}
	var nodes []commons.NetworkNode
	byPartnership := map[string][]string{}
	for _, l := range links {
		if _, ok := idx[l.OrgID]; !ok {
			idx[l.OrgID] = len(nodes)
			nodes = append(nodes, commons.NetworkNode{OrgID: l.OrgID, Name: l.OrgName, Sector: l.Sector})
		}
		byPartnership[l.PartnershipID] = append(byPartnership[l.PartnershipID], l.OrgID)
	}
	sectorOrder := map[commons.Sector]int{}
	for n, s := range commons.Sectors {
		sectorOrder[s] = n
	}
	sort.SliceStable(nodes, func(x, y int) bool {
		if nodes[x].Sector != nodes[y].Sector {
			return sectorOrder[nodes[x].Sector] < sectorOrder[nodes[y].Sector]
		}
		return nodes[x].Name < nodes[y].Name
	})
	for n := range nodes {
		idx[nodes[n].OrgID] = n
	}
	type pair struct{ a, b int }
	counts := map[pair]int{}
	var pairs []pair
	for _, orgs := range byPartnership {
		for x := 0; x < len(orgs); x++ {
			for y := x + 1; y < len(orgs); y++ {
				p := pair{idx[orgs[x]], idx[orgs[y]]}
				if p.a > p.b {
					p.a, p.b = p.b, p.a
				}
				if counts[p] == 0 {
					pairs = append(pairs, p)
				}
				counts[p]++
			}
		}
	}
	sort.Slice(pairs, func(x, y int) bool {
		if pairs[x].a != pairs[y].a {
			return pairs[x].a < pairs[y].a
		}
		return pairs[x].b < pairs[y].b
	})
	var edges []commons.NetworkEdge
	for _, p := range pairs {
		edges = append(edges, commons.NetworkEdge{From: p.a, To: p.b, Count: counts[p]})
		nodes[p.a].Partners = append(nodes[p.a].Partners, nodes[p.b].Name)
		nodes[p.b].Partners = append(nodes[p.b].Partners, nodes[p.a].Name)
	}
	return Network{Nodes: nodes, Edges: edges}, nil
}

// WithdrawPledge takes the actor's undecided offer back; the history
// keeps that it was made and withdrawn.
func (a *App) WithdrawPledge(ctx context.Context, s Scope, pledgeID string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	p, err := a.PledgeByID(ctx, s, pledgeID)
	if err != nil {
		return err
	}
	if p.Status != commons.PledgePending {
		return commons.Errorf(commons.CodeConflict, "error.pledge.decided")
	}
	if !commons.MayWithdrawPledge(p, s.Actor.ID) {
		return commons.Forbidden()
	}
	return a.Store.WithdrawPledge(ctx, p, s.Actor.ID)
}
