package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

type memberData struct {
	Member    commons.Member
	Standings []commons.RoleStanding
	Trusters  []commons.TrustEdge
	// CanTrust shows the trust buttons: the use case's own rule
	// (commons.MayVouchFor), as the member's read model carries it.
	CanTrust bool
	Self     bool
	Newcomer bool
	// Badges are those the reader may see (app.ProfileBadges).
	Badges []app.ShownBadge
	// Moderation: the report form, or where the person's review is.
	Moderation moderationView
}

// member shows one member: their roles, why they hold each, how far they
// are from the next, and — for a member who may vouch — the trust buttons.
func (w *Web) member(r *http.Request, v *view) (string, error) {
	m, err := w.App.Member(r.Context(), v.Scope, r.PathValue("user_id"))
	if err != nil {
		return "", err
	}
	d := memberData{Member: m.Member, Self: v.Scope.ActorID() == m.UserID, Newcomer: m.Newcomer, CanTrust: m.May.Vouch, Moderation: m.Moderation}
	if v.May.ReadMembersOnly {
		if d.Trusters, err = w.App.TrustEdges(r.Context(), v.Scope, m.UserID); err != nil {
			return "", err
		}
	}
	d.Standings = m.Standings(v.Scope.ActorID(), d.Trusters)
	if d.Badges, err = w.App.ProfileBadges(r.Context(), v.Scope, m.UserID); err != nil {
		return "", err
	}
	v.Title, v.Data = m.Name, d
	return "member", nil
}

func (w *Web) giveTrust(r *http.Request, v *view, f *form) (done, error) {
	return w.changeTrust(r, v, f, true)
}

func (w *Web) revokeTrust(r *http.Request, v *view, f *form) (done, error) {
	return w.changeTrust(r, v, f, false)
}

func (w *Web) changeTrust(r *http.Request, v *view, f *form, give bool) (done, error) {
	uid, role := r.PathValue("user_id"), commons.Role(f.Get("role"))
	var err error
	flash := "flash.trust_given"
	if give {
		err = w.App.GiveTrust(r.Context(), v.Scope, uid, role)
	} else {
		flash = "flash.trust_revoked"
		err = w.App.RevokeTrust(r.Context(), v.Scope, uid, role)
	}
	if commons.CodeOf(err) == commons.CodeConflict || (!give && commons.CodeOf(err) == commons.CodeNotFound) {
		err = nil // a second click finds it done already
	}
	to := "/c/" + v.Community.Slug + "/members/" + uid
	if !give && err == nil {
		// Trust taken back from a person peer review has hidden since:
		// their page is not the voucher's to open, the trust page is.
		if _, merr := w.App.Member(r.Context(), v.Scope, uid); commons.CodeOf(merr) == commons.CodeNotFound {
			to = "/c/" + v.Community.Slug + "/trust"
		}
	}
	return done{To: to, Flash: flash}, err
}

// trustPage is the community's page of who vouches for whom.
func (w *Web) trustPage(r *http.Request, v *view) (string, error) {
	edges, err := w.App.TrustEdges(r.Context(), v.Scope, "")
	v.Title, v.Data = v.L.T("trust.title"), edges
	return "trust", err
}

func (w *Web) leave(r *http.Request, v *view, _ *form) (done, error) {
	err := w.App.Leave(r.Context(), v.Scope)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return done{To: "/c/" + v.Community.Slug}, nil // not a member any more: done already
	}
	return done{To: "/c/" + v.Community.Slug, Flash: "flash.left"}, err
}
