package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// resumeMargin is how far before a client's last seen change a resumed
// thread stream looks again: posts carry the clock of the node that wrote
// them, and a post may commit a moment after a later-stamped one. Sending
// a post twice is harmless (a post event replaces what the client had).
const resumeMargin = 5 * time.Second

func (api *API) routesThreadStream() {
	handleStream[Post](api, op{method: "GET", path: "/api/v1/threads/{id}/stream", id: "streamThread",
		summary: "Server-sent events: each post of the thread as it is added, edited or deleted (event post, a Post as data, " +
			"the time of that change as the event id); a comment line every 25 seconds keeps the stream alive. " +
			"Who may read the thread may follow it (members; announcements: anyone). Without Last-Event-ID or since, it starts from now; with either " +
			"(an event id), it first sends the posts changed since then (posts changed a few seconds before may come " +
			"again: treat a post event as replacing the post with that id). Works on whichever node the client is connected to.",
		status: http.StatusOK, errors: []int{400, 401, 403, 404, 503},
		query: []queryParam{{name: "since", typ: "string",
			description: "an event id (RFC 3339 time), as Last-Event-ID: send the posts changed since then first"}}},
		api.streamThread)
}

// streamThread keeps the connection open and writes each post of the
// thread that changes, whenever the hub says the thread has news.
func (api *API) streamThread(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	since := r.Header.Get("Last-Event-ID")
	if since == "" {
		since = r.URL.Query().Get("since")
	}
	var from time.Time
	if since != "" {
		t, err := time.Parse(time.RFC3339Nano, since)
		if err != nil {
			api.WriteError(w, r, commons.Errorf(commons.CodeBadRequest, "error.stream.since"))
			return
		}
		from = t.Add(-resumeMargin)
	}
	s, err := api.scopeOf(ctx, r, commons.SubjectThread)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	uid := ""
	if s.Actor != nil {
		uid = s.Actor.ID
	}
	displaced, release, ok := api.openStream(w, r, uid)
	if !ok {
		return
	}
	defer release()
	// Subscribe before reading the thread, so nothing written meanwhile
	// is missed.
	signal, cancel := api.Hub.Subscribe(store.ThreadTopic(id))
	defer cancel()
	tv, err := api.App.Thread(ctx, s, id)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}

	// seen is each post's last change as this stream last told it (or as
	// the client had it when the stream began).
	seen := map[string]time.Time{}
	// changes lists what is new since seen, oldest change first, so that
	// the last event id is the latest change.
	changes := func(posts []commons.Post) string {
		var changed []commons.Post
		for _, p := range posts {
			at := p.ChangedAt()
			if was, ok := seen[p.ID]; !ok || !was.Equal(at) {
				changed = append(changed, p)
				seen[p.ID] = at
			}
		}
		slices.SortStableFunc(changed, func(a, b commons.Post) int { return a.ChangedAt().Compare(b.ChangedAt()) })
		var b strings.Builder
		for _, p := range changed {
			data, _ := json.Marshal(api.postOut(p))
			fmt.Fprintf(&b, "id: %s\nevent: post\ndata: %s\n\n", p.ChangedAt().UTC().Format(time.RFC3339Nano), data)
		}
		return b.String()
	}
	for _, p := range tv.Posts {
		if since == "" || !p.ChangedAt().After(from) {
			seen[p.ID] = p.ChangedAt()
		}
	}

	write, ok := api.startEvents(w)
	if !ok {
		return
	}
	defer endEvents(w)
	if !write("retry: 5000\n\n" + changes(tv.Posts)) {
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
			if !open {
				return // the server is shutting down
			}
			// Read again as the reader, their membership resolved again:
			// one who may no longer read the thread (left, removed,
			// unpinned) hears nothing more.
			s, err := api.scopeOf(ctx, r, commons.SubjectThread)
			var tv app.ThreadView
			if err == nil {
				tv, err = api.App.Thread(ctx, s, id)
			}
			switch commons.CodeOf(err) {
			case "":
			case commons.CodeUnauthenticated, commons.CodeForbidden, commons.CodeNotFound:
				return
			default:
				continue // a passing database error: try again at the next signal
			}
			if news := changes(tv.Posts); news != "" && !write(news) {
				return
			}
		case <-beat.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}
