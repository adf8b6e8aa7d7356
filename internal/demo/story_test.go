package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// The demo tells one story whatever day it loads: a met room pledge has
// its confirmed bookings, as the pledge says; a bill falls due after the
// months it pays for; the Repair Café's hall bookings fall on the first
// Saturdays its workshop's rule gives; every venue booking of an activity
// is confirmed at its time; and nothing clashes.
func TestDemoTellsATrueStory(t *testing.T) {
	for _, day := range []string{"2027-01-01", "2026-10-31", "2027-06-15", "2027-03-20"} {
		t.Run(day, func(t *testing.T) {
			storetest.ForEach(t, func(t *testing.T, st *store.Store) {
				a := ts.New(t, st).App
				base, _ := time.Parse("2006-01-02 15:04", day+" 12:00")
				started := time.Now()
				a.SetClock(func() time.Time { return base.Add(time.Since(started)) })
				ctx := context.Background()
				if loaded, err := demo.Load(ctx, a, true); err != nil || !loaded {
					t.Fatalf("load on %s: %v %v", day, loaded, err)
				}
				checkStory(t, ctx, a)
			})
		})
	}
}

func checkStory(t *testing.T, ctx context.Context, a *app.App) {
	dafydd, err := a.UserByEmail(ctx, "dafydd@cwm-tawel.example")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Scope(ctx, &dafydd, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	loc := a.Location(s.Community)
	now := a.Now()
	from, to := now.AddDate(0, -5, 0), now.AddDate(0, 8, 0)
	bookings := map[string][]commons.Booking{} // by resource, confirmed
	bookingsOf := func(resource string) []commons.Booking {
		if bs, ok := bookings[resource]; ok {
			return bs
		}
		all, err := a.Store.ListBookings(ctx, s.Community.ID, resource, from, to)
		if err != nil {
			t.Fatal(err)
		}
		var bs []commons.Booking
		for _, b := range all {
			if b.Status == commons.BookingConfirmed {
				bs = append(bs, b)
			}
		}
		for i, b := range bs {
			for _, o := range bs[i+1:] {
				if b.StartsAt.Before(o.EndsAt) && o.StartsAt.Before(b.EndsAt) {
					t.Errorf("%q and %q clash at %v", b.Purpose, o.Purpose, b.StartsAt.In(loc))
				}
			}
		}
		bookings[resource] = bs
		return bs
	}

	list, _, err := a.Initiatives(ctx, s, commons.InitiativeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var bills []commons.Commitment
	spacePledges := 0
	for _, i := range list {
		v, err := a.Initiative(ctx, s, i.ID)
		if err != nil {
			t.Fatal(err)
		}
		met := map[string]bool{}
		for _, n := range v.Needs {
			met[n.ID] = n.Status == commons.NeedMet
		}
		for _, p := range v.Pledges {
			if p.Status != commons.PledgeAccepted || p.ResourceKind != commons.KindSpace || !met[p.NeedID] {
				continue
			}
			spacePledges++
			if p.BookingID == "" || p.BookingStatus != commons.BookingConfirmed {
				t.Errorf("the met pledge %q has no confirmed booking: %q %q", p.Description, p.BookingID, p.BookingStatus)
			}
			// What the pledge says: Tuesday evenings after choir, Thursday
			// and Saturday evenings, in the hall, in the winter's months.
			days := map[time.Weekday]int{}
			for _, b := range bookingsOf(p.ResourceID) {
				if b.Purpose == v.Initiative.Title {
					l := b.StartsAt.In(loc)
					days[l.Weekday()]++
					if l.Month() > time.March && l.Month() < time.November {
						t.Errorf("an evening of %q on %v, outside November to March", v.Initiative.Title, l)
					}
					if h := l.Hour(); (l.Weekday() == time.Tuesday && h != 20) || (l.Weekday() != time.Tuesday && h != 18) {
						t.Errorf("an evening of %q at %v", v.Initiative.Title, l)
					}
				}
			}
			if !strings.Contains(p.Description, "Tuesday") || len(days) != 3 || days[time.Tuesday] == 0 || days[time.Thursday] == 0 || days[time.Saturday] == 0 {
				t.Errorf("the pledge %q is booked on %v", p.Description, days)
			}
		}
		if v.Partnership != nil {
			for _, pt := range v.Partnership.Current().Parties {
				for _, c := range pt.Commitments {
					if strings.HasPrefix(c.Description, "Pay the heating bill") {
						bills = append(bills, c)
					}
				}
			}
		}
	}
	if spacePledges == 0 {
		t.Error("no accepted space pledge of a met need")
	}
	// A bill is due in the month after the last it pays for, and the two
	// bills are of one winter.
	last := map[string]time.Month{"Pay the heating bill for November and December": time.December,
		"Pay the heating bill for January to March": time.March}
	var dues []time.Time
	for _, c := range bills {
		due, err := time.ParseInLocation("2006-01-02", c.Due, loc)
		m, named := last[c.Description]
		if err != nil || !named {
			t.Fatalf("bill %q due %q: %v", c.Description, c.Due, err)
		}
		if due.Month() != m%12+1 {
			t.Errorf("%q is due on %s, not after the months it pays for", c.Description, c.Due)
		}
		dues = append(dues, due)
	}
	if len(dues) != 2 || dues[1].Sub(dues[0]) < 80*24*time.Hour || dues[1].Sub(dues[0]) > 100*24*time.Hour {
		t.Errorf("the heating bills fall due on %v", dues)
	}

	// Every occurrence with a venue holds it, confirmed, at its time; the
	// Repair Café follows its workshop on the workshop's own first
	// Saturdays.
	acts, err := a.Activities(ctx, s, app.ActivityFilter{From: now.AddDate(0, -1, 0), To: now.AddDate(0, 11, 0)})
	if err != nil {
		t.Fatal(err)
	}
	workshopDays := map[string]bool{}
	hall := ""
	for _, x := range acts {
		if x.ResourceID == "" {
			continue
		}
		held := false
		for _, b := range bookingsOf(x.ResourceID) {
			held = held || b.StartsAt.Equal(x.StartsAt) && b.EndsAt.Equal(x.EndsAt)
		}
		if !held {
			t.Errorf("%q at %v holds no confirmed booking of its venue", x.Title, x.StartsAt.In(loc))
		}
		if strings.Contains(x.Recurrence, "BYDAY=1SA") {
			l := x.StartsAt.In(loc)
			if l.Weekday() != time.Saturday || l.Day() > 7 {
				t.Errorf("%q on %v is not a first Saturday", x.Title, l)
			}
			if x.VenueTitle != "Miners' Hall main hall" {
				t.Errorf("%q is at %q", x.Title, x.VenueTitle)
			}
			workshopDays[l.Format("2006-01-02")] = true
			hall = x.ResourceID
			for _, b := range bookingsOf(x.ResourceID) {
				if b.Purpose == "Repair Café" && b.StartsAt.Equal(x.EndsAt) {
					delete(workshopDays, l.Format("2006-01-02"))
				}
			}
		}
	}
	if len(workshopDays) != 0 {
		t.Errorf("the Repair Café does not follow its workshop on %v", workshopDays)
	}
	cafes := 0
	for _, b := range bookingsOf(hall) {
		if b.Purpose != "Repair Café" {
			continue
		}
		cafes++
		on := false
		for _, y := range acts {
			on = on || strings.Contains(y.Recurrence, "BYDAY=1SA") && y.EndsAt.Equal(b.StartsAt)
		}
		if !on {
			t.Errorf("the Repair Café on %v is on no day of its workshop", b.StartsAt.In(loc))
		}
	}
	if cafes == 0 {
		t.Error("the Repair Café never books the hall")
	}
}
