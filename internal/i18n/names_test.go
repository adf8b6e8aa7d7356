package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
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
		{ru.DateTime(time.Date(2026, 12, 3, 9, 5, 0, 0, time.UTC)), "четверг, 3 декабря 2026 г., 09:05"},
		{en.DateOf("2027-01-11"), "11 January 2027"},
		{en.DateOf("soon"), "soon"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Moments in messages and notifications are written for the reader, in
// the zone they were given in (the community's).
func TestMomentsInMessages(t *testing.T) {
	c := load(t)
	ru := c.Localizer("ru")
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.FixedZone("", 3600))
	got := ru.Notification(commons.Notification{Kind: "booking_confirmed", Args: map[string]string{"Resource": "Зал", "Start": at.Format(time.RFC3339)}})
	if !strings.Contains(got, "на четверг, 3 декабря 2026 г., 10:00") {
		t.Errorf("notification: %q", got)
	}
	m := commons.Msg("error.booking.closed", "Start", at)
	if got := ru.Msg(m); !strings.Contains(got, "3 декабря 2026 г., 10:00") {
		t.Errorf("message: %q", got)
	}
	if _, ok := m.Args["Start"].(time.Time); !ok {
		t.Error("the caller's message was changed")
	}
}
