package encode_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

var (
	london, _ = time.LoadLocation("Europe/London")
	// at is when a feed is written; 10:00 in London is 09:00 UTC in June.
	at      = time.Date(2026, 6, 1, 12, 0, 0, 0, london)
	created = time.Date(2026, 5, 20, 8, 30, 0, 0, time.UTC)
)

// event is what a test expects of one VEVENT; "" means the property is absent.
type event struct {
	uid, start, end, summary, description, location, url, status string
	categories                                                   []string
}

// parse reads a written feed back with the same library, so the test
// checks what a calendar program would read, not how lines are folded.
func parse(t *testing.T, text string) (*ics.Calendar, []event) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, text)
	}
	value := func(e *ics.VEvent, p ics.ComponentProperty) string {
		if prop := e.GetProperty(p); prop != nil {
			return prop.Value
		}
		return ""
	}
	var got []event
	for _, e := range cal.Events() {
		ev := event{uid: e.Id(), start: value(e, ics.ComponentPropertyDtStart), end: value(e, ics.ComponentPropertyDtEnd),
			summary: value(e, ics.ComponentPropertySummary), description: value(e, ics.ComponentPropertyDescription),
			location: value(e, ics.ComponentPropertyLocation), url: value(e, ics.ComponentPropertyUrl), status: value(e, ics.ComponentPropertyStatus)}
		for _, c := range e.GetProperties(ics.ComponentPropertyCategories) {
			ev.categories = append(ev.categories, c.Value)
		}
		if stamp := value(e, ics.ComponentPropertyDtstamp); stamp != "20260601T110000Z" {
			t.Errorf("%s: DTSTAMP %q, want the time of writing in UTC", ev.uid, stamp)
		}
		if c := value(e, ics.ComponentPropertyCreated); c != "20260520T083000Z" {
			t.Errorf("%s: CREATED %q", ev.uid, c)
		}
		got = append(got, ev)
	}
	return cal, got
}

// conforms checks a feed against RFC 5545 with a parser other than the
// one that wrote it (emersion/go-ical): every line ends in CRLF and is at
// most 75 octets (3.1), the calendar parses and names its product prodid,
// and each event's DTSTART and DTEND are in UTC (the feeds carry no
// VTIMEZONE). It returns the events' DESCRIPTIONs as that parser reads
// them.
func conforms(t *testing.T, text, prodid string) []string {
	t.Helper()
	if !strings.HasSuffix(text, "\r\n") {
		t.Error("the feed does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets, longer than 75: %q", i+1, len(line), line)
		}
	}
	cal, err := ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		t.Fatalf("another parser refuses the feed: %v", err)
	}
	if got, _ := cal.Props.Text(ical.PropProductID); got != prodid {
		t.Errorf("PRODID %q, want %q", got, prodid)
	}
	var descriptions []string
	for _, e := range cal.Events() {
		for _, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			if p := e.Props.Get(name); p == nil || !strings.HasSuffix(p.Value, "Z") || p.Params.Get(ical.ParamTimezoneID) != "" {
				t.Errorf("%s is not in UTC: %+v", name, p)
			}
		}
		d, _ := e.Props.Text(ical.PropDescription)
		descriptions = append(descriptions, d)
	}
	return descriptions
}

func compare(t *testing.T, got, want []event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.uid != w.uid || g.start != w.start || g.end != w.end || g.summary != w.summary || g.description != w.description ||
			g.location != w.location || g.url != w.url || g.status != w.status || strings.Join(g.categories, "|") != strings.Join(w.categories, "|") {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func calName(t *testing.T, cal *ics.Calendar) string {
	t.Helper()
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyXWRCalName) {
			return p.Value
		}
	}
	return ""
}

func booking(id string, status commons.BookingStatus, purpose string, day, from, to int) commons.Booking {
	return commons.Booking{ID: id, ResourceTitle: "Community room, upstairs", Status: status, Purpose: purpose, CreatedAt: created,
		StartsAt: time.Date(2026, 6, day, from, 0, 0, 0, london), EndsAt: time.Date(2026, 6, day, to, 0, 0, 0, london)}
}

func TestResourceCalendar(t *testing.T) {
	res := commons.Resource{ID: "r1", Title: "Community room", Address: "Heol y Glowyr 2, Cwm Tawel"}
	bookings := []commons.Booking{
		booking("b1", commons.BookingConfirmed, "Choir practice; bring water", 3, 10, 12),
		booking("b2", commons.BookingRequested, "Not yet decided", 4, 10, 12),
		booking("b3", commons.BookingConfirmed, "", 5, 18, 20),
		booking("b4", commons.BookingCancelled, "Called off", 6, 10, 12),
		booking("b5", commons.BookingDeclined, "Refused", 7, 10, 12),
	}
	page := "https://commons.example/c/cwm/resources/r1"
	for _, tc := range []struct {
		name     string
		purposes bool
		want     []event
	}{
		{"purposes hidden", false, []event{
			{uid: "b1@commons", start: "20260603T090000Z", end: "20260603T110000Z", summary: "Busy", location: res.Address, url: page, status: "CONFIRMED"},
			{uid: "b3@commons", start: "20260605T170000Z", end: "20260605T190000Z", summary: "Busy", location: res.Address, url: page, status: "CONFIRMED"},
		}},
		{"purposes shown", true, []event{
			{uid: "b1@commons", start: "20260603T090000Z", end: "20260603T110000Z", summary: "Choir practice; bring water", location: res.Address, url: page, status: "CONFIRMED"},
			{uid: "b3@commons", start: "20260605T170000Z", end: "20260605T190000Z", summary: "Busy", location: res.Address, url: page, status: "CONFIRMED"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := encode.ResourceCalendar(&b, at, encode.ResourceFeed{Resource: res, URL: page, Busy: "Busy", Purposes: tc.purposes}, bookings)
			if err != nil {
				t.Fatal(err)
			}
			conforms(t, b.String(), "-//Commons//Resource calendar//EN")
			cal, got := parse(t, b.String())
			compare(t, got, tc.want)
			if name := calName(t, cal); name != "Community room" {
				t.Errorf("calendar name %q", name)
			}
			// Only the public feed's own words may appear: no purpose of an
			// unconfirmed booking, and none at all when they are hidden.
			for _, secret := range []string{"Not yet decided", "Called off", "Refused"} {
				if strings.Contains(b.String(), secret) {
					t.Errorf("the feed tells %q", secret)
				}
			}
			if !tc.purposes && strings.Contains(b.String(), "Choir") {
				t.Errorf("a hidden purpose is in the feed:\n%s", b.String())
			}
		})
	}
}

func TestBookingsCalendar(t *testing.T) {
	bookings := []commons.Booking{
		booking("b1", commons.BookingConfirmed, "Choir", 3, 10, 12),
		booking("b2", commons.BookingRequested, "", 4, 10, 12),
		booking("b3", commons.BookingCancelled, "Called off", 6, 10, 12),
		booking("b4", commons.BookingDeclined, "Refused", 7, 10, 12),
	}
	var b bytes.Buffer
	if err := encode.BookingsCalendar(&b, at, "My bookings", bookings); err != nil {
		t.Fatal(err)
	}
	conforms(t, b.String(), "-//Commons//Bookings//EN")
	cal, got := parse(t, b.String())
	compare(t, got, []event{
		{uid: "b1@commons", start: "20260603T090000Z", end: "20260603T110000Z", summary: "Community room, upstairs", description: "Choir", status: "CONFIRMED"},
		{uid: "b2@commons", start: "20260604T090000Z", end: "20260604T110000Z", summary: "Community room, upstairs", status: "TENTATIVE"},
	})
	if name := calName(t, cal); name != "My bookings" {
		t.Errorf("calendar name %q", name)
	}
}

func activity(id string, status commons.ActivityStatus, day int) commons.Activity {
	return commons.Activity{ID: id, Kind: commons.ActivityWorkshop, Title: "Bread, butter & jam", Status: status, CreatedAt: created,
		StartsAt: time.Date(2026, 6, day, 10, 0, 0, 0, london), EndsAt: time.Date(2026, 6, day, 12, 30, 0, 0, london)}
}

func TestActivitiesCalendar(t *testing.T) {
	venue := activity("a1", commons.ActivityScheduled, 3)
	// Markdown as organizers write it; long enough to be folded.
	venue.Description = "**Bring** a loaf tin,\nan apron and [the recipe](https://example.org/r).\n\n- flour\n- salt\n\n" +
		"Пекарня открыта для всех: приходите с детьми, мы покажем, как замесить тесто и испечь хлеб."
	venue.VenueTitle, venue.VenueAddress = "Miners' Hall", "Stryd Fawr 1"
	venue.Themes = []string{"food", "crafts, old and new"}
	online := activity("a2", commons.ActivityCancelled, 4)
	online.OnlineURL = "https://meet.example/bread"
	var b bytes.Buffer
	err := encode.ActivitiesCalendar(&b, at, "Cwm Tawel", []commons.Activity{venue, online}, func(a commons.Activity) string {
		return "https://commons.example/c/cwm/activities/" + a.ID
	})
	if err != nil {
		t.Fatal(err)
	}
	descriptions := conforms(t, b.String(), "-//Commons//Activities//EN")
	plain := "Bring a loaf tin, an apron and the recipe (https://example.org/r).\n\n- flour\n- salt\n\n" +
		"Пекарня открыта для всех: приходите с детьми, мы покажем, как замесить тесто и испечь хлеб."
	if len(descriptions) != 2 || descriptions[0] != plain {
		t.Errorf("DESCRIPTIONs as another parser reads them: %q, want %q first", descriptions, plain)
	}
	cal, got := parse(t, b.String())
	compare(t, got, []event{
		{uid: "a1@commons", start: "20260603T090000Z", end: "20260603T113000Z", summary: "Bread, butter & jam", description: plain,
			location: "Miners' Hall, Stryd Fawr 1", url: "https://commons.example/c/cwm/activities/a1", status: "CONFIRMED",
			categories: []string{"food", "crafts, old and new"}},
		{uid: "a2@commons", start: "20260604T090000Z", end: "20260604T113000Z", summary: "Bread, butter & jam",
			location: "https://meet.example/bread", url: "https://commons.example/c/cwm/activities/a2", status: "CANCELLED"},
	})
	if name := calName(t, cal); name != "Cwm Tawel" {
		t.Errorf("calendar name %q", name)
	}
	// TEXT values are escaped (RFC 5545 3.3.11): a comma in a summary
	// must not split it into a list.
	if !strings.Contains(b.String(), `SUMMARY:Bread\, butter & jam`) {
		t.Errorf("summary not escaped:\n%s", b.String())
	}
}

func TestRegistrationsCalendar(t *testing.T) {
	acts := []commons.Activity{
		activity("a1", commons.ActivityScheduled, 3),
		activity("a2", commons.ActivityScheduled, 4),
		activity("a3", commons.ActivityCancelled, 5),
		activity("a4", commons.ActivityCancelled, 6),
	}
	sts := []commons.RegistrationStatus{commons.Registered, commons.Waitlisted, commons.Waitlisted, commons.Registered}
	var b bytes.Buffer
	if err := encode.RegistrationsCalendar(&b, at, "My activities", acts, sts); err != nil {
		t.Fatal(err)
	}
	conforms(t, b.String(), "-//Commons//Registrations//EN")
	_, got := parse(t, b.String())
	ev := func(id, start, end, status string) event {
		return event{uid: id + "@commons", start: start, end: end, summary: "Bread, butter & jam", status: status}
	}
	compare(t, got, []event{
		ev("a1", "20260603T090000Z", "20260603T113000Z", "CONFIRMED"),
		ev("a2", "20260604T090000Z", "20260604T113000Z", "TENTATIVE"),
		ev("a3", "20260605T090000Z", "20260605T113000Z", "CANCELLED"), // cancelled wins over waiting
		ev("a4", "20260606T090000Z", "20260606T113000Z", "CANCELLED"),
	})
}

func TestActivityEvents(t *testing.T) {
	series := []commons.Activity{activity("a1", commons.ActivityScheduled, 3), activity("a2", commons.ActivityCancelled, 10)}
	var b bytes.Buffer
	err := encode.ActivityEvents(&b, at, "Bread, butter & jam", series, func(a commons.Activity) string { return "https://commons.example/a/" + a.ID })
	if err != nil {
		t.Fatal(err)
	}
	conforms(t, b.String(), "-//Commons//Activity//EN")
	cal, got := parse(t, b.String())
	if len(got) != 2 || got[0].uid != "a1@commons" || got[1].status != "CANCELLED" {
		t.Errorf("events %+v", got)
	}
	if name := calName(t, cal); name != "Bread, butter & jam" {
		t.Errorf("calendar name %q", name)
	}
}
