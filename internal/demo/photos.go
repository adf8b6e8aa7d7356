package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/commons-project/commons/internal/app"
)

// The demo's pictures are drawn here, in code, rather than shipped as
// files: they cost nothing in the repository, carry no one else's
// copyright, and go through the same upload path (app.SetPhoto) as a
// steward's photo, so the demo shows what a resource with a picture looks
// like. The Commons project dedicates them to the public domain under
// CC0 1.0; each pictured resource says so under its description
// (photoCredit), as the README does.

// photoCredit ends the description of each resource with a drawn photo.
const photoCredit = "Picture: a drawing made for this demo by the Commons project, " +
	"dedicated to the public domain (CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/)."

// photos names the drawing for each demo resource that has one, by the
// resource's index in the resources table.
var photos = map[int]func() image.Image{
	0: drawCommunityRoom,
	1: drawMinersHall,
	3: drawToolkit,
}

func loadPhotos(ctx context.Context, a *app.App, w *world) error {
	for i, draw := range photos {
		if i >= len(w.resources) {
			return fmt.Errorf("photo for resource %d: no such resource", i)
		}
		s, err := a.Scope(ctx, w.users[resources[i].by], Slug)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, draw()); err != nil {
			return err
		}
		if err := a.SetPhoto(ctx, s, w.resources[i], buf.Bytes()); err != nil {
			return fmt.Errorf("photo of %s: %w", resources[i].fields.Title, err)
		}
	}
	return nil
}

// canvas is a small drawing kit: filled rectangles, circles and polygons.
type canvas struct{ *image.RGBA }

func newCanvas(w, h int, bg color.RGBA) canvas {
	c := canvas{image.NewRGBA(image.Rect(0, 0, w, h))}
	c.rect(0, 0, w, h, bg)
	return c
}

func (c canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, c.Rect.Dx()); x++ {
			c.SetRGBA(x, y, col)
		}
	}
}

// gradient fills the rectangle blending from top to bottom.
func (c canvas) gradient(x0, y0, x1, y1 int, top, bottom color.RGBA) {
	for y := y0; y < y1; y++ {
		t := float64(y-y0) / float64(max(1, y1-y0-1))
		mix := func(a, b uint8) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }
		c.rect(x0, y, x1, y+1, color.RGBA{mix(top.R, bottom.R), mix(top.G, bottom.G), mix(top.B, bottom.B), 255})
	}
}

func (c canvas) circle(cx, cy, r int, col color.RGBA) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && image.Pt(x, y).In(c.Rect) {
				c.SetRGBA(x, y, col)
			}
		}
	}
}

// polygon fills a polygon by the even-odd rule, row by row.
func (c canvas) polygon(col color.RGBA, pts ...image.Point) {
	minY, maxY := pts[0].Y, pts[0].Y
	for _, p := range pts {
		minY, maxY = min(minY, p.Y), max(maxY, p.Y)
	}
	for y := minY; y <= maxY; y++ {
		fy := float64(y) + 0.5
		var xs []float64
		for i, p := range pts {
			q := pts[(i+1)%len(pts)]
			if (float64(p.Y) <= fy) != (float64(q.Y) <= fy) {
				xs = append(xs, float64(p.X)+(fy-float64(p.Y))*float64(q.X-p.X)/float64(q.Y-p.Y))
			}
		}
		for i := 1; i < len(xs); i++ { // few crossings: insertion sort
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		for i := 0; i+1 < len(xs); i += 2 {
			c.rect(int(xs[i]+0.5), y, int(xs[i+1]+0.5), y+1, col)
		}
	}
}

var (
	sky      = color.RGBA{0xb9, 0xd8, 0xee, 255}
	skyLow   = color.RGBA{0xe8, 0xf1, 0xf6, 255}
	hill     = color.RGBA{0x5f, 0x8a, 0x4e, 255}
	hillFar  = color.RGBA{0x8d, 0xae, 0x7a, 255}
	stone    = color.RGBA{0x8a, 0x82, 0x78, 255}
	slate    = color.RGBA{0x3d, 0x44, 0x4f, 255}
	glass    = color.RGBA{0xf3, 0xe3, 0x9c, 255}
	wood     = color.RGBA{0x9c, 0x6b, 0x3f, 255}
	woodDark = color.RGBA{0x6e, 0x47, 0x27, 255}
	wall     = color.RGBA{0xf2, 0xea, 0xdc, 255}
	floor    = color.RGBA{0xc9, 0xa8, 0x7c, 255}
	red      = color.RGBA{0xc0, 0x39, 0x2b, 255}
	steel    = color.RGBA{0xa7, 0xb1, 0xba, 255}
)

// drawMinersHall: the stone hall with its gable and tall windows, under the
// valley's hills.
func drawMinersHall() image.Image {
	c := newCanvas(480, 320, sky)
	c.gradient(0, 0, 480, 200, sky, skyLow)
	c.polygon(hillFar, image.Pt(0, 170), image.Pt(140, 110), image.Pt(300, 160), image.Pt(480, 100), image.Pt(480, 320), image.Pt(0, 320))
	c.polygon(hill, image.Pt(0, 240), image.Pt(200, 200), image.Pt(480, 230), image.Pt(480, 320), image.Pt(0, 320))
	c.rect(120, 150, 360, 290, stone)
	c.polygon(slate, image.Pt(108, 152), image.Pt(240, 80), image.Pt(372, 152))
	c.circle(240, 124, 14, glass)
	for _, x := range []int{145, 195, 265, 315} {
		c.rect(x, 175, x+22, 235, glass)
		c.circle(x+11, 175, 11, glass)
	}
	c.rect(222, 240, 258, 290, woodDark)
	c.circle(240, 240, 18, woodDark)
	c.rect(0, 290, 480, 320, color.RGBA{0x6b, 0x6b, 0x6b, 255})
	return c
}

// drawCommunityRoom: a bright room with a window, a long table and chairs.
func drawCommunityRoom() image.Image {
	c := newCanvas(480, 320, wall)
	c.rect(0, 230, 480, 320, floor)
	c.rect(150, 40, 330, 150, color.RGBA{0xff, 0xff, 0xff, 255})
	c.gradient(158, 48, 322, 142, sky, skyLow)
	c.rect(150, 40, 330, 48, wood)
	c.rect(150, 142, 330, 150, wood)
	c.rect(150, 40, 158, 150, wood)
	c.rect(322, 40, 330, 150, wood)
	c.rect(236, 40, 244, 150, wood)
	c.polygon(hillFar, image.Pt(158, 142), image.Pt(200, 110), image.Pt(260, 128), image.Pt(322, 100), image.Pt(322, 142))
	for _, x := range []int{110, 190, 270, 350} { // chairs behind the table
		c.rect(x, 170, x+30, 215, color.RGBA{0x2e, 0x6f, 0x8e, 255})
	}
	c.rect(80, 210, 400, 226, wood)
	c.rect(95, 226, 105, 285, woodDark)
	c.rect(375, 226, 385, 285, woodDark)
	c.rect(150, 198, 176, 210, color.RGBA{0xff, 0xff, 0xff, 255}) // cups of tea
	c.rect(300, 198, 326, 210, color.RGBA{0xff, 0xff, 0xff, 255})
	return c
}

// drawToolkit: the Repair Café's red toolbox with a spanner beside it.
func drawToolkit() image.Image {
	c := newCanvas(480, 320, color.RGBA{0xee, 0xe6, 0xd6, 255})
	c.rect(0, 250, 480, 320, wood)
	c.rect(110, 140, 330, 260, red)
	c.rect(110, 140, 330, 160, color.RGBA{0x96, 0x2a, 0x1f, 255})
	c.rect(190, 110, 250, 120, slate)
	c.rect(190, 110, 200, 142, slate)
	c.rect(240, 110, 250, 142, slate)
	c.rect(205, 185, 235, 200, steel)
	c.polygon(steel, image.Pt(360, 250), image.Pt(372, 256), image.Pt(430, 150), image.Pt(418, 144))
	c.circle(424, 140, 16, steel)
	c.circle(428, 132, 8, color.RGBA{0xee, 0xe6, 0xd6, 255})
	return c
}
