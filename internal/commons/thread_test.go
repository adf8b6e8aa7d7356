package commons

import (
	"slices"
	"testing"
)

func TestMentions(t *testing.T) {
	for text, want := range map[string][]string{
		"Ask @MairEvans.":                          {"mairevans"},
		"@DafyddHughes, @mairevans and @MairEvans": {"dafyddhughes", "mairevans"},
		"mail me at mair@example.org":              nil,
		"(@SiânPritchard) and **@Olena**":          {"siânpritchard", "olena"},
		"@ alone, @@twice":                         nil,
		"@Ірина-Петрова!":                          {"ірина-петрова"},
	} {
		if got := Mentions(text); !slices.Equal(got, want) {
			t.Errorf("Mentions(%q) = %q, want %q", text, got, want)
		}
	}
	if h := MentionHandle("Siân  Pritchard"); h != "siânpritchard" {
		t.Errorf("handle: %q", h)
	}
}
