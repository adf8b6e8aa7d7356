package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

type agreementsData struct {
	Agreements commons.Agreements
	Versions   []commons.Agreements
	Latest     bool
}

func (w *Web) agreements(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	version := 0 // the latest, also for a version that cannot exist
	if n, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 32); err == nil {
		version = int(n)
	}
	a, versions, err := w.App.Agreements(r.Context(), v.Community.Slug, max(version, 0))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d := agreementsData{Agreements: a, Versions: versions, Latest: len(versions) > 0 && a.Version == versions[0].Version}
	v.Title, v.Data = v.L.T("agreements.title"), d
	w.render(rw, r, http.StatusOK, "agreements", v)
}

func (w *Web) editAgreementsPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.EditCommunity {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	a, _, err := w.App.Agreements(r.Context(), v.Community.Slug, 0)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Form = v.L.T("agreements.edit"), &form{Values: url.Values{"body": {a.Body}}}
	w.render(rw, r, http.StatusOK, "agreements_edit", v)
}

func (w *Web) saveAgreements(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	if _, err := w.App.SaveAgreements(r.Context(), reqctx.User(r.Context()), slug, f.Get("body")); err != nil {
		v, verr := w.communityView(r)
		if verr != nil {
			w.Fail(rw, r, verr)
			return
		}
		if formFailed(f, err, v.L) {
			v.Title, v.Form = v.L.T("agreements.edit"), f
			w.render(rw, r, commons.CodeOf(err).Status(), "agreements_edit", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+slug+"/agreements", "flash.saved")
}
