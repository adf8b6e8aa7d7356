package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// postEvent reads the stream up to its next post event and decodes it.
func postEvent(t *testing.T, e *eventReader) (obj, string) {
	t.Helper()
	ev := e.until("post")
	var p obj
	if err := json.Unmarshal([]byte(ev.data), &p); err != nil {
		t.Fatalf("post event %q: %v", ev.data, err)
	}
	return p, ev.id
}

// A reader following a thread sees each post added, edited and deleted
// through the API as it happens, past the server's timeouts; only those
// who may read the thread may follow it.
func TestThreadStream(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := ts.NewWith(t, st, func(srv *server.Server) { srv.API.Heartbeat = 50 * time.Millisecond })
		<-s.Hub.Ready()
		hs := httptest.NewUnstartedServer(s.Handler)
		hs.Config.ReadTimeout = 200 * time.Millisecond
		hs.Config.WriteTimeout = 200 * time.Millisecond
		hs.Start()
		t.Cleanup(hs.Close)

		w := newThreadWorld(t, s)
		rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.mair,
			Body: obj{"title": "Opening hours", "body": "Could the hall open on Sundays?"}})
		ts.Status(t, rec, 201)
		id := ts.JSON[obj](t, rec)["id"].(string)
		stream := "/api/v1/threads/" + id + "/stream"

		// The same rule as reading the thread.
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: stream}), 401)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: stream, Token: w.outsider}), 403)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/threads/nothing/stream", Token: w.dafydd}), 404)
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: stream + "?since=yesterday", Token: w.dafydd}), 400)

		events := openEvents(t, hs.URL+stream, w.dafydd, "")
		for range 10 { // heartbeats outlive both timeouts
			events.until("comment")
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": "Sundays **work** for us"}})
		ts.Status(t, rec, 201)
		postID := ts.JSON[obj](t, rec)["id"].(string)
		p, firstID := postEvent(t, events)
		if p["id"] != postID || p["body"] != "Sundays **work** for us" || p["html"] != "<p>Sundays <strong>work</strong> for us</p>\n" ||
			p["author_name"] != "Mair Evans" || p["deleted"] != false {
			t.Fatalf("post event: %v", p)
		}
		if _, err := time.Parse(time.RFC3339Nano, firstID); err != nil {
			t.Fatalf("event id %q: %v", firstID, err)
		}

		ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/posts/" + postID, Token: w.mair, Body: obj{"body": "Sundays work"}}), 200)
		if p, _ := postEvent(t, events); p["id"] != postID || p["body"] != "Sundays work" || p["edited_at"] == nil {
			t.Fatalf("edit event: %v", p)
		}
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/posts/" + postID, Token: w.mair}), 204)
		if p, _ := postEvent(t, events); p["id"] != postID || p["deleted"] != true || p["body"] != "" {
			t.Fatalf("delete event: %v", p)
		}

		// A client coming back with the id of an event it saw gets what
		// changed since (and maybe what changed just before: the thread's
		// first post); so does a page with since.
		for _, resumed := range []*eventReader{openEvents(t, hs.URL+stream, w.dafydd, firstID),
			openEvents(t, hs.URL+stream+"?since="+firstID, w.founder, "")} {
			p, _ := postEvent(t, resumed)
			if p["id"] != postID {
				p, _ = postEvent(t, resumed)
			}
			if p["id"] != postID || p["deleted"] != true {
				t.Fatalf("resumed: %v", p)
			}
		}

		// One who leaves the community hears nothing more: at the thread's
		// next news the stream ends.
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members", Token: w.outsider}), 201)
		events = openEvents(t, hs.URL+stream, w.outsider, "")
		events.until("comment")
		ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/vale/members/me", Token: w.outsider}), 204)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": "Private now"}}), 201)
		for {
			line, err := events.r.ReadString('\n')
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the stream did not end: %v", err)
			}
			if strings.Contains(line, "Private now") {
				t.Fatal("a former member heard a post")
			}
		}
	})
}

// With two nodes on one PostgreSQL database, a post added through one
// reaches a reader following the thread on the other.
func TestThreadStreamTwoNodes(t *testing.T) {
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

	w := newThreadWorld(t, nodeA)
	rec := nodeA.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/threads", Token: w.mair,
		Body: obj{"title": "Opening hours", "body": "Could the hall open on Sundays?"}})
	ts.Status(t, rec, 201)
	id := ts.JSON[obj](t, rec)["id"].(string)
	events := openEvents(t, hsB.URL+"/api/v1/threads/"+id+"/stream", w.dafydd, "")
	ts.Status(t, nodeA.Do(ts.Request{Method: "POST", Path: "/api/v1/threads/" + id + "/posts", Token: w.mair, Body: obj{"body": "Yes, from May"}}), 201)
	if p, _ := postEvent(t, events); p["body"] != "Yes, from May" {
		t.Fatalf("node B streamed %v", p)
	}
}
