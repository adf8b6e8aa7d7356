package web

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// impactStyles is the stylesheet of the impact pages: the charts, and the
// print rules that make the impact page read as the annual report.
const impactStyles = "/static/impact.css"

// routesImpact adds the impact report, its evidence and exports, the
// editors' indicators and the partner reports.
func (w *Web) routesImpact(m router) {
	m.Page("GET /c/{slug}/impact", w.impact)
	m.Page("GET /c/{slug}/impact/evidence/{id}", w.evidence)
	m.Raw("GET /c/{slug}/impact/indicators.csv", w.indicatorsCSV)
	m.Raw("GET /c/{slug}/impact/reports.csv", w.reportsCSV)
	m.Page("GET /c/{slug}/impact/indicators", w.indicatorsPage)
	m.Form("POST /c/{slug}/impact/indicators", w.createIndicator, w.indicatorsPage)
	m.Form("POST /c/{slug}/impact/indicators/{id}/values", w.recordValue, w.indicatorPage)
	m.Form("POST /c/{slug}/impact/indicators/{id}/delete", w.deleteIndicator, w.indicatorsPage)
	m.Form("POST /c/{slug}/impact/partnerships/{id}/reports", w.askForReports, w.impact)
	m.Page("GET /c/{slug}/partner-reports", w.partnerReports)
	m.Page("GET /c/{slug}/partner-reports/{id}", w.partnerReport)
	m.Form("POST /c/{slug}/partner-reports/{id}", w.submitPartnerReport, w.partnerReport)
	m.Page("GET /c/{slug}/impact/indicators/{id}", w.indicatorPage)
	m.Form("POST /c/{slug}/impact/indicators/{id}", w.updateIndicator, w.indicatorPage)
	m.Form("POST /c/{slug}/impact/indicators/{id}/retired", w.retireIndicator, w.indicatorPage)
}

// Number writes a figure in the reader's language: at most one decimal,
// digits grouped by thousands.
func (v *view) Number(x float64) string {
	x = math.Round(x*10) / 10
	neg := x < 0
	whole, frac := math.Modf(math.Abs(x))
	digits := strconv.FormatFloat(whole, 'f', 0, 64)
	sep, dec := ",", "."
	if v.Lang == "ru" {
		sep, dec = "\u00a0", ","
	}
	var b strings.Builder
	for n, d := range digits {
		if n > 0 && (len(digits)-n)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	if f := int(math.Round(frac * 10)); f > 0 {
		b.WriteString(dec + strconv.Itoa(f))
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// PeriodName writes a period in the reader's words: "2031", "Q2 2031".
func (v *view) PeriodName(p commons.Period) string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return v.L.T("impact.quarter", "Quarter", p.Quarter, "Year", p.Year)
}

// PeriodText writes a period given as text ("2026-Q2") in the reader's
// words, and anything else as it is.
func (v *view) PeriodText(s string) string {
	if p, ok := commons.ParsePeriod(s); ok {
		return v.PeriodName(p)
	}
	return s
}

// bar is one bar of a chart, its length in the chart's units.
type bar struct {
	Label, Value        string
	TextY, RectY, Width int
	ValueX              int
	Class               string
}

// chart is a horizontal bar chart drawn as SVG, with a title and a
// description for screen readers; the page shows its data as a table too.
type chart struct {
	ID, Title, Desc string
	Height          int
	Bars            []bar
}

const (
	chartLabel = 130 // the width of the labels' column
	chartBars  = 330 // the bars' full length
	chartRow   = 26
)

// indicatorChart draws an indicator's baseline, target and values.
func indicatorChart(v *view, r app.IndicatorResult) chart {
	c := chart{ID: "chart-" + r.ID, Title: r.Name}
	top := math.Max(math.Max(r.Baseline, r.Target), 0)
	for _, pv := range r.Values {
		if pv.Has {
			top = math.Max(top, pv.Value)
		}
	}
	if top == 0 {
		top = 1
	}
	add := func(label string, x float64, has bool, class string) {
		y := len(c.Bars) * chartRow
		b := bar{Label: label, TextY: y + 17, RectY: y + 4, Class: class, Value: v.L.T("impact.no_value")}
		if has {
			b.Value, b.Width = v.Number(x)+" "+r.Unit, int(math.Round(chartBars*math.Max(x, 0)/top))
		}
		b.ValueX = chartLabel + b.Width + 6
		c.Bars = append(c.Bars, b)
	}
	add(v.L.T("impact.baseline"), r.Baseline, true, "baseline")
	for _, pv := range r.Values {
		add(v.PeriodName(pv.Period), pv.Value, pv.Has, "actual")
	}
	add(v.L.T("impact.target"), r.Target, true, "target")
	parts := make([]string, 0, len(c.Bars))
	for _, b := range c.Bars {
		parts = append(parts, b.Label+": "+b.Value)
	}
	c.Desc = strings.Join(parts, "; ")
	c.Height = len(c.Bars) * chartRow
	return c
}

// stack is one partnership's commitments as a stacked bar.
type stack struct {
	store.PartnershipCommitments
	Label                    string
	TextY, RectY             int
	KeptW, MissedW, PendingW int
	MissedX, PendingX        int
}

// impactData is the impact page: its sections with their charts.
type impactData struct {
	app.ImpactView
	Charts map[string]chart
	Stacks []stack
	// StacksHeight is the partnerships chart's height.
	StacksHeight int
	Today        string
	// Profile is the Profile's current version's sections, for the
	// profile-section partial; Stories the selected stories, for the
	// msc-selected-story partial.
	Profile []profileSection
	Stories []selectedStory
	// Links are where each indicator's baseline and target link, by id
	// (indicatorLinksOf); Cycles the cycles of the selected stories, for
	// their stories' CSV.
	Links  map[string]indicatorLinks
	Cycles []app.MSCCycleView
	// Round is the round section's round, for its ratings' CSV.
	Round *commons.RoundResults
}

// indicatorLinks are where an indicator's baseline and target lead: the
// indicator's page (its values and their sources) for those who manage
// indicators; for other readers, who may not open that page, the evidence
// page of the baseline's period and of the report's period, which show
// the value, the target and what they came from.
type indicatorLinks struct{ Baseline, Target string }

func indicatorLinksOf(v *view, ir app.IndicatorResult, p commons.Period, manage bool) indicatorLinks {
	if manage {
		page := "/c/" + v.Community.Slug + "/impact/indicators/" + ir.ID
		return indicatorLinks{Baseline: page, Target: page}
	}
	l := indicatorLinks{Baseline: app.EvidencePath(v.Community.Slug, ir.ID, p), Target: app.EvidencePath(v.Community.Slug, ir.ID, p)}
	if bp, ok := commons.ParsePeriod(ir.BaselinePeriod); ok {
		l.Baseline = app.EvidencePath(v.Community.Slug, ir.ID, bp)
	}
	return l
}

func (w *Web) impact(r *http.Request, v *view) (string, error) {
	p, err := w.App.Period(*v.Community, r.URL.Query().Get("period"))
	if err != nil {
		return "", err
	}
	im, err := w.App.Impact(r.Context(), v.Scope, p)
	if err != nil {
		return "", err
	}
	d := impactData{ImpactView: im, Charts: map[string]chart{}, Links: map[string]indicatorLinks{}}
	if s, ok := im.Section(app.SectionProfile); ok && s.Profile != nil {
		d.Profile = profileSections(v, *s.Profile)
	}
	if s, ok := im.Section(app.SectionRound); ok {
		d.Round = s.Round
	}
	if s, ok := im.Section(app.SectionStories); ok {
		d.Stories = selectedStoryViews(v, s.Stories)
		seen := map[string]bool{}
		for _, st := range s.Stories {
			if !seen[st.Cycle.ID] {
				seen[st.Cycle.ID] = true
				d.Cycles = append(d.Cycles, st.Cycle)
			}
		}
	}
	if s, ok := im.Section(app.SectionIndicators); ok {
		for _, ir := range s.Indicators {
			d.Charts[ir.ID] = indicatorChart(v, ir)
			d.Links[ir.ID] = indicatorLinksOf(v, ir, p, im.May.ManageIndicators)
		}
	}
	if s, ok := im.Section(app.SectionPartnerships); ok {
		top := 1
		for _, pc := range s.Partnerships {
			top = max(top, pc.Kept+pc.Missed+pc.Pending)
		}
		for n, pc := range s.Partnerships {
			w := func(x int) int { return chartBars * x / top }
			st := stack{PartnershipCommitments: pc, Label: pc.Title, TextY: n*chartRow + 17, RectY: n*chartRow + 4,
				KeptW: w(pc.Kept), MissedW: w(pc.Missed), PendingW: w(pc.Pending)}
			if r := []rune(st.Label); len(r) > 18 {
				st.Label = string(r[:17]) + "…"
			}
			st.MissedX = chartLabel + st.KeptW
			st.PendingX = st.MissedX + st.MissedW
			d.Stacks = append(d.Stacks, st)
		}
		d.StacksHeight = len(d.Stacks) * chartRow
	}
	v.Title = v.L.T("impact.title", "Community", v.Community.Name, "Period", v.PeriodName(p))
	v.Data, v.Styles, v.NoHTMX = d, []string{profileStyles, qualityStyles, impactStyles}, true
	return "impact", nil
}

// evidenceData is an indicator's evidence page.
type evidenceData struct {
	app.EvidenceView
	Counted int
}

func (w *Web) evidence(r *http.Request, v *view) (string, error) {
	p, err := w.App.Period(*v.Community, r.URL.Query().Get("period"))
	if err != nil {
		return "", err
	}
	e, err := w.App.Evidence(r.Context(), v.Scope, r.PathValue("id"), p)
	if err != nil {
		return "", err
	}
	d := evidenceData{EvidenceView: e}
	for _, it := range e.Items {
		if it.Counted {
			d.Counted++
		}
	}
	v.Title = v.L.T("impact.evidence.title", "Indicator", e.Indicator.Name, "Period", v.PeriodName(p))
	v.Data, v.Styles, v.NoHTMX = d, []string{impactStyles}, true
	return "impact_evidence", nil
}

// EvidenceLink is the page of a record an indicator counted.
func (v *view) EvidenceLink(it store.EvidenceItem) string {
	c := "/c/" + v.Community.Slug
	switch it.Kind {
	case "activity":
		return c + "/activities/" + it.ID
	case "booking":
		return c + "/resources/" + it.Path
	case "partnership", "commitment":
		return c + "/initiatives/" + it.Path + "/partnership"
	case "initiative":
		return c + "/initiatives/" + it.ID
	case "organization":
		return c + "/organizations/" + it.ID
	}
	return ""
}

// impactCSV answers one of the impact page's exports for the period
// asked: read reads what it holds (failing before anything is written),
// and the returned function writes its rows after the header.
func (w *Web) impactCSV(rw http.ResponseWriter, r *http.Request, name string, header []string,
	read func(v *view, p commons.Period) (func(out *csv.Writer, base string), error)) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	p, err := w.App.Period(*v.Community, r.URL.Query().Get("period"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rows, err := read(v, p)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s-%s.csv"`, v.Community.Slug, name, p))
	base := "https://" + r.Host
	if r.TLS == nil {
		base = "http://" + r.Host
	}
	out := csv.NewWriter(rw)
	_ = out.Write(header)
	rows(out, base)
	out.Flush()
}

// indicatorsCSV exports the indicators' values per period of the year
// asked, for a spreadsheet.
func (w *Web) indicatorsCSV(rw http.ResponseWriter, r *http.Request) {
	w.impactCSV(rw, r, "indicators", []string{"indicator", "unit", "source", "direction", "period", "baseline", "baseline_period", "target",
		"actual", "progress_percent", "evidence"}, func(v *view, p commons.Period) (func(*csv.Writer, string), error) {
		im, err := w.App.Impact(r.Context(), v.Scope, p)
		s, _ := im.Section(app.SectionIndicators)
		return func(out *csv.Writer, base string) { indicatorRows(out, base, s.Indicators) }, err
	})
}

// reportsCSV exports the public summary's partner reports of the period:
// one row per story a report attaches whose teller consented to
// publication (app.PublishedReports decides which), or one row with empty
// story columns for a report without any; no narrative, no names.
func (w *Web) reportsCSV(rw http.ResponseWriter, r *http.Request) {
	w.impactCSV(rw, r, "partner-reports", []string{"organization", "initiative", "review_on", "story_id", "story_title", "story_domain",
		"story_language", "story_url"}, func(v *view, p commons.Period) (func(*csv.Writer, string), error) {
		rs, err := w.App.PublishedReports(r.Context(), v.Scope, p)
		return func(out *csv.Writer, base string) {
			for _, rp := range rs {
				head := []string{csvSafe(rp.OrgName), csvSafe(rp.InitiativeTitle), rp.ReviewOn}
				if len(rp.Stories) == 0 {
					_ = out.Write(append(head, "", "", "", "", ""))
				}
				for _, st := range rp.Stories {
					_ = out.Write(append(head[:3:3], st.ID, csvSafe(st.Title), st.Domain, st.Language, base+st.Path))
				}
			}
		}, err
	})
}

func indicatorRows(out *csv.Writer, base string, inds []app.IndicatorResult) {
	for _, ir := range inds {
		for _, pv := range ir.Values {
			actual, progress := "", ""
			if pv.Has {
				actual = app.FormatValue(pv.Value)
			}
			if pv.HasProgress {
				progress = strconv.Itoa(pv.Progress)
			}
			_ = out.Write([]string{csvSafe(ir.Name), csvSafe(ir.Unit), string(ir.Source), string(ir.Direction), pv.Period.String(),
				app.FormatValue(ir.Baseline), ir.BaselinePeriod, app.FormatValue(ir.Target), actual, progress, base + pv.Evidence})
		}
	}
}

// csvSafe keeps a cell a spreadsheet would read as a formula as text.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// indicatorsData is the editors' page of indicators.
type indicatorsData struct {
	Indicators []commons.Indicator
	Sources    []commons.IndicatorSource
	Directions []commons.IndicatorDirection
	Kinds      []commons.PeriodKind
	Period     string
}

func (w *Web) indicatorsPage(r *http.Request, v *view) (string, error) {
	if err := v.Scope.Require(commons.ActionManageIndicators); err != nil {
		return "", err
	}
	list, err := w.App.Indicators(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"period": {"year"}, "direction": {"increase"}, "source": {"reported"}}}
	}
	v.Title = v.L.T("impact.indicators.title")
	v.Data = indicatorsData{Indicators: list, Sources: commons.IndicatorSources, Directions: commons.IndicatorDirections,
		Kinds: commons.PeriodKinds, Period: w.App.DefaultPeriod(*v.Community).String()}
	v.Styles = []string{impactStyles}
	return "impact_indicators", nil
}

// number reads a figure as a person writes it ("1,5" or "1.5"); NaN for
// what it cannot read, which the rules refuse with the field to fix.
func number(s string) float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return x
}

func indicatorFields(f *form) commons.IndicatorFields {
	return commons.IndicatorFields{Name: f.Get("name"), Unit: f.Get("unit"), Source: commons.IndicatorSource(f.Get("source")),
		Direction: commons.IndicatorDirection(f.Get("direction")), Period: commons.PeriodKind(f.Get("period")),
		Baseline: number(f.Get("baseline")), BaselinePeriod: f.Get("baseline_period"), Target: number(f.Get("target"))}
}

func (w *Web) createIndicator(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.CreateIndicator(r.Context(), v.Scope, indicatorFields(f))
	return done{To: "/c/" + v.Community.Slug + "/impact/indicators", Flash: "flash.indicator_created"}, err
}

func (w *Web) recordValue(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.RecordValue(r.Context(), v.Scope, r.PathValue("id"), commons.ValueFields{Period: f.Get("value_period"),
		Value: number(f.Get("value")), Note: f.Get("note"), Source: f.Get("value_source")})
	if e := commons.ErrorOf(err); e != nil && e.Fields != nil {
		for _, k := range []string{"period", "source"} {
			if m, ok := e.Fields[k]; ok {
				e.Fields["value_"+k] = m
				delete(e.Fields, k)
			}
		}
	}
	return done{To: "/c/" + v.Community.Slug + "/impact/indicators/" + r.PathValue("id"), Flash: "flash.value_recorded"}, err
}

func (w *Web) deleteIndicator(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.DeleteIndicator(r.Context(), v.Scope, r.PathValue("id"))
	return done{To: "/c/" + v.Community.Slug + "/impact/indicators", Flash: "flash.indicator_deleted"}, err
}

func (w *Web) askForReports(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.AskForReports(r.Context(), v.Scope, r.PathValue("id"))
	return done{To: "/c/" + v.Community.Slug + "/partner-reports", Flash: "flash.reports_asked"}, err
}

func (w *Web) partnerReports(r *http.Request, v *view) (string, error) {
	list, err := w.App.PartnerReports(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("reports.title"), list, []string{impactStyles}
	return "partner_reports", nil
}

// reportData is a partner report's page, with its form for the party's
// admins.
type reportData struct {
	app.ReportView
	// Said is what the report said of each commitment, by id.
	Said      map[string]commons.ReportCommitment
	Narrative any
	Year      string
	// Submitted is when it was last submitted.
	Submitted time.Time
	W         mscWords
}

func (w *Web) partnerReport(r *http.Request, v *view) (string, error) {
	rv, err := w.App.PartnerReport(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := reportData{ReportView: rv, Said: map[string]commons.ReportCommitment{}, Narrative: w.App.Markdown.HTML(rv.Narrative),
		Year: rv.ReviewOn[:4], W: mscWords{v.L}}
	for _, c := range rv.Commitments {
		d.Said[c.CommitmentID] = c
	}
	if rv.SubmittedAt != nil {
		d.Submitted = *rv.SubmittedAt
	}
	if v.Form == nil && rv.May.Submit {
		vals := map[string][]string{"narrative": {rv.Narrative}, "links": {strings.Join(rv.Links, "\n")}, "stories": rv.PartnerReport.Stories}
		for _, c := range rv.Commitments {
			vals["status_"+c.CommitmentID] = []string{string(c.Status)}
			vals["comment_"+c.CommitmentID] = []string{c.Comment}
		}
		for _, x := range rv.Values {
			vals["value_"+x.IndicatorID] = []string{app.FormatValue(x.Value)}
			vals["note_"+x.IndicatorID] = []string{x.Note}
		}
		v.Form = &form{Values: vals}
	}
	v.Title = v.L.T("reports.one", "Org", rv.OrgName, "Initiative", rv.InitiativeTitle)
	v.Data, v.Styles = d, []string{impactStyles}
	return "partner_report", nil
}

func (w *Web) submitPartnerReport(r *http.Request, v *view, f *form) (done, error) {
	rv, err := w.App.PartnerReport(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return done{}, err
	}
	in := commons.ReportFields{Narrative: f.Get("narrative"), Links: strings.Split(f.Get("links"), "\n"), Stories: f.Values["stories"]}
	for _, c := range rv.Due {
		if st := f.Get("status_" + c.ID); st != "" {
			in.Commitments = append(in.Commitments, commons.ReportCommitment{CommitmentID: c.ID, Status: commons.CommitmentStatus(st),
				Comment: f.Get("comment_" + c.ID)})
		}
	}
	period := rv.ReviewOn[:4]
	for _, i := range rv.Indicators {
		if i.Period != commons.PeriodYear {
			continue // the form asks for yearly values; the API takes quarters
		}
		if s := strings.TrimSpace(f.Get("value_" + i.ID)); s != "" {
			in.Values = append(in.Values, commons.ReportValue{IndicatorID: i.ID, ValueFields: commons.ValueFields{Period: period,
				Value: number(s), Note: f.Get("note_" + i.ID)}})
		}
	}
	_, err = w.App.SubmitPartnerReport(r.Context(), v.Scope, rv.ID, in)
	if e := commons.ErrorOf(err); e != nil && e.Fields != nil {
		for k, m := range e.Fields {
			if id, ok := strings.CutPrefix(k, "commitment_"); ok {
				e.Fields["comment_"+id] = m
				delete(e.Fields, k)
			}
			if rest, ok := strings.CutPrefix(k, "value_"); ok && strings.Contains(rest, "_") {
				id, field, _ := strings.Cut(rest, "_")
				name := "value_" + id
				if field == "note" {
					name = "note_" + id
				}
				e.Fields[name] = m
				delete(e.Fields, k)
			}
		}
	}
	return done{To: "/c/" + v.Community.Slug + "/partner-reports/" + rv.ID, Flash: "flash.report_submitted"}, err
}

// indicatorData is the editors' page of one indicator: its form, its
// values of the year and the form to enter one.
type indicatorData struct {
	indicatorsData
	Indicator commons.Indicator
	Values    []commons.IndicatorValue
	Year      int
}

func (w *Web) indicatorPage(r *http.Request, v *view) (string, error) {
	if err := v.Scope.Require(commons.ActionManageIndicators); err != nil {
		return "", err
	}
	i, err := w.App.Indicator(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	p := w.App.CurrentPeriod(*v.Community, i.Period)
	vals, err := w.App.IndicatorValues(r.Context(), v.Scope, i.ID, p.Year)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"name": {i.Name}, "unit": {i.Unit}, "source": {string(i.Source)},
			"direction": {string(i.Direction)}, "period": {string(i.Period)}, "baseline": {app.FormatValue(i.Baseline)},
			"baseline_period": {i.BaselinePeriod}, "target": {app.FormatValue(i.Target)}, "value_period": {p.String()}}}
	}
	v.Title = v.L.T("impact.indicator.title", "Indicator", i.Name)
	v.Data = indicatorData{indicatorsData: indicatorsData{Sources: commons.IndicatorSources, Directions: commons.IndicatorDirections,
		Kinds: commons.PeriodKinds}, Indicator: i, Values: vals, Year: p.Year}
	v.Styles = []string{impactStyles}
	return "impact_indicator", nil
}

func (w *Web) updateIndicator(r *http.Request, v *view, f *form) (done, error) {
	i, err := w.App.UpdateIndicator(r.Context(), v.Scope, r.PathValue("id"), indicatorFields(f))
	return done{To: "/c/" + v.Community.Slug + "/impact/indicators/" + i.ID, Flash: "flash.indicator_saved"}, err
}

func (w *Web) retireIndicator(r *http.Request, v *view, f *form) (done, error) {
	retire := f.Get("retired") != "no"
	i, err := w.App.RetireIndicator(r.Context(), v.Scope, r.PathValue("id"), retire)
	flash := "flash.indicator_retired"
	if !retire {
		flash = "flash.indicator_restored"
	}
	return done{To: "/c/" + v.Community.Slug + "/impact/indicators/" + i.ID, Flash: flash}, err
}
