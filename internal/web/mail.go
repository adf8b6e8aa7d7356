package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// setMailDelivery saves how the reader hears about notifications by mail.
func (w *Web) setMailDelivery(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if err := w.App.SetMailDelivery(r.Context(), reqctx.User(r.Context()), f.Get("delivery")); err != nil {
		mf := &form{Values: f.Values, Errors: map[string]string{}}
		if formFailed(mf, err, w.view(r, nil).L) {
			w.renderProfile(rw, r, commons.CodeOf(err).Status(), nil, profileData{MailError: mf.Err("delivery")})
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/me", "flash.saved")
}

type unsubscribeData struct {
	Token string
	Done  bool
}

// unsubscribePage is where a mail's unsubscribe link leads: it asks before
// stopping mail, since a GET may come from a link checker, not the person.
func (w *Web) unsubscribePage(rw http.ResponseWriter, r *http.Request) {
	s, err := w.App.UnsubscribeInfo(r.Context(), r.PathValue("token"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	w.renderUnsubscribe(rw, r, http.StatusOK, s)
}

func (w *Web) renderUnsubscribe(rw http.ResponseWriter, r *http.Request, status int, s commons.MailSettings) {
	v := w.view(r, nil)
	v.Title = v.L.T("unsubscribe.title")
	v.Data = unsubscribeData{Token: s.Token, Done: s.Delivery == commons.MailNone}
	// The link is a key: keep it out of other sites' logs.
	rw.Header().Set("Referrer-Policy", "no-referrer")
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, status, "unsubscribe", v)
}

// unsubscribe stops all mail to the link's owner, without sign-in: from
// the page's button, or from a mail program's one-click POST (RFC 8058),
// which gets the answer at once rather than a redirect.
func (w *Web) unsubscribe(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	token := r.PathValue("token")
	if err := w.App.Unsubscribe(r.Context(), token); err != nil {
		w.Fail(rw, r, err)
		return
	}
	if strings.EqualFold(f.Get("List-Unsubscribe"), "One-Click") {
		w.renderUnsubscribe(rw, r, http.StatusOK, commons.MailSettings{Token: token, Delivery: commons.MailNone})
		return
	}
	redirect(rw, r, "/unsubscribe/"+token, "")
}
