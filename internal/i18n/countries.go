package i18n

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country names a country by its ISO 3166-1 code in the reader's language
// ("United Kingdom", "Великобритания"), from CLDR's tables; a code CLDR does
// not know is shown as it was written.
func (l *Localizer) Country(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	reader, err := language.Parse(l.Lang)
	if err != nil {
		reader = language.English
	}
	if name := display.Regions(reader).Name(region); name != "" {
		return name
	}
	return code
}
