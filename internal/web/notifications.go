package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// routesNotifications registers the reader's notifications.
func (w *Web) routesNotifications(m router) {
	m.Page("GET /me/notifications", w.notifications)
	m.Form("POST /me/notifications/read", w.markNotificationsRead, nil)
}

type notificationRow struct {
	commons.Notification
	Text string
}

func (w *Web) notifications(r *http.Request, v *view) (string, error) {
	ns, next, err := w.App.Notifications(r.Context(), v.User, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return "", err
	}
	rows := make([]notificationRow, len(ns))
	for i, n := range ns {
		rows[i] = notificationRow{Notification: n, Text: v.L.Notification(n)}
	}
	v.Title = v.L.T("notifications.title")
	v.Data = struct {
		Notifications []notificationRow
		Next          string
	}{rows, next}
	return "notifications", nil
}

func (w *Web) markNotificationsRead(r *http.Request, v *view, _ *form) (done, error) {
	return done{To: "/me/notifications"}, w.App.MarkNotificationsRead(r.Context(), v.User)
}

// Badge renders the header's unread badge, with the same template as the
// page's header: the notification stream sends it for htmx to swap in, so
// the badge a page loads with and the one the stream updates are one.
func (w *Web) Badge(l *i18n.Localizer, unread int) string {
	var b strings.Builder
	data := struct {
		L      *i18n.Localizer
		Unread int
	}{l, unread}
	if err := w.templates.ExecuteTemplate(&b, "badge", data); err != nil {
		w.Log.Error("badge", "err", err)
		return ""
	}
	return b.String()
}
