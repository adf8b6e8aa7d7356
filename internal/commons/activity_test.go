package commons

import (
	"strings"
	"testing"
	"time"
)

func TestRules(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, london)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		rule, start string
		want        []string // local starts
	}{
		// Weekly across the end of summer time: 19:00 stays 19:00.
		{"FREQ=WEEKLY;COUNT=3", "2026-10-18 19:00", []string{"2026-10-18 19:00", "2026-10-25 19:00", "2026-11-01 19:00"}},
		{"RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261115", "2026-10-18 19:00", []string{"2026-10-18 19:00", "2026-11-01 19:00", "2026-11-15 19:00"}},
		// Monthly on the 31st skips the months without one.
		{"FREQ=MONTHLY;COUNT=3", "2027-01-31 10:00", []string{"2027-01-31 10:00", "2027-03-31 10:00", "2027-05-31 10:00"}},
		{"freq=monthly;until=20270315T000000Z", "2027-01-15 10:00", []string{"2027-01-15 10:00", "2027-02-15 10:00"}},
	} {
		r, err := ParseRule(tc.rule, london)
		if err != nil {
			t.Fatalf("%s: %v", tc.rule, err)
		}
		start := at(tc.start)
		slots, err := r.Occurrences(start, start.Add(90*time.Minute), london)
		if err != nil {
			t.Fatalf("%s: %v", tc.rule, err)
		}
		var got []string
		for _, s := range slots {
			got = append(got, s.Start.In(london).Format("2006-01-02 15:04"))
			if s.End.Sub(s.Start) != 90*time.Minute {
				t.Errorf("%s: length %v", tc.rule, s.End.Sub(s.Start))
			}
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %v, want %v", tc.rule, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Fatalf("%s: %v, want %v", tc.rule, got, tc.want)
			}
		}
		if again, err := ParseRule(r.String(), london); err != nil || again.Count != r.Count || again.Freq != r.Freq {
			t.Errorf("%s written back as %s: %v", tc.rule, r.String(), err)
		}
	}
	for _, bad := range []string{"FREQ=WEEKLY", "FREQ=DAILY;COUNT=2", "FREQ=WEEKLY;COUNT=0", "FREQ=WEEKLY;COUNT=500",
		"FREQ=WEEKLY;COUNT=2;UNTIL=20270101", "FREQ=WEEKLY;BYDAY=MO;COUNT=2", "", "FREQ=WEEKLY;UNTIL=tomorrow", "FREQ=WEEKLY;INTERVAL=0;COUNT=2"} {
		if _, err := ParseRule(bad, london); CodeOf(err) != CodeInvalid {
			t.Errorf("%q: %v, want invalid", bad, err)
		}
	}
	// An end before the first occurrence leaves nothing: refused.
	r, _ := ParseRule("FREQ=WEEKLY;UNTIL=20200101", london)
	if _, err := r.Occurrences(at("2026-10-18 19:00"), at("2026-10-18 20:00"), london); CodeOf(err) != CodeInvalid {
		t.Errorf("empty series: %v", err)
	}
}

// A part named twice is refused, whatever the values (RFC 5545 allows
// each once).
func TestParseRuleRefusesADuplicatedPart(t *testing.T) {
	for _, s := range []string{"FREQ=WEEKLY;COUNT=3;COUNT=300", "FREQ=WEEKLY;FREQ=MONTHLY;COUNT=2", "FREQ=WEEKLY;COUNT=2;WKST=MO;WKST=SU"} {
		if _, err := ParseRule(s, time.UTC); err == nil {
			t.Errorf("%s: accepted", s)
		}
	}
	if _, err := ParseRule("FREQ=WEEKLY;INTERVAL=2;COUNT=3", time.UTC); err != nil {
		t.Errorf("a good rule: %v", err)
	}
}

// "The first Saturday of the month": a monthly rule with a positioned
// BYDAY lands on that weekday every month, at the same clock time.
func TestMonthlyRuleOnTheNthWeekday(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/London")
	r, err := ParseRule("FREQ=MONTHLY;BYDAY=1SA;COUNT=3", loc)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2027, 1, 2, 10, 0, 0, 0, loc) // the first Saturday of January 2027
	slots, err := r.Occurrences(start, start.Add(2*time.Hour), loc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range slots {
		got = append(got, s.Start.In(loc).Format("Mon 2006-01-02 15:04"))
	}
	want := []string{"Sat 2027-01-02 10:00", "Sat 2027-02-06 10:00", "Sat 2027-03-06 10:00"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("got %v, want %v", got, want)
	}
	if r.String() != "FREQ=MONTHLY;COUNT=3;BYDAY=1SA" && r.String() != "FREQ=MONTHLY;BYDAY=1SA;COUNT=3" {
		t.Errorf("written back as %s", r.String())
	}
	last, _ := ParseRule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", loc)
	slots, _ = last.Occurrences(time.Date(2027, 1, 29, 18, 0, 0, 0, loc), time.Date(2027, 1, 29, 19, 0, 0, 0, loc), loc)
	if len(slots) != 2 || slots[1].Start.In(loc).Day() != 26 {
		t.Errorf("the last Friday: %v", slots)
	}
	for _, bad := range []string{"FREQ=MONTHLY;BYDAY=5SA;COUNT=2", "FREQ=WEEKLY;BYDAY=1SA;COUNT=2", "FREQ=MONTHLY;BYDAY=SA;COUNT=2"} {
		if _, err := ParseRule(bad, loc); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}
