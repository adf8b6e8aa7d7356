package app

import (
	"context"
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
func (a *App) CreateActivity(ctx context.Context, actor *commons.User, slug string, f commons.ActivityFields) ([]commons.Activity, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return nil, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPublishActivity); err != nil {
		return nil, err
	}
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
			return nil, err
		} else if role == "" {
			v.Fail("organization_ids", commons.Msg("error.activity.not_your_organization"))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	na := store.NewActivity{Fields: f, Slots: slots, CreatedBy: actor.ID, Organizers: []commons.Organizer{{UserID: actor.ID, Name: actor.Name}}}
	for _, id := range f.OrganizationIDs {
		na.Organizers = append(na.Organizers, commons.Organizer{OrganizationID: id})
	}
	usedTrust := false
	var venue commons.Resource
	if f.ResourceID != "" {
		venue, err = a.ResourceIn(ctx, c, f.ResourceID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return nil, invalid("resource_id", commons.Msg("error.activity.no_venue"))
		} else if err != nil {
			return nil, err
		}
		var nb store.NewBookings
		if nb, usedTrust, err = a.venueBooking(ctx, actor, c, venue, slots, f.Title); err != nil {
			return nil, err
		}
		na.Venue, na.VenueTitle, na.VenueAdress = &nb, venue.Title, venue.Address
		if na.Fields.Capacity == nil {
			na.Fields.Capacity = venue.Capacity // a room holds no more than it holds
		} else if venue.Capacity != nil && *na.Fields.Capacity > *venue.Capacity {
			return nil, invalid("capacity", commons.Msg("error.activity.over_venue_capacity", "Max", *venue.Capacity))
		}
	}
	if f.ProposalID != "" {
		p, err := a.Store.ProposalByID(ctx, f.ProposalID)
		if err != nil || p.CommunityID != c.ID {
			return nil, invalid("proposal_id", commons.Msg("error.not_found"))
		}
		if p.ActivityID != "" {
			return nil, commons.Errorf(commons.CodeConflict, "error.proposal.taken")
		}
		out := &store.ProposalOutcome{ID: p.ID, Learners: p.People(commons.InterestLearn)}
		for _, u := range out.Learners {
			if u == actor.ID {
				continue
			}
			out.Notes = append(out.Notes, commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityScheduled,
				Link: "/c/" + c.Slug + "/proposals/" + p.ID, Args: map[string]string{"Title": p.Title, "Name": actor.Name,
					"Start": slots[0].Start.In(loc).Format("2006-01-02 15:04")}})
		}
		na.Proposal = out
	}
	acts, err := a.Store.CreateActivity(ctx, c.ID, na)
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
		if err := a.Store.TouchResourceTrust(ctx, c.ID, venue.ID, actor.ID); err != nil {
			return nil, err
		}
	}
	return acts, nil
}

// venueBooking applies the booking rules to an activity's venue: the
// organizer must be allowed to book it, it must be a bookable space open
// at those times, and the booking must be confirmed at once (by the
// resource's approval policy, or because the organizer is its steward):
// an activity cannot wait on a steward's decision.
func (a *App) venueBooking(ctx context.Context, actor *commons.User, c commons.Community, r commons.Resource, slots []commons.TimeSlot,
	purpose string) (store.NewBookings, bool, error) {
	var nb store.NewBookings
	if _, err := a.authorize(ctx, c, actor, commons.ActionBook); err != nil {
		return nb, false, err
	}
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

// Activity returns one occurrence; activities are public.
func (a *App) Activity(ctx context.Context, id string) (commons.Activity, error) {
	return a.Store.ActivityByID(ctx, id)
}

// ActivityIn returns an occurrence that belongs to a community.
func (a *App) ActivityIn(ctx context.Context, c commons.Community, id string) (commons.Activity, error) {
	act, err := a.Store.ActivityByID(ctx, id)
	if err == nil && act.CommunityID != c.ID {
		return act, commons.NotFound()
	}
	return act, err
}

// ActivityFilter is what an agenda reader asks for.
type ActivityFilter = store.ActivityFilter

// Activities lists a community's occurrences in a window of at most
// about a year.
func (a *App) Activities(ctx context.Context, c commons.Community, f ActivityFilter) ([]commons.Activity, error) {
	if err := checkActivityFilter(f); err != nil {
		return nil, err
	}
	return a.Store.ListActivities(ctx, c.ID, f)
}

// ActivitiesPage is Activities a page at a time.
func (a *App) ActivitiesPage(ctx context.Context, c commons.Community, f ActivityFilter, p commons.Page) ([]commons.Activity, string, error) {
	if err := checkActivityFilter(f); err != nil {
		return nil, "", err
	}
	return a.Store.ActivitiesPage(ctx, c.ID, f, p)
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

// Series lists every occurrence of an occurrence's series.
func (a *App) Series(ctx context.Context, act commons.Activity) ([]commons.Activity, error) {
	return a.Store.SeriesOccurrences(ctx, act.CommunityID, act.SeriesID)
}

// Register takes a place (or a place on the waitlist) at an occurrence,
// or at every occurrence still to come of its series. It returns the
// status at the occurrence named.
func (a *App) Register(ctx context.Context, actor *commons.User, id string, wholeSeries bool) (commons.RegistrationStatus, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	act, err := a.Store.ActivityByID(ctx, id)
	if err != nil {
		return "", err
	}
	c, err := a.Store.CommunityByID(ctx, act.CommunityID)
	if err != nil {
		return "", err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionRegister); err != nil {
		return "", err
	}
	now := a.Now()
	if !act.EndsAt.After(now) {
		return "", commons.Errorf(commons.CodeInvalid, "error.activity.over")
	}
	ids := []string{act.ID}
	if wholeSeries {
		all, err := a.Store.SeriesOccurrences(ctx, c.ID, act.SeriesID)
		if err != nil {
			return "", err
		}
		ids = nil
		for _, o := range all {
			if o.Status == commons.ActivityScheduled && o.EndsAt.After(now) && o.StartsAt.Compare(act.StartsAt) >= 0 {
				if st, err := a.Store.RegistrationStatus(ctx, c.ID, o.ID, actor.ID); err != nil {
					return "", err
				} else if st == "" || o.ID == act.ID {
					ids = append(ids, o.ID) // the one named must be new; the rest are added where missing
				}
			}
		}
		if len(ids) == 0 || ids[0] != act.ID {
			return "", commons.Errorf(commons.CodeInvalid, "error.activity.cancelled")
		}
	}
	sts, err := a.Store.Register(ctx, c.ID, ids, actor.ID)
	if err != nil {
		return "", err
	}
	return sts[0], nil
}

// Unregister gives up one's place; the first on the waitlist moves up and
// is told.
func (a *App) Unregister(ctx context.Context, actor *commons.User, id string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	act, err := a.Store.ActivityByID(ctx, id)
	if err != nil {
		return err
	}
	c, err := a.Store.CommunityByID(ctx, act.CommunityID)
	if err != nil {
		return err
	}
	return a.Store.Unregister(ctx, c.ID, act.ID, actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityPromoted,
			Link: "/c/" + c.Slug + "/activities/" + act.ID, Args: map[string]string{"Title": act.Title,
				"Start": act.StartsAt.In(location(c)).Format("2006-01-02 15:04")}}
	})
}

// Registrations lists who registered and who waits, for the organizers.
func (a *App) Registrations(ctx context.Context, actor *commons.User, act commons.Activity) ([]store.Registration, error) {
	if ok, err := a.CanManageActivity(ctx, actor, act); err != nil {
		return nil, err
	} else if !ok {
		return nil, commons.Forbidden()
	}
	return a.Store.Registrations(ctx, act.CommunityID, act.ID)
}

// RegistrationStatus is the actor's place at an occurrence, "" for none.
func (a *App) RegistrationStatus(ctx context.Context, actor *commons.User, act commons.Activity) (commons.RegistrationStatus, error) {
	if actor == nil {
		return "", nil
	}
	return a.Store.RegistrationStatus(ctx, act.CommunityID, act.ID, actor.ID)
}

// CanManageActivity reports whether a person runs an activity: the person
// who published it, a person organizer, or an admin of an organizer
// organization.
func (a *App) CanManageActivity(ctx context.Context, actor *commons.User, act commons.Activity) (bool, error) {
	if actor == nil {
		return false, nil
	}
	if act.CreatedBy == actor.ID {
		return true, nil
	}
	for _, o := range act.Organizers {
		if o.UserID == actor.ID {
			return true, nil
		}
		if o.OrganizationID != "" {
			role, err := a.Store.OrgRole(ctx, act.CommunityID, o.OrganizationID, actor.ID)
			if err != nil {
				return false, err
			}
			if commons.CanManageOrganization(role) {
				return true, nil
			}
		}
	}
	return false, nil
}

func (a *App) manageActivity(ctx context.Context, actor *commons.User, id string) (commons.Activity, commons.Community, error) {
	if err := requireUser(actor); err != nil {
		return commons.Activity{}, commons.Community{}, err
	}
	act, err := a.Store.ActivityByID(ctx, id)
	if err != nil {
		return act, commons.Community{}, err
	}
	c, err := a.Store.CommunityByID(ctx, act.CommunityID)
	if err != nil {
		return act, c, err
	}
	if ok, err := a.CanManageActivity(ctx, actor, act); err != nil {
		return act, c, err
	} else if !ok {
		return act, c, commons.Forbidden()
	}
	return act, c, nil
}

// CancelOccurrence cancels one occurrence (its organizers), frees its
// venue and tells everyone registered or waiting.
func (a *App) CancelOccurrence(ctx context.Context, actor *commons.User, id string) error {
	act, c, err := a.manageActivity(ctx, actor, id)
	if err != nil {
		return err
	}
	return a.Store.CancelOccurrence(ctx, act, actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityCancelled,
			Link: "/c/" + c.Slug + "/activities/" + act.ID, Args: map[string]string{"Title": act.Title,
				"Start": act.StartsAt.In(location(c)).Format("2006-01-02 15:04")}}
	})
}

// MoveOccurrence gives one occurrence another time (its organizers); the
// venue's booking moves with it, checked again, and everyone registered
// or waiting is told.
func (a *App) MoveOccurrence(ctx context.Context, actor *commons.User, id string, start, end time.Time) (commons.Activity, error) {
	act, c, err := a.manageActivity(ctx, actor, id)
	if err != nil {
		return act, err
	}
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
		nb, _, err := a.venueBooking(ctx, actor, c, r, []commons.TimeSlot{slot}, act.Title)
		if err != nil {
			return act, err
		}
		fair = nb.Fair
	}
	loc := location(c)
	err = a.Store.MoveOccurrence(ctx, act, slot, fair, actor.ID, func(u string) commons.Notification {
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivityMoved,
			Link: "/c/" + c.Slug + "/activities/" + act.ID, Args: map[string]string{"Title": act.Title,
				"Start": start.In(loc).Format("2006-01-02 15:04")}}
	})
	if err != nil {
		return act, err
	}
	return a.Store.ActivityByID(ctx, id)
}

// MyActivities lists the occurrences the actor registered or waits for,
// from a day ago on.
func (a *App) MyActivities(ctx context.Context, actor *commons.User) ([]commons.Activity, []commons.RegistrationStatus, error) {
	if err := requireUser(actor); err != nil {
		return nil, nil, err
	}
	return a.Store.UserActivities(ctx, actor.ID, a.Now().Add(-24*time.Hour))
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
func (a *App) Propose(ctx context.Context, actor *commons.User, slug, title, description string, themes []string) (commons.Proposal, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return commons.Proposal{}, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPropose); err != nil {
		return commons.Proposal{}, err
	}
	p := commons.Proposal{CommunityID: c.ID, Title: strings.TrimSpace(title), Description: strings.TrimSpace(description),
		Themes: commons.SplitList(strings.Join(themes, ",")), CreatedBy: actor.ID}
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

// Proposal returns a proposal of a community with the people behind it.
func (a *App) Proposal(ctx context.Context, c commons.Community, id string) (commons.Proposal, error) {
	p, err := a.Store.ProposalByID(ctx, id)
	if err == nil && p.CommunityID != c.ID {
		return p, commons.NotFound()
	}
	return p, err
}

// ProposalByID returns any proposal by its id; proposals are public.
func (a *App) ProposalByID(ctx context.Context, id string) (commons.Proposal, error) {
	return a.Store.ProposalByID(ctx, id)
}

// Proposals lists a community's proposals with how many want to learn.
func (a *App) Proposals(ctx context.Context, c commons.Community) ([]commons.Proposal, []int, error) {
	return a.Store.Proposals(ctx, c.ID)
}

// BackProposal adds the actor's interest: to learn, to teach, or to host
// (with the place they offer, which they must be able to book).
func (a *App) BackProposal(ctx context.Context, actor *commons.User, id string, role commons.InterestRole, resourceID, note string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	p, err := a.Store.ProposalByID(ctx, id)
	if err != nil {
		return err
	}
	c, err := a.Store.CommunityByID(ctx, p.CommunityID)
	if err != nil {
		return err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPropose); err != nil {
		return err
	}
	if p.ActivityID != "" {
		return commons.Errorf(commons.CodeConflict, "error.proposal.taken")
	}
	note = strings.TrimSpace(note)
	var v commons.Validator
	commons.OneOf(&v, "role", role, commons.InterestRoles)
	v.Line("note", note, false, commons.MaxShortTextLen)
	if role == commons.InterestHost {
		if resourceID == "" {
			v.Fail("resource_id", commons.Msg("error.field.required"))
		} else if r, err := a.ResourceIn(ctx, c, resourceID); err != nil || r.Kind != commons.KindSpace || !r.Bookable {
			v.Fail("resource_id", commons.Msg("error.activity.venue_not_space"))
		}
	} else {
		resourceID = ""
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.AddInterest(ctx, c.ID, p.ID, commons.ProposalInterest{UserID: actor.ID, Role: role, ResourceID: resourceID, Note: note})
}

// WithdrawInterest takes the actor's backing in a role back.
func (a *App) WithdrawInterest(ctx context.Context, actor *commons.User, id string, role commons.InterestRole) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	p, err := a.Store.ProposalByID(ctx, id)
	if err != nil {
		return err
	}
	return a.Store.RemoveInterest(ctx, p.CommunityID, p.ID, actor.ID, role)
}

// SaveLearningProfile replaces what the actor can teach, wants to learn
// and speaks, in a community they belong to.
func (a *App) SaveLearningProfile(ctx context.Context, actor *commons.User, slug string, p commons.LearningProfile) (commons.LearningProfile, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return p, err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPropose); err != nil {
		return p, err
	}
	p.CommunityID, p.UserID, p.Name = c.ID, actor.ID, actor.Name
	var v commons.Validator
	p.Validate(&v)
	if err := v.Err(); err != nil {
		return p, err
	}
	return p, a.Store.SaveLearningProfile(ctx, p)
}

// LearningProfile returns a member's profile in a community.
func (a *App) LearningProfile(ctx context.Context, c commons.Community, userID string) (commons.LearningProfile, error) {
	return a.Store.LearningProfile(ctx, c.ID, userID)
}

// Teachers answers "who can teach X" in a community.
func (a *App) Teachers(ctx context.Context, c commons.Community, q string) ([]commons.LearningProfile, error) {
	var v commons.Validator
	v.Line("q", q, false, 100)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return a.Store.Teachers(ctx, c.ID, q)
}

// Registration is one person's place at an occurrence.
type Registration = store.Registration
