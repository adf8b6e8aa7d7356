package commons

import (
	"testing"
	"time"
)

// Prices and times read in the forms spreadsheets write them, and written
// back in the one form the export uses.
func TestCSVActivityCells(t *testing.T) {
	for in, want := range map[string]string{"12.50 GBP": "12.50 GBP", "12,5 eur": "12.50 EUR", "GBP 3": "3.00 GBP",
		"": "", "0": "", "free": "", "0.05 GBP": "0.05 GBP"} {
		minor, cur, ok := ParseCost(in)
		if got := FormatCost(minor, cur); !ok || got != want {
			t.Errorf("cost %q: %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"lots", "12.505 GBP", "-1 GBP", "12 GBP extra"} {
		if _, _, ok := ParseCost(bad); ok {
			t.Errorf("cost %q read", bad)
		}
	}
	loc, _ := time.LoadLocation("Europe/London")
	want := time.Date(2027, 6, 1, 17, 0, 0, 0, time.UTC)
	for _, in := range []string{"2027-06-01 18:00", "2027-06-01T18:00", "2027-06-01T18:00:00", "2027-06-01T17:00:00Z",
		"2027-06-01T19:00:00+02:00", "01.06.2027 18:00", "1.6.2027 18:00"} {
		got, ok := ParseCSVTime(in, loc)
		if !ok || !got.Equal(want) {
			t.Errorf("time %q: %v %v", in, got, ok)
		}
	}
	if got := FormatCSVTime(want, loc); got != "2027-06-01 18:00" {
		t.Errorf("written as %q", got)
	}
	for _, bad := range []string{"2027-06-01", "tomorrow", "06/01/2027 18:00"} {
		if _, ok := ParseCSVTime(bad, loc); ok {
			t.Errorf("time %q read", bad)
		}
	}
	a := Activity{SeriesID: "s", Title: "Welsh", Kind: ActivityCourse, StartsAt: want, EndsAt: want.Add(time.Hour),
		Languages: []string{"cy", "en"}, Recurrence: "FREQ=WEEKLY;COUNT=3"}
	f, problems := ActivityFromCells(ActivityCells(a, "", "", loc), Activity{}, loc)
	if len(problems) > 0 || f.Title != "Welsh" || !f.StartsAt.Equal(want) || len(f.Languages) != 2 || f.Recurrence != a.Recurrence {
		t.Errorf("round trip: %+v %v", f, problems)
	}
}

// An invitation asks for a member's place only; other roles come later.
func TestCSVInvitationFromCells(t *testing.T) {
	for role, ok := range map[string]bool{"": true, "member": true, "Newcomer": true, "steward": false, "editor": false} {
		_, problems := InvitationFromCells(map[string]string{"email": "a@example.org", "role": role})
		if (len(problems) == 0) != ok {
			t.Errorf("role %q: %v", role, problems)
		}
	}
	if _, problems := InvitationFromCells(map[string]string{"email": "nowhere"}); problems["email"].Key == "" {
		t.Errorf("a bad address: %v", problems)
	}
}
