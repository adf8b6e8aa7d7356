package i18n

import (
	"testing"
	"time"
)

func TestLanguageNamesAndDates(t *testing.T) {
	c := load(t)
	en, ru := c.Localizer("en"), c.Localizer("ru")
	for _, tc := range []struct{ got, want string }{
		{en.Language("cy"), "Welsh"},
		{ru.Language("cy"), "валлийский"},
		{ru.Languages([]string{"en", "ru"}), "английский, русский"},
		{en.Language("not a code"), "not a code"},
		{en.Date(time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)), "2 December 2026"},
		{ru.Date(time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)), "2 декабря 2026 г."},
		{ru.DateTime(time.Date(2026, 12, 3, 9, 5, 0, 0, time.UTC)), "Четверг, 3 декабря 2026 г., 09:05"},
		{en.DateOf("2027-01-11"), "11 January 2027"},
		{en.DateOf("soon"), "soon"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
