package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The web pages and the JSON API only translate: they call the app's use
// cases and show what the read models say. A rule recomputed here drifts
// from the one the use case enforces (an editor-only member could vouch
// through the API while the page hid the control), and a store call here
// skips the use case's checks. This test keeps both out of the two doors.
func TestDoorsNeitherReadTheStoreNorRecomputeRules(t *testing.T) {
	forbidden := []struct {
		re  *regexp.Regexp
		why string
	}{
		{regexp.MustCompile(`\.Store\.`), "reads the store: add a use case in internal/app"},
		{regexp.MustCompile(`\.HasRole\(`), "tests a role: read the read model's May instead"},
		{regexp.MustCompile(`commons\.Allowed\(`), "asks the policy table: read v.May / the read model's May"},
		{regexp.MustCompile(`commons\.(Can|May)[A-Z]\w*\(`), "applies a rule: the use case applies it and its read model carries the answer"},
		{regexp.MustCompile(`Status [!=]= commons\.MemberActive`), "decides standing from a status: read v.May / the read model's May"},
	}
	for _, dir := range []string{".", "../api"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) < 5 {
			t.Fatalf("found only %d files in %s", len(files), dir)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "//") {
					continue
				}
				for _, fb := range forbidden {
					if fb.re.MatchString(line) {
						t.Errorf("%s:%d %s\n\t%s", f, i+1, fb.why, strings.TrimSpace(line))
					}
				}
			}
		}
	}
}
