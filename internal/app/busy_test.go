package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/fetch"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// roomCalendar is an .ics file of the given busy periods.
func roomCalendar(slots ...[2]time.Time) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Library//Rooms//EN\r\n")
	for i, s := range slots {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d@library\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Private hire\r\nEND:VEVENT\r\n", i,
			s[0].UTC().Format("20060102T150405Z"), s[1].UTC().Format("20060102T150405Z"))
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// A resource's stewards import the room's own calendar: its times block
// bookings, a clash with a confirmed booking is reported, a new import
// replaces the last, and only stewards may import.
func TestImportBusyTimes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		booked := w.request(t, "member", w.room, "Choir")
		if booked.Status != commons.BookingConfirmed {
			booked = w.request(t, "org member", w.room, "Choir")
		}
		free1, free1End := w.slot()
		free2, free2End := w.slot()
		file := roomCalendar([2]time.Time{booked.StartsAt, booked.EndsAt}, [2]time.Time{free1, free1End})

		for _, who := range personae {
			allowed := who == "org admin" || who == "resource steward"
			if allowed {
				continue // they import below, once each
			}
			_, err := w.a.ImportBusyTimes(ctx, w.scope(t, w.people[who]), w.room, "rooms.ics", strings.NewReader(file))
			wantAllowed(t, "import busy times", who, false, err)
		}
		steward := w.scope(t, w.people["resource steward"])
		got, err := w.a.ImportBusyTimes(ctx, steward, w.room, "rooms.ics", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if got.Periods != 2 || len(got.Conflicts) != 1 || got.Conflicts[0].ID != booked.ID {
			t.Fatalf("import: %d periods, conflicts %+v", got.Periods, got.Conflicts)
		}
		// The room's manager (the library's admin) is told of the clash;
		// the steward who imported sees it on the page.
		busyNotes := func(who string) int {
			ns, _, err := w.a.Notifications(ctx, w.people[who], commons.Page{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range ns {
				if x.Kind == commons.NotifyBusyConflict {
					n++
				}
			}
			return n
		}
		if busyNotes("org admin") != 1 || busyNotes("resource steward") != 0 {
			t.Fatalf("told of the clash: admin %d, steward %d", busyNotes("org admin"), busyNotes("resource steward"))
		}
		// The same clash again is not told again.
		if _, err := w.a.ImportBusyTimes(ctx, steward, w.room, "rooms.ics", strings.NewReader(file)); err != nil {
			t.Fatal(err)
		}
		if busyNotes("org admin") != 1 {
			t.Fatalf("a known clash told again: %d", busyNotes("org admin"))
		}
		// The imported time blocks a booking; the clash is named.
		_, err = w.a.Book(ctx, w.scope(t, w.people["org member"]), w.room, app.BookingRequest{Start: free1, End: free1End, Purpose: "Quiz"})
		if e := commons.ErrorOf(err); e.Code != commons.CodeConflict || len(e.Conflicts) != 1 {
			t.Fatalf("booking over an imported time: %v", err)
		}
		// Everybody who sees the room sees it busy; only stewards see the clash.
		v, err := w.a.BusyTimes(ctx, w.scope(t, nil), w.room)
		if err != nil || len(v.Busy) != 2 || v.Conflicts != nil {
			t.Fatalf("a visitor's view: %d busy, conflicts %v, %v", len(v.Busy), v.Conflicts, err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Conflicts) != 1 {
			t.Fatalf("the steward's view: conflicts %v", v.Conflicts)
		}

		// A broken file changes nothing.
		_, err = w.a.ImportBusyTimes(ctx, steward, w.room, "broken.ics", strings.NewReader("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Nowhere/Else:20300101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
		if e := commons.ErrorOf(err); e.Code != commons.CodeInvalid || e.Message.Key != "error.busy.time_zone" {
			t.Fatalf("broken file: %v", err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 2 {
			t.Fatalf("a refused file changed the busy times: %d", len(v.Busy))
		}

		// The admin imports a newer calendar: it replaces the old one whole.
		got, err = w.a.ImportBusyTimes(ctx, w.scope(t, w.people["org admin"]), w.room, "rooms.ics", strings.NewReader(roomCalendar([2]time.Time{free2, free2End})))
		if err != nil || got.Periods != 1 || len(got.Conflicts) != 0 {
			t.Fatalf("re-import: %+v %v", got, err)
		}
		if _, err := w.a.Book(ctx, w.scope(t, w.people["org member"]), w.room, app.BookingRequest{Start: free1, End: free1End, Purpose: "Quiz"}); err != nil {
			t.Fatalf("a time no longer imported still blocks: %v", err)
		}
		if err := w.a.ClearBusyTimes(ctx, steward, w.room); err != nil {
			t.Fatal(err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 0 {
			t.Fatalf("cleared, still %d", len(v.Busy))
		}
		if err := w.a.ClearBusyTimes(ctx, w.scope(t, w.people["member"]), w.room); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("a member clears: %v", err)
		}
	})
}

// Importing from an address: off unless the operator allows it; then the
// server fetches public addresses only, stewards only.
func TestImportBusyFeed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newResourceWorld(t, st)
		start, end := w.slot()
		later, laterEnd := w.slot()
		var mu sync.Mutex
		answer := roomCalendar([2]time.Time{start, end})
		site := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if r.URL.Path == "/gone" || answer == "" {
				http.NotFound(rw, r)
				return
			}
			rw.Write([]byte(answer))
		}))
		defer site.Close()
		steward := w.scope(t, w.people["resource steward"])
		if _, err := w.a.ImportBusyFeed(ctx, steward, w.room, site.URL); commons.CodeOf(err) != commons.CodeForbidden || w.a.FeedsAllowed() {
			t.Fatalf("feeds are off by default: %v", err)
		}
		// The test site listens on loopback; this client takes its port
		// for a public site, and nothing else.
		port := netip.MustParseAddrPort(strings.TrimPrefix(site.URL, "http://")).Port()
		w.a.Fetch = fetch.New(2*time.Second, commons.MaxBusyFileBytes, func(ap netip.AddrPort) bool { return ap.Port() == port })
		got, err := w.a.ImportBusyFeed(ctx, steward, w.room, site.URL+"/rooms.ics")
		if err != nil || got.Periods != 1 {
			t.Fatalf("import from an address: %+v %v", got, err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 1 || v.Busy[0].Source != site.URL+"/rooms.ics" {
			t.Fatalf("busy times: %+v", v.Busy)
		}
		for _, tc := range []struct{ who, address, key string }{
			{"member", site.URL, "error.forbidden"},
			{"resource steward", "ftp://example.org/cal.ics", "error.busy.feed_url"},
			{"resource steward", "http://127.0.0.1:9/cal.ics", "error.busy.feed_not_public"},
			{"resource steward", "http://10.0.0.1/cal.ics", "error.busy.feed_not_public"},
			{"resource steward", site.URL + "/gone", "error.busy.feed_status"},
		} {
			_, err := w.a.ImportBusyFeed(ctx, w.scope(t, w.people[tc.who]), w.room, tc.address)
			if e := commons.ErrorOf(err); e.Message.Key != tc.key {
				t.Errorf("%s fetches %s: %v, want %s", tc.who, tc.address, err, tc.key)
			}
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 1 || v.Feed != site.URL+"/rooms.ics" {
			t.Fatalf("a refused fetch changed the busy times: %d %q", len(v.Busy), v.Feed)
		}

		// The feed is fetched again an hour later, not before.
		mu.Lock()
		answer = roomCalendar([2]time.Time{start, end}, [2]time.Time{later, laterEnd})
		mu.Unlock()
		if n, err := w.a.RefreshBusyFeeds(ctx); n != 0 || err != nil {
			t.Fatalf("refreshed too soon: %d %v", n, err)
		}
		now := w.a.Now()
		at := now.Add(61 * time.Minute)
		w.a.SetClock(func() time.Time { return at })
		if n, err := w.a.RefreshBusyFeeds(ctx); n != 1 || err != nil {
			t.Fatalf("refresh: %d %v", n, err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 2 || v.FeedError != "" {
			t.Fatalf("after refresh: %d busy, error %q", len(v.Busy), v.FeedError)
		}
		// A feed that fails keeps its last times and says so.
		mu.Lock()
		answer = ""
		mu.Unlock()
		at = at.Add(61 * time.Minute)
		if n, err := w.a.RefreshBusyFeeds(ctx); n != 0 || err != nil {
			t.Fatalf("a failing refresh: %d %v", n, err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); len(v.Busy) != 2 || v.FeedError != "error.busy.refresh_failed" {
			t.Fatalf("after a failed refresh: %d busy, error %q", len(v.Busy), v.FeedError)
		}
		// A file import stops the feed.
		if _, err := w.a.ImportBusyTimes(ctx, steward, w.room, "rooms.ics", strings.NewReader(roomCalendar())); err != nil {
			t.Fatal(err)
		}
		if v, _ := w.a.BusyTimes(ctx, steward, w.room); v.Feed != "" || len(v.Busy) != 0 {
			t.Fatalf("the feed outlived a file import: %+v", v)
		}
	})
}
