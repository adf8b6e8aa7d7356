package app

import "strings"

// shorten cuts a text to at most n characters, marking the cut: a name in
// a drawing, a mail's subject.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
