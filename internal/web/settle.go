package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (w *Web) routesSettle(m router) {
	m.Page("GET /c/{slug}/intents/{id}/settle", w.settlePage)
	m.Form("POST /c/{slug}/intents/{id}/settle", w.settleIntent, w.settlePage)
}

type settleData struct {
	app.SettleView
	Categories []string
}

// settlePage is the form that settles an answered offer or request by a
// transfer; it shows the form only to those who may settle it.
func (w *Web) settlePage(r *http.Request, v *view) (string, error) {
	s, err := w.App.SettleOptions(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("settle.title"), settleData{SettleView: s, Categories: commons.TransferCategories}, []string{hoursStyles}
	return "settle", nil
}

func (w *Web) settleIntent(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.SettleIntent(r.Context(), v.Scope, id, app.SettleFields{AnswerUserID: f.Get("answer"), Minutes: parseDuration(f.Get("duration")),
		Category: f.Get("category"), Note: f.Get("note")})
	if err != nil {
		e := commons.ErrorOf(err)
		if m, ok := e.Fields["minutes"]; ok {
			e.Fields["duration"] = m
		}
	}
	return done{To: commons.PagePath(commons.SubjectIntent, v.Community.Slug, id), Flash: "flash.intent_settled"}, err
}
