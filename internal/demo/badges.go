package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadBadges adds the community's first Open Badges. The online Welsh
// course of the autumn ran before today, so the demo's clock is turned
// back while it is published and people register, exactly as if it had
// happened then; its badge then goes by its rule to Irina, Olena and Aisha,
// who attended every session. The Winter evenings badge goes by its rule
// to those who gave ten confirmed hours there — Bethan for the homework
// club among them, whose credential a college can check.
func loadBadges(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	clock := a.Store.Clock()
	defer a.SetClock(clock)
	loc := a.Location(c)
	scope := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], Slug) }

	a.SetClock(func() time.Time { return clock().AddDate(0, 0, -80) })
	start := a.Now().In(loc).AddDate(0, 0, 2)
	start = time.Date(start.Year(), start.Month(), start.Day(), 19, 0, 0, 0, loc)
	gareth, err := scope("gareth")
	if err != nil {
		return err
	}
	course, err := a.CreateActivity(ctx, gareth, commons.ActivityFields{Kind: commons.ActivityCourse,
		Title:       "Welsh for beginners online — the autumn term",
		Description: "Six evenings online for newcomers to the valley: greetings, the shop, the bus and the school gate, in Welsh.",
		Languages:   []string{"cy", "en"}, Themes: []string{"welsh", "language"}, Level: "beginner",
		OnlineURL: "https://meet.cwm-tawel.example/cymraeg", StartsAt: start, EndsAt: start.Add(90 * time.Minute),
		Recurrence: "FREQ=WEEKLY;COUNT=6", OrganizationIDs: []string{w.orgs["gareth"]}})
	if err != nil {
		return fmt.Errorf("badges: the autumn course: %w", err)
	}
	for _, who := range []string{"irina", "olena", "aisha"} {
		s, err := scope(who)
		if err != nil {
			return err
		}
		if _, err := a.Register(ctx, s, course[0].ID, true); err != nil {
			return fmt.Errorf("badges: %s registers: %w", who, err)
		}
	}
	a.SetClock(clock)

	carys, err := scope("carys")
	if err != nil {
		return err
	}
	for _, f := range []commons.AchievementFields{
		{Name: "Cymraeg: first steps", Description: "Completed a beginners' course in Welsh in Cwm Tawel.",
			Criteria: "Attended all six evenings of Welsh for beginners: greetings, shopping, travel and a short conversation in Welsh.",
			Color:    "#c8102e", Themes: []string{"culture", "integration"}, For: commons.HoursForActivity, ForID: course[0].ID,
			Rule: commons.BadgeRuleSessions, RuleN: 6},
		{Name: "Winter evenings volunteer", Description: "Gave ten hours or more to keep the Miners' Hall open through the winter.",
			Criteria: "Ten volunteer hours at the Winter evenings — homework club, kitchen or repairs — confirmed by the initiative's team.",
			Color:    "#1d6b57", Themes: []string{"intergenerational"}, For: commons.HoursForInitiative,
			ForID: w.initiatives["Winter evenings at the Miners' Hall"], Rule: commons.BadgeRuleHours, RuleN: 10},
	} {
		ach, err := a.CreateAchievement(ctx, carys, f)
		if err != nil {
			return fmt.Errorf("badges: %s: %w", f.Name, err)
		}
		if _, err := a.ApplyBadgeRule(ctx, carys, ach.ID); err != nil {
			return fmt.Errorf("badges: %s by its rule: %w", f.Name, err)
		}
	}
	return nil
}
