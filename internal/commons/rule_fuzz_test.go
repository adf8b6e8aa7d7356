package commons

import (
	"testing"
	"time"
)

// FuzzParseRule: any text either is refused as invalid input or parses
// to a rule with an end, whose written form parses back to the same rule.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=MONTHLY;INTERVAL=2;UNTIL=20270601",
		"FREQ=WEEKLY;UNTIL=20270601T100000Z;WKST=MO", "FREQ=DAILY", "FREQ=WEEKLY;COUNT=3;COUNT=4", ";;=", ""} {
		f.Add(s)
	}
	london, _ := time.LoadLocation("Europe/London")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s, london)
		if err != nil {
			if CodeOf(err) != CodeInvalid {
				t.Fatalf("%q: error of code %q", s, CodeOf(err))
			}
			return
		}
		if (r.Count == 0) == r.Until.IsZero() || r.Interval < 1 {
			t.Fatalf("%q parsed to a rule without one end: %+v", s, r)
		}
		again, err := ParseRule(r.String(), london)
		if err != nil || again.Freq != r.Freq || again.Count != r.Count || again.Interval != r.Interval {
			t.Fatalf("%q → %q → %+v, %v", s, r.String(), again, err)
		}
	})
}
