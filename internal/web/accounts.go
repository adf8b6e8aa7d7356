package web

import (
	"net/http"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

func (w *Web) signUpPage(rw http.ResponseWriter, r *http.Request) {
	v := w.view(r, nil)
	v.Title = v.L.T("signup.title")
	v.Form = &form{Values: r.URL.Query()}
	w.render(rw, r, http.StatusOK, "signup", v)
}

func (w *Web) signUp(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	v.Title, v.Form = v.L.T("signup.title"), f
	u, err := w.App.SignUp(r.Context(), commons.NewUser{Email: f.Get("email"), Name: f.Get("name"),
		Password: f.Get("password"), Locale: v.Lang})
	if err == nil {
		err = w.startSession(rw, r, u)
	}
	if err != nil {
		if formFailed(f, err, v.L) {
			w.render(rw, r, commons.CodeOf(err).Status(), "signup", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, localPath(f.Get("next"), "/"), "flash.welcome")
}

func (w *Web) signInPage(rw http.ResponseWriter, r *http.Request) {
	v := w.view(r, nil)
	v.Title = v.L.T("signin.title")
	v.Form = &form{Values: r.URL.Query()}
	w.render(rw, r, http.StatusOK, "signin", v)
}

func (w *Web) signIn(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	v.Title, v.Form = v.L.T("signin.title"), f
	u, err := w.App.SignIn(r.Context(), f.Get("email"), f.Get("password"), reqctx.ClientAddr(r.Context()))
	if err == nil {
		err = w.startSession(rw, r, u)
	}
	if err != nil {
		if formFailed(f, err, v.L) {
			if e := commons.ErrorOf(err); e.RetryAfter > 0 {
				rw.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
			}
			w.render(rw, r, commons.CodeOf(err).Status(), "signin", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, localPath(f.Get("next"), "/"), "flash.signed_in")
}

// startSession signs a person in on this browser.
func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, u commons.User) error {
	secret, err := w.App.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	http.SetCookie(rw, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(w.App.SessionTTL.Seconds())})
	return nil
}

func (w *Web) signOut(rw http.ResponseWriter, r *http.Request) {
	if s := reqctx.Session(r.Context()); s != "" {
		if err := w.App.SignOut(r.Context(), s); err != nil {
			w.Fail(rw, r, err)
			return
		}
	}
	http.SetCookie(rw, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	redirect(rw, r, "/", "flash.signed_out")
}

// setLanguage switches the language: on the account for a signed-in
// person, in a cookie for a visitor. Then it goes back where it was.
func (w *Web) setLanguage(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	lang := f.Get("lang")
	if !w.Catalog.Supported(lang) {
		w.Fail(rw, r, commons.Errorf(commons.CodeBadRequest, "error.language"))
		return
	}
	if u := reqctx.User(r.Context()); u != nil {
		if _, err := w.App.UpdateProfile(r.Context(), u, commons.ProfileChange{Locale: &lang}); err != nil {
			w.Fail(rw, r, err)
			return
		}
	}
	http.SetCookie(rw, &http.Cookie{Name: langCookie, Value: lang, Path: "/", Secure: secure(r), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	redirect(rw, r, localPath(f.Get("return"), "/"), "")
}

type profileData struct {
	Communities []membershipRow
	Tokens      []commons.APIToken
	NewToken    string
	TokenError  string
	// Mail is the reader's choice of mail; MailError a problem with it.
	Mail        commons.MailSettings
	MailChoices []commons.MailDelivery
	MailError   string
}

type membershipRow struct {
	Community commons.Community
	Pending   bool
}

func (w *Web) profile(rw http.ResponseWriter, r *http.Request) {
	w.renderProfile(rw, r, http.StatusOK, nil, profileData{})
}

// renderProfile shows the profile page; d carries a new token's secret or
// a token problem, f the profile form as submitted.
func (w *Web) renderProfile(rw http.ResponseWriter, r *http.Request, status int, f *form, d profileData) {
	u := reqctx.User(r.Context())
	if u == nil {
		w.Fail(rw, r, commons.Unauthenticated())
		return
	}
	cs, statuses, err := w.App.Memberships(r.Context(), u)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	toks, err := w.App.Tokens(r.Context(), u)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d.Tokens = toks
	if d.Mail, err = w.App.MailSettings(r.Context(), u); err != nil {
		w.Fail(rw, r, err)
		return
	}
	d.MailChoices = commons.MailDeliveries
	for i, c := range cs {
		d.Communities = append(d.Communities, membershipRow{Community: c, Pending: statuses[i] == commons.MemberPending})
	}
	v := w.view(r, nil)
	v.Title, v.Data = v.L.T("profile.title"), d
	if f == nil {
		f = &form{Values: map[string][]string{"name": {u.Name}, "locale": {u.Locale}}, Errors: map[string]string{}}
	}
	v.Form = f
	w.render(rw, r, status, "profile", v)
}

func (w *Web) updateProfile(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	name, locale := f.Get("name"), f.Get("locale")
	if _, err := w.App.UpdateProfile(r.Context(), reqctx.User(r.Context()), commons.ProfileChange{Name: &name, Locale: &locale}); err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			w.renderProfile(rw, r, commons.CodeOf(err).Status(), f, profileData{})
			return
		}
		w.Fail(rw, r, err)
		return
	}
	if locale == "" {
		// Following the browser again: forget a visitor-time choice too.
		http.SetCookie(rw, &http.Cookie{Name: langCookie, Value: "", Path: "/", MaxAge: -1, Secure: secure(r), HttpOnly: true})
	}
	redirect(rw, r, "/me", "flash.saved")
}

func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	secret, _, err := w.App.CreateToken(r.Context(), reqctx.User(r.Context()), f.Get("label"))
	if err != nil {
		tf := &form{Values: f.Values, Errors: map[string]string{}}
		if formFailed(tf, err, w.view(r, nil).L) {
			w.renderProfile(rw, r, commons.CodeOf(err).Status(), nil, profileData{TokenError: tf.Err("label")})
			return
		}
		w.Fail(rw, r, err)
		return
	}
	// The secret is shown on this answer only; it is stored hashed.
	rw.Header().Set("Cache-Control", "no-store")
	w.renderProfile(rw, r, http.StatusCreated, nil, profileData{NewToken: secret})
}

func (w *Web) deleteToken(rw http.ResponseWriter, r *http.Request) {
	if err := w.App.RevokeToken(r.Context(), reqctx.User(r.Context()), r.PathValue("id")); err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/me", "flash.token_revoked")
}
