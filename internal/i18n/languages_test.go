package i18n

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Each known language writes a date, a time and a number as CLDR says its
// country does, and starts its week on its own first day.
func TestDatesTimesNumbersPerLanguage(t *testing.T) {
	c := load(t)
	day := time.Date(2026, 12, 3, 18, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang, date, full, time, number, percent string
		first                                   time.Weekday
	}{
		{"en", "3 December 2026", "Thursday, 3 December 2026", "18:05", "1,234,567", "12.5%", time.Monday},
		{"ru", "3 декабря 2026 г.", "четверг, 3 декабря 2026 г.", "18:05", "1\u00a0234\u00a0567", "12,5%", time.Monday},
		{"cy", "3 Rhagfyr 2026", "Dydd Iau, 3 Rhagfyr 2026", "18:05", "1,234,567", "12.5%", time.Monday},
		{"es", "3 de diciembre de 2026", "jueves, 3 de diciembre de 2026", "18:05", "1.234.567", "12,5\u00a0%", time.Monday},
		{"ca", "3 de desembre de 2026", "dijous, 3 de desembre de 2026", "18:05", "1.234.567", "12,5%", time.Monday},
		{"it", "3 dicembre 2026", "giovedì 3 dicembre 2026", "18:05", "1.234.567", "12,5%", time.Monday},
		{"ro", "3 decembrie 2026", "joi, 3 decembrie 2026", "18:05", "1.234.567", "12,5\u00a0%", time.Monday},
		{"hu", "2026. december 3.", "2026. december 3., csütörtök", "18:05", "1\u00a0234\u00a0567", "12,5%", time.Monday},
		{"da", "3. december 2026", "torsdag den 3. december 2026", "18.05", "1.234.567", "12,5\u00a0%", time.Monday},
		{"uk", "3 грудня 2026 р.", "четвер, 3 грудня 2026 р.", "18:05", "1\u00a0234\u00a0567", "12,5%", time.Monday},
		{"ar", "3 ديسمبر 2026", "الخميس، 3 ديسمبر 2026", "6:05 م", "1٬234٬567", "12٫5٪\u061c", time.Saturday},
	} {
		l := c.Localizer(tc.lang)
		for _, got := range []struct{ got, want string }{
			{l.Date(day), tc.date}, {l.WeekdayDate(day), tc.full}, {l.Time(day), tc.time},
			{l.Number(1234567), tc.number}, {l.Percent(12.5, 1), tc.percent},
		} {
			if got.got != got.want {
				t.Errorf("%s: got %q, want %q", tc.lang, got.got, got.want)
			}
		}
		if l.FirstWeekday() != tc.first {
			t.Errorf("%s: the week starts on %s, want %s", tc.lang, l.FirstWeekday(), tc.first)
		}
		if start := l.WeekStart(day, time.UTC); start.Weekday() != tc.first || day.Sub(start) >= 7*24*time.Hour || start.After(day) {
			t.Errorf("%s: week of %s starts %s", tc.lang, day, start)
		}
	}
	// A month in a date is genitive where the language declines it.
	if got := c.Localizer("uk").Month(time.March); got != "березня" {
		t.Errorf("uk March in a date: %q", got)
	}
	if got := c.Localizer("ru").WeekdayTitle(time.Wednesday); got != "Среда" {
		t.Errorf("ru Wednesday heading: %q", got)
	}
	// Counts in messages are grouped as the language groups digits.
	if got := c.Localizer("ru").N("community.members", 1234); got != "1\u00a0234 участника" {
		t.Errorf("ru 1234 members: %q", got)
	}
}

func TestKnownLanguages(t *testing.T) {
	c := load(t)
	want := []string{"en", "ru", "cy", "es", "ca", "it", "ro", "hu", "da", "uk", "ar"}
	if !slices.Equal(Known(), want) {
		t.Errorf("Known() = %v", Known())
	}
	for _, code := range want {
		if !c.Supported(code) {
			t.Errorf("%s cannot be chosen", code)
		}
		if name := c.LanguageName(code); name == code || name == "" {
			t.Errorf("%s has no name of its own: %q", code, name)
		}
	}
	for code, name := range map[string]string{"cy": "Cymraeg", "ar": "العربية", "uk": "українська", "hu": "magyar", "ca": "català"} {
		if got := SelfName(code); got != name {
			t.Errorf("SelfName(%s) = %q, want %q", code, got, name)
		}
	}
	if got := c.Choosable(); len(got) != len(want) || got[0] != "en" {
		t.Errorf("Choosable() = %v", got)
	}
	if c.Supported("de") || c.Supported("") {
		t.Error("a language Commons does not know can be chosen")
	}
	for code, dir := range map[string]string{"ar": "rtl", "en": "ltr", "uk": "ltr", "xx-!": "ltr"} {
		if got := Direction(code); got != dir {
			t.Errorf("Direction(%s) = %s", code, got)
		}
		if got := c.Localizer(code).Dir(); got != dir && code != "xx-!" {
			t.Errorf("Localizer(%s).Dir() = %s", code, got)
		}
	}
	for code, forms := range map[string]string{"cy": "zero one two few many other", "ar": "zero one two few many other",
		"ru": "one few many other", "uk": "one few many other", "ro": "one few other", "en": "one other"} {
		if got := strings.Join(PluralForms(code), " "); got != forms {
			t.Errorf("PluralForms(%s) = %s, want %s", code, got, forms)
		}
	}
	// Every known language has its catalog: a browser asking for Arabic
	// gets Arabic words.
	if got := c.Localizer("ar").T("nav.signin"); got == c.Localizer("en").T("nav.signin") {
		t.Errorf("ar says %q, as English does", got)
	}
	if got := c.Choose("", "ar", nil); got != "ar" {
		t.Errorf("a browser asking for Arabic gets %q", got)
	}
	if got := c.Choose("ar", "", nil); got != "ar" {
		t.Errorf("a person choosing Arabic gets %q", got)
	}
}

func writeOverrides(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCatalogOverrides(t *testing.T) {
	dir := writeOverrides(t, map[string]string{
		"mine.en.toml": `"nav.signin" = "Log in"` + "\n",
		// Welsh has six plural forms: a counted message can give them all.
		"mine.cy.toml": "[\"community.members\"]\nzero = \"{{.Count}} aelodau\"\none = \"{{.Count}} aelod\"\ntwo = \"{{.Count}} aelod (dau)\"\n" +
			"few = \"{{.Count}} aelod (tri)\"\nmany = \"{{.Count}} aelod (chwech)\"\nother = \"{{.Count}} o aelodau\"\n",
		// A twelfth language's strings, dates in English's form.
		"mine.de.toml": `"nav.signin" = "Anmelden"` + "\n",
	})
	c, err := LoadWithOverrides(nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Localizer("en").T("nav.signin"); got != "Log in" {
		t.Errorf("English correction: %q", got)
	}
	cy := c.Localizer("cy")
	for n, want := range map[int]string{0: "0 aelodau", 1: "1 aelod", 2: "2 aelod (dau)", 3: "3 aelod (tri)", 6: "6 aelod (chwech)", 7: "7 o aelodau"} {
		if got := cy.N("community.members", n); got != want {
			t.Errorf("cy %d: %q, want %q", n, got, want)
		}
	}
	if !c.Supported("de") || c.Localizer("de").T("nav.signin") != "Anmelden" || !slices.Contains(c.Languages(), "de") || c.LanguageName("de") != "Deutsch" {
		t.Error("a twelfth language from the overrides is not offered")
	}
	if got := c.Localizer("ru").T("nav.signin"); got == "Log in" {
		t.Error("an English correction reached Russian")
	}

	for name, tc := range map[string]struct{ file, text, want string }{
		"unknown key":         {"x.ru.toml", `"nav.sigin" = "Войти"`, `"nav.sigin": unknown key`},
		"foreign placeholder": {"x.cy.toml", `"community.members" = "{{.Count}} {{.Name}}"`, "placeholder {{.Name}} is not in the original"},
		"broken placeholder":  {"x.es.toml", `"nav.signin" = "Entrar {{.Name"`, `"nav.signin": broken placeholder`},
		"bad language":        {"x.not_a_lang.toml", `"nav.signin" = "?"`, "is not a language code"},
		"bad toml":            {"x.da.toml", `"nav.signin" = `, "x.da.toml"},
	} {
		dir := writeOverrides(t, map[string]string{tc.file: tc.text + "\n"})
		_, err := LoadWithOverrides(nil, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
			t.Errorf("%s: %v, want it to name %s and say %q", name, err, tc.file, tc.want)
		}
	}
	if _, err := LoadWithOverrides(nil, filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing overrides folder was accepted")
	}
}

// Names and titles put into a sentence keep their own direction.
func TestBidiIsolation(t *testing.T) {
	c := load(t)
	en, ar := c.Localizer("en"), c.Localizer("ar")
	if got := en.T("nav.community", "Name", "Cwm Taf"); got != "Cwm Taf" {
		t.Errorf("an English name in English is changed: %q", got)
	}
	if got := en.T("nav.community", "Name", "مجتمع"); got != "\u2068مجتمع\u2069" {
		t.Errorf("an Arabic name in English is not isolated: %q", got)
	}
	// In an Arabic message a Latin name is isolated, so that the sentence
	// around it keeps its order.
	if got := ar.T("nav.community", "Name", "Cwm Taf"); got != "\u2068Cwm Taf\u2069" {
		t.Errorf("a Latin name in an Arabic message: %q", got)
	}
	dir := writeOverrides(t, map[string]string{"x.ar.toml": `"nav.community" = "مجتمع {{.Name}}"` + "\n"})
	withAr, err := LoadWithOverrides(nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := withAr.Localizer("ar").T("nav.community", "Name", "Cwm Taf"); got != "مجتمع \u2068Cwm Taf\u2069" {
		t.Errorf("a Latin name in an Arabic message is not isolated: %q", got)
	}
	if got := withAr.Localizer("ar").T("nav.community", "Name", "https://example.org/"); got != "مجتمع https://example.org/" {
		t.Errorf("an address is isolated: %q", got)
	}
}

func TestIsolate(t *testing.T) {
	c := load(t)
	if got := c.Localizer("en").Isolate("Mair Evans"); got != "Mair Evans" {
		t.Errorf("en: %q", got)
	}
	if got := c.Localizer("ar").Isolate("Mair Evans"); got != "\u2068Mair Evans\u2069" {
		t.Errorf("ar: %q", got)
	}
	// Isolated once, not twice, when the name goes on into a sentence.
	ar := c.Localizer("ar")
	if got := ar.T("join.title", "Name", ar.Isolate("Mair Evans")); strings.Count(got, "\u2068") != 1 {
		t.Errorf("twice: %q", got)
	}
}
