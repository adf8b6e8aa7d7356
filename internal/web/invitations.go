package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

func (w *Web) routesInvitations(m router) {
	m.Page("GET /c/{slug}/invitations", w.invitationsPage)
	// A new link's secret is shown on the answer to its form, once.
	m.Raw("POST /c/{slug}/invitations", w.createInvitation)
	m.Form("POST /c/{slug}/invitations/{id}/delete", w.deleteInvitation, nil)
	m.Page("GET /invitations/{token}", w.invitationPage)
	m.Form("POST /invitations/{token}", w.acceptInvitation, nil)
}

type invitationsData struct {
	Invitations []commons.Invitation
	// NewLink is the link just made, shown this once.
	NewLink string
}

func (w *Web) invitationsPage(r *http.Request, v *view) (string, error) {
	return w.invitationsWith(r, v, invitationsData{})
}

func (w *Web) invitationsWith(r *http.Request, v *view, d invitationsData) (string, error) {
	invs, err := w.App.Invitations(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d.Invitations = invs
	v.Title, v.Data = v.L.T("invitations.title"), d
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"max_uses": {"10"}, "days": {strconv.Itoa(commons.DefaultInvitationDays)}}, Errors: map[string]string{}}
	}
	return "invitations", nil
}

// atoi reads a form's whole number: an empty field is 0, which the rules
// take as the default; what is not a number is -1, which they refuse.
func atoi(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// createInvitation makes an invitation: one by mail goes with a flash; a
// link is shown on this answer only, since only its hash is kept.
func (w *Web) createInvitation(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, err := w.viewFor(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	n := commons.NewInvitation{Email: f.Get("email"), MaxUses: 1, Days: commons.DefaultInvitationDays}
	if n.Email == "" {
		n.MaxUses, n.Days = atoi(f.Get("max_uses")), atoi(f.Get("days"))
	}
	secret, _, err := w.App.Invite(r.Context(), v.Scope, n)
	d, status := invitationsData{}, http.StatusCreated
	switch {
	case err != nil:
		tf := &form{Values: f.Values, Errors: map[string]string{}}
		if !formFailed(tf, err, v.L) {
			w.Fail(rw, r, err)
			return
		}
		v.Form, status = tf, commons.CodeOf(err).Status()
	case n.Email != "":
		redirect(rw, r, "/c/"+v.Community.Slug+"/invitations", "flash.invitation_sent")
		return
	default:
		d.NewLink = strings.TrimRight(w.App.PublicURL, "/") + app.InvitationLinkPath + secret
		rw.Header().Set("Cache-Control", "no-store")
	}
	name, err := w.invitationsWith(r, v, d)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	w.render(rw, r, status, name, v)
}

func (w *Web) deleteInvitation(r *http.Request, v *view, f *form) (done, error) {
	if err := w.App.WithdrawInvitation(r.Context(), v.Scope, r.PathValue("id")); err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/invitations", Flash: "flash.invitation_withdrawn"}, nil
}

type invitationData struct {
	app.InvitationInfo
	// Next is this page, for signing up or in and coming back.
	Next string
}

// invitationPage shows what an invitation lets one into; a visitor signs
// up (or in) and comes back here to accept.
func (w *Web) invitationPage(r *http.Request, v *view) (string, error) {
	keepOut(v)
	info, err := w.App.InvitationByLink(r.Context(), reqctx.User(r.Context()), r.PathValue("token"))
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("invitation.title", "Community", info.Community.Name)
	v.Data = invitationData{InvitationInfo: info, Next: r.URL.Path}
	return "invitation", nil
}

func (w *Web) acceptInvitation(r *http.Request, v *view, f *form) (done, error) {
	c, err := w.App.AcceptInvitation(r.Context(), reqctx.User(r.Context()), r.PathValue("token"))
	if err != nil {
		return done{}, err
	}
	return done{To: "/c/" + c.Slug, Flash: "flash.invitation_accepted"}, nil
}
