package i18n

import (
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// Text put into a sentence — a person's name, a resource's title — may be
// written in the other direction than the sentence: a Latin name in
// Arabic, an Arabic name in English. Without isolation the bidirectional
// algorithm lets the two mix, and "Mair Evans" next to a number or a
// punctuation mark comes out in the wrong order. Unicode's isolates (FSI
// … PDI, "first strong isolate") keep the inserted text a unit whose
// direction is its own; they work in HTML, mail and notifications alike.
const (
	fsi = "\u2068"
	pdi = "\u2069"
)

// isolates reports whether text put into a sentence is isolated: all of
// it in a right-to-left sentence, and in a left-to-right one the text
// holding right-to-left letters. An address is left as it is, so that
// mail programs still find where it ends.
func isolates(s string, rtl bool) bool {
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, fsi) {
		return false
	}
	return rtl || hasRTL(s)
}

func isolate(s string) string { return fsi + s + pdi }

// hasRTL reports whether s holds a letter written right to left.
func hasRTL(s string) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.R || c == bidi.AL {
			return true
		}
	}
	return false
}

// Isolate returns text put into a page beside the reader's words — a
// person's name — isolated when its direction may differ from the
// page's (see isolates), else as it is.
func (l *Localizer) Isolate(s string) string {
	if isolates(s, l.RTL()) {
		return isolate(s)
	}
	return s
}
