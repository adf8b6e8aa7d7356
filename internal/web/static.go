package web

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

// minifiedStatic minifies the stylesheets and the scripts that are not
// minified already, once at start: the sources keep their comments, and a
// phone on a slow line does not download them (every page's weight is
// budgeted, the map's most tightly). A file the minifier cannot read is
// served as written.
func minifiedStatic(static fs.FS) map[string][]byte {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	out := map[string][]byte{}
	_ = fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".min.js") {
			return err
		}
		mediatype := map[string]string{".css": "text/css", ".js": "text/javascript"}[path.Ext(name)]
		if mediatype == "" {
			return nil
		}
		src, err := fs.ReadFile(static, name)
		if err != nil {
			return nil
		}
		var b bytes.Buffer
		if m.Minify(mediatype, &b, bytes.NewReader(src)) == nil {
			out[name] = b.Bytes()
		}
		return nil
	})
	return out
}

// serveMinified answers with a minified file, if name is one.
func serveMinified(rw http.ResponseWriter, r *http.Request, files map[string][]byte, name string, since time.Time) bool {
	b, ok := files[name]
	if !ok {
		return false
	}
	ct := "text/css; charset=utf-8"
	if path.Ext(name) == ".js" {
		ct = "text/javascript; charset=utf-8"
	}
	rw.Header().Set("Content-Type", ct)
	http.ServeContent(rw, r, name, since, bytes.NewReader(b))
	return true
}
