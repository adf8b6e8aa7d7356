package web_test

import (
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The indicators' CSV of the demo's year: its columns, one row per
// indicator and period, a reported indicator's row checked by hand
// (baseline 12 last year, target 40, 27 reported: 54 % of the way), and a
// name or unit a spreadsheet would read as a formula kept as text.
func TestIndicatorsCSV(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		a := s.App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		u, err := a.UserByEmail(ctx, "carys@cwm-tawel.example")
		if err != nil {
			t.Fatal(err)
		}
		carys, err := a.Scope(ctx, &u, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		this := a.DefaultPeriod(carys.Community)
		last := commons.Period{Year: this.Year - 1}.String()
		formula, err := a.CreateIndicator(ctx, carys, commons.IndicatorFields{Name: `=HYPERLINK("http://evil.example","Click")`, Unit: "+1",
			Source: commons.IndicatorReported, Direction: commons.IndicatorIncrease, Period: commons.PeriodYear, Baseline: 1, BaselinePeriod: last, Target: 2})
		if err != nil {
			t.Fatal(err)
		}
		inds, err := a.Indicators(ctx, carys)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		for _, i := range inds {
			ids[i.Name] = i.ID
		}

		rec := newBrowser(t, s, "en").do("GET", "/c/"+demo.Slug+"/impact/indicators.csv?period="+this.String(), nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
			!strings.Contains(rec.Header().Get("Content-Disposition"), demo.Slug+"-indicators-"+this.String()+".csv") {
			t.Fatalf("the indicators CSV: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
		}
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := []string{"indicator", "unit", "source", "direction", "period", "baseline", "baseline_period", "target", "actual",
			"progress_percent", "evidence"}
		if len(rows) == 0 || !slices.Equal(rows[0], header) {
			t.Fatalf("the header: %q", rows)
		}
		// One row per yearly indicator, four for the quarterly one.
		if want := 1 + len(inds) - 1 + 4; len(rows) != want {
			t.Errorf("%d rows, want %d: %q", len(rows), want, rows)
		}
		var heat, defused []string
		for _, r := range rows[1:] {
			if len(r) != len(header) {
				t.Fatalf("a row of %d cells: %q", len(r), r)
			}
			switch {
			case r[0] == "Households helped with heating costs":
				heat = r
			case strings.Contains(r[0], "HYPERLINK"):
				defused = r
			}
		}
		evidence := app.EvidencePath(demo.Slug, ids["Households helped with heating costs"], this)
		want := []string{"Households helped with heating costs", "households", "reported", "increase", this.String(), "12", last, "40", "27", "54"}
		if len(heat) != len(header) || !slices.Equal(heat[:10], want) || !strings.HasPrefix(heat[10], "http") || !strings.HasSuffix(heat[10], evidence) {
			t.Errorf("the heating row: %q, want %q then …%s", heat, want, evidence)
		}
		if len(defused) != len(header) || defused[0] != `'`+formula.Name || defused[1] != "'+1" || defused[8] != "" || defused[9] != "" {
			t.Errorf("the formula's row: %q", defused)
		}
	})
}
