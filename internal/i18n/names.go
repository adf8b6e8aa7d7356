package i18n

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Language names a language in the reader's language ("Welsh",
// "валлийский") from CLDR's tables, so that pages never show a code such
// as "cy". A code CLDR does not know is shown as it was written.
func (l *Localizer) Language(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	reader, err := language.Parse(l.Lang)
	if err != nil {
		reader = language.English
	}
	name := display.Tags(reader).Name(tag)
	if name == "" {
		return code
	}
	return name
}

// Languages names several languages, separated by commas.
func (l *Localizer) Languages(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = l.Language(c)
	}
	return strings.Join(names, ", ")
}

// Has reports whether the catalog holds a message, for text that is
// translated where a message exists and shown as written otherwise.
func (l *Localizer) Has(key string) bool { return l.keys[key] }
