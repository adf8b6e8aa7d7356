package web

import (
	"net/http"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

func (w *Web) routesMail(m router) {
	m.Form("POST /me/mail", w.setMailDelivery, w.mailAgain)
	m.Page("GET /unsubscribe/{token}", w.unsubscribePage)
	// A mail program's one-click POST (RFC 8058) gets the page at once,
	// a person's button a redirect: the handler chooses its answer.
	m.Raw("POST /unsubscribe/{token}", w.unsubscribe)
}

// setMailDelivery saves how the reader hears about notifications by mail.
func (w *Web) setMailDelivery(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.SetMailDelivery(r.Context(), reqctx.User(r.Context()), f.Get("delivery")); err != nil {
		return done{}, err
	}
	return done{To: "/me", Flash: "flash.saved"}, nil
}

// mailAgain shows the profile page with the mail form's problem beside
// it; the profile form keeps the reader's own values.
func (w *Web) mailAgain(r *http.Request, v *view) (string, error) {
	d := profileData{MailError: v.Form.Err("delivery")}
	v.Form = nil
	return w.profileWith(r, v, d)
}

type unsubscribeData struct {
	Token string
	Done  bool
}

// unsubscribePage is where a mail's unsubscribe link leads: it asks before
// stopping mail, since a GET may come from a link checker, not the person.
func (w *Web) unsubscribePage(r *http.Request, v *view) (string, error) {
	s, err := w.App.UnsubscribeInfo(r.Context(), r.PathValue("token"))
	if err != nil {
		return "", err
	}
	return w.unsubscribeView(v, s), nil
}

func (w *Web) unsubscribeView(v *view, s commons.MailSettings) string {
	v.Title = v.L.T("unsubscribe.title")
	v.Data = unsubscribeData{Token: s.Token, Done: s.Delivery == commons.MailNone}
	// The link is a key: keep it out of other sites' logs.
	v.header = http.Header{"Referrer-Policy": {"no-referrer"}, "Cache-Control": {"no-store"}}
	return "unsubscribe"
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
		w.serve(rw, r, w.view(r, nil), func(_ *http.Request, v *view) (string, error) {
			return w.unsubscribeView(v, commons.MailSettings{Token: token, Delivery: commons.MailNone}), nil
		})
		return
	}
	redirect(rw, r, "/unsubscribe/"+token, "")
}
