package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// hoursLink is the page where a volunteer reads their own logs;
// toConfirmLink the one where confirmers decide.
func hoursLink(c commons.Community) string     { return "/c/" + c.Slug + "/hours/mine" }
func toConfirmLink(c commons.Community) string { return "/c/" + c.Slug + "/hours/to-confirm" }

// mayReadHoursNames decides whether a reader sees the totals by person, a
// list of everyone who gave time: active members do. One person's hours
// and names on logs follow commons.MayShowPerson (app.people), so a
// person who chose to be public is shown to visitors too.
func mayReadHoursNames(s Scope) bool { return s.May.ReadMembersOnly }

// blankHoursNames keeps the names of people in a log from readers who may
// not see them.
func (a *App) blankHoursNames(ctx context.Context, s Scope, e *commons.HourEntry) error {
	ids := []string{e.UserID}
	if e.For == commons.HoursForPerson {
		ids = append(ids, e.ForID)
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return err
	}
	people.name(e.UserID, &e.UserName)
	if e.For == commons.HoursForPerson {
		people.name(e.ForID, &e.ForName)
	}
	return nil
}

// mayReadPersonsHours reports whether the reader may see one person's
// confirmed hours: whoever may see the person (commons.MayShowPerson); to
// others that person is not found, as their member page is not.
func (a *App) mayReadPersonsHours(ctx context.Context, s Scope, userID string) error {
	people, err := a.people(ctx, s, userID)
	if err != nil {
		return err
	}
	if !people.shows(userID) {
		return commons.NotFound()
	}
	return nil
}

// HoursView is a log of hours as a reader sees it, with what they may do.
type HoursView struct {
	commons.HourEntry
	May HoursMay
}

// HoursMay answers the rules about one log for the reader.
type HoursMay struct {
	// Decide: confirm, ask or decline (commons.MayDecideHours). Answer:
	// reply to a question (commons.MayAnswerHours).
	Decide, Answer bool
}

// HoursPage is what the hours overview shows: the totals, and what the
// reader may do.
type HoursPage struct {
	Totals commons.HoursTotals
	// Log: the reader may log time (commons.MayLogHours). ReadNames: the
	// totals by person are shown (mayReadHoursNames).
	Log, ReadNames bool
}

// HoursTotals counts a community's confirmed hours (or those of one
// initiative, organization or person, as the filter says). Totals are
// public; the totals by person are for readers who may see names.
func (a *App) HoursTotals(ctx context.Context, s Scope, f commons.HoursFilter) (HoursPage, error) {
	if err := a.checkHoursFilter(f); err != nil {
		return HoursPage{}, err
	}
	if f.UserID != "" {
		if err := a.mayReadPersonsHours(ctx, s, f.UserID); err != nil {
			return HoursPage{}, err // a person's totals carry their name
		}
	}
	t, err := a.Store.HoursTotals(ctx, s.Community.ID, f)
	p := HoursPage{Totals: t, Log: commons.MayLogHours(s.Member), ReadNames: mayReadHoursNames(s)}
	if !p.ReadNames {
		p.Totals.ByPerson = nil
	}
	return p, err
}

func (a *App) checkHoursFilter(f commons.HoursFilter) error {
	var v commons.Validator
	if f.For != "" {
		commons.OneOf(&v, "for", f.For, commons.HoursFors)
	}
	if f.Status != "" {
		commons.OneOf(&v, "status", f.Status, commons.HoursStatuses)
	}
	return v.Err()
}

// Hours lists logs of hours, with what the reader may do to each. The logs
// carry names and words, so they are for active members, and one person's
// confirmed logs for whoever may see that person; of other people they
// see confirmed time only, unless the logs wait for their decision
// (f.AwaitingUserID set to themselves).
func (a *App) Hours(ctx context.Context, s Scope, f commons.HoursFilter) ([]HoursView, string, error) {
	if f.UserID != "" && f.AwaitingUserID == "" && !commons.IsActiveMember(s.Member) {
		if err := a.mayReadPersonsHours(ctx, s, f.UserID); err != nil {
			return nil, "", err
		}
	} else if err := s.RequireMember(); err != nil {
		return nil, "", err
	}
	if err := a.checkHoursFilter(f); err != nil {
		return nil, "", err
	}
	switch {
	case f.AwaitingUserID != "" && f.AwaitingUserID != s.ActorID():
		return nil, "", commons.Forbidden()
	case f.AwaitingUserID == "" && f.UserID != s.ActorID():
		if f.Status != "" && f.Status != commons.HoursConfirmed {
			return nil, "", commons.Forbidden()
		}
		f.Status = commons.HoursConfirmed
	}
	list, next, err := a.Store.ListHours(ctx, s.Community.ID, f)
	if err != nil {
		return nil, "", err
	}
	out := make([]HoursView, 0, len(list))
	for _, e := range list {
		v, err := a.hoursView(ctx, s, e)
		if err != nil {
			return nil, "", err
		}
		out = append(out, v)
	}
	return out, next, nil
}

func (a *App) hoursView(ctx context.Context, s Scope, e commons.HourEntry) (HoursView, error) {
	v := HoursView{HourEntry: e, May: HoursMay{Answer: commons.MayAnswerHours(e, s.ActorID())}}
	if e.Status == commons.HoursPending || e.Status == commons.HoursQueried {
		answers, err := a.answersForHours(ctx, s, e)
		if err != nil {
			return v, err
		}
		v.May.Decide = commons.MayDecideHours(e, s.ActorID(), answers)
	}
	return v, a.blankHoursNames(ctx, s, &v.HourEntry)
}

// HoursByID returns one log of the community: to the volunteer, to those
// who answer for what it was given to, and, once confirmed, to members.
func (a *App) HoursByID(ctx context.Context, s Scope, id string) (HoursView, error) {
	if s.Actor == nil {
		return HoursView{}, commons.Unauthenticated()
	}
	e, err := a.Store.HoursByID(ctx, id)
	if err == nil && e.CommunityID != s.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		return HoursView{}, err
	}
	answers, err := a.answersForHours(ctx, s, e)
	if err != nil {
		return HoursView{}, err
	}
	if e.UserID != s.Actor.ID && !answers && (e.Status != commons.HoursConfirmed || !s.May.ReadMembersOnly) {
		return HoursView{}, commons.NotFound()
	}
	return a.hoursView(ctx, s, e)
}

// answersForHours finds the facts commons.AnswersForHours decides from.
func (a *App) answersForHours(ctx context.Context, s Scope, e commons.HourEntry) (bool, error) {
	if s.Actor == nil {
		return false, nil
	}
	runs, role := false, commons.OrgRole("")
	switch e.For {
	case commons.HoursForInitiative:
		i, err := a.initiativeIn(ctx, s, e.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		runs = commons.CanRunInitiative(&i, s.Actor.ID)
	case commons.HoursForActivity:
		act, err := a.activityIn(ctx, s, e.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if runs, err = a.manages(ctx, s, act); err != nil {
			return false, err
		}
	case commons.HoursForOrganization:
		var err error
		if role, err = a.Store.OrgRole(ctx, s.Community.ID, e.ForID, s.Actor.ID); err != nil {
			return false, err
		}
	}
	return commons.AnswersForHours(e, s.Actor.ID, runs, role), nil
}

// hoursTarget checks what time is logged for: a thing of this community
// (an initiative, an activity, an organization) or an active member other
// than the volunteer. It returns the thing's name and who answers for it,
// to be told.
func (a *App) hoursTarget(ctx context.Context, s Scope, f commons.HoursFields, volunteerIDs []string) (string, []string, error) {
	c := s.Community
	unknown := invalid("for_id", commons.Msg("error.hours.unknown_target"))
	switch f.For {
	case commons.HoursForInitiative:
		i, err := a.initiativeIn(ctx, s, f.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return "", nil, unknown
		}
		var team []string
		for _, m := range i.Team {
			team = append(team, m.UserID)
		}
		return i.Title, team, err
	case commons.HoursForActivity:
		act, err := a.activityIn(ctx, s, f.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return "", nil, unknown
		}
		if err != nil {
			return "", nil, err
		}
		who := []string{act.CreatedBy}
		for _, o := range act.Organizers {
			if o.UserID != "" {
				who = append(who, o.UserID)
			} else if o.OrganizationID != "" {
				admins, err := a.orgAdmins(ctx, c.ID, o.OrganizationID)
				if err != nil {
					return "", nil, err
				}
				who = append(who, admins...)
			}
		}
		return act.Title, who, nil
	case commons.HoursForOrganization:
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, f.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return "", nil, unknown
		}
		if err != nil {
			return "", nil, err
		}
		admins, err := a.orgAdmins(ctx, c.ID, o.ID)
		return o.Name, admins, err
	case commons.HoursForPerson:
		for _, id := range volunteerIDs {
			if id == f.ForID {
				return "", nil, invalid("for_id", commons.Msg("error.hours.to_oneself"))
			}
		}
		m, err := a.Store.Member(ctx, c.ID, f.ForID)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
			return "", nil, unknown
		}
		return m.Name, []string{f.ForID}, err
	}
	return "", nil, unknown
}

func (a *App) orgAdmins(ctx context.Context, communityID, orgID string) ([]string, error) {
	ms, err := a.Store.OrgMembers(ctx, communityID, orgID)
	var out []string
	for _, m := range ms {
		if commons.CanManageOrganization(m.Role) {
			out = append(out, m.UserID)
		}
	}
	return out, err
}

// checkHours normalises and validates a log's fields, its target and the
// organization it went through, which the recorder must belong to unless
// the time was given to that organization itself.
func (a *App) checkHours(ctx context.Context, s Scope, f *commons.HoursFields, volunteerIDs []string) (string, commons.Organization, []string, error) {
	f.Normalize()
	themes, err := a.Store.CommunityThemes(ctx, s.Community.ID)
	if err != nil {
		return "", commons.Organization{}, nil, err
	}
	var v commons.Validator
	f.Validate(&v, a.today(s.Community), themes)
	if err := v.Err(); err != nil {
		return "", commons.Organization{}, nil, err
	}
	name, confirmers, err := a.hoursTarget(ctx, s, *f, volunteerIDs)
	if err != nil {
		return "", commons.Organization{}, nil, err
	}
	var o commons.Organization
	if f.OrgID != "" {
		o, err = a.Store.OrganizationInCommunity(ctx, s.Community.ID, f.OrgID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return "", o, nil, invalid("organization_id", commons.Msg("error.hours.unknown_org"))
		}
		if err != nil {
			return "", o, nil, err
		}
		if !(f.For == commons.HoursForOrganization && f.ForID == o.ID) {
			role, err := a.Store.OrgRole(ctx, s.Community.ID, o.ID, s.Actor.ID)
			if err != nil {
				return "", o, nil, err
			}
			if role == "" {
				return "", o, nil, invalid("organization_id", commons.Msg("error.hours.not_in_org"))
			}
		}
	}
	return name, o, confirmers, nil
}

// LogHours records time the actor gave (commons.MayLogHours). It waits
// for confirmation by those who answer for what it was given to, who hear
// of it at once.
func (a *App) LogHours(ctx context.Context, s Scope, f commons.HoursFields) (HoursView, error) {
	if s.Actor == nil {
		return HoursView{}, commons.Unauthenticated()
	}
	if !commons.MayLogHours(s.Member) {
		return HoursView{}, commons.Forbidden()
	}
	name, _, confirmers, err := a.checkHours(ctx, s, &f, []string{s.Actor.ID})
	if err != nil {
		return HoursView{}, err
	}
	e := commons.HourEntry{CommunityID: s.Community.ID, UserID: s.Actor.ID, UserName: s.Actor.Name, For: f.For, ForID: f.ForID,
		OrgID: f.OrgID, Date: f.Date, Minutes: f.Minutes, What: f.What, Theme: f.Theme, Status: commons.HoursPending, RecordedBy: s.Actor.ID}
	var notes []commons.Notification
	told := map[string]bool{s.Actor.ID: true}
	for _, id := range confirmers {
		if id != "" && !told[id] {
			told[id] = true
			notes = append(notes, commons.Notification{UserID: id, CommunityID: s.Community.ID, Kind: commons.NotifyHoursLogged,
				Args: map[string]string{"Who": s.Actor.Name, "Hours": formatHours(f.Minutes), "For": name}, Link: toConfirmLink(s.Community)})
		}
	}
	saved, err := a.Store.LogHours(ctx, []commons.HourEntry{e}, notes)
	if err != nil {
		return HoursView{}, err
	}
	return a.HoursByID(ctx, s, saved[0].ID)
}

// formatHours writes minutes as hours for a notification, in figures
// every language reads (2.5, 1.25).
func formatHours(minutes int) string {
	return strconv.FormatFloat(float64(minutes)/60, 'f', -1, 64)
}

// VolunteerDay is time several people gave together, recorded by one who
// answers for what it was given to.
type VolunteerDay struct {
	commons.HoursFields
	UserIDs []string
}

// RecordVolunteerDay records the same time for several people at once (a
// volunteer day). Only one who answers for what the time was given to may
// (commons.AnswersForHours), and their word confirms the others' time at
// once; their own time, if they list themselves, waits for someone else,
// since nobody confirms their own hours. Every person must be an active
// member; each hears that their time was recorded.
func (a *App) RecordVolunteerDay(ctx context.Context, s Scope, d VolunteerDay) ([]HoursView, error) {
	if s.Actor == nil {
		return nil, commons.Unauthenticated()
	}
	if !commons.MayLogHours(s.Member) {
		return nil, commons.Forbidden()
	}
	var ids []string
	seen := map[string]bool{}
	for _, id := range d.UserIDs {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		return nil, invalid("user_ids", commons.Msg("error.hours.no_people"))
	case len(ids) > commons.MaxVolunteerDayPeople:
		return nil, invalid("user_ids", commons.Msg("error.field.too_many", "Max", commons.MaxVolunteerDayPeople))
	}
	name, _, confirmers, err := a.checkHours(ctx, s, &d.HoursFields, ids)
	if err != nil {
		return nil, err
	}
	probe := commons.HourEntry{For: d.For, ForID: d.ForID}
	if answers, err := a.answersForHours(ctx, s, probe); err != nil {
		return nil, err
	} else if !answers {
		return nil, commons.Forbidden()
	}
	c := s.Community
	var entries []commons.HourEntry
	var notes []commons.Notification
	for _, id := range ids {
		m, err := a.Store.Member(ctx, c.ID, id)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
			return nil, invalid("user_ids", commons.Msg("error.hours.not_member"))
		}
		if err != nil {
			return nil, err
		}
		e := commons.HourEntry{CommunityID: c.ID, UserID: id, UserName: m.Name, For: d.For, ForID: d.ForID, OrgID: d.OrgID,
			Date: d.Date, Minutes: d.Minutes, What: d.What, Theme: d.Theme, Status: commons.HoursConfirmed, DecidedBy: s.Actor.ID, RecordedBy: s.Actor.ID}
		if id == s.Actor.ID {
			e.Status, e.DecidedBy = commons.HoursPending, ""
			for _, other := range confirmers {
				if other != "" && other != s.Actor.ID {
					notes = append(notes, commons.Notification{UserID: other, CommunityID: c.ID, Kind: commons.NotifyHoursLogged,
						Args: map[string]string{"Who": s.Actor.Name, "Hours": formatHours(d.Minutes), "For": name}, Link: toConfirmLink(c)})
				}
			}
		} else {
			notes = append(notes, commons.Notification{UserID: id, CommunityID: c.ID, Kind: commons.NotifyHoursConfirmed,
				Args: map[string]string{"Hours": formatHours(d.Minutes), "For": name, "Date": d.Date}, Link: hoursLink(c)})
		}
		entries = append(entries, e)
	}
	saved, err := a.Store.LogHours(ctx, entries, notes)
	if err != nil {
		return nil, err
	}
	a.awardByHours(ctx, c, ids)
	out := make([]HoursView, 0, len(saved))
	for _, e := range saved {
		v, err := a.HoursByID(ctx, s, e.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// DecideHours confirms a log of hours, asks its volunteer a question about
// it, or declines it (commons.MayDecideHours: never one's own). The
// volunteer hears of it.
func (a *App) DecideHours(ctx context.Context, s Scope, id string, d commons.HoursDecision, question string) (HoursView, error) {
	v, err := a.HoursByID(ctx, s, id)
	if err != nil {
		return v, err
	}
	var val commons.Validator
	commons.OneOf(&val, "decision", d, commons.HoursDecisions)
	question = strings.TrimSpace(question)
	if d == commons.HoursAsk {
		val.Text("question", question, true, commons.MaxHoursWhatLen)
	} else {
		question = v.Question
	}
	if err := val.Err(); err != nil {
		return v, err
	}
	if !v.May.Decide {
		if v.Status == commons.HoursConfirmed || v.Status == commons.HoursDeclined {
			return v, commons.Errorf(commons.CodeConflict, "error.hours.decided")
		}
		if v.UserID == s.Actor.ID {
			return v, commons.Errorf(commons.CodeForbidden, "error.hours.own")
		}
		return v, commons.Forbidden()
	}
	c := s.Community
	kind := map[commons.HoursDecision]string{commons.HoursConfirm: commons.NotifyHoursConfirmed,
		commons.HoursAsk: commons.NotifyHoursQueried, commons.HoursDecline: commons.NotifyHoursDeclined}[d]
	e, err := a.Store.HoursByID(ctx, id)
	if err != nil {
		return v, err
	}
	note := commons.Notification{UserID: e.UserID, CommunityID: c.ID, Kind: kind,
		Args: map[string]string{"Hours": formatHours(e.Minutes), "For": e.ForName, "Date": e.Date}, Link: hoursLink(c)}
	if err := a.Store.DecideHours(ctx, e, d.Status(), question, s.Actor.ID, note); err != nil {
		return v, err
	}
	if d == commons.HoursConfirm {
		a.awardByHours(ctx, c, []string{e.UserID})
	}
	return a.HoursByID(ctx, s, id)
}

// AnswerHours is the volunteer's reply to a question about their log,
// which then waits for a decision again; whoever asked hears of it.
func (a *App) AnswerHours(ctx context.Context, s Scope, id, answer string) (HoursView, error) {
	v, err := a.HoursByID(ctx, s, id)
	if err != nil {
		return v, err
	}
	answer = strings.TrimSpace(answer)
	var val commons.Validator
	val.Text("answer", answer, true, commons.MaxHoursWhatLen)
	if err := val.Err(); err != nil {
		return v, err
	}
	if !commons.MayAnswerHours(v.HourEntry, s.Actor.ID) {
		if v.UserID != s.Actor.ID {
			return v, commons.Forbidden()
		}
		return v, commons.Errorf(commons.CodeConflict, "error.hours.not_queried")
	}
	var note commons.Notification
	if v.DecidedBy != "" && v.DecidedBy != s.Actor.ID {
		note = commons.Notification{UserID: v.DecidedBy, CommunityID: s.Community.ID, Kind: commons.NotifyHoursAnswered,
			Args: map[string]string{"Who": s.Actor.Name, "For": v.ForName}, Link: toConfirmLink(s.Community)}
	}
	if err := a.Store.AnswerHours(ctx, v.HourEntry, answer, note); err != nil {
		return v, err
	}
	return a.HoursByID(ctx, s, id)
}

// HoursOptions are what the log form offers: the things of the community
// time may be given to, the organizations the actor may give it through,
// the people they may give it to, and the themes.
type HoursOptions struct {
	Initiatives   []commons.Initiative
	Activities    []commons.Activity
	Organizations []commons.Organization
	MyOrgs        []commons.Organization
	People        []commons.Member
	Themes        []string
	Today         string
	// Answers says, by "kind:id", what the actor answers for
	// (commons.AnswersForHours): where they may record a volunteer day.
	Answers map[string]bool
}

// HoursOptions lists them for a person who may log hours; activities are
// those of the last MaxHoursAgeDays days, the latest first.
func (a *App) HoursOptions(ctx context.Context, s Scope) (HoursOptions, error) {
	var o HoursOptions
	if s.Actor == nil {
		return o, commons.Unauthenticated()
	}
	if !commons.MayLogHours(s.Member) {
		return o, commons.Forbidden()
	}
	c := s.Community
	o.Today = a.today(c)
	var err error
	if o.Themes, err = a.Themes(ctx, s); err != nil {
		return o, err
	}
	if o.Initiatives, _, err = a.Store.ListInitiatives(ctx, c.ID, commons.InitiativeFilter{Page: commons.Page{Limit: commons.MaxPageSize}}); err != nil {
		return o, err
	}
	now := a.Now()
	acts, err := a.Store.ListActivities(ctx, c.ID, store.ActivityFilter{From: now.AddDate(0, 0, -commons.MaxHoursAgeDays), To: now.Add(24 * time.Hour), Limit: 1000})
	if err != nil {
		return o, err
	}
	for i := len(acts) - 1; i >= 0 && len(o.Activities) < 100; i-- {
		o.Activities = append(o.Activities, acts[i])
	}
	if o.Organizations, _, err = a.Store.ListOrganizations(ctx, c.ID, commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize}}); err != nil {
		return o, err
	}
	if o.MyOrgs, _, err = a.Store.UserOrganizations(ctx, c.ID, s.Actor.ID); err != nil {
		return o, err
	}
	ms, _, err := a.Store.Members(ctx, c.ID, commons.MemberActive, commons.Page{Limit: commons.MaxPageSize})
	if err != nil {
		return o, err
	}
	o.People = ms
	o.Answers = map[string]bool{}
	// The directory's initiatives come without their teams: the actor's
	// own places on teams answer commons.CanRunInitiative for all of them.
	team, err := a.Store.TeamInitiativeIDs(ctx, c.ID, s.Actor.ID)
	if err != nil {
		return o, err
	}
	for _, i := range o.Initiatives {
		e := commons.HourEntry{For: commons.HoursForInitiative, ForID: i.ID}
		o.Answers["initiative:"+i.ID] = commons.AnswersForHours(e, s.Actor.ID, team[i.ID], "")
	}
	for _, act := range o.Activities {
		runs, err := a.manages(ctx, s, act)
		if err != nil {
			return o, err
		}
		e := commons.HourEntry{For: commons.HoursForActivity, ForID: act.ID}
		o.Answers["activity:"+act.ID] = commons.AnswersForHours(e, s.Actor.ID, runs, "")
	}
	_, roles, err := a.Store.UserOrganizations(ctx, c.ID, s.Actor.ID)
	for n, org := range o.MyOrgs {
		if n < len(roles) {
			e := commons.HourEntry{For: commons.HoursForOrganization, ForID: org.ID}
			o.Answers["organization:"+org.ID] = commons.AnswersForHours(e, s.Actor.ID, false, roles[n])
		}
	}
	return o, err
}
