package commons

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// IndicatorSource says where an indicator's values come from: counted by
// Commons from its own records, or reported by people.
type IndicatorSource string

// Indicator sources. Every source but IndicatorReported is computed.
const (
	IndicatorReported IndicatorSource = "reported"
	// IndicatorLearners counts the people registered for a place at an
	// activity held in the period (each person once).
	IndicatorLearners IndicatorSource = "learners_registered"
	// IndicatorSpaceHours adds up the hours of confirmed bookings of
	// shared spaces starting in the period.
	IndicatorSpaceHours IndicatorSource = "space_hours_booked"
	// IndicatorPartnerships counts the partnerships in force in the
	// period: every party signed before it ended, and the review date
	// fell within or after it.
	IndicatorPartnerships IndicatorSource = "partnerships_active"
	// IndicatorCrossSector counts those of them whose parties come from
	// two sectors or more.
	IndicatorCrossSector IndicatorSource = "cross_sector_partnerships"
	// IndicatorCommitmentsKept is the share of the commitments in force
	// due in the period and decided that were kept, in percent.
	IndicatorCommitmentsKept IndicatorSource = "commitments_kept_percent"
	// IndicatorVolunteerHours adds up the confirmed volunteer hours given
	// on a day of the period.
	IndicatorVolunteerHours IndicatorSource = "volunteer_hours_confirmed"
)

// IndicatorSources lists them, the reported one first.
var IndicatorSources = []IndicatorSource{IndicatorReported, IndicatorLearners, IndicatorSpaceHours, IndicatorPartnerships,
	IndicatorCrossSector, IndicatorCommitmentsKept, IndicatorVolunteerHours}

// Computed reports whether Commons counts the values itself.
func (s IndicatorSource) Computed() bool { return s != IndicatorReported }

// IndicatorDirection says which way is better.
type IndicatorDirection string

// Directions.
const (
	IndicatorIncrease IndicatorDirection = "increase"
	IndicatorDecrease IndicatorDirection = "decrease"
)

// IndicatorDirections lists them.
var IndicatorDirections = []IndicatorDirection{IndicatorIncrease, IndicatorDecrease}

// PeriodKind is how often an indicator is measured.
type PeriodKind string

// Period kinds.
const (
	PeriodYear    PeriodKind = "year"
	PeriodQuarter PeriodKind = "quarter"
)

// PeriodKinds lists them.
var PeriodKinds = []PeriodKind{PeriodYear, PeriodQuarter}

// Limits of an indicator's words.
const (
	MaxIndicatorNameLen = 200
	MaxIndicatorUnitLen = 40
	MaxValueNoteLen     = 1000
	MaxReportLen        = 20000
	MaxReportLinks      = 10
	MaxReportStories    = 10
	MaxReportCommentLen = 1000
	// ReportOpenDays is how long after its review date a partner report
	// can be submitted and submitted again.
	ReportOpenDays = 90
)

// Period is a calendar year ("2026") or a quarter of one ("2026-Q2").
type Period struct {
	Year    int
	Quarter int // 1–4; 0 for the whole year
}

// ParsePeriod reads a period; ok is false for anything else.
func ParsePeriod(s string) (Period, bool) {
	s = strings.TrimSpace(s)
	year, q, hasQ := strings.Cut(s, "-Q")
	if len(year) != 4 {
		return Period{}, false
	}
	y, err := strconv.Atoi(year)
	if err != nil || y < 1900 || y > 2200 {
		return Period{}, false
	}
	p := Period{Year: y}
	if hasQ {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 4 || len(q) != 1 {
			return Period{}, false
		}
		p.Quarter = n
	}
	return p, true
}

// YearOf is the whole year of a day.
func YearOf(t time.Time) Period { return Period{Year: t.Year()} }

// String writes the period as ParsePeriod reads it.
func (p Period) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return strconv.Itoa(p.Year) + "-Q" + strconv.Itoa(p.Quarter)
}

// Kind says whether the period is a year or a quarter.
func (p Period) Kind() PeriodKind {
	if p.Quarter == 0 {
		return PeriodYear
	}
	return PeriodQuarter
}

// From is the period's first day and To the day after its last, as
// YYYY-MM-DD.
func (p Period) From() string { return p.start().Format(time.DateOnly) }

// To is the day after the period's last day.
func (p Period) To() string { return p.end().Format(time.DateOnly) }

// Last is the period's last day.
func (p Period) Last() string { return p.end().AddDate(0, 0, -1).Format(time.DateOnly) }

func (p Period) start() time.Time {
	m := time.January
	if p.Quarter > 0 {
		m = time.Month(3*(p.Quarter-1) + 1)
	}
	return time.Date(p.Year, m, 1, 0, 0, 0, 0, time.UTC)
}

func (p Period) end() time.Time {
	if p.Quarter == 0 {
		return p.start().AddDate(1, 0, 0)
	}
	return p.start().AddDate(0, 3, 0)
}

// Parts are the periods of an indicator's kind within this one: a year's
// four quarters for a quarterly indicator, otherwise the period itself.
func (p Period) Parts(k PeriodKind) []Period {
	if k == PeriodQuarter && p.Quarter == 0 {
		return []Period{{p.Year, 1}, {p.Year, 2}, {p.Year, 3}, {p.Year, 4}}
	}
	return []Period{p}
}

// Contains reports whether a period lies within this one.
func (p Period) Contains(o Period) bool {
	return p.Year == o.Year && (p.Quarter == 0 || p.Quarter == o.Quarter)
}

// Indicator is something a community measures, with where it started
// (baseline) and where it wants to be (target) per period.
type Indicator struct {
	ID, CommunityID string
	Name, Unit      string
	Source          IndicatorSource
	Direction       IndicatorDirection
	Period          PeriodKind
	Baseline        float64
	BaselinePeriod  string
	Target          float64
	CreatedBy       string
	CreatedAt       time.Time
	// RetiredOn is the day it was retired (YYYY-MM-DD), "" while it is
	// measured.
	RetiredOn string
}

// Retired reports whether the indicator is no longer measured.
func (i Indicator) Retired() bool { return i.RetiredOn != "" }

// MeasuredIn reports whether the indicator belongs to a period's account:
// measured still, or retired after the period began.
func (i Indicator) MeasuredIn(p Period) bool { return i.RetiredOn == "" || i.RetiredOn > p.From() }

// IndicatorFields is what an editor gives for an indicator.
type IndicatorFields struct {
	Name, Unit     string
	Source         IndicatorSource
	Direction      IndicatorDirection
	Period         PeriodKind
	Baseline       float64
	BaselinePeriod string
	Target         float64
}

// Normalize trims the fields.
func (f *IndicatorFields) Normalize() {
	f.Name, f.Unit, f.BaselinePeriod = strings.TrimSpace(f.Name), strings.TrimSpace(f.Unit), strings.TrimSpace(f.BaselinePeriod)
	if f.Direction == "" {
		f.Direction = IndicatorIncrease
	}
	if f.Period == "" {
		f.Period = PeriodYear
	}
}

// Validate checks an indicator: named, from a known source, measured per
// year or quarter, with finite numbers and a baseline period of that kind.
func (f *IndicatorFields) Validate(v *Validator) {
	v.Line("name", f.Name, true, MaxIndicatorNameLen)
	v.Line("unit", f.Unit, true, MaxIndicatorUnitLen)
	OneOf(v, "source", f.Source, IndicatorSources)
	OneOf(v, "direction", f.Direction, IndicatorDirections)
	OneOf(v, "period", f.Period, PeriodKinds)
	finite(v, "baseline", f.Baseline)
	finite(v, "target", f.Target)
	if p, ok := ParsePeriod(f.BaselinePeriod); !ok {
		v.Fail("baseline_period", Msg("error.indicator.period"))
	} else if !v.Failed("period") && p.Kind() != f.Period {
		v.Fail("baseline_period", Msg("error.indicator.period_kind"))
	}
}

func finite(v *Validator, field string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12 {
		v.Fail(field, Msg("error.indicator.number"))
	}
}

// IndicatorValue is one reported value of an indicator for a period.
type IndicatorValue struct {
	ID, CommunityID, IndicatorID string
	Period                       string
	Value                        float64
	Note, Source                 string
	// ReportID is the partner report that gave it, empty when an editor
	// entered it; OrgName is then the reporting party.
	ReportID, OrgName string
	EnteredBy         string
	CreatedAt         time.Time
}

// ValueFields is what an editor or a party gives for a reported value.
type ValueFields struct {
	Period       string
	Value        float64
	Note, Source string
}

// Validate checks a value against its indicator: only reported
// indicators take values, for a period of the indicator's kind.
func (f *ValueFields) Validate(v *Validator, ind Indicator, field string) {
	f.Period, f.Note, f.Source = strings.TrimSpace(f.Period), strings.TrimSpace(f.Note), strings.TrimSpace(f.Source)
	if ind.Source.Computed() {
		v.Fail(field, Msg("error.indicator.computed"))
		return
	}
	if ind.Retired() {
		v.Fail(field, Msg("error.indicator.retired"))
		return
	}
	if p, ok := ParsePeriod(f.Period); !ok {
		v.Fail(field+"period", Msg("error.indicator.period"))
	} else if p.Kind() != ind.Period {
		v.Fail(field+"period", Msg("error.indicator.period_kind"))
	}
	finite(v, field+"value", f.Value)
	v.Text(field+"note", f.Note, false, MaxValueNoteLen)
	v.Line(field+"source", f.Source, false, MaxIndicatorNameLen)
}

// Progress is how far an actual value went from the baseline towards the
// target, in percent (0 at the baseline, 100 at the target; more when it
// went further). ok is false when baseline and target are equal.
func (i Indicator) Progress(actual float64) (int, bool) {
	if i.Target == i.Baseline {
		return 0, false
	}
	return int(math.Round(100 * (actual - i.Baseline) / (i.Target - i.Baseline))), true
}

// ReportStatus says whether a partner report was given.
type ReportStatus string

// Report statuses.
const (
	ReportRequested ReportStatus = "requested"
	ReportSubmitted ReportStatus = "submitted"
)

// PartnerReport is what one party of a partnership reports at its review
// date: whether it kept its commitments, the values of the indicators it
// reports, a narrative and links.
type PartnerReport struct {
	ID, CommunityID, PartnershipID string
	InitiativeID, InitiativeTitle  string
	Version                        int
	OrgID, OrgName                 string
	Sector                         Sector
	ReviewOn, ClosesOn             string
	Status                         ReportStatus
	Narrative                      string
	Links                          []string
	Commitments                    []ReportCommitment
	Values                         []IndicatorValue
	// Stories are the ids of the MSC stories it attaches, in order.
	Stories                      []string
	SubmittedBy, SubmittedByName string
	SubmittedAt                  *time.Time
	CreatedAt                    time.Time
}

// Open reports whether the report can still be submitted on a day.
func (r PartnerReport) Open(today string) bool { return today <= r.ClosesOn }

// ReportCommitment is what a report says of one commitment.
type ReportCommitment struct {
	CommitmentID string
	Description  string // the commitment's words, for reading
	Status       CommitmentStatus
	Comment      string
}

// ReportFields is what a party's admin submits.
type ReportFields struct {
	Narrative   string
	Links       []string
	Commitments []ReportCommitment
	Values      []ReportValue
	// Stories are MSC stories to attach, by id; that the author may read
	// each is the use case's to check.
	Stories []string
}

// ReportValue is one indicator's value in a report.
type ReportValue struct {
	IndicatorID string
	ValueFields
}

// Validate checks a report against the party's commitments (each at most
// once, kept or missed) and the community's indicators.
func (f *ReportFields) Validate(v *Validator, commitments []Commitment, indicators []Indicator) {
	f.Narrative = strings.TrimSpace(f.Narrative)
	v.Text("narrative", f.Narrative, false, MaxReportLen)
	var links []string
	for _, l := range f.Links {
		if l = strings.TrimSpace(l); l != "" {
			links = append(links, l)
		}
	}
	f.Links = links
	if len(links) > MaxReportLinks {
		v.Fail("links", Msg("error.report.links", "Max", MaxReportLinks))
	}
	for _, l := range links {
		v.URL("links", l)
	}
	var stories []string
	for _, id := range f.Stories {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(stories, id) {
			stories = append(stories, id)
		}
	}
	f.Stories = stories
	if len(stories) > MaxReportStories {
		v.Fail("stories", Msg("error.report.stories", "Max", MaxReportStories))
	}
	mine := map[string]bool{}
	for _, c := range commitments {
		mine[c.ID] = true
	}
	seen := map[string]bool{}
	for n := range f.Commitments {
		c := &f.Commitments[n]
		field := "commitment_" + c.CommitmentID
		c.Comment = strings.TrimSpace(c.Comment)
		switch {
		case !mine[c.CommitmentID]:
			v.Fail("commitments", Msg("error.report.commitment"))
		case seen[c.CommitmentID]:
			v.Fail(field, Msg("error.report.twice"))
		case c.Status != CommitmentKept && c.Status != CommitmentMissed:
			v.Fail(field, Msg("error.report.status"))
		}
		seen[c.CommitmentID] = true
		v.Text(field, c.Comment, false, MaxReportCommentLen)
	}
	known := map[string]Indicator{}
	for _, i := range indicators {
		known[i.ID] = i
	}
	for n := range f.Values {
		rv := &f.Values[n]
		ind, ok := known[rv.IndicatorID]
		if !ok {
			v.Fail("values", Msg("error.report.indicator"))
			continue
		}
		rv.ValueFields.Validate(v, ind, "value_"+rv.IndicatorID+"_")
	}
}

// MayReadPartnerReport is the rule for reading a report in full (its
// narrative and comments): members of the partnership's parties, and the
// community's editors (ActionManageIndicators).
func MayReadPartnerReport(m *Member, inParty bool) bool {
	return IsActiveMember(m) && (inParty || Allowed(m, ActionManageIndicators))
}

// MaySubmitPartnerReport is the rule for submitting a report: an admin of
// the party it is asked of, while it is open.
func MaySubmitPartnerReport(m *Member, partyRole OrgRole, r PartnerReport, today string) bool {
	return IsActiveMember(m) && !m.ReadOnly && partyRole == OrgAdmin && r.Open(today)
}

// MayReadImpact is the rule for the impact page: a community that takes
// anyone shows it to everyone; one that takes members by application is
// not public, and shows it to its members.
func MayReadImpact(c Community, m *Member) bool { return !c.RequiresApplication || IsActiveMember(m) }
