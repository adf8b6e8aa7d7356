package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

func (w *Web) routesAccounts(m router) {
	m.Page("GET /signup", w.signUpPage)
	m.Form("POST /signup", w.signUp, w.signUpPage)
	m.Page("GET /signin", w.signInPage)
	m.Form("POST /signin", w.signIn, w.signInPage)
	m.Form("POST /signout", w.signOut, nil)
	m.Form("POST /language", w.setLanguage, nil)
	m.Page("GET /me", w.profile)
	m.Form("POST /me", w.updateProfile, w.profile)
	// A new token's secret is shown on the answer to its form, once,
	// rather than after a redirect: the handler writes that answer.
	m.Raw("POST /me/tokens", w.createToken)
	m.Form("POST /me/tokens/{id}/delete", w.deleteToken, nil)
}

// signUpPage shows the sign-up form, or shows it again with its problems.
func (w *Web) signUpPage(r *http.Request, v *view) (string, error) {
	v.Title = v.L.T("signup.title")
	v.Data = w.App.PrivacyNotice(v.L)
	if v.Form == nil {
		v.Form = &form{Values: r.URL.Query()}
	}
	return "signup", nil
}

func (w *Web) signUp(r *http.Request, v *view, f *form) (done, error) {
	// The page shows the privacy notice above the button, which says that
	// signing up accepts it: pressing it is the acceptance.
	u, err := w.App.SignUp(r.Context(), commons.NewUser{Email: f.Get("email"), Name: f.Get("name"),
		Password: f.Get("password"), Locale: v.Lang, AcceptPrivacy: true})
	if err != nil {
		return done{}, err
	}
	if w.App.ConfirmEmail {
		// The same answer for a new address and a taken one: check your
		// mail. Signing in is the next step either way.
		to := "/signin?email=" + url.QueryEscape(u.Email)
		if next := localPath(f.Get("next"), ""); next != "" {
			to += "&next=" + url.QueryEscape(next)
		}
		return done{To: to, Flash: "flash.signup_check_mail"}, nil
	}
	c, err := w.sessionCookie(r, u)
	if err != nil {
		return done{}, err
	}
	return done{To: localPath(f.Get("next"), "/"), Flash: "flash.welcome", Cookies: []*http.Cookie{c}}, nil
}

// signInPage shows the sign-in form, or shows it again with its problem.
func (w *Web) signInPage(r *http.Request, v *view) (string, error) {
	v.Title = v.L.T("signin.title")
	if v.Form == nil {
		v.Form = &form{Values: r.URL.Query()}
	}
	return "signin", nil
}

func (w *Web) signIn(r *http.Request, v *view, f *form) (done, error) {
	u, err := w.App.SignIn(r.Context(), f.Get("email"), f.Get("password"), reqctx.ClientAddr(r.Context()))
	if err != nil {
		return done{}, err
	}
	c, err := w.sessionCookie(r, u)
	if err != nil {
		return done{}, err
	}
	return done{To: localPath(f.Get("next"), "/"), Flash: "flash.signed_in", Cookies: []*http.Cookie{c}}, nil
}

// sessionCookie starts a session for a person and makes the cookie that
// signs them in on this browser.
func (w *Web) sessionCookie(r *http.Request, u commons.User) (*http.Cookie, error) {
	secret, err := w.App.StartSession(r.Context(), u, r.UserAgent(), reqctx.ClientAddr(r.Context()))
	if err != nil {
		return nil, err
	}
	return SessionCookieFor(r, secret, w.App.SessionTTL), nil
}

// SessionCookieFor is the cookie that keeps a session for ttl: set at
// sign-in, and again whenever the session renews (sliding expiry).
func SessionCookieFor(r *http.Request, secret string, ttl time.Duration) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(ttl.Seconds())}
}

func (w *Web) signOut(r *http.Request, v *view, f *form) (done, error) {
	if s := reqctx.Session(r.Context()); s != "" {
		if err := w.App.SignOut(r.Context(), s); err != nil {
			return done{}, err
		}
	}
	return done{To: "/", Flash: "flash.signed_out", Cookies: []*http.Cookie{{Name: SessionCookie, Value: "", Path: "/",
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1}}}, nil
}

// setLanguage switches the language: on the account for a signed-in
// person, in a cookie for a visitor. Then it goes back where it was.
func (w *Web) setLanguage(r *http.Request, v *view, f *form) (done, error) {
	lang := f.Get("lang")
	if !w.Catalog.Supported(lang) {
		return done{}, commons.Errorf(commons.CodeBadRequest, "error.language")
	}
	if u := reqctx.User(r.Context()); u != nil {
		if _, err := w.App.UpdateProfile(r.Context(), u, commons.ProfileChange{Locale: &lang}); err != nil {
			return done{}, err
		}
	}
	return done{To: localPath(f.Get("return"), "/"), Cookies: []*http.Cookie{{Name: langCookie, Value: lang, Path: "/",
		Secure: secure(r), HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600}}}, nil
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

// profile is the reader's own page; after a failed profile form it shows
// the form again (v.Form already set).
func (w *Web) profile(r *http.Request, v *view) (string, error) {
	return w.profileWith(r, v, profileData{})
}

// profileWith fills the profile page; d carries a new token's secret or a
// problem with the token or mail form.
func (w *Web) profileWith(r *http.Request, v *view, d profileData) (string, error) {
	u := reqctx.User(r.Context())
	if u == nil {
		return "", commons.Unauthenticated()
	}
	cs, statuses, err := w.App.Memberships(r.Context(), u)
	if err != nil {
		return "", err
	}
	if d.Tokens, err = w.App.Tokens(r.Context(), u); err != nil {
		return "", err
	}
	if d.Mail, err = w.App.MailSettings(r.Context(), u); err != nil {
		return "", err
	}
	d.MailChoices = commons.MailDeliveries
	for i, c := range cs {
		d.Communities = append(d.Communities, membershipRow{Community: c, Pending: statuses[i] == commons.MemberPending})
	}
	v.Title, v.Data = v.L.T("profile.title"), d
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"name": {u.Name}, "locale": {u.Locale}, "time_zone": {u.TimeZone}}, Errors: map[string]string{}}
	}
	return "profile", nil
}

func (w *Web) updateProfile(r *http.Request, v *view, f *form) (done, error) {
	name, locale, zone := f.Get("name"), f.Get("locale"), f.Get("time_zone")
	if _, err := w.App.UpdateProfile(r.Context(), reqctx.User(r.Context()), commons.ProfileChange{Name: &name, Locale: &locale, TimeZone: &zone}); err != nil {
		return done{}, err
	}
	var cookies []*http.Cookie
	if locale == "" {
		// Following the browser again: forget a visitor-time choice too.
		cookies = append(cookies, &http.Cookie{Name: langCookie, Value: "", Path: "/", MaxAge: -1, Secure: secure(r), HttpOnly: true})
	}
	return done{To: "/me", Flash: "flash.saved", Cookies: cookies}, nil
}

// createToken makes an API token and shows its secret on this answer only
// (it is stored hashed), so it answers with the page, not a redirect.
func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, nil)
	d, status := profileData{}, http.StatusCreated
	secret, _, err := w.App.CreateToken(r.Context(), reqctx.User(r.Context()), f.Get("label"))
	if err != nil {
		tf := &form{Values: f.Values, Errors: map[string]string{}}
		if !formFailed(tf, err, v.L) {
			w.Fail(rw, r, err)
			return
		}
		d.TokenError, status = tf.Err("label"), commons.CodeOf(err).Status()
	} else {
		d.NewToken = secret
		rw.Header().Set("Cache-Control", "no-store")
	}
	name, err := w.profileWith(r, v, d)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	w.render(rw, r, status, name, v)
}

func (w *Web) deleteToken(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.RevokeToken(r.Context(), reqctx.User(r.Context()), r.PathValue("id")); err != nil {
		return done{}, err
	}
	return done{To: "/me", Flash: "flash.token_revoked"}, nil
}
