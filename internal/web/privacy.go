package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/encode"
	"github.com/commons-project/commons/internal/reqctx"
	"github.com/commons-project/commons/internal/store"
)

// Person is how a page names a person: their name where the read model
// kept it (commons.MayShowPerson, applied by the use case), "a member"
// where the reader may not see it, and "a former member" where the
// account was erased (no id left).
func (v *view) Person(id, name string) string {
	switch {
	case name != "":
		return v.L.Isolate(name) // a Latin name on an Arabic page keeps its order
	case id == "":
		return v.L.T("privacy.former_member")
	default:
		return v.L.T("privacy.a_member")
	}
}

// routesPrivacy: who sees one's profile, one's data to take away, and
// erasing one's account.
func (w *Web) routesPrivacy(m router) {
	m.Page("GET /me/privacy", w.profilePrivacyPage)
	m.Form("POST /c/{slug}/privacy", w.setProfilePublic, nil)
	m.Raw("GET /me/export", w.exportData)
	m.Page("GET /me/erase", w.erasePage)
	m.Form("POST /me/erase", w.erase, w.erasePage)
}

type privacyData struct {
	Communities []store.Visibility
}

func (w *Web) profilePrivacyPage(r *http.Request, v *view) (string, error) {
	vs, err := w.App.ProfileVisibility(r.Context(), w.user(r))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("privacy.title"), privacyData{Communities: vs}
	return "profile_privacy", nil
}

func (w *Web) setProfilePublic(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.SetProfilePublic(r.Context(), v.Scope, f.Get("public") == "true"); err != nil {
		return done{}, err
	}
	return done{To: "/me/privacy", Flash: "flash.saved"}, nil
}

// exportData sends the reader's export as a file to keep, the same
// document as GET /api/v1/me/export.
func (w *Web) exportData(rw http.ResponseWriter, r *http.Request) {
	u := w.user(r)
	if u == nil {
		w.Fail(rw, r, commons.Unauthenticated())
		return
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Content-Disposition", `attachment; filename="commons-personal-data.json"`)
	rw.Header().Set("Cache-Control", "no-store")
	doc := encode.NewPersonalData(rw, commons.ExportFormat, w.App.Now())
	err := w.App.ExportPersonalData(r.Context(), u, doc.Row)
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		w.Log.ErrorContext(r.Context(), "export failed", "err", err)
	}
}

type eraseData struct {
	Blockers []commons.ErasureBlocker
}

// erasePage is the confirmation step: what erasure does, what must be
// handed over first, and the password to confirm it.
func (w *Web) erasePage(r *http.Request, v *view) (string, error) {
	bs, err := w.App.ErasureBlockers(r.Context(), w.user(r))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("erase.title"), eraseData{Blockers: bs}
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{}, Errors: map[string]string{}}
	}
	return "erase", nil
}

func (w *Web) erase(r *http.Request, v *view, f *form) (done, error) {
	if f.Get("confirm") != "yes" {
		return done{}, &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
			Fields: map[string]commons.Message{"confirm": commons.Msg("error.erase.confirm")}}
	}
	if err := w.App.EraseAccount(r.Context(), w.user(r), f.Get("password"), reqctx.ClientAddr(r.Context())); err != nil {
		return done{}, err
	}
	// The session went with the account; the cookie goes too.
	return done{To: "/", Flash: "flash.erased", Cookies: []*http.Cookie{{Name: SessionCookie, Value: "", Path: "/",
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1}}}, nil
}
