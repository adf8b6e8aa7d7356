package commons

import (
	"testing"
	"time"
)

// Opening hours are local clock times: 09:00 stays 09:00 on both sides of
// a daylight-saving change, and so do repeating bookings.
func TestAvailabilityAcrossDaylightSaving(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	av := Availability{Hours: []OpeningInterval{
		{Weekday: time.Sunday, Opens: 9 * 60, Closes: 17 * 60},
		{Weekday: time.Saturday, Opens: 9 * 60, Closes: 24 * 60},
	}, Closed: []ClosedDate{{Day: "2026-12-25"}}}
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, london)
		if err != nil {
			panic(err)
		}
		return t
	}
	for _, tc := range []struct {
		start, end string
		want       bool
	}{
		{"2026-03-29 09:00", "2026-03-29 17:00", true},  // the day clocks go forward
		{"2026-03-29 08:59", "2026-03-29 10:00", false}, // before opening
		{"2026-10-25 09:00", "2026-10-25 17:00", true},  // the day clocks go back
		{"2026-10-25 16:00", "2026-10-25 17:01", false}, // past closing
		{"2026-03-28 22:00", "2026-03-29 00:00", true},  // until midnight on Saturday
		{"2026-03-28 23:00", "2026-03-29 10:00", false}, // across two days
		{"2026-03-30 10:00", "2026-03-30 11:00", false}, // Monday: closed
		{"2026-12-25 10:00", "2026-12-25 11:00", false}, // closed date (a Friday anyway)
	} {
		if got := av.Allows(at(tc.start), at(tc.end), london); got != tc.want {
			t.Errorf("%s–%s: %v, want %v", tc.start, tc.end, got, tc.want)
		}
	}
	if !(Availability{}).Allows(at("2026-03-29 01:30"), at("2026-03-29 03:30"), london) {
		t.Error("no hours means always open")
	}
	if (Availability{Closed: []ClosedDate{{Day: "2026-12-26"}}}).Allows(at("2026-12-25 22:00"), at("2026-12-26 01:00"), london) {
		t.Error("a booking into a closed day is allowed")
	}

	// A weekly 18:00 booking stays at 18:00 local across the October change.
	slots, err := Recurrence{EveryWeeks: 1, Count: 3}.Occurrences(at("2026-10-18 18:00"), at("2026-10-18 19:00"), london)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if l := s.Start.In(london); l.Hour() != 18 || s.End.Sub(s.Start) != time.Hour {
			t.Errorf("occurrence at %v", l)
		}
	}
	if slots[0].Start.UTC().Hour() == slots[2].Start.UTC().Hour() {
		t.Error("UTC hour should shift across the change")
	}
	if _, err := (Recurrence{EveryWeeks: 1}).Occurrences(at("2026-10-18 18:00"), at("2026-10-18 19:00"), london); err == nil {
		t.Error("a recurrence without an end is accepted")
	}
}

func TestSlotRules(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		start, end time.Time
		field      string
	}{
		{"fine", now.Add(time.Hour), now.Add(2 * time.Hour), ""},
		{"end before start", now.Add(2 * time.Hour), now.Add(time.Hour), "ends_at"},
		{"zero length", now.Add(time.Hour), now.Add(time.Hour), "ends_at"},
		{"ten years", now.Add(time.Hour), now.AddDate(10, 0, 0), "ends_at"},
		{"past", now.Add(-3 * time.Hour), now.Add(-2 * time.Hour), "starts_at"},
		{"three years ahead", now.AddDate(3, 0, 0), now.AddDate(3, 0, 0).Add(time.Hour), "starts_at"},
	} {
		var v Validator
		ValidateSlot(&v, tc.start, tc.end, now)
		err := v.Err()
		if (err == nil) != (tc.field == "") || (err != nil && ErrorOf(err).Fields[tc.field].Key == "") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestRecurrenceUntilIsALocalDay(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	start := time.Date(2027, 6, 1, 0, 30, 0, 0, london) // a Tuesday, 23:30 UTC the day before
	slots, err := Recurrence{EveryWeeks: 1, UntilDay: "2027-06-14"}.Occurrences(start, start.Add(time.Hour), london)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 2 {
		t.Fatalf("%d occurrences up to Monday 14 June, want 2 (1 and 8 June)", len(slots))
	}
	if _, err := (Recurrence{EveryWeeks: 1, UntilDay: "2027-05-01"}).Occurrences(start, start.Add(time.Hour), london); err == nil {
		t.Fatal("a series ending before it starts was accepted")
	}
}
