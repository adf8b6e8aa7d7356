package encode

import (
	"bufio"
	"encoding/json"
	"io"
	"time"
)

// PersonalData writes a person's export as one JSON object, streamed: a
// header (format, exported_at), then one array per section, written row
// by row as they come, so that memory stays bounded however much the
// person wrote. Call Row for every row (a nil row opens a section that may
// stay empty), then Close.
type PersonalData struct {
	w       *bufio.Writer
	section string
	rows    int
	err     error
}

// NewPersonalData starts an export document.
func NewPersonalData(w io.Writer, format string, at time.Time) *PersonalData {
	p := &PersonalData{w: bufio.NewWriterSize(w, 32<<10)}
	p.write("{")
	p.key("format")
	p.value(format)
	p.write(",")
	p.key("exported_at")
	p.value(at.UTC())
	return p
}

// Row adds a row to a section, opening the section first when it is new.
func (p *PersonalData) Row(section string, row map[string]any) error {
	if section != p.section {
		if p.section != "" {
			p.write("]")
		}
		p.write(",")
		p.key(section)
		p.write("[")
		p.section, p.rows = section, 0
	}
	if row != nil {
		if p.rows > 0 {
			p.write(",")
		}
		p.value(row)
		p.rows++
	}
	return p.err
}

// Close ends the document and flushes it.
func (p *PersonalData) Close() error {
	if p.section != "" {
		p.write("]")
	}
	p.write("}\n")
	if p.err == nil {
		p.err = p.w.Flush()
	}
	return p.err
}

func (p *PersonalData) write(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s)
	}
}

func (p *PersonalData) key(k string) {
	p.value(k)
	p.write(":")
}

func (p *PersonalData) value(v any) {
	if p.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		p.err = err
		return
	}
	_, p.err = p.w.Write(b)
}
