package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadQuality adds Cwm Tawel's self-assessment against UNESCO's Key
// Features of Learning Cities: last year's round, and this year's,
// finished, whose panel — council staff, citizen groups, the university,
// the refugee welcome group and a resident — disagrees on "governance and
// participation of all stakeholders" (the council rates it high, the
// citizen groups low), with comments, evidence and the action points they
// agreed: one done, one open, one overdue.
func loadQuality(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	scope := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], Slug) }
	carys, err := scope("carys")
	if err != nil {
		return err
	}
	day := func(days int) string { return a.Now().In(a.Location(c)).AddDate(0, 0, days).Format("2006-01-02") }
	orgOf := func(admin string) string { return w.orgs[admin] }
	hall := "/c/" + Slug + "/initiatives/" + w.initiatives["Winter evenings at the Miners' Hall"]

	type seat struct{ who, org string }
	type round struct {
		title, from, to, method string
		panel                   []seat
		// scores by criterion key, one per panelist in the panel's order;
		// the rest of the criteria get base[i] + the panelist's lean.
		scores map[string][]int
		lean   []int
	}
	council := seat{"dafydd", orgOf("dafydd")}
	rounds := []round{
		{
			title: "Learning city check-up " + day(-400)[:4], from: day(-760), to: day(-400),
			method: "A morning in the library: each person rated alone, then we talked it through.",
			panel:  []seat{{"carys", orgOf("dafydd")}, council, {"mair", orgOf("mair")}, {"sian", orgOf("sian")}},
			scores: map[string][]int{"unesco.governance": {3, 3, 1, 2}},
			lean:   []int{0, 1, -1, 0},
		},
		{
			title: "Learning city check-up " + day(-30)[:4], from: day(-395), to: day(-30),
			method: "An open evening at the Miners' Hall. Everyone rated every area on their own phone or on paper, then the panel talked through the areas where sectors disagreed most, and agreed action points before going home.",
			panel: []seat{{"carys", orgOf("dafydd")}, council, {"huw", orgOf("huw")}, {"mair", orgOf("mair")}, {"aisha", orgOf("aisha")},
				{"sian", orgOf("sian")}, {"olena", orgOf("olena")}, {"irina", ""}},
			scores: map[string][]int{"unesco.governance": {4, 4, 1, 2, 1, 3, 2, 2}},
			lean:   []int{1, 1, -1, 0, -1, 0, 0, 0},
		},
	}
	base := map[string]int{"unesco.empowering": 3, "unesco.economy_culture": 2, "unesco.sustainable": 3, "unesco.education_system": 3,
		"unesco.families_communities": 3, "unesco.workplace": 2, "unesco.technologies": 2, "unesco.quality": 3,
		"unesco.culture_of_learning": 3, "unesco.political_will": 3, "unesco.resources": 2}
	comments := map[string]map[string]commons.RatingFields{
		"unesco.governance": {
			"carys":  {Comment: "The council consults on every plan, and the partnership board now has a citizen group at the table.", Evidence: []string{"/c/" + Slug + "/partnerships"}},
			"dafydd": {Comment: "Citizen groups sit on the fund's review and co-sign partnerships with us. That is governance shared, not just consultation.", Evidence: []string{"/c/" + Slug + "/fund", "/c/" + Slug + "/agreements"}},
			"huw":    {Comment: "We are asked for our views after the decisions are made. The Repair Café heard about the new library hours from the paper.", Evidence: []string{"/c/" + Slug + "/organizations/" + orgOf("huw")}},
			"mair":   {Comment: "The Miners' Hall evenings run on volunteers, but the council's agenda is still set in the council chamber, at two in the afternoon, when we are at work.", Evidence: []string{hall}},
			"aisha":  {Comment: "Nobody asked the walking group anything until tonight.", Evidence: nil},
			"olena":  {Comment: "Better than last year: we were invited to the board. But the papers come in English only, the day before.", Evidence: []string{"/c/" + Slug + "/organizations/" + orgOf("olena")}},
		},
		"unesco.families_communities": {
			"mair": {Comment: "Homework club and the kitchen evenings: this is where the valley learns together.", Evidence: []string{hall, "/c/" + Slug + "/hours"}},
		},
		"unesco.technologies": {
			"irina": {Comment: "The library's laptops help, but there is no one to show older people how to use them.", Evidence: []string{"/c/" + Slug + "/resources"}},
		},
	}

	var last string
	for n, r := range rounds {
		q, err := a.CreateRound(ctx, carys, commons.RoundFields{Title: r.title, PeriodStart: r.from, PeriodEnd: r.to,
			Frameworks: []commons.Framework{commons.FrameworkUNESCO}, Method: r.method, Scale: 4})
		if err != nil {
			return fmt.Errorf("quality round %s: %w", r.title, err)
		}
		for _, s := range r.panel {
			if _, err := a.AddPanelist(ctx, carys, q.ID, w.users[s.who].ID, s.org); err != nil {
				return fmt.Errorf("quality panel %s: %w", s.who, err)
			}
		}
		for i, s := range r.panel {
			sc, err := scope(s.who)
			if err != nil {
				return err
			}
			for _, crit := range q.Criteria {
				score := 0
				if fixed, ok := r.scores[crit.Key]; ok {
					score = fixed[i]
				} else {
					score = min(4, max(1, base[crit.Key]+r.lean[i]-(1-n)*((i+len(crit.Key))%2)))
				}
				f := commons.RatingFields{Score: score}
				if n == len(rounds)-1 {
					if words, ok := comments[crit.Key][s.who]; ok {
						f.Comment, f.Evidence = words.Comment, words.Evidence
					}
				}
				if _, err := a.Rate(ctx, sc, q.ID, crit.Key, f); err != nil {
					return fmt.Errorf("quality rating %s %s: %w", s.who, crit.Key, err)
				}
			}
		}
		if _, err := a.CloseRound(ctx, carys, q.ID); err != nil {
			return err
		}
		last = q.ID
	}

	points := []struct {
		text, owner string
		due         int
		done        bool
	}{
		{"Publish the council's agendas on Commons a week before each meeting, in English, Welsh and Russian.", "dafydd", -20, true},
		{"Hold one council meeting each season in the evening at the Miners' Hall, chaired with a citizen group.", "carys", -10, false},
		{"Invite the Women's Walking Group and the Repair Café to the partnership board's next review.", "mair", 45, false},
	}
	for _, p := range points {
		v, err := a.AddActionPoint(ctx, carys, last, commons.ActionPointFields{Text: p.text, OwnerID: w.users[p.owner].ID, Due: day(p.due)})
		if err != nil {
			return fmt.Errorf("action point %q: %w", p.text, err)
		}
		if p.done {
			owner, err := scope(p.owner)
			if err != nil {
				return err
			}
			if _, err := a.SetActionPointStatus(ctx, owner, v.ID, commons.ActionPointDone); err != nil {
				return err
			}
		}
	}
	return nil
}
