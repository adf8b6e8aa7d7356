package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	r := New()
	for _, tc := range []struct {
		name, in      string
		want, wantNot []string
	}{
		{"emphasis and lists", "*hello* **there**\n\n- one\n- two", []string{"<em>hello</em>", "<strong>there</strong>", "<li>one</li>"}, nil},
		{"raw script", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script", "alert(1)</script>"}},
		{"tracking image", "![pixel](https://tracker.example/p.gif)", nil, []string{"<img", "tracker.example"}},
		{"raw image tag", `<img src="https://tracker.example/p.gif">`, nil, []string{"<img"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"click"}, []string{"javascript:"}},
		{"link", "[library](https://library.example)", []string{`href="https://library.example"`, `rel="nofollow noreferrer"`}, nil},
		{"autolink", "see https://museum.example today", []string{`href="https://museum.example"`}, nil},
		{"table", "| a | b |\n|---|--:|\n| 1 | 2 |", []string{"<table>", "<td>2</td>"}, nil},
		{"strikethrough", "~~old~~", []string{"<del>old</del>"}, nil},
		{"onclick", `<a href="x" onclick="evil()">x</a>`, nil, []string{"onclick"}},
		{"style", "<style>body{display:none}</style>text", nil, []string{"<style", "display:none"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(r.HTML(tc.in))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q: want %q in %q", tc.in, w, got)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("%q: %q must not be in %q", tc.in, w, got)
				}
			}
		})
	}
}

func BenchmarkHTML(b *testing.B) {
	r := New()
	src := strings.Repeat("A paragraph with *emphasis*, a [link](https://example.org) and `code`.\n\n- a list\n- of things\n\n", 20)
	for b.Loop() {
		r.HTML(src)
	}
}
