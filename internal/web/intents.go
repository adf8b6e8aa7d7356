package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// routesIntents are the pages of offers and requests.
func (w *Web) routesIntents(m router) {
	m.Page("GET /c/{slug}/offers", w.intents)
	m.Page("GET /c/{slug}/offers/new", w.newIntentPage)
	m.Form("POST /c/{slug}/offers/new", w.createIntent, w.newIntentPage)
	m.Page("GET /c/{slug}/offers/{id}", w.intent)
	m.Form("POST /c/{slug}/offers/{id}/answer", w.answerIntent, w.intent)
	m.Form("POST /c/{slug}/offers/{id}/fulfil", w.closeIntent(commons.IntentFulfilled), w.intent)
	m.Form("POST /c/{slug}/offers/{id}/withdraw", w.closeIntent(commons.IntentWithdrawn), w.intent)
	m.Page("GET /c/{slug}/offers/{id}/edit", w.editIntentPage)
	m.Form("POST /c/{slug}/offers/{id}/edit", w.updateIntent, w.editIntentPage)
}

// shownIntent is an intent with its dates as days of the community's
// time zone: "until" is the last day it holds.
type shownIntent struct {
	app.IntentView
	FromDay, UntilDay string
}

func showIntent(i app.IntentView, loc *time.Location) shownIntent {
	out := shownIntent{IntentView: i}
	if i.From != nil {
		out.FromDay = i.From.In(loc).Format("2006-01-02")
	}
	if i.Until != nil {
		out.UntilDay = i.Until.Add(-time.Nanosecond).In(loc).Format("2006-01-02")
	}
	return out
}

type intentsData struct {
	Intents    []shownIntent
	Next       string
	Query      url.Values
	Kinds      []commons.Kind
	Directions []commons.IntentDirection
	Statuses   []commons.IntentStatus
	// Overview: the reader may read the learning champion's overview.
	Overview bool
}

// intents lists offers and requests with filters.
func (w *Web) intents(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	f := commons.IntentFilter{Direction: commons.IntentDirection(q.Get("direction")), Kind: commons.Kind(q.Get("kind")),
		Status: commons.IntentStatus(q.Get("status")), Q: q.Get("q"), Page: commons.Page{Cursor: q.Get("cursor")}}
	list, next, err := w.App.Intents(r.Context(), v.Scope, f)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{Values: q, Errors: map[string]string{}}
	}
	query := url.Values{}
	for _, k := range []string{"direction", "kind", "status", "q"} {
		if s := q.Get(k); s != "" {
			query.Set(k, s)
		}
	}
	w.translateList(r, v, commons.SubjectIntent, len(list), func(i int) (string, *string, *string) {
		return list[i].ID, &list[i].Title, &list[i].Description
	})
	loc := w.App.Location(*v.Community)
	shown := make([]shownIntent, len(list))
	for n, i := range list {
		shown[n] = showIntent(i, loc)
	}
	v.Title, v.Data = v.L.T("intents.title"), intentsData{Intents: shown, Next: next, Query: query, Kinds: commons.IntentKinds,
		Directions: commons.IntentDirections, Statuses: commons.IntentStatuses, Overview: w.App.MayOverview(v.Scope)}
	return "intents", nil
}

type intentFormData struct {
	Kinds         []commons.Kind
	Organizations []commons.Organization
	// ID is the intent being edited; empty for a new one.
	ID string
}

// newIntentPage is the form for an offer or request.
func (w *Web) newIntentPage(r *http.Request, v *view) (string, error) {
	if v.User == nil {
		return "", commons.Unauthenticated()
	}
	if v.Form == nil {
		dir := r.URL.Query().Get("direction")
		if dir != string(commons.IntentRequest) {
			dir = string(commons.IntentOffer)
		}
		v.Form = &form{Values: url.Values{"direction": {dir}, "kind": {"equipment"}, "quantity": {"1"}, "visibility": {"community"}},
			Errors: map[string]string{}}
	}
	orgs, err := w.App.ActivityOrganizations(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("intents.new"), intentFormData{Kinds: commons.IntentKinds, Organizations: orgs}
	return "intent_form", nil
}

// parseIntentForm reads the form's fields; dates are whole days in the
// community's time zone, "until" running to the end of its day.
func parseIntentForm(f *form, loc *time.Location, val *commons.Validator) commons.IntentFields {
	in := commons.IntentFields{Direction: commons.IntentDirection(f.Get("direction")), Kind: commons.Kind(f.Get("kind")),
		Title: f.Get("title"), Description: f.Get("description"), Themes: commons.SplitList(f.Get("themes")),
		Languages: formLanguages(f), Online: f.Get("online") != "", Place: f.Get("place"),
		Visibility: commons.Visibility(f.Get("visibility")), OwnerOrgID: f.Get("organization_id")}
	if s := strings.TrimSpace(f.Get("quantity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			val.Fail("quantity", commons.Msg("error.field.number"))
		}
		in.Quantity = n
	}
	for _, c := range []struct {
		name string
		to   **float64
	}{{"latitude", &in.Latitude}, {"longitude", &in.Longitude}} {
		if s := strings.TrimSpace(f.Get(c.name)); s != "" {
			x, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			if err != nil {
				val.Fail("latitude", commons.Msg("error.field.coordinates"))
			}
			*c.to = &x
		}
	}
	for _, c := range []struct {
		name  string
		to    **time.Time
		endOf bool
	}{{"from", &in.From, false}, {"until", &in.Until, true}} {
		if s := strings.TrimSpace(f.Get(c.name)); s != "" {
			d, err := time.ParseInLocation("2006-01-02", s, loc)
			if err != nil {
				val.Fail(c.name, commons.Msg("error.availability.day"))
				continue
			}
			if c.endOf {
				d = d.AddDate(0, 0, 1)
			}
			*c.to = &d
		}
	}
	return in
}

func (w *Web) createIntent(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	in := parseIntentForm(f, w.App.Location(*v.Community), &val)
	if err := val.Err(); err != nil {
		return done{}, err
	}
	i, err := w.App.PostIntent(r.Context(), v.Scope, in)
	return done{To: "/c/" + v.Community.Slug + "/offers/" + i.ID, Flash: "flash.intent_posted"}, err
}

type intentData struct {
	Intent        shownIntent
	Organizations []commons.Organization
}

// intent shows one offer or request with its answers and the reader's
// controls; shown again, with the problems, when a form on it is refused.
func (w *Web) intent(r *http.Request, v *view) (string, error) {
	i, err := w.App.Intent(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectIntent, i.Intent.ID, i.May.Manage, &i.Intent.Title, &i.Intent.Description)
	d := intentData{Intent: showIntent(i, w.App.Location(*v.Community))}
	if i.May.Answer {
		if d.Organizations, err = w.App.ActivityOrganizations(r.Context(), v.Scope); err != nil {
			return "", err
		}
	}
	if v.Form == nil {
		v.Form = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	v.Title, v.Data = i.Title, d
	return "intent", nil
}

func (w *Web) answerIntent(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.AnswerIntent(r.Context(), v.Scope, id, f.Get("organization_id"), f.Get("note"))
	return done{To: "/c/" + v.Community.Slug + "/offers/" + id, Flash: "flash.intent_answered"}, err
}

func (w *Web) closeIntent(to commons.IntentStatus) func(*http.Request, *view, *form) (done, error) {
	return func(r *http.Request, v *view, _ *form) (done, error) {
		id := r.PathValue("id")
		_, err := w.App.CloseIntent(r.Context(), v.Scope, id, to)
		return done{To: "/c/" + v.Community.Slug + "/offers/" + id, Flash: "flash.intent_" + string(to)}, err
	}
}

// editIntentPage is the form for changing an offer or request, filled
// with what it says now; its direction and owner stay.
func (w *Web) editIntentPage(r *http.Request, v *view) (string, error) {
	i, err := w.App.EditableIntent(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		sh := showIntent(i, w.App.Location(*v.Community))
		vals := url.Values{"kind": {string(i.Kind)}, "title": {i.Title}, "description": {i.Description},
			"themes": {strings.Join(i.Themes, ", ")}, "languages": i.Languages,
			"quantity": {strconv.Itoa(i.Quantity)}, "place": {i.Place}, "visibility": {string(i.Visibility)},
			"from": {sh.FromDay}, "until": {sh.UntilDay}}
		if i.Online {
			vals.Set("online", "1")
		}
		if i.Latitude != nil && i.Longitude != nil {
			vals.Set("latitude", strconv.FormatFloat(*i.Latitude, 'f', -1, 64))
			vals.Set("longitude", strconv.FormatFloat(*i.Longitude, 'f', -1, 64))
		}
		v.Form = &form{Values: vals, Errors: map[string]string{}}
	}
	v.Title, v.Data = v.L.T("intents.edit", "Title", i.Title), intentFormData{Kinds: commons.IntentKinds, ID: i.ID}
	return "intent_form", nil
}

func (w *Web) updateIntent(r *http.Request, v *view, f *form) (done, error) {
	var val commons.Validator
	in := parseIntentForm(f, w.App.Location(*v.Community), &val)
	if err := val.Err(); err != nil {
		return done{}, err
	}
	id := r.PathValue("id")
	_, err := w.App.UpdateIntent(r.Context(), v.Scope, id, in)
	return done{To: "/c/" + v.Community.Slug + "/offers/" + id, Flash: "flash.intent_updated"}, err
}
