// Package web serves Commons' HTML pages: server-rendered templates that
// work without JavaScript, enhanced by htmx where it helps. Handlers only
// translate between forms and the app package; every string a person reads
// comes from the i18n catalogs.
package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/reqctx"
)

//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Cookie names.
const (
	SessionCookie = "commons_session"
	langCookie    = "commons_lang"
	flashCookie   = "commons_flash"
)

// MaxFormBytes bounds a submitted form.
const MaxFormBytes = 1 << 20

// Web is the HTML side of Commons. Build it with New.
type Web struct {
	App     *app.App
	Catalog *i18n.Catalog
	Log     *slog.Logger
	// TileURL is the map tile server's URL template ({z}/{x}/{y}); empty
	// shows the map's markers without a background.
	TileURL string

	// templates are every page (page/<name>), their content and the
	// partials, in one set (parseTemplates).
	templates *template.Template
	mux       *http.ServeMux
	pages     []string // GET patterns, for Pages
	// sharedPages are the cached pages members share by role.
	sharedPages []string
	// cache keeps drawn pages registered with m.Cached (pagecache.go); nil
	// when it is off.
	cache *pageCache
}

// New parses the templates (once, at start) and registers the pages.
func New(a *app.App, c *i18n.Catalog, log *slog.Logger) (*Web, error) {
	w := &Web{App: a, Catalog: c, Log: log, mux: http.NewServeMux()}
	if err := w.parseTemplates(); err != nil {
		return nil, err
	}
	static, _ := fs.Sub(staticFiles, "static")
	w.mux.Handle("GET /static/", w.staticFiles(static))
	if !pageCacheOff() {
		w.cache = newPageCache(pageCacheBytes)
	}
	w.routes()
	return w, nil
}

// ServeHTTP serves every page.
func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.mux.ServeHTTP(rw, r) }

func (w *Web) parseTemplates() error {
	funcs := template.FuncMap{
		// Dates are written through the reader's Localizer (.L.Date and
		// its kin), never a Go layout: there is no "date" function.
		"field":  newFieldView,
		"picker": newPickerView,
		"modfor": func(v *view, m moderationView) struct {
			V *view
			M moderationView
		} {
			return struct {
				V *view
				M moderationView
			}{v, m}
		},
		"scoreRange": func() []int { return []int{-2, -1, 0, 1, 2} },
	}
	// One set holds the partials, the layout and every page's content. A
	// set per page (a clone of the layout and partials, as before) held 115
	// copies of the same parse trees, since html/template copies them on
	// Clone to escape each set alone: 48 MB of the server's live heap,
	// which the collector scanned on every cycle; 5 MB in one set
	// (BenchmarkTemplatesHeap). The layout, base.html, is
	// cut at its call to "content" into "layout-top" and "layout-bottom";
	// each page file's "content" is renamed "content/<page>", and the page
	// is "page/<page>": top, content, bottom.
	set, err := template.New("partials").Funcs(funcs).ParseFS(templateFiles, "templates/partials/*.html")
	if err != nil {
		return err
	}
	layout, err := fs.ReadFile(templateFiles, "templates/base.html")
	if err != nil {
		return err
	}
	const layoutDefine, contentCall, contentDefine = `{{define "base"}}`, `{{template "content" .}}`, `{{define "content"}}`
	body, ok := strings.CutPrefix(strings.TrimSpace(string(layout)), layoutDefine)
	body, ok2 := strings.CutSuffix(body, "{{end}}")
	top, bottom, ok3 := strings.Cut(body, contentCall)
	if !ok || !ok2 || !ok3 || strings.Contains(bottom, contentCall) {
		return fmt.Errorf("templates/base.html must be one %s…{{end}} that calls %q once", layoutDefine, "content")
	}
	if _, err := set.New("templates/base.html").Parse(`{{define "layout-top"}}` + top + `{{end}}{{define "layout-bottom"}}` + bottom + `{{end}}`); err != nil {
		return err
	}
	files, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		src, err := fs.ReadFile(templateFiles, f)
		if err != nil {
			return err
		}
		if strings.Count(string(src), contentDefine) != 1 {
			return fmt.Errorf("%s must define %q once", f, "content")
		}
		content := strings.Replace(string(src), contentDefine, `{{define "content/`+name+`"}}`, 1)
		page := `{{define "page/` + name + `"}}{{template "layout-top" .}}{{template "content/` + name + `" .}}{{template "layout-bottom" .}}{{end}}`
		if _, err := set.New(f).Parse(content + page); err != nil {
			return err
		}
	}
	w.templates = set
	return nil
}

// staticFiles serves the embedded styles, scripts and icons, cached for a
// day. Folders are not listed, and a missing file gets the 404 page.
func (w *Web) staticFiles(static fs.FS) http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	minified, started := minifiedStatic(static), time.Now()
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if st, err := fs.Stat(static, name); err != nil || st.IsDir() {
			w.notFound(rw, r)
			return
		}
		rw.Header().Set("Cache-Control", "public, max-age=86400")
		if serveMinified(rw, r, minified, name, started) {
			return
		}
		files.ServeHTTP(rw, r)
	})
}

// view is what every page template receives.
type view struct {
	L         *i18n.Localizer
	Lang      string
	User      *commons.User
	Title     string
	Path      string // the current path and query, for the language switcher
	Languages []langOption
	Community *commons.Community // the community the page belongs to, if any
	Member    *commons.Member    // the reader's membership of it, if any
	// Scope is the community's scope, resolved once for the request, and
	// May what its rules let the reader do there: templates show a
	// control when .May says the action will succeed.
	Scope app.Scope
	May   commons.May
	Flash string
	Form  *form
	Data  any
	// Pickable are the people a page's person picker offers (picker.go).
	Pickable []app.Pickable
	zone     *time.Location // the reader's time zone, found once (In)
	// readerZone finds a signed-in reader's zone outside a community.
	readerZone func() string
	// Scripts and Styles are extra files one page needs (the map).
	Scripts, Styles []string
	// NoHTMX leaves htmx out of a page that does not use it, to stay light.
	NoHTMX bool
	// Unread counts the reader's unread notifications, for the header;
	// unreadCounted says the page cache has counted them already.
	Unread        int
	unreadCounted bool
	// badgeSlot draws the count as a slot, filled at each answer: the
	// page is shared by the members of a class (pagecache.go).
	badgeSlot bool
	// Talk lists threads on a page about something else (see threads.go).
	Talk *talkPanel
	// Content is what the page says about the language its thing's title
	// and description are shown in (translations.go).
	Content *contentNote
	// Alternates are the community's machine-readable forms, linked from
	// the head for programs that discover them (opendata.go).
	Alternates []alternate
	// LangLinks are the page's address in each language, and without one
	// (x-default), for <link rel="alternate" hreflang>.
	LangLinks []langLink
	// status is the page's HTTP status when it is not 200 (a form shown
	// again with its problems).
	status int
	// header holds response headers a page asks for (an unsubscribe
	// link's page keeps its address out of logs and caches).
	header http.Header
}

type langOption struct {
	Code, Name string
	Current    bool
}

// view builds the common part of a page's data.
func (w *Web) view(r *http.Request, community *commons.Community) *view {
	u := reqctx.User(r.Context())
	var communityLangs []string
	if community != nil {
		communityLangs = community.Languages
	}
	lang := w.Catalog.Choose(w.choice(r), r.Header.Get("Accept-Language"), communityLangs)
	// A page's address may name its language (?lang=ru): that page is in
	// it whoever reads it, so each language has its own address, linked
	// from the others (hreflang) and from the sitemap.
	if q := r.URL.Query().Get("lang"); r.Method == http.MethodGet && w.Catalog.Supported(q) {
		lang = q
	}
	v := &view{L: w.Catalog.Localizer(lang), Lang: lang, User: u, Path: r.URL.RequestURI(), Community: community}
	// Pages outside a community say too when the address waits for
	// confirmation; a community's scope sets the same answer with its May.
	v.May.ConfirmFirst = w.App.ReadOnly(u)
	if u != nil {
		v.readerZone = func() string { return w.App.ReaderZone(r.Context(), u) }
	}
	for _, code := range w.Catalog.Languages() {
		v.Languages = append(v.Languages, langOption{Code: code, Name: w.Catalog.LanguageName(code), Current: code == lang})
	}
	if community != nil {
		v.Alternates = alternates(v.L, *community)
	}
	if r.Method == http.MethodGet {
		v.LangLinks = w.langLinks(r.URL)
	}
	return v
}

// user is the signed-in reader, nil for a visitor.
func (w *Web) user(r *http.Request) *commons.User { return reqctx.User(r.Context()) }

// choice is the language a person chose: on their account, or, for a
// visitor, in a cookie.
func (w *Web) choice(r *http.Request) string {
	if u := reqctx.User(r.Context()); u != nil && u.Locale != "" {
		return u.Locale
	}
	if c, err := r.Cookie(langCookie); err == nil {
		return c.Value
	}
	return ""
}

// render writes a page. Templates are executed into a buffer first so that
// a failure halfway gives a clean error page, not half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	if v.Flash == "" {
		v.Flash = w.takeFlash(rw, r, v.L)
	}
	page, ok := w.draw(rw, r, name, v)
	if !ok {
		return
	}
	if v.User != nil {
		page = addFormTokens(page)
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Content-Language", v.Lang)
	rw.Header().Set("Vary", "Accept-Language, Cookie, HX-Request")
	rw.WriteHeader(status)
	rw.Write(page)
}

// draw executes a page's template, without the form tokens (which are
// drawn afresh for each answer). It answers the error itself and says so
// when the template fails.
func (w *Web) draw(rw http.ResponseWriter, r *http.Request, name string, v *view) ([]byte, bool) {
	// Counted only for a page that is drawn: a form that redirects (most
	// of them, through the adapter) needs no header. The page cache counts
	// before it looks, and the page it keeps shows that count.
	if v.User != nil && !v.unreadCounted {
		// A failure here only hides the count; the page itself still works.
		v.Unread, _ = w.App.UnreadNotifications(r.Context(), v.User)
	}
	t := w.templates.Lookup("page/" + name)
	if t == nil {
		w.Log.ErrorContext(r.Context(), "no such template", "name", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return nil, false
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		w.Log.ErrorContext(r.Context(), "template failed", "name", name, "err", err)
		http.Error(rw, v.L.T("error.internal"), http.StatusInternalServerError)
		return nil, false
	}
	return buf.Bytes(), true
}

// Fail renders an error page for err, in the reader's language. A visitor
// asked to sign in is sent to the sign-in page instead.
func (w *Web) Fail(rw http.ResponseWriter, r *http.Request, err error) {
	e := commons.ErrorOf(err)
	if e.Code == commons.CodeInternal {
		w.Log.ErrorContext(r.Context(), "request failed", "err", err)
	} else if e.Code == commons.CodeUnavailable {
		w.Log.WarnContext(r.Context(), "request refused: unavailable", "err", err)
	}
	if e.Code == commons.CodeUnauthenticated && r.Method == http.MethodGet {
		http.Redirect(rw, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	// Speak the community's language where the page belongs to one.
	var community *commons.Community
	if slug := r.PathValue("slug"); slug != "" && e.Code != commons.CodeBadRequest {
		if c, err := w.App.Community(r.Context(), slug); err == nil {
			community = &c
		}
	}
	v := w.view(r, community)
	v.Community = nil // the page is about the error, not the community
	v.Title = v.L.T("error.title." + string(e.Code))
	v.Data = struct {
		Message   string
		RequestID string
	}{v.L.Msg(e.Message), reqctx.RequestID(r.Context())}
	setRetryAfter(rw, e)
	w.render(rw, r, e.Code.Status(), "error", v)
}

// notFound answers paths that match no page.
func (w *Web) notFound(rw http.ResponseWriter, r *http.Request) {
	w.Fail(rw, r, commons.Errorf(commons.CodeNotFound, "error.page_not_found"))
}

// form holds a submitted form's values and the problems found with them.
type form struct {
	Values url.Values
	Errors map[string]string
	Error  string // a problem with the form as a whole
	// Matches are the people a picker's name fitted, by field, to choose
	// from when it fitted more than one (picker.go).
	Matches map[string][]app.Pickable
}

// Get returns a submitted value.
func (f *form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Has reports whether a checkbox or option was chosen.
func (f *form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err returns the problem with a field, in the reader's language.
func (f *form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// fieldView is what the "input" template needs to draw one field.
type fieldView struct {
	V                                     *view
	Name, Type, Label, Value, Error, Hint string
	Autocomplete                          string
	Required                              bool
}

func newFieldView(v *view, name, typ, labelKey string, required bool, autocomplete, hintKey string) fieldView {
	f := fieldView{V: v, Name: name, Type: typ, Label: v.L.T(labelKey), Required: required, Autocomplete: autocomplete,
		Value: v.Form.Get(name), Error: v.Form.Err(name)}
	if hintKey != "" {
		f.Hint = v.L.T(hintKey)
	}
	return f
}

// parseForm reads a submitted form within MaxFormBytes. Values that are
// not valid UTF-8 are left for the validators, which name the field.
func parseForm(rw http.ResponseWriter, r *http.Request) (*form, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "1 MiB")
		}
		return nil, commons.Errorf(commons.CodeBadRequest, "error.form")
	}
	return &form{Values: r.PostForm, Errors: map[string]string{}}, nil
}

// formFailed shows err on the form: field problems beside their fields, any
// other problem at the top. It reports false for errors that are not the
// form's to show (not found, forbidden, internal), which the caller fails.
func formFailed(f *form, err error, loc *i18n.Localizer) bool {
	e := commons.ErrorOf(err)
	switch e.Code {
	case commons.CodeInvalid, commons.CodeConflict, commons.CodeUnauthenticated, commons.CodeRateLimited, commons.CodeBadRequest:
	case commons.CodeForbidden:
		// A refusal that names a field (an activity's venue one may not
		// book) is said beside that field, not instead of the form.
		if len(e.Fields) == 0 {
			return false
		}
	default:
		return false
	}
	for field, m := range e.Fields {
		f.Errors[field] = loc.Msg(m)
	}
	if len(e.Fields) == 0 || e.Code != commons.CodeInvalid {
		f.Error = loc.Msg(e.Message)
	}
	return true
}

// setFlash leaves a message for the next page, across a redirect.
func setFlash(rw http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true, Secure: secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (w *Web) takeFlash(rw http.ResponseWriter, r *http.Request, loc *i18n.Localizer) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || !strings.HasPrefix(c.Value, "flash.") {
		return ""
	}
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure(r), MaxAge: -1})
	return loc.T(c.Value)
}

// redirect answers a form with "see other", the web's way to say done.
func redirect(rw http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		setFlash(rw, r, flash)
	}
	http.Redirect(rw, r, to, http.StatusSeeOther)
}

// secure tells whether cookies may be marked Secure (see the server's
// middleware, which knows about proxies).
func secure(r *http.Request) bool { return reqctx.Secure(r.Context()) }

// localPath keeps a redirect target on this site: an absolute path, never
// a URL that points elsewhere. Browsers read a backslash as a slash, so
// "/\evil.example" would leave the site; such targets fall back.
func localPath(p, fallback string) string {
	if p == "" || !utf8.ValidString(p) || strings.ContainsAny(p, "\\\x00\r\n\t") {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return fallback
	}
	clean := path.Clean(u.EscapedPath())
	if strings.HasPrefix(clean, "//") {
		return fallback
	}
	if u.RawQuery != "" {
		clean += "?" + u.RawQuery
	}
	return clean
}

// when is a moment as people read it in their language.
func when(l *i18n.Localizer, t time.Time) string {
	return l.DateTime(t)
}

// setRetryAfter tells a refused request when to try again, in whole
// seconds rounded up, when the error says.
func setRetryAfter(rw http.ResponseWriter, e *commons.Error) {
	if e.RetryAfter > 0 {
		rw.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
}

// In is a moment in the reader's time zone, for pages that show when
// something happened: the zone the reader chose, else the community's on
// its pages (where its members live), else the zone of the reader's
// first community (app.ReaderZone), else UTC.
func (v *view) In(t time.Time) time.Time {
	if v.zone == nil {
		zone := ""
		switch {
		case v.User != nil && v.User.TimeZone != "":
			zone = v.User.TimeZone
		case v.Community != nil:
			zone = v.Community.TimeZone
		case v.readerZone != nil:
			zone = v.readerZone()
		}
		v.zone = time.UTC
		if loc, err := time.LoadLocation(zone); err == nil && zone != "" {
			v.zone = loc
		}
	}
	return t.In(v.zone)
}
