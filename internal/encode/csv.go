package encode

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// RecordCSV writes a community's record as CSV for a spreadsheet: one row
// per entry under a header row, the fields an act changed as JSON. It
// takes entries a page at a time, so a long record needs memory for one
// page only.
type RecordCSV struct {
	w *csv.Writer
}

// NewRecordCSV starts a record export on w with its header row.
func NewRecordCSV(w io.Writer) *RecordCSV {
	out := csv.NewWriter(w)
	// Buffered: an error in writing is kept and told by Flush.
	out.Write([]string{"at", "actor", "action", "subject", "before", "after"})
	return &RecordCSV{w: out}
}

// Write adds entries in the order given.
func (c *RecordCSV) Write(entries []commons.LogEntry) error {
	for _, e := range entries {
		if err := c.w.Write([]string{e.At.UTC().Format(time.RFC3339), safeCell(e.ActorName), e.Action, safeCell(e.Subject),
			safeCell(changes(e.Before)), safeCell(changes(e.After))}); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes what is buffered and reports the first error in writing.
func (c *RecordCSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// changes is the fields an act changed as a JSON object, or an empty
// cell when it changed none.
func changes(fields map[string]string) string {
	if fields == nil {
		return ""
	}
	b, _ := json.Marshal(fields) // a map of strings always marshals
	return string(b)
}

// safeCell keeps a spreadsheet from reading text as a formula: a cell
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice on CSV injection).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
