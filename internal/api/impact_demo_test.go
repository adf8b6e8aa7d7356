package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo's impact report in JSON carries, before its indicators, the
// Profile's current version, the latest round's results by sector and
// the selected story with every panel's reasons; this year's, the partner
// reports given with the published stories they attach.
func TestImpactJSONOfDemo(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		if _, err := demo.Load(context.Background(), s.App, false); err != nil {
			t.Fatal(err)
		}
		period := commons.YearOf(s.App.Now().AddDate(0, 0, -30)).String()
		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/" + demo.Slug + "/impact?period=" + period})
		ts.Status(t, rec, 200)
		var got struct {
			Sections []struct {
				Kind    string
				Profile *struct {
					Number   int
					Sections []struct{ Question string }
				}
				Round *struct {
					Round    struct{ ID string }
					Criteria []struct {
						BySector []struct{ Sector string } `json:"by_sector"`
					}
				}
				Stories []struct {
					Story      struct{ ID, Language string }
					Selections []struct{ Reasons string }
				}
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, sec := range got.Sections {
			kinds = append(kinds, sec.Kind)
		}
		if len(got.Sections) != 6 || kinds[0] != "profile" || kinds[1] != "round" || kinds[2] != "stories" || kinds[3] != "indicators" {
			t.Fatalf("sections %v", kinds)
		}
		if p := got.Sections[0].Profile; p == nil || p.Number != 2 || len(p.Sections) == 0 {
			t.Errorf("profile: %+v", p)
		}
		if r := got.Sections[1].Round; r == nil || r.Round.ID == "" || len(r.Criteria) != 12 || len(r.Criteria[0].BySector) < 2 {
			t.Errorf("round: %+v", r)
		}
		if st := got.Sections[2].Stories; len(st) != 1 || st[0].Story.Language != "ru" || len(st[0].Selections) != 2 || st[0].Selections[1].Reasons == "" {
			t.Errorf("stories: %+v", st)
		}

		// This year's partner reports: the three given, the university's
		// with the two published stories it attaches, by title only.
		rec = s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/" + demo.Slug + "/impact"})
		ts.Status(t, rec, 200)
		var year struct {
			Sections []struct {
				Kind    string
				Reports *struct {
					Given []struct {
						Organization string
						Stories      []map[string]any
					}
				}
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &year); err != nil {
			t.Fatal(err)
		}
		last := year.Sections[len(year.Sections)-1]
		if last.Kind != "reports" || last.Reports == nil || len(last.Reports.Given) != 3 {
			t.Fatalf("reports: %+v", last)
		}
		var titles []any
		for _, r := range last.Reports.Given {
			for _, st := range r.Stories {
				titles = append(titles, st["title"])
				if len(st) != 4 {
					t.Errorf("a published story carries %v", st)
				}
			}
		}
		if len(titles) != 2 || titles[0] != "Dysgu Cymraeg yn Neuadd y Glowyr" {
			t.Errorf("published stories %v", titles)
		}
	})
}
