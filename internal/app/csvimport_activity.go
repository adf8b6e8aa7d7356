package app

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// activitySeries is a community's activities series by series: the first
// occurrence of each (what a row describes) and every occurrence.
type activitySeries struct {
	first map[string]commons.Activity   // by series id
	all   map[string][]commons.Activity // by series id, in time order
	of    map[string]string             // series id by occurrence id
	order []string                      // series ids in the store's order
}

func (a *App) activitySeries(ctx context.Context, s Scope) (activitySeries, error) {
	acts, err := a.Store.AllActivities(ctx, s.Community.ID)
	if err != nil {
		return activitySeries{}, err
	}
	as := activitySeries{first: map[string]commons.Activity{}, all: map[string][]commons.Activity{}, of: map[string]string{}}
	for _, act := range acts {
		if _, ok := as.first[act.SeriesID]; !ok {
			as.first[act.SeriesID] = act
			as.order = append(as.order, act.SeriesID)
		}
		as.all[act.SeriesID] = append(as.all[act.SeriesID], act)
		as.of[act.ID] = act.SeriesID
	}
	return as, nil
}

// activityKey is an activity's natural key: its title and first start.
func activityKey(title string, start time.Time) string {
	return strings.ToLower(strings.TrimSpace(title)) + "\x00" + start.UTC().Format(time.RFC3339)
}

// seriesOrganization is the name of the first organization that runs a
// series, "" when people alone run it.
func seriesOrganization(act commons.Activity, names map[string]string) string {
	for _, o := range act.Organizers {
		if o.OrganizationID != "" {
			return names[o.OrganizationID]
		}
	}
	return ""
}

// venueNames names each resource in a row: by its title, or by its id
// where two resources share a title.
func venueNames(rs []commons.Resource) (byName map[string][]commons.Resource, name map[string]string) {
	byName, name = map[string][]commons.Resource{}, map[string]string{}
	for _, r := range rs {
		byName[strings.ToLower(r.Title)] = append(byName[strings.ToLower(r.Title)], r)
	}
	for _, r := range rs {
		name[r.ID] = r.Title
		if len(byName[strings.ToLower(r.Title)]) > 1 {
			name[r.ID] = r.ID
		}
	}
	return byName, name
}

// planActivities plans rows of activities: a new one by every rule
// CreateActivity applies (its venue booked for every occurrence), a
// change to one that exists by EditActivity's (its organizers only, on the
// occurrences still to come; its times, venue, kind and organizers stay).
func (a *App) planActivities(ctx context.Context, s Scope, rows []map[string]string) ([]ImportRow, store.ImportBatch, error) {
	var batch store.ImportBatch
	if err := s.Require(commons.ActionPublishActivity); err != nil {
		return nil, batch, err
	}
	c, loc := s.Community, location(s.Community)
	orgByName, orgName, err := a.organizationNames(ctx, c)
	if err != nil {
		return nil, batch, err
	}
	resources, _, err := a.Store.AllResources(ctx, c.ID, false)
	if err != nil {
		return nil, batch, err
	}
	venueByName, venueName := venueNames(resources)
	as, err := a.activitySeries(ctx, s)
	if err != nil {
		return nil, batch, err
	}
	byKey := map[string]commons.Activity{}
	for _, id := range as.order {
		f := as.first[id]
		byKey[activityKey(f.Title, f.StartsAt)] = f
	}
	now := a.Now()
	var fatal error
	booked := venueSlots{}
	out := planRows(rows, func(i int, r *ImportRow, cells map[string]string, keys rowKeys) {
		if fatal != nil {
			return
		}
		id, title := strings.TrimSpace(cells["id"]), strings.TrimSpace(cells["title"])
		r.Key = title
		var base commons.Activity
		found := id != ""
		if found {
			series, ok := as.of[id]
			if !ok {
				refuse(r, "id", commons.Msg("csvimport.error.no_such_id"))
				return
			}
			base = as.first[series]
		} else if start, ok := commons.ParseCSVTime(cells["starts"], loc); ok {
			base, found = byKey[activityKey(title, start)]
		}
		key := "new:" + strings.ToLower(title) + "\x00" + strings.TrimSpace(cells["starts"])
		if found {
			key = "id:" + base.SeriesID
		}
		if prev, ok := keys.claim(key, i); !ok {
			refuse(r, "", commons.Msg("csvimport.error.duplicate", "Row", prev+1))
			return
		}
		f, problems := commons.ActivityFromCells(cells, base, loc)
		if r.Key == "" {
			r.Key = f.Title
		}
		orgID := ""
		if v := strings.TrimSpace(cells["organization"]); v != "" {
			if o, ok := orgByName[strings.ToLower(v)]; ok {
				orgID = o.ID
			} else if _, ok := orgName[v]; ok {
				orgID = v
			} else {
				problems["organization"] = commons.Msg("csvimport.error.no_such_organization", "Name", v)
			}
		}
		if v := strings.TrimSpace(cells["venue"]); v != "" {
			switch vs := venueByName[strings.ToLower(v)]; {
			case len(vs) == 1:
				f.ResourceID = vs[0].ID
			case len(vs) > 1:
				problems["venue"] = commons.Msg("csvimport.error.venue_twice", "Name", v)
			case venueName[v] != "":
				f.ResourceID = v
			default:
				problems["venue"] = commons.Msg("csvimport.error.no_such_venue", "Name", v)
			}
		} else if _, ok := cells["venue"]; ok {
			f.ResourceID = ""
		}
		if len(problems) > 0 {
			refuseAll(r, problems, nil, nil)
			return
		}
		if !found {
			if orgID != "" {
				f.OrganizationIDs = []string{orgID}
			}
			na, venue, usedTrust, err := a.newActivity(ctx, s, f)
			if commons.CodeOf(err) == commons.CodeInternal {
				fatal = err
				return
			} else if err != nil {
				refuseAll(r, problems, err, commons.ActivityColumnOf)
				return
			}
			// The store would refuse the whole batch for a row booking a
			// room already taken then, or for two rows booking one room
			// at once: the row, or the later of the two, is refused here.
			if na.Venue != nil {
				clash, err := a.Store.ConflictingSlots(ctx, c.ID, venue.ID, na.Slots)
				if err != nil {
					fatal = err
					return
				}
				if len(clash) > 0 {
					refuse(r, "venue", commons.Msg("error.booking.overlap"))
					return
				}
				if prev, ok := booked.claim(venue.ID, na.Slots, i); !ok {
					refuse(r, "venue", commons.Msg("csvimport.error.venue_clash_row", "Row", prev+1))
					return
				}
			}
			r.Outcome = commons.OutcomeCreated
			batch.NewActivities = append(batch.NewActivities, na)
			if usedTrust {
				batch.TrustedVenues = append(batch.TrustedVenues, venue.ID)
			}
			return
		}
		a.planActivityEdit(ctx, s, r, &batch, as.all[base.SeriesID], f, now, func(act commons.Activity) map[string]string {
			return commons.ActivityCells(act, seriesOrganization(act, orgName), venueName[act.ResourceID], loc)
		}, orgChanged(cells, base, orgID), &fatal)
	})
	return out, batch, fatal
}

// venueSlots are the times the rows of a file book each venue for, by
// venue and UTC day (a slot under every day it touches), so that a row
// booking a venue another row holds then is caught before the store
// refuses them together, without comparing every slot of the file.
type venueSlots map[venueDay][]rowSlot

type venueDay struct {
	venue string
	day   int64
}

type rowSlot struct {
	slot commons.TimeSlot
	row  int
}

// days are the UTC days a slot touches.
func days(sl commons.TimeSlot) []int64 {
	const day = 24 * 60 * 60
	var out []int64
	for d := sl.Start.Unix() / day; d <= sl.End.Add(-time.Nanosecond).Unix()/day; d++ {
		out = append(out, d)
	}
	return out
}

// claim books a row's slots of a venue, or says which earlier row holds
// one of those times.
func (v venueSlots) claim(venueID string, slots []commons.TimeSlot, row int) (int, bool) {
	for _, sl := range slots {
		for _, d := range days(sl) {
			for _, held := range v[venueDay{venueID, d}] {
				if held.slot.Overlaps(sl) {
					return held.row, false
				}
			}
		}
	}
	for _, sl := range slots {
		for _, d := range days(sl) {
			k := venueDay{venueID, d}
			v[k] = append(v[k], rowSlot{sl, row})
		}
	}
	return 0, true
}

// planActivityEdit plans the change of a series a row describes: only the
// columns of commons.ActivityEditColumns may differ, its organizers only
// may change it, and the change reaches its occurrences still to come.
func (a *App) planActivityEdit(ctx context.Context, s Scope, r *ImportRow, batch *store.ImportBatch, series []commons.Activity,
	f commons.ActivityFields, now time.Time, cellsOf func(commons.Activity) map[string]string, orgChanged bool, fatal *error) {
	base := series[0]
	if len(f.Languages) == 0 && len(s.Community.Languages) > 0 {
		f.Languages = s.Community.Languages[:1] // as EditActivity fills them
	}
	after := base
	after.Kind, after.Title, after.Description, after.Languages = f.Kind, f.Title, f.Description, f.Languages
	after.CostMinor, after.Currency, after.Accessibility, after.Capacity = f.CostMinor, f.Currency, f.Accessibility, f.Capacity
	after.ResourceID, after.OnlineURL, after.StartsAt, after.EndsAt = f.ResourceID, f.OnlineURL, f.StartsAt, f.EndsAt
	after.Recurrence = f.Recurrence
	if rule, err := commons.ParseRule(f.Recurrence, location(s.Community)); err == nil && f.Recurrence != "" {
		after.Recurrence = rule.String()
	}
	before, then := cellsOf(base), cellsOf(after)
	if orgChanged {
		then["organization"] = "\x00" // organizers stay as they are: refused below
	}
	r.Changed = commons.ChangedColumns(commons.ImportActivities, before, then)
	if len(r.Changed) == 0 {
		r.Outcome = commons.OutcomeUnchanged
		return
	}
	for _, col := range r.Changed {
		if !containsString(commons.ActivityEditColumns, col) {
			refuse(r, col, commons.Msg("csvimport.error.activity_fixed"))
		}
	}
	if r.Outcome == commons.OutcomeRefused {
		r.Changed = nil
		return
	}
	manages, err := a.manages(ctx, s, base)
	if err != nil {
		*fatal = err
		return
	}
	var ids []string
	for _, o := range series {
		if o.Status == commons.ActivityScheduled && o.EndsAt.After(now) {
			ids = append(ids, o.ID)
		}
	}
	if !manages {
		refuse(r, "", commons.Msg("csvimport.error.not_organizer"))
		return
	}
	if len(ids) == 0 {
		refuse(r, "", commons.Msg("csvimport.error.activity_over"))
		return
	}
	e := commons.ActivityEdit{Title: f.Title, Description: f.Description, Languages: f.Languages, CostMinor: f.CostMinor,
		Currency: f.Currency, Accessibility: f.Accessibility, Capacity: f.Capacity}
	e.Normalize()
	if len(e.Languages) == 0 && len(s.Community.Languages) > 0 {
		e.Languages = s.Community.Languages[:1]
	}
	var v commons.Validator
	e.Validate(&v)
	var venueCapacity *int
	if base.ResourceID != "" {
		venue, err := a.ResourceIn(ctx, s.Community, base.ResourceID)
		if err != nil {
			*fatal = err
			return
		}
		venueCapacity = venue.Capacity
	}
	for _, o := range series {
		if containsString(ids, o.ID) && v.Err() == nil {
			if err := commons.CapacityRefusal(e.Capacity, o.Registered, venueCapacity); err != nil {
				refuseAll(r, map[string]commons.Message{}, err, commons.ActivityColumnOf)
				return
			}
		}
	}
	if err := v.Err(); err != nil {
		refuseAll(r, map[string]commons.Message{}, err, commons.ActivityColumnOf)
		return
	}
	r.Outcome = commons.OutcomeUpdated
	batch.ActivityEdits = append(batch.ActivityEdits, store.ImportedActivityEdit{IDs: ids, Edit: e, VenueCapacity: venueCapacity,
		Notes: editNotes(s, base, e)})
}

// orgChanged tells whether a row's organization column names another
// organization than those running the series.
func orgChanged(cells map[string]string, act commons.Activity, orgID string) bool {
	if _, ok := cells["organization"]; !ok {
		return false
	}
	has := false
	for _, o := range act.Organizers {
		if o.OrganizationID != "" && (orgID == "" || o.OrganizationID == orgID) {
			has = true
		}
	}
	return has == (orgID == "")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// exportActivities writes a row per series, from its first occurrence,
// as the agenda shows it.
func (a *App) exportActivities(ctx context.Context, s Scope, line func(map[string]string)) error {
	_, names, err := a.organizationNames(ctx, s.Community)
	if err != nil {
		return err
	}
	resources, _, err := a.Store.AllResources(ctx, s.Community.ID, false)
	if err != nil {
		return err
	}
	_, venueName := venueNames(resources)
	as, err := a.activitySeries(ctx, s)
	if err != nil {
		return err
	}
	loc := location(s.Community)
	for _, id := range as.order {
		act := as.first[id]
		line(commons.ActivityCells(act, seriesOrganization(act, names), venueName[act.ResourceID], loc))
	}
	return nil
}

// planMembers plans rows of invitations by mail, made as Invite makes
// them: an address that is a member's already, or invited already, is
// unchanged and says so; a row without an address naming a member (as an
// export of the directory writes them) is unchanged too.
func (a *App) planMembers(ctx context.Context, s Scope, rows []map[string]string) ([]ImportRow, store.ImportBatch, error) {
	var batch store.ImportBatch
	if err := s.Require(commons.ActionInvite); err != nil {
		return nil, batch, err
	}
	known, err := a.Store.InvitedOrMember(ctx, s.Community.ID)
	if err != nil {
		return nil, batch, err
	}
	members, err := a.allMembers(ctx, s)
	if err != nil {
		return nil, batch, err
	}
	memberNames := map[string]bool{}
	for _, m := range members {
		memberNames[strings.ToLower(m.Name)] = true
	}
	orgByName, _, err := a.organizationNames(ctx, s.Community)
	if err != nil {
		return nil, batch, err
	}
	var fatal error
	out := planRows(rows, func(i int, r *ImportRow, cells map[string]string, keys rowKeys) {
		if fatal != nil {
			return
		}
		email, name := strings.TrimSpace(cells["email"]), strings.TrimSpace(cells["name"])
		r.Key = email
		if r.Key == "" {
			r.Key = name
		}
		key := "email:" + strings.ToLower(email)
		if email == "" {
			key = "name:" + strings.ToLower(name)
		}
		if prev, ok := keys.claim(key, i); !ok {
			refuse(r, "", commons.Msg("csvimport.error.duplicate", "Row", prev+1))
			return
		}
		switch {
		case email == "" && name != "" && memberNames[strings.ToLower(name)]:
			r.Outcome, r.Note = commons.OutcomeUnchanged, commons.Msg("csvimport.note.member")
			return
		case email == "":
			refuse(r, "email", commons.Msg("csvimport.error.email_needed"))
			return
		case known[strings.ToLower(email)] == "member":
			r.Outcome, r.Note = commons.OutcomeUnchanged, commons.Msg("csvimport.note.member")
			return
		case known[strings.ToLower(email)] == "invited":
			r.Outcome, r.Note = commons.OutcomeUnchanged, commons.Msg("csvimport.note.invited")
			return
		}
		n, problems := commons.InvitationFromCells(cells)
		orgName := ""
		if v := strings.TrimSpace(cells["organization"]); v != "" {
			o, ok := orgByName[strings.ToLower(v)]
			if !ok {
				problems["organization"] = commons.Msg("csvimport.error.no_such_organization", "Name", v)
			} else if _, err := a.manageOrganization(ctx, s, o.ID); commons.CodeOf(err) == commons.CodeInternal {
				fatal = err
				return
			} else if err != nil {
				problems["organization"] = commons.Msg("csvimport.error.not_organization_admin", "Name", o.Name)
			} else {
				n.OrganizationID, orgName = o.ID, o.Name
			}
		}
		if len(problems) > 0 {
			refuseAll(r, problems, nil, nil)
			return
		}
		secret, inv, m := a.invitation(s, n, orgName)
		r.Outcome = commons.OutcomeCreated
		batch.Invitations = append(batch.Invitations, store.ImportedInvitation{Invitation: inv, Secret: secret, Mail: m})
	})
	return out, batch, fatal
}

// allMembers is the member directory whole, as the reader sees it
// (Members): every active member for members, those with a public
// profile for everyone else.
func (a *App) allMembers(ctx context.Context, s Scope) ([]commons.Member, error) {
	var out []commons.Member
	p := commons.Page{Limit: commons.MaxPageSize}
	for {
		ms, next, err := a.Members(ctx, s, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
		if next == "" {
			return out, nil
		}
		p.Cursor = next
	}
}

// exportMembers writes the member directory as the reader sees it — names
// and roles, never an address, which the directory never shows — and,
// for those who may invite, the invitations by mail still open, with the
// address they went to, as the invitations page shows them.
func (a *App) exportMembers(ctx context.Context, s Scope, line func(map[string]string)) error {
	members, err := a.allMembers(ctx, s)
	if err != nil {
		return err
	}
	for _, m := range members {
		roles := make([]string, len(m.Roles))
		for i, r := range m.Roles {
			roles[i] = string(r)
		}
		line(commons.MemberCells("", m.Name, strings.Join(roles, "; "), "", "member"))
	}
	if !s.May.Invite {
		return nil
	}
	invs, err := a.Store.OpenInvitations(ctx, s.Community.ID)
	if err != nil {
		return err
	}
	for _, inv := range invs {
		if inv.Email != "" {
			line(commons.MemberCells(inv.Email, "", string(commons.RoleMember), inv.OrganizationName, "invited"))
		}
	}
	return nil
}
