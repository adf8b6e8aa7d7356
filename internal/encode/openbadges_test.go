package encode

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/xml"
	"io"
	"testing"
)

// The status list puts index 0 in the first byte's highest bit, and is
// the specification's multibase base64url of the GZIP of the bits.
func TestEncodeBitstring(t *testing.T) {
	s, err := EncodeBitstring([]int{0, 9, 131071}, 131072)
	if err != nil || s[0] != 'u' {
		t.Fatal(s[:1], err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(s[1:])
	z, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bits, _ := io.ReadAll(z)
	if len(bits) != 16384 || bits[0] != 0x80 || bits[1] != 0x40 || bits[16383] != 0x01 || bits[2] != 0 {
		t.Errorf("bits: %d bytes, %x %x %x", len(bits), bits[0], bits[1], bits[16383])
	}
	if _, err := EncodeBitstring([]int{131072}, 131072); err == nil {
		t.Errorf("an index past the list was encoded")
	}
}

// The badge image is well-formed SVG whatever the name holds.
func TestBadgeSVG(t *testing.T) {
	svg := BadgeSVG(`Café <script>& "friends"`, "#aa3355")
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%v in %s", err, svg)
		}
	}
	if bytes.Contains(svg, []byte("<script>")) {
		t.Errorf("the name's markup is not escaped: %s", svg)
	}
}
