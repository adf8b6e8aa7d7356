package i18n

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// Dates, times and numbers are written as people in the reader's language
// write them ("3 December 2026", "3 декабря 2026 г.", "2026. december
// 3.", "18:00" or "6:00 م"), from CLDR's data for the language
// (github.com/go-playground/locales, generated from CLDR; languages.go
// says which locale each language uses), never as a Go layout, whose
// weekday and month names are English whatever the reader's language.
// ISO 8601 is kept for machines: feeds, exports, form fields, iCalendar.

// Date writes a day, CLDR's long date: "2 December 2026".
func (l *Localizer) Date(t time.Time) string { return l.cldr.FmtDateLong(t) }

// DateShort writes a day in figures, CLDR's short date: "02/12/2026",
// "02.12.2026".
func (l *Localizer) DateShort(t time.Time) string { return l.cldr.FmtDateShort(t) }

// DateMedium writes a day with an abbreviated month: "2 Dec 2026".
func (l *Localizer) DateMedium(t time.Time) string { return l.cldr.FmtDateMedium(t) }

// DayMonth writes a day without its year: "2 December". CLDR's skeleton
// for it is not in the module, so the order is the catalog's
// (date.day_month) and the month's name CLDR's, in the form a date uses.
func (l *Localizer) DayMonth(t time.Time) string {
	return l.T("date.day_month", "Day", t.Day(), "Month", l.Month(t.Month()))
}

// WeekdayDate writes a day with its weekday, CLDR's full date:
// "Wednesday, 2 December 2026".
func (l *Localizer) WeekdayDate(t time.Time) string { return l.cldr.FmtDateFull(t) }

// Time writes a time of day on the language's clock: "18:00", "6:00 م".
func (l *Localizer) Time(t time.Time) string { return l.cldr.FmtTimeShort(t) }

// DateTime writes a moment with its weekday and the time of day, in the
// time zone t carries: "Wednesday, 2 December 2026, 18:00".
func (l *Localizer) DateTime(t time.Time) string {
	return l.T("date.date_time", "Date", l.WeekdayDate(t), "Time", l.Time(t))
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

// Month names a month as a date writes it: genitive where the language
// declines it there ("декабря", "грудня").
func (l *Localizer) Month(m time.Month) string { return l.cldr.MonthWide(m) }

// Weekday names a day of the week: "Wednesday", "среда", "الأربعاء".
func (l *Localizer) Weekday(d time.Weekday) string { return l.cldr.WeekdayWide(d) }

// WeekdayTitle names a day of the week standing alone at the head of a
// column or line, with a capital letter: "Среда".
func (l *Localizer) WeekdayTitle(d time.Weekday) string { return capitalize(l.Weekday(d)) }

// WeekdayShort is a day of the week's short name, for narrow columns.
func (l *Localizer) WeekdayShort(d time.Weekday) string { return l.cldr.WeekdayAbbreviated(d) }

// FirstWeekday is the day a week starts on where the language is spoken:
// Monday in Europe, Saturday for Arabic (CLDR's weekData).
func (l *Localizer) FirstWeekday() time.Weekday { return firstDayOf(l.Lang) }

// WeekStart is the first day of t's week, at midnight in loc, as the
// reader's language counts weeks.
func (l *Localizer) WeekStart(t time.Time, loc *time.Location) time.Time {
	d := t.In(loc)
	back := (int(d.Weekday()) - int(l.FirstWeekday()) + 7) % 7
	return time.Date(d.Year(), d.Month(), d.Day()-back, 0, 0, 0, 0, loc)
}

// Number writes a whole number with the language's grouping: "1,234",
// "1 234", "1.234".
func (l *Localizer) Number(n int) string { return l.cldr.FmtNumber(float64(n), 0) }

// Decimal writes a number with digits after the language's decimal
// separator: "3.5", "3,5".
func (l *Localizer) Decimal(f float64, digits int) string {
	return l.cldr.FmtNumber(f, uint64(max(digits, 0)))
}

// Percent writes a percentage given as a percentage (12.5 → "12.5%",
// "12,5 %").
func (l *Localizer) Percent(f float64, digits int) string {
	return l.cldr.FmtPercent(f, uint64(max(digits, 0)))
}

// capitalize puts the first letter in upper case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
