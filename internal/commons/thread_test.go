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

// Who hears of a post: a mention beats a reply beats taking part, once
// each, never the author, never a blocker, and no second unread notice.
func TestPostAudience(t *testing.T) {
	f := PostFacts{ReplyAuthor: "rhys", Participants: []string{"author", "rhys", "sian", "olena", "huw"},
		Waiting: []string{"olena"}, Blockers: []string{"huw"}}
	got := PostAudience("author", []string{"rhys", "author", "mair", "huw"}, f)
	want := []Heard{{"rhys", NotifyMention}, {"mair", NotifyMention}, {"sian", NotifyThreadPost}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := PostAudience("author", nil, PostFacts{ReplyAuthor: "sian", Participants: []string{"sian"}}); !slices.Equal(got, []Heard{{"sian", NotifyReply}}) {
		t.Fatalf("a reply: %v", got)
	}
}

// Who stopped a thread's notifications hears neither of new posts nor of
// replies there, but still of a mention by name.
func TestPostAudienceMuted(t *testing.T) {
	f := PostFacts{ReplyAuthor: "sian", Participants: []string{"author", "sian", "rhys", "mair"}, Muted: []string{"sian", "rhys"}}
	got := PostAudience("author", []string{"rhys"}, f)
	want := []Heard{{"rhys", NotifyMention}, {"mair", NotifyThreadPost}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
