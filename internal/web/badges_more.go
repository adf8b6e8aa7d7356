package web

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (w *Web) routesBadgesMore(m router) {
	m.Form("POST /c/{slug}/awards/{id}/public", w.setAwardPublic, nil)
	m.Raw("POST /c/{slug}/achievements/{id}/image", w.uploadAchievementImage)
	m.Raw("GET /credentials/{id}/badge.png", w.bakedBadgePNG)
}

// setAwardPublic shows the holder's badge on their public profile, or
// keeps it to the community.
func (w *Web) setAwardPublic(r *http.Request, v *view, f *form) (done, error) {
	public := f.Get("public") == "true"
	flash := "flash.badge_private"
	if public {
		flash = "flash.badge_public"
	}
	return done{To: "/c/" + v.Community.Slug + "/badges/mine", Flash: flash},
		w.App.SetAwardPublic(r.Context(), v.Scope, r.PathValue("id"), public)
}

// uploadAchievementImage takes a multipart form with one image; a refused
// image shows the achievement's page again with the problem beside it.
func (w *Web) uploadAchievementImage(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, app.MaxAchievementImageBytes+64<<10)
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	id := r.PathValue("id")
	file, _, err := r.FormFile("image")
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			w.Fail(rw, r, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "2 MiB"))
			return
		}
		w.Fail(rw, r, commons.Errorf(commons.CodeBadRequest, "error.photo.missing"))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, app.MaxAchievementImageBytes+1))
	if err == nil {
		err = w.App.SetAchievementImage(r.Context(), v.Scope, id, data)
	}
	if err == nil {
		redirect(rw, r, "/c/"+v.Community.Slug+"/achievements/"+id, "flash.badge_image")
		return
	}
	f := &form{Values: map[string][]string{}, Errors: map[string]string{}}
	if !formFailed(f, err, v.L) {
		w.Fail(rw, r, err)
		return
	}
	if len(f.Errors) == 0 {
		f.Errors["image"] = f.Error
	}
	v.Form, v.status = f, commons.CodeOf(err).Status()
	w.serve(rw, r, v, w.achievement)
}

// uploadedSVG wraps an uploaded PNG in an SVG, so that an achievement's
// image has one address whether drawn or uploaded.
func uploadedSVG(name string, png []byte) []byte {
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240" role="img" aria-label="%s"><image width="240" height="240" href="data:image/png;base64,%s"/></svg>`,
		strings.NewReplacer(`"`, "&quot;", "<", "&lt;", "&", "&amp;").Replace(name), base64.StdEncoding.EncodeToString(png))
}

// bakedBadgePNG is the badge's image as PNG with its credential inside.
func (w *Web) bakedBadgePNG(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectAward, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c, err := w.App.Credential(r.Context(), s, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	out, err := w.App.BakedPNG(r.Context(), c.Achievement, c.Award.Credential)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "image/png")
	rw.Header().Set("Content-Disposition", `attachment; filename="badge.png"`)
	rw.Write(out)
}
