package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// BusyPeriod is a time a resource is taken outside Commons.
type BusyPeriod struct {
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

// BusyClash is a confirmed booking that overlaps an imported busy time.
type BusyClash struct {
	BookingID string    `json:"booking_id"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
}

// BusyTimes is a resource's imported busy times from now to a year ahead.
type BusyTimes struct {
	Source string       `json:"source" jsonschema:"description=The name of the file they came from; empty when none"`
	Items  []BusyPeriod `json:"items"`
	// Conflicts is shown to the resource's stewards only.
	Conflicts []BusyClash `json:"conflicts,omitempty" jsonschema:"description=Confirmed bookings over an imported time (stewards only)"`
}

// BusyCalendar is an iCalendar file to import as busy times.
type BusyCalendar struct {
	Calendar string `json:"calendar" jsonschema:"minLength=1,description=The text of an .ics file (RFC 5545)"`
	Source   string `json:"source,omitempty" jsonschema:"maxLength=200,description=A name for where it came from"`
}

// BusyImported says what an import did.
type BusyImported struct {
	Periods   int         `json:"periods"`
	Conflicts []BusyClash `json:"conflicts"`
}

func clashes(bs []commons.Booking) []BusyClash {
	out := make([]BusyClash, 0, len(bs))
	for _, b := range bs {
		out = append(out, BusyClash{BookingID: b.ID, StartsAt: b.StartsAt, EndsAt: b.EndsAt})
	}
	return out
}

// routesOpenData adds the open-data routes: busy times imported from a
// room's own calendar.
func (api *API) routesOpenData() {
	handle(api, op{method: "GET", path: "/api/v1/resources/{id}/busy", id: "listBusyTimes",
		summary: "A resource's busy times imported from its own calendar, from now to a year ahead", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (BusyTimes, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return BusyTimes{}, err
			}
			v, err := api.App.BusyTimes(ctx, s, r.PathValue("id"))
			if err != nil {
				return BusyTimes{}, err
			}
			out := BusyTimes{Items: make([]BusyPeriod, 0, len(v.Busy))}
			for _, b := range v.Busy {
				out.Source = b.Source
				out.Items = append(out.Items, BusyPeriod{StartsAt: b.StartsAt, EndsAt: b.EndsAt})
			}
			if v.Conflicts != nil {
				out.Conflicts = clashes(v.Conflicts)
			}
			return out, nil
		})

	handle(api, op{method: "PUT", path: "/api/v1/resources/{id}/busy", id: "importBusyTimes",
		summary: "Replace a resource's imported busy times with an iCalendar file's (stewards only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *BusyCalendar) (BusyImported, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return BusyImported{}, err
			}
			got, err := api.App.ImportBusyTimes(ctx, s, r.PathValue("id"), in.Source, strings.NewReader(in.Calendar))
			if err != nil {
				return BusyImported{}, err
			}
			return BusyImported{Periods: got.Periods, Conflicts: clashes(got.Conflicts)}, nil
		})

	handle(api, op{method: "DELETE", path: "/api/v1/resources/{id}/busy", id: "clearBusyTimes",
		summary: "Remove a resource's imported busy times (stewards only)", status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.ClearBusyTimes(ctx, s, r.PathValue("id"))
		})
}
