package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
)

// routesOrgInvitations registers the invitation of a member into an
// organization, picked by name, and its answers, on the organization's
// page.
func (w *Web) routesOrgInvitations(m router) {
	m.Form("POST /c/{slug}/organizations/{id}/invitations", w.inviteToOrganization, w.organization)
	m.Form("POST /c/{slug}/organizations/{id}/invitations/{invitation_id}/withdraw", w.withdrawOrgInvitation, w.organization)
	m.Form("POST /c/{slug}/organizations/{id}/invitations/{invitation_id}/accept", w.answerOrgInvitation(true), w.organization)
	m.Form("POST /c/{slug}/organizations/{id}/invitations/{invitation_id}/decline", w.answerOrgInvitation(false), w.organization)
}

// organizationPath is the page of the organization a request names.
func organizationPath(r *http.Request, v *view) string {
	return commons.PagePath(commons.SubjectOrganization, v.Community.Slug, r.PathValue("id"))
}

func (w *Web) inviteToOrganization(r *http.Request, v *view, f *form) (done, error) {
	_, matches, err := w.App.InviteToOrganization(r.Context(), v.Scope, r.PathValue("id"), picked(f, "invitee"), commons.OrgRole(f.Get("invite_role")))
	keepMatches(f, "invitee", matches)
	return done{To: organizationPath(r, v) + "#invitations", Flash: "flash.org_invited"}, err
}

func (w *Web) withdrawOrgInvitation(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.WithdrawOrgInvitation(r.Context(), v.Scope, r.PathValue("id"), r.PathValue("invitation_id"))
	return done{To: organizationPath(r, v) + "#invitations", Flash: "flash.org_invitation_withdrawn"}, err
}

func (w *Web) answerOrgInvitation(accept bool) func(*http.Request, *view, *form) (done, error) {
	flash := "flash.org_invitation_declined"
	if accept {
		flash = "flash.org_invitation_accepted"
	}
	return func(r *http.Request, v *view, f *form) (done, error) {
		err := w.App.AnswerOrgInvitation(r.Context(), v.Scope, r.PathValue("id"), r.PathValue("invitation_id"), accept)
		return done{To: organizationPath(r, v), Flash: flash}, err
	}
}
