package app

import (
	"context"
	"slices"

	"github.com/commons-project/commons/internal/commons"
)

// Partner reports attach Most Significant Change stories: the party's
// admin picks stories they may read; every reader of the report sees
// those of them they may read themselves (a "do not publish" story stays
// inside its panels, an anonymous teller stays unnamed).

// maxStoryChoices bounds the stories a report's form offers.
const maxStoryChoices = 100

// storyViews decides the reader's view of stories from any cycles,
// dropping those they may not read; the order is kept.
func (a *App) storyViews(ctx context.Context, s Scope, stories []commons.Story) ([]StoryView, error) {
	readings := map[string]*mscReading{}
	var out []StoryView
	for _, st := range stories {
		r, ok := readings[st.CycleID]
		if !ok {
			rd, err := a.mscReading(ctx, s, st.CycleID)
			if err != nil {
				return nil, err
			}
			var same []commons.Story
			for _, x := range stories {
				if x.CycleID == st.CycleID {
					same = append(same, x)
				}
			}
			if err := a.withTellers(ctx, s, &rd, same); err != nil {
				return nil, err
			}
			r, readings[st.CycleID] = &rd, &rd
		}
		if v, ok := r.view(s, st); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// reportStories fills a report's attached stories as its reader may read
// them and, for one who may submit it, the stories they may attach.
func (a *App) reportStories(ctx context.Context, s Scope, v *ReportView) error {
	var attached []commons.Story
	for _, id := range v.PartnerReport.Stories {
		st, err := a.Store.Story(ctx, s.Community.ID, id)
		if commons.CodeOf(err) == commons.CodeNotFound {
			continue
		}
		if err != nil {
			return err
		}
		attached = append(attached, st)
	}
	var err error
	if v.Attached, err = a.storyViews(ctx, s, attached); err != nil || !v.May.Submit {
		return err
	}
	about, err := a.Store.StoriesAbout(ctx, s.Community.ID, v.PartnershipID, v.InitiativeID, maxStoryChoices)
	if err != nil {
		return err
	}
	for _, st := range attached {
		if !slices.ContainsFunc(about, func(x commons.Story) bool { return x.ID == st.ID }) {
			about = append(about, st)
		}
	}
	v.StoryChoices, err = a.storyViews(ctx, s, about)
	return err
}

// checkReportStories refuses a story the report's author may not read.
func (a *App) checkReportStories(ctx context.Context, s Scope, ids []string) error {
	for _, id := range ids {
		if _, err := a.Story(ctx, s, id); commons.CodeOf(err) == commons.CodeNotFound {
			return invalid("stories", commons.Msg("error.report.story"))
		} else if err != nil {
			return err
		}
	}
	return nil
}

// MSCPartnership is a partnership a cycle can be about.
type MSCPartnership struct {
	PartnershipID, InitiativeID, Title string
}

// MSCPartnerships lists the community's partnerships, for those who run
// cycles (commons.ActionRunMSC) to open one about a partnership.
func (a *App) MSCPartnerships(ctx context.Context, s Scope) ([]MSCPartnership, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return nil, err
	}
	ps, err := a.Store.PartnershipsSummary(ctx, s.Community.ID, a.Now().AddDate(1, 0, 0))
	out := make([]MSCPartnership, 0, len(ps))
	for _, p := range ps {
		out = append(out, MSCPartnership{PartnershipID: p.PartnershipID, InitiativeID: p.InitiativeID, Title: p.Title})
	}
	return out, err
}

// mscSubjectName names an initiative, activity or partnership of the
// community that a cycle, panel or story is about or links to; a
// partnership is named by its initiative (the registry has no name column
// for it). Anything else, or another community's, is not found.
func (a *App) mscSubjectName(ctx context.Context, s Scope, typ commons.SubjectType, id string) (string, error) {
	if typ != commons.SubjectPartnership {
		return a.Store.SubjectName(ctx, s.Community.ID, typ, id)
	}
	p, err := a.Store.PartnershipRefByID(ctx, id)
	if err != nil {
		return "", err
	}
	if p.CommunityID != s.Community.ID {
		return "", commons.NotFound()
	}
	return a.Store.SubjectName(ctx, s.Community.ID, commons.SubjectInitiative, p.InitiativeID)
}
