package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// CreateActivity offers a course, workshop, skill-share or event, or a
// series of them. A venue is booked for every occurrence with the same
// rules as any booking (opening hours, fair share, overlaps), in the same
// transaction as the activity: a venue that is taken, or that the
// organizer may not book without asking, refuses the whole activity. It
// returns the occurrences, the first one first.
func (a *App) CreateActivity(ctx context.Context, s Scope, f commons.ActivityFields) ([]commons.Activity, error) {
	na, venue, usedTrust, err := a.newActivity(ctx, s, f)
	if err != nil {
		return nil, err
	}
	acts, err := a.Store.CreateActivity(ctx, s.Community.ID, na)
	if err != nil {
		return nil, err
	}
	// Read the first back for what the store joins in (organizers' names).
	first, err := a.Store.ActivityByID(ctx, acts[0].ID)
	if err != nil {
		return nil, err
	}
	for i := range acts {
		acts[i].Organizers = first.Organizers
	}
	acts[0] = first
	if usedTrust {
		if err := a.Store.TouchResourceTrust(ctx, s.Community.ID, venue.ID, s.Actor.ID); err != nil {
			return nil, err
		}
	}
	return acts, nil
}

// newActivity checks a new activity by every rule CreateActivity applies
// and makes what the store writes, reading only: its occurrences, its
// organizers, its venue's bookings. usedTrust says that the venue is
// booked by the organizer's trust, to be marked once written.
func (a *App) newActivity(ctx context.Context, s Scope, f commons.ActivityFields) (na store.NewActivity, venue commons.Resource,
	usedTrust bool, err error) {
	if err := s.Require(commons.ActionPublishActivity); err != nil {
		return na, venue, false, err
	}
	c, actor := s.Community, s.Actor
	f.Normalize()
	if len(f.Languages) == 0 && len(c.Languages) > 0 {
		f.Languages = c.Languages[:1]
	}
	now := a.Now()
	loc := location(c)
	var v commons.Validator
	f.Validate(&v, now)
	slots := []commons.TimeSlot{{Start: f.StartsAt.UTC(), End: f.EndsAt.UTC()}}
	if f.Recurrence != "" {
		rule, err := commons.ParseRule(f.Recurrence, loc)
		if err == nil && !v.Failed("starts_at") && !v.Failed("ends_at") {
			slots, err = rule.Occurrences(f.StartsAt, f.EndsAt, loc)
			for _, sl := range slots {
				commons.ValidateSlot(&v, sl.Start, sl.End, now)
			}
		}
		if err != nil {
			for field, m := range commons.ErrorOf(err).Fields {
				v.Fail(field, m)
			}
		}
		f.Recurrence = rule.String()
	}
	for _, id := range f.OrganizationIDs {
		if role, err := a.Store.OrgRole(ctx, c.ID, id, actor.ID); err != nil {
			return na, venue, false, err
		} else if role == "" {
			v.Fail("organization_ids", commons.Msg("error.activity.not_your_organization"))
		}
	}
	if err := v.Err(); err != nil {
		return na, venue, false, err
	}
	na = store.NewActivity{Fields: f, Slots: slots, CreatedBy: actor.ID, Organizers: []commons.Organizer{{UserID: actor.ID, Name: actor.Name}}}
	for _, id := range f.OrganizationIDs {
		na.Organizers = append(na.Organizers, commons.Organizer{OrganizationID: id})
	}
	if f.ResourceID != "" {
		venue, err = a.ResourceIn(ctx, c, f.ResourceID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return na, venue, false, invalid("resource_id", commons.Msg("error.activity.no_venue"))
		} else if err != nil {
			return na, venue, false, err
		}
		var nb store.NewBookings
		if nb, usedTrust, err = a.venueBooking(ctx, s, venue, slots, f.Title); err != nil {
			return na, venue, false, err
		}
		na.Venue, na.VenueTitle, na.VenueAdress = &nb, venue.Title, venue.Address
		if na.Fields.Capacity == nil {
			na.Fields.Capacity = venue.Capacity // a room holds no more than it holds
		} else if venue.Capacity != nil && *na.Fields.Capacity > *venue.Capacity {
			return na, venue, false, invalid("capacity", commons.Msg("error.activity.over_venue_capacity", "Max", *venue.Capacity))
		}
	}
	if f.ProposalID != "" {
		p, err := a.proposalIn(ctx, s, f.ProposalID)
		if err != nil {
			return na, venue, false, invalid("proposal_id", commons.Msg("error.not_found"))
		}
		if p.ActivityID != "" {
			return na, venue, false, commons.Errorf(commons.CodeConflict, "error.proposal.taken")
		}
		out := &store.ProposalOutcome{ID: p.ID, Learners: p.People(commons.InterestLearn)}
		for _, u := range out.Learners {
			if u == actor.ID {
				continue
			}
			out.Notes = append(out.Notes, commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityScheduled,
				Link: commons.PagePath(commons.SubjectProposal, c.Slug, p.ID), Args: map[string]string{"Title": p.Title, "Name": actor.Name,
					"Start": slots[0].Start.In(loc).Format(time.RFC3339)}})
		}
		na.Proposal = out
	}
	return na, venue, usedTrust, nil
}

// venueBooking applies the booking rules to an activity's venue: the
// organizer must be allowed to book it, it must be a bookable space open
// at those times, and the booking must be confirmed at once (by the
// resource's approval policy, or because the organizer is its steward):
// an activity cannot wait on a steward's decision.
func (a *App) venueBooking(ctx context.Context, s Scope, r commons.Resource, slots []commons.TimeSlot,
	purpose string) (store.NewBookings, bool, error) {
	var nb store.NewBookings
	if err := s.Require(commons.ActionBook); err != nil {
		return nb, false, err
	}
	c, actor := s.Community, s.Actor
	if r.Moderation != commons.Visible {
		return nb, false, invalid("resource_id", commons.Msg("error.activity.no_venue"))
	}
	if !r.Bookable || r.Kind != commons.KindSpace {
		return nb, false, invalid("resource_id", commons.Msg("error.activity.venue_not_space"))
	}
	if err := a.checkOpen(ctx, c, r, slots); err != nil {
		return nb, false, err
	}
	st, err := a.standing(ctx, actor, r)
	if err != nil {
		return nb, false, err
	}
	status, usedTrust := bookingStatus(r, st)
	if status != commons.BookingConfirmed {
		if ok, err := a.IsSteward(ctx, actor, r); err != nil {
			return nb, false, err
		} else if !ok {
			e := commons.Errorf(commons.CodeForbidden, "error.activity.venue_not_allowed", "Resource", r.Title)
			e.Fields = map[string]commons.Message{"resource_id": e.Message}
			return nb, false, e
		}
	}
	return store.NewBookings{Slots: slots, RequesterID: actor.ID, Purpose: purpose, Status: commons.BookingConfirmed,
		Fair: fairShare(r, location(c), a.Now())}, usedTrust, nil
}

// ActivityView is an occurrence as one reader sees it: their place there,
// what they may do (the rules of commons.MayOfActivity), its series, and,
// for those who run it, who registered.
type ActivityView struct {
	commons.Activity
	Mine commons.RegistrationStatus
	May  commons.ActivityMay
	// Series lists every occurrence of its series (itself alone when it
	// is a single one).
	Series []commons.Activity
	// Registrations is filled when May.SeeRegistrations.
	Registrations []Registration
	// WaitPosition is the reader's place on the waitlist (1: next to
	// move up), when they wait.
	WaitPosition int
}

// activityIn finds an occurrence within the scope's community only.
func (a *App) activityIn(ctx context.Context, s Scope, id string) (commons.Activity, error) {
	act, err := a.Store.ActivityByID(ctx, id)
	if err == nil && act.CommunityID != s.Community.ID {
		return commons.Activity{}, commons.NotFound()
	}
	return act, err
}

// Activity returns one occurrence for a reader; activities are public.
func (a *App) Activity(ctx context.Context, s Scope, id string) (ActivityView, error) {
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return ActivityView{}, err
	}
	v := ActivityView{Activity: act}
	if v.Mine, err = a.registrationStatus(ctx, s, act); err != nil {
		return v, err
	}
	if v.Mine == commons.Waitlisted {
		if v.WaitPosition, err = a.Store.WaitlistPosition(ctx, act.CommunityID, act.ID, s.Actor.ID); err != nil {
			return v, err
		}
	}
	manages, err := a.manages(ctx, s, act)
	if err != nil {
		return v, err
	}
	v.May = commons.MayOfActivity(s.Member, manages, act, v.Mine, a.Now())
	if v.Series, err = a.Store.SeriesOccurrences(ctx, act.CommunityID, act.SeriesID); err != nil {
		return v, err
	}
	if v.May.SeeRegistrations {
		if v.Registrations, err = a.Store.Registrations(ctx, act.CommunityID, act.ID); err != nil {
			return v, err
		}
		// An announcement needs someone it reaches (Announce).
		reaches := false
		for _, g := range v.Registrations {
			reaches = reaches || commons.AnnouncementReaches(s.Actor.ID, g.UserID, g.Status)
		}
		v.May.Announce = v.May.Announce && reaches
		if err := a.hideRegistrations(ctx, s, v.Registrations); err != nil {
			return v, err
		}
	}
	acts := []commons.Activity{v.Activity}
	if err := a.hideOrganizers(ctx, s, acts); err != nil {
		return v, err
	}
	v.Activity = acts[0]
	return v, nil
}

// ActivityFilter is what an agenda reader asks for.
type ActivityFilter = store.ActivityFilter

// Activities lists a community's occurrences in a window of at most
// about a year.
func (a *App) Activities(ctx context.Context, s Scope, f ActivityFilter) ([]commons.Activity, error) {
	if err := checkActivityFilter(f); err != nil {
		return nil, err
	}
	acts, err := a.Store.ListActivities(ctx, s.Community.ID, f)
	if err != nil {
		return nil, err
	}
	return acts, a.hideOrganizers(ctx, s, acts)
}

// ActivitiesPage is Activities a page at a time.
func (a *App) ActivitiesPage(ctx context.Context, s Scope, f ActivityFilter, p commons.Page) ([]commons.Activity, string, error) {
	if err := checkActivityFilter(f); err != nil {
		return nil, "", err
	}
	acts, next, err := a.Store.ActivitiesPage(ctx, s.Community.ID, f, p)
	if err != nil {
		return nil, "", err
	}
	return acts, next, a.hideOrganizers(ctx, s, acts)
}

func checkActivityFilter(f ActivityFilter) error {
	var v commons.Validator
	if !f.To.After(f.From) {
		v.Fail("to", commons.Msg("error.booking.end_before_start"))
	} else if f.To.Sub(f.From) > 400*24*time.Hour {
		v.Fail("to", commons.Msg("error.calendar.window"))
	}
	if f.Kind != "" {
		commons.OneOf(&v, "kind", f.Kind, commons.ActivityKinds)
	}
	return v.Err()
}

// ActivityOrganizations lists the organizations the actor belongs to in
// the community: those they may run an activity with.
func (a *App) ActivityOrganizations(ctx context.Context, s Scope) ([]commons.Organization, error) {
	if s.Actor == nil {
		return nil, nil
	}
	orgs, _, err := a.Store.UserOrganizations(ctx, s.Community.ID, s.Actor.ID)
	return orgs, err
}

// Register takes a place (or a place on the waitlist) at an occurrence,
// or at every occurrence still to come of its series, by the rule
// commons.RegisterRefusal. It returns the status at the occurrence named.
func (a *App) Register(ctx context.Context, s Scope, id string, wholeSeries bool) (commons.RegistrationStatus, error) {
	if s.Actor == nil {
		return "", commons.Unauthenticated()
	}
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return "", err
	}
	c := s.Community
	mine, err := a.registrationStatus(ctx, s, act)
	if err != nil {
		return "", err
	}
	now := a.Now()
	if err := commons.RegisterRefusal(s.Member, act, mine, now); err != nil {
		return "", err
	}
	ids := []string{act.ID}
	if wholeSeries {
		all, err := a.Store.SeriesOccurrences(ctx, c.ID, act.SeriesID)
		if err != nil {
			return "", err
		}
		for _, o := range all {
			if o.ID == act.ID || o.Status != commons.ActivityScheduled || !o.EndsAt.After(now) || o.StartsAt.Compare(act.StartsAt) < 0 {
				continue
			}
			// The one named must be new; the rest are added where missing.
			if st, err := a.Store.RegistrationStatus(ctx, c.ID, o.ID, s.Actor.ID); err != nil {
				return "", err
			} else if st == "" {
				ids = append(ids, o.ID)
			}
		}
	}
	sts, err := a.Store.Register(ctx, c.ID, ids, s.Actor.ID)
	if err != nil {
		return "", err
	}
	return sts[0], nil
}

// Unregister gives up one's place; the first on the waitlist moves up and
// is told, in the same transaction.
func (a *App) Unregister(ctx context.Context, s Scope, id string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return err
	}
	c := s.Community
	return a.Store.Unregister(ctx, c.ID, act.ID, s.Actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityPromoted,
			Link: commons.PagePath(commons.SubjectActivity, c.Slug, act.ID), Args: map[string]string{"Title": act.Title,
				"Start": act.StartsAt.In(location(c)).Format(time.RFC3339)}}
	})
}

// Registrations lists who registered and who waits, for those who run
// the occurrence.
func (a *App) Registrations(ctx context.Context, s Scope, id string) ([]Registration, error) {
	if s.Actor == nil {
		return nil, commons.Unauthenticated()
	}
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return nil, err
	}
	if ok, err := a.manages(ctx, s, act); err != nil {
		return nil, err
	} else if !ok {
		return nil, commons.Forbidden()
	}
	regs, err := a.Store.Registrations(ctx, act.CommunityID, act.ID)
	if err != nil {
		return nil, err
	}
	return regs, a.hideRegistrations(ctx, s, regs)
}

// registrationStatus is the actor's place at an occurrence, "" for none.
func (a *App) registrationStatus(ctx context.Context, s Scope, act commons.Activity) (commons.RegistrationStatus, error) {
	if s.Actor == nil {
		return "", nil
	}
	return a.Store.RegistrationStatus(ctx, act.CommunityID, act.ID, s.Actor.ID)
}

// manages answers commons.ManagesActivity for the actor.
func (a *App) manages(ctx context.Context, s Scope, act commons.Activity) (bool, error) {
	if s.Actor == nil {
		return false, nil
	}
	roles := map[string]commons.OrgRole{}
	for _, o := range act.Organizers {
		if o.OrganizationID == "" {
			continue
		}
		role, err := a.Store.OrgRole(ctx, act.CommunityID, o.OrganizationID, s.Actor.ID)
		if err != nil {
			return false, err
		}
		roles[o.OrganizationID] = role
	}
	return commons.ManagesActivity(s.Actor.ID, act, func(id string) commons.OrgRole { return roles[id] }), nil
}

// changeActivity loads an occurrence its actor may move or cancel
// (commons.ChangeActivityRefusal).
func (a *App) changeActivity(ctx context.Context, s Scope, id string) (commons.Activity, error) {
	if s.Actor == nil {
		return commons.Activity{}, commons.Unauthenticated()
	}
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return act, err
	}
	manages, err := a.manages(ctx, s, act)
	if err != nil {
		return act, err
	}
	return act, commons.ChangeActivityRefusal(manages, act, a.Now())
}

// CancelOccurrence cancels one occurrence (its organizers), frees its
// venue and tells everyone registered or waiting, in the same transaction.
func (a *App) CancelOccurrence(ctx context.Context, s Scope, id string) error {
	act, err := a.changeActivity(ctx, s, id)
	if err != nil {
		return err
	}
	c := s.Community
	return a.Store.CancelOccurrence(ctx, act, s.Actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityCancelled,
			Link: commons.PagePath(commons.SubjectActivity, c.Slug, act.ID), Args: map[string]string{"Title": act.Title,
				"Start": act.StartsAt.In(location(c)).Format(time.RFC3339)}}
	})
}

// MoveOccurrence gives one occurrence another time (its organizers); the
// venue's booking moves with it, checked again, and everyone registered
// or waiting is told, in the same transaction.
func (a *App) MoveOccurrence(ctx context.Context, s Scope, id string, start, end time.Time) (commons.Activity, error) {
	act, err := a.changeActivity(ctx, s, id)
	if err != nil {
		return act, err
	}
	c := s.Community
	var v commons.Validator
	commons.ValidateSlot(&v, start, end, a.Now())
	if err := v.Err(); err != nil {
		return act, err
	}
	slot := commons.TimeSlot{Start: start.UTC(), End: end.UTC()}
	var fair store.FairShare
	if act.ResourceID != "" {
		// The venue's booking moves as a new one would be made: the
		// organizer must still be allowed to book it, and it must be open.
		r, err := a.ResourceIn(ctx, c, act.ResourceID)
		if err != nil {
			return act, err
		}
		nb, _, err := a.venueBooking(ctx, s, r, []commons.TimeSlot{slot}, act.Title)
		if err != nil {
			return act, err
		}
		fair = nb.Fair
	}
	loc := location(c)
	err = a.Store.MoveOccurrence(ctx, act, slot, fair, s.Actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityMoved,
			Link: commons.PagePath(commons.SubjectActivity, c.Slug, act.ID), Args: map[string]string{"Title": act.Title,
				"Start": start.In(loc).Format(time.RFC3339)}}
	})
	if err != nil {
		return act, err
	}
	return a.Store.ActivityByID(ctx, id)
}

// MyActivity is an occurrence the actor registered or waits for, with its
// community (for its page and its time zone).
type MyActivity struct {
	commons.Activity
	Status    commons.RegistrationStatus
	Community commons.Community
}

// MyActivities lists the occurrences the actor registered or waits for,
// from a day ago on.
func (a *App) MyActivities(ctx context.Context, actor *commons.User) ([]MyActivity, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	acts, sts, err := a.Store.UserActivities(ctx, actor.ID, a.Now().Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	communities := map[string]commons.Community{}
	out := make([]MyActivity, len(acts))
	for i, act := range acts {
		c, ok := communities[act.CommunityID]
		if !ok {
			if c, err = a.Store.CommunityByID(ctx, act.CommunityID); err != nil {
				return nil, err
			}
			communities[act.CommunityID] = c
		}
		out[i] = MyActivity{Activity: act, Status: sts[i], Community: c}
	}
	return out, nil
}

// ActivityFeed returns the registrations behind a private feed token (the
// same secret as the bookings feed; renewing it revokes both).
func (a *App) ActivityFeed(ctx context.Context, token string) ([]commons.Activity, []commons.RegistrationStatus, error) {
	if len(token) > 100 {
		return nil, nil, commons.NotFound()
	}
	u, err := a.Store.CalendarOwner(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	return a.Store.UserActivities(ctx, u.ID, a.Now().Add(-90*24*time.Hour))
}

// Propose asks the community for something to learn.
func (a *App) Propose(ctx context.Context, s Scope, title, description string, themes []string) (commons.Proposal, error) {
	if err := s.Require(commons.ActionPropose); err != nil {
		return commons.Proposal{}, err
	}
	p := commons.Proposal{CommunityID: s.Community.ID, Title: strings.TrimSpace(title), Description: strings.TrimSpace(description),
		Themes: commons.SplitList(strings.Join(themes, ",")), CreatedBy: s.Actor.ID}
	var v commons.Validator
	v.Line("title", p.Title, true, commons.MaxNameLen)
	v.Text("description", p.Description, false, commons.MaxDescriptionLen)
	if len(p.Themes) > commons.MaxThemes {
		v.Fail("themes", commons.Msg("error.field.too_many", "Max", commons.MaxThemes))
	}
	for _, t := range p.Themes {
		v.Line("themes", t, false, 60)
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	return a.Store.CreateProposal(ctx, p)
}

// ProposalView is a proposal with the people behind it, and what the
// reader may do with it (commons.MayOfProposal).
type ProposalView struct {
	commons.Proposal
	May commons.ProposalMay
}

// proposalIn finds a proposal within the scope's community only.
func (a *App) proposalIn(ctx context.Context, s Scope, id string) (commons.Proposal, error) {
	p, err := a.Store.ProposalByID(ctx, id)
	if err == nil && p.CommunityID != s.Community.ID {
		return commons.Proposal{}, commons.NotFound()
	}
	return p, err
}

// Proposal returns a proposal of the community; proposals are public.
func (a *App) Proposal(ctx context.Context, s Scope, id string) (ProposalView, error) {
	p, err := a.proposalIn(ctx, s, id)
	if err != nil {
		return ProposalView{}, err
	}
	v := ProposalView{Proposal: p, May: commons.MayOfProposal(s.Member, s.ActorID(), p)}
	ps := []commons.Proposal{v.Proposal}
	if err := a.hideProposals(ctx, s, ps); err != nil {
		return v, err
	}
	v.Proposal = ps[0]
	return v, nil
}

// Proposals lists a community's proposals with how many want to learn.
func (a *App) Proposals(ctx context.Context, s Scope) ([]commons.Proposal, []int, error) {
	ps, counts, err := a.Store.Proposals(ctx, s.Community.ID)
	if err != nil {
		return nil, nil, err
	}
	return ps, counts, a.hideProposals(ctx, s, ps)
}

// BackProposal adds the actor's interest: to learn, to teach, or to host
// (with the place they offer, which they must be able to book), by the
// rule commons.BackProposalRefusal.
func (a *App) BackProposal(ctx context.Context, s Scope, id string, role commons.InterestRole, resourceID, note string) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	p, err := a.proposalIn(ctx, s, id)
	if err != nil {
		return err
	}
	if err := commons.BackProposalRefusal(s.Member, p); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.InterestRoles)
	v.Line("note", note, false, commons.MaxShortTextLen)
	if role == commons.InterestHost {
		if resourceID == "" {
			v.Fail("resource_id", commons.Msg("error.field.required"))
		} else if r, err := a.ResourceIn(ctx, s.Community, resourceID); err != nil || r.Kind != commons.KindSpace || !r.Bookable {
			v.Fail("resource_id", commons.Msg("error.activity.venue_not_space"))
		}
	} else {
		resourceID = ""
	}
	if err := v.Err(); err != nil {
		return err
	}
	// Those who asked to learn it (and its author) hear of a new teacher,
	// once, and never of their own offer.
	var notes []commons.Notification
	if role == commons.InterestTeach && !slices.Contains(p.People(commons.InterestTeach), s.Actor.ID) {
		told := map[string]bool{s.Actor.ID: true}
		for _, id := range append([]string{p.CreatedBy}, p.People(commons.InterestLearn)...) {
			if told[id] {
				continue
			}
			told[id] = true
			notes = append(notes, commons.Notification{UserID: id, CommunityID: s.Community.ID, Kind: commons.NotifyTeacherOffered,
				Link: commons.PagePath(commons.SubjectProposal, s.Community.Slug, p.ID), Args: map[string]string{"Name": s.Actor.Name, "Title": p.Title}})
		}
	}
	return a.Store.AddInterest(ctx, s.Community.ID, p.ID, commons.ProposalInterest{UserID: s.Actor.ID, Role: role, ResourceID: resourceID, Note: note}, notes)
}

// WithdrawInterest takes the actor's backing in a role back.
func (a *App) WithdrawInterest(ctx context.Context, s Scope, id string, role commons.InterestRole) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	p, err := a.proposalIn(ctx, s, id)
	if err != nil {
		return err
	}
	return a.Store.RemoveInterest(ctx, p.CommunityID, p.ID, s.Actor.ID, role)
}

// SaveLearningProfile replaces what the actor can teach, wants to learn
// and speaks, in a community they belong to.
func (a *App) SaveLearningProfile(ctx context.Context, s Scope, p commons.LearningProfile) (commons.LearningProfile, error) {
	if err := s.Require(commons.ActionPropose); err != nil {
		return p, err
	}
	p.CommunityID, p.UserID, p.Name = s.Community.ID, s.Actor.ID, s.Actor.Name
	var v commons.Validator
	p.Validate(&v)
	if err := v.Err(); err != nil {
		return p, err
	}
	return p, a.Store.SaveLearningProfile(ctx, p)
}

// LearningProfile returns a member's profile in a community; a person
// the reader may not see has none to them (commons.MayShowPerson).
func (a *App) LearningProfile(ctx context.Context, s Scope, userID string) (commons.LearningProfile, error) {
	pr, err := a.Store.LearningProfile(ctx, s.Community.ID, userID)
	if err != nil {
		return pr, err
	}
	shown, err := a.shownProfiles(ctx, s, []commons.LearningProfile{pr})
	if err != nil || len(shown) == 0 {
		return commons.LearningProfile{CommunityID: s.Community.ID}, err
	}
	return shown[0], nil
}

// Teachers answers "who can teach X" in a community.
func (a *App) Teachers(ctx context.Context, s Scope, q string) ([]commons.LearningProfile, error) {
	var v commons.Validator
	v.Line("q", q, false, 100)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ps, err := a.Store.Teachers(ctx, s.Community.ID, q)
	if err != nil {
		return nil, err
	}
	return a.shownProfiles(ctx, s, ps)
}

// Registration is one person's place at an occurrence.
type Registration = store.Registration
