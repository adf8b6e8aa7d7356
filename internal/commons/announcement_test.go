package commons

import (
	"strings"
	"testing"
)

func TestAnnouncementRefusal(t *testing.T) {
	for _, c := range []struct {
		manages bool
		message string
		want    Code
	}{
		{true, "Bring a screwdriver on Saturday.", ""},
		{false, "Bring a screwdriver on Saturday.", CodeForbidden},
		{true, "   ", CodeInvalid},
		{true, strings.Repeat("a", MaxAnnouncementLen+1), CodeInvalid},
		{true, strings.Repeat("a", MaxAnnouncementLen), ""},
	} {
		if got := CodeOf(AnnouncementRefusal(c.manages, c.message)); got != c.want {
			t.Errorf("manages %v, %d characters: %q, want %q", c.manages, len(c.message), got, c.want)
		}
	}
}

func TestAnnouncementReaches(t *testing.T) {
	for _, c := range []struct {
		user string
		st   RegistrationStatus
		want bool
	}{{"irina", Registered, true}, {"aisha", Waitlisted, false}, {"huw", Registered, false}} {
		if got := AnnouncementReaches("huw", c.user, c.st); got != c.want {
			t.Errorf("%s %s: %v", c.user, c.st, got)
		}
	}
}
