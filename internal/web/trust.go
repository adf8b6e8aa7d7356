package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

type roleStanding struct {
	Role    commons.Role
	Trust   int
	Needed  int // more trust needed, 0 when held by trust
	Held    bool
	Granted bool // held without trust: the founder's roles
	Given   bool // the reader vouches for this role
}

type memberData struct {
	Member    commons.Member
	Standings []roleStanding
	Trusters  []commons.TrustEdge
	CanTrust  bool
	Self      bool
	Newcomer  bool
}

// member shows one member: their roles, why they hold each, how far they
// are from the next, and — for a member who may vouch — the trust buttons.
func (w *Web) member(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	m, err := w.App.Member(r.Context(), v.User, v.Community.Slug, r.PathValue("user_id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d := memberData{Member: m, Self: v.User != nil && v.User.ID == m.UserID, Newcomer: m.HasRole(commons.RoleNewcomer)}
	d.CanTrust = !d.Self && v.Member.HasRole(commons.RoleMember) && m.Status == commons.MemberActive
	if v.IsMember() {
		if d.Trusters, err = w.App.TrustEdges(r.Context(), v.User, v.Community.Slug, m.UserID); err != nil {
			w.Fail(rw, r, err)
			return
		}
	}
	for _, role := range commons.TrustedRoles {
		st := roleStanding{Role: role, Trust: m.TrustReceived[role], Held: m.HasRole(role)}
		st.Granted = st.Held && st.Trust < m.Threshold
		if !st.Held {
			st.Needed = m.Threshold - st.Trust
		}
		for _, e := range d.Trusters {
			st.Given = st.Given || (v.User != nil && e.GiverID == v.User.ID && e.Role == role)
		}
		d.Standings = append(d.Standings, st)
	}
	v.Title, v.Data = m.Name, d
	w.render(rw, r, http.StatusOK, "member", v)
}

func (w *Web) giveTrust(rw http.ResponseWriter, r *http.Request) {
	w.changeTrust(rw, r, true)
}

func (w *Web) revokeTrust(rw http.ResponseWriter, r *http.Request) {
	w.changeTrust(rw, r, false)
}

func (w *Web) changeTrust(rw http.ResponseWriter, r *http.Request, give bool) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug, uid, role := r.PathValue("slug"), r.PathValue("user_id"), commons.Role(f.Get("role"))
	if give {
		err = w.App.GiveTrust(r.Context(), reqctx.User(r.Context()), slug, uid, role)
	} else {
		err = w.App.RevokeTrust(r.Context(), reqctx.User(r.Context()), slug, uid, role)
	}
	if commons.CodeOf(err) == commons.CodeConflict || (!give && commons.CodeOf(err) == commons.CodeNotFound) {
		err = nil // a second click finds it done already
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.trust_given"
	if !give {
		flash = "flash.trust_revoked"
	}
	redirect(rw, r, "/c/"+slug+"/members/"+uid, flash)
}

// trustPage is the community's page of who vouches for whom.
func (w *Web) trustPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	edges, err := w.App.TrustEdges(r.Context(), v.User, v.Community.Slug, "")
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data = v.L.T("trust.title"), edges
	w.render(rw, r, http.StatusOK, "trust", v)
}

func (w *Web) leave(rw http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := w.App.Leave(r.Context(), reqctx.User(r.Context()), slug); err != nil {
		if commons.CodeOf(err) == commons.CodeNotFound {
			redirect(rw, r, "/c/"+slug, "") // not a member any more: done already
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+slug, "flash.left")
}
