package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func load(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// English and Russian must be complete; other catalogs may only hold keys
// that English has.
func TestCatalogsAreComplete(t *testing.T) {
	c := load(t)
	en, ru := c.Keys("en"), c.Keys("ru")
	if len(en) == 0 {
		t.Fatal("no English catalog")
	}
	for k := range en {
		if !ru[k] {
			t.Errorf("ru.toml lacks %q", k)
		}
	}
	for _, lang := range c.Languages() {
		for k := range c.Keys(lang) {
			if !en[k] {
				t.Errorf("%s.toml has %q, which en.toml does not", lang, k)
			}
		}
	}
}

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
