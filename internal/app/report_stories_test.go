package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// reportWorld is the MSC world with the initiative's partnership signed
// by Ada's organization and Helper's, and a report asked of each.
func reportWorld(t *testing.T, st *store.Store) (mscWorld, map[string]string) {
	t.Helper()
	ctx := context.Background()
	w := newMSCWorld(t, st)
	other, err := w.a.CreateOrganization(ctx, w.scope(t, "Helper"), commons.OrganizationFields{Name: "Choir Council", Sector: commons.SectorPublicAuthority})
	if err != nil {
		t.Fatal(err)
	}
	pv, err := w.a.ProposePartnership(ctx, w.scope(t, "Founder"), w.init.ID, commons.PartnershipProposal{ReviewOn: "2031-06-01",
		Parties: []commons.PartyProposal{{OrgID: w.orgID, Role: "Lends the hall"}, {OrgID: other.ID, Role: "Pays the heating"}}})
	if err != nil {
		t.Fatal(err)
	}
	for who, org := range map[string]string{"Ada": w.orgID, "Helper": other.ID} {
		if _, err := w.a.Sign(ctx, w.scope(t, who), pv.Partnership.ID, org, pv.Partnership.Version); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := w.a.AskForReports(ctx, w.scope(t, "Founder"), w.init.ID); err != nil || n != 2 {
		t.Fatalf("asked %d, %v", n, err)
	}
	rs, err := w.a.PartnerReports(ctx, w.scope(t, "Founder"))
	if err != nil {
		t.Fatal(err)
	}
	byOrg := map[string]string{}
	for _, r := range rs {
		byOrg[r.OrgID] = r.ID
	}
	return w, map[string]string{"Ada": byOrg[w.orgID], "Helper": byOrg[other.ID]}
}

// A partner report attaches stories its author may read: offered the
// stories about the partnership's initiative, refused one they may not
// read or an unknown one; every reader of the report sees the attached
// stories they may read, tellers blanked as the story's rules say.
func TestReportStories(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w, reports := reportWorld(t, st)
		helper := w.scope(t, "Helper")
		v, err := w.a.PartnerReport(ctx, helper, reports["Helper"])
		if err != nil {
			t.Fatal(err)
		}
		if len(v.StoryChoices) != 1 || v.StoryChoices[0].ID != w.own.ID {
			t.Errorf("offered %d stories, want the one linked to the initiative", len(v.StoryChoices))
		}
		for name, id := range map[string]string{"a story Helper may not read": w.private.ID, "an unknown story": "nope"} {
			_, err := w.a.SubmitPartnerReport(ctx, helper, reports["Helper"], commons.ReportFields{Stories: []string{id}})
			if e := commons.ErrorOf(err); e == nil || e.Code != commons.CodeInvalid || e.Fields["stories"].Key != "error.report.story" {
				t.Errorf("%s attached: %v", name, err)
			}
		}
		many := make([]string, commons.MaxReportStories+1)
		for n := range many {
			many[n] = string(rune('a' + n))
		}
		if _, err := w.a.SubmitPartnerReport(ctx, helper, reports["Helper"], commons.ReportFields{Stories: many}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("%d stories attached: %v", len(many), err)
		}
		got, err := w.a.SubmitPartnerReport(ctx, helper, reports["Helper"], commons.ReportFields{Narrative: "A good year",
			Stories: []string{w.anonymous.ID, w.olena.ID, w.anonymous.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.PartnerReport.Stories) != 2 || len(got.Attached) != 2 || got.Attached[0].ID != w.anonymous.ID {
			t.Fatalf("attached %v / %d views", got.PartnerReport.Stories, len(got.Attached))
		}
		// Ada reads the report as a party: the anonymous story without
		// its teller.
		ada, err := w.a.PartnerReport(ctx, w.scope(t, "Ada"), reports["Helper"])
		if err != nil || len(ada.Attached) != 2 {
			t.Fatalf("Ada reads %d stories, %v", len(ada.Attached), err)
		}
		if ada.Attached[0].ShowTeller || ada.Attached[0].CollectorID != "" || ada.StoryChoices != nil {
			t.Errorf("Ada sees the anonymous story's teller or collector, or is offered stories: %+v", ada.Attached[0])
		}
		// Ada attaches her own "do not publish" story: Helper, a party,
		// does not read it in her report.
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), reports["Ada"], commons.ReportFields{Stories: []string{w.private.ID}}); err != nil {
			t.Fatal(err)
		}
		hv, err := w.a.PartnerReport(ctx, helper, reports["Ada"])
		if err != nil || len(hv.Attached) != 0 || len(hv.PartnerReport.Stories) != 1 {
			t.Errorf("Helper reads Ada's private story in her report: %d, %v", len(hv.Attached), err)
		}
		// Submitting again replaces the attachments.
		got, err = w.a.SubmitPartnerReport(ctx, helper, reports["Helper"], commons.ReportFields{})
		if err != nil || len(got.PartnerReport.Stories) != 0 {
			t.Errorf("submitted again without stories: %v, %v", got.PartnerReport.Stories, err)
		}
	})
}

// The impact page's public summary lists the reports their parties gave
// with the stories they attach whose tellers consented to publication: a
// "do not publish" story never appears, not even to its own teller or an
// editor, and no teller is named.
func TestPublishedReportStories(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w, reports := reportWorld(t, st)
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Ada"), reports["Ada"],
			commons.ReportFields{Narrative: "Only for the parties", Stories: []string{w.private.ID, w.own.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.SubmitPartnerReport(ctx, w.scope(t, "Helper"), reports["Helper"],
			commons.ReportFields{Stories: []string{w.anonymous.ID, w.olena.ID}}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"visitor", "Ada", "Founder"} {
			s := w.scope(t, who)
			im, err := w.a.Impact(ctx, s, w.a.DefaultPeriod(s.Community))
			if err != nil {
				t.Fatal(err)
			}
			sec, _ := im.Section(app.SectionReports)
			if len(sec.Published) != 2 {
				t.Fatalf("%s reads %d published reports, want 2", who, len(sec.Published))
			}
			got := map[string][]string{}
			for _, r := range sec.Published {
				for _, x := range r.Stories {
					got[r.OrgID] = append(got[r.OrgID], x.ID)
					if x.Path == "" || x.Title == "" {
						t.Errorf("%s: story %s without title or page", who, x.ID)
					}
				}
			}
			if ada := got[w.orgID]; len(ada) != 1 || ada[0] != w.own.ID {
				t.Errorf("%s reads Ada's report with stories %v, want only her published one", who, ada)
			}
			for _, ids := range got {
				for _, id := range ids {
					if id == w.private.ID {
						t.Errorf("%s reads the \"do not publish\" story in the summary", who)
					}
				}
			}
			if len(got) != 2 || len(sec.Published[0].Stories)+len(sec.Published[1].Stories) != 3 {
				t.Errorf("%s reads %v", who, got)
			}
		}
	})
}
