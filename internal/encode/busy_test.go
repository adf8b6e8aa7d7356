package encode_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

// vcalendar wraps events in a calendar with CRLF line ends.
func vcalendar(events ...string) string {
	body := "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Library//Rooms//EN\n" + strings.Join(events, "") + "END:VCALENDAR\n"
	return strings.ReplaceAll(body, "\n", "\r\n")
}

func TestReadBusy(t *testing.T) {
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(28 * 24 * time.Hour)
	slot := func(s, e string) string { return s + "/" + e }
	for _, tc := range []struct {
		name string
		file string
		want []string // UTC starts and ends, RFC 3339
	}{
		{"UTC, a zone, all day and floating", vcalendar(
			"BEGIN:VEVENT\nUID:1\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\nSUMMARY:Book club\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:2\nDTSTART;TZID=Europe/London:20260603T090000\nDTEND;TZID=Europe/London:20260603T100000\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:3\nDTSTART;VALUE=DATE:20260604\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:4\nDTSTART:20260605T090000\nDURATION:PT90M\nEND:VEVENT\n"),
			[]string{slot("2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z"), slot("2026-06-03T08:00:00Z", "2026-06-03T09:00:00Z"),
				slot("2026-06-03T23:00:00Z", "2026-06-04T23:00:00Z"), slot("2026-06-05T08:00:00Z", "2026-06-05T09:30:00Z")}},
		{"cancelled, free, outside the window and instant events are not busy", vcalendar(
			"BEGIN:VEVENT\nUID:1\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\nSTATUS:CANCELLED\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:2\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\nTRANSP:TRANSPARENT\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:3\nDTSTART:20250602T090000Z\nDTEND:20250602T100000Z\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:4\nDTSTART:20260602T090000Z\nEND:VEVENT\n"),
			nil},
		{"an endless weekly rule, less an exception and a moved one", vcalendar(
			"BEGIN:VEVENT\nUID:w\nDTSTART:20260101T180000Z\nDTEND:20260101T200000Z\nRRULE:FREQ=WEEKLY\nEXDATE:20260611T180000Z\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:w\nRECURRENCE-ID:20260618T180000Z\nDTSTART:20260619T180000Z\nDTEND:20260619T200000Z\nEND:VEVENT\n"),
			[]string{slot("2026-06-04T18:00:00Z", "2026-06-04T20:00:00Z"), slot("2026-06-25T18:00:00Z", "2026-06-25T20:00:00Z"),
				slot("2026-06-19T18:00:00Z", "2026-06-19T20:00:00Z")}},
		// As Exchange and Outlook write them: Windows zone names, each with
		// a VTIMEZONE of the file's own, and an RRULE in one of them.
		{"Windows zones from Exchange", vcalendar(
			"BEGIN:VTIMEZONE\nTZID:GMT Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n"+
				"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T010000\nTZOFFSETFROM:+0000\n"+
				"TZOFFSETTO:+0100\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
			"BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"+
				"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\n"+
				"TZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
			"BEGIN:VEVENT\nUID:040000008200E00074C5B7101A82E008\nSUMMARY:Council meeting\nDTSTART;TZID=GMT Standard Time:20260602T090000\n"+
				"DTEND;TZID=GMT Standard Time:20260602T103000\nEND:VEVENT\n",
			"BEGIN:VEVENT\nUID:040000008200E00074C5B7101A82E009\nSUMMARY:Partners' call\nDTSTART;TZID=\"W. Europe Standard Time\":20260603T140000\n"+
				"DTEND;TZID=\"W. Europe Standard Time\":20260603T150000\nRRULE:FREQ=WEEKLY;COUNT=2\n"+
				"EXDATE;TZID=\"W. Europe Standard Time\":20260610T140000\nEND:VEVENT\n"),
			[]string{slot("2026-06-02T08:00:00Z", "2026-06-02T09:30:00Z"), slot("2026-06-03T12:00:00Z", "2026-06-03T13:00:00Z")}},
		{"folded lines", vcalendar("BEGIN:VEVENT\nUID:1\nDTSTART:20260602T09\n 0000Z\nDTEND:20260602T100000Z\nSUMMARY:A long\n  title\nEND:VEVENT\n"),
			[]string{slot("2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encode.ReadBusy(strings.NewReader(tc.file), london, from, to)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, g := range got {
				s = append(s, slot(g.Start.Format(time.RFC3339), g.End.Format(time.RFC3339)))
			}
			if strings.Join(s, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got  %q\nwant %q", s, tc.want)
			}
		})
	}

	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "BEGIN:VEVENT\nUID:%d\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\nEND:VEVENT\n", i)
		}
		return vcalendar(b.String())
	}
	for _, tc := range []struct{ name, file, key string }{
		{"not a calendar", "Name;Room\nBob;Hall\n", "error.busy.not_ical"},
		{"empty", "", "error.busy.empty"},
		{"broken folding", vcalendar("BEGIN:VEVENT\nUID:1\nSUMMARY:A title cut\nin two\nDTSTART:20260602T090000Z\nEND:VEVENT\n"), "error.busy.not_ical"},
		{"a zone that does not exist", vcalendar("BEGIN:VEVENT\nUID:1\nSUMMARY:Choir\nDTSTART;TZID=Mars/Olympus:20260602T090000\nEND:VEVENT\n"), "error.busy.time_zone"},
		{"a broken rule", vcalendar("BEGIN:VEVENT\nUID:1\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\n"), "error.busy.event"},
		{"every minute", vcalendar("BEGIN:VEVENT\nUID:1\nDTSTART:20260602T090000Z\nDTEND:20260602T090100Z\nRRULE:FREQ=MINUTELY\nEND:VEVENT\n"), "error.busy.event"},
		{"every hour without end", vcalendar("BEGIN:VEVENT\nUID:1\nDTSTART:20260101T090000Z\nDTEND:20260101T093000Z\nRRULE:FREQ=HOURLY\nEND:VEVENT\n"), "error.busy.too_many_periods"},
		{"every hour since 1900", vcalendar("BEGIN:VEVENT\nUID:1\nDTSTART:19000101T090000Z\nDTEND:19000101T093000Z\nRRULE:FREQ=HOURLY\nEND:VEVENT\n"), "error.busy.too_much_repetition"},
		{"30,000 events", many(30000), "error.busy.too_many_events"},
		{"100,000 events", many(100000), "error.too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := encode.ReadBusy(strings.NewReader(tc.file), london, from, from.Add(commons.BusyWindow))
			if e := commons.ErrorOf(err); e.Message.Key != tc.key || e.Code == commons.CodeInternal {
				t.Errorf("got %v (%s), want %s", err, e.Message.Key, tc.key)
			}
		})
	}
}
