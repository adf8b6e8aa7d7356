package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
)

// ActivityEdit changes what an activity's organizers wrote about it after
// publishing. Fields left out keep their value.
type ActivityEdit struct {
	Title         *string  `json:"title,omitempty" jsonschema:"minLength=1,maxLength=200"`
	Description   *string  `json:"description,omitempty" jsonschema:"maxLength=20000,description=Markdown"`
	Languages     []string `json:"languages,omitempty" jsonschema:"description=The languages it is held in (BCP 47)"`
	CostMinor     *int     `json:"cost_minor,omitempty" jsonschema:"minimum=0,description=The price in minor units; 0: free"`
	Currency      *string  `json:"currency,omitempty" jsonschema:"description=ISO 4217 code, with cost_minor"`
	Accessibility *string  `json:"accessibility,omitempty" jsonschema:"maxLength=500"`
	Capacity      *int     `json:"capacity,omitempty" jsonschema:"minimum=1,description=Places; never fewer than those registered (422); more move the waitlist up"`
	NoLimit       bool     `json:"no_limit,omitempty" jsonschema:"description=Remove the limit on places: everyone waiting moves up"`
	Scope         string   `json:"scope,omitempty" jsonschema:"enum=one,enum=rest,enum=all,description=This occurrence (one; the default), it and every later one of its series (rest), or every one still to come (all)"`
}

// SeriesCancellation cancels several occurrences of a series at once.
type SeriesCancellation struct {
	Scope string `json:"scope" jsonschema:"enum=rest,enum=all,description=This occurrence and every later one (rest), or every one still to come (all)"`
}

// Announcement is an organizer's message to everyone registered for an
// occurrence.
type Announcement struct {
	Message string `json:"message" jsonschema:"minLength=1,maxLength=2000,description=Plain text; each person registered is notified with it and a link to the occurrence"`
}

// Announced says how many people were told.
type Announced struct {
	Notified int `json:"notified"`
}

// SeriesCancelled says how many occurrences were cancelled.
type SeriesCancelled struct {
	Cancelled int `json:"cancelled"`
}

// routesEveryday adds the routes of issue 15's everyday use: organizers
// editing what they published.
func (api *API) routesEveryday() {
	handle(api, op{method: "PATCH", path: "/api/v1/activities/{id}/details", id: "editActivity",
		summary: "Change an activity's title, description, languages, cost, access notes or places after publishing (its organizers); registrants are told what matters",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ActivityEdit) (Activity, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Activity{}, err
			}
			cur, err := api.App.Activity(ctx, s, r.PathValue("id"))
			if err != nil {
				return Activity{}, err
			}
			e := commons.EditOf(cur.Activity)
			if in.Title != nil {
				e.Title = *in.Title
			}
			if in.Description != nil {
				e.Description = *in.Description
			}
			if in.Languages != nil {
				e.Languages = in.Languages
			}
			if in.CostMinor != nil {
				e.CostMinor = in.CostMinor
			}
			if in.Currency != nil {
				e.Currency = *in.Currency
			}
			if in.Accessibility != nil {
				e.Accessibility = *in.Accessibility
			}
			if in.Capacity != nil {
				e.Capacity = in.Capacity
			}
			if in.NoLimit {
				e.Capacity = nil
			}
			a, err := api.App.EditActivity(ctx, s, r.PathValue("id"), e, commons.SeriesScope(in.Scope))
			return api.activityOut(a), err
		})

	handle(api, op{method: "POST", path: "/api/v1/activities/{id}/series-cancellation", id: "cancelSeries",
		summary: "Cancel this occurrence and every later one, or every one still to come (its organizers); venues freed, each person told once",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *SeriesCancellation) (SeriesCancelled, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return SeriesCancelled{}, err
			}
			n, err := api.App.CancelSeries(ctx, s, r.PathValue("id"), commons.SeriesScope(in.Scope))
			return SeriesCancelled{Cancelled: n}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/activities/{id}/announcements", id: "announce",
		summary: "Write to everyone registered for this occurrence, however many (its organizers): each is notified once with the message and a link; not those waiting, not the author",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *Announcement) (Announced, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Announced{}, err
			}
			n, err := api.App.Announce(ctx, s, r.PathValue("id"), in.Message)
			return Announced{Notified: n}, err
		})
}
