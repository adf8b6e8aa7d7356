package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// IndicatorIn defines or changes an indicator.
type IndicatorIn struct {
	Name           string  `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Unit           string  `json:"unit" jsonschema:"minLength=1,maxLength=40,description=What a value counts: people, hours, percent"`
	Source         string  `json:"source" jsonschema:"enum=reported,enum=learners_registered,enum=space_hours_booked,enum=partnerships_active,enum=cross_sector_partnerships,enum=commitments_kept_percent,enum=volunteer_hours_confirmed,description=reported: values are entered by editors or given in partner reports; any other: Commons computes the values from its records"`
	Direction      string  `json:"direction,omitempty" jsonschema:"enum=increase,enum=decrease,description=Which way is better; increase when left out"`
	Period         string  `json:"period,omitempty" jsonschema:"enum=year,enum=quarter,description=How often it is measured; year when left out"`
	Baseline       float64 `json:"baseline"`
	BaselinePeriod string  `json:"baseline_period" jsonschema:"description=The period of the baseline: YYYY for a yearly indicator, YYYY-Qn for a quarterly one"`
	Target         float64 `json:"target" jsonschema:"description=The value aimed at in each period"`
}

func (in IndicatorIn) fields() commons.IndicatorFields {
	return commons.IndicatorFields{Name: in.Name, Unit: in.Unit, Source: commons.IndicatorSource(in.Source),
		Direction: commons.IndicatorDirection(in.Direction), Period: commons.PeriodKind(in.Period), Baseline: in.Baseline,
		BaselinePeriod: in.BaselinePeriod, Target: in.Target}
}

// Indicator is something a community measures.
type Indicator struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Unit           string    `json:"unit"`
	Source         string    `json:"source"`
	Computed       bool      `json:"computed" jsonschema:"description=Commons computes the values from its records"`
	Direction      string    `json:"direction" jsonschema:"enum=increase,enum=decrease"`
	Period         string    `json:"period" jsonschema:"enum=year,enum=quarter"`
	Baseline       float64   `json:"baseline"`
	BaselinePeriod string    `json:"baseline_period"`
	Target         float64   `json:"target"`
	CreatedAt      time.Time `json:"created_at"`
	RetiredOn      string    `json:"retired_on,omitempty" jsonschema:"format=date,description=The day it was retired: it takes no values and shows for the periods that began before; absent while it is measured"`
}

// RetiredIn retires an indicator or measures it again.
type RetiredIn struct {
	Retired bool `json:"retired" jsonschema:"description=true retires it today; false measures it again"`
}

func indicatorOut(i commons.Indicator) Indicator {
	return Indicator{ID: i.ID, Name: i.Name, Unit: i.Unit, Source: string(i.Source), Computed: i.Source.Computed(), Direction: string(i.Direction),
		Period: string(i.Period), Baseline: i.Baseline, BaselinePeriod: i.BaselinePeriod, Target: i.Target, CreatedAt: i.CreatedAt, RetiredOn: i.RetiredOn}
}

// ValueIn is a reported indicator's value for a period.
type ValueIn struct {
	Period string  `json:"period" jsonschema:"description=YYYY or YYYY-Qn, of the indicator's period kind"`
	Value  float64 `json:"value"`
	Note   string  `json:"note,omitempty" jsonschema:"maxLength=1000"`
	Source string  `json:"source,omitempty" jsonschema:"maxLength=200,description=Where the figure comes from"`
}

// IndicatorValue is a reported value.
type IndicatorValue struct {
	ID           string    `json:"id"`
	IndicatorID  string    `json:"indicator_id"`
	Period       string    `json:"period"`
	Value        float64   `json:"value"`
	Note         string    `json:"note" jsonschema:"description=Empty to those who may not read the partner report that gave it"`
	Source       string    `json:"source"`
	ReportID     string    `json:"report_id,omitempty" jsonschema:"description=The partner report that gave it"`
	Organization string    `json:"organization,omitempty" jsonschema:"description=The party that reported it"`
	CreatedAt    time.Time `json:"created_at"`
}

func valueOut(v commons.IndicatorValue) IndicatorValue {
	return IndicatorValue{ID: v.ID, IndicatorID: v.IndicatorID, Period: v.Period, Value: v.Value, Note: v.Note, Source: v.Source,
		ReportID: v.ReportID, Organization: v.OrgName, CreatedAt: v.CreatedAt}
}

// PeriodValue is an indicator's value in one period.
type PeriodValue struct {
	Period   string   `json:"period"`
	Value    *float64 `json:"value" jsonschema:"description=null when there is none (nothing reported; no commitment decided)"`
	Progress *int     `json:"progress" jsonschema:"description=Percent of the way from baseline to target; null without a value or when they are equal"`
	Evidence string   `json:"evidence" jsonschema:"description=The page listing what the value was computed or reported from"`
}

// IndicatorResult is an indicator with its values in the period asked.
type IndicatorResult struct {
	Indicator
	Values []PeriodValue `json:"values"`
}

// PartnershipCommitments counts a partnership's commitments in force.
type PartnershipCommitments struct {
	PartnershipID string `json:"partnership_id"`
	InitiativeID  string `json:"initiative_id"`
	Initiative    string `json:"initiative"`
	Status        string `json:"status" jsonschema:"enum=proposed,enum=active"`
	ReviewOn      string `json:"review_on" jsonschema:"format=date"`
	Kept          int    `json:"kept"`
	Missed        int    `json:"missed"`
	Pending       int    `json:"pending"`
}

// ReportSummary counts the partner reports of the period and lists those
// given, never their narratives (app.PublishedReport).
type ReportSummary struct {
	Requested    int               `json:"requested" jsonschema:"description=Asked for and not given yet"`
	Submitted    int               `json:"submitted"`
	Partnerships int               `json:"partnerships"`
	Kept         int               `json:"kept" jsonschema:"description=Commitments reported kept"`
	Missed       int               `json:"missed" jsonschema:"description=Commitments reported missed"`
	Given        []PublishedReport `json:"given" jsonschema:"description=The reports given, the latest review date first"`
}

// PublishedReport is a report given, as the public summary shows it.
type PublishedReport struct {
	OrganizationID string           `json:"organization_id"`
	Organization   string           `json:"organization"`
	InitiativeID   string           `json:"initiative_id"`
	Initiative     string           `json:"initiative"`
	ReviewOn       string           `json:"review_on" jsonschema:"format=date"`
	Stories        []PublishedStory `json:"stories" jsonschema:"description=The stories it attaches whose tellers agreed to publication; never a story not to be published, never a teller"`
}

// PublishedStory is a story a report given attaches.
type PublishedStory struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Domain   string `json:"domain"`
	Language string `json:"language"`
}

// ImpactSection is one section of the impact report; kind says which
// field is filled.
type ImpactSection struct {
	Kind         string                   `json:"kind" jsonschema:"enum=profile,enum=round,enum=stories,enum=indicators,enum=partnerships,enum=reports"`
	Profile      *ProfileVersion          `json:"profile,omitempty" jsonschema:"description=The Profile's current published version with its evidence (kind profile; left out while none is published)"`
	Round        *RoundResults            `json:"round,omitempty" jsonschema:"description=The latest closed quality round's results by criterion and sector (kind round; left out while none has closed)"`
	Stories      []SelectedStoryJSON      `json:"stories,omitempty" jsonschema:"description=The stories the top panels selected in cycles overlapping the period whose tellers agreed to publication (never a story not to be published, whoever asks), with every panel's reasons, as the reader may read them (kind stories)"`
	Indicators   []IndicatorResult        `json:"indicators,omitempty"`
	Partnerships []PartnershipCommitments `json:"partnerships,omitempty"`
	Reports      *ReportSummary           `json:"reports,omitempty"`
}

// Impact is a community's impact report for a period.
type Impact struct {
	Period   string          `json:"period"`
	From     string          `json:"from" jsonschema:"format=date"`
	To       string          `json:"to" jsonschema:"format=date,description=The period's last day"`
	Sections []ImpactSection `json:"sections"`
}

func numberOut(pv app.PeriodValue) PeriodValue {
	out := PeriodValue{Period: pv.Period.String(), Evidence: pv.Evidence}
	if pv.Has {
		v := pv.Value
		out.Value = &v
	}
	if pv.HasProgress {
		p := pv.Progress
		out.Progress = &p
	}
	return out
}

func (api *API) impactOut(r *http.Request, v app.ImpactView) Impact {
	out := Impact{Period: v.Period.String(), From: v.Period.From(), To: v.Period.Last()}
	for _, s := range v.Sections {
		sec := ImpactSection{Kind: s.Kind}
		if s.Profile != nil {
			p := profileVersionOut(*s.Profile)
			sec.Profile = &p
		}
		if s.Round != nil {
			res := api.resultsOut(r, *s.Round)
			sec.Round = &res
		}
		for _, x := range s.Stories {
			sec.Stories = append(sec.Stories, selectedStoryOut(x))
		}
		for _, r := range s.Indicators {
			ir := IndicatorResult{Indicator: indicatorOut(r.Indicator), Values: []PeriodValue{}}
			for _, pv := range r.Values {
				ir.Values = append(ir.Values, numberOut(pv))
			}
			sec.Indicators = append(sec.Indicators, ir)
		}
		for _, p := range s.Partnerships {
			sec.Partnerships = append(sec.Partnerships, partnershipCommitmentsOut(p))
		}
		if s.Reports != nil {
			sec.Reports = &ReportSummary{Requested: s.Reports.Requested, Submitted: s.Reports.Submitted, Partnerships: s.Reports.Partnerships,
				Kept: s.Reports.Kept, Missed: s.Reports.Missed, Given: []PublishedReport{}}
			for _, r := range s.Published {
				pr := PublishedReport{OrganizationID: r.OrgID, Organization: r.OrgName, InitiativeID: r.InitiativeID, Initiative: r.InitiativeTitle,
					ReviewOn: r.ReviewOn, Stories: []PublishedStory{}}
				for _, x := range r.Stories {
					pr.Stories = append(pr.Stories, PublishedStory{ID: x.ID, Title: x.Title, Domain: x.Domain, Language: x.Language})
				}
				sec.Reports.Given = append(sec.Reports.Given, pr)
			}
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

func selectedStoryOut(x app.SelectedStory) SelectedStoryJSON {
	j := SelectedStoryJSON{Cycle: cycleOut(x.Cycle), Story: storyOut(x.Story), Selections: []MSCSelection{}}
	for _, sel := range x.Selections {
		j.Selections = append(j.Selections, selectionOut(sel))
	}
	return j
}

func partnershipCommitmentsOut(p store.PartnershipCommitments) PartnershipCommitments {
	return PartnershipCommitments{PartnershipID: p.PartnershipID, InitiativeID: p.InitiativeID, Initiative: p.Title, Status: string(p.Status),
		ReviewOn: p.ReviewOn, Kept: p.Kept, Missed: p.Missed, Pending: p.Pending}
}

// The IATI Standard 2.03 results, as JSON: result → indicator → baseline
// and period (target, actual). Element and attribute names follow the
// standard's XML, with hyphens as underscores.
type (
	// IATIResults holds the community's indicators as one IATI result.
	IATIResults struct {
		Version string       `json:"iati_version" jsonschema:"description=2.03"`
		Result  []IATIResult `json:"result"`
	}
	// IATIResult is a result element: type 2 (outcome).
	IATIResult struct {
		Type      string          `json:"type" jsonschema:"description=IATI ResultType code; 2 is outcome"`
		Title     IATINarratives  `json:"title"`
		Indicator []IATIIndicator `json:"indicator"`
	}
	// IATINarratives is a title: narratives in a language.
	IATINarratives struct {
		Narrative []IATINarrative `json:"narrative"`
	}
	// IATINarrative is one narrative element.
	IATINarrative struct {
		Text string `json:"text"`
		Lang string `json:"xml_lang,omitempty"`
	}
	// IATIIndicator is an indicator element.
	IATIIndicator struct {
		Measure   string         `json:"measure" jsonschema:"description=IATI IndicatorMeasure code: 1 unit, 2 percentage"`
		Ascending string         `json:"ascending" jsonschema:"enum=1,enum=0"`
		Title     IATINarratives `json:"title"`
		Baseline  []IATIBaseline `json:"baseline"`
		Period    []IATIPeriod   `json:"period"`
	}
	// IATIBaseline is a baseline element.
	IATIBaseline struct {
		Year    int    `json:"year"`
		ISODate string `json:"iso_date"`
		Value   string `json:"value"`
	}
	// IATIPeriod is a period element with its target and actual.
	IATIPeriod struct {
		PeriodStart IATIDate    `json:"period_start"`
		PeriodEnd   IATIDate    `json:"period_end"`
		Target      []IATIValue `json:"target"`
		Actual      []IATIValue `json:"actual" jsonschema:"description=Empty when there is no value for the period"`
	}
	// IATIDate is an iso-date attribute.
	IATIDate struct {
		ISODate string `json:"iso_date"`
	}
	// IATIValue is a target or actual value, with where it comes from.
	IATIValue struct {
		Value        string   `json:"value"`
		DocumentLink []string `json:"document_link,omitempty" jsonschema:"description=The page listing the evidence"`
	}
)

// IATIOf writes an impact report's indicators as IATI results; base is
// the site's address, for the evidence links.
func IATIOf(c commons.Community, v app.ImpactView, base, lang string) IATIResults {
	res := IATIResult{Type: "2", Title: IATINarratives{Narrative: []IATINarrative{{Text: c.Name, Lang: lang}}}, Indicator: []IATIIndicator{}}
	if s, ok := v.Section(app.SectionIndicators); ok {
		for _, r := range s.Indicators {
			ind := IATIIndicator{Measure: "1", Ascending: "1", Title: IATINarratives{Narrative: []IATINarrative{{Text: r.Name, Lang: lang}}},
				Period: []IATIPeriod{}}
			if r.Source == commons.IndicatorCommitmentsKept {
				ind.Measure = "2"
			}
			if r.Direction == commons.IndicatorDecrease {
				ind.Ascending = "0"
			}
			if bp, ok := commons.ParsePeriod(r.BaselinePeriod); ok {
				ind.Baseline = []IATIBaseline{{Year: bp.Year, ISODate: bp.From(), Value: app.FormatValue(r.Baseline)}}
			}
			for _, pv := range r.Values {
				p := IATIPeriod{PeriodStart: IATIDate{pv.Period.From()}, PeriodEnd: IATIDate{pv.Period.Last()},
					Target: []IATIValue{{Value: app.FormatValue(r.Target)}}, Actual: []IATIValue{}}
				if pv.Has {
					p.Actual = append(p.Actual, IATIValue{Value: app.FormatValue(pv.Value), DocumentLink: []string{base + pv.Evidence}})
				}
				ind.Period = append(ind.Period, p)
			}
			res.Indicator = append(res.Indicator, ind)
		}
	}
	return IATIResults{Version: "2.03", Result: []IATIResult{res}}
}

// ReportCommitmentIn says whether one of the party's commitments was kept.
type ReportCommitmentIn struct {
	CommitmentID string `json:"commitment_id"`
	Status       string `json:"status" jsonschema:"enum=kept,enum=missed"`
	Comment      string `json:"comment,omitempty" jsonschema:"maxLength=1000"`
}

// ReportValueIn is a reported indicator's value given in a report.
type ReportValueIn struct {
	IndicatorID string `json:"indicator_id"`
	ValueIn
}

// ReportIn is a party's report.
type ReportIn struct {
	Narrative   string               `json:"narrative,omitempty" jsonschema:"maxLength=20000,description=Markdown"`
	Links       []string             `json:"links,omitempty" jsonschema:"maxItems=10"`
	Commitments []ReportCommitmentIn `json:"commitments,omitempty" jsonschema:"description=The party's commitments in the partnership's version the report is about; each at most once"`
	Values      []ReportValueIn      `json:"values,omitempty" jsonschema:"description=Values of reported indicators"`
	Stories     []string             `json:"stories,omitempty" jsonschema:"maxItems=10,description=Ids of Most Significant Change stories to attach; each one the caller may read"`
}

func (in ReportIn) fields() commons.ReportFields {
	f := commons.ReportFields{Narrative: in.Narrative, Links: in.Links, Stories: in.Stories}
	for _, c := range in.Commitments {
		f.Commitments = append(f.Commitments, commons.ReportCommitment{CommitmentID: c.CommitmentID, Status: commons.CommitmentStatus(c.Status), Comment: c.Comment})
	}
	for _, v := range in.Values {
		f.Values = append(f.Values, commons.ReportValue{IndicatorID: v.IndicatorID, ValueFields: commons.ValueFields{Period: v.Period,
			Value: v.Value, Note: v.Note, Source: v.Source}})
	}
	return f
}

// ReportCommitment is what a report says of a commitment.
type ReportCommitment struct {
	CommitmentID string `json:"commitment_id"`
	Description  string `json:"description"`
	Status       string `json:"status" jsonschema:"enum=kept,enum=missed"`
	Comment      string `json:"comment"`
}

// PartnerReport is one party's report on a partnership.
type PartnerReport struct {
	ID             string             `json:"id"`
	PartnershipID  string             `json:"partnership_id"`
	InitiativeID   string             `json:"initiative_id"`
	Initiative     string             `json:"initiative"`
	Version        int                `json:"version"`
	OrganizationID string             `json:"organization_id"`
	Organization   string             `json:"organization"`
	ReviewOn       string             `json:"review_on" jsonschema:"format=date"`
	ClosesOn       string             `json:"closes_on" jsonschema:"format=date,description=The last day it can be submitted"`
	Status         string             `json:"status" jsonschema:"enum=requested,enum=submitted"`
	Narrative      string             `json:"narrative"`
	Links          []string           `json:"links"`
	Commitments    []ReportCommitment `json:"commitments"`
	Values         []IndicatorValue   `json:"values"`
	Stories        []Story            `json:"stories" jsonschema:"description=The stories it attaches that the caller may read, as the caller may read them; empty in lists"`
	SubmittedAt    *time.Time         `json:"submitted_at,omitempty"`
	May            PartnerReportMay   `json:"may"`
}

// PartnerReportMay says what the caller may do to a report.
type PartnerReportMay struct {
	Submit bool `json:"submit" jsonschema:"description=The caller is an admin of the party and the report is open"`
}

// reportViewOut is a report read in full, with its attached stories.
func reportViewOut(v app.ReportView) PartnerReport {
	out := reportOut(v.PartnerReport, v.May)
	for _, st := range v.Attached {
		out.Stories = append(out.Stories, storyOut(st))
	}
	return out
}

func reportOut(r commons.PartnerReport, may app.ReportMay) PartnerReport {
	out := PartnerReport{ID: r.ID, PartnershipID: r.PartnershipID, InitiativeID: r.InitiativeID, Initiative: r.InitiativeTitle, Version: r.Version,
		OrganizationID: r.OrgID, Organization: r.OrgName, ReviewOn: r.ReviewOn, ClosesOn: r.ClosesOn, Status: string(r.Status),
		Narrative: r.Narrative, Links: r.Links, Commitments: []ReportCommitment{}, Values: []IndicatorValue{}, Stories: []Story{}, SubmittedAt: r.SubmittedAt,
		May: PartnerReportMay{Submit: may.Submit}}
	if out.Links == nil {
		out.Links = []string{}
	}
	for _, c := range r.Commitments {
		out.Commitments = append(out.Commitments, ReportCommitment{CommitmentID: c.CommitmentID, Description: c.Description, Status: string(c.Status), Comment: c.Comment})
	}
	for _, v := range r.Values {
		out.Values = append(out.Values, valueOut(v))
	}
	return out
}

// AskReportsIn names the initiative whose partnership's parties are asked.
type AskReportsIn struct {
	InitiativeID string `json:"initiative_id"`
}

// AskedReports says how many parties were asked (0 when they were today).
type AskedReports struct {
	Asked int `json:"asked"`
}

var periodQuery = []queryParam{{name: "period", typ: "string", description: "YYYY or YYYY-Qn; this year when left out"}}

func (api *API) impactPeriod(ctx context.Context, r *http.Request) (app.Scope, commons.Period, error) {
	s, err := api.scope(ctx, r)
	if err != nil {
		return s, commons.Period{}, err
	}
	p, err := api.App.Period(s.Community, r.URL.Query().Get("period"))
	return s, p, err
}

func (api *API) routesImpact() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/impact", id: "getImpact",
		summary: "The community's impact report for a period: the Profile's current version, the latest quality round's results, the selected stories with the panels' reasons, indicators against targets, partnerships and their commitments, partner reports counted; for everyone where the community takes anyone, for members where it takes members by application",
		status:  http.StatusOK, query: periodQuery, errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Impact, error) {
			s, p, err := api.impactPeriod(ctx, r)
			if err != nil {
				return Impact{}, err
			}
			v, err := api.App.Impact(ctx, s, p)
			return api.impactOut(r, v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/impact/iati", id: "getImpactIATI",
		summary: "The community's indicators as IATI 2.03 results (indicator → baseline, period → target, actual), in JSON",
		status:  http.StatusOK, query: periodQuery, errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (IATIResults, error) {
			s, p, err := api.impactPeriod(ctx, r)
			if err != nil {
				return IATIResults{}, err
			}
			v, err := api.App.Impact(ctx, s, p)
			scheme := "https://"
			if r.TLS == nil {
				scheme = "http://"
			}
			return IATIOf(s.Community, v, scheme+r.Host, s.Community.Languages[0]), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/indicators", id: "listIndicators",
		summary: "The community's indicators", status: http.StatusOK, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]Indicator, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.Indicators(ctx, s)
			out := make([]Indicator, 0, len(list))
			for _, i := range list {
				out = append(out, indicatorOut(i))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/indicators", id: "createIndicator",
		summary: "Define an indicator (editors)", status: http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *IndicatorIn) (Indicator, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Indicator{}, err
			}
			i, err := api.App.CreateIndicator(ctx, s, in.fields())
			return indicatorOut(i), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/indicators/{id}", id: "getIndicator",
		summary: "One indicator", status: http.StatusOK, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Indicator, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Indicator{}, err
			}
			i, err := api.App.Indicator(ctx, s, r.PathValue("id"))
			return indicatorOut(i), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/indicators/{id}", id: "updateIndicator",
		summary: "Change an indicator (editors)", status: http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *IndicatorIn) (Indicator, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Indicator{}, err
			}
			i, err := api.App.UpdateIndicator(ctx, s, r.PathValue("id"), in.fields())
			return indicatorOut(i), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/communities/{slug}/indicators/{id}", id: "deleteIndicator",
		summary: "Remove an indicator and its values (editors)", status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.DeleteIndicator(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/indicators/{id}/values", id: "listIndicatorValues",
		summary: "The values reported for an indicator in a year (its own and its quarters'), oldest first",
		status:  http.StatusOK, query: []queryParam{{name: "year", typ: "integer", description: "This year when left out"}}, errors: []int{400, 401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]IndicatorValue, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			year := api.App.DefaultPeriod(s.Community).Year
			if y := r.URL.Query().Get("year"); y != "" {
				if year, err = strconv.Atoi(y); err != nil {
					return nil, commons.Errorf(commons.CodeBadRequest, "error.indicator.year")
				}
			}
			list, err := api.App.IndicatorValues(ctx, s, r.PathValue("id"), year)
			out := make([]IndicatorValue, 0, len(list))
			for _, v := range list {
				out = append(out, valueOut(v))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/indicators/{id}/values", id: "recordIndicatorValue",
		summary: "Enter a reported indicator's value for a period (editors); the latest value of a period counts",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ValueIn) (IndicatorValue, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return IndicatorValue{}, err
			}
			v, err := api.App.RecordValue(ctx, s, r.PathValue("id"), commons.ValueFields{Period: in.Period, Value: in.Value, Note: in.Note, Source: in.Source})
			return valueOut(v), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/indicators/{id}/retired", id: "retireIndicator",
		summary: "Retire an indicator today, keeping its values, or measure it again (editors)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *RetiredIn) (Indicator, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Indicator{}, err
			}
			i, err := api.App.RetireIndicator(ctx, s, r.PathValue("id"), in.Retired)
			return indicatorOut(i), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/partner-reports", id: "listPartnerReports",
		summary: "The partner reports the caller may read: every one for editors, their organizations' partnerships' for members of a party",
		status:  http.StatusOK, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]PartnerReport, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.PartnerReports(ctx, s)
			out := make([]PartnerReport, 0, len(list))
			for _, x := range list {
				out = append(out, reportOut(x, app.ReportMay{}))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/partner-reports", id: "askForPartnerReports",
		summary: "Ask every party of an initiative's active partnership for a report now, as at a review date (editors); asking twice on a day asks once",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *AskReportsIn) (AskedReports, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return AskedReports{}, err
			}
			n, err := api.App.AskForReports(ctx, s, in.InitiativeID)
			return AskedReports{Asked: n}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/partner-reports/{id}", id: "getPartnerReport",
		summary: "One partner report: for the partnership's parties and the community's editors", status: http.StatusOK, auth: true,
		errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (PartnerReport, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return PartnerReport{}, err
			}
			v, err := api.App.PartnerReport(ctx, s, r.PathValue("id"))
			return reportViewOut(v), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/partner-reports/{id}", id: "submitPartnerReport",
		summary: "Submit a party's report (its admins, while open); submitting again replaces it. Each commitment reported kept or missed is marked so, if it is of the version in force",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ReportIn) (PartnerReport, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return PartnerReport{}, err
			}
			v, err := api.App.SubmitPartnerReport(ctx, s, r.PathValue("id"), in.fields())
			return reportViewOut(v), err
		})
}
