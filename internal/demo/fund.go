package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// residents are neighbours who joined the community for last winter's
// fund round, before it opened (the rule for a vote), and voted in it.
var residents = []string{"Alun Price", "Ffion Morgan", "Tomasz Nowak", "Gwen Harries", "Dylan Rowlands", "Nia Bowen",
	"Kemal Yilmaz", "Rhian Owen", "Sara Ahmed", "Pavel Ivanov"}

// loadFund adds the community fund: the finished "Warm Spaces" round of
// last winter, funded by the council and the energy trust, with its
// results, one reasoned override and what has been spent since; and an
// open round for the hall's spring hours, taking proposals. The clock is
// turned back for the finished round, as for the initiatives' history.
func loadFund(ctx context.Context, a *app.App, w *world) error {
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	ago := func(days int) func() time.Time {
		return func() time.Time { return clock().AddDate(0, 0, -days) }
	}
	scope := func(u *commons.User) (app.Scope, error) { return a.Scope(ctx, u, Slug) }
	as := func(key string) (app.Scope, error) { return scope(w.users[key]) }

	a.SetClock(ago(80))
	var voters []app.Scope
	for _, name := range residents {
		email := strings.ToLower(strings.ReplaceAll(strings.Fields(name)[0]+"."+strings.Fields(name)[1], " ", "")) + "@cwm-tawel.example"
		u, err := a.SignUp(ctx, commons.NewUser{Email: email, Name: name, Password: Password, Locale: "en"})
		if commons.CodeOf(err) == commons.CodeConflict {
			u, err = a.UserByEmail(ctx, email)
		}
		if err != nil {
			return fmt.Errorf("resident %s: %w", name, err)
		}
		s, err := scope(&u)
		if err != nil {
			return err
		}
		if _, err := a.Join(ctx, s, "", nil); err != nil {
			return fmt.Errorf("resident %s joins: %w", name, err)
		}
		if s, err = scope(&u); err != nil {
			return err
		}
		voters = append(voters, s)
	}

	a.SetClock(ago(75))
	dafydd, err := as("dafydd")
	if err != nil {
		return err
	}
	now := ago(75)()
	round, err := a.OpenFundRound(ctx, dafydd, commons.FundRoundFields{Title: "Warm Spaces",
		Description: "Keeping the valley's rooms warm and open this winter, for anyone who would otherwise sit in the cold. " +
			"Put up by the town council and the Valley Green Energy Trust.\n\n" +
			"Чтобы комнаты долины этой зимой были тёплыми и открытыми для всех, кому иначе пришлось бы сидеть в холоде. Средства дают городской совет и энергетический фонд.",
		Pool: 5000, Unit: "GBP", FunderIDs: []string{w.orgs["dafydd"], w.orgs["bethan"]},
		ReviewerIDs: []string{w.users["dafydd"].ID, w.users["bethan"].ID},
		FundRuleFields: commons.FundRuleFields{Rule: commons.FundApproval, MinChoices: 1, MaxChoices: 2,
			Method: commons.FundEqualShares, Partial: true},
		ReviewAt: now.AddDate(0, 0, 15), VotingAt: now.AddDate(0, 0, 25), ClosesAt: now.AddDate(0, 0, 35)})
	if err != nil {
		return fmt.Errorf("warm spaces: %w", err)
	}

	a.SetClock(ago(74))
	type proposal struct {
		who, initiative, title, plan string
		amount, minimum              int64
	}
	props := []proposal{
		{"mair", "Winter evenings at the Miners' Hall", "Heat the Miners' Hall five evenings a week",
			"Heating and a caretaker so that the hall is warm from 5 to 9 pm, Monday to Friday, December to February. Soup on Tuesdays.", 2400, 1200},
		{"olena", "Conversation suppers", "Warm suppers at the chapel vestry",
			"A weekly supper where newcomers and neighbours cook together; the fund pays for food and the vestry's heating.", 1500, 800},
		{"huw", "Repair Café goes digital", "Fix the valley's heaters",
			"Volunteers check and mend electric heaters and draught-proof doors for older residents, with parts paid by the fund.", 1800, 900},
		{"aisha", "Walk and talk", "Tea after the walk",
			"A warm room and hot drinks after the Saturday walk, in the library's community room.", 600, 0},
		{"huw", "A solar roof for the Miners' Hall", "Solar panels for the hall",
			"Start the solar roof: survey and the first panels.", 4000, 0},
	}
	ids := make([]string, len(props))
	for n, p := range props {
		s, err := as(p.who)
		if err != nil {
			return err
		}
		ap, err := a.ProposeToFund(ctx, s, round.ID, commons.FundApplicationFields{InitiativeID: w.initiatives[p.initiative],
			Title: p.title, Plan: p.plan, Amount: p.amount, Minimum: p.minimum})
		if err != nil {
			return fmt.Errorf("proposal %s: %w", p.title, err)
		}
		ids[n] = ap.ID
	}

	a.SetClock(ago(60))
	bethan, err := as("bethan")
	if err != nil {
		return err
	}
	for n, id := range ids[:4] {
		reviewer := dafydd
		if n%2 == 1 {
			reviewer = bethan
		}
		if err := a.ReviewFundApplication(ctx, reviewer, id, true, "Keeps people warm this winter."); err != nil {
			return fmt.Errorf("review: %w", err)
		}
	}
	if err := a.ReviewFundApplication(ctx, bethan, ids[4], false,
		"Building works are outside Warm Spaces, which pays for this winter's warmth. The trust's solar fund opens in spring: please apply there."); err != nil {
		return fmt.Errorf("review: %w", err)
	}

	// Ten ballots: four for the hall and the walk, three for the suppers
	// and the walk, two for the heaters and the suppers, one for the
	// heaters alone.
	a.SetClock(ago(48))
	patterns := []struct {
		n     int
		picks []int
	}{{4, []int{0, 3}}, {3, []int{1, 3}}, {2, []int{2, 1}}, {1, []int{2}}}
	v := 0
	for _, p := range patterns {
		for range p.n {
			var cs []commons.FundChoice
			for _, i := range p.picks {
				cs = append(cs, commons.FundChoice{ApplicationID: ids[i], Points: 1})
			}
			if err := a.PutFundBallot(ctx, voters[v], round.ID, cs); err != nil {
				return fmt.Errorf("ballot: %w", err)
			}
			v++
		}
	}

	// The rule leaves a little unspent; the funders give it to the hall,
	// which the rule funded only in part, and say why.
	a.SetClock(ago(39))
	res, err := a.FundResults(ctx, dafydd, round.ID)
	if err != nil {
		return err
	}
	for _, l := range res.Lines {
		if l.ID == ids[0] && res.Left > 0 {
			if err := a.OverrideFundResult(ctx, dafydd, l.ID, min(l.Computed+res.Left, l.Amount),
				"The rule left "+fmt.Sprint(res.Left)+" GBP unspent. The council and the trust agreed to give it to the hall, "+
					"the valley's only room open every evening, rather than carry it over."); err != nil {
				return fmt.Errorf("override: %w", err)
			}
		}
	}
	a.SetClock(ago(35))
	if err := a.PublishFundResults(ctx, dafydd, round.ID); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	a.SetClock(ago(7))
	for who, spent := range map[string]struct {
		id     string
		amount int64
	}{"mair": {ids[0], 1450}, "aisha": {ids[3], 600}, "olena": {ids[1], 700}} {
		s, err := as(who)
		if err != nil {
			return err
		}
		if err := a.SetFundSpent(ctx, s, spent.id, spent.amount); err != nil {
			return fmt.Errorf("spent %s: %w", who, err)
		}
	}

	// An open round, taking proposals now.
	a.SetClock(clock)
	now = clock()
	spring, err := a.OpenFundRound(ctx, dafydd, commons.FundRoundFields{Title: "Spring hours at the Miners' Hall",
		Description: "The council gives 120 hours of the main hall between March and May to initiatives that bring people together. " +
			"Members spread ten tokens between the proposals.\n\n" +
			"Совет отдаёт инициативам 120 часов главного зала с марта по май. Участники распределяют десять жетонов между заявками.",
		Pool: 120, Unit: "hours", FunderIDs: []string{w.orgs["dafydd"]}, ReviewerIDs: []string{w.users["dafydd"].ID, w.users["mair"].ID},
		FundRuleFields: commons.FundRuleFields{Rule: commons.FundTokens, Tokens: 10, TokenCap: 5, Method: commons.FundGreedy, Partial: true},
		ReviewAt:       now.AddDate(0, 0, 14), VotingAt: now.AddDate(0, 0, 21), ClosesAt: now.AddDate(0, 0, 35)})
	if err != nil {
		return fmt.Errorf("spring hours: %w", err)
	}
	huw, err := as("huw")
	if err != nil {
		return err
	}
	if _, err := a.ProposeToFund(ctx, huw, spring.ID, commons.FundApplicationFields{InitiativeID: w.initiatives["Repair Café goes digital"],
		Title: "Monthly repair Saturdays", Plan: "Six hours on the first Saturday of each month for the Repair Café, with a laptop corner.",
		Amount: 24, Minimum: 18}); err != nil {
		return fmt.Errorf("spring proposal: %w", err)
	}
	return nil
}
