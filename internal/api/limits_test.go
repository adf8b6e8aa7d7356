package api_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/live"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// pngBomb is a valid PNG of w × h 16-bit RGBA pixels, all zero: a few
// hundred kilobytes that decode to w × h × 8 bytes.
func pngBomb(t testing.TB, w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16 bits per sample, RGBA
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+w*8) // filter byte, then the pixels
	for range h {
		z.Write(row)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// allocated is how many bytes the process has allocated so far.
func allocated() uint64 {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	return m[0].Value.Uint64()
}

// A decompression bomb — a 300 KB PNG whose pixels take 320 MB — is
// refused from its header, before any pixel is decoded (issue 21: eight
// at once took 3.7 GB).
func TestPhotoDecompressionBombIsRefusedBeforeDecoding(t *testing.T) {
	const bound = 16 << 20
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		bomb := pngBomb(t, 6324, 6324)
		if len(bomb) > 5<<20 {
			t.Fatalf("the bomb is %d bytes, over the upload limit: it tests nothing", len(bomb))
		}
		before := allocated()
		rec := s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room + "/photo", Token: w.owner, Body: bomb,
			Header: map[string]string{"Content-Type": "image/png"}})
		grew := allocated() - before
		ts.Status(t, rec, 422)
		t.Logf("a %d KB bomb: %.1f MB allocated while refusing it (bound %d MB)", len(bomb)>>10, float64(grew)/(1<<20), bound>>20)
		if grew > bound {
			t.Errorf("refusing the bomb allocated %.1f MB, above the bound of %d MB", float64(grew)/(1<<20), bound>>20)
		}
	})
}

// ended reads a stream until it ends, and fails the test if it has not
// ended within a few seconds (its heartbeats keep the reads short).
func (e *eventReader) ended() {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := e.r.ReadString('\n'); err != nil {
			return
		}
	}
	e.t.Fatal("the stream is still open")
}

// A person's streams past their limit close their oldest, so one account
// cannot hold thousands of connections (issue 21: 20,400 took the node's
// descriptors); past the node's total, a new stream is refused with 503
// and Retry-After while ordinary requests still find room.
func TestStreamsPerPersonAndInAll(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := ts.NewWith(t, st, func(srv *server.Server) {
			srv.API.Heartbeat = 50 * time.Millisecond
			srv.API.Streams = live.NewStreams(live.StreamLimits{PerOwner: 3, Total: 5})
		})
		<-s.Hub.Ready()
		hs := httptest.NewServer(s.Handler)
		t.Cleanup(hs.Close) // after the streams' own cleanups close them
		_, ann := s.SignUp("ann@example.org", "Ann")
		_, bob := s.SignUp("bob@example.org", "Bob")
		_, cai := s.SignUp("cai@example.org", "Cai")
		var anns []*eventReader
		for range 3 {
			e := openStream(t, hs.URL, ann, "")
			e.until("count")
			anns = append(anns, e)
		}
		fourth := openStream(t, hs.URL, ann, "")
		fourth.until("count")
		anns[0].ended()
		anns[1].next() // the others stay open
		fourth.next()
		openStream(t, hs.URL, bob, "").until("count")
		openStream(t, hs.URL, bob, "").until("count")

		req, _ := http.NewRequest("GET", hs.URL+"/api/v1/notifications/stream", nil)
		req.Header.Set("Authorization", "Bearer "+cai)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("a stream past the node's total: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		// Ordinary requests are served meanwhile.
		if resp, err := http.Get(hs.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
			t.Fatalf("healthz with the streams full: %v %v", resp, err)
		}
	})
}

// Sign-ups are limited per address and changes per person, counted in the
// database, with Retry-After; reading goes on, and others are not held
// back (issue 21: 40 sign-ups a second from one address, 518 MB written
// by one person in 18 seconds).
func TestWriteLimits(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		s.App.Writes = app.WriteLimits{PerPerson: 4, PersonWindow: 10 * time.Minute, SignUpsPerAddress: 2, SignUpWindow: time.Hour}
		signUp := func(email, addr string) *httptest.ResponseRecorder {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/users", RemoteAddr: addr + ":1234",
				Body: map[string]any{"email": email, "name": "Someone", "password": "correct horse battery"}})
		}
		ts.Status(t, signUp("a@example.org", "198.51.100.7"), 201)
		ts.Status(t, signUp("b@example.org", "198.51.100.7"), 201)
		rec := signUp("c@example.org", "198.51.100.7")
		ts.Status(t, rec, 429)
		if rec.Header().Get("Retry-After") == "" {
			t.Fatal("no Retry-After on a refused sign-up")
		}
		ts.Status(t, signUp("c@example.org", "203.0.113.9"), 201)

		tok := func(email string) string {
			rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: map[string]any{"email": email, "password": "correct horse battery"}})
			ts.Status(t, rec, 201)
			return ts.JSON[map[string]any](t, rec)["token"].(string)
		}
		a, b := tok("a@example.org"), tok("b@example.org")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: a, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		for i := range 3 {
			ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: a,
				Body: map[string]any{"name": "Org " + string(rune('A'+i)), "sector": "ngo"}}), 201)
		}
		rec = s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: a, Body: map[string]any{"name": "One too many", "sector": "ngo"}})
		ts.Status(t, rec, 429)
		if rec.Header().Get("Retry-After") == "" {
			t.Fatal("no Retry-After on a refused change")
		}
		ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/organizations", Token: a}), 200)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: b}), 201)
		// Ten minutes on, the person writes again.
		s.App.SetClock(func() time.Time { return time.Now().Add(11 * time.Minute) })
		defer s.App.SetClock(nil)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: a, Body: map[string]any{"name": "Later", "sector": "ngo"}}), 201)
	})
}

// A create sent again with the same Idempotency-Key and body gets the
// first answer, not a second thing; another body under the key is
// refused; keys are the sender's own (issue 21: double submits made
// duplicates of every kind).
func TestIdempotencyKey(t *testing.T) {
	forEach(t, func(t *testing.T, s *ts.Server) {
		_, a := s.SignUp("a@example.org", "Ann")
		_, b := s.SignUp("b@example.org", "Bob")
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: a, Body: map[string]any{"slug": "cwm", "name": "Cwm"}}), 201)
		ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/members", Token: b}), 201)
		create := func(token, key, name string) *httptest.ResponseRecorder {
			return s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/cwm/organizations", Token: token,
				Header: map[string]string{"Idempotency-Key": key}, Body: map[string]any{"name": name, "sector": "ngo"}})
		}
		first := create(a, "k-1", "Repair Café")
		ts.Status(t, first, 201)
		again := create(a, "k-1", "Repair Café")
		ts.Status(t, again, 201)
		if again.Body.String() != first.Body.String() || again.Header().Get("Idempotency-Replayed") != "true" {
			t.Fatalf("the retry was not the first answer:\n%s\n%s", first.Body.String(), again.Body.String())
		}
		ts.Status(t, create(a, "k-1", "Another name"), 422)
		// Bob's key of the same name is his own.
		ts.Status(t, create(b, "k-1", "Bob's club"), 201)
		ts.Status(t, create(a, "", "No key"), 201)
		ts.Status(t, create(a, string(make([]byte, 300)), "Long key"), 400)
		list := ts.JSON[map[string]any](t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/communities/cwm/organizations", Token: a}))
		if n := len(list["items"].([]any)); n != 3 {
			t.Fatalf("%d organizations, want 3", n)
		}
		// A refused request keeps its answer too: a retry is refused alike.
		ts.Status(t, create(a, "k-2", ""), 422)
		ts.Status(t, create(a, "k-2", ""), 422)
		// After a day the key is free again.
		s.App.SetClock(func() time.Time { return time.Now().Add(25 * time.Hour) })
		defer s.App.SetClock(nil)
		ts.Status(t, create(a, "k-1", "Another name"), 201)
	})
}
