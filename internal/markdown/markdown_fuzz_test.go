package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// What must never come out of rendering what people write, whatever
// they wrote: scripts, event handlers, javascript: links, images, frames,
// styles.
var unsafeHTML = regexp.MustCompile(`(?i)<\s*(script|img|iframe|object|embed|style|svg|math|form|input)\b|\son[a-z]+\s*=|javascript:|<\s*a\b[^>]*\bhref\s*=\s*"\s*data:`)

// FuzzHTML renders arbitrary Markdown: no panic, and nothing unsafe in
// the HTML.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"# Hi\n\n*there* [a](https://example.org)", "<script>alert(1)</script>",
		"[x](javascript:alert(1))", "![i](https://t.example/p.gif)", "| a | b |\n|---|---|\n| 1 | 2 |",
		"<a href=\"x\" onclick=\"y\">z</a>", "~~s~~ www.example.org", "```\n<b>\n```"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) {
		out := string(r.HTML(s))
		if m := unsafeHTML.FindString(out); m != "" {
			t.Fatalf("%q rendered %q, holding %q", s, out, m)
		}
		if strings.Contains(out, "<img") {
			t.Fatalf("an image in %q", out)
		}
	})
}
