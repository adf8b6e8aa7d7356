package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// Content in several languages (commons/translation.go). A thing's page
// shows its title and description in the reader's language when they
// exist (or in the language ?content= asks for), else the original with a
// note; the note links the other languages and, for those who may, the
// page where the translations are written.

func (w *Web) routesTranslations(m router) {
	const base = "/c/{slug}/translations/{kind}/{id}"
	m.Page("GET "+base, w.translationsPage)
	m.Form("POST "+base, w.saveTranslation, w.translationsPage)
	m.Form("POST "+base+"/remove", w.removeTranslation, nil)
	m.Form("POST "+base+"/original", w.setOriginalLanguage, w.translationsPage)
}

// contentNote is what a thing's page says about the language it shows.
type contentNote struct {
	L *i18n.Localizer
	commons.Shown
	// Reader is the reader's own language; Path is the thing's page, to
	// which ?content= is added for another language.
	Reader, Path string
	// TranslatePath is the translations page, for those who may write.
	TranslatePath string
}

// contentIn puts into *title and *description what the reader sees of a
// thing, and returns the note the page shows about it (nil when there is
// nothing to say: the reader reads the original and the thing has no other
// language, and they may not translate it).
func (w *Web) contentIn(r *http.Request, v *view, kind commons.SubjectType, id string, mayEdit bool, title, description *string) *contentNote {
	if v.Community == nil {
		return nil
	}
	lang := v.Lang
	if asked := r.URL.Query().Get("content"); asked != "" && w.Catalog.Supported(asked) {
		lang = asked
	}
	var t, d string
	if title != nil {
		t = *title
	}
	if description != nil {
		d = *description
	}
	shown, err := w.App.ShownTo(r.Context(), v.Scope, kind, id, t, d, lang, mayEdit)
	if err != nil {
		w.Log.ErrorContext(r.Context(), "translations", "err", err)
		return nil
	}
	if title != nil {
		*title = shown.Title
	}
	if description != nil {
		*description = shown.Description
	}
	note := &contentNote{L: v.L, Shown: shown.Shown, Reader: v.Lang, Path: r.URL.Path}
	if shown.MayTranslate {
		note.TranslatePath = "/c/" + v.Community.Slug + "/translations/" + string(kind) + "/" + id
	}
	if !shown.Translated && !shown.Missing && len(shown.Others) == 0 && note.TranslatePath == "" {
		return nil
	}
	return note
}

// translateList puts the reader's language into a directory's titles and
// descriptions: get returns, for the i-th item, its id and pointers to
// its title and description (nil for a part it lacks).
func (w *Web) translateList(r *http.Request, v *view, kind commons.SubjectType, n int, get func(i int) (string, *string, *string)) {
	if v.Community == nil || n == 0 {
		return
	}
	if err := w.App.Translate(r.Context(), v.Scope, kind, v.Lang, n, get); err != nil {
		w.Log.ErrorContext(r.Context(), "translations", "err", err)
	}
}

// translationsData fills the translations page.
type translationsData struct {
	app.ContentView
	Kind commons.SubjectType
	// Rows are the community's languages other than the original's, each
	// with its translation where there is one.
	Rows []translationRow
	// Languages are all the community's languages, for the original's.
	Languages []string
	HasTitle  bool
	Base      string
}

type translationRow struct {
	Lang  string
	Has   bool
	Title string
	Desc  string
	// Values are the form's, when this row's form came back with problems.
	Form *form
}

func (w *Web) translationsPage(r *http.Request, v *view) (string, error) {
	kind := commons.SubjectType(r.PathValue("kind"))
	c, err := w.App.Content(r.Context(), v.Scope, kind, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := translationsData{ContentView: c, Kind: kind, Languages: v.Community.Languages, HasTitle: commons.HasTitle(kind),
		Base: "/c/" + v.Community.Slug + "/translations/" + string(kind) + "/" + c.ID}
	langs := slices.Clone(v.Community.Languages)
	for _, l := range c.Languages(v.Community.Languages) { // a language since dropped, still readable
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	for _, l := range langs {
		if l == c.Original {
			continue
		}
		t, has := c.Translations[l]
		row := translationRow{Lang: l, Has: has, Title: t.Title, Desc: t.Description}
		if v.Form != nil && v.Form.Get("lang") == l {
			row.Form, row.Title, row.Desc = v.Form, v.Form.Get("title"), v.Form.Get("description")
		}
		d.Rows = append(d.Rows, row)
	}
	if f := v.Form; f != nil && f.Error == "" && f.Errors["lang"] != "" && !slices.ContainsFunc(d.Rows, func(r translationRow) bool { return r.Form != nil }) {
		f.Error = f.Errors["lang"] // a language no form is for: said above them all
	}
	v.Title, v.Data = v.L.T("translations.title", "Name", c.Name), d
	return "translations", nil
}

func (w *Web) saveTranslation(r *http.Request, v *view, f *form) (done, error) {
	kind := commons.SubjectType(r.PathValue("kind"))
	if _, err := w.App.SetTranslation(r.Context(), v.Scope, kind, r.PathValue("id"),
		commons.Translation{Lang: f.Get("lang"), Title: f.Get("title"), Description: f.Get("description")}); err != nil {
		return done{}, err
	}
	return done{To: r.URL.Path + "#lang-" + url.PathEscape(f.Get("lang")), Flash: "flash.translation_saved"}, nil
}

func (w *Web) removeTranslation(r *http.Request, v *view, f *form) (done, error) {
	kind := commons.SubjectType(r.PathValue("kind"))
	base := "/c/" + v.Community.Slug + "/translations/" + string(kind) + "/" + r.PathValue("id")
	if err := w.App.RemoveTranslation(r.Context(), v.Scope, kind, r.PathValue("id"), f.Get("lang")); err != nil {
		return done{}, err
	}
	return done{To: base, Flash: "flash.translation_removed"}, nil
}

func (w *Web) setOriginalLanguage(r *http.Request, v *view, f *form) (done, error) {
	kind := commons.SubjectType(r.PathValue("kind"))
	base := "/c/" + v.Community.Slug + "/translations/" + string(kind) + "/" + r.PathValue("id")
	if _, err := w.App.SetOriginalLanguage(r.Context(), v.Scope, kind, r.PathValue("id"), f.Get("original_language")); err != nil {
		return done{}, err
	}
	return done{To: base, Flash: "flash.original_language_saved"}, nil
}
