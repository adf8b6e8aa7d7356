package encode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// BadgePNG draws an achievement's image as a PNG: a rosette in its
// colour (twelve points, as the SVG's) with a white disc in the middle,
// 240 by 240 pixels on a transparent ground. Text is left to the SVG: the
// standard library draws no fonts.
func BadgePNG(hexColor string) []byte {
	c := parseHexColor(hexColor)
	const size, cx, cy = 240, 120.0, 120.0
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	white := color.NRGBA{255, 255, 255, 255}
	for y := range size {
		for x := range size {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			r, a := math.Hypot(dx, dy), math.Atan2(dy, dx)
			// The rosette's edge swings between 96 and 116 pixels out,
			// twelve times round.
			edge := 106 + 10*math.Cos(12*a)
			switch {
			case r <= 64:
				img.SetNRGBA(x, y, white)
			case r <= edge:
				img.SetNRGBA(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // writing to memory cannot fail
	return b.Bytes()
}

func parseHexColor(s string) color.NRGBA {
	if len(s) == 7 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
		}
	}
	return color.NRGBA{0x1d, 0x6b, 0x57, 255}
}

// PNGCredentialKeyword is the iTXt keyword under which Open Badges 3.0
// bakes a credential into a PNG.
const PNGCredentialKeyword = "openbadgecredential"

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// BakePNG bakes a credential (a VC-JWT, or the JSON of an embedded proof)
// into a PNG, as Open Badges 3.0 says: an uncompressed iTXt chunk with the
// keyword openbadgecredential, placed right after the image header. A
// credential baked before is replaced, so an image holds at most one.
func BakePNG(img []byte, credential string) ([]byte, error) {
	chunks, err := pngChunks(img)
	if err != nil {
		return nil, err
	}
	var data bytes.Buffer
	data.WriteString(PNGCredentialKeyword)
	data.Write([]byte{0, 0, 0}) // end of keyword, not compressed, method 0
	data.Write([]byte{0, 0})    // no language tag, no translated keyword
	data.WriteString(credential)
	out := bytes.NewBuffer(append([]byte{}, pngSignature...))
	for i, c := range chunks {
		if c.kind == "iTXt" && bytes.HasPrefix(c.data, []byte(PNGCredentialKeyword+"\x00")) {
			continue
		}
		writeChunk(out, c.kind, c.data)
		if i == 0 {
			writeChunk(out, "iTXt", data.Bytes())
		}
	}
	return out.Bytes(), nil
}

// PNGCredential reads the credential baked into a PNG: the text of its
// iTXt chunk with the keyword openbadgecredential.
func PNGCredential(img []byte) (string, error) {
	chunks, err := pngChunks(img)
	if err != nil {
		return "", err
	}
	for _, c := range chunks {
		if c.kind != "iTXt" {
			continue
		}
		keyword, rest, ok := bytes.Cut(c.data, []byte{0})
		if !ok || string(keyword) != PNGCredentialKeyword || len(rest) < 2 {
			continue
		}
		if rest[0] != 0 {
			return "", errors.New("png: the credential is compressed")
		}
		// Skip the method, the language tag and the translated keyword.
		rest = rest[2:]
		for range 2 {
			_, after, ok := bytes.Cut(rest, []byte{0})
			if !ok {
				return "", errors.New("png: a broken iTXt chunk")
			}
			rest = after
		}
		return string(rest), nil
	}
	return "", errors.New("png: no baked credential")
}

type pngChunk struct {
	kind string
	data []byte
}

// pngChunks splits a PNG into its chunks, checking each one's CRC; the
// first must be the image header.
func pngChunks(img []byte) ([]pngChunk, error) {
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, errors.New("png: not a PNG image")
	}
	var out []pngChunk
	rest := img[len(pngSignature):]
	for len(rest) > 0 {
		if len(rest) < 12 {
			return nil, errors.New("png: truncated")
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return nil, errors.New("png: truncated chunk")
		}
		kind, data := rest[4:8], rest[8:8+n]
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:]) {
			return nil, errors.New("png: a chunk's checksum is wrong")
		}
		out = append(out, pngChunk{string(kind), data})
		rest = rest[12+n:]
		if string(kind) == "IEND" {
			break
		}
	}
	if len(out) == 0 || out[0].kind != "IHDR" {
		return nil, errors.New("png: no image header")
	}
	return out, nil
}

func writeChunk(b *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	start := b.Len()
	b.WriteString(kind)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(b.Bytes()[start:]))
	b.Write(n[:])
}
