package demo

import (
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// winter is the season of the Winter evenings at the Miners' Hall, November
// to March, in calendar months of the demo's own clock: whatever day the
// demo loads, a bill falls due after the months it pays for and the hall's
// evenings fall in the winter they are for.
type winter struct {
	year int // of its November
	loc  *time.Location
}

// The periods the hall's heating bills pay for, as months counted from
// the January of the winter's November (13 is the next January).
var (
	novemberDecember = []int{11, 12}
	januaryMarch     = []int{13, 15}
)

// winterFrom is the first winter whose first bill (due a fortnight after
// December) is not yet due on the day the partnership is agreed.
func winterFrom(agreed time.Time, loc *time.Location) winter {
	return winter{year: agreed.In(loc).AddDate(0, 0, -15).Year(), loc: loc}
}

// month is the first day of a month counted as in the periods above.
func (w winter) month(m int) time.Time { return time.Date(w.year, time.Month(m), 1, 0, 0, 0, 0, w.loc) }

// after is the day a bill for a period falls due: a fortnight after the
// period's last month ends.
func (w winter) after(period []int) time.Time {
	return w.month(period[len(period)-1]+1).AddDate(0, 0, 14)
}

// evenings are the hall's weekly evenings from the winter's start (or
// from tomorrow, if it has started) to the end of March: Tuesdays 8 to
// 10, after choir practice in the library; Thursdays and Saturdays 6 to 9.
func (w winter) evenings(now time.Time, purpose string) []app.BookingRequest {
	from := w.month(11)
	if tomorrow := now.In(w.loc).AddDate(0, 0, 1); tomorrow.After(from) {
		from = time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 0, 0, 0, 0, w.loc)
	}
	until := w.month(16).AddDate(0, 0, -1).Format("2006-01-02")
	var out []app.BookingRequest
	for _, e := range []struct {
		day      time.Weekday
		from, to int
	}{{time.Tuesday, 20, 22}, {time.Thursday, 18, 21}, {time.Saturday, 18, 21}} {
		d := from
		for d.Weekday() != e.day {
			d = d.AddDate(0, 0, 1)
		}
		out = append(out, app.BookingRequest{Purpose: purpose,
			Start:  time.Date(d.Year(), d.Month(), d.Day(), e.from, 0, 0, 0, w.loc),
			End:    time.Date(d.Year(), d.Month(), d.Day(), e.to, 0, 0, 0, w.loc),
			Repeat: &commons.Recurrence{EveryWeeks: 1, UntilDay: until}})
	}
	return out
}
