package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
)

// The team edits a need on a page of its own, which also offers to remove
// it behind a confirmation step (without JavaScript too).

func (w *Web) routesNeedEdit(m router) {
	m.Page("GET /c/{slug}/initiatives/{id}/needs/{need}/edit", w.needEditPage)
	m.Form("POST /c/{slug}/initiatives/{id}/needs/{need}/edit", w.editNeed, w.needEditPage)
	m.Form("POST /c/{slug}/initiatives/{id}/needs/{need}/remove", w.removeNeed, nil)
}

// needEditData fills the need's edit page.
type needEditData struct {
	Need  commons.Need
	Back  string
	Kinds []commons.Kind
}

// needEditPage shows the need's fields to edit; only its team, while the
// need is not withdrawn.
func (w *Web) needEditPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	iv, err := w.App.Initiative(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	for _, n := range iv.Needs {
		if n.ID != r.PathValue("need") {
			continue
		}
		if !n.May.Change {
			return "", commons.Forbidden()
		}
		if v.Form == nil {
			v.Form = &form{Values: url.Values{"kind": {string(n.Kind)}, "description": {n.Description}, "by_date": {n.ByDate}},
				Errors: map[string]string{}}
			if n.Quantity != nil {
				v.Form.Values.Set("quantity", strconv.Itoa(*n.Quantity))
			}
		}
		v.Title = v.L.T("need.edit.title", "Need", n.Description)
		v.Data = needEditData{Need: n.Need, Back: initiativePath(v, iv.Initiative.ID), Kinds: commons.Kinds}
		return "need_edit", nil
	}
	return "", commons.NotFound()
}

func (w *Web) editNeed(r *http.Request, v *view, f *form) (done, error) {
	if err := w.needOfInitiative(r, v); err != nil {
		return done{}, err
	}
	nf, err := needFromForm(f)
	if err == nil {
		_, err = w.App.UpdateNeed(r.Context(), v.Scope, r.PathValue("need"), nf)
	}
	return done{To: initiativePath(v, r.PathValue("id")), Flash: "flash.need_saved"}, err
}

func (w *Web) removeNeed(r *http.Request, v *view, _ *form) (done, error) {
	if err := w.needOfInitiative(r, v); err != nil {
		return done{}, err
	}
	kept, err := w.App.RemoveNeed(r.Context(), v.Scope, r.PathValue("need"))
	flash := "flash.need_deleted"
	if kept {
		flash = "flash.need_withdrawn"
	}
	return done{To: initiativePath(v, r.PathValue("id")), Flash: flash}, err
}

// needOfInitiative checks that the need in the path is the initiative's.
func (w *Web) needOfInitiative(r *http.Request, v *view) error {
	n, err := w.App.Need(r.Context(), v.Scope, r.PathValue("need"))
	if err == nil && n.InitiativeID != r.PathValue("id") {
		return commons.NotFound()
	}
	return err
}
