package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// The pages' adapter, mirroring the API's handle[In, Out]: a handler says
// only what is particular to it, and the adapter does the rest — the view
// and the community scope, the form's parsing, the answer.
//
//   - A page (GET) fills the view's Title and Data and names its template,
//     or returns an error, which becomes the error page.
//   - A form (POST) acts and says where to go next (done), or returns an
//     error. Problems with the input (invalid, conflict, …) re-render the
//     form's page (again) with each message beside its field and the
//     error's status; other errors become the error page.
//   - Raw handlers write their own answer (feeds, photos, streams).
//
// Patterns with {slug} get the community's scope, resolved once from the
// path: v.Scope, v.Community, v.Member and v.May are set before the handler
// runs, and a community that does not exist is a 404 page.

// pageFunc serves a page into v and returns its template's name.
type pageFunc func(r *http.Request, v *view) (template string, err error)

// formFunc acts on a submitted form.
type formFunc func(r *http.Request, v *view, f *form) (done, error)

// done is a form's success: "see other" to a page, with a flash message
// (a catalog key, or "") for it.
type done struct {
	To, Flash string
	// Cookies are set on the redirect: signing in, out and choosing a
	// language change cookies, and a form function has no ResponseWriter
	// (it only says what happened), so it names them here.
	Cookies []*http.Cookie
}

// router registers every route, in one style, and remembers the pages (GET
// routes) so that the browser suite can be checked to walk every one.
type router struct{ w *Web }

// Page registers a page.
func (m router) Page(pattern string, fn pageFunc) {
	m.w.pages = append(m.w.pages, pattern)
	m.w.mux.HandleFunc(pattern, func(rw http.ResponseWriter, r *http.Request) {
		v, err := m.w.viewFor(r)
		if err != nil {
			m.w.Fail(rw, r, err)
			return
		}
		m.w.serve(rw, r, v, fn)
	})
}

// Form registers a form's route; again, when not nil, shows the form once
// more when the input has problems (usually the page the form is on).
func (m router) Form(pattern string, act formFunc, again pageFunc) {
	m.w.mux.HandleFunc(pattern, func(rw http.ResponseWriter, r *http.Request) {
		f, err := parseForm(rw, r)
		if err != nil {
			m.w.Fail(rw, r, err)
			return
		}
		v, err := m.w.viewFor(r)
		if err != nil {
			m.w.Fail(rw, r, err)
			return
		}
		first, once, err := m.w.claimFormToken(r, f)
		if err != nil {
			m.w.Fail(rw, r, err)
			return
		}
		if first != nil {
			// The same drawn form sent again: go where the first went.
			redirect(rw, r, first.To, first.Flash)
			return
		}
		var settled *done
		defer func() { m.w.settle(r, once, settled) }()
		next, err := act(r, v, f)
		if err == nil {
			settled = &next
			for _, c := range next.Cookies {
				http.SetCookie(rw, c)
			}
			redirect(rw, r, next.To, next.Flash)
			return
		}
		if again == nil || !formFailed(f, err, v.L) {
			m.w.Fail(rw, r, err)
			return
		}
		v.Form, v.status = f, commons.CodeOf(err).Status()
		// A form refused for now (too many tries) says when to try again,
		// as the error page would.
		setRetryAfter(rw, commons.ErrorOf(err))
		m.w.serve(rw, r, v, again)
	})
}

// Raw registers a handler that writes its own answer. A GET raw route is
// not a page (it answers a feed or a file), so it is not listed in Pages.
func (m router) Raw(pattern string, h http.HandlerFunc) { m.w.mux.HandleFunc(pattern, h) }

// serve runs a page function and renders what it made.
func (w *Web) serve(rw http.ResponseWriter, r *http.Request, v *view, fn pageFunc) {
	name, err := fn(r, v)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	for k, vs := range v.header {
		rw.Header()[k] = vs
	}
	status := v.status
	if status == 0 {
		status = http.StatusOK
	}
	w.render(rw, r, status, name, v)
}

// viewFor builds the view of a request: with the community's scope when
// the route has a {slug}.
func (w *Web) viewFor(r *http.Request) (*view, error) {
	if strings.Contains(r.Pattern, "{slug}") {
		return w.communityView(r)
	}
	return w.view(r, nil), nil
}

// communityView resolves the community named in the path, and the
// reader's membership of it, once for the whole request.
func (w *Web) communityView(r *http.Request) (*view, error) {
	s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	return w.scopedView(r, s), nil
}

// scopedView is the view of a page about something in a community whose
// scope is already resolved (a page found by the thing's id).
func (w *Web) scopedView(r *http.Request, s app.Scope) *view {
	v := w.view(r, &s.Community)
	v.Scope, v.Member, v.May = s, s.Member, s.May
	return v
}
