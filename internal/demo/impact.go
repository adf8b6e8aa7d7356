package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadImpact adds Cwm Tawel's indicators — five computed from its records
// and two reported, with last year's baselines and this year's targets,
// then a reported one retired a fortnight ago with its values before — and
// the Miners' Hall partnership's partner reports: Carys asked the four
// parties for them; the Friends of the Miners' Hall, the council and the
// university gave theirs (the university's attaching two stories whose
// tellers agreed to publication), the hardware shop is still asked.
func loadImpact(ctx context.Context, a *app.App, w *world) error {
	as := func(key string) (app.Scope, error) { return a.Scope(ctx, w.users[key], Slug) }
	carys, err := as("carys")
	if err != nil {
		return err
	}
	this := a.DefaultPeriod(carys.Community)
	last := commons.Period{Year: this.Year - 1}
	lastQ4 := commons.Period{Year: this.Year - 1, Quarter: 4}
	ids := map[string]string{}
	for _, f := range []commons.IndicatorFields{
		{Name: "Learners at community activities", Unit: "people", Source: commons.IndicatorLearners, Baseline: 12, BaselinePeriod: last.String(), Target: 40},
		{Name: "Hours of shared space used", Unit: "hours", Source: commons.IndicatorSpaceHours, Period: commons.PeriodQuarter, Baseline: 20,
			BaselinePeriod: lastQ4.String(), Target: 60},
		{Name: "Partnerships across sectors", Unit: "partnerships", Source: commons.IndicatorCrossSector, Baseline: 0, BaselinePeriod: last.String(), Target: 3},
		{Name: "Commitments kept", Unit: "%", Source: commons.IndicatorCommitmentsKept, Baseline: 70, BaselinePeriod: last.String(), Target: 90},
		{Name: "Volunteer hours confirmed", Unit: "hours", Source: commons.IndicatorVolunteerHours, Baseline: 10, BaselinePeriod: last.String(), Target: 150},
		{Name: "Hot meals served at the Miners' Hall", Unit: "meals", Source: commons.IndicatorReported, Baseline: 0, BaselinePeriod: last.String(), Target: 600},
		{Name: "Households helped with heating costs", Unit: "households", Source: commons.IndicatorReported, Baseline: 12, BaselinePeriod: last.String(), Target: 40},
	} {
		i, err := a.CreateIndicator(ctx, carys, f)
		if err != nil {
			return fmt.Errorf("indicator %s: %w", f.Name, err)
		}
		ids[f.Name] = i.ID
	}
	if _, err := a.RecordValue(ctx, carys, ids["Households helped with heating costs"], commons.ValueFields{Period: this.String(), Value: 27,
		Source: "Council welfare team", Note: "Winter fuel vouchers and heating advice at the hall's Tuesday evenings."}); err != nil {
		return err
	}

	hall := w.initiatives["Winter evenings at the Miners' Hall"]
	if hall == "" {
		return fmt.Errorf("impact: the Winter evenings initiative is missing")
	}
	if _, err := a.AskForReports(ctx, carys, hall); err != nil {
		return fmt.Errorf("ask for reports: %w", err)
	}
	// The parties report on commitments already kept, as they were marked,
	// and the Friends keep their promise to report; the overdue ones stay
	// overdue until their parties say.
	reports := []struct {
		admin, narrative string
		said             map[string]commons.ReportCommitment
		values           []commons.ReportValue
		stories          []string // titles of stories of the year's cycle
	}{
		{"mair", "Three evenings a week, every week since November. The Tuesday choir and meal grew from **14 to 31** people; " +
			"the homework club has a waiting list.\n\nThe draught-proofing Saturday was rained off twice — we will finish it in spring.",
			map[string]commons.ReportCommitment{
				"Publish the winter timetable in English, Welsh and Russian": {Status: commons.CommitmentKept, Comment: "Posted in the library, the chapel and the shop window."},
				"Report to the partners on who came and what they learned":   {Status: commons.CommitmentKept, Comment: "This report; a talk at the hall follows in March."},
			},
			[]commons.ReportValue{{IndicatorID: ids["Hot meals served at the Miners' Hall"], ValueFields: commons.ValueFields{Period: this.String(), Value: 412,
				Source: "Kitchen tally sheets", Note: "Tuesday meals, November to now."}}}, nil},
		{"dafydd", "The hall was booked as agreed: Tuesday, Thursday and Saturday evenings. The heating bills fall due in January and April, after the months they pay for.",
			map[string]commons.ReportCommitment{
				"Confirm the hall bookings for November to March": {Status: commons.CommitmentKept},
			}, nil, nil},
		{"sian", "Seven students ran the homework club and helped at the Welsh and repair evenings; two of the changes people told us about " +
			"happened there.",
			map[string]commons.ReportCommitment{
				"Recruit six student volunteers for the homework club": {Status: commons.CommitmentKept, Comment: "Seven signed up."},
			}, nil, []string{"Dysgu Cymraeg yn Neuadd y Glowyr", "Fixing things instead of binning them"}},
	}
	stories, err := storyIDs(ctx, a, carys)
	if err != nil {
		return err
	}
	list, err := a.PartnerReports(ctx, carys)
	if err != nil {
		return err
	}
	for _, rp := range reports {
		s, err := as(rp.admin)
		if err != nil {
			return err
		}
		var id string
		for _, r := range list {
			if r.OrgID == w.orgs[rp.admin] && r.InitiativeID == hall {
				id = r.ID
			}
		}
		v, err := a.PartnerReport(ctx, s, id)
		if err != nil {
			return fmt.Errorf("report of %s: %w", rp.admin, err)
		}
		f := commons.ReportFields{Narrative: rp.narrative, Values: rp.values, Links: []string{"https://cwm-tawel.example/winter-evenings"}}
		for _, c := range v.Due {
			if said, ok := rp.said[c.Description]; ok {
				said.CommitmentID = c.ID
				f.Commitments = append(f.Commitments, said)
			}
		}
		for _, title := range rp.stories {
			if stories[title] == "" {
				return fmt.Errorf("report of %s: no story %q", rp.admin, title)
			}
			f.Stories = append(f.Stories, stories[title])
		}
		if _, err := a.SubmitPartnerReport(ctx, s, id, f); err != nil {
			return fmt.Errorf("report of %s: %w", rp.admin, err)
		}
	}
	return retiredIndicator(ctx, a, carys)
}

// storyIDs finds the stories of the community's cycles by title.
func storyIDs(ctx context.Context, a *app.App, s app.Scope) (map[string]string, error) {
	cycles, err := a.MSCCycles(ctx, s)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, c := range cycles {
		p, err := a.Stories(ctx, s, c.ID, commons.StoryFilter{})
		if err != nil {
			return nil, err
		}
		for _, st := range p.Stories {
			ids[st.Title] = st.ID
		}
	}
	return ids, nil
}

// retiredIndicator adds a reported indicator the council counted last
// year and this, retired a fortnight ago when the timetable went online
// (or on the year's second day, early in January): the impact page shows
// it for this year, marked retired, with its values.
func retiredIndicator(ctx context.Context, a *app.App, carys app.Scope) error {
	this := a.DefaultPeriod(carys.Community)
	last := commons.Period{Year: this.Year - 1}
	i, err := a.CreateIndicator(ctx, carys, commons.IndicatorFields{Name: "Printed timetables handed out", Unit: "copies",
		Source: commons.IndicatorReported, Baseline: 150, BaselinePeriod: last.String(), Target: 400})
	if err != nil {
		return fmt.Errorf("indicator: %w", err)
	}
	for _, v := range []commons.ValueFields{{Period: last.String(), Value: 180, Source: "Library counter"},
		{Period: this.String(), Value: 95, Source: "Library counter", Note: "Until the timetable went online."}} {
		if _, err := a.RecordValue(ctx, carys, i.ID, v); err != nil {
			return fmt.Errorf("value %s: %w", v.Period, err)
		}
	}
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	back := max(0, min(14, a.Now().In(a.Location(carys.Community)).YearDay()-2))
	a.SetClock(func() time.Time { return clock().AddDate(0, 0, -back) })
	_, err = a.RetireIndicator(ctx, carys, i.ID, true)
	return err
}
