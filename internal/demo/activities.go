package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadActivities plans a term of courses, workshops, skill-shares and an
// open day, starting next week, at the library room and the Miners' Hall
// and online; one singing taster is full with a waitlist, and a learner's
// wish waits for a teacher's date.
func loadActivities(ctx context.Context, a *app.App, w *world) error {
	c, err := a.Community(ctx, Slug)
	if err != nil {
		return err
	}
	loc := a.Location(c)
	u := w.users
	room, hall := w.resources[0], w.resources[1]
	// at is the first such weekday from a week tomorrow on, at a local time.
	at := func(day time.Weekday, hour, minute int) time.Time {
		d := a.Now().In(loc).AddDate(0, 0, 8)
		for d.Weekday() != day {
			d = d.AddDate(0, 0, 1)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc)
	}
	// The library trusts the university's tutor with its room, and the
	// council trusts the Repair Café with the hall.
	for _, t := range []struct{ giver, resource, to string }{{"gareth", room, "sian"}, {"dafydd", hall, "huw"}} {
		s, err := a.Scope(ctx, u[t.giver], c.Slug)
		if err != nil {
			return err
		}
		if err := a.TrustForResource(ctx, s, t.resource, u[t.to].ID); err != nil {
			return err
		}
	}
	// firstSaturday is next month's first Saturday, as the Repair Café's
	// own description says, at a local hour.
	firstSaturday := func(hour int) time.Time {
		now := a.Now().In(loc)
		d := time.Date(now.Year(), now.Month()+1, 1, hour, 0, 0, 0, loc)
		for d.Weekday() != time.Saturday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	places := func(n int) *int { return &n }
	type activity struct {
		by     string
		org    string // the admin key of an organization running it too
		fields commons.ActivityFields
	}
	acts := []activity{
		{"gareth", "gareth", commons.ActivityFields{Kind: commons.ActivityCourse, Title: "Cymraeg i ddechreuwyr",
			// Written in Welsh first: translations.go names its language
			// and adds the English and the Russian.
			Description: "Deg noson gyfeillgar i bobl sydd heb siarad Cymraeg erioed, neu a roddodd y gorau iddi yn yr ysgol. " +
				"Byddwn yn dechrau gyda chyfarchion, y siop a'r bws, ac yn gorffen gyda sgwrs fach dros baned.",
			Languages: []string{"cy", "en"}, Themes: []string{"welsh", "language"}, Level: "beginner", ResourceID: room, Capacity: places(12),
			Accessibility: "Step-free room with a hearing loop; handouts in large print on request.",
			StartsAt:      at(time.Monday, 18, 0), EndsAt: at(time.Monday, 19, 30), Recurrence: "FREQ=WEEKLY;COUNT=10"}},
		{"sian", "sian", commons.ActivityFields{Kind: commons.ActivityCourse, Title: "Digital skills for everyday life",
			Description: "Email, video calls, online forms and staying safe on the internet, at your own pace with a tutor and volunteers. " +
				"Bring your own phone or laptop, or borrow one of ours. Accredited by the university's adult-education department.",
			Languages: []string{"en"}, Themes: []string{"digital", "computers"}, Level: "beginner", ResourceID: room, Capacity: places(10),
			StartsAt: at(time.Thursday, 10, 0), EndsAt: at(time.Thursday, 12, 0), Recurrence: "FREQ=WEEKLY;COUNT=8"}},
		{"huw", "huw", commons.ActivityFields{Kind: commons.ActivityWorkshop, Title: repairWorkshop,
			Description: "Learn to open, test and mend small electrical things safely. Each month a different appliance; bring one if you have it. " +
				"The £3 covers fuses and spare parts.",
			Languages: []string{"en"}, Themes: []string{"repair", "electronics"}, Level: "all", ResourceID: hall, Capacity: places(8),
			CostMinor: places(300), Currency: "GBP", StartsAt: firstSaturday(10), EndsAt: firstSaturday(12),
			Recurrence: "FREQ=MONTHLY;BYDAY=1SA;COUNT=3"}},
		{"mair", "mair", commons.ActivityFields{Kind: commons.ActivitySkillShare, Title: "Sing in Welsh: a taster before choir",
			Description: "An hour to learn two songs in Welsh by ear, with the words written out. Then stay for the choir if you like!",
			Languages:   []string{"cy", "en"}, Themes: []string{"music", "welsh"}, Level: "all", ResourceID: room, Capacity: places(3),
			StartsAt: at(time.Tuesday, 17, 0), EndsAt: at(time.Tuesday, 18, 0)}},
		{"olena", "olena", commons.ActivityFields{Kind: commons.ActivityCourse, Title: "English conversation for newcomers",
			Description: "Practise everyday English with volunteers, online from home. Russian and Ukrainian spoken when you get stuck.",
			Languages:   []string{"en", "ru"}, Themes: []string{"english", "language"}, Level: "all", OnlineURL: "https://meet.cwm-tawel.example/english",
			StartsAt: at(time.Wednesday, 18, 0), EndsAt: at(time.Wednesday, 19, 0), Recurrence: "FREQ=WEEKLY;COUNT=8"}},
		{"dafydd", "dafydd", commons.ActivityFields{Kind: commons.ActivityEvent, Title: "Learning fair at the Miners' Hall",
			Description: "Every group, course and club in the valley under one roof: try things, meet tutors, sign up. Tea and Welsh cakes from the Friends of the Miners' Hall.",
			Languages:   []string{"en", "cy"}, Themes: []string{"community"}, Level: "all", ResourceID: hall,
			Accessibility: "Step-free entrance at the side; accessible toilet; quiet corner upstairs.",
			StartsAt:      at(time.Friday, 17, 0), EndsAt: at(time.Friday, 20, 0)}},
	}
	first := map[string]string{}
	w.activities = map[string][]string{}
	for _, ac := range acts {
		f := ac.fields
		if ac.org != "" {
			f.OrganizationIDs = []string{w.orgs[ac.org]}
		}
		s, err := a.Scope(ctx, u[ac.by], Slug)
		if err != nil {
			return err
		}
		made, err := a.CreateActivity(ctx, s, f)
		if err != nil {
			return fmt.Errorf("activity %q: %w", f.Title, err)
		}
		first[f.Title] = made[0].ID
		for _, m := range made {
			w.activities[f.Title] = append(w.activities[f.Title], m.ID)
		}
		// The Repair Café itself follows each of its workshop's mornings.
		if f.Title == repairWorkshop {
			if err := bookCafe(ctx, a, s, hall, made); err != nil {
				return err
			}
		}
	}
	registrations := []struct {
		title  string
		who    []string
		series bool
	}{
		{"Cymraeg i ddechreuwyr", []string{"irina", "aisha", "olena", "bethan"}, true},
		{"Digital skills for everyday life", []string{"irina", "huw"}, true},
		{"English conversation for newcomers", []string{"irina"}, true},
		// Five for three places: two wait, in the order they came.
		{"Sing in Welsh: a taster before choir", []string{"aisha", "irina", "bethan", "olena", "rhodri"}, false},
		{repairWorkshop, []string{"rhodri", "aisha"}, false},
		{"Learning fair at the Miners' Hall", []string{"carys", "eleri", "irina"}, false},
	}
	for _, r := range registrations {
		for _, who := range r.who {
			s, err := a.Scope(ctx, u[who], Slug)
			if err != nil {
				return err
			}
			if _, err := a.Register(ctx, s, first[r.title], r.series); err != nil {
				return fmt.Errorf("register %s for %q: %w", who, r.title, err)
			}
		}
	}
	// A learner's wish: two more want it, Rhodri can teach it; a place is
	// all it lacks.
	irina, err := a.Scope(ctx, u["irina"], Slug)
	if err != nil {
		return err
	}
	p, err := a.Propose(ctx, irina, "Fixing bicycles / Ремонт велосипеда",
		"My children and I cycle to school and I would like to mend punctures and brakes myself.\n\n"+
			"Мы с детьми ездим в школу на велосипедах; хочу сама чинить проколы и тормоза.", []string{"repair, cycling"})
	if err != nil {
		return err
	}
	for _, b := range []struct {
		who  string
		role commons.InterestRole
		note string
	}{
		{"aisha", commons.InterestLearn, "The walking group would love a cycling group too."},
		{"huw", commons.InterestLearn, ""},
		{"rhodri", commons.InterestTeach, "I fix bikes in the shop every week; happy to show people on a Saturday morning."},
	} {
		s, err := a.Scope(ctx, u[b.who], Slug)
		if err != nil {
			return err
		}
		if err := a.BackProposal(ctx, s, p.ID, b.role, "", b.note); err != nil {
			return err
		}
	}
	for _, pr := range []struct {
		who                     string
		teaches, learns, speaks []string
	}{
		{"gareth", []string{"welsh", "using a library catalogue"}, []string{"3d printing"}, []string{"cy", "en"}},
		{"rhodri", []string{"bicycle repair", "soldering"}, []string{"welsh"}, []string{"en"}},
		{"mair", []string{"singing", "welsh"}, []string{"video calls"}, []string{"cy", "en"}},
		{"olena", []string{"english conversation", "ukrainian"}, []string{"welsh"}, []string{"uk", "ru", "en"}},
		{"irina", []string{"baking", "russian"}, []string{"welsh", "bicycle repair", "english"}, []string{"ru", "en"}},
		{"aisha", []string{"walk leading", "first aid"}, []string{"welsh"}, []string{"en"}},
	} {
		s, err := a.Scope(ctx, u[pr.who], Slug)
		if err != nil {
			return err
		}
		if _, err := a.SaveLearningProfile(ctx, s, commons.LearningProfile{Teaches: pr.teaches, Learns: pr.learns,
			Languages: pr.speaks}); err != nil {
			return fmt.Errorf("profile %s: %w", pr.who, err)
		}
	}
	return nil
}

// repairWorkshop is the Repair Café's monthly workshop, on the first
// Saturday of the month.
const repairWorkshop = "Fix your toaster: a Repair Café workshop"

// bookCafe books the hall for the Repair Café from the end of each of its
// workshop's occurrences to four o'clock, on the first Saturdays the
// workshop's own rule gives: the café and its workshop are one morning.
func bookCafe(ctx context.Context, a *app.App, s app.Scope, hall string, workshop []commons.Activity) error {
	loc := a.Location(s.Community)
	for _, o := range workshop {
		end := o.EndsAt.In(loc)
		req := app.BookingRequest{Start: end, End: time.Date(end.Year(), end.Month(), end.Day(), 16, 0, 0, 0, loc), Purpose: "Repair Café"}
		if _, err := a.Book(ctx, s, hall, req); err != nil {
			return fmt.Errorf("the Repair Café on %s: %w", end.Format("2006-01-02"), err)
		}
	}
	return nil
}
