package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/reqctx"
)

// Notification tells the caller about something that concerns them.
type Notification struct {
	ID        string            `json:"id"`
	Kind      string            `json:"kind"`
	Message   string            `json:"message" jsonschema:"description=The notification in the caller's language"`
	Args      map[string]string `json:"args"`
	Link      string            `json:"link" jsonschema:"description=A path on this site"`
	Read      bool              `json:"read"`
	CreatedAt time.Time         `json:"created_at"`
}

// JSONSchemaExtend describes kind as open: new features bring new kinds.
func (Notification) JSONSchemaExtend(s *jsonschemaSchema) {
	if k, ok := s.Properties.Get("kind"); ok {
		k.Description = "What happened, e.g. booking_requested, booking_confirmed, mention, pledge_received. " +
			"New features bring new kinds: show message, and treat an unknown kind like any other."
		k.Examples = []any{"booking_confirmed"}
	}
}

func notificationOut(loc *i18n.Localizer) func(commons.Notification) Notification {
	return func(n commons.Notification) Notification {
		return Notification{ID: n.ID, Kind: n.Kind, Message: loc.Notification(n), Args: n.Args, Link: n.Link,
			Read: n.ReadAt != nil, CreatedAt: n.CreatedAt}
	}
}

func (api *API) routesNotifications() {
	handle(api, op{method: "GET", path: "/api/v1/notifications", id: "listNotifications",
		summary: "The caller's notifications, newest first, with read", status: http.StatusOK, auth: true, query: pageParams,
		errors: []int{400, 401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Notification], error) {
			p, err := page(r)
			if err != nil {
				return List[Notification]{}, err
			}
			ns, next, err := api.App.Notifications(ctx, reqctx.User(ctx), p)
			return listOf(ns, next, notificationOut(api.localizer(r))), err
		})

	handle(api, op{method: "POST", path: "/api/v1/notifications/read", id: "markNotificationsRead",
		summary: "Mark all the caller's notifications read", status: http.StatusNoContent, auth: true, optionalBody: true,
		errors: []int{400, 401, 413}},
		func(ctx context.Context, r *http.Request, _ *struct{}) (Empty, error) {
			return Empty{}, api.App.MarkNotificationsRead(ctx, reqctx.User(ctx))
		})
}
