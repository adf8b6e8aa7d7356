package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
)

// routesMessageReports registers the report of one direct message, from
// its conversation's page.
func (w *Web) routesMessageReports(m router) {
	m.Form("POST /messages/{id}/report", w.reportMessage, w.conversation)
}

// reportMessage takes the report form under a message: back to the
// message, saying the report is taken (or was counted already).
func (w *Web) reportMessage(r *http.Request, v *view, f *form) (done, error) {
	id, msg := r.PathValue("id"), f.Get("message_id")
	back := "/messages/" + id + "#message-" + msg
	_, err := w.App.ReportMessage(r.Context(), v.User, id, msg, f.Get("community"), f.Get("reason"))
	if commons.CodeOf(err) == commons.CodeConflict {
		if commons.ErrorOf(err).Message.Key == "error.flag.twice" {
			return done{To: back, Flash: "flash.flagged_already"}, nil // reported already: counted once
		}
	}
	return done{To: back, Flash: "flash.message_reported"}, err
}
