package web

import "slices"

// routes lists every page. Forms post to the page that shows them.
func (w *Web) routes() {
	m := router{w}
	w.routesCommunities(m)
	w.routesAccounts(m)
	w.routesLifecycle(m)
	w.routesMail(m)

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
	w.routesFund(m)
	w.routesHours(m)
	w.routesProfile(m)
	w.routesIntents(m)
	w.routesMatches(m)
	w.routesPrivacy(m)
	w.routesOpenData(m)
	w.routesMSC(m)
	w.routesImpact(m)
	w.routesEveryday(m)
	w.routesQuality(m)
	w.routesArchive(m)
	w.routesCSVImport(m)
	w.routesNeedEdit(m)
	w.routesTranslations(m)
	w.routesThreadMute(m)
	w.routesMessageReports(m)
	w.routesOrgInvitations(m)

	m.Raw("/", w.notFound)
}

// Pages lists the patterns of every page a person can open.
func (w *Web) Pages() []string { return slices.Clone(w.pages) }
