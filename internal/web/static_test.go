package web

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The stylesheet is served without its comments and smaller than written;
// an already minified script is left alone.
func TestMinifiedStatic(t *testing.T) {
	src := "/* why the menu folds */\nnav ul {\n  display: flex;\n}\n"
	got := minifiedStatic(fstest.MapFS{
		"style.css":   {Data: []byte(src)},
		"htmx.min.js": {Data: []byte("var a = 1;")},
		"icon.svg":    {Data: []byte("<svg/>")},
	})
	css, ok := got["style.css"]
	if !ok || strings.Contains(string(css), "why") || len(css) >= len(src) || !strings.Contains(string(css), "display:flex") {
		t.Errorf("style.css minified to %q", css)
	}
	if _, ok := got["htmx.min.js"]; ok {
		t.Error("an already minified script was minified again")
	}
	if _, ok := got["icon.svg"]; ok {
		t.Error("an icon was taken for a stylesheet")
	}
}
