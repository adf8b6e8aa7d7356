package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkImpactPage computes the impact page of a generated community
// (region-001) for this year: every computed indicator (space hours and
// volunteer hours quarterly, four queries each), the partnerships and
// their commitments, the partner reports counted — what GET
// /c/{slug}/impact computes before it draws.
func BenchmarkImpactPage(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			st, _ := e.Open(b)
			a, s, _, _ := benchRegion(b, st)
			ctx := context.Background()
			for _, src := range commons.IndicatorSources[1:] {
				kind, base := commons.PeriodYear, "2025"
				if src == commons.IndicatorSpaceHours || src == commons.IndicatorVolunteerHours {
					kind, base = commons.PeriodQuarter, "2025-Q4"
				}
				if _, err := st.CreateIndicator(ctx, commons.Indicator{CommunityID: s.Community.ID, Name: string(src), Unit: "x", Source: src,
					Direction: commons.IndicatorIncrease, Period: kind, BaselinePeriod: base, Target: 10}); err != nil {
					b.Fatal(err)
				}
			}
			p := a.DefaultPeriod(s.Community)
			var v app.ImpactView
			for b.Loop() {
				var err error
				if v, err = a.Impact(ctx, s, p); err != nil {
					b.Fatal(err)
				}
			}
			sec, _ := v.Section(app.SectionIndicators)
			if len(sec.Indicators) != 6 {
				b.Fatal(len(sec.Indicators))
			}
			for _, r := range sec.Indicators {
				if last, ok := r.Latest(); ok {
					b.ReportMetric(last.Value, string(r.Source))
				}
			}
		})
	}
}
