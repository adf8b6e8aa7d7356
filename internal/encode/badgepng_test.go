package encode

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// A credential baked into the PNG comes back out exactly; the image
// still decodes; baking again replaces, never doubles, it; a broken
// image is refused.
func TestBakePNG(t *testing.T) {
	img := BadgePNG("#aa3300")
	decoded, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := decoded.At(120, 120).RGBA(); a == 0 {
		t.Error("the middle of the badge is drawn")
	}
	if r, g, b, _ := decoded.At(120, 30).RGBA(); r>>8 != 0xaa || g>>8 != 0x33 || b>>8 != 0 {
		t.Errorf("the rosette is in the achievement's colour: %x %x %x", r>>8, g>>8, b>>8)
	}
	if _, _, _, a := decoded.At(1, 1).RGBA(); a != 0 {
		t.Error("the corner is transparent")
	}
	jwt := "eyJhbGciOiJFZERTQSJ9.eyJ0eXBlIjpbIk9wZW5CYWRnZUNyZWRlbnRpYWwiXX0.c2lnbmF0dXJl"
	baked, err := BakePNG(img, jwt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
		t.Fatalf("the baked image no longer decodes: %v", err)
	}
	if got, err := PNGCredential(baked); err != nil || got != jwt {
		t.Errorf("extracted %q, %v", got, err)
	}
	if !bytes.Contains(baked[:80], []byte("iTXtopenbadgecredential\x00\x00\x00\x00\x00")) {
		t.Error("the iTXt chunk follows the header, uncompressed, without language tag")
	}
	again, err := BakePNG(baked, "other")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := PNGCredential(again); got != "other" || strings.Count(string(again), PNGCredentialKeyword) != 1 {
		t.Errorf("baking again: %q, %d credentials", got, strings.Count(string(again), PNGCredentialKeyword))
	}
	if _, err := PNGCredential(img); err == nil {
		t.Error("an unbaked image has no credential")
	}
	broken := append([]byte{}, baked...)
	broken[40] ^= 0xff
	if _, err := PNGCredential(broken); err == nil {
		t.Error("a chunk with a wrong checksum is refused")
	}
	if _, err := BakePNG([]byte("GIF89a"), jwt); err == nil {
		t.Error("not a PNG")
	}
}
