package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// UnreadCount is the data of a stream's count event.
type UnreadCount struct {
	Unread int `json:"unread"`
}

// handleStream registers an operation that answers with server-sent events
// (text/event-stream); Event is documented as the events' JSON data.
func handleStream[Event any](api *API, o op, h http.HandlerFunc) {
	rt := route{method: o.method, path: o.path, id: o.id, summary: o.summary, status: o.status, auth: o.auth,
		query: o.query, errors: o.errors, out: reflect.TypeFor[Event](), contentType: "text/event-stream"}
	rt.handler = func(w http.ResponseWriter, r *http.Request) {
		if rt.auth && reqctx.User(r.Context()) == nil {
			api.WriteError(w, r, commons.Unauthenticated())
			return
		}
		h(w, r)
	}
	api.routes = append(api.routes, rt)
	api.mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
}

func (api *API) routesNotificationStream() {
	handleStream[Notification](api, op{method: "GET", path: "/api/v1/notifications/stream", id: "streamNotifications",
		summary: "Server-sent events: each new notification as it happens (event notification, its id as the event id, " +
			"a Notification as data), then the unread count (event count, data {\"unread\": n}) and the page header's " +
			"badge text (event badge); a comment line every 25 seconds keeps the stream alive. A person keeps at most 10 streams open: an 11th closes their oldest. Send Last-Event-ID to " +
			"resume after the last notification seen. Works on whichever node the client is connected to.",
		status: http.StatusOK, auth: true, errors: []int{401, 503}},
		api.streamNotifications)
}

// streamNotifications keeps the connection open and writes what is new for
// the caller whenever the hub signals it.
func (api *API) streamNotifications(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := reqctx.User(ctx)
	displaced, release, ok := api.openStream(w, r, u.ID)
	if !ok {
		return
	}
	defer release()
	// Subscribe before reading anything, so nothing written meanwhile is
	// missed.
	signal, cancel := api.Hub.Subscribe(u.ID)
	defer cancel()

	// Resume after the last notification the client saw, else start from
	// now: earlier ones are in GET /api/v1/notifications.
	last := r.Header.Get("Last-Event-ID")
	if len(last) > 64 || !cleanID(last) {
		last = ""
	}
	if last == "" {
		var err error
		if last, err = api.App.LatestNotificationID(ctx, u); err != nil {
			api.WriteError(w, r, err)
			return
		}
	}

	loc := api.localizer(r)
	write, ok := api.startEvents(w)
	if !ok {
		return
	}
	defer endEvents(w)
	// news writes the notifications after last, then the unread count.
	news := func() bool {
		ns, err := api.App.NotificationsAfter(ctx, u, last, 50)
		if err != nil {
			return ctx.Err() == nil // a passing database error: try again at the next signal
		}
		var b strings.Builder
		for _, n := range ns {
			data, _ := json.Marshal(notificationOut(loc)(n))
			fmt.Fprintf(&b, "id: %s\nevent: notification\ndata: %s\n\n", n.ID, data)
			last = n.ID
		}
		unread, err := api.App.UnreadNotifications(ctx, u)
		if err != nil {
			return ctx.Err() == nil
		}
		data, _ := json.Marshal(UnreadCount{Unread: unread})
		fmt.Fprintf(&b, "event: count\ndata: %s\n\n", data)
		if api.Badge != nil {
			// The pages' header swaps this event in (htmx sse-swap): the
			// pages render it, the stream only carries it.
			fmt.Fprintf(&b, "event: badge\ndata: %s\n\n", oneLine(api.Badge(loc, unread)))
		}
		return write(b.String())
	}

	if !write("retry: 5000\n\n") || !news() {
		return
	}
	beat := time.NewTicker(api.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-displaced:
			return // the same person opened a newer stream past their limit
		case _, open := <-signal:
			if !open || !news() {
				return // the server is shutting down, or the client left
			}
		case <-beat.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}

// openStream counts a stream against its owner's and the node's limits
// (live.Streams). Past the node's, it answers 503 with Retry-After and ok
// false; displaced closes when the owner's newer stream takes this one's
// place. Visitors are counted by their address.
func (api *API) openStream(w http.ResponseWriter, r *http.Request, userID string) (displaced <-chan struct{}, release func(), ok bool) {
	owner := "user:" + userID
	if userID == "" {
		owner = "addr:" + reqctx.ClientAddr(r.Context())
	}
	displaced, release, err := api.Streams.Open(owner)
	if err != nil {
		api.WriteError(w, r, commons.Unavailable("error.streams.full", 30*time.Second, err))
		return nil, nil, false
	}
	return displaced, release, true
}

// startEvents answers with an event stream and returns the function that
// writes to it, which reports whether the client is still there; ok is
// false when the connection cannot carry a stream. The caller should then
// defer endEvents.
func (api *API) startEvents(w http.ResponseWriter) (write func(string) bool, ok bool) {
	rc := http.NewResponseController(w)
	// The server's read timeout would end this request's context when it
	// passes (net/http's background read fails), and a write timeout would
	// cut the stream: lift the first, and push the second ahead before
	// every write. A server without such deadlines says "not supported".
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return nil, false
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx would otherwise hold events back
	w.WriteHeader(http.StatusOK)
	return func(s string) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(api.Heartbeat + 30*time.Second)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := fmt.Fprint(w, s); err != nil {
			return false
		}
		return rc.Flush() == nil
	}, true
}

// endEvents leaves no write deadline of ours behind on the connection.
func endEvents(w http.ResponseWriter) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
}

// oneLine keeps an event's data on one line: a line break would end it.
func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

// cleanID accepts the characters of notification ids (UUIDs).
func cleanID(s string) bool {
	for _, c := range s {
		if !(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
			return false
		}
	}
	return true
}
