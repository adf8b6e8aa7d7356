package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store/storetest"
)

// BenchmarkHoursTotals counts a community's confirmed hours every way
// (the overview page) over 20,000 logs of 200 people over 300 days: a
// busy region community's year of volunteering. (The first version wrote
// 100,000 logs of 1,000 people; on the shared 2-core machine its set-up
// alone outlasted the test timeout.)
const benchVolunteers = 200

func BenchmarkHoursTotals(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, _ := e.Open(b)
			ctx := context.Background()
			c, _, u := benchResource(b, s)
			users := []string{u.ID}
			for i := 1; i < benchVolunteers; i++ {
				v, err := s.CreateUser(ctx, commons.NewUser{Email: fmt.Sprintf("v%d@example.org", i), Name: fmt.Sprintf("V %d", i)}, "hash", true, nil)
				if err != nil {
					b.Fatal(err)
				}
				users = append(users, v.ID)
			}
			themes := []string{"culture", "health", "climate", ""}
			day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for batch := range 100 {
				var entries []commons.HourEntry
				for _, uid := range users {
					entries = append(entries, commons.HourEntry{CommunityID: c.ID, UserID: uid, For: commons.HoursForPerson, ForID: u.ID,
						Date: day0.AddDate(0, 0, batch*3).Format(time.DateOnly), Minutes: 60 + batch, What: "Help",
						Theme: themes[batch%4], Status: commons.HoursConfirmed, DecidedBy: u.ID, RecordedBy: u.ID})
				}
				if _, err := s.LogHours(ctx, entries, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				t, err := s.HoursTotals(ctx, c.ID, commons.HoursFilter{})
				if err != nil || t.Entries != benchVolunteers*100 {
					b.Fatal(t.Entries, err)
				}
			}
		})
	}
}
