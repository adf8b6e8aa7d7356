package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Elements that must never come out of rendering what people write:
// scripts, images, frames, styles, forms.
var unsafeElements = map[string]bool{"script": true, "img": true, "iframe": true, "object": true, "embed": true,
	"style": true, "svg": true, "math": true, "form": true, "input": true}

// unsafeIn parses rendered HTML as a browser would and returns what in it
// could run or load something: a forbidden element, an event-handler
// attribute, or a link whose address runs script or embeds data. Text that
// merely reads "javascript:" or "once=" is harmless and is not reported (the
// fuzzer found such text, which a regular expression over the HTML flagged).
func unsafeIn(out string) string {
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		return "unparsable: " + err.Error()
	}
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			if unsafeElements[n.Data] {
				found = "<" + n.Data + ">"
				return
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				scheme := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				switch {
				case strings.HasPrefix(key, "on"):
					found = "attribute " + a.Key
				case (key == "href" || key == "src") && (strings.HasPrefix(scheme, "javascript:") || strings.HasPrefix(scheme, "vbscript:") || strings.HasPrefix(scheme, "data:")):
					found = a.Key + "=" + a.Val
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// FuzzHTML renders arbitrary Markdown: no panic, and nothing unsafe in
// the HTML.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"# Hi\n\n*there* [a](https://example.org)", "<script>alert(1)</script>",
		"[x](javascript:alert(1))", "![i](https://t.example/p.gif)", "| a | b |\n|---|---|\n| 1 | 2 |",
		"<a href=\"x\" onclick=\"y\">z</a>", "~~s~~ www.example.org", "```\n<b>\n```", "jAvAsCript: once = 1"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) {
		out := string(r.HTML(s))
		if m := unsafeIn(out); m != "" {
			t.Fatalf("%q rendered %q, holding %s", s, out, m)
		}
	})
}

// The checker itself: it must catch what it is there to catch.
func TestUnsafeInCatchesWhatRuns(t *testing.T) {
	for _, bad := range []string{`<script>x</script>`, `<p onclick="x">a</p>`, `<a href="javascript:x">a</a>`,
		`<a href=" JaVa Script:x">a</a>`, `<img src="x">`, `<a href="data:text/html,x">a</a>`} {
		if unsafeIn(bad) == "" {
			t.Errorf("%s passed as safe", bad)
		}
	}
	for _, good := range []string{`<p>jAvAsCript: once = 1</p>`, `<a href="https://example.org">a</a>`} {
		if m := unsafeIn(good); m != "" {
			t.Errorf("%s reported: %s", good, m)
		}
	}
}
