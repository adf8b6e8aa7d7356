package encode

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/commons-project/commons/internal/commons"
)

func TestReadTableShapes(t *testing.T) {
	cp1251, _ := charmap.Windows1251.NewEncoder().String("name;city\nБиблиотека имени Пушкина;Москва\n")
	cp1252, _ := charmap.Windows1252.NewEncoder().String("name,city\nBibliothèque municipale,Besançon\n")
	cases := []struct {
		name, in, enc string
		delim         rune
		want          [][]string
	}{
		{"utf8 comma", "name,city\nLibrary,Leeds\n", "UTF-8", ',', [][]string{{"Library", "Leeds"}}},
		{"bom semicolon", "\xef\xbb\xbfname;city\nLibrary;Leeds\n", "UTF-8", ';', [][]string{{"Library", "Leeds"}}},
		{"quoted newline", "name,description\n\"Hall\",\"two\nlines; and, commas\"\n", "UTF-8", ',', [][]string{{"Hall", "two\nlines; and, commas"}}},
		{"crlf and blank rows", "name,city\r\n\r\nA,B\r\n,\r\n", "UTF-8", ',', [][]string{{"A", "B"}}},
		{"short row padded", "name,city\nA\n", "UTF-8", ',', [][]string{{"A", ""}}},
		{"cp1251", cp1251, "Windows-1251", ';', [][]string{{"Библиотека имени Пушкина", "Москва"}}},
		{"cp1252", cp1252, "Windows-1252", ',', [][]string{{"Bibliothèque municipale", "Besançon"}}},
		{"defused formula back", "name,note\n'=SUM(A1),'-3\n", "UTF-8", ',', [][]string{{"=SUM(A1)", "-3"}}},
		{"own apostrophe stays", "name\n'quoted'\n", "UTF-8", ',', [][]string{{"'quoted'"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb, err := ReadTable([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != c.enc || tb.Delimiter != c.delim {
				t.Errorf("encoding %s delimiter %q, want %s %q", tb.Encoding, tb.Delimiter, c.enc, c.delim)
			}
			if len(tb.Rows) != len(c.want) {
				t.Fatalf("rows %q, want %q", tb.Rows, c.want)
			}
			for i := range c.want {
				for j := range c.want[i] {
					if tb.Rows[i][j] != c.want[i][j] {
						t.Errorf("cell %d,%d = %q, want %q", i, j, tb.Rows[i][j], c.want[i][j])
					}
					if !utf8.ValidString(tb.Rows[i][j]) {
						t.Errorf("cell %d,%d is not UTF-8", i, j)
					}
				}
			}
		})
	}
}

func TestReadTableRefuses(t *testing.T) {
	many := "name\n" + strings.Repeat("x\n", MaxImportRows+1)
	cases := []struct {
		name string
		in   []byte
		code commons.Code
		key  string
	}{
		{"50 MB", bytes.Repeat([]byte("a,b\n"), 50<<20/4), commons.CodeTooLarge, "csvimport.error.too_large"},
		{"too many rows", []byte(many), commons.CodeTooLarge, "csvimport.error.too_many_rows"},
		{"binary", []byte("name\n\x00\x01"), commons.CodeInvalid, "csvimport.error.binary"},
		{"empty", nil, commons.CodeInvalid, "csvimport.error.empty"},
		{"bare quote", []byte("name\n\"open\n"), commons.CodeInvalid, "csvimport.error.syntax"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadTable(c.in)
			e := commons.ErrorOf(err)
			if err == nil || e.Code != c.code || e.Message.Key != c.key {
				t.Fatalf("got %v, want %s %s", err, c.code, c.key)
			}
		})
	}
}

func TestReadTableLongRowAndInvalidUTF8(t *testing.T) {
	tb, err := ReadTable([]byte("name,city\nA,B,C\nD,E\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !tb.Long[0] || tb.Long[1] || tb.Lines[1] != 3 {
		t.Errorf("long rows %v, lines %v", tb.Long, tb.Lines)
	}
	// Bytes that are neither UTF-8 nor meant as anything: decoded, never
	// passed through as invalid UTF-8.
	tb, err = ReadTable([]byte("name\n\xff\xfe\x80\x81\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(tb.Rows[0][0]) {
		t.Errorf("invalid UTF-8 passed through: %q", tb.Rows[0][0])
	}
}

func TestWriteTableDefusesAndReadsBack(t *testing.T) {
	rows := [][]string{{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM", "plain, with comma", "line\nbreak"}}
	var b bytes.Buffer
	if err := WriteTable(&b, []string{"a", "b", "c", "d", "e", "f"}, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "'=HYPERLINK") || !strings.Contains(b.String(), "'+1") {
		t.Errorf("formula cells not defused: %s", b.String())
	}
	tb, err := ReadTable(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range rows[0] {
		if tb.Rows[0][i] != want {
			t.Errorf("cell %d = %q, want %q", i, tb.Rows[0][i], want)
		}
	}
}
