package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// event is one server-sent event; a comment line has kind "comment".
type event struct{ kind, id, data string }

type eventReader struct {
	t    *testing.T
	r    *bufio.Reader
	body interface{ Close() error }
}

// openStream connects to the notification stream of a server as the
// holder of token, and fails the test unless it is an event stream.
func openStream(t *testing.T, url, token, lastID string) *eventReader {
	t.Helper()
	return openEvents(t, url+"/api/v1/notifications/stream", token, lastID)
}

// openEvents connects to an event stream as the holder of token, and
// fails the test unless it is one.
func openEvents(t *testing.T, url, token, lastID string) *eventReader {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Encoding", "gzip")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	// A safety net so that a broken stream fails rather than hangs.
	client := &http.Client{Timeout: 2 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream answered %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"))
	}
	return &eventReader{t: t, r: bufio.NewReader(resp.Body), body: resp.Body}
}

// next reads the next event or comment.
func (e *eventReader) next() event {
	e.t.Helper()
	var ev event
	for {
		line, err := e.r.ReadString('\n')
		if err != nil {
			e.t.Fatalf("stream ended: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if ev.kind != "" || ev.data != "" {
				return ev
			}
		case strings.HasPrefix(line, ":"):
			return event{kind: "comment", data: line}
		case strings.HasPrefix(line, "event: "):
			ev.kind = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "id: "):
			ev.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			ev.data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// until reads events up to the first of a kind, and returns it.
func (e *eventReader) until(kind string) event {
	e.t.Helper()
	for {
		if ev := e.next(); ev.kind == kind {
			return ev
		}
	}
}

func notifyUser(t *testing.T, st *store.Store, userID, resource string) {
	t.Helper()
	err := st.Notify(context.Background(), []commons.Notification{{UserID: userID, Kind: commons.NotifyBookingConfirmed,
		Args: map[string]string{"Resource": resource, "Start": "1 May 10:00"}, Link: "/me/bookings"}})
	if err != nil {
		t.Fatal(err)
	}
}

// The stream sends each new notification as it happens, then the unread
// count, and outlives the server's read and write timeouts.
func TestNotificationStream(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := ts.NewWith(t, st, func(srv *server.Server) { srv.API.Heartbeat = 50 * time.Millisecond })
		<-s.Hub.Ready()
		hs := httptest.NewUnstartedServer(s.Handler)
		hs.Config.ReadTimeout = 200 * time.Millisecond
		hs.Config.WriteTimeout = 200 * time.Millisecond
		hs.Start()
		t.Cleanup(hs.Close) // after the streams' bodies close

		rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/notifications/stream"})
		ts.Status(t, rec, 401)
		id, token := s.SignUp("olena@example.org", "Olena")
		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/me", Token: token, Body: obj{"locale": "ru"}}), 200)

		stream := openStream(t, hs.URL, token, "")
		if ev := stream.until("count"); ev.data != `{"unread":0}` {
			t.Fatalf("first count: %q", ev.data)
		}
		// Outlive both timeouts, heartbeat by heartbeat.
		for range 10 {
			stream.until("comment")
		}
		notifyUser(t, st, id, "Miners' Hall")
		ev := stream.until("notification")
		var n map[string]any
		if err := json.Unmarshal([]byte(ev.data), &n); err != nil {
			t.Fatal(err)
		}
		if n["kind"] != "booking_confirmed" || !strings.Contains(n["message"].(string), "Miners' Hall") || !strings.Contains(n["message"].(string), "подтвержд") ||
			n["id"] != ev.id || n["read"] != false {
			t.Fatalf("notification event: %v (id %q)", n, ev.id)
		}
		if ev := stream.until("count"); ev.data != `{"unread":1}` {
			t.Fatalf("count after one: %q", ev.data)
		}
		if ev := stream.until("badge"); ev.data != "1 новое" {
			t.Fatalf("badge after one: %q", ev.data)
		}

		// A client that reconnects with Last-Event-ID gets what it missed.
		notifyUser(t, st, id, "Library room")
		again := openStream(t, hs.URL, token, ev.id)
		if first := again.until("notification"); !strings.Contains(first.data, "Library room") {
			t.Fatalf("resumed stream: %q", first.data)
		}
	})
}

// With two nodes on one PostgreSQL database, a notification written on
// one reaches a stream connected to the other.
func TestNotificationStreamTwoNodes(t *testing.T) {
	if os.Getenv("COMMONS_TEST_POSTGRES") == "" {
		t.Skip("needs PostgreSQL (COMMONS_TEST_POSTGRES)")
	}
	st1, dsn := storetest.OpenPostgres(t)
	st2, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	nodeA, nodeB := ts.New(t, st1), ts.New(t, st2)
	<-nodeB.Hub.Ready()
	hsB := httptest.NewServer(nodeB.Handler)
	t.Cleanup(hsB.Close)

	id, token := nodeA.SignUp("carys@example.org", "Carys")
	stream := openStream(t, hsB.URL, token, "")
	stream.until("count")
	notifyUser(t, st1, id, "Miners' Hall")
	if ev := stream.until("notification"); !strings.Contains(ev.data, "Miners' Hall") {
		t.Fatalf("node B streamed %q", ev.data)
	}
	if ev := stream.until("count"); ev.data != `{"unread":1}` {
		t.Fatalf("count on node B: %q", ev.data)
	}
}
