package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// The account lifecycle's pages: forgotten passwords, confirming an
// address, changing the password and address, and the sessions list.
func (w *Web) routesLifecycle(m router) {
	m.Page("GET /password-reset", w.resetRequestPage)
	m.Form("POST /password-reset", w.requestReset, w.resetRequestPage)
	m.Page("GET /password-reset/{token}", w.resetPage)
	m.Form("POST /password-reset/{token}", w.resetPassword, w.resetPage)
	m.Page("GET /confirm/{token}", w.confirmPage)
	m.Form("POST /confirm/{token}", w.confirmAddress, nil)
	m.Page("GET /confirm-email/{token}", w.confirmEmailPage)
	m.Form("POST /confirm-email/{token}", w.confirmEmail, nil)
	m.Page("GET /privacy", w.privacyPage)
	m.Form("POST /me/confirmation", w.resendConfirmation, nil)
	m.Page("GET /me/password", w.passwordPage)
	m.Form("POST /me/password", w.changePassword, w.passwordPage)
	m.Page("GET /me/email", w.emailPage)
	m.Form("POST /me/email", w.changeEmail, w.emailPage)
	m.Page("GET /me/sessions", w.sessionsPage)
	m.Form("POST /me/sessions/{id}/delete", w.endSession, nil)
	m.Form("POST /me/sessions/delete", w.signOutEverywhere, nil)
	w.routesInvitations(m)
}

// keepOut sets the headers of a page whose address holds a secret: it is
// not cached and not sent on as a referrer.
func keepOut(v *view) {
	if v.header == nil {
		v.header = http.Header{}
	}
	v.header.Set("Cache-Control", "no-store")
	v.header.Set("Referrer-Policy", "no-referrer")
}

func (w *Web) resetRequestPage(r *http.Request, v *view) (string, error) {
	v.Title = v.L.T("reset.title")
	if v.Form == nil {
		v.Form = &form{Values: r.URL.Query()}
	}
	return "reset_request", nil
}

func (w *Web) requestReset(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.RequestPasswordReset(r.Context(), f.Get("email"), reqctx.ClientAddr(r.Context()), v.Lang); err != nil {
		return done{}, err
	}
	return done{To: "/signin", Flash: "flash.reset_sent"}, nil
}

// resetPage shows the new-password form while the link is good; a used,
// expired or unknown link is a 404 page that says to ask for a new one.
func (w *Web) resetPage(r *http.Request, v *view) (string, error) {
	keepOut(v)
	u, err := w.App.ResetLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("reset.new_title"), u.Email
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{}}
	}
	return "reset_password", nil
}

func (w *Web) resetPassword(r *http.Request, v *view, f *form) (done, error) {
	if _, err := w.App.ResetPassword(r.Context(), r.PathValue("token"), f.Get("password")); err != nil {
		return done{}, err
	}
	// Every session ended, this browser's too: sign in with the new one.
	return done{To: "/signin", Flash: "flash.password_reset", Cookies: []*http.Cookie{endCookie(r)}}, nil
}

// endCookie removes the session cookie.
func endCookie(r *http.Request) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1}
}

// confirmData is what a confirmation link's page shows.
type confirmData struct {
	Email  string
	Action string
}

// confirmPage asks before confirming: a GET changes nothing, because mail
// scanners open links; the person presses the button.
func (w *Web) confirmPage(r *http.Request, v *view) (string, error) {
	keepOut(v)
	u, _, err := w.App.ConfirmLink(r.Context(), commons.LinkConfirm, r.PathValue("token"))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("confirm.title"), confirmData{Email: u.Email, Action: "/confirm/" + r.PathValue("token")}
	return "confirm", nil
}

func (w *Web) confirmAddress(r *http.Request, v *view, f *form) (done, error) {
	if _, err := w.App.ConfirmAddress(r.Context(), r.PathValue("token")); err != nil {
		return done{}, err
	}
	return done{To: afterConfirm(r), Flash: "flash.address_confirmed"}, nil
}

// afterConfirm is where a confirmed person goes: their page when signed
// in, the sign-in form otherwise.
func afterConfirm(r *http.Request) string {
	if reqctx.User(r.Context()) != nil {
		return "/me"
	}
	return "/signin"
}

func (w *Web) confirmEmailPage(r *http.Request, v *view) (string, error) {
	keepOut(v)
	_, email, err := w.App.ConfirmLink(r.Context(), commons.LinkEmail, r.PathValue("token"))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("confirm.email_title"), confirmData{Email: email, Action: "/confirm-email/" + r.PathValue("token")}
	return "confirm", nil
}

func (w *Web) confirmEmail(r *http.Request, v *view, f *form) (done, error) {
	if _, err := w.App.ConfirmEmailChange(r.Context(), r.PathValue("token")); err != nil {
		return done{}, err
	}
	return done{To: afterConfirm(r), Flash: "flash.email_changed"}, nil
}

func (w *Web) privacyPage(r *http.Request, v *view) (string, error) {
	v.Title, v.Data = v.L.T("privacy.title"), w.App.PrivacyNotice(v.L)
	return "privacy", nil
}

func (w *Web) resendConfirmation(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.ResendConfirmation(r.Context(), reqctx.User(r.Context())); err != nil {
		return done{}, err
	}
	return done{To: localPath(f.Get("return"), "/me"), Flash: "flash.confirmation_sent"}, nil
}

// signedIn returns the reader, or asks them to sign in.
func signedIn(r *http.Request) (*commons.User, error) {
	u := reqctx.User(r.Context())
	if u == nil {
		return nil, commons.Unauthenticated()
	}
	return u, nil
}

func (w *Web) passwordPage(r *http.Request, v *view) (string, error) {
	if _, err := signedIn(r); err != nil {
		return "", err
	}
	v.Title = v.L.T("password.title")
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{}}
	}
	return "password", nil
}

func (w *Web) changePassword(r *http.Request, v *view, f *form) (done, error) {
	pw := f.Get("password")
	_, err := w.App.UpdateProfile(r.Context(), reqctx.User(r.Context()), commons.ProfileChange{Password: &pw,
		CurrentPassword: f.Get("current_password"), KeepSession: reqctx.Session(r.Context())})
	if err != nil {
		return done{}, err
	}
	return done{To: "/me", Flash: "flash.password_changed"}, nil
}

func (w *Web) emailPage(r *http.Request, v *view) (string, error) {
	if _, err := signedIn(r); err != nil {
		return "", err
	}
	v.Title = v.L.T("email.title")
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{}}
	}
	return "email", nil
}

func (w *Web) changeEmail(r *http.Request, v *view, f *form) (done, error) {
	email := f.Get("email")
	_, err := w.App.UpdateProfile(r.Context(), reqctx.User(r.Context()), commons.ProfileChange{Email: &email,
		CurrentPassword: f.Get("current_password")})
	if err != nil {
		return done{}, err
	}
	return done{To: "/me", Flash: "flash.email_link_sent"}, nil
}

func (w *Web) sessionsPage(r *http.Request, v *view) (string, error) {
	u, err := signedIn(r)
	if err != nil {
		return "", err
	}
	ss, err := w.App.Sessions(r.Context(), u, reqctx.Session(r.Context()))
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("sessions.title"), ss
	return "sessions", nil
}

func (w *Web) endSession(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.EndSession(r.Context(), reqctx.User(r.Context()), r.PathValue("id")); err != nil {
		return done{}, err
	}
	return done{To: "/me/sessions", Flash: "flash.session_ended"}, nil
}

// signOutEverywhere ends every other session, and the API tokens when
// asked; this browser stays signed in.
func (w *Web) signOutEverywhere(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.SignOutEverywhere(r.Context(), reqctx.User(r.Context()), reqctx.Session(r.Context()), f.Get("tokens") == "yes")
	if err != nil {
		return done{}, err
	}
	return done{To: "/me/sessions", Flash: "flash.signed_out_everywhere"}, nil
}
