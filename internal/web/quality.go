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
	"github.com/commons-project/commons/internal/i18n"
)

// qualityStyles is the stylesheet of the quality pages: the results chart.
const qualityStyles = "/static/quality.css"

func (w *Web) routesQuality(m router) {
	m.Page("GET /c/{slug}/quality", w.qualityRounds)
	m.Form("POST /c/{slug}/quality/criteria", w.addOwnCriterion, w.qualityRounds)
	m.Page("GET /c/{slug}/quality/new", w.newRoundPage)
	m.Form("POST /c/{slug}/quality/new", w.createRound, w.newRoundPage)
	m.Page("GET /c/{slug}/quality/action-points", w.actionPointsPage)
	m.Form("POST /c/{slug}/action-points/{ap}/status", w.markActionPoint, w.actionPointsPage)
	m.Page("GET /c/{slug}/quality/{id}", w.roundPage)
	m.Form("POST /c/{slug}/quality/{id}/panel", w.addPanelist, w.roundPage)
	m.Form("POST /c/{slug}/quality/{id}/panel/{user_id}/remove", w.removePanelist, w.roundPage)
	m.Form("POST /c/{slug}/quality/{id}/ratings/{key}", w.rate, w.roundPage)
	m.Form("POST /c/{slug}/quality/{id}/close", w.closeRound, w.roundPage)
	m.Form("POST /c/{slug}/quality/{id}/action-points", w.addActionPoint, w.roundPage)
	m.Page("GET /c/{slug}/quality/{id}/results", w.roundResults)
	m.Raw("GET /c/{slug}/quality/{id}/ratings.csv", w.ratingsCSV)
}

// criterionName is a criterion in the reader's words.
func criterionName(l *i18n.Localizer, c commons.Criterion) string {
	if c.BuiltIn() {
		return l.T("quality.criterion." + c.Key)
	}
	return c.Name
}

func criterionAbout(l *i18n.Localizer, c commons.Criterion) string {
	if c.BuiltIn() {
		return l.T("quality.criterion." + c.Key + ".about")
	}
	return c.About
}

// shownCriterion is a criterion as a page shows it.
type shownCriterion struct {
	commons.Criterion
	Label, About, GroupLabel string
	// NewGroup starts a UNESCO part in a list.
	NewGroup bool
}

func shownCriteria(l *i18n.Localizer, cs []commons.Criterion) []shownCriterion {
	out := make([]shownCriterion, 0, len(cs))
	group := ""
	for _, c := range cs {
		sc := shownCriterion{Criterion: c, Label: criterionName(l, c), About: criterionAbout(l, c)}
		if c.Group != "" && c.Group != group {
			sc.NewGroup, sc.GroupLabel = true, l.T("quality.group."+c.Group)
		}
		group = c.Group
		out = append(out, sc)
	}
	return out
}

type shownFramework struct {
	Key, Label, About string
	Criteria          []shownCriterion
}

type qualityRoundsData struct {
	app.QualityRoundsPage
	Frameworks []shownFramework
}

// qualityRounds lists the frameworks and the community's rounds.
func (w *Web) qualityRounds(r *http.Request, v *view) (string, error) {
	p, err := w.App.QualityRounds(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	fws, err := w.App.QualityFrameworks(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d := qualityRoundsData{QualityRoundsPage: p}
	for _, f := range fws {
		k := string(f.Framework)
		d.Frameworks = append(d.Frameworks, shownFramework{Key: k, Label: v.L.T("quality.framework." + k),
			About: v.L.T("quality.framework." + k + ".about"), Criteria: shownCriteria(v.L, f.Criteria)})
	}
	v.Title, v.Data, v.Styles = v.L.T("quality.title"), d, []string{qualityStyles}
	return "quality", nil
}

func (w *Web) addOwnCriterion(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.AddOwnCriterion(r.Context(), v.Scope, commons.CriterionFields{Name: f.Get("name"), About: f.Get("about")})
	return done{To: "/c/" + v.Community.Slug + "/quality", Flash: "flash.saved"}, err
}

type newRoundData struct {
	Frameworks []commons.Framework
	Scales     []int
}

// newRoundPage is the form to open a round.
func (w *Web) newRoundPage(r *http.Request, v *view) (string, error) {
	if err := v.Scope.Require(commons.ActionRunQualityRound); err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"frameworks": {string(commons.FrameworkUNESCO)}, "scale": {"4"}}}
	}
	v.Title, v.Data = v.L.T("quality.new.title"), newRoundData{Frameworks: commons.Frameworks, Scales: commons.Scales}
	return "quality_new", nil
}

func (w *Web) createRound(r *http.Request, v *view, f *form) (done, error) {
	scale, _ := strconv.Atoi(f.Get("scale"))
	in := commons.RoundFields{Title: f.Get("title"), PeriodStart: f.Get("period_start"), PeriodEnd: f.Get("period_end"),
		Method: f.Get("method"), Scale: scale}
	for _, x := range f.Values["frameworks"] {
		in.Frameworks = append(in.Frameworks, commons.Framework(x))
	}
	q, err := w.App.CreateRound(r.Context(), v.Scope, in)
	return done{To: "/c/" + v.Community.Slug + "/quality/" + q.ID, Flash: "flash.quality_round_opened"}, err
}

// rateRow is one criterion of the rating form with the reader's rating.
type rateRow struct {
	shownCriterion
	Mine     commons.Rating
	Rated    bool
	Evidence string
	Anchor   string // the form's id, for links back to it
}

type roundData struct {
	app.RoundView
	Criteria     []shownCriterion
	Rows         []rateRow
	Scale        []int
	ActionPoints []app.ActionPointView
	Options      app.QualityOptions
	// Form names the criterion whose form a problem belongs to.
	Form string
}

// roundPage shows a round: its panel, the rating form for panelists, its
// action points, and for those who run it the forms to manage it.
func (w *Web) roundPage(r *http.Request, v *view) (string, error) {
	ctx := r.Context()
	rv, err := w.App.Round(ctx, v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := roundData{RoundView: rv, Criteria: shownCriteria(v.L, rv.Criteria), Form: r.PathValue("key")}
	for i := 1; i <= rv.Scale; i++ {
		d.Scale = append(d.Scale, i)
	}
	for _, c := range d.Criteria {
		mine, ok := rv.Mine[c.Key]
		d.Rows = append(d.Rows, rateRow{shownCriterion: c, Mine: mine, Rated: ok, Evidence: strings.Join(mine.Evidence, "\n"),
			Anchor: rateAnchor(c.Key)})
	}
	if v.May.ReadMembersOnly {
		if d.ActionPoints, err = w.App.ActionPoints(ctx, v.Scope, app.ActionPointFilter{RoundID: rv.ID}); err != nil {
			return "", err
		}
	}
	if v.May.RunQualityRound {
		if d.Options, err = w.App.QualityOptions(ctx, v.Scope); err != nil {
			return "", err
		}
		if v.Form == nil {
			v.Form = &form{Values: map[string][]string{"due": {d.Options.Today}}}
		}
	}
	v.Title, v.Data, v.Styles = rv.Title, d, []string{qualityStyles}
	return "quality_round", nil
}

func (w *Web) roundPath(v *view, r *http.Request) string {
	return "/c/" + v.Community.Slug + "/quality/" + r.PathValue("id")
}

func (w *Web) addPanelist(r *http.Request, v *view, f *form) (done, error) {
	user, org, _ := strings.Cut(f.Get("choice"), ":")
	_, err := w.App.AddPanelist(r.Context(), v.Scope, r.PathValue("id"), user, org)
	if e := commons.ErrorOf(err); err != nil && e.Fields["organization_id"].Key != "" {
		e.Fields["choice"] = e.Fields["organization_id"]
	}
	return done{To: w.roundPath(v, r) + "#panel", Flash: "flash.quality_panelist_added"}, err
}

func (w *Web) removePanelist(r *http.Request, v *view, _ *form) (done, error) {
	err := w.App.RemovePanelist(r.Context(), v.Scope, r.PathValue("id"), r.PathValue("user_id"))
	return done{To: w.roundPath(v, r) + "#panel", Flash: "flash.saved"}, err
}

func (w *Web) rate(r *http.Request, v *view, f *form) (done, error) {
	score, err := strconv.Atoi(f.Get("score"))
	if err != nil {
		score = 0 // refused by the use case, beside the field
	}
	_, err = w.App.Rate(r.Context(), v.Scope, r.PathValue("id"), r.PathValue("key"), commons.RatingFields{Score: score,
		Comment: f.Get("comment"), Evidence: strings.Split(f.Get("evidence"), "\n")})
	return done{To: w.roundPath(v, r) + "#" + rateAnchor(r.PathValue("key")), Flash: "flash.quality_rated"}, err
}

func (w *Web) closeRound(r *http.Request, v *view, _ *form) (done, error) {
	_, err := w.App.CloseRound(r.Context(), v.Scope, r.PathValue("id"))
	return done{To: w.roundPath(v, r) + "/results", Flash: "flash.quality_closed"}, err
}

func (w *Web) addActionPoint(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.AddActionPoint(r.Context(), v.Scope, r.PathValue("id"), commons.ActionPointFields{Text: f.Get("text"),
		OwnerID: f.Get("owner_id"), Due: f.Get("due")})
	return done{To: w.roundPath(v, r) + "#action-points", Flash: "flash.quality_action_added"}, err
}

type actionPointsData struct {
	Points []app.ActionPointView
}

// actionPointsPage lists the community's action points, for members.
func (w *Web) actionPointsPage(r *http.Request, v *view) (string, error) {
	list, err := w.App.ActionPoints(r.Context(), v.Scope, app.ActionPointFilter{})
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("quality.ap.title"), actionPointsData{Points: list}, []string{qualityStyles}
	return "quality_actions", nil
}

func (w *Web) markActionPoint(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.SetActionPointStatus(r.Context(), v.Scope, r.PathValue("ap"), commons.ActionPointStatus(f.Get("status")))
	to := f.Get("back")
	if !commons.IsLocalPath(to) {
		to = "/c/" + v.Community.Slug + "/quality/action-points"
	}
	return done{To: to, Flash: "flash.saved"}, err
}

// resultsChart is a round's results drawn for a page: per criterion, a
// bar per sector of its mean rating, with a table beside it.
type resultsChart struct {
	Width, Height int
	Scale         int
	Ticks         []chartTick
	Rows          []qualityChartRow
	Sectors       []commons.Sector
	Label         string // the chart's title
}

type chartTick struct {
	X     int
	Label string
}

type qualityChartRow struct {
	Y int
	// Label is the criterion's name; Short fits beside the bars.
	Label, Short string
	Bars         []chartBar
	Result       commons.CriterionResult
	// Change is the change since the previous round, signed, "" without one.
	Change string
	Gap    string
}

type chartBar struct {
	Y, Width, TextX int
	Sector          commons.Sector
	Title           string
	Mean            string
}

// Chart geometry, in SVG units.
const (
	chartLabelWidth = 300
	chartBarsWidth  = 360
	chartBarHeight  = 14
	chartGapRow     = 22
)

// drawResults lays out a round's results as a bar chart.
func drawResults(l *i18n.Localizer, res commons.RoundResults) resultsChart {
	ch := resultsChart{Width: chartLabelWidth + chartBarsWidth + 60, Scale: res.Round.Scale, Label: l.T("quality.results.chart")}
	seen := map[commons.Sector]bool{}
	y := 30
	unit := float64(chartBarsWidth) / float64(max(res.Round.Scale, 1))
	for i := 0; i <= res.Round.Scale; i++ {
		ch.Ticks = append(ch.Ticks, chartTick{X: chartLabelWidth + int(math.Round(float64(i)*unit)), Label: strconv.Itoa(i)})
	}
	for _, c := range res.Criteria {
		row := qualityChartRow{Y: y + 12, Label: criterionName(l, c.Criterion), Result: c}
		row.Short = row.Label
		if r := []rune(row.Short); len(r) > 42 {
			row.Short = string(r[:40]) + "…"
		}
		by := y
		for _, s := range c.BySector {
			seen[s.Sector] = true
			wd := int(math.Round(s.Mean * unit))
			mean := decimal(l, math.Round(s.Mean*10)/10)
			row.Bars = append(row.Bars, chartBar{Y: by, Width: wd, TextX: chartLabelWidth + wd + 4, Sector: s.Sector, Mean: mean,
				Title: l.T("quality.results.by_sector_mean", "Sector", l.T("sector."+string(s.Sector)), "Mean", mean)})
			by += chartBarHeight + 2
		}
		if len(c.BySector) == 0 {
			by += chartBarHeight
		}
		if c.HasPrevious {
			row.Change = signed(l, c.Change)
		}
		if len(c.BySector) > 1 {
			row.Gap = decimal(l, math.Round(c.Gap*10)/10)
		}
		ch.Rows = append(ch.Rows, row)
		y = by + chartGapRow
	}
	for _, s := range commons.PanelSectors {
		if seen[s] {
			ch.Sectors = append(ch.Sectors, s)
		}
	}
	ch.Height = y + 10
	return ch
}

// signed writes a change with its sign: +0.5, −1.0.
func signed(l *i18n.Localizer, x float64) string {
	x = math.Round(x*10) / 10
	switch {
	case x > 0:
		return "+" + decimal(l, x)
	case x < 0:
		return "−" + decimal(l, -x)
	}
	return decimal(l, 0)
}

type resultsData struct {
	Results commons.RoundResults
	Chart   resultsChart
	Ratings []shownRating
	May     app.RoundMay
}

type shownRating struct {
	commons.Rating
	Criterion string
}

// roundResults shows a round's results with the chart, the table, and for
// members the ratings with their comments and evidence.
func (w *Web) roundResults(r *http.Request, v *view) (string, error) {
	ctx := r.Context()
	rv, err := w.App.Round(ctx, v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	res, err := w.App.RoundResults(ctx, v.Scope, rv.ID)
	if err != nil {
		return "", err
	}
	d := resultsData{Results: res, Chart: drawResults(v.L, res), May: rv.May}
	if rv.May.Ratings {
		list, err := w.App.RoundRatings(ctx, v.Scope, rv.ID)
		if err != nil {
			return "", err
		}
		names := map[string]string{}
		for _, c := range rv.Criteria {
			names[c.Key] = criterionName(v.L, c)
		}
		for _, x := range list {
			if x.Comment != "" || len(x.Evidence) > 0 {
				d.Ratings = append(d.Ratings, shownRating{Rating: x, Criterion: names[x.CriterionKey]})
			}
		}
	}
	v.Title, v.Data, v.Styles = v.L.T("quality.results.title", "Round", rv.Title), d, []string{qualityStyles}
	return "quality_results", nil
}

// ratingsCSV exports a round's ratings for a spreadsheet, to those who
// may read them.
func (w *Web) ratingsCSV(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	ctx := r.Context()
	rv, err := w.App.Round(ctx, v.Scope, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	list, err := w.App.RoundRatings(ctx, v.Scope, rv.ID)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	orgs := map[string]string{}
	for _, p := range rv.Panel {
		orgs[p.UserID] = p.OrgName
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-quality-%s.csv"`, v.Community.Slug, rv.ID))
	out := csv.NewWriter(rw)
	out.Write([]string{"criterion", "framework", "sector", "organization", "panelist", "score", "scale", "comment", "evidence", "updated_at"})
	for _, x := range list {
		c, _ := rv.Criterion(x.CriterionKey)
		out.Write([]string{x.CriterionKey, string(c.Framework), string(x.Sector), csvCell(orgs[x.UserID]), csvCell(x.Name),
			strconv.Itoa(x.Score), strconv.Itoa(rv.Scale), csvCell(x.Comment), strings.Join(x.Evidence, " "), x.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	out.Flush()
}

// csvCell keeps a spreadsheet from reading text as a formula (OWASP's
// advice on CSV injection): a leading =, +, -, @, tab or return gets an
// apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// decimal writes a number with one decimal as the reader's language does:
// 2.5 in English, 2,5 in Russian.
func decimal(l *i18n.Localizer, x float64) string {
	out := strconv.FormatFloat(x, 'f', 1, 64)
	if l.Lang != "en" && l.Lang != "cy" {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out
}

// rateAnchor is the id of a criterion's rating form.
func rateAnchor(key string) string { return "rate-" + strings.ReplaceAll(key, ".", "-") }

// resultAnchor is the id of a criterion's row in the results table, or of
// its row for one sector.
func resultAnchor(key string, s commons.Sector) string {
	a := "result-" + strings.ReplaceAll(key, ".", "-")
	if s != "" {
		a += "-" + string(s)
	}
	return a
}

// Anchor is the id of a criterion's row (sector "" for everyone's).
func (c qualityChart) Anchor(key string, s commons.Sector) string { return resultAnchor(key, s) }

// At is the round's results page at a criterion's row (sector "" for
// everyone's): where each figure of the table links, so that a figure
// printed on the impact page leads to the round it was computed from.
func (c qualityChart) At(key string, s commons.Sector) string {
	return "/c/" + c.V.Community.Slug + "/quality/" + c.Results.Round.ID + "/results#" + resultAnchor(key, s)
}

// qualityChart is what the quality-chart partial draws: a round's results
// for one reader. ID keeps two charts on one page apart.
type qualityChart struct {
	V       *view
	ID      string
	Results commons.RoundResults
	Chart   resultsChart
}

// Mean writes a mean rating with one decimal in the reader's language.
func (c qualityChart) Mean(x float64) string { return decimal(c.V.L, math.Round(x*10)/10) }

// QualityChart prepares a round's results for the quality-chart partial:
// {{template "quality-chart" ($.QualityChart $results)}}, on the results
// page and wherever else a round's results are shown (the impact page).
func (v *view) QualityChart(res commons.RoundResults) qualityChart {
	return qualityChart{V: v, ID: "quality-" + res.Round.ID, Results: res, Chart: drawResults(v.L, res)}
}

// qualityPoints is what the quality-action-points partial lists.
type qualityPoints struct {
	V         *view
	Points    []app.ActionPointView
	ShowRound bool
	// Back is where marking a point returns to.
	Back string
}

// QualityPoints prepares action points for the quality-action-points
// partial, on a round's page, the list of them and the overview.
func (v *view) QualityPoints(points []app.ActionPointView, showRound bool, back string) qualityPoints {
	return qualityPoints{V: v, Points: points, ShowRound: showRound, Back: back}
}
