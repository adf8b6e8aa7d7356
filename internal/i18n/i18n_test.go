package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

func load(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every language Commons offers is complete: each English key has its
// translation; a counted message has every plural form the language's
// rules reach for a whole number (Welsh and Arabic six, Russian and
// Ukrainian three for whole numbers); a translation gives the arguments
// its English gives and no others; and no sentence is left in English.
// Run one language with -run 'TestCatalogsAreComplete/cy'.
func TestCatalogsAreComplete(t *testing.T) {
	c := load(t)
	en := c.Keys("en")
	if len(en) == 0 {
		t.Fatal("no English catalog")
	}
	for _, lang := range c.Languages() {
		for k := range c.Keys(lang) {
			if !en[k] {
				t.Errorf("%s: has %q, which the English catalog does not", lang, k)
			}
		}
	}
	for _, lang := range Known() {
		if lang == Fallback {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			own := c.Keys(lang)
			var missing []string
			for k := range en {
				if !own[k] {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s lacks %d of %d keys, first: %v", lang, len(missing), len(en), missing[:min(len(missing), 10)])
			}
			only := goi18n.NewLocalizer(c.bundle, lang) // no English to fall back to
			for k := range own {
				src, msg := c.source[k], c.message(lang, k)
				if src == nil || msg == nil {
					continue
				}
				if p := c.checkOverride(msg); p != "" {
					t.Errorf("%s %q: %s", lang, k, p)
				}
				counted := src.One != "" || src.Few != ""
				want := placeholdersOf(src.Other)
				if counted {
					for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 19, 21, 22, 25, 100, 101, 102, 111, 1000, 1000000} {
						if _, err := only.Localize(&goi18n.LocalizeConfig{MessageID: k, PluralCount: n, TemplateData: map[string]any{"Count": n}}); err != nil {
							t.Errorf("%s %q for %d: %v (plural forms this language needs: %v)", lang, k, n, err, PluralForms(lang))
							break
						}
					}
					if got := placeholdersOf(msg.Other); !sameSet(got, want) {
						t.Errorf("%s %q: the other form gives %v, English gives %v", lang, k, got, want)
					}
				} else if got := placeholdersOf(msg.Other); !sameSet(got, want) {
					t.Errorf("%s %q gives %v, English gives %v", lang, k, got, want)
				}
				if englishLeft(src.Other, msg.Other) && !sameInEveryLanguage[k] {
					t.Errorf("%s %q is still the English %q", lang, k, msg.Other)
				}
			}
		})
	}
}

// sameInEveryLanguage are the few messages that are written the same in
// every language: a name or an abbreviation.
var sameInEveryLanguage = map[string]bool{}

// englishLeft says whether a translation is its English source unchanged
// and long enough (three words or more) to be a sentence.
func englishLeft(en, tr string) bool {
	if en != tr {
		return false
	}
	words := 0
	for _, w := range strings.Fields(wholePlaceholder.ReplaceAllString(en, "")) {
		if len(strings.Trim(w, ".,:;!?()\"'")) >= 2 {
			words++
		}
	}
	return words >= 3
}

var wholePlaceholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

func placeholdersOf(s string) []string {
	set := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sameSet(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// keyPattern finds message keys where the code names them literally.
var keyPattern = regexp.MustCompile(`(?:\.T|\.N|Msg|Errorf\([^,]+,|setFlash\([^,]+,[^,]+,|redirect\([^,]+,[^,]+,[^,]+,|flash :?=) ?\(?"([a-z_]+(?:\.[a-z_0-9]+)+)"`)

// Every key the code and templates use exists in the English catalog.
func TestEveryUsedKeyExists(t *testing.T) {
	c := load(t)
	en := c.Keys("en")
	root := filepath.Join("..")
	used := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyPattern.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in use; is the pattern still right?", len(used))
	}
	var missing []string
	for k, path := range used {
		if !en[k] {
			missing = append(missing, k+" ("+path+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("keys used but not in en.toml:\n%s", strings.Join(missing, "\n"))
	}
}

func TestChoose(t *testing.T) {
	c := load(t)
	for _, tc := range []struct {
		choice, accept string
		community      []string
		want           string
	}{
		{"ru", "en", []string{"cy"}, "ru"},
		{"", "ru-RU,ru;q=0.9,en;q=0.8", []string{"cy"}, "ru"},
		{"", "de-DE,de;q=0.9", []string{"cy", "en"}, "cy"},
		{"", "de", []string{"de", "ru"}, "ru"},
		{"", "", nil, "en"},
		{"xx", "garbage;;;", []string{"not a tag"}, "en"},
		{"", "en-GB", []string{"ru"}, "en"},
	} {
		if got := c.Choose(tc.choice, tc.accept, tc.community); got != tc.want {
			t.Errorf("Choose(%q, %q, %v) = %q, want %q", tc.choice, tc.accept, tc.community, got, tc.want)
		}
	}
}

func TestPluralsAndFallback(t *testing.T) {
	c := load(t)
	ru := c.Localizer("ru")
	for n, want := range map[int]string{1: "1 участник", 3: "3 участника", 5: "5 участников", 21: "21 участник"} {
		if got := ru.N("community.members", n); got != want {
			t.Errorf("ru %d: %q, want %q", n, got, want)
		}
	}
	if got := c.Localizer("en").N("community.members", 1); got != "1 member" {
		t.Errorf("en 1: %q", got)
	}
	// Welsh is young: what it lacks comes in English rather than as a key.
	cy := c.Localizer("cy")
	if got := cy.T("error.limit", "Max", 200); got != c.Localizer("en").T("error.limit", "Max", 200) && strings.HasPrefix(got, "error.") {
		t.Errorf("cy fallback: %q", got)
	}
	if got := c.Localizer("en").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q", got)
	}
}
