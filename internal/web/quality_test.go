package web_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// Cwm Tawel's results page draws the spread by sector as an SVG with a
// table beside it, marks the gap on governance, lists comments for
// members, and its ratings download as CSV; a visitor sees the results
// but not the comments or the file.
func TestQualityResultsPage(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s.App, false); err != nil {
		t.Fatal(err)
	}
	scope, err := s.App.Scope(ctx, nil, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	res, found, err := s.App.LatestRoundResults(ctx, scope)
	if err != nil || !found {
		t.Fatal(err)
	}
	path := "/c/" + demo.Slug + "/quality/" + res.Round.ID
	visitor := newBrowser(t, s, "en")
	rec := visitor.do("GET", path+"/results", nil)
	body := rec.Body.String()
	for _, want := range []string{`<svg`, `role="img"`, `<table class="quality-table`, "Governance and participation of all stakeholders", "Public authority", "Citizen group"} {
		if rec.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("visitor's results page (%d) lacks %q", rec.Code, want)
		}
	}
	if strings.Contains(body, "after the decisions are made") {
		t.Error("a visitor reads the panelists' comments")
	}
	if code := visitor.do("GET", path+"/ratings.csv", nil).Code; code == 200 {
		t.Error("a visitor downloads the ratings")
	}
	member := newBrowser(t, s, "ru")
	if code, _ := member.post("/signin", map[string]string{"email": "irina@cwm-tawel.example", "password": demo.Password}); code != 303 {
		t.Fatalf("sign in: %d", code)
	}
	if body := member.do("GET", path+"/results", nil).Body.String(); !strings.Contains(body, "after the decisions are made") || !strings.Contains(body, "Управление и участие") {
		t.Error("a member does not read the comments, in Russian")
	}
	file := member.do("GET", path+"/ratings.csv", nil)
	rows, err := csv.NewReader(file.Body).ReadAll()
	if err != nil || len(rows) != 1+8*12 || rows[0][0] != "criterion" {
		t.Errorf("CSV: %d rows, %v", len(rows), err)
	}
	if body := member.do("GET", "/c/"+demo.Slug+"/quality/action-points", nil).Body.String(); !strings.Contains(body, `class="overdue"`) {
		t.Error("the overdue action point does not stand out")
	}
}
