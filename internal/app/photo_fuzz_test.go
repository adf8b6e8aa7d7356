package app

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// FuzzPhotoJPEG feeds the photo decoder arbitrary bytes: it must never
// panic, must refuse what it cannot read, and what it accepts must come
// out as a JPEG within photoWidth × photoWidth. The header check keeps
// each run's memory bounded (decodedBytes), so the fuzzer cannot find a
// bomb without failing this test's premise.
func FuzzPhotoJPEG(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 10, 10, 255})
	var p, j bytes.Buffer
	png.Encode(&p, img)
	jpeg.Encode(&j, img, nil)
	f.Add(p.Bytes())
	f.Add(j.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := photoJPEG(data)
		if err != nil {
			return
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(out))
		if err != nil || format != "jpeg" || cfg.Width > photoWidth || cfg.Height > photoWidth || cfg.Width < 1 || cfg.Height < 1 {
			t.Fatalf("accepted and wrote %s %dx%d, %v", format, cfg.Width, cfg.Height, err)
		}
	})
}

// decodedBytes never underestimates what Go's decoders allocate for the
// colour models they produce.
func TestDecodedBytesByModel(t *testing.T) {
	for _, tc := range []struct {
		img  image.Image
		want int64
	}{
		{image.NewGray(image.Rect(0, 0, 10, 10)), 100},
		{image.NewGray16(image.Rect(0, 0, 10, 10)), 200},
		{image.NewNRGBA(image.Rect(0, 0, 10, 10)), 400},
		{image.NewNRGBA64(image.Rect(0, 0, 10, 10)), 800},
		{image.NewRGBA64(image.Rect(0, 0, 10, 10)), 800},
	} {
		var b bytes.Buffer
		if err := png.Encode(&b, tc.img); err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodedBytes(cfg); got < tc.want {
			t.Errorf("%T: %d bytes, want at least %d", tc.img, got, tc.want)
		}
	}
}
