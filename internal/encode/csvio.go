package encode

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/commons-project/commons/internal/commons"
)

// Limits of a CSV import: a file larger or longer is refused whole, with
// a message that names the limit.
const (
	MaxImportBytes = 10 << 20
	MaxImportRows  = 20000
)

// Table is a spreadsheet read from CSV: its header row, its rows (each as
// long as the header), and on which line of the file each row starts.
type Table struct {
	Header    []string
	Rows      [][]string
	Lines     []int
	Encoding  string // "UTF-8", "Windows-1251" or "Windows-1252"
	Delimiter rune
	// Long lists the rows (by index) that had more cells than the header.
	Long map[int]bool
}

// ReadTable reads a CSV file of at most MaxImportBytes and MaxImportRows:
// UTF-8 with or without a byte-order mark, or else Windows-1251 or
// Windows-1252 (whichever reads as plausible text), separated by ";" or
// ",", with quoted cells that may hold line breaks. Cells are returned as
// valid UTF-8, with the apostrophe WriteTable puts before formula-like
// text taken off again.
func ReadTable(data []byte) (Table, error) {
	var t Table
	if len(data) > MaxImportBytes {
		return t, commons.Errorf(commons.CodeTooLarge, "csvimport.error.too_large", "MB", MaxImportBytes>>20)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return t, commons.Errorf(commons.CodeInvalid, "csvimport.error.binary")
	}
	text, enc := decodeText(data)
	t.Encoding = enc
	t.Delimiter = detectDelimiter(text)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.Delimiter
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	t.Long = map[int]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return t, commons.Errorf(commons.CodeInvalid, "csvimport.error.syntax", "Line", line)
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			for _, h := range rec {
				t.Header = append(t.Header, strings.TrimSpace(h))
			}
			continue
		}
		if blank(rec) {
			continue
		}
		if len(t.Rows) == MaxImportRows {
			return t, commons.Errorf(commons.CodeTooLarge, "csvimport.error.too_many_rows", "Max", MaxImportRows)
		}
		row := make([]string, len(t.Header))
		for i, c := range rec {
			if i < len(row) {
				row[i] = Undefuse(c)
			} else if strings.TrimSpace(c) != "" {
				t.Long[len(t.Rows)] = true
			}
		}
		t.Rows = append(t.Rows, row)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Header) == 0 {
		return t, commons.Errorf(commons.CodeInvalid, "csvimport.error.empty")
	}
	return t, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// decodeText turns the file into UTF-8 text. Valid UTF-8 (a byte-order
// mark dropped) is taken as it is; anything else is read as Windows-1251
// when its letters above ASCII mostly come in runs (words of Cyrillic), as
// Windows-1252 when they stand alone among Latin letters (accents).
func decodeText(data []byte) (string, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), "UTF-8"
	}
	var high, inRuns int
	for i, b := range data {
		if b < 0x80 {
			continue
		}
		high++
		if (i > 0 && data[i-1] >= 0x80) || (i+1 < len(data) && data[i+1] >= 0x80) {
			inRuns++
		}
	}
	if inRuns*2 > high {
		s, _ := charmap.Windows1251.NewDecoder().String(string(data))
		return s, "Windows-1251"
	}
	s, _ := charmap.Windows1252.NewDecoder().String(string(data))
	return s, "Windows-1252"
}

// detectDelimiter chooses ";" or "," by which is more frequent outside
// quotes in the header line; "," when neither is.
func detectDelimiter(text string) rune {
	var semis, commas int
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == ';':
			semis++
		case r == ',':
			commas++
		case r == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// Undefuse takes off the apostrophe that safeCell puts before a cell
// that a spreadsheet would read as a formula, so that an export imports
// back unchanged. Any other apostrophe is the writer's own and stays.
func Undefuse(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// WriteTable writes a header and rows as CSV (comma-separated, UTF-8),
// each cell defused against formulas as the record CSV does.
func WriteTable(w io.Writer, header []string, rows [][]string) error {
	out := csv.NewWriter(w)
	if err := out.Write(header); err != nil {
		return err
	}
	cells := make([]string, len(header))
	for _, row := range rows {
		for i := range cells {
			cells[i] = safeCell(row[i])
		}
		if err := out.Write(cells); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
