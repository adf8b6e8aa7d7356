package web_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The impact page and its reports CSV list the partner reports given with
// the stories they attach whose tellers agreed to publication: the
// university's report attaches a "do not publish" story of its admin's
// too, which neither a visitor nor the admin herself reads there, and no
// teller is named.
func TestImpactPartnerReportStories(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := ts.New(t, st)
		a := s.App
		ctx := context.Background()
		if _, err := demo.Load(ctx, a, false); err != nil {
			t.Fatal(err)
		}
		as := func(email string) app.Scope {
			u, err := a.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := a.Scope(ctx, &u, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			return sc
		}
		carys, sian := as("carys@cwm-tawel.example"), as("sian@cwm-tawel.example")
		day := a.Now().In(a.Location(carys.Community)).AddDate(0, 0, -3).Format("2006-01-02")
		cycle, err := a.OpenMSCCycle(ctx, carys, commons.MSCCycleFields{Title: "Winter changes", From: day, To: day,
			Question: "What was the most significant change for you this winter? Why is it significant to you?"})
		if err != nil {
			t.Fatal(err)
		}
		private, err := a.TellStory(ctx, sian, cycle.ID, commons.StoryFields{TellerKind: commons.TellerMember, Consent: commons.ConsentPrivate,
			ConsentDate: day, When: "this winter", Where: "home", Domain: "work", Language: "en", Title: "A worry we kept to ourselves",
			Text: "We asked for help.", Why: "We were not alone."})
		if err != nil {
			t.Fatal(err)
		}
		reports, err := a.PartnerReports(ctx, sian)
		if err != nil {
			t.Fatal(err)
		}
		var report app.ReportView
		for _, r := range reports {
			if strings.HasPrefix(r.OrgName, "Valleys University") {
				if report, err = a.PartnerReport(ctx, sian, r.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if report.ID == "" || len(report.PartnerReport.Stories) != 2 {
			t.Fatalf("Siân's report: %+v", report.PartnerReport)
		}
		f := commons.ReportFields{Narrative: report.Narrative, Stories: append([]string{private.ID}, report.PartnerReport.Stories...)}
		if v, err := a.SubmitPartnerReport(ctx, sian, report.ID, f); err != nil || len(v.PartnerReport.Stories) != 3 {
			t.Fatalf("attached %v, %v", v.PartnerReport.Stories, err)
		}
		member := newBrowser(t, s, "en")
		if code, _ := member.post("/signin", map[string]string{"email": "sian@cwm-tawel.example", "password": demo.Password}); code != 303 {
			t.Fatalf("sign in: %d", code)
		}
		published := []string{"Dysgu Cymraeg yn Neuadd y Glowyr", "Fixing things instead of binning them"}
		for who, b := range map[string]*browser{"a visitor": newBrowser(t, s, "en"), "Siân": member} {
			rec := b.do("GET", "/c/"+demo.Slug+"/impact", nil)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("%s: the impact page: %d", who, rec.Code)
			}
			reports := body[strings.Index(body, `id="h-reports"`):]
			for _, want := range append([]string{`id="h-reports-given"`, "Valleys University", "Retired on"}, published...) {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the impact page lacks %q", who, want)
				}
			}
			for _, never := range []string{private.Title, "/stories/" + private.ID, "Gwilym Price", "Liam Bowen", report.Narrative} {
				if strings.Contains(reports, never) {
					t.Errorf("%s reads %q in the reports' summary", who, never)
				}
			}

			rec = b.do("GET", "/c/"+demo.Slug+"/impact/reports.csv", nil)
			if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
				t.Fatalf("%s: the reports CSV: %d %s", who, rec.Code, rec.Header().Get("Content-Type"))
			}
			rows, err := csv.NewReader(rec.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// A header, one row per report without stories (two), one per
			// published story (two).
			if len(rows) != 5 || rows[0][0] != "organization" || rows[0][4] != "story_title" {
				t.Fatalf("%s: the reports CSV: %q", who, rows)
			}
			file := ""
			for _, r := range rows[1:] {
				file += strings.Join(r, ",") + "\n"
			}
			for _, want := range published {
				if !strings.Contains(file, want) {
					t.Errorf("%s: the CSV lacks %q", who, want)
				}
			}
			if strings.Contains(file, private.Title) || strings.Contains(file, private.ID) || strings.Contains(file, "Gwilym Price") {
				t.Errorf("%s: the CSV carries the \"do not publish\" story or a teller's name", who)
			}
		}
	})
}
