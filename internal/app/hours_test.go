package app_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// hoursWorld is the initiative world with its clock stopped on 1 March
// 2031 (noon UTC), so that dates in the tests are the community's today.
func hoursWorld(t *testing.T, st *store.Store) initiativeWorld {
	t.Helper()
	w := newInitiativeWorld(t, st)
	at := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
	w.a.SetClock(func() time.Time { return at })
	return w
}

const today = "2031-03-01"

func (w initiativeWorld) logHours(t *testing.T, who string, f commons.HoursFields) app.HoursView {
	t.Helper()
	v, err := w.a.LogHours(context.Background(), w.scope(t, who), f)
	if err != nil {
		t.Fatalf("%s logs %+v: %v", who, f, err)
	}
	return v
}

// Who confirms: the initiative's team, the organization's admins, the
// person given to — never the volunteer themselves; the view's May.Decide
// is exactly whether the decision succeeds.
func TestHoursConfirmRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		forInit := commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 90, What: "Set out chairs"}
		forOrg := commons.HoursFields{For: commons.HoursForOrganization, ForID: w.orgID, Date: today, Minutes: 60, What: "Painted the door"}
		forPerson := commons.HoursFields{For: commons.HoursForPerson, ForID: w.people["Newcomer"].ID, Date: today, Minutes: 30, What: "Carried shopping"}
		cases := []struct {
			name      string
			volunteer string
			f         commons.HoursFields
			decider   string
			want      commons.Code
		}{
			{"visitor", "Helper", forInit, "visitor", commons.CodeUnauthenticated},
			{"outsider", "Helper", forInit, "Outsider", commons.CodeNotFound},
			{"member not on the team", "Helper", forInit, "Editor", commons.CodeNotFound},
			{"org admin, not on the team", "Helper", forInit, "Ada", commons.CodeNotFound},
			{"the team", "Helper", forInit, "Founder", ""},
			{"one's own, on the team", "Founder", forInit, "Founder", commons.CodeForbidden},
			{"team, for an organization", "Helper", forOrg, "Founder", commons.CodeNotFound},
			{"organization admin", "Helper", forOrg, "Ada", ""},
			{"one's own, as admin", "Ada", forOrg, "Ada", commons.CodeForbidden},
			{"the person given to", "Helper", forPerson, "Newcomer", ""},
			{"someone else", "Helper", forPerson, "Founder", commons.CodeNotFound},
		}
		for _, c := range cases {
			e := w.logHours(t, c.volunteer, c.f)
			s := w.scope(t, c.decider)
			v, viewErr := w.a.HoursByID(ctx, s, e.ID)
			_, err := w.a.DecideHours(ctx, s, e.ID, commons.HoursConfirm, "")
			if commons.CodeOf(err) != c.want {
				t.Errorf("%s: %v, want %q", c.name, err, c.want)
			}
			if viewErr == nil && v.May.Decide != (c.want == "") {
				t.Errorf("%s: the view says May.Decide %v, the decision %v", c.name, v.May.Decide, err)
			}
			if viewErr != nil && c.want == "" {
				t.Errorf("%s: the confirmer cannot read the log: %v", c.name, viewErr)
			}
		}
		// A confirmed log cannot be decided again.
		e := w.logHours(t, "Helper", forInit)
		if _, err := w.a.DecideHours(ctx, w.scope(t, "Founder"), e.ID, commons.HoursConfirm, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.DecideHours(ctx, w.scope(t, "Founder"), e.ID, commons.HoursDecline, ""); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("deciding twice: %v, want conflict", err)
		}
	})
}

// Bad input is refused with the field to fix, and nothing is written.
func TestHoursBadInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		ok := commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 60, What: "Tea"}
		with := func(change func(*commons.HoursFields)) commons.HoursFields { f := ok; change(&f); return f }
		cases := []struct {
			name  string
			f     commons.HoursFields
			field string
		}{
			{"zero", with(func(f *commons.HoursFields) { f.Minutes = 0 }), "minutes"},
			{"negative", with(func(f *commons.HoursFields) { f.Minutes = -60 }), "minutes"},
			{"over a day", with(func(f *commons.HoursFields) { f.Minutes = 25 * 60 }), "minutes"},
			{"tomorrow", with(func(f *commons.HoursFields) { f.Date = "2031-03-02" }), "date"},
			{"years back", with(func(f *commons.HoursFields) { f.Date = "2028-03-01" }), "date"},
			{"not a date", with(func(f *commons.HoursFields) { f.Date = "1 March" }), "date"},
			{"no words", with(func(f *commons.HoursFields) { f.What = " " }), "what"},
			{"unknown theme", with(func(f *commons.HoursFields) { f.Theme = "astrology" }), "theme"},
			{"unknown kind", with(func(f *commons.HoursFields) { f.For = "planet" }), "for"},
			{"unknown initiative", with(func(f *commons.HoursFields) { f.ForID = "nope" }), "for_id"},
			{"to oneself", with(func(f *commons.HoursFields) { f.For, f.ForID = commons.HoursForPerson, w.people["Helper"].ID }), "for_id"},
			{"to an outsider", with(func(f *commons.HoursFields) { f.For, f.ForID = commons.HoursForPerson, w.people["Outsider"].ID }), "for_id"},
			{"through an organization one is not in", with(func(f *commons.HoursFields) { f.OrgID = w.orgID }), "organization_id"},
		}
		for _, c := range cases {
			_, err := w.a.LogHours(ctx, w.scope(t, "Helper"), c.f)
			var e *commons.Error
			if commons.CodeOf(err) != commons.CodeInvalid || !errors.As(err, &e) || e.Fields[c.field].Key == "" {
				t.Errorf("%s: %v, want invalid naming %q", c.name, err, c.field)
			}
		}
		// More than 24 hours in one day, over several logs.
		w.logHours(t, "Helper", with(func(f *commons.HoursFields) { f.Minutes = 20 * 60 }))
		_, err := w.a.LogHours(ctx, w.scope(t, "Helper"), with(func(f *commons.HoursFields) { f.Minutes = 5 * 60 }))
		if commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("25 hours in a day: %v, want invalid", err)
		}
		list, _, err := w.a.Hours(ctx, w.scope(t, "Helper"), commons.HoursFilter{UserID: w.people["Helper"].ID})
		if err != nil || len(list) != 1 {
			t.Errorf("after the refusals: %d logs (%v), want the one accepted", len(list), err)
		}
		// Visitors and outsiders log nothing.
		if _, err := w.a.LogHours(ctx, w.scope(t, "visitor"), ok); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Errorf("visitor: %v", err)
		}
		if _, err := w.a.LogHours(ctx, w.scope(t, "Outsider"), ok); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("outsider: %v", err)
		}
	})
}

// Many logs sent at once for one person's day never add up past 24 hours.
func TestHoursDayLimitRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		s := w.scope(t, "Helper")
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted := 0
		for range 12 {
			wg.Go(func() {
				_, err := w.a.LogHours(ctx, s, commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 180, What: "Night shift"})
				if err == nil {
					mu.Lock()
					accepted++
					mu.Unlock()
				} else if commons.CodeOf(err) != commons.CodeInvalid {
					t.Errorf("a refused log: %v, want invalid", err)
				}
			})
		}
		wg.Wait()
		if accepted != 8 {
			t.Errorf("%d logs of 3 hours accepted for one day, want 8", accepted)
		}
	})
}

// A question goes to the volunteer, whose answer puts the log back to wait.
func TestHoursQuestion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		e := w.logHours(t, "Helper", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 240, What: "Cooking"})
		if _, err := w.a.DecideHours(ctx, w.scope(t, "Founder"), e.ID, commons.HoursAsk, ""); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("a question without words: %v", err)
		}
		v, err := w.a.DecideHours(ctx, w.scope(t, "Founder"), e.ID, commons.HoursAsk, "Four hours, or two?")
		if err != nil || v.Status != commons.HoursQueried {
			t.Fatalf("asking: %v, %v", v.Status, err)
		}
		if _, err := w.a.AnswerHours(ctx, w.scope(t, "Founder"), e.ID, "I say so"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("someone else answering: %v", err)
		}
		mine, err := w.a.HoursByID(ctx, w.scope(t, "Helper"), e.ID)
		if err != nil || !mine.May.Answer || mine.Question != "Four hours, or two?" {
			t.Fatalf("the volunteer's view: %+v, %v", mine, err)
		}
		if v, err = w.a.AnswerHours(ctx, w.scope(t, "Helper"), e.ID, "Four: we cooked for forty."); err != nil || v.Status != commons.HoursPending {
			t.Fatalf("answering: %v, %v", v.Status, err)
		}
		if v, err = w.a.DecideHours(ctx, w.scope(t, "Founder"), e.ID, commons.HoursConfirm, ""); err != nil || v.Status != commons.HoursConfirmed {
			t.Fatalf("confirming after the answer: %v, %v", v.Status, err)
		}
		ns, _, err := w.a.Notifications(ctx, w.people["Helper"], commons.Page{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, n := range ns {
			kinds[n.Kind]++
		}
		if kinds[commons.NotifyHoursQueried] != 1 || kinds[commons.NotifyHoursConfirmed] != 1 {
			t.Errorf("the volunteer was told %v", kinds)
		}
		ns, _, _ = w.a.Notifications(ctx, w.people["Founder"], commons.Page{})
		kinds = map[string]int{}
		for _, n := range ns {
			kinds[n.Kind]++
		}
		if kinds[commons.NotifyHoursLogged] != 1 || kinds[commons.NotifyHoursAnswered] != 1 {
			t.Errorf("the team was told %v", kinds)
		}
	})
}

// A volunteer day: the team records time for several people at once,
// confirmed by their word except the recorder's own.
func TestVolunteerDay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		day := app.VolunteerDay{HoursFields: commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: "2031-02-22",
			Minutes: 300, What: "Spring clean of the hall", Theme: "culture"},
			UserIDs: []string{w.people["Helper"].ID, w.people["Newcomer"].ID, w.people["Founder"].ID}}
		if _, err := w.a.RecordVolunteerDay(ctx, w.scope(t, "Ada"), day); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("someone not on the team: %v", err)
		}
		bad := day
		bad.UserIDs = append([]string{w.people["Outsider"].ID}, day.UserIDs...)
		if _, err := w.a.RecordVolunteerDay(ctx, w.scope(t, "Founder"), bad); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("with an outsider: %v", err)
		}
		out, err := w.a.RecordVolunteerDay(ctx, w.scope(t, "Founder"), day)
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]commons.HoursStatus{}
		for _, v := range out {
			status[v.UserID] = v.Status
		}
		if status[w.people["Helper"].ID] != commons.HoursConfirmed || status[w.people["Newcomer"].ID] != commons.HoursConfirmed ||
			status[w.people["Founder"].ID] != commons.HoursPending {
			t.Errorf("statuses after the day: %v", status)
		}
		p, err := w.a.HoursTotals(ctx, w.scope(t, "Founder"), commons.HoursFilter{For: commons.HoursForInitiative, ForID: w.init.ID})
		if err != nil || p.Totals.Minutes != 600 || p.Totals.People != 2 {
			t.Errorf("the initiative's totals: %+v, %v", p.Totals, err)
		}
	})
}

// Totals against a hand-counted fixture, and visitors see no names.
func TestHoursTotals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := hoursWorld(t, st)
		confirm := func(who string, e app.HoursView) {
			t.Helper()
			if _, err := w.a.DecideHours(ctx, w.scope(t, who), e.ID, commons.HoursConfirm, ""); err != nil {
				t.Fatal(err)
			}
		}
		// Helper: 2 h to the initiative in February (culture), 1.5 h to it
		// on 1 March (health); Newcomer: 1 h through Hall Friends (NGO) to
		// the organization in March; 4 h declined and 3 h pending count for
		// nothing.
		confirm("Founder", w.logHours(t, "Helper", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: "2031-02-10", Minutes: 120, What: "Choir chairs", Theme: "culture"}))
		confirm("Founder", w.logHours(t, "Helper", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 90, What: "First aid", Theme: "health"}))
		confirm("Ada", w.logHours(t, "Newcomer", commons.HoursFields{For: commons.HoursForOrganization, ForID: w.orgID, Date: "2031-03-01", Minutes: 60, What: "Leaflets"}))
		declined := w.logHours(t, "Newcomer", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 240, What: "?"})
		if _, err := w.a.DecideHours(ctx, w.scope(t, "Founder"), declined.ID, commons.HoursDecline, ""); err != nil {
			t.Fatal(err)
		}
		w.logHours(t, "Editor", commons.HoursFields{For: commons.HoursForInitiative, ForID: w.init.ID, Date: today, Minutes: 180, What: "Waiting"})

		p, err := w.a.HoursTotals(ctx, w.scope(t, "Editor"), commons.HoursFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Totals
		if got.Minutes != 270 || got.Entries != 3 || got.People != 2 {
			t.Errorf("overall: %d min, %d logs, %d people; want 270, 3, 2", got.Minutes, got.Entries, got.People)
		}
		want := map[string]map[string]int{
			"person":       {w.people["Helper"].ID: 210, w.people["Newcomer"].ID: 60},
			"initiative":   {w.init.ID: 210},
			"organization": {w.orgID: 60},
			"sector":       {"": 210, "ngo": 60},
			"theme":        {"culture": 120, "health": 90, "": 60},
			"month":        {"2031-02": 120, "2031-03": 150},
		}
		for name, list := range map[string][]commons.HoursTotal{"person": got.ByPerson, "initiative": got.ByInitiative,
			"organization": got.ByOrganization, "sector": got.BySector, "theme": got.ByTheme, "month": got.ByMonth} {
			m := map[string]int{}
			for _, t := range list {
				m[t.Key] = t.Minutes
			}
			if len(m) != len(want[name]) {
				t.Errorf("by %s: %v, want %v", name, m, want[name])
			}
			for k, v := range want[name] {
				if m[k] != v {
					t.Errorf("by %s, %q: %d, want %d", name, k, m[k], v)
				}
			}
		}
		if got.ByPerson[0].Name != "Helper" || got.ByInitiative[0].Name != "Choir" {
			t.Errorf("names: %q, %q", got.ByPerson[0].Name, got.ByInitiative[0].Name)
		}
		// A visitor reads the totals but no one's name; a person who keeps
		// their profile to the community is not found, as on their page.
		pv, err := w.a.HoursTotals(ctx, w.scope(t, "visitor"), commons.HoursFilter{})
		if err != nil || pv.Totals.Minutes != 270 || pv.Totals.ByPerson != nil || pv.ReadNames {
			t.Errorf("visitor: %+v, %v", pv, err)
		}
		if _, err := w.a.HoursTotals(ctx, w.scope(t, "visitor"), commons.HoursFilter{UserID: w.people["Helper"].ID}); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a visitor asking one person's totals: %v", err)
		}
		// Members list others' confirmed logs only; their own, all of them.
		if _, _, err := w.a.Hours(ctx, w.scope(t, "Editor"), commons.HoursFilter{UserID: w.people["Newcomer"].ID, Status: commons.HoursDeclined}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Errorf("another's declined logs: %v", err)
		}
		list, _, err := w.a.Hours(ctx, w.scope(t, "Editor"), commons.HoursFilter{UserID: w.people["Newcomer"].ID})
		if err != nil || len(list) != 1 {
			t.Errorf("another's logs: %d, %v; want the confirmed one", len(list), err)
		}
		list, _, err = w.a.Hours(ctx, w.scope(t, "Founder"), commons.HoursFilter{AwaitingUserID: w.people["Founder"].ID})
		if err != nil || len(list) != 1 || !list[0].May.Decide {
			t.Errorf("waiting for the team: %+v, %v", list, err)
		}
	})
}
