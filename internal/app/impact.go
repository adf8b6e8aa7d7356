package app

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// The community's account of its impact: indicators (computed from its
// records or reported), the partner reports asked for at each partnership's
// review date, and the impact page that brings them together.

// reportLink is one partner report's page, for notifications.
func reportLink(slug, id string) string { return "/c/" + slug + "/partner-reports/" + id }

// EvidencePath is the page listing what an indicator's value for a
// period was computed (or reported) from.
func EvidencePath(slug, indicatorID string, p commons.Period) string {
	return "/c/" + slug + "/impact/evidence/" + indicatorID + "?period=" + p.String()
}

// requireImpact lets through the readers of the impact page
// (commons.MayReadImpact); to others the community's impact is not found.
func requireImpact(s Scope) error {
	if commons.MayReadImpact(s.Community, s.Member) {
		return nil
	}
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	return commons.Forbidden()
}

// DefaultPeriod is the year of the community's today.
func (a *App) DefaultPeriod(c commons.Community) commons.Period {
	return commons.YearOf(a.Now().In(location(c)))
}

// CurrentPeriod is the period of a kind the community's today falls in.
func (a *App) CurrentPeriod(c commons.Community, k commons.PeriodKind) commons.Period {
	now := a.Now().In(location(c))
	p := commons.YearOf(now)
	if k == commons.PeriodQuarter {
		p.Quarter = (int(now.Month())-1)/3 + 1
	}
	return p
}

// Period reads a period a reader asked for; "" is this year.
func (a *App) Period(c commons.Community, s string) (commons.Period, error) {
	if s == "" {
		return a.DefaultPeriod(c), nil
	}
	p, ok := commons.ParsePeriod(s)
	if !ok {
		return p, invalid("period", commons.Msg("error.indicator.period"))
	}
	return p, nil
}

// Indicators lists the community's indicators, for whoever reads its
// impact.
func (a *App) Indicators(ctx context.Context, s Scope) ([]commons.Indicator, error) {
	if err := requireImpact(s); err != nil {
		return nil, err
	}
	return a.Store.Indicators(ctx, s.Community.ID)
}

// Indicator returns one of the community's indicators.
func (a *App) Indicator(ctx context.Context, s Scope, id string) (commons.Indicator, error) {
	if err := requireImpact(s); err != nil {
		return commons.Indicator{}, err
	}
	return a.Store.IndicatorByID(ctx, s.Community.ID, id)
}

// CreateIndicator defines an indicator (editors).
func (a *App) CreateIndicator(ctx context.Context, s Scope, f commons.IndicatorFields) (commons.Indicator, error) {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return commons.Indicator{}, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Indicator{}, err
	}
	return a.Store.CreateIndicator(ctx, indicatorOf(s, f))
}

func indicatorOf(s Scope, f commons.IndicatorFields) commons.Indicator {
	return commons.Indicator{CommunityID: s.Community.ID, Name: f.Name, Unit: f.Unit, Source: f.Source, Direction: f.Direction,
		Period: f.Period, Baseline: f.Baseline, BaselinePeriod: f.BaselinePeriod, Target: f.Target, CreatedBy: s.ActorID()}
}

// UpdateIndicator changes an indicator (editors).
func (a *App) UpdateIndicator(ctx context.Context, s Scope, id string, f commons.IndicatorFields) (commons.Indicator, error) {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return commons.Indicator{}, err
	}
	old, err := a.Store.IndicatorByID(ctx, s.Community.ID, id)
	if err != nil {
		return old, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return old, err
	}
	i := indicatorOf(s, f)
	i.ID, i.CreatedBy, i.CreatedAt, i.RetiredOn = old.ID, old.CreatedBy, old.CreatedAt, old.RetiredOn
	return i, a.Store.UpdateIndicator(ctx, i)
}

// RetireIndicator retires an indicator today, or measures it again
// (editors). A retired indicator keeps its values, takes no new ones and
// shows for the periods that began before it was retired.
func (a *App) RetireIndicator(ctx context.Context, s Scope, id string, retire bool) (commons.Indicator, error) {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return commons.Indicator{}, err
	}
	i, err := a.Store.IndicatorByID(ctx, s.Community.ID, id)
	if err != nil || i.Retired() == retire {
		return i, err
	}
	day := ""
	if retire {
		day = a.today(s.Community)
	}
	if err := a.Store.RetireIndicator(ctx, s.Community.ID, id, day); err != nil {
		return i, err
	}
	i.RetiredOn = day
	return i, nil
}

// DeleteIndicator removes an indicator and its values (editors).
func (a *App) DeleteIndicator(ctx context.Context, s Scope, id string) error {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return err
	}
	return a.Store.DeleteIndicator(ctx, s.Community.ID, id)
}

// RecordValue enters a reported indicator's value for a period (editors).
func (a *App) RecordValue(ctx context.Context, s Scope, indicatorID string, f commons.ValueFields) (commons.IndicatorValue, error) {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return commons.IndicatorValue{}, err
	}
	ind, err := a.Store.IndicatorByID(ctx, s.Community.ID, indicatorID)
	if err != nil {
		return commons.IndicatorValue{}, err
	}
	var v commons.Validator
	f.Validate(&v, ind, "")
	if err := v.Err(); err != nil {
		return commons.IndicatorValue{}, err
	}
	return a.Store.AddIndicatorValue(ctx, commons.IndicatorValue{CommunityID: s.Community.ID, IndicatorID: ind.ID, Period: f.Period,
		Value: f.Value, Note: f.Note, Source: f.Source, EnteredBy: s.ActorID()})
}

// IndicatorValues lists the values reported for an indicator in a year.
// A value given in a partner report keeps its note for those who read
// every report (editors): others read the value and the party.
func (a *App) IndicatorValues(ctx context.Context, s Scope, indicatorID string, year int) ([]commons.IndicatorValue, error) {
	if err := requireImpact(s); err != nil {
		return nil, err
	}
	if _, err := a.Store.IndicatorByID(ctx, s.Community.ID, indicatorID); err != nil {
		return nil, err
	}
	vs, err := a.Store.IndicatorValues(ctx, s.Community.ID, indicatorID, year)
	a.blankReportNotes(s, vs)
	return vs, err
}

func (a *App) blankReportNotes(s Scope, vs []commons.IndicatorValue) {
	if commons.MayReadPartnerReport(s.Member, false) {
		return
	}
	for n := range vs {
		if vs[n].ReportID != "" {
			vs[n].Note = ""
		}
	}
}

// PeriodValue is an indicator's value for one period: computed, or the
// latest reported; Has is false when there is none.
type PeriodValue struct {
	Period commons.Period
	Value  float64
	Has    bool
	// Progress is the way from baseline to target, in percent (HasProgress
	// false when baseline and target are equal).
	Progress    int
	HasProgress bool
	// Evidence is the page listing what the value came from.
	Evidence string
}

// IndicatorResult is an indicator with its values in the page's period.
type IndicatorResult struct {
	commons.Indicator
	Values []PeriodValue
}

// Latest is the last period's value that exists, for charts.
func (r IndicatorResult) Latest() (PeriodValue, bool) {
	for n := len(r.Values) - 1; n >= 0; n-- {
		if r.Values[n].Has {
			return r.Values[n], true
		}
	}
	return PeriodValue{}, false
}

// ImpactSection is one section of the impact page. Kind says which, and
// the field of that kind is filled.
type ImpactSection struct {
	Kind         string
	Indicators   []IndicatorResult
	Partnerships []store.PartnershipCommitments
	Reports      *store.ReportSummary
	// Published are the reports section's reports their parties gave, as
	// the public summary shows them (publishedReports).
	Published []PublishedReport
	// Profile is the Profile's current version (nil while none is
	// published); Round the results of the latest closed quality round
	// that assessed part of the period (nil while none has); Stories the
	// stories the top panels selected in cycles overlapping the period
	// whose tellers agreed to publication, as the reader may read them.
	Profile *ProfileVersionView
	Round   *commons.RoundResults
	Stories []SelectedStory
}

// The kinds of section on the impact page, in their order.
const (
	SectionProfile      = "profile"
	SectionRound        = "round"
	SectionStories      = "stories"
	SectionIndicators   = "indicators"
	SectionPartnerships = "partnerships"
	SectionReports      = "reports"
)

// ImpactView is the impact page's data for one period: its sections in
// order, and what the reader may do.
type ImpactView struct {
	Period   commons.Period
	Sections []ImpactSection
	// Periods are the periods a reader may choose: the last five years and
	// the quarters of the page's year.
	Periods []commons.Period
	May     ImpactMay
}

// ImpactMay answers the rules of the impact page for its reader.
type ImpactMay struct {
	// ManageIndicators: define indicators, enter values, read every
	// partner report; ReadReports: the reader has reports to read.
	ManageIndicators bool
}

// Section returns the section of a kind, if the page has it.
func (v ImpactView) Section(kind string) (ImpactSection, bool) {
	for _, s := range v.Sections {
		if s.Kind == kind {
			return s, true
		}
	}
	return ImpactSection{}, false
}

// Impact computes the community's impact page for a period.
func (a *App) Impact(ctx context.Context, s Scope, p commons.Period) (ImpactView, error) {
	if err := requireImpact(s); err != nil {
		return ImpactView{}, err
	}
	v := ImpactView{Period: p, May: ImpactMay{ManageIndicators: s.May.ManageIndicators}}
	this := a.DefaultPeriod(s.Community).Year
	for y := this; y > this-5; y-- {
		v.Periods = append(v.Periods, commons.Period{Year: y})
	}
	if p.Year > this || p.Year <= this-5 {
		v.Periods = append(v.Periods, commons.Period{Year: p.Year})
	}
	v.Periods = append(v.Periods, commons.Period{Year: p.Year}.Parts(commons.PeriodQuarter)...)

	prof, err := a.CurrentProfile(ctx, s)
	switch {
	case err == nil:
		v.Sections = append(v.Sections, ImpactSection{Kind: SectionProfile, Profile: &prof})
	case commons.CodeOf(err) == commons.CodeNotFound:
		v.Sections = append(v.Sections, ImpactSection{Kind: SectionProfile})
	default:
		return v, err
	}

	round, found, err := a.RoundResultsIn(ctx, s, p.From(), p.Last())
	if err != nil {
		return v, err
	}
	sec := ImpactSection{Kind: SectionRound}
	if found {
		sec.Round = &round
	}
	v.Sections = append(v.Sections, sec)

	stories, err := a.SelectedStories(ctx, s, MSCPeriod{From: p.From(), To: p.Last()})
	if err != nil {
		return v, err
	}
	// The report is the same for every reader and printed for others: a
	// story its teller kept "do not publish" stays on the MSC pages with
	// its panels (commons.MayPublishStory), as in the partner reports'
	// summary.
	published := make([]SelectedStory, 0, len(stories))
	for _, st := range stories {
		if commons.MayPublishStory(st.Story.Story) {
			published = append(published, st)
		}
	}
	v.Sections = append(v.Sections, ImpactSection{Kind: SectionStories, Stories: published})

	results, err := a.indicatorResults(ctx, s, p)
	if err != nil {
		return v, err
	}
	v.Sections = append(v.Sections, ImpactSection{Kind: SectionIndicators, Indicators: results})

	to, _ := time.ParseInLocation(time.DateOnly, p.To(), location(s.Community))
	ps, err := a.Store.PartnershipsSummary(ctx, s.Community.ID, to)
	if err != nil {
		return v, err
	}
	v.Sections = append(v.Sections, ImpactSection{Kind: SectionPartnerships, Partnerships: ps})

	sum, err := a.Store.PartnerReportSummary(ctx, s.Community.ID, p)
	if err != nil {
		return v, err
	}
	pub, err := a.publishedReports(ctx, s, p)
	if err != nil {
		return v, err
	}
	v.Sections = append(v.Sections, ImpactSection{Kind: SectionReports, Reports: &sum, Published: pub})
	return v, nil
}

// PublishedReport is a partner report its party gave, as the public
// summary shows it to whoever reads the impact page: who reported on which
// partnership, when, and the stories it attaches that are public — never
// its narrative, comments or values' notes (those stay with the parties
// and the editors), and never a person's name.
type PublishedReport struct {
	OrgID, OrgName, InitiativeID, InitiativeTitle string
	ReviewOn                                      string
	Stories                                       []PublishedStory
}

// PublishedStory is an attached story in the public summary: its title
// and the page where its reader sees it (with its teller as the rules for
// people allow there), and no teller or collector.
type PublishedStory struct {
	ID, Title, Domain, Language string
	Path                        string
}

// PublishedReports lists the period's reports as the public summary shows
// them, for whoever reads the impact page (the reports CSV).
func (a *App) PublishedReports(ctx context.Context, s Scope, p commons.Period) ([]PublishedReport, error) {
	if err := requireImpact(s); err != nil {
		return nil, err
	}
	return a.publishedReports(ctx, s, p)
}

// publishedReports lists the period's submitted reports with the stories
// they attach whose tellers consented to publication
// (commons.MayPublishStory): a "do not publish" story never appears in the
// summary, whoever reads it.
func (a *App) publishedReports(ctx context.Context, s Scope, p commons.Period) ([]PublishedReport, error) {
	rs, stories, err := a.Store.SubmittedReports(ctx, s.Community.ID, p)
	if err != nil {
		return nil, err
	}
	public := map[string]commons.Story{}
	for _, st := range stories {
		if commons.MayPublishStory(st) {
			public[st.ID] = st
		}
	}
	out := make([]PublishedReport, 0, len(rs))
	for _, r := range rs {
		pr := PublishedReport{OrgID: r.OrgID, OrgName: r.OrgName, InitiativeID: r.InitiativeID, InitiativeTitle: r.InitiativeTitle,
			ReviewOn: r.ReviewOn}
		for _, id := range r.Stories {
			if st, ok := public[id]; ok {
				pr.Stories = append(pr.Stories, PublishedStory{ID: st.ID, Title: st.Title, Domain: st.Domain, Language: st.Language,
					Path: storyLink(s.Community, st.ID)})
			}
		}
		out = append(out, pr)
	}
	return out, nil
}

// indicatorResults computes or looks up every indicator's values for the
// periods of its kind within p.
func (a *App) indicatorResults(ctx context.Context, s Scope, p commons.Period) ([]IndicatorResult, error) {
	inds, err := a.Store.Indicators(ctx, s.Community.ID)
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	reported, err := a.Store.IndicatorValues(ctx, s.Community.ID, "", p.Year)
	if err != nil {
		return nil, err
	}
	latest := map[[2]string]float64{} // the latest value per indicator and period
	for _, v := range reported {
		latest[[2]string{v.IndicatorID, v.Period}] = v.Value
	}
	loc := location(s.Community)
	computed := map[string]store.Evidence{} // the same source and period is counted once
	out := make([]IndicatorResult, 0, len(inds))
	for _, ind := range inds {
		if !ind.MeasuredIn(p) {
			continue
		}
		r := IndicatorResult{Indicator: ind}
		for _, part := range p.Parts(ind.Period) {
			pv := PeriodValue{Period: part, Evidence: EvidencePath(s.Community.Slug, ind.ID, part)}
			if ind.Source.Computed() {
				key := string(ind.Source) + "/" + part.String()
				e, ok := computed[key]
				if !ok {
					if e, err = a.Store.Compute(ctx, s.Community.ID, ind.Source, part, loc); err != nil {
						return nil, err
					}
					e.Items = nil // the page shows the number; the evidence page the records
					computed[key] = e
				}
				pv.Value, pv.Has = e.Value, e.HasValue
			} else {
				pv.Value, pv.Has = latest[[2]string{ind.ID, part.String()}]
			}
			if pv.Has {
				pv.Progress, pv.HasProgress = ind.Progress(pv.Value)
			}
			r.Values = append(r.Values, pv)
		}
		out = append(out, r)
	}
	return out, nil
}

// EvidenceView is what an indicator's value for a period came from: the
// records counted, or the values reported.
type EvidenceView struct {
	Indicator commons.Indicator
	Period    commons.Period
	Value     PeriodValue
	Items     []store.EvidenceItem
	Reported  []commons.IndicatorValue
}

// Evidence lists the records behind an indicator's value for a period.
// Records name no person: bookings by space, registrations by activity,
// time given to people as one line.
func (a *App) Evidence(ctx context.Context, s Scope, indicatorID string, p commons.Period) (EvidenceView, error) {
	if err := requireImpact(s); err != nil {
		return EvidenceView{}, err
	}
	ind, err := a.Store.IndicatorByID(ctx, s.Community.ID, indicatorID)
	if err != nil {
		return EvidenceView{}, err
	}
	v := EvidenceView{Indicator: ind, Period: p, Value: PeriodValue{Period: p, Evidence: EvidencePath(s.Community.Slug, ind.ID, p)}}
	if ind.Source.Computed() {
		e, err := a.Store.Compute(ctx, s.Community.ID, ind.Source, p, location(s.Community))
		if err != nil {
			return v, err
		}
		v.Items, v.Value.Value, v.Value.Has = e.Items, e.Value, e.HasValue
	} else {
		all, err := a.Store.IndicatorValues(ctx, s.Community.ID, ind.ID, p.Year)
		if err != nil {
			return v, err
		}
		a.blankReportNotes(s, all)
		for _, x := range all {
			if xp, _ := commons.ParsePeriod(x.Period); p.Contains(xp) {
				v.Reported = append(v.Reported, x)
				if x.Period == p.String() {
					v.Value.Value, v.Value.Has = x.Value, true
				}
			}
		}
	}
	if v.Value.Has {
		v.Value.Progress, v.Value.HasProgress = ind.Progress(v.Value.Value)
	}
	return v, nil
}

// RequestDueReports asks every party of an active partnership whose
// review date came for its report, telling the party's admins; a report
// asked for once is not asked again, so every node may run it as often as
// it likes (the sweep does). It returns how many it asked for.
func (a *App) RequestDueReports(ctx context.Context) (int, error) {
	today := a.Now().UTC().Format(time.DateOnly)
	asked := 0
	for {
		due, err := a.Store.DueReportRequests(ctx, today, 200)
		if err != nil || len(due) == 0 {
			return asked, err
		}
		for _, r := range due {
			admins, err := a.Store.OrgAdminIDs(ctx, r.CommunityID, []string{r.OrgID})
			if err != nil {
				return asked, err
			}
			review, _ := time.Parse(time.DateOnly, r.ReviewOn)
			closes := review.AddDate(0, 0, commons.ReportOpenDays).Format(time.DateOnly)
			_, created, err := a.Store.RequestReport(ctx, r, closes, func(id string) []commons.Notification {
				var notes []commons.Notification
				for _, u := range admins {
					notes = append(notes, commons.Notification{UserID: u, CommunityID: r.CommunityID, Kind: commons.NotifyReportRequested,
						Args: map[string]string{"Org": r.OrgName, "Initiative": r.InitiativeTitle}, Link: reportLink(r.CommunitySlug, id)})
				}
				return notes
			})
			if err != nil {
				return asked, err
			}
			if created {
				asked++
			}
		}
		if len(due) < 200 {
			return asked, nil
		}
	}
}

// AskForReports asks every party of an initiative's active partnership
// for a report now, as if its review date were today: for editors, who
// may need the reports for the year's account before the review date.
// Asking twice on one day asks once. It returns how many it asked for.
func (a *App) AskForReports(ctx context.Context, s Scope, initiativeID string) (int, error) {
	if err := s.Require(commons.ActionManageIndicators); err != nil {
		return 0, err
	}
	p, err := a.Store.PartnershipOf(ctx, s.Community.ID, initiativeID)
	if err != nil {
		return 0, err
	}
	if p.Status != commons.PartnershipActive {
		return 0, commons.Errorf(commons.CodeConflict, "error.report.not_active")
	}
	i, err := a.Store.InitiativeByID(ctx, initiativeID)
	if err != nil {
		return 0, err
	}
	today := a.today(s.Community)
	review, _ := time.Parse(time.DateOnly, today)
	closes := review.AddDate(0, 0, commons.ReportOpenDays).Format(time.DateOnly)
	asked := 0
	for _, party := range p.Current().Parties {
		r := store.ReportRequest{CommunityID: s.Community.ID, CommunitySlug: s.Community.Slug, PartnershipID: p.ID, InitiativeID: initiativeID,
			InitiativeTitle: i.Title, Version: p.Version, OrgID: party.OrgID, OrgName: party.OrgName, ReviewOn: today}
		admins, err := a.Store.OrgAdminIDs(ctx, s.Community.ID, []string{party.OrgID})
		if err != nil {
			return asked, err
		}
		_, created, err := a.Store.RequestReport(ctx, r, closes, func(id string) []commons.Notification {
			var notes []commons.Notification
			for _, u := range admins {
				notes = append(notes, commons.Notification{UserID: u, CommunityID: s.Community.ID, Kind: commons.NotifyReportRequested,
					Args: map[string]string{"Org": party.OrgName, "Initiative": i.Title}, Link: reportLink(s.Community.Slug, id)})
			}
			return notes
		})
		if err != nil {
			return asked, err
		}
		if created {
			asked++
		}
	}
	return asked, nil
}

// ReportView is a partner report as its reader sees it.
type ReportView struct {
	commons.PartnerReport
	// Commitments are the party's commitments the report is about, with
	// what the report said of each (the form's starting values).
	Due []commons.Commitment
	// Indicators are the reported indicators a party may give values for.
	Indicators []commons.Indicator
	// Attached are the stories it attaches that the reader may read;
	// StoryChoices, for one who may submit it, the stories they may
	// attach (about the partnership or its initiative, and those attached).
	Attached, StoryChoices []StoryView
	May                    ReportMay
	Today                  string
}

// ReportMay answers the rules about one report for its reader.
type ReportMay struct {
	// Submit: an admin of the party, while it is open.
	Submit bool
}

// PartnerReports lists the partner reports the reader may read: every one
// for editors, those of their organizations' partnerships for members of
// a party.
func (a *App) PartnerReports(ctx context.Context, s Scope) ([]commons.PartnerReport, error) {
	if err := s.RequireMember(); err != nil {
		return nil, err
	}
	if commons.MayReadPartnerReport(s.Member, false) {
		return a.Store.PartnerReports(ctx, s.Community.ID, nil)
	}
	roles, err := a.orgRoles(ctx, s)
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for id := range roles {
		ids = append(ids, id)
	}
	return a.Store.PartnerReports(ctx, s.Community.ID, ids)
}

// PartnerReport returns one report for a reader who may read it
// (commons.MayReadPartnerReport); to others it is not found.
func (a *App) PartnerReport(ctx context.Context, s Scope, id string) (ReportView, error) {
	if s.Actor == nil {
		return ReportView{}, commons.Unauthenticated()
	}
	r, err := a.Store.PartnerReport(ctx, s.Community.ID, id)
	if err != nil {
		return ReportView{}, err
	}
	roles, err := a.orgRoles(ctx, s)
	if err != nil {
		return ReportView{}, err
	}
	parties, err := a.Store.ReportParties(ctx, r)
	if err != nil {
		return ReportView{}, err
	}
	inParty := false
	for _, o := range parties {
		_, in := roles[o]
		inParty = inParty || in
	}
	role := roles[r.OrgID]
	if !commons.MayReadPartnerReport(s.Member, inParty) {
		return ReportView{}, commons.NotFound()
	}
	v := ReportView{PartnerReport: r, Today: a.today(s.Community)}
	v.May.Submit = commons.MaySubmitPartnerReport(s.Member, role, r, v.Today)
	if v.Due, err = a.Store.ReportCommitments(ctx, r); err != nil {
		return v, err
	}
	inds, err := a.Store.Indicators(ctx, s.Community.ID)
	if err != nil {
		return v, err
	}
	for _, i := range inds {
		if !i.Source.Computed() && !i.Retired() {
			v.Indicators = append(v.Indicators, i)
		}
	}
	return v, a.reportStories(ctx, s, &v)
}

// SubmitPartnerReport records the party's report (its admins, while it is
// open); submitting again replaces what it said. What it says of each
// commitment marks the commitment too (commons.CanMarkCommitment lets the
// party's admins), where the commitment is of the version in force. The
// initiative's team hears of it.
func (a *App) SubmitPartnerReport(ctx context.Context, s Scope, id string, f commons.ReportFields) (ReportView, error) {
	v, err := a.PartnerReport(ctx, s, id)
	if err != nil {
		return v, err
	}
	if !v.May.Submit {
		if !v.Open(v.Today) {
			return v, commons.Errorf(commons.CodeConflict, "error.report.closed")
		}
		return v, commons.Forbidden()
	}
	inds, err := a.Store.Indicators(ctx, s.Community.ID)
	if err != nil {
		return v, err
	}
	var val commons.Validator
	f.Validate(&val, v.Due, inds)
	if err := val.Err(); err != nil {
		return v, err
	}
	if err := a.checkReportStories(ctx, s, f.Stories); err != nil {
		return v, err
	}
	for n := range f.Commitments {
		for _, c := range v.Due {
			if c.ID == f.Commitments[n].CommitmentID {
				f.Commitments[n].Description = c.Description
			}
		}
	}
	team, err := a.Store.InitiativeTeam(ctx, s.Community.ID, v.InitiativeID)
	if err != nil {
		return v, err
	}
	var notes []commons.Notification
	for _, u := range team {
		if u != s.Actor.ID {
			notes = append(notes, commons.Notification{UserID: u, CommunityID: s.Community.ID, Kind: commons.NotifyReportSubmitted,
				Args: map[string]string{"Org": v.OrgName, "Initiative": v.InitiativeTitle}, Link: reportLink(s.Community.Slug, v.ID)})
		}
	}
	if err := a.Store.SubmitReport(ctx, v.PartnerReport, f, s.Actor.ID, v.Today, notes); err != nil {
		return v, err
	}
	return a.PartnerReport(ctx, s, id)
}

// FormatValue writes a number for exports in figures every reader takes:
// no exponent, at most two decimals.
func FormatValue(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}
