package web

import (
	"net/http"
	"strconv"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// routesModeration registers flags and reviews.
func (w *Web) routesModeration(m router) {
	m.Form("POST /c/{slug}/flags", w.flag, nil)
	m.Page("GET /c/{slug}/reviews", w.reviews)
	m.Page("GET /reviews/{id}", w.review)
	m.Form("POST /reviews/{id}/answer", w.answerReview, w.review)
	m.Form("POST /reviews/{id}/scores", w.scoreReview, w.review)
}

// moderationView is what a content page needs about flags: whether the
// reader may flag it, and, when it is hidden, where its review is.
type moderationView = app.ModerationView

// moderationView asks the use case where content stands and whether the
// reader may flag it: the page shows the flag form from its answer.
func (w *Web) moderationView(r *http.Request, v *view, st commons.SubjectType, id, authorID string, state commons.Moderation) (moderationView, error) {
	return w.App.Moderation(r.Context(), v.Scope, st, id, authorID, state)
}

// flag takes the report form on a resource or organization page.
func (w *Web) flag(r *http.Request, v *view, f *form) (done, error) {
	back := localPath(f.Get("back"), "/c/"+v.Community.Slug)
	hidden, err := w.App.Flag(r.Context(), v.Scope, commons.SubjectType(f.Get("subject_type")), f.Get("subject_id"), f.Get("reason"))
	switch {
	case commons.CodeOf(err) == commons.CodeConflict:
		return done{To: back, Flash: "flash.flagged_already"}, nil // reported already: counted once
	case err != nil:
		return done{}, err
	case hidden:
		return done{To: "/c/" + v.Community.Slug + "/reviews", Flash: "flash.hidden"}, nil
	}
	return done{To: back, Flash: "flash.flagged"}, nil
}

func (w *Web) reviews(r *http.Request, v *view) (string, error) {
	rs, err := w.App.Reviews(r.Context(), v.Scope)
	v.Title, v.Data = v.L.T("reviews.title"), rs
	return "reviews", err
}

type reviewData struct {
	Review   app.ReviewView
	Outcomes []commons.Outcome
}

// inReviewScope gives the view of a page found by a review's id the scope
// of the review's community (keeping a form shown again and its status).
func (w *Web) inReviewScope(r *http.Request, v *view) error {
	s, err := w.App.ScopeOf(r.Context(), w.user(r), commons.SubjectReview, r.PathValue("id"))
	if err != nil {
		return err
	}
	sv := w.scopedView(r, s)
	sv.Form, sv.status = v.Form, v.status
	*v = *sv
	return nil
}

// review shows a review; the answer and score forms appear when the
// review's read model says the reader may use them.
func (w *Web) review(r *http.Request, v *view) (string, error) {
	if err := w.inReviewScope(r, v); err != nil {
		return "", err
	}
	rv, err := w.App.Review(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Errors: map[string]string{}}
	}
	name := rv.SubjectName
	if rv.SubjectType == commons.SubjectMessage {
		name = v.L.T("message_report.subject", "Name", name) // a private message has no title
	}
	v.Title = v.L.T("review.title", "Name", name)
	v.Data = reviewData{Review: rv, Outcomes: []commons.Outcome{commons.OutcomeRestore, commons.OutcomeKeepHidden, commons.OutcomeRemove}}
	return "review", nil
}

func (w *Web) answerReview(r *http.Request, v *view, f *form) (done, error) {
	if err := w.inReviewScope(r, v); err != nil {
		return done{}, err
	}
	err := w.App.AnswerReview(r.Context(), v.Scope, r.PathValue("id"), f.Get("answer"))
	return done{To: reviewPath(r), Flash: "flash.saved"}, err
}

func (w *Web) scoreReview(r *http.Request, v *view, f *form) (done, error) {
	if err := w.inReviewScope(r, v); err != nil {
		return done{}, err
	}
	sc := commons.Scores{}
	for _, o := range []commons.Outcome{commons.OutcomeRestore, commons.OutcomeKeepHidden, commons.OutcomeRemove} {
		n, err := strconv.Atoi(f.Get(string(o)))
		if err != nil {
			n = 99 // out of range: the rule names the option
		}
		sc[o] = n
	}
	err := w.App.ScoreReview(r.Context(), v.Scope, r.PathValue("id"), sc)
	return done{To: reviewPath(r), Flash: "flash.scored"}, err
}

// reviewPath is the page of the review a request names, from the subject
// registry.
func reviewPath(r *http.Request) string {
	s, _ := commons.SubjectOf(commons.SubjectReview)
	return s.Path("", r.PathValue("id"))
}
