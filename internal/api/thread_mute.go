package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
)

// routesThreadMute: a member stops a thread's notifications (PUT) and
// resumes them (DELETE); a mention by name still notifies them.
func (api *API) routesThreadMute() {
	for _, mute := range []bool{true, false} {
		method, id, summary := "PUT", "muteThread", "Stop this thread's notifications for the caller: new posts and replies there no longer notify them; a mention still does (members)"
		if !mute {
			method, id, summary = "DELETE", "unmuteThread", "Resume this thread's notifications for the caller (members)"
		}
		handle(api, op{method: method, path: "/api/v1/threads/{id}/mute", id: id, summary: summary,
			status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404}},
			func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
				s, err := api.scopeOf(ctx, r, commons.SubjectThread)
				if err != nil {
					return Empty{}, err
				}
				return Empty{}, api.App.MuteThread(ctx, s, r.PathValue("id"), mute)
			})
	}
}
