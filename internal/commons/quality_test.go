package commons

import (
	"math"
	"testing"
	"time"
)

func TestRatingValidate(t *testing.T) {
	cases := []struct {
		name  string
		f     RatingFields
		scale int
		field string
	}{
		{"in scale", RatingFields{Score: 4, Evidence: []string{"/c/cwm/initiatives/1"}}, 4, ""},
		{"above the scale", RatingFields{Score: 5}, 4, "score"},
		{"zero", RatingFields{Score: 0}, 5, "score"},
		{"another site", RatingFields{Score: 3, Evidence: []string{"https://example.org/x"}}, 5, "evidence"},
		{"protocol-relative", RatingFields{Score: 3, Evidence: []string{"//evil.example/x"}}, 5, "evidence"},
		{"script", RatingFields{Score: 3, Evidence: []string{"javascript:alert(1)"}}, 5, "evidence"},
	}
	for _, c := range cases {
		var v Validator
		c.f.Normalize()
		c.f.Validate(&v, c.scale)
		err := v.Err()
		if c.field == "" && err != nil || c.field != "" && (err == nil || !v.Failed(c.field)) {
			t.Errorf("%s: %v, want a problem with %q", c.name, err, c.field)
		}
	}
}

func TestMayRate(t *testing.T) {
	open, closed := QualityRound{Status: RoundOpen}, QualityRound{Status: RoundClosed}
	if MayRate(open, true) != nil || CodeOf(MayRate(open, false)) != CodeForbidden || CodeOf(MayRate(closed, true)) != CodeConflict {
		t.Error("only panelists of an open round rate")
	}
}

// Hand-counted: the council rates governance 4 and 4, the citizen groups
// 1 and 2, a citizen 2; the previous round's mean was 2 on the same
// scale.
func TestComputeResults(t *testing.T) {
	gov := Criterion{Key: "unesco.governance", Framework: FrameworkUNESCO}
	r := QualityRound{ID: "r2", Scale: 4, Criteria: []Criterion{gov}, Frameworks: []Framework{FrameworkUNESCO}}
	rating := func(user string, s Sector, score int) Rating {
		return Rating{UserID: user, Sector: s, CriterionKey: gov.Key, Score: score}
	}
	ratings := []Rating{rating("a", SectorPublicAuthority, 4), rating("b", SectorPublicAuthority, 4),
		rating("c", SectorCitizenGroup, 1), rating("d", SectorCitizenGroup, 2), rating("e", Citizens, 2)}
	prev := QualityRound{ID: "r1", Scale: 4}
	res := ComputeResults(r, ratings, &prev, []Rating{rating("a", SectorPublicAuthority, 2)})
	c := res.Criteria[0]
	if c.All.N != 5 || c.All.Mean != 13.0/5 || c.All.Counts[0] != 1 || c.All.Counts[1] != 2 || c.All.Counts[3] != 2 {
		t.Errorf("all: %+v", c.All)
	}
	if len(c.BySector) != 3 || c.BySector[0].Sector != SectorPublicAuthority || c.BySector[0].Mean != 4 || c.BySector[1].Mean != 1.5 || c.BySector[2].Sector != Citizens {
		t.Errorf("by sector: %+v", c.BySector)
	}
	if c.Gap != 2.5 || !c.HasPrevious || math.Abs(c.Change-0.6) > 1e-9 || res.Panelists != 5 {
		t.Errorf("gap %v change %v previous %v panelists %d", c.Gap, c.Change, c.HasPrevious, res.Panelists)
	}
}

func TestPreviousRound(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2030, 1, d, 0, 0, 0, 0, time.UTC) }
	rs := []QualityRound{
		{ID: "1", Status: RoundClosed, CreatedAt: at(1), Frameworks: []Framework{FrameworkUNESCO}},
		{ID: "2", Status: RoundClosed, CreatedAt: at(2), Frameworks: []Framework{FrameworkR3L}},
		{ID: "3", Status: RoundOpen, CreatedAt: at(3), Frameworks: []Framework{FrameworkUNESCO}},
		{ID: "4", Status: RoundClosed, CreatedAt: at(4), Frameworks: []Framework{FrameworkUNESCO}},
	}
	if p := PreviousRound(rs[3], rs); p == nil || p.ID != "1" {
		t.Errorf("previous of 4: %+v", p)
	}
	if p := PreviousRound(rs[0], rs); p != nil {
		t.Errorf("previous of 1: %+v", p)
	}
}
