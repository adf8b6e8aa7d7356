package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// routesOpenData adds what other programs read: an activity for one's own
// calendar.
func (w *Web) routesOpenData(m router) {
	m.Raw("GET /c/{slug}/activities/{id}/event.ics", w.activityEvents(false))
	m.Raw("GET /c/{slug}/activities/{id}/series.ics", w.activityEvents(true))
}

// activityEvents answers "add to my calendar" on an activity's page: the
// occurrence, or every occurrence of its series, as an .ics file that a
// calendar program imports once (a download, not a subscription).
func (w *Web) activityEvents(series bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		s, err := w.App.Scope(r.Context(), w.user(r), r.PathValue("slug"))
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		av, err := w.App.Activity(r.Context(), s, r.PathValue("id"))
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		acts := []commons.Activity{av.Activity}
		name := "activity.ics"
		if series && len(av.Series) > 0 {
			acts, name = av.Series, "series.ics"
		}
		rw.Header().Set("Content-Type", calendarType)
		rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		encode.ActivityEvents(rw, w.App.Now(), av.Title, acts, func(a commons.Activity) string {
			return absoluteURL(r, "/c/"+s.Community.Slug+"/activities/"+a.ID)
		})
	}
}
