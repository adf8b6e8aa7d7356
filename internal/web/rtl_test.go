package web_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssBlock   = regexp.MustCompile(`\{([^{}]*)\}`)
	// physicalProperty is a property named for a side: margin-left,
	// border-right-color, left, right.
	physicalProperty = regexp.MustCompile(`(^|-)(left|right)($|-)`)
	physicalValue    = regexp.MustCompile(`\b(left|right)\b`)
	// fourSides are shorthands whose fourth value is the left side.
	fourSides = regexp.MustCompile(`^(margin|padding|inset|border-width|border-style|border-color)$`)
)

// Arabic is read right to left: the stylesheets lay pages out with
// logical properties (margin-inline-start, text-align: start) so that the
// layout mirrors, never with a left or a right. The map library's own
// stylesheet is left as it is: a map does not mirror.
func TestStylesheetsHaveNoLeftOrRight(t *testing.T) {
	err := filepath.WalkDir("static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".css") || strings.Contains(path, "leaflet") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, block := range cssBlock.FindAllStringSubmatch(cssComment.ReplaceAllString(string(b), ""), -1) {
			for _, decl := range strings.Split(block[1], ";") {
				prop, value, ok := strings.Cut(decl, ":")
				if !ok {
					continue
				}
				prop, value = strings.TrimSpace(prop), strings.TrimSpace(value)
				switch parts := strings.Fields(value); {
				case physicalProperty.MatchString(prop), physicalValue.MatchString(value):
					t.Errorf("%s: %s: %s — use a logical property or value (inline-start/end, start/end)", path, prop, value)
				case fourSides.MatchString(prop) && len(parts) == 4 && parts[1] != parts[3]:
					t.Errorf("%s: %s: %s sets left and right apart — use %s-inline", path, prop, value, prop)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An Arabic reader gets pages written right to left, a month that starts
// on Saturday and names of days from CLDR; a Latin name in an Arabic
// sentence is isolated. English pages are unchanged.
func TestArabicPagesReadRightToLeft(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, owner := s.SignUp("owner@example.org", "Gareth")
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: owner, Body: map[string]any{"slug": "cwm", "name": "Cwm",
			"time_zone": "Europe/London", "languages": []string{"en", "cy"}}})
		if rec.Code >= 300 {
			t.Fatalf("community: %d %s", rec.Code, rec.Body.String())
		}
		b := newBrowser(t, s, "en")
		must(t, b.get("/signin"), `<html lang="en">`)
		must(t, b.get("/signin?lang=ar"), `<html lang="ar" dir="rtl">`)
		month := b.get("/c/cwm/activities/month?month=2026-12&lang=ar")
		must(t, month, `<html lang="ar" dir="rtl">`, `<thead><tr><th scope="col">السبت</th><th scope="col">الأحد</th>`)
		must(t, b.get("/c/cwm/activities/month?month=2026-12"), `<thead><tr><th scope="col">Monday</th>`)
		if rec := s.Do(ts.Request{Method: "GET", Path: "/c/cwm?lang=ar"}); !strings.Contains(rec.Body.String(), `dir="rtl"`) {
			t.Errorf("community page in Arabic: %d", rec.Code)
		}
	})
}
