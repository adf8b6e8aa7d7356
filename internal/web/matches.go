package web

import (
	"net/http"
	"net/url"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// routesMatches are the matcher's pages: the suggestions for one need,
// learning request, offer or request, and acting on one.
func (w *Web) routesMatches(m router) {
	m.Page("GET /c/{slug}/matches/{type}/{id}", w.matches)
	m.Form("POST /c/{slug}/matches/{type}/{id}/act", w.actOnMatch, w.matches)
	m.Form("POST /c/{slug}/matches/{type}/{id}/decline", w.declineMatch, w.matches)
	m.Form("POST /c/{slug}/matches/{type}/{id}/suggest", w.suggestMatch, w.matches)
	m.Page("GET /c/{slug}/overview", w.overview)
	m.Page("GET /c/{slug}/search", w.search)
}

type searchData struct {
	Query   string
	Results []app.SearchResult
}

// search finds things of every kind in the community.
func (w *Web) search(r *http.Request, v *view) (string, error) {
	q := r.URL.Query().Get("q")
	d := searchData{Query: q}
	if q != "" {
		var err error
		if d.Results, err = w.App.Search(r.Context(), v.Scope, q); err != nil {
			return "", err
		}
	}
	v.Title, v.Data = v.L.T("search.title"), d
	return "search", nil
}

type matchesData struct {
	app.MatchesView
	Type  string
	Shown []shownMatch
}

// shownMatch is a suggestion with its reasons in the reader's language.
type shownMatch struct {
	app.MatchView
	Labels []shownReason
}

type shownReason struct{ Code, Label string }

// matches lists the suggestions with their reasons and the reader's
// controls; shown again, with the problem, when acting is refused.
func (w *Web) matches(r *http.Request, v *view) (string, error) {
	typ := commons.SubjectType(r.PathValue("type"))
	mv, err := w.App.Matches(r.Context(), v.Scope, typ, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	key := "matches.title"
	if mv.Reverse {
		key = "matches.title_reverse"
	}
	d := matchesData{MatchesView: mv, Type: string(typ)}
	for _, m := range mv.Matches {
		sm := shownMatch{MatchView: m}
		for _, r := range m.Reasons {
			sm.Labels = append(sm.Labels, shownReason{Code: r.Code, Label: v.L.Msg(commons.Message{Key: r.Key(), Args: r.Args})})
		}
		d.Shown = append(d.Shown, sm)
	}
	v.Title, v.Data = v.L.T(key, "Title", mv.Seeker.Title), d
	return "matches", nil
}

func (w *Web) actOnMatch(r *http.Request, v *view, f *form) (done, error) {
	res, err := w.App.ActOnMatch(r.Context(), v.Scope, commons.SubjectType(r.PathValue("type")), r.PathValue("id"),
		commons.SubjectType(f.Get("candidate_type")), f.Get("candidate_id"), f.Get("note"))
	return done{To: res.Path, Flash: "flash.match_acted"}, err
}

func (w *Web) declineMatch(r *http.Request, v *view, f *form) (done, error) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	err := w.App.DeclineMatch(r.Context(), v.Scope, commons.SubjectType(typ), id, commons.SubjectType(f.Get("candidate_type")), f.Get("candidate_id"))
	return done{To: "/c/" + v.Community.Slug + "/matches/" + typ + "/" + id, Flash: "flash.match_declined"}, err
}

type overviewData struct {
	app.Overview
	Best []shownMatch
	// Outcomes are the outcomes of acted-on suggestions that happened.
	Outcomes []shownOutcome
}

type shownOutcome struct {
	Name  string
	Count int
}

// overview is the learning champion's page: what waits, and where to act.
func (w *Web) overview(r *http.Request, v *view) (string, error) {
	o, err := w.App.Overview(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d := overviewData{Overview: o}
	for _, name := range commons.MatchOutcomes {
		if n := o.Brokered.Outcomes[name]; n > 0 {
			d.Outcomes = append(d.Outcomes, shownOutcome{Name: name, Count: n})
		}
	}
	for _, b := range o.BestMatches {
		sm := shownMatch{MatchView: b.Match}
		for _, r := range b.Match.Reasons {
			sm.Labels = append(sm.Labels, shownReason{Code: r.Code, Label: v.L.Msg(commons.Message{Key: r.Key(), Args: r.Args})})
		}
		d.Best = append(d.Best, sm)
	}
	v.Title, v.Data = v.L.T("overview.title"), d
	return "overview", nil
}

func (w *Web) suggestMatch(r *http.Request, v *view, f *form) (done, error) {
	typ, id := r.PathValue("type"), r.PathValue("id")
	_, err := w.App.SuggestMatch(r.Context(), v.Scope, commons.SubjectType(typ), id, commons.SubjectType(f.Get("candidate_type")),
		f.Get("candidate_id"), f.Get("side"), f.Get("note"))
	return done{To: "/c/" + v.Community.Slug + "/matches/" + typ + "/" + id, Flash: "flash.match_suggested"}, err
}
