package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/api"
	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's indicators as IATI results: one outcome result holding each
// indicator, with its baseline (year, first day, value) and a period per
// part of the year asked, each with its target and, where there is a
// value, the actual linked to its evidence page.
func TestImpactIATIOfDemo(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s.App, false); err != nil {
			t.Fatal(err)
		}
		scope, err := s.App.Scope(ctx, nil, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		this := s.App.DefaultPeriod(scope.Community)
		last := this.Year - 1
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/" + demo.Slug + "/impact/iati?period=" + this.String()})
		ts.Status(t, rec, 200)
		var got api.IATIResults
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Version != "2.03" || len(got.Result) != 1 || got.Result[0].Type != "2" || got.Result[0].Title.Narrative[0].Text != scope.Community.Name {
			t.Fatalf("result: %+v", got)
		}
		byName := map[string]api.IATIIndicator{}
		for _, ind := range got.Result[0].Indicator {
			byName[ind.Title.Narrative[0].Text] = ind
		}
		ids := map[string]string{}
		inds, err := s.App.Indicators(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range inds {
			ids[i.Name] = i.ID
		}

		// A reported yearly indicator, hand-checked: baseline 12 last
		// year, target 40, 27 reported this year.
		heat, ok := byName["Households helped with heating costs"]
		if !ok {
			t.Fatalf("no heating indicator among %d", len(byName))
		}
		year := this.String()
		if heat.Measure != "1" || heat.Ascending != "1" || len(heat.Baseline) != 1 || heat.Baseline[0].Year != last ||
			heat.Baseline[0].ISODate != (commons.Period{Year: last}).From() || heat.Baseline[0].Value != "12" {
			t.Errorf("heating indicator: %+v", heat)
		}
		if len(heat.Period) != 1 {
			t.Fatalf("heating periods: %+v", heat.Period)
		}
		p := heat.Period[0]
		evidence := app.EvidencePath(demo.Slug, ids["Households helped with heating costs"], this)
		if p.PeriodStart.ISODate != year+"-01-01" || p.PeriodEnd.ISODate != year+"-12-31" || len(p.Target) != 1 || p.Target[0].Value != "40" ||
			len(p.Actual) != 1 || p.Actual[0].Value != "27" || len(p.Actual[0].DocumentLink) != 1 ||
			!strings.HasPrefix(p.Actual[0].DocumentLink[0], "http") || !strings.HasSuffix(p.Actual[0].DocumentLink[0], evidence) {
			t.Errorf("heating period: %+v; want the evidence %s", p, evidence)
		}

		// A quarterly one: a period per quarter, its baseline last Q4.
		space := byName["Hours of shared space used"]
		if len(space.Period) != 4 || space.Period[1].PeriodStart.ISODate != year+"-04-01" || space.Period[1].PeriodEnd.ISODate != year+"-06-30" ||
			len(space.Baseline) != 1 || space.Baseline[0].ISODate != (commons.Period{Year: last, Quarter: 4}).From() || space.Baseline[0].Value != "20" {
			t.Errorf("space hours: %+v", space)
		}
		// A percentage is measure 2.
		if kept := byName["Commitments kept"]; kept.Measure != "2" {
			t.Errorf("commitments kept: measure %q", kept.Measure)
		}
		if len(byName) != len(inds) {
			t.Errorf("%d IATI indicators; the community measures %d this year", len(byName), len(inds))
		}
	})
}

// IATIOf writes an indicator that decreases as not ascending, a period
// without a value with no actual, and no baseline for a period it cannot
// read.
func TestIATIOfWithoutValue(t *testing.T) {
	p := commons.Period{Year: 2031}
	v := app.ImpactView{Period: p, Sections: []app.ImpactSection{{Kind: app.SectionIndicators, Indicators: []app.IndicatorResult{{
		Indicator: commons.Indicator{ID: "i1", Name: "Waiting list", Unit: "people", Source: commons.IndicatorReported,
			Direction: commons.IndicatorDecrease, Baseline: 30, BaselinePeriod: "", Target: 10},
		Values: []app.PeriodValue{{Period: p, Evidence: "/c/x/impact/evidence/i1?period=2031"}},
	}}}}}
	got := api.IATIOf(commons.Community{Name: "X"}, v, "https://commons.example", "cy")
	ind := got.Result[0].Indicator[0]
	if ind.Ascending != "0" || ind.Measure != "1" || len(ind.Baseline) != 0 || ind.Title.Narrative[0].Lang != "cy" {
		t.Errorf("indicator: %+v", ind)
	}
	if len(ind.Period) != 1 || len(ind.Period[0].Actual) != 0 || ind.Period[0].Target[0].Value != "10" ||
		ind.Period[0].PeriodStart.ISODate != "2031-01-01" || ind.Period[0].PeriodEnd.ISODate != "2031-12-31" {
		t.Errorf("period: %+v", ind.Period)
	}
}
