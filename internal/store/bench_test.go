package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// benchResource makes a community, a person and a bookable space.
func benchResource(b *testing.B, s *store.Store) (commons.Community, commons.Resource, commons.User) {
	ctx := context.Background()
	u, err := s.CreateUser(ctx, commons.NewUser{Email: "bench@example.org", Name: "Bench"}, "hash", true, nil)
	if err != nil {
		b.Fatal(err)
	}
	c, err := s.CreateCommunity(ctx, commons.NewCommunity{Slug: "bench", Name: "Bench", Languages: []string{"en"}, TimeZone: "UTC"}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	r, err := s.CreateResource(ctx, c, commons.ResourceFields{Kind: commons.KindSpace, Title: "Hall", Terms: commons.TermsFree,
		Bookable: true, Approval: commons.ApprovalOpen}, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	return c, r, u
}

// BenchmarkCreateBooking books one free hour after another on one resource.
func BenchmarkCreateBooking(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, _ := e.Open(b)
			c, r, u := benchResource(b, s)
			start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				sl := commons.TimeSlot{Start: start.Add(time.Duration(i) * time.Hour), End: start.Add(time.Duration(i+1) * time.Hour)}
				if _, err := s.CreateBookings(context.Background(), c.ID, r.ID, store.NewBookings{Slots: []commons.TimeSlot{sl},
					RequesterID: u.ID, Status: commons.BookingConfirmed, Fair: store.FairShare{Location: time.UTC, Now: time.Now()}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConflictWith100kBookings asks for a slot that clashes, on a
// resource that already has 100,000 confirmed bookings: the check must
// stay an index lookup however full the calendar is.
func BenchmarkConflictWith100kBookings(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			s, _ := e.Open(b)
			c, r, u := benchResource(b, s)
			start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
			slots := make([]commons.TimeSlot, 100_000)
			for i := range slots {
				slots[i] = commons.TimeSlot{Start: start.Add(time.Duration(i) * time.Hour), End: start.Add(time.Duration(i)*time.Hour + 50*time.Minute)}
			}
			if err := s.BulkBookings(context.Background(), c.ID, r.ID, u.ID, slots); err != nil {
				b.Fatal(err)
			}
			if err := s.Analyze(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				sl := slots[(i*7919)%len(slots)]
				_, err := s.CreateBookings(context.Background(), c.ID, r.ID, store.NewBookings{Slots: []commons.TimeSlot{sl},
					RequesterID: u.ID, Status: commons.BookingConfirmed, Fair: store.FairShare{Location: time.UTC, Now: time.Now()}})
				if commons.CodeOf(err) != commons.CodeConflict {
					b.Fatalf("want a conflict, got %v", err)
				}
			}
		})
	}
}
