package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
)

// routesAgreements registers the community's agreements.
func (w *Web) routesAgreements(m router) {
	m.Page("GET /c/{slug}/agreements", w.agreements)
	m.Page("GET /c/{slug}/agreements/edit", w.editAgreementsPage)
	m.Form("POST /c/{slug}/agreements/edit", w.saveAgreements, w.editAgreementsPage)
}

type agreementsData struct {
	Agreements commons.Agreements
	Versions   []commons.Agreements
	Latest     bool
}

func (w *Web) agreements(r *http.Request, v *view) (string, error) {
	version := 0 // the latest, also for a version that cannot exist
	if n, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 32); err == nil {
		version = int(n)
	}
	a, versions, err := w.App.Agreements(r.Context(), v.Scope, max(version, 0))
	if err != nil {
		return "", err
	}
	d := agreementsData{Agreements: a, Versions: versions, Latest: len(versions) > 0 && a.Version == versions[0].Version}
	v.Title, v.Data = v.L.T("agreements.title"), d
	return "agreements", nil
}

// editAgreementsPage shows the editor's form, with the latest text, or
// the text as submitted when it had problems.
func (w *Web) editAgreementsPage(r *http.Request, v *view) (string, error) {
	a, err := w.App.AgreementsToEdit(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{"body": {a.Body}}}
	}
	v.Title = v.L.T("agreements.edit")
	return "agreements_edit", nil
}

func (w *Web) saveAgreements(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.SaveAgreements(r.Context(), v.Scope, f.Get("body"))
	return done{To: "/c/" + v.Community.Slug + "/agreements", Flash: "flash.saved"}, err
}
