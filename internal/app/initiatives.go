package app

import (
	"context"
	"math"
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

// CommunityByID returns a community by its id.
func (a *App) CommunityByID(ctx context.Context, id string) (commons.Community, error) {
	return a.Store.CommunityByID(ctx, id)
}

// Today is the community's date now, for pages that mark what is overdue.
func (a *App) Today(c commons.Community) string { return a.today(c) }

// Themes lists the themes initiatives may name: the standard ones, then
// the community's own.
func (a *App) Themes(ctx context.Context, c commons.Community) ([]string, error) {
	own, err := a.Store.CommunityThemes(ctx, c.ID)
	return append(append([]string{}, commons.StandardThemes...), own...), err
}

// AddTheme adds a theme of the community's own; editors only.
func (a *App) AddTheme(ctx context.Context, actor *commons.User, slug, name string) error {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionAddTheme); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	var v commons.Validator
	commons.ValidateTheme(&v, name)
	if err := v.Err(); err != nil {
		return err
	}
	err = a.Store.AddCommunityTheme(ctx, c.ID, name, actor.ID)
	if commons.CodeOf(err) == commons.CodeConflict {
		return invalid("name", commons.Msg("error.theme.exists"))
	}
	return err
}

// CreateInitiative starts an initiative with the actor on its team. A
// citizen group may lead it, if the actor belongs to the group.
func (a *App) CreateInitiative(ctx context.Context, actor *commons.User, slug string, f commons.InitiativeFields) (commons.Initiative, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return commons.Initiative{}, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionStartInitiative); err != nil {
		return commons.Initiative{}, err
	}
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
		role, err := a.Store.OrgRole(ctx, c.ID, o.ID, actor.ID)
		if err != nil {
			return commons.Initiative{}, err
		}
		if role == "" {
			return commons.Initiative{}, commons.Forbidden()
		}
	}
	return a.Store.CreateInitiative(ctx, commons.Initiative{CommunityID: c.ID, Title: f.Title, Summary: f.Summary,
		Description: f.Description, Themes: f.Themes, LeadOrgID: f.LeadOrgID, CreatedBy: actor.ID})
}

// Initiative returns an initiative; initiatives are public.
func (a *App) Initiative(ctx context.Context, id string) (commons.Initiative, error) {
	return a.Store.InitiativeByID(ctx, id)
}

// InitiativeIn returns an initiative of the given community.
func (a *App) InitiativeIn(ctx context.Context, c commons.Community, id string) (commons.Initiative, error) {
	i, err := a.Store.InitiativeByID(ctx, id)
	if err == nil && i.CommunityID != c.ID {
		return commons.Initiative{}, commons.NotFound()
	}
	return i, err
}

// InitiativeDetail is an initiative with everything around it.
type InitiativeDetail struct {
	Initiative  commons.Initiative
	Needs       []commons.Need
	Pledges     []commons.Pledge
	Partnership *commons.Partnership
	Today       string
}

// Overdue lists the commitments in force that are past due and pending.
func (d InitiativeDetail) Overdue() []commons.Commitment {
	var out []commons.Commitment
	if d.Partnership == nil {
		return nil
	}
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

// Detail loads an initiative's needs, pledges and partnership.
func (a *App) Detail(ctx context.Context, i commons.Initiative) (InitiativeDetail, error) {
	d := InitiativeDetail{Initiative: i}
	c, err := a.Store.CommunityByID(ctx, i.CommunityID)
	if err != nil {
		return d, err
	}
	d.Today = a.today(c)
	if d.Needs, err = a.Store.Needs(ctx, i.CommunityID, i.ID); err != nil {
		return d, err
	}
	if d.Pledges, err = a.Store.Pledges(ctx, i.CommunityID, i.ID); err != nil {
		return d, err
	}
	p, err := a.Store.PartnershipOf(ctx, i.CommunityID, i.ID)
	switch commons.CodeOf(err) {
	case "":
		d.Partnership = &p
	case commons.CodeNotFound:
	default:
		return d, err
	}
	return d, nil
}

// Initiatives lists a community's directory.
func (a *App) Initiatives(ctx context.Context, slug string, f commons.InitiativeFilter) ([]commons.Initiative, string, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return nil, "", err
	}
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
	return a.Store.ListInitiatives(ctx, c.ID, f)
}

// runInitiative loads an initiative that the actor must be on the team of.
func (a *App) runInitiative(ctx context.Context, actor *commons.User, id string) (commons.Initiative, error) {
	if err := requireUser(actor); err != nil {
		return commons.Initiative{}, err
	}
	i, err := a.Store.InitiativeByID(ctx, id)
	if err != nil {
		return i, err
	}
	if !commons.CanRunInitiative(&i, actor.ID) {
		return i, commons.Forbidden()
	}
	return i, nil
}

// UpdateInitiative edits an initiative's words and themes; its team only.
func (a *App) UpdateInitiative(ctx context.Context, actor *commons.User, id string, f commons.InitiativeFields) (commons.Initiative, error) {
	i, err := a.runInitiative(ctx, actor, id)
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
	if err := a.Store.UpdateInitiative(ctx, i, actor.ID); err != nil {
		return i, err
	}
	return a.Store.InitiativeByID(ctx, id)
}

// SetInitiativeStatus moves an initiative one step along its lifecycle,
// pauses it or resumes it; its team only.
func (a *App) SetInitiativeStatus(ctx context.Context, actor *commons.User, id string, to commons.InitiativeStatus) (commons.Initiative, error) {
	i, err := a.runInitiative(ctx, actor, id)
	if err != nil {
		return i, err
	}
	if err := a.Store.SetInitiativeStatus(ctx, i, to, actor.ID); err != nil {
		return i, err
	}
	return a.Store.InitiativeByID(ctx, id)
}

// SetTeamMember adds an active member of the community to the team, or
// (in false) removes one; the team decides, and anyone may leave.
func (a *App) SetTeamMember(ctx context.Context, actor *commons.User, id, userID string, in bool) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	i, err := a.Store.InitiativeByID(ctx, id)
	if err != nil {
		return err
	}
	if !commons.CanRunInitiative(&i, actor.ID) && (in || actor.ID != userID) {
		return commons.Forbidden()
	}
	m, err := a.Store.Member(ctx, i.CommunityID, userID)
	if in && (commons.CodeOf(err) == commons.CodeNotFound || (err == nil && m.Status != commons.MemberActive)) {
		return invalid("user_id", commons.Msg("error.not_a_member"))
	}
	if err != nil && commons.CodeOf(err) != commons.CodeNotFound {
		return err
	}
	if in && i.InTeam(userID) {
		return invalid("user_id", commons.Msg("error.initiative.in_team"))
	}
	if !in && !i.InTeam(userID) {
		return commons.NotFound()
	}
	return a.Store.SetTeamMember(ctx, i, userID, in, actor.ID, m.Name)
}

// InitiativeHistory returns who did what to an initiative; members only.
func (a *App) InitiativeHistory(ctx context.Context, actor *commons.User, i commons.Initiative) ([]commons.InitiativeEvent, error) {
	c, err := a.Store.CommunityByID(ctx, i.CommunityID)
	if err != nil {
		return nil, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionReadHistory); err != nil {
		return nil, err
	}
	return a.Store.InitiativeLog(ctx, i.CommunityID, i.ID)
}

// AddNeed states something the initiative lacks; its team only.
func (a *App) AddNeed(ctx context.Context, actor *commons.User, initiativeID string, f commons.NeedFields) (commons.Need, error) {
	i, err := a.runInitiative(ctx, actor, initiativeID)
	if err != nil {
		return commons.Need{}, err
	}
	c, err := a.Store.CommunityByID(ctx, i.CommunityID)
	if err != nil {
		return commons.Need{}, err
	}
	var v commons.Validator
	f.Validate(&v, a.today(c))
	if err := v.Err(); err != nil {
		return commons.Need{}, err
	}
	return a.Store.CreateNeed(ctx, commons.Need{CommunityID: c.ID, InitiativeID: i.ID, Kind: f.Kind, Description: f.Description,
		Quantity: f.Quantity, ByDate: f.ByDate}, actor.ID)
}

// Need returns one need.
func (a *App) Need(ctx context.Context, id string) (commons.Need, error) {
	return a.Store.NeedByID(ctx, id)
}

// SetNeedStatus says how far a need has been met; the team only.
func (a *App) SetNeedStatus(ctx context.Context, actor *commons.User, needID string, status commons.NeedStatus) (commons.Need, error) {
	n, err := a.Store.NeedByID(ctx, needID)
	if err != nil {
		return n, err
	}
	if _, err := a.runInitiative(ctx, actor, n.InitiativeID); err != nil {
		return n, err
	}
	var v commons.Validator
	commons.OneOf(&v, "status", status, commons.NeedStatuses)
	if err := v.Err(); err != nil {
		return n, err
	}
	if err := a.Store.SetNeedStatus(ctx, n, status, actor.ID); err != nil {
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

// Pledge offers to meet a need, for an organization the actor belongs to
// or for themselves, optionally with one of its (or their) resources. The
// team hears of it at once.
func (a *App) Pledge(ctx context.Context, actor *commons.User, needID string, f PledgeFields) (commons.Pledge, error) {
	if err := requireUser(actor); err != nil {
		return commons.Pledge{}, err
	}
	n, err := a.Store.NeedByID(ctx, needID)
	if err != nil {
		return commons.Pledge{}, err
	}
	c, err := a.Store.CommunityByID(ctx, n.CommunityID)
	if err != nil {
		return commons.Pledge{}, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPledge); err != nil {
		return commons.Pledge{}, err
	}
	i, err := a.Store.InitiativeByID(ctx, n.InitiativeID)
	if err != nil {
		return commons.Pledge{}, err
	}
	if !i.Status.Open() && i.Status != commons.InitiativePaused {
		return commons.Pledge{}, commons.Errorf(commons.CodeConflict, "error.initiative.closed")
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

func initiativeLink(c commons.Community, id string) string {
	return "/c/" + c.Slug + "/initiatives/" + id
}

// PledgeByID returns one pledge.
func (a *App) PledgeByID(ctx context.Context, id string) (commons.Pledge, error) {
	return a.Store.PledgeByID(ctx, id)
}

// DecidePledge accepts or declines a pledge; the team only. Accepting the
// pledge of a bookable resource with a booking asked for books it in the
// same step, through the ordinary booking rules: if the booking is refused,
// the pledge stays undecided.
func (a *App) DecidePledge(ctx context.Context, actor *commons.User, pledgeID string, accept bool, book *BookingRequest) (commons.Pledge, error) {
	p, err := a.Store.PledgeByID(ctx, pledgeID)
	if err != nil {
		return p, err
	}
	i, err := a.runInitiative(ctx, actor, p.InitiativeID)
	if err != nil {
		return p, err
	}
	if p.Status != commons.PledgePending {
		return p, commons.Errorf(commons.CodeConflict, "error.pledge.decided")
	}
	c, err := a.Store.CommunityByID(ctx, p.CommunityID)
	if err != nil {
		return p, err
	}
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
		s, err := a.scopeIn(ctx, actor, c)
		if err != nil {
			return p, err
		}
		out, err := a.Book(ctx, s, p.ResourceID, *book)
		if err != nil {
			return p, err
		}
		bookingID = out.Bookings[0].ID
	}
	var note commons.Notification
	if p.UserID != actor.ID {
		kind := commons.NotifyPledgeDeclined
		if accept {
			kind = commons.NotifyPledgeAccepted
		}
		note = commons.Notification{UserID: p.UserID, CommunityID: c.ID, Kind: kind,
			Args: map[string]string{"Initiative": i.Title}, Link: initiativeLink(c, i.ID)}
	}
	if err := a.Store.DecidePledge(ctx, p, accept, bookingID, actor.ID, note); err != nil {
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
func (a *App) ProposePartnership(ctx context.Context, actor *commons.User, initiativeID string, prop commons.PartnershipProposal) (commons.Partnership, error) {
	i, err := a.runInitiative(ctx, actor, initiativeID)
	if err != nil {
		return commons.Partnership{}, err
	}
	c, err := a.Store.CommunityByID(ctx, i.CommunityID)
	if err != nil {
		return commons.Partnership{}, err
	}
	var v commons.Validator
	prop.Validate(&v, a.today(c))
	if err := v.Err(); err != nil {
		return commons.Partnership{}, err
	}
	var orgs []string
	for n, pp := range prop.Parties {
		if _, err := a.Store.OrganizationInCommunity(ctx, c.ID, pp.OrgID); commons.CodeOf(err) == commons.CodeNotFound {
			v.Fail("parties."+strconv.Itoa(n)+".organization_id", commons.Msg("error.partnership.unknown_org"))
		} else if err != nil {
			return commons.Partnership{}, err
		}
		orgs = append(orgs, pp.OrgID)
	}
	if err := v.Err(); err != nil {
		return commons.Partnership{}, err
	}
	admins, err := a.Store.OrgAdminIDs(ctx, c.ID, orgs)
	if err != nil {
		return commons.Partnership{}, err
	}
	var notes []commons.Notification
	for _, id := range admins {
		notes = append(notes, commons.Notification{UserID: id, CommunityID: c.ID, Kind: commons.NotifySignatureNeeded,
			Args: map[string]string{"Initiative": i.Title}, Link: initiativeLink(c, i.ID) + "/partnership"})
	}
	if _, _, err := a.Store.ProposePartnership(ctx, i, prop, actor.ID, a.Now(), notes); err != nil {
		return commons.Partnership{}, err
	}
	return a.Store.PartnershipOf(ctx, c.ID, i.ID)
}

// PartnershipRef finds a partnership by id.
func (a *App) PartnershipRef(ctx context.Context, id string) (store.PartnershipRef, error) {
	return a.Store.PartnershipRefByID(ctx, id)
}

// Partnership returns an initiative's partnership, all versions.
func (a *App) Partnership(ctx context.Context, i commons.Initiative) (commons.Partnership, error) {
	return a.Store.PartnershipOf(ctx, i.CommunityID, i.ID)
}

// Sign signs the version in force for an organization the actor
// administers (403 otherwise). version, when not 0, is the version the
// signer read; a newer one is a conflict.
func (a *App) Sign(ctx context.Context, actor *commons.User, partnershipID, orgID string, version int) (commons.Partnership, error) {
	if err := requireUser(actor); err != nil {
		return commons.Partnership{}, err
	}
	p, err := a.Store.PartnershipRefByID(ctx, partnershipID)
	if err != nil {
		return commons.Partnership{}, err
	}
	orgID = strings.TrimSpace(orgID)
	if orgID == "" {
		return commons.Partnership{}, invalid("organization_id", commons.Msg("error.field.required"))
	}
	role, err := a.Store.OrgRole(ctx, p.CommunityID, orgID, actor.ID)
	if err != nil {
		return commons.Partnership{}, err
	}
	if !commons.CanSignFor(role) {
		return commons.Partnership{}, commons.Forbidden()
	}
	i, err := a.Store.InitiativeByID(ctx, p.InitiativeID)
	if err != nil {
		return commons.Partnership{}, err
	}
	c, err := a.Store.CommunityByID(ctx, p.CommunityID)
	if err != nil {
		return commons.Partnership{}, err
	}
	var notes []commons.Notification
	for _, m := range i.Team {
		notes = append(notes, commons.Notification{UserID: m.UserID, CommunityID: c.ID, Kind: commons.NotifyPartnershipActive,
			Args: map[string]string{"Initiative": i.Title}, Link: initiativeLink(c, i.ID) + "/partnership"})
	}
	if _, err := a.Store.SignPartnership(ctx, p, version, orgID, *actor, a.Now(), notes); err != nil {
		return commons.Partnership{}, err
	}
	return a.Store.PartnershipOf(ctx, c.ID, i.ID)
}

// Commitment returns one commitment.
func (a *App) Commitment(ctx context.Context, id string) (commons.Commitment, error) {
	return a.Store.CommitmentByID(ctx, id)
}

// SetCommitmentStatus records whether a commitment was kept, with a
// comment; the initiative's team or the party's admins.
func (a *App) SetCommitmentStatus(ctx context.Context, actor *commons.User, id string, status commons.CommitmentStatus, comment string) (commons.Commitment, error) {
	if err := requireUser(actor); err != nil {
		return commons.Commitment{}, err
	}
	c, err := a.Store.CommitmentByID(ctx, id)
	if err != nil {
		return c, err
	}
	i, err := a.Store.InitiativeByID(ctx, c.InitiativeID)
	if err != nil {
		return c, err
	}
	role, err := a.Store.OrgRole(ctx, c.CommunityID, c.OrgID, actor.ID)
	if err != nil {
		return c, err
	}
	if !commons.CanMarkCommitment(i.InTeam(actor.ID), role) {
		return c, commons.Forbidden()
	}
	comment = strings.TrimSpace(comment)
	var v commons.Validator
	commons.OneOf(&v, "status", status, commons.CommitmentStatuses)
	v.Text("comment", comment, false, commons.MaxCommitmentNote)
	if err := v.Err(); err != nil {
		return c, err
	}
	if err := a.Store.SetCommitmentStatus(ctx, c, status, comment, actor.ID); err != nil {
		return c, err
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

// Network is a community's partnership network, laid out for drawing.
type Network struct {
	Nodes []commons.NetworkNode
	Edges []commons.NetworkEdge
	// Width and Height are the drawing's size.
	Width, Height float64
}

// PartnershipNetwork draws which organizations work with which: one node
// per organization that is party to a partnership, an edge for each pair
// that shares one. Nodes sit on a circle, grouped by sector, so that the
// drawing is the same on every load and needs no script.
func (a *App) PartnershipNetwork(ctx context.Context, c commons.Community) (Network, error) {
	links, err := a.Store.PartnershipNetwork(ctx, c.ID)
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
	// Labels read outwards from the circle, so the drawing is wider than
	// tall, and long names are shortened (the table beside has them whole).
	const width, height, rx, ry = 920.0, 520.0, 200.0, 190.0
	round := func(f float64) float64 { return math.Round(f*10) / 10 }
	for n := range nodes {
		angle := 2*math.Pi*float64(n)/float64(max(len(nodes), 1)) - math.Pi/2
		cos, sin := math.Cos(angle), math.Sin(angle)
		nodes[n].X, nodes[n].Y = round(width/2+rx*cos), round(height/2+ry*sin)
		nodes[n].LX, nodes[n].LY = round(width/2+(rx+22)*cos), round(height/2+(ry+22)*sin+5)
		switch {
		case cos > 0.3:
			nodes[n].Anchor = "start"
		case cos < -0.3:
			nodes[n].Anchor = "end"
		default:
			nodes[n].Anchor = "middle"
			nodes[n].LY = round(height/2 + (ry+30)*sin + 5)
		}
		nodes[n].Label = shorten(nodes[n].Name, 26)
	}
	var edges []commons.NetworkEdge
	for _, p := range pairs {
		edges = append(edges, commons.NetworkEdge{From: p.a, To: p.b, Count: counts[p],
			X1: nodes[p.a].X, Y1: nodes[p.a].Y, X2: nodes[p.b].X, Y2: nodes[p.b].Y})
		nodes[p.a].Partners = append(nodes[p.a].Partners, nodes[p.b].Name)
		nodes[p.b].Partners = append(nodes[p.b].Partners, nodes[p.a].Name)
	}
	return Network{Nodes: nodes, Edges: edges, Width: width, Height: height}, nil
}
