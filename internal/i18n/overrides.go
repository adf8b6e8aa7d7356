package i18n

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// An operator corrects or adds interface strings without rebuilding
// Commons: `commons serve --catalog-overrides DIR` reads DIR's
// <part>.<lang>.toml files (the same form as the built-in catalogs) at
// start, over the built-in messages. A file that names a key English does
// not have, or a placeholder ({{.Name}}) the English message does not
// give, stops the start with the file, the key and the problem: a typo
// would otherwise show a raw key or an empty value to every reader.

// placeholder finds the arguments a message uses: {{.Name}}.
var placeholder = regexp.MustCompile(`\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)`)

// override loads an operator's folder of catalog files.
func (c *Catalog) override(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return fmt.Errorf("catalog overrides: %w", err)
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("catalog overrides: %w", err)
	}
	sort.Strings(files)
	var problems []string
	for _, f := range files {
		if err := c.overrideFile(f); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return errors.New("catalog overrides refused:\n" + strings.Join(problems, "\n"))
	}
	c.log.Info("catalog overrides loaded", "dir", dir, "files", len(files))
	return nil
}

func (c *Catalog) overrideFile(f string) error {
	code := langOfFile(f)
	if tag, err := language.Parse(code); err != nil || tag.String() != code {
		return fmt.Errorf("%s: %q is not a language code; name files <part>.<lang>.toml, e.g. everyday.cy.toml", f, code)
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return err
	}
	mf, err := goi18n.ParseMessageFileBytes(b, f, unmarshalers)
	if err != nil {
		return fmt.Errorf("%s: %v", f, err)
	}
	var problems []string
	for _, m := range mf.Messages {
		if p := c.checkOverride(m); p != "" {
			problems = append(problems, fmt.Sprintf("%s: %q: %s", f, m.ID, p))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	if err := c.add(code, mf.Messages); err != nil {
		return fmt.Errorf("%s: %w", f, err)
	}
	return nil
}

// checkOverride says what is wrong with one message of an override file,
// or "" when nothing is.
func (c *Catalog) checkOverride(m *goi18n.Message) string {
	src, ok := c.source[m.ID]
	if !ok {
		return "unknown key: the built-in English catalog has no such message"
	}
	allowed := map[string]bool{}
	for _, text := range forms(src) {
		for _, p := range placeholder.FindAllStringSubmatch(text, -1) {
			allowed[p[1]] = true
		}
	}
	if src.One != "" || src.Few != "" { // a counted message is given its count
		allowed["Count"] = true
	}
	for _, text := range forms(m) {
		if _, err := template.New(m.ID).Option("missingkey=zero").Parse(text); err != nil {
			return fmt.Sprintf("broken placeholder in %q: %v", text, err)
		}
		for _, p := range placeholder.FindAllStringSubmatch(text, -1) {
			if !allowed[p[1]] {
				return fmt.Sprintf("placeholder {{.%s}} is not in the original (%s)", p[1], names(allowed))
			}
		}
	}
	if len(forms(m)) == 0 {
		return "no text"
	}
	return ""
}

// forms are a message's texts: one, or one per plural form.
func forms(m *goi18n.Message) []string {
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// names lists the placeholders a message may use, for an error message.
func names(set map[string]bool) string {
	if len(set) == 0 {
		return "it has none"
	}
	var out []string
	for n := range set {
		out = append(out, "{{."+n+"}}")
	}
	sort.Strings(out)
	return "it has " + strings.Join(out, ", ")
}
