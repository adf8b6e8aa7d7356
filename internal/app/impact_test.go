package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// Partner reports end to end: asked for once at the review date, each
// party's admins told; read by the parties and editors only; submitted by
// the party's admins, again while open (replacing what it said), marking
// the commitments and telling the team; closed after ReportOpenDays.
func TestPartnerReports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		now := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
		w.a.SetClock(func() time.Time { return now })
		other, err := w.a.CreateOrganization(ctx, w.scope(t, "Helper"), commons.OrganizationFields{Name: "Choir Council", Sector: commons.SectorPublicAuthority})
		if err != nil {
			t.Fatal(err)
		}
		prop := commons.PartnershipProposal{ReviewOn: "2031-03-01", Parties: []commons.PartyProposal{
			{OrgID: w.orgID, Role: "Lends the hall", Commitments: []commons.CommitmentProposal{{Description: "Open the doors"}}},
			{OrgID: other.ID, Role: "Pays the heating", Commitments: []commons.CommitmentProposal{{Description: "Pay the bill"}}}}}
		pv, err := w.a.ProposePartnership(ctx, w.scope(t, "Founder"), w.init.ID, prop)
		if err != nil {
			t.Fatal(err)
		}
		for who, org := range map[string]string{"Ada": w.orgID, "Helper": other.ID} {
			if _, err := w.a.Sign(ctx, w.scope(t, who), pv.Partnership.ID, org, pv.Partnership.Version); err != nil {
				t.Fatal(err)
			}
		}
		ind, err := w.a.CreateIndicator(ctx, w.scope(t, "Founder"), commons.IndicatorFields{Name: "Meals served", Unit: "meals",
			Source: commons.IndicatorReported, Period: commons.PeriodYear, Baseline: 100, BaselinePeriod: "2030", Target: 300})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.CreateIndicator(ctx, w.scope(t, "Newcomer"), commons.IndicatorFields{Name: "X", Unit: "x",
			Source: commons.IndicatorReported, BaselinePeriod: "2030"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer defines an indicator: %v", err)
		}

		for round, want := range []int{2, 0} {
			n, err := w.a.RequestDueReports(ctx)
			if err != nil || n != want {
				t.Fatalf("round %d asked for %d reports (%v), want %d", round, n, err, want)
			}
		}
		asked := func(who string) int {
			ns, _, err := st.Notifications(ctx, w.people[who].ID, commons.Page{Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			c := 0
			for _, x := range ns {
				if x.Kind == commons.NotifyReportRequested {
					c++
				}
			}
			return c
		}
		if asked("Ada") != 1 || asked("Helper") != 1 || asked("Founder") != 0 {
			t.Errorf("asked: Ada %d, Helper %d, Founder %d; want 1, 1, 0", asked("Ada"), asked("Helper"), asked("Founder"))
		}

		list := func(who string) []commons.PartnerReport {
			rs, err := w.a.PartnerReports(ctx, w.scope(t, who))
			if err != nil {
				t.Fatalf("%s lists reports: %v", who, err)
			}
			return rs
		}
		if len(list("Founder")) != 2 || len(list("Ada")) != 2 || len(list("Newcomer")) != 0 {
			t.Fatalf("reports listed: editor %d, Ada %d, newcomer %d", len(list("Founder")), len(list("Ada")), len(list("Newcomer")))
		}
		var adas commons.PartnerReport
		for _, r := range list("Ada") {
			if r.OrgID == w.orgID {
				adas = r
			}
		}
		for who, want := range map[string]commons.Code{"Ada": "", "Helper": "", "Founder": "", "Newcomer": commons.CodeNotFound,
			"Outsider": commons.CodeNotFound, "visitor": commons.CodeUnauthenticated} {
			v, err := w.a.PartnerReport(ctx, w.scope(t, who), adas.ID)
			if commons.CodeOf(err) != want {
				t.Errorf("%s reads Ada's report: %v, want %q", who, err, want)
			}
			if err == nil && v.May.Submit != (who == "Ada") {
				t.Errorf("%s: May.Submit %v", who, v.May.Submit)
			}
		}
		v, _ := w.a.PartnerReport(ctx, w.scope(t, "Ada"), adas.ID)
		if len(v.Due) != 1 || v.Due[0].Description != "Open the doors" {
			t.Fatalf("Ada's report is about %+v", v.Due)
		}
		cid := v.Due[0].ID
		f := commons.ReportFields{Narrative: "We opened *every* week.", Links: []string{"https://example.org/photos"},
			Commitments: []commons.ReportCommitment{{CommitmentID: cid, Status: commons.CommitmentKept, Comment: "Every Tuesday"}},
			Values:      []commons.ReportValue{{IndicatorID: ind.ID, ValueFields: commons.ValueFields{Period: "2031", Value: 120, Note: "counted at the door"}}}}
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Helper"), adas.ID, f); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("the other party's admin submits Ada's report: %v", err)
		}
		bad := f
		bad.Commitments = []commons.ReportCommitment{{CommitmentID: cid, Status: commons.CommitmentPending}}
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), adas.ID, bad); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a commitment reported pending: %v", err)
		}
		got, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), adas.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != commons.ReportSubmitted || len(got.Commitments) != 1 || len(got.Values) != 1 || got.Values[0].Value != 120 {
			t.Errorf("submitted report = %+v", got.PartnerReport)
		}
		c, _ := st.CommitmentByID(ctx, cid)
		if c.Status != commons.CommitmentKept || c.Comment != "Every Tuesday" {
			t.Errorf("the commitment after the report: %s %q", c.Status, c.Comment)
		}
		if ns, _, _ := st.Notifications(ctx, w.people["Founder"].ID, commons.Page{Limit: 20}); len(ns) == 0 || ns[0].Kind != commons.NotifyReportSubmitted {
			t.Errorf("the team was not told of the report: %+v", ns)
		}
		// Again while open: replaced, not added.
		f.Commitments[0].Status, f.Values[0].Value = commons.CommitmentMissed, 90
		got, err = w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), adas.ID, f)
		if err != nil || len(got.Commitments) != 1 || got.Commitments[0].Status != commons.CommitmentMissed || len(got.Values) != 1 || got.Values[0].Value != 90 {
			t.Errorf("submitted again: %+v, %v", got.PartnerReport, err)
		}
		// The public summary counts, and carries no narrative.
		im, err := w.a.Impact(ctx, w.scope(t, "visitor"), commons.Period{Year: 2031})
		if err != nil {
			t.Fatal(err)
		}
		sec, _ := im.Section(app.SectionReports)
		if r := sec.Reports; r == nil || r.Submitted != 1 || r.Requested != 1 || r.Missed != 1 || r.Kept != 0 {
			t.Errorf("report summary = %+v", sec.Reports)
		}
		ind0, _ := im.Section(app.SectionIndicators)
		if len(ind0.Indicators) != 1 || !ind0.Indicators[0].Values[0].Has || ind0.Indicators[0].Values[0].Value != 90 {
			t.Errorf("indicator results = %+v", ind0.Indicators)
		}
		// A visitor reads the value, not the note given in a report.
		vs, err := w.a.IndicatorValues(ctx, w.scope(t, "visitor"), ind.ID, 2031)
		if err != nil || len(vs) != 1 || vs[0].Note != "" {
			t.Errorf("values to a visitor: %+v, %v", vs, err)
		}
		// Closed after ReportOpenDays.
		now = now.AddDate(0, 0, commons.ReportOpenDays+1)
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), adas.ID, f); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("submitted after it closed: %v", err)
		}
	})
}

// Indicators: bad input is refused field by field; a computed indicator
// takes no values; a reported one takes values of its period's kind.
func TestIndicatorInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		s := w.scope(t, "Founder")
		_, err := w.a.CreateIndicator(ctx, s, commons.IndicatorFields{Name: "", Unit: "h", Source: "made_up", Period: "month", BaselinePeriod: "soon"})
		e := commons.ErrorOf(err)
		for _, f := range []string{"name", "source", "period", "baseline_period"} {
			if e == nil || e.Fields[f].Key == "" {
				t.Errorf("no message for %s: %v", f, err)
			}
		}
		comp, err := w.a.CreateIndicator(ctx, s, commons.IndicatorFields{Name: "Hours", Unit: "h", Source: commons.IndicatorVolunteerHours,
			Period: commons.PeriodQuarter, BaselinePeriod: "2030-Q4", Target: 100})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.RecordValue(ctx, s, comp.ID, commons.ValueFields{Period: "2031-Q1", Value: 3}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a value for a computed indicator: %v", err)
		}
		rep, err := w.a.CreateIndicator(ctx, s, commons.IndicatorFields{Name: "Visitors", Unit: "people", Source: commons.IndicatorReported,
			Period: commons.PeriodYear, BaselinePeriod: "2030", Target: 100})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.RecordValue(ctx, s, rep.ID, commons.ValueFields{Period: "2031-Q1", Value: 3}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a quarter's value for a yearly indicator: %v", err)
		}
		if _, err := w.a.RecordValue(ctx, w.scope(t, "Newcomer"), rep.ID, commons.ValueFields{Period: "2031", Value: 3}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("a newcomer records a value: %v", err)
		}
		if _, err := w.a.RecordValue(ctx, s, rep.ID, commons.ValueFields{Period: "2031", Value: 40, Source: "door count"}); err != nil {
			t.Fatal(err)
		}
		ev, err := w.a.Evidence(ctx, w.scope(t, "visitor"), rep.ID, commons.Period{Year: 2031})
		if err != nil || !ev.Value.Has || ev.Value.Value != 40 || ev.Value.Progress != 40 || len(ev.Reported) != 1 {
			t.Errorf("evidence of a reported value: %+v, %v", ev, err)
		}
		if _, err := w.a.Evidence(ctx, w.scope(t, "visitor"), "nope", commons.Period{Year: 2031}); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("evidence of an unknown indicator: %v", err)
		}
	})
}
