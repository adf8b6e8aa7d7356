package i18n

import (
	"strconv"
	"time"
)

// Dates are written as people in the reader's language write them ("2
// December 2026", "2 декабря 2026 г."), never as a Go layout, whose
// weekday and month names are English whatever the reader's language.
// ISO 8601 is kept for machines: feeds, exports and form fields.

// Date writes a day: "2 December 2026".
func (l *Localizer) Date(t time.Time) string {
	return l.T("date.day_month_year", "Day", t.Day(), "Month", l.T("date.month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
}

// DayMonth writes a day without its year: "2 December".
func (l *Localizer) DayMonth(t time.Time) string {
	return l.T("date.day_month", "Day", t.Day(), "Month", l.T("date.month."+strconv.Itoa(int(t.Month()))))
}

// WeekdayDate writes a day with its weekday: "Wednesday 2 December 2026".
func (l *Localizer) WeekdayDate(t time.Time) string {
	return l.T("date.weekday_date", "Weekday", l.T("weekday."+strconv.Itoa(int(t.Weekday()))), "Date", l.Date(t))
}

// DateTime writes a moment with its weekday and the time of day, in the
// time zone t carries: "Wednesday 2 December 2026, 18:00".
func (l *Localizer) DateTime(t time.Time) string {
	return l.T("date.date_time", "Date", l.WeekdayDate(t), "Time", t.Format("15:04"))
}

// DateOf writes a day kept as ISO 8601 text ("2027-01-11"); other text is
// returned as it is.
func (l *Localizer) DateOf(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return l.Date(t)
}
