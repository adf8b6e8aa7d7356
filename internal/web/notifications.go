package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

type notificationRow struct {
	commons.Notification
	Text string
}

func (w *Web) notifications(rw http.ResponseWriter, r *http.Request) {
	ns, next, err := w.App.Notifications(r.Context(), reqctx.User(r.Context()), commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	rows := make([]notificationRow, len(ns))
	for i, n := range ns {
		rows[i] = notificationRow{Notification: n, Text: v.L.Notification(n)}
	}
	v.Title = v.L.T("notifications.title")
	v.Data = struct {
		Notifications []notificationRow
		Next          string
	}{rows, next}
	w.render(rw, r, http.StatusOK, "notifications", v)
}

func (w *Web) markNotificationsRead(rw http.ResponseWriter, r *http.Request) {
	if err := w.App.MarkNotificationsRead(r.Context(), reqctx.User(r.Context())); err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/me/notifications", "")
}
