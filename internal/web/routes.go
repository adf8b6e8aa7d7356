package web

import (
	"net/http"
	"slices"
	"strings"
)

// routes lists every page. Forms post to the page that shows them.
func (w *Web) routes() {
	m := router{w}
	w.routesCommunities(m)
	m.HandleFunc("GET /signup", w.signUpPage)
	m.HandleFunc("POST /signup", w.signUp)
	m.HandleFunc("GET /signin", w.signInPage)
	m.HandleFunc("POST /signin", w.signIn)
	m.HandleFunc("POST /signout", w.signOut)
	m.HandleFunc("POST /language", w.setLanguage)
	m.HandleFunc("GET /me", w.profile)
	m.HandleFunc("POST /me", w.updateProfile)
	m.HandleFunc("POST /me/mail", w.setMailDelivery)
	m.HandleFunc("GET /unsubscribe/{token}", w.unsubscribePage)
	m.HandleFunc("POST /unsubscribe/{token}", w.unsubscribe)
	m.HandleFunc("POST /me/tokens", w.createToken)
	m.HandleFunc("POST /me/tokens/{id}/delete", w.deleteToken)

	m.Page("GET /c/{slug}/members/{user_id}", w.member)
	m.Form("POST /c/{slug}/members/{user_id}/trust", w.giveTrust, nil)
	m.Form("POST /c/{slug}/members/{user_id}/trust/remove", w.revokeTrust, nil)
	m.Page("GET /c/{slug}/trust", w.trustPage)
	w.routesModeration(m)
	w.routesAgreements(m)
	m.Form("POST /c/{slug}/leave", w.leave, nil)

	w.routesResources(m)
	w.routesNotifications(m)
	w.routesActivities(m)

	w.routesOrganizations(m)

	w.threadRoutes(m)
	w.routesInitiatives(m)

	m.Raw("/", w.notFound)
}

// HandleFunc registers a handler written before the adapter (see
// adapter.go); GET routes count as pages. Convert handlers to Page and
// Form as their area is touched, then remove this.
func (m router) HandleFunc(pattern string, h http.HandlerFunc) {
	if strings.HasPrefix(pattern, "GET ") {
		m.w.pages = append(m.w.pages, pattern)
	}
	m.w.mux.HandleFunc(pattern, h)
}

// Pages lists the patterns of every page a person can open.
func (w *Web) Pages() []string { return slices.Clone(w.pages) }
