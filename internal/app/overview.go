package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// overviewLimit bounds the lines of each section of the overview.
const overviewLimit = 20

// overviewMatchSeekers is how many of the oldest unmet needs and learning
// requests the overview finds a best match for: enough to act on today,
// few enough to keep the page fast.
const overviewMatchSeekers = 5

// OverviewLine is one line of the overview with where it is acted on.
type OverviewLine struct {
	store.OverviewLine
	Path string
}

// OverviewSection is one section of the overview.
type OverviewSection struct {
	Name  string
	Lines []OverviewLine
}

// BestMatch is the best suggestion, not yet acted on, for something that waits.
type BestMatch struct {
	Seeker commons.Seeker
	Path   string // the seeker's matches page
	Match  MatchView
}

// Overview is a learning champion's view of what waits in a community.
type Overview struct {
	Sections    []OverviewSection
	BestMatches []BestMatch
	// Brokered counts the suggestions acted on and what they led to.
	Brokered store.Brokered
	// ActionPoints are the open action points agreed in quality rounds,
	// the soonest due first (overdue ones marked).
	ActionPoints []ActionPointView
}

// overviewPath is where a line of a section is acted on.
func overviewPath(c commons.Community, section, id string) string {
	switch section {
	case "unmet_needs":
		return "/c/" + c.Slug + "/matches/need/" + id
	case "proposals_without_teacher":
		return "/c/" + c.Slug + "/matches/proposal/" + id
	case "booking_requests":
		return commons.PagePath(commons.SubjectResource, c.Slug, id)
	case "pledges_waiting":
		return initiativeLink(c, id)
	case "signatures_waiting", "overdue_commitments":
		return partnershipLink(c, id)
	case "applications":
		return "/c/" + c.Slug + "/applications"
	case "unvouched_newcomers":
		return "/c/" + c.Slug + "/members/" + id
	default: // quiet_organizations
		return commons.PagePath(commons.SubjectOrganization, c.Slug, id)
	}
}

// Overview gathers what waits in a community for its editors and stewards:
// unmet needs by age, learning requests without a teacher or place, the
// best suggestions not yet acted on, booking requests, pledges and
// signatures waiting, overdue commitments, applications, newcomers no one
// vouched for after a week, organizations quiet for 90 days.
func (a *App) Overview(ctx context.Context, s Scope) (Overview, error) {
	if s.Actor == nil {
		return Overview{}, commons.Unauthenticated()
	}
	if !commons.MayOverview(s.Member) {
		return Overview{}, commons.Forbidden()
	}
	lines, err := a.Store.Overview(ctx, s.Community.ID, a.Now(), a.today(s.Community), overviewLimit)
	if err != nil {
		return Overview{}, err
	}
	var o Overview
	if o.Brokered, err = a.Store.BrokeredOutcomes(ctx, s.Community.ID); err != nil {
		return o, err
	}
	for _, name := range store.OverviewSections() {
		sec := OverviewSection{Name: name}
		for _, l := range lines {
			if l.Section == name {
				sec.Lines = append(sec.Lines, OverviewLine{OverviewLine: l, Path: overviewPath(s.Community, name, l.SubjectID)})
			}
		}
		o.Sections = append(o.Sections, sec)
	}
	for _, sec := range o.Sections {
		typ := commons.SubjectNeed
		switch sec.Name {
		case "unmet_needs":
		case "proposals_without_teacher":
			typ = commons.SubjectProposal
		default:
			continue
		}
		for n, l := range sec.Lines {
			if n == overviewMatchSeekers {
				break
			}
			mv, err := a.Matches(ctx, s, typ, l.SubjectID)
			if err != nil {
				return o, err
			}
			if len(mv.Matches) > 0 {
				o.BestMatches = append(o.BestMatches, BestMatch{Seeker: mv.Seeker, Path: l.Path, Match: mv.Matches[0]})
			}
		}
	}
	// Quality rounds: the action points still open.
	points, err := a.Store.ActionPoints(ctx, s.Community.ID, store.ActionPointFilter{Status: commons.ActionPointOpen, Limit: overviewLimit})
	if err != nil {
		return o, err
	}
	if o.ActionPoints, err = a.actionPointViews(ctx, s, points); err != nil {
		return o, err
	}
	return o, nil
}

// MayOverview answers whether the reader may read the overview, for the
// link to it (the same rule Overview enforces).
func (a *App) MayOverview(s Scope) bool { return commons.MayOverview(s.Member) }

// OrganizationWork is what an organization does, for its page: resources,
// activities, initiatives, commitments, and its live offers and requests
// (those the reader may see).
type OrganizationWork struct {
	store.OrgWork
	// Archived are its resources and initiatives put away, shown apart
	// and only to the organization's admins, who may restore them (or
	// ask those who run them to); Items holds only what is in use, as the
	// directories do.
	Archived []store.WorkItem
	Intents  []IntentView
}

// OrganizationWork gathers an organization's work in the scope's community.
func (a *App) OrganizationWork(ctx context.Context, s Scope, orgID string) (OrganizationWork, error) {
	o, err := a.Store.OrganizationInCommunity(ctx, s.Community.ID, orgID)
	if err != nil {
		return OrganizationWork{}, err
	}
	w, err := a.Store.OrganizationWork(ctx, s.Community.ID, o.ID, a.Now(), a.today(s.Community))
	if err != nil {
		return OrganizationWork{}, err
	}
	role, err := a.orgRole(ctx, s, o)
	if err != nil {
		return OrganizationWork{}, err
	}
	out := OrganizationWork{OrgWork: w}
	out.Items = nil
	for _, it := range w.Items {
		switch {
		case !it.Archived:
			out.Items = append(out.Items, it)
		case commons.MayArchiveOrganization(role):
			out.Archived = append(out.Archived, it)
		}
	}
	out.Intents, _, err = a.Intents(ctx, s, commons.IntentFilter{OwnerOrgID: o.ID, Page: commons.Page{Limit: 20}})
	return out, err
}
