package web_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
	"github.com/commons-project/commons/internal/web"
)

// Every page must be walked by the browser suite, which checks it for
// accessibility, weight and small screens. e2e/pages.txt lists the pages
// the suite walks (and the suite fails if it misses one); this test fails
// when a page is added here without being added there.
func TestEveryPageIsWalkedByTheBrowserSuite(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	w, err := web.New(s.App, s.Catalog, s.App.Log)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../e2e/pages.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	for _, p := range w.Pages() {
		if !slices.Contains(listed, p) {
			t.Errorf("page %q has no walk: add it to e2e/pages.txt and to a walk in e2e/walks.test.mjs", p)
		}
	}
	for _, p := range listed {
		if !slices.Contains(w.Pages(), p) {
			t.Errorf("e2e/pages.txt lists %q, which is no page", p)
		}
	}
}
