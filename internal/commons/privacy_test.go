package commons

import "testing"

func TestMayShowPerson(t *testing.T) {
	for _, c := range []struct {
		name           string
		member         bool
		reader, person string
		public, want   bool
	}{
		{"visitor, private person", false, "", "p", false, false},
		{"visitor, public person", false, "", "p", true, true},
		{"member of another community, private person", false, "o", "p", false, false},
		{"member of another community, public person", false, "o", "p", true, true},
		{"member, private person", true, "m", "p", false, true},
		{"the person themselves, private", false, "p", "p", false, true},
		{"an erased account, to a member", true, "m", "", false, false},
		{"an erased account, to a visitor", false, "", "", true, false},
	} {
		if got := MayShowPerson(c.member, c.reader, c.person, c.public); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
