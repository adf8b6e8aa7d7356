package i18n

import (
	"sync"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/ca"
	"github.com/go-playground/locales/cy"
	"github.com/go-playground/locales/da"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/hu"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/ro"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/uk"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The languages Commons knows: the ones its partner communities speak.
// Each has CLDR's data for dates, times, numbers and plural forms, its
// name in itself and its direction, whether or not its catalog is written
// yet; a missing message comes in English (see Localizer). A language is
// offered in the switcher once it has a catalog file; a person may choose
// any of these (?lang=ar, their account's language).
//
// Adding a twelfth: its code here, with the CLDR locale that writes its
// dates (github.com/go-playground/locales, generated from CLDR), its
// week's first day, and catalog files <part>.<code>.toml (README).
var known = []struct {
	code string
	cldr func() locales.Translator
	// firstDay is the first day of the week in the language's main
	// country, from CLDR's supplemental weekData (territory GB, RU, ES,
	// IT, RO, HU, DK, UA: Monday; EG, CLDR's likely territory for ar:
	// Saturday). go-playground/locales does not carry weekData.
	firstDay time.Weekday
}{
	{"en", en_GB.New, time.Monday}, // Commons' English is British English
	{"ru", ru.New, time.Monday},
	{"cy", cy.New, time.Monday},
	{"es", es.New, time.Monday},
	{"ca", ca.New, time.Monday},
	{"it", it.New, time.Monday},
	{"ro", ro.New, time.Monday},
	{"hu", hu.New, time.Monday},
	{"da", da.New, time.Monday},
	{"uk", uk.New, time.Monday},
	{"ar", ar.New, time.Saturday},
}

// rtlScripts are the scripts written right to left among those of the
// known languages' likely scripts (Unicode's Bidi_Class of their letters).
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true, "Rohg": true}

// Known lists the codes of the languages Commons knows, English first.
func Known() []string {
	out := make([]string, len(known))
	for i, k := range known {
		out[i] = k.code
	}
	return out
}

// IsKnown reports whether Commons knows a language (dates, plural forms,
// direction), whether or not its catalog is written yet.
func IsKnown(code string) bool {
	for _, k := range known {
		if k.code == code {
			return true
		}
	}
	return false
}

// SelfName is a language's name in itself ("Cymraeg", "العربية"), from
// CLDR's tables; the code when CLDR does not know it.
func SelfName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Self.Name(tag); n != "" {
		return n
	}
	return code
}

// Direction is "rtl" for a language written right to left, else "ltr".
func Direction(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return "ltr"
	}
	if s, _ := tag.Script(); rtlScripts[s.String()] {
		return "rtl"
	}
	return "ltr"
}

// PluralForms lists a language's CLDR plural categories (one, few, many,
// other for Russian; zero, one, two, few, many, other for Welsh and
// Arabic), the forms its catalog gives for a counted message.
func PluralForms(code string) []string {
	var out []string
	for _, r := range cldrOf(code).PluralsCardinal() {
		out = append(out, pluralName(r))
	}
	return out
}

func pluralName(r locales.PluralRule) string {
	switch r {
	case locales.PluralRuleZero:
		return "zero"
	case locales.PluralRuleOne:
		return "one"
	case locales.PluralRuleTwo:
		return "two"
	case locales.PluralRuleFew:
		return "few"
	case locales.PluralRuleMany:
		return "many"
	}
	return "other"
}

// translators holds each known language's CLDR data, made once.
var translators = sync.OnceValue(func() map[string]locales.Translator {
	m := make(map[string]locales.Translator, len(known))
	for _, k := range known {
		m[k.code] = k.cldr()
	}
	return m
})

// cldrOf is a language's CLDR data, English's for a language not known.
func cldrOf(code string) locales.Translator {
	if t, ok := translators()[code]; ok {
		return t
	}
	return translators()[Fallback]
}

// firstDayOf is the first day of the week where the language is spoken.
func firstDayOf(code string) time.Weekday {
	for _, k := range known {
		if k.code == code {
			return k.firstDay
		}
	}
	return time.Monday
}

// Dir is the reader's direction of writing, for <html dir>: "rtl" or "ltr".
func (l *Localizer) Dir() string { return Direction(l.Lang) }

// RTL reports whether the reader's language is written right to left.
func (l *Localizer) RTL() bool { return l.Dir() == "rtl" }
