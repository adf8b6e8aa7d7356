package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadHours adds the time people gave to the Winter evenings at the
// Miners' Hall: homework-club and kitchen evenings that Mair's team
// confirmed, the draught-proofing Saturday she recorded as a volunteer day,
// time still waiting for her and one question; and neighbours' time given
// directly to each other. Every log goes through the same rules as people's.
func loadHours(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	as := map[string]app.Scope{}
	for name, user := range w.users {
		if as[name], err = a.Scope(ctx, user, Slug); err != nil {
			return err
		}
	}
	hall := w.initiatives["Winter evenings at the Miners' Hall"]
	if hall == "" {
		return fmt.Errorf("hours: the Winter evenings initiative is missing")
	}
	day := func(ago int) string { return a.Now().In(a.Location(c)).AddDate(0, 0, -ago).Format("2006-01-02") }
	forHall := func(ago, minutes int, what, theme string) commons.HoursFields {
		return commons.HoursFields{For: commons.HoursForInitiative, ForID: hall, Date: day(ago), Minutes: minutes, What: what, Theme: theme}
	}
	logged := func(who string, f commons.HoursFields) (app.HoursView, error) {
		v, err := a.LogHours(ctx, as[who], f)
		if err != nil {
			return v, fmt.Errorf("hours of %s, %s: %w", who, f.What, err)
		}
		return v, nil
	}
	confirm := func(who string, f commons.HoursFields) error {
		v, err := logged(who, f)
		if err != nil {
			return err
		}
		_, err = a.DecideHours(ctx, as["mair"], v.ID, commons.HoursConfirm, "")
		return err
	}

	// The homework club on Thursdays: Bethan and Aisha, weekly since the
	// evenings began; Olena runs the kitchen on Tuesdays.
	for week := range 8 {
		ago := 10 + 7*week
		if err := confirm("bethan", forHall(ago, 120, "Homework club: maths and reading with years 5 to 9", "intergenerational")); err != nil {
			return err
		}
		if week%2 == 0 {
			if err := confirm("aisha", forHall(ago, 120, "Homework club: English conversation and forms", "integration")); err != nil {
				return err
			}
		}
		if err := confirm("olena", forHall(ago+2, 180, "Cooked the Tuesday hot meal for the choir", "culture")); err != nil {
			return err
		}
	}
	// Rhodri's Saturday, through his shop, as the partnership promised.
	f := forHall(30, 300, "Draught-proofed the back room with the shop's sealant and strips", "climate")
	f.OrgID = w.orgs["rhodri"]
	if err := confirm("rhodri", f); err != nil {
		return err
	}

	// The volunteer day: the Saturday the hall was cleaned and painted.
	// Mair's own time waits for Carys, on the team with her.
	if _, err := a.SetTeamMember(ctx, as["mair"], hall, w.users["carys"].ID, true); err != nil {
		return fmt.Errorf("hours: team: %w", err)
	}
	vd := app.VolunteerDay{HoursFields: forHall(44, 360, "Volunteer day at the Miners' Hall: cleaned, painted and hung the new curtains", "heritage")}
	for _, who := range []string{"mair", "huw", "eleri", "olena", "rhodri", "irina", "dafydd"} {
		vd.UserIDs = append(vd.UserIDs, w.users[who].ID)
	}
	if _, err := a.RecordVolunteerDay(ctx, as["mair"], vd); err != nil {
		return fmt.Errorf("hours: volunteer day: %w", err)
	}

	// Waiting for Mair: this week's homework club, and a question.
	if _, err := logged("bethan", forHall(3, 120, "Homework club: science projects", "intergenerational")); err != nil {
		return err
	}
	q, err := logged("huw", forHall(5, 480, "Fixed the boiler", "climate"))
	if err != nil {
		return err
	}
	if _, err := a.DecideHours(ctx, as["mair"], q.ID, commons.HoursAsk, "Eight hours on the boiler? Was that with the engineer from the council?"); err != nil {
		return err
	}

	// Neighbours helping each other directly: Gareth's lift to the
	// hospital for Huw, confirmed by Huw; Irina's help with Eleri's laptop.
	lift, err := logged("gareth", commons.HoursFields{For: commons.HoursForPerson, ForID: w.users["huw"].ID, Date: day(12), Minutes: 150,
		What: "A lift to the hospital in Abertawe and back", Theme: "health"})
	if err != nil {
		return err
	}
	if _, err := a.DecideHours(ctx, as["huw"], lift.ID, commons.HoursConfirm, ""); err != nil {
		return err
	}
	laptop, err := logged("irina", commons.HoursFields{For: commons.HoursForPerson, ForID: w.users["eleri"].ID, Date: day(8), Minutes: 90,
		What: "Set up Eleri's new laptop and video calls with her grandchildren", Theme: "digital_skills"})
	if err != nil {
		return err
	}
	_, err = a.DecideHours(ctx, as["eleri"], laptop.ID, commons.HoursConfirm, "")
	return err
}
