package api_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"runtime/metrics"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// pngBomb is a valid PNG of w × h 16-bit RGBA pixels, all zero: a few
// hundred kilobytes that decode to w × h × 8 bytes.
func pngBomb(t testing.TB, w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16 bits per sample, RGBA
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+w*8) // filter byte, then the pixels
	for range h {
		z.Write(row)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// allocated is how many bytes the process has allocated so far.
func allocated() uint64 {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	return m[0].Value.Uint64()
}

// A decompression bomb — a 300 KB PNG whose pixels take 320 MB — is
// refused from its header, before any pixel is decoded (issue 21: eight
// at once took 3.7 GB).
func TestPhotoDecompressionBombIsRefusedBeforeDecoding(t *testing.T) {
	const bound = 16 << 20
	forEach(t, func(t *testing.T, s *ts.Server) {
		w := setup(t, s, "open")
		bomb := pngBomb(t, 6324, 6324)
		if len(bomb) > 5<<20 {
			t.Fatalf("the bomb is %d bytes, over the upload limit: it tests nothing", len(bomb))
		}
		before := allocated()
		rec := s.Do(ts.Request{Method: "PUT", Path: "/api/v1/resources/" + w.room + "/photo", Token: w.owner, Body: bomb,
			Header: map[string]string{"Content-Type": "image/png"}})
		grew := allocated() - before
		ts.Status(t, rec, 422)
		t.Logf("a %d KB bomb: %.1f MB allocated while refusing it (bound %d MB)", len(bomb)>>10, float64(grew)/(1<<20), bound>>20)
		if grew > bound {
			t.Errorf("refusing the bomb allocated %.1f MB, above the bound of %d MB", float64(grew)/(1<<20), bound>>20)
		}
	})
}
