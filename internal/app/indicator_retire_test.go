package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Retiring an indicator keeps its values and its place in the account of
// the periods begun before; it takes no values and no report asks for it;
// measured again it does. Only editors retire; editing keeps retirement.
func TestRetireIndicator(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w, reports := reportWorld(t, st) // today is 2031-03-01
		ed := w.scope(t, "Founder")
		fields := commons.IndicatorFields{Name: "Meals", Unit: "meals", Source: commons.IndicatorReported, Period: commons.PeriodYear,
			BaselinePeriod: "2030", Target: 10}
		ind, err := w.a.CreateIndicator(ctx, ed, fields)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.RecordValue(ctx, ed, ind.ID, commons.ValueFields{Period: "2031", Value: 4}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.RetireIndicator(ctx, w.scope(t, "Newcomer"), ind.ID, true); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer retires an indicator: %v", err)
		}
		got, err := w.a.RetireIndicator(ctx, ed, ind.ID, true)
		if err != nil || got.RetiredOn != today {
			t.Fatalf("retired: %q, %v", got.RetiredOn, err)
		}
		fields.Name = "Meals served"
		if got, err = w.a.UpdateIndicator(ctx, ed, ind.ID, fields); err != nil || got.RetiredOn != today {
			t.Errorf("edited, no longer retired: %q, %v", got.RetiredOn, err)
		}
		if _, err := w.a.RecordValue(ctx, ed, ind.ID, commons.ValueFields{Period: "2031", Value: 5}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a retired indicator takes a value: %v", err)
		}
		shown := func(p commons.Period) bool {
			im, err := w.a.Impact(ctx, w.scope(t, "visitor"), p)
			if err != nil {
				t.Fatal(err)
			}
			sec, _ := im.Section(app.SectionIndicators)
			return len(sec.Indicators) == 1 && sec.Indicators[0].Values[0].Value == 4
		}
		if !shown(commons.Period{Year: 2031}) || shown(commons.Period{Year: 2032}) {
			t.Errorf("a retired indicator's account: 2031 %v (want true), 2032 %v (want false)", shown(commons.Period{Year: 2031}), shown(commons.Period{Year: 2032}))
		}
		v, err := w.a.PartnerReport(ctx, w.scope(t, "Helper"), reports["Helper"])
		if err != nil || len(v.Indicators) != 0 {
			t.Errorf("a report asks for a retired indicator: %d, %v", len(v.Indicators), err)
		}
		if got, err = w.a.RetireIndicator(ctx, ed, ind.ID, false); err != nil || got.Retired() {
			t.Fatalf("measured again: %+v, %v", got, err)
		}
		if _, err := w.a.RecordValue(ctx, ed, ind.ID, commons.ValueFields{Period: "2031", Value: 5}); err != nil {
			t.Errorf("measured again, refuses a value: %v", err)
		}
	})
}
