package web

import (
	"net/http"
	"strconv"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// moderationView is what a content page needs about flags: whether the
// reader may flag it, and, when it is hidden, where its review is.
type moderationView struct {
	SubjectType commons.SubjectType
	SubjectID   string
	CanFlag     bool
	State       commons.Moderation
	ReviewID    string
}

func (w *Web) moderationView(r *http.Request, v *view, st commons.SubjectType, id, authorID string, state commons.Moderation) (moderationView, error) {
	mv := moderationView{SubjectType: st, SubjectID: id, State: state,
		CanFlag: v.IsMember() && state == commons.Visible && (v.User == nil || v.User.ID != authorID)}
	if state != commons.Visible {
		rid, err := w.App.Store.LatestReview(r.Context(), v.Community.ID, st, id)
		if err != nil {
			return mv, err
		}
		mv.ReviewID = rid
	}
	return mv, nil
}

// flag takes the report form on a resource or organization page.
func (w *Web) flag(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	back := localPath(f.Get("back"), "/c/"+r.PathValue("slug"))
	hidden, err := w.App.Flag(r.Context(), reqctx.User(r.Context()), r.PathValue("slug"), commons.SubjectType(f.Get("subject_type")),
		f.Get("subject_id"), f.Get("reason"))
	switch commons.CodeOf(err) {
	case "":
	case commons.CodeConflict:
		redirect(rw, r, back, "flash.flagged") // reported already
		return
	default:
		w.Fail(rw, r, err)
		return
	}
	if hidden {
		redirect(rw, r, "/c/"+r.PathValue("slug")+"/reviews", "flash.hidden")
		return
	}
	redirect(rw, r, back, "flash.flagged")
}

func (w *Web) reviews(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	rs, err := w.App.Reviews(r.Context(), v.User, v.Community.Slug)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data = v.L.T("reviews.title"), rs
	w.render(rw, r, http.StatusOK, "reviews", v)
}

type reviewData struct {
	Review   commons.Review
	IsAuthor bool
	CanScore bool
	Link     string
	Outcomes []commons.Outcome
}

func (w *Web) review(rw http.ResponseWriter, r *http.Request) {
	w.renderReview(rw, r, http.StatusOK, nil)
}

func (w *Web) renderReview(rw http.ResponseWriter, r *http.Request, status int, f *form) {
	u := reqctx.User(r.Context())
	rv, err := w.App.Review(r.Context(), u, r.PathValue("id"))
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c, err := w.App.Store.CommunityByID(r.Context(), rv.CommunityID)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v := w.view(r, &c)
	if v.Member, err = w.App.Membership(r.Context(), c.ID, u); err != nil {
		w.Fail(rw, r, err)
		return
	}
	d := reviewData{Review: rv, IsAuthor: u != nil && u.ID == rv.AuthorID, Outcomes: []commons.Outcome{commons.OutcomeRestore, commons.OutcomeKeepHidden, commons.OutcomeRemove}}
	d.CanScore = rv.Outcome == "" && !d.IsAuthor && v.Member.HasRole(commons.RoleMember)
	d.Link = "/c/" + c.Slug + "/resources/" + rv.SubjectID
	if rv.SubjectType == commons.SubjectOrganization {
		d.Link = "/c/" + c.Slug + "/organizations/" + rv.SubjectID
	}
	if f == nil {
		f = &form{Errors: map[string]string{}}
	}
	v.Title, v.Data, v.Form = v.L.T("review.title", "Name", rv.SubjectName), d, f
	w.render(rw, r, status, "review", v)
}

func (w *Web) answerReview(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if err := w.App.AnswerReview(r.Context(), reqctx.User(r.Context()), r.PathValue("id"), f.Get("answer")); err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			w.renderReview(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/reviews/"+r.PathValue("id"), "flash.saved")
}

func (w *Web) scoreReview(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	sc := commons.Scores{}
	for _, o := range []commons.Outcome{commons.OutcomeRestore, commons.OutcomeKeepHidden, commons.OutcomeRemove} {
		n, err := strconv.Atoi(f.Get(string(o)))
		if err != nil {
			n = 99 // out of range: the rule names the option
		}
		sc[o] = n
	}
	if err := w.App.ScoreReview(r.Context(), reqctx.User(r.Context()), r.PathValue("id"), sc); err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			w.renderReview(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/reviews/"+r.PathValue("id"), "flash.scored")
}
