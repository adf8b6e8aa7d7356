package encode_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
)

func TestRecordCSV(t *testing.T) {
	when := time.Date(2026, 6, 3, 10, 0, 0, 0, london)
	entry := func(actor, subject string, before, after map[string]string) commons.LogEntry {
		return commons.LogEntry{At: when, ActorName: actor, Action: "community.updated", Subject: subject, Before: before, After: after}
	}
	header := []string{"at", "actor", "action", "subject", "before", "after"}
	for _, tc := range []struct {
		name  string
		pages [][]commons.LogEntry
		want  [][]string
	}{
		{"nothing recorded", nil, [][]string{header}},
		{"commas, quotes and newlines survive", [][]commons.LogEntry{{
			entry("Jones, Carys", `The "old" hall`, map[string]string{"name": "Cwm"}, map[string]string{"name": "Cwm, \"Tawel\"\nvalley"}),
		}}, [][]string{header,
			{"2026-06-03T09:00:00Z", "Jones, Carys", "community.updated", `The "old" hall`, `{"name":"Cwm"}`, `{"name":"Cwm, \"Tawel\"\nvalley"}`},
		}},
		{"what a spreadsheet would run is defused", [][]commons.LogEntry{{
			entry(`=HYPERLINK("x")`, "+44 1234", nil, nil),
			entry("@sum", "-1", nil, map[string]string{}),
			entry("\tTab", "\rReturn", nil, nil),
			entry("A=B", "x-y", nil, nil),
		}}, [][]string{header,
			{"2026-06-03T09:00:00Z", `'=HYPERLINK("x")`, "community.updated", "'+44 1234", "", ""},
			{"2026-06-03T09:00:00Z", "'@sum", "community.updated", "'-1", "", "{}"},
			{"2026-06-03T09:00:00Z", "'\tTab", "community.updated", "'\rReturn", "", ""},
			{"2026-06-03T09:00:00Z", "A=B", "community.updated", "x-y", "", ""},
		}},
		{"pages follow one header", [][]commons.LogEntry{
			{entry("Carys", "one", nil, nil)}, {}, {entry("Huw", "two", nil, nil), entry("Mair", "three", nil, nil)},
		}, [][]string{header,
			{"2026-06-03T09:00:00Z", "Carys", "community.updated", "one", "", ""},
			{"2026-06-03T09:00:00Z", "Huw", "community.updated", "two", "", ""},
			{"2026-06-03T09:00:00Z", "Mair", "community.updated", "three", "", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			out := encode.NewRecordCSV(&b)
			for _, p := range tc.pages {
				if err := out.Write(p); err != nil {
					t.Fatal(err)
				}
			}
			if err := out.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%s", err, b.String())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q\nfrom\n%s", got, tc.want, b.String())
			}
		})
	}
}

// The quoting itself, as a spreadsheet reads it (RFC 4180): a cell with a
// comma, quote or line break is quoted and its quotes doubled.
func TestRecordCSVQuoting(t *testing.T) {
	var b bytes.Buffer
	out := encode.NewRecordCSV(&b)
	out.Write([]commons.LogEntry{{At: time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC), ActorName: `Carys "Cwm", Jones`, Action: "a", Subject: "two\nlines"}})
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "at,actor,action,subject,before,after\n" + `2026-06-03T09:00:00Z,"Carys ""Cwm"", Jones",a,"two` + "\n" + `lines",,` + "\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("the client went away") }

func TestRecordCSVReportsWriteErrors(t *testing.T) {
	out := encode.NewRecordCSV(brokenWriter{})
	out.Write([]commons.LogEntry{{ActorName: "Carys"}})
	if err := out.Flush(); err == nil {
		t.Error("Flush hid a failed write")
	}
}
