package markdown_test

import (
	"testing"

	"github.com/commons-project/commons/internal/markdown"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"emphasis goes, words stay", "Bring **a laptop** and *patience*.", "Bring a laptop and patience."},
		{"paragraphs a blank line apart", "One line\nwraps.\n\nSecond.", "One line wraps.\n\nSecond."},
		{"heading", "# Week one\n\nIntro", "Week one\n\nIntro"},
		{"bullets", "Bring:\n\n- pens\n- paper\n\nThanks", "Bring:\n\n- pens\n- paper\n\nThanks"},
		{"numbers", "3. third\n4. fourth", "3. third\n4. fourth"},
		{"a link keeps its address", "See [the map](https://example.org/map).", "See the map (https://example.org/map)."},
		{"an autolink once", "Go to https://example.org now", "Go to https://example.org now"},
		{"raw HTML left out", "Hi <script>alert(1)</script> there", "Hi alert(1) there"},
		{"code", "Run `make`:\n\n```\nmake all\n```", "Run make:\n\nmake all"},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"},
		{"plain text unchanged", "Just words", "Just words"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdown.Text(tc.in); got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}
