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

	m.HandleFunc("GET /c/{slug}/resources", w.resources)
	m.HandleFunc("GET /c/{slug}/resources/map", w.resources)
	m.HandleFunc("GET /c/{slug}/resources/new", w.newResourcePage)
	m.HandleFunc("POST /c/{slug}/resources/new", w.createResource)
	m.HandleFunc("GET /c/{slug}/resources/{id}", w.resource)
	m.HandleFunc("POST /c/{slug}/resources/{id}", w.book)
	m.HandleFunc("GET /c/{slug}/resources/{id}/edit", w.editResourcePage)
	m.HandleFunc("POST /c/{slug}/resources/{id}/edit", w.updateResource)
	m.HandleFunc("POST /c/{slug}/resources/{id}/photo", w.uploadPhoto)
	m.HandleFunc("POST /c/{slug}/resources/{id}/bookings/{booking}/decision", w.decideBooking)
	m.HandleFunc("POST /c/{slug}/resources/{id}/trust", w.trustForResource)
	m.HandleFunc("POST /c/{slug}/resources/{id}/trust/{user_id}/remove", w.revokeResourceTrust)
	m.HandleFunc("POST /bookings/{booking}/cancel", w.cancelBooking)
	m.HandleFunc("GET /me/bookings", w.myBookings)
	w.routesNotifications(m)
	m.HandleFunc("POST /me/calendar", w.renewCalendar)
	m.Raw("GET /resources/{id}/photo", w.photo)
	m.Raw("GET /resources/{id}/calendar.ics", w.resourceCalendar)
	m.Raw("GET /calendar/{token}", w.personalCalendar)
	w.routesActivities(m)

	m.HandleFunc("GET /c/{slug}/organizations", w.organizations)
	m.HandleFunc("GET /c/{slug}/organizations/new", w.newOrganizationPage)
	m.HandleFunc("POST /c/{slug}/organizations/new", w.createOrganization)
	m.HandleFunc("GET /c/{slug}/organizations/{id}", w.organization)
	m.HandleFunc("GET /c/{slug}/organizations/{id}/edit", w.editOrganizationPage)
	m.HandleFunc("POST /c/{slug}/organizations/{id}/edit", w.updateOrganization)
	m.HandleFunc("POST /c/{slug}/organizations/{id}/members", w.addOrgMember)
	m.HandleFunc("POST /c/{slug}/organizations/{id}/members/{user_id}/remove", w.removeOrgMember)

	w.threadRoutes(m)
	m.HandleFunc("GET /c/{slug}/initiatives", w.initiatives)
	m.HandleFunc("GET /c/{slug}/initiatives/new", w.newInitiativePage)
	m.HandleFunc("POST /c/{slug}/initiatives/new", w.createInitiative)
	m.HandleFunc("POST /c/{slug}/themes", w.addTheme)
	m.HandleFunc("GET /c/{slug}/initiatives/{id}", w.initiative)
	m.HandleFunc("GET /c/{slug}/initiatives/{id}/edit", w.editInitiativePage)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/edit", w.updateInitiative)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/status", w.initiativeStatus)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/needs", w.addNeed)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/needs/{need}/status", w.needStatus)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/needs/{need}/pledges", w.pledge)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/pledges/{pledge}/decision", w.decidePledge)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/team", w.addTeamMember)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/team/{user_id}/remove", w.removeTeamMember)
	m.HandleFunc("GET /c/{slug}/initiatives/{id}/history", w.initiativeHistory)
	m.HandleFunc("GET /c/{slug}/initiatives/{id}/partnership", w.partnership)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/partnership", w.proposePartnership)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/partnership/signatures", w.signPartnership)
	m.HandleFunc("POST /c/{slug}/initiatives/{id}/partnership/commitments/{commitment}", w.markCommitment)
	m.HandleFunc("GET /c/{slug}/partnerships", w.partnershipNetwork)

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
