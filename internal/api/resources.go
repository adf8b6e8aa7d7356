package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// Location is where a resource is: its street line, postal address and
// coordinates.
type Location struct {
	Address    string   `json:"address,omitempty" jsonschema:"description=The street line"`
	City       string   `json:"city,omitempty"`
	Region     string   `json:"region,omitempty" jsonschema:"description=State, province or county"`
	PostalCode string   `json:"postal_code,omitempty"`
	Country    string   `json:"country,omitempty" jsonschema:"description=ISO 3166-1 alpha-2 code"`
	Latitude   *float64 `json:"latitude,omitempty" jsonschema:"minimum=-90,maximum=90"`
	Longitude  *float64 `json:"longitude,omitempty" jsonschema:"minimum=-180,maximum=180"`
}

// LocationIn puts a resource somewhere. Replacing a resource (PUT), a
// location left out keeps the resource's, and the postal parts left out
// keep theirs ("" removes one); the street line and coordinates are
// replaced as given.
type LocationIn struct {
	Address    string   `json:"address,omitempty" jsonschema:"maxLength=500,description=The street line"`
	City       *string  `json:"city,omitempty" jsonschema:"maxLength=200"`
	Region     *string  `json:"region,omitempty" jsonschema:"maxLength=200,description=State, province or county"`
	PostalCode *string  `json:"postal_code,omitempty" jsonschema:"maxLength=20"`
	Country    *string  `json:"country,omitempty" jsonschema:"maxLength=2,description=ISO 3166-1 alpha-2 code; empty to remove"`
	Latitude   *float64 `json:"latitude,omitempty" jsonschema:"minimum=-90,maximum=90"`
	Longitude  *float64 `json:"longitude,omitempty" jsonschema:"minimum=-180,maximum=180"`
}

// Resource is something shared in a community.
type Resource struct {
	ContentLanguages
	ID                string    `json:"id"`
	CommunityID       string    `json:"community_id"`
	Kind              string    `json:"kind" jsonschema:"enum=space,enum=equipment,enum=funding,enum=expertise,enum=time,enum=materials,enum=other"`
	Title             string    `json:"title"`
	Description       string    `json:"description"`
	OrganizationID    *string   `json:"organization_id" jsonschema:"description=The owning organization; null when a person owns it"`
	OwnerUserID       *string   `json:"owner_user_id"`
	OwnerName         string    `json:"owner_name"`
	Location          Location  `json:"location"`
	Capacity          *int      `json:"capacity"`
	Accessibility     []string  `json:"accessibility"`
	Terms             string    `json:"terms" jsonschema:"enum=free,enum=cost_sharing,enum=in_return"`
	TermsNote         string    `json:"terms_note"`
	Bookable          bool      `json:"bookable"`
	Approval          string    `json:"approval" jsonschema:"enum=open,enum=trusted,enum=request"`
	MaxHoursPerWeek   *int      `json:"max_hours_per_week"`
	MaxFutureBookings *int      `json:"max_future_bookings"`
	PublicTitles      bool      `json:"public_titles"`
	TrustLapseDays    *int      `json:"trust_lapse_days"`
	PhotoURL          *string   `json:"photo_url"`
	CalendarURL       string    `json:"calendar_url"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`

	ArchivedAt *time.Time `json:"archived_at,omitempty" jsonschema:"description=When it was archived (out of directories; restore to use it again); absent while in use"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Resource) JSONSchemaExtend(s *jsonschemaSchema) {
	nullable(s, "organization_id", "owner_user_id", "capacity", "max_hours_per_week", "max_future_bookings", "trust_lapse_days", "photo_url")
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func resourceOut(r commons.Resource) Resource {
	out := Resource{ID: r.ID, CommunityID: r.CommunityID, Kind: string(r.Kind), Title: r.Title, Description: r.Description,
		OrganizationID: optional(r.OwnerOrgID), OwnerUserID: optional(r.OwnerUserID), OwnerName: r.OwnerName,
		Location: Location{Address: r.Address, City: r.Place.City, Region: r.Place.Region, PostalCode: r.Place.PostalCode,
			Country: r.Place.Country, Latitude: r.Latitude, Longitude: r.Longitude}, Capacity: r.Capacity,
		Accessibility: r.Accessibility, Terms: string(r.Terms), TermsNote: r.TermsNote, Bookable: r.Bookable,
		Approval: string(r.Approval), MaxHoursPerWeek: r.MaxHoursPerWeek, MaxFutureBookings: r.MaxFutureBookings,
		PublicTitles: r.PublicTitles, TrustLapseDays: r.TrustLapseDays, CalendarURL: "/resources/" + r.ID + "/calendar.ics",
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, ArchivedAt: r.Archive.At}
	if out.Accessibility == nil {
		out.Accessibility = []string{}
	}
	if r.HasPhoto {
		u := "/resources/" + r.ID + "/photo"
		out.PhotoURL = &u
	}
	return out
}

// ResourceFields publishes or edits a resource.
type ResourceFields struct {
	Title             string      `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Kind              string      `json:"kind" jsonschema:"enum=space,enum=equipment,enum=funding,enum=expertise,enum=time,enum=materials,enum=other"`
	Description       string      `json:"description,omitempty" jsonschema:"maxLength=20000"`
	OrganizationID    string      `json:"organization_id,omitempty" jsonschema:"description=Share on behalf of an organization you administer; absent: you own it"`
	Bookable          bool        `json:"bookable"`
	Capacity          *int        `json:"capacity,omitempty" jsonschema:"minimum=1"`
	Location          *LocationIn `json:"location,omitempty" jsonschema:"description=Left out when replacing: the resource stays where it is"`
	Approval          string      `json:"approval" jsonschema:"enum=open,enum=trusted,enum=request"`
	Accessibility     []string    `json:"accessibility,omitempty"`
	Terms             string      `json:"terms,omitempty" jsonschema:"enum=free,enum=cost_sharing,enum=in_return"`
	TermsNote         string      `json:"terms_note,omitempty" jsonschema:"maxLength=500"`
	MaxHoursPerWeek   *int        `json:"max_hours_per_week,omitempty" jsonschema:"minimum=1,maximum=168"`
	MaxFutureBookings *int        `json:"max_future_bookings,omitempty" jsonschema:"minimum=1"`
	PublicTitles      bool        `json:"public_titles,omitempty" jsonschema:"description=Show what bookings are for in the public calendar"`
	TrustLapseDays    *int        `json:"trust_lapse_days,omitempty" jsonschema:"description=Trust for this resource lapses after this many days unused"`
}

// replacement is the request as a replacement of a resource's fields:
// what it leaves out of the location stays. A new resource is the
// replacement of nothing.
func (in *ResourceFields) replacement() commons.ResourceReplacement {
	rp := commons.ResourceReplacement{Fields: commons.ResourceFields{Kind: commons.Kind(in.Kind), Title: in.Title,
		Description: in.Description, OwnerOrgID: in.OrganizationID, Capacity: in.Capacity, Accessibility: in.Accessibility,
		Terms: commons.Terms(in.Terms), TermsNote: in.TermsNote, Bookable: in.Bookable, Approval: commons.Approval(in.Approval),
		MaxHoursPerWeek: in.MaxHoursPerWeek, MaxFutureBookings: in.MaxFutureBookings, PublicTitles: in.PublicTitles,
		TrustLapseDays: in.TrustLapseDays}}
	if l := in.Location; l != nil {
		rp.Location = &commons.LocationChange{Address: l.Address, Latitude: l.Latitude, Longitude: l.Longitude,
			Place: commons.PlaceChange{City: l.City, Region: l.Region, PostalCode: l.PostalCode, Country: l.Country}}
	}
	return rp
}

// Availability is when a resource may be booked, in the community's time zone.
type Availability struct {
	Hours  []OpeningHours `json:"hours"`
	Closed []ClosedDate   `json:"closed"`
}

// OpeningHours is one opening interval of a weekday.
type OpeningHours struct {
	Weekday int    `json:"weekday" jsonschema:"minimum=0,maximum=6,description=0 is Sunday"`
	Opens   string `json:"opens" jsonschema:"pattern=^[0-2][0-9]:[0-5][0-9]$"`
	Closes  string `json:"closes" jsonschema:"pattern=^[0-2][0-9]:[0-5][0-9]$,description=24:00 for midnight"`
}

// ClosedDate is a day the resource is closed.
type ClosedDate struct {
	Day    string `json:"day" jsonschema:"format=date"`
	Reason string `json:"reason,omitempty"`
}

func availabilityOut(a commons.Availability) Availability {
	out := Availability{Hours: []OpeningHours{}, Closed: []ClosedDate{}}
	for _, h := range a.Hours {
		out.Hours = append(out.Hours, OpeningHours{Weekday: int(h.Weekday), Opens: commons.Clock(h.Opens), Closes: commons.Clock(h.Closes)})
	}
	for _, c := range a.Closed {
		out.Closed = append(out.Closed, ClosedDate{Day: c.Day, Reason: c.Reason})
	}
	return out
}

// Booking is a time slot on a resource.
type Booking struct {
	ID          string     `json:"id"`
	ResourceID  string     `json:"resource_id"`
	RequesterID *string    `json:"requester_id" jsonschema:"description=Shown like purpose"`
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	Status      string     `json:"status" jsonschema:"enum=requested,enum=confirmed,enum=declined,enum=cancelled"`
	Purpose     *string    `json:"purpose" jsonschema:"description=Shown to the requester, the stewards, and everyone where the owner allows"`
	SeriesID    *string    `json:"series_id"`
	Reason      string     `json:"reason"`
	DecidedAt   *time.Time `json:"decided_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Booking) JSONSchemaExtend(s *jsonschemaSchema) {
	nullable(s, "purpose", "series_id", "decided_at")
}

// bookingOut writes a booking as the use case returned it: who booked and
// what for are there only for those who may know (the rule MaySeePurpose),
// null for the others.
func bookingOut(b app.BookingView) Booking {
	out := Booking{ID: b.ID, ResourceID: b.ResourceID, StartsAt: b.StartsAt, EndsAt: b.EndsAt,
		Status: string(b.Status), SeriesID: optional(b.SeriesID), Reason: b.Reason, DecidedAt: b.DecidedAt, CreatedAt: b.CreatedAt}
	if b.May.SeePurpose {
		p := b.Purpose
		out.Purpose, out.RequesterID = &p, optional(b.RequesterID)
	}
	return out
}

func invalidField(field string, m commons.Message) error {
	return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"), Fields: map[string]commons.Message{field: m}}
}

// NewBooking asks for a slot, or a weekly series of them.
type NewBooking struct {
	StartsAt      string      `json:"starts_at" jsonschema:"format=date-time"`
	EndsAt        string      `json:"ends_at" jsonschema:"format=date-time"`
	Purpose       string      `json:"purpose,omitempty" jsonschema:"maxLength=500"`
	Recurrence    *Recurrence `json:"recurrence,omitempty"`
	SkipConflicts bool        `json:"skip_conflicts,omitempty" jsonschema:"description=Save a series' free occurrences and leave out the clashing ones"`
}

// Recurrence repeats a booking every N weeks, until a date or a count.
type Recurrence struct {
	EveryWeeks int    `json:"every_weeks" jsonschema:"minimum=1,maximum=52"`
	Until      string `json:"until,omitempty" jsonschema:"format=date"`
	Count      int    `json:"count,omitempty" jsonschema:"minimum=1,maximum=104"`
}

// BookingResult is a new booking; a series also lists every booking made
// and the occurrences left out for clashing.
type BookingResult struct {
	Booking
	Series  []Booking  `json:"series,omitempty"`
	Skipped []TimeSpan `json:"skipped,omitempty"`
}

// TimeSpan is a start and an end.
type TimeSpan struct {
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

// MoveBooking gives a booking another time.
type MoveBooking struct {
	StartsAt string `json:"starts_at" jsonschema:"format=date-time"`
	EndsAt   string `json:"ends_at" jsonschema:"format=date-time"`
}

// BookingDecision confirms or declines a requested booking.
type BookingDecision struct {
	Decision string `json:"decision" jsonschema:"enum=confirm,enum=decline"`
	Reason   string `json:"reason,omitempty" jsonschema:"maxLength=1000"`
}

// ResourceTrust trusts a member to book a resource without asking.
type ResourceTrust struct {
	UserID string `json:"user_id"`
}

// queryTime reads a time from the query string: its syntax is the
// caller's to get right, so a mistake is a bad request (API.md).
func queryTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		e := commons.Errorf(commons.CodeBadRequest, "error.field.time")
		e.Fields = map[string]commons.Message{field: commons.Msg("error.field.time")}
		return t, e
	}
	if !commons.SaneTime(t) {
		// Year 1 or 10,000 parse, but mean nothing here: saying so beats
		// "fill this in" for the zero time (issue 21).
		e := commons.Errorf(commons.CodeInvalid, "error.invalid")
		e.Fields = map[string]commons.Message{field: commons.Msg("error.field.time_range", "Min", commons.MinYear, "Max", commons.MaxYear)}
		return t, e
	}
	return t, nil
}

// parseTime reads an RFC 3339 time with its offset.
func parseTime(v *commons.Validator, field, s string) time.Time {
	if s == "" {
		v.Fail(field, commons.Msg("error.field.required"))
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Fail(field, commons.Msg("error.field.time"))
	} else if !commons.SaneTime(t) {
		v.Fail(field, commons.Msg("error.field.time_range", "Min", commons.MinYear, "Max", commons.MaxYear))
	}
	return t
}

func (api *API) routesResources() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/resources", id: "createResource",
		summary: "Share a resource: yours, or an organization's that you administer", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ResourceFields) (Resource, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Resource{}, err
			}
			res, err := api.App.CreateResource(ctx, s, in.replacement().Apply(commons.Resource{}))
			return resourceOut(res), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/resources", id: "listResources",
		summary: "A community's resources, by title; q is full-text", status: http.StatusOK,
		query: append([]queryParam{
			{name: "q", typ: "string", description: "Words to find in the title or description (full-text, any of the community's languages)"},
			{name: "kind", typ: "string", description: "Only this kind"},
			{name: "organization_id", typ: "string", description: "Only this organization's"},
			{name: "sector", typ: "string", description: "Only those of organizations of this sector"},
			{name: "min_capacity", typ: "integer", description: "Room for at least this many people"},
			{name: "accessibility", typ: "string", description: "A feature the resource must have; repeat for several"},
			{name: "free_from", typ: "string", description: "With free_to: only bookable resources open and free then (RFC 3339)"},
			{name: "free_to", typ: "string", description: "See free_from"},
		}, pageParams...), errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Resource], error) {
			f, err := resourceFilter(r)
			if err != nil {
				return List[Resource]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Resource]{}, err
			}
			rs, next, err := api.App.Resources(ctx, s, f)
			return listOf(rs, next, resourceOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/resources/{id}", id: "getResource", summary: "One resource",
		status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Resource, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return Resource{}, err
			}
			res, err := api.App.Resource(ctx, s, r.PathValue("id"))
			if err != nil {
				return Resource{}, err
			}
			out := resourceOut(res.Resource)
			out.ContentLanguages, err = api.languagesOf(ctx, s, commons.SubjectResource, res.ID)
			return out, err
		})

	handle(api, op{method: "PUT", path: "/api/v1/resources/{id}", id: "updateResource",
		summary: "Replace a resource's fields, keeping what its location leaves out (its owner, or the owning organization's admins)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ResourceFields) (Resource, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return Resource{}, err
			}
			res, err := api.App.ReplaceResource(ctx, s, r.PathValue("id"), in.replacement())
			return resourceOut(res), err
		})

	handle(api, op{method: "GET", path: "/api/v1/resources/{id}/availability", id: "getAvailability",
		summary: "Weekly opening hours and closed dates, in the community's time zone", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Availability, error) {
			res, err := api.resource(ctx, r)
			if err != nil {
				return Availability{}, err
			}
			av, err := api.App.Availability(ctx, res.Resource)
			return availabilityOut(av), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/resources/{id}/availability", id: "setAvailability",
		summary: "Replace opening hours and closed dates; no hours means always open", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *Availability) (Availability, error) {
			var av commons.Availability
			var v commons.Validator
			for _, h := range in.Hours {
				o, ok1 := commons.ParseClock(h.Opens)
				c, ok2 := commons.ParseClock(h.Closes)
				if !ok1 || !ok2 || h.Weekday < 0 || h.Weekday > 6 {
					v.Fail("hours", commons.Msg("error.availability.hours"))
				}
				av.Hours = append(av.Hours, commons.OpeningInterval{Weekday: time.Weekday(h.Weekday), Opens: o, Closes: c})
			}
			for _, c := range in.Closed {
				av.Closed = append(av.Closed, commons.ClosedDate{Day: c.Day, Reason: c.Reason})
			}
			if err := v.Err(); err != nil {
				return Availability{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return Availability{}, err
			}
			if err := api.App.SetAvailability(ctx, s, r.PathValue("id"), av); err != nil {
				return Availability{}, err
			}
			_, got, err := api.App.EditableResource(ctx, s, r.PathValue("id"))
			return availabilityOut(got), err
		})

	handle(api, op{method: "POST", path: "/api/v1/resources/{id}/bookings", id: "createBooking",
		summary: "Book a resource: confirmed or requested by its approval policy; 409 when it overlaps a confirmed booking",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewBooking) (BookingResult, error) {
			var v commons.Validator
			req := app.BookingRequest{Start: parseTime(&v, "starts_at", in.StartsAt), End: parseTime(&v, "ends_at", in.EndsAt),
				Purpose: in.Purpose, SkipConflicts: in.SkipConflicts}
			if in.Recurrence != nil {
				req.Repeat = &commons.Recurrence{EveryWeeks: in.Recurrence.EveryWeeks, Count: in.Recurrence.Count, UntilDay: in.Recurrence.Until}
			}
			if err := v.Err(); err != nil {
				return BookingResult{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return BookingResult{}, err
			}
			out, err := api.App.Book(ctx, s, r.PathValue("id"), req)
			if err != nil {
				return BookingResult{}, err
			}
			res := BookingResult{Booking: bookingOut(out.Bookings[0])}
			if req.Repeat != nil {
				for _, b := range out.Bookings {
					res.Series = append(res.Series, bookingOut(b))
				}
				for _, s := range out.Skipped {
					res.Skipped = append(res.Skipped, TimeSpan{StartsAt: s.Start, EndsAt: s.End})
				}
			}
			return res, nil
		})

	handle(api, op{method: "GET", path: "/api/v1/resources/{id}/bookings", id: "listBookings",
		summary: "A resource's requested and confirmed bookings between from and to (RFC 3339; the coming four weeks by default)",
		status:  http.StatusOK, query: append([]queryParam{{name: "from", typ: "string"}, {name: "to", typ: "string"}}, pageParams...),
		errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Booking], error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return List[Booking]{}, err
			}
			res, err := api.App.Resource(ctx, s, r.PathValue("id"))
			if err != nil {
				return List[Booking]{}, err
			}
			p, err := page(r)
			if err != nil {
				return List[Booking]{}, err
			}
			now := api.App.Now()
			from, to := now.Add(-24*time.Hour), now.Add(28*24*time.Hour)
			if s := r.URL.Query().Get("from"); s != "" {
				if from, err = queryTime("from", s); err != nil {
					return List[Booking]{}, err
				}
			}
			if s := r.URL.Query().Get("to"); s != "" {
				if to, err = queryTime("to", s); err != nil {
					return List[Booking]{}, err
				}
			}
			bs, next, err := api.App.BookingsPage(ctx, s, res, from, to, p)
			return listOf(bs, next, bookingOut), err
		})

	handle(api, op{method: "POST", path: "/api/v1/bookings/{id}/decision", id: "decideBooking",
		summary: "Confirm or decline a requested booking (the resource's stewards); 409 if confirming now overlaps",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *BookingDecision) (Booking, error) {
			var v commons.Validator
			commons.OneOf(&v, "decision", in.Decision, []string{"confirm", "decline"})
			if err := v.Err(); err != nil {
				return Booking{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectBooking)
			if err != nil {
				return Booking{}, err
			}
			b, err := api.App.DecideBooking(ctx, s, r.PathValue("id"), in.Decision == "confirm", in.Reason)
			return bookingOut(b), err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/bookings/{id}", id: "moveBooking",
		summary: "Move one's own booking to another time, checked again", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MoveBooking) (Booking, error) {
			var v commons.Validator
			start, end := parseTime(&v, "starts_at", in.StartsAt), parseTime(&v, "ends_at", in.EndsAt)
			if err := v.Err(); err != nil {
				return Booking{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectBooking)
			if err != nil {
				return Booking{}, err
			}
			b, err := api.App.MoveBooking(ctx, s, r.PathValue("id"), start, end)
			return bookingOut(b), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/bookings/{id}", id: "cancelBooking",
		summary: "Cancel a booking (its requester or the resource's stewards)", status: http.StatusNoContent, auth: true,
		errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectBooking)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.CancelBooking(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "GET", path: "/api/v1/me/bookings", id: "myBookings", summary: "The caller's bookings from yesterday on",
		status: http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Booking], error) {
			bs, err := api.App.MyBookings(ctx, reqctx.User(ctx))
			return listOf(bs, "", bookingOut), err
		})

	handle(api, op{method: "POST", path: "/api/v1/resources/{id}/trust", id: "trustForResource",
		summary: "Trust a member to book this resource without asking (its stewards)", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ResourceTrust) (ResourceTrust, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return ResourceTrust{}, err
			}
			return *in, api.App.TrustForResource(ctx, s, r.PathValue("id"), in.UserID)
		})

	handle(api, op{method: "DELETE", path: "/api/v1/resources/{id}/trust/{user_id}", id: "revokeResourceTrust",
		summary: "Take trust for this resource back (its stewards)", status: http.StatusNoContent, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectResource)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.RevokeResourceTrust(ctx, s, r.PathValue("id"), r.PathValue("user_id"))
		})

	// The photo is a raw image body, not JSON.
	api.mux.HandleFunc("PUT /api/v1/resources/{id}/photo", func(w http.ResponseWriter, r *http.Request) {
		if reqctx.User(r.Context()) == nil {
			api.WriteError(w, r, commons.Unauthenticated())
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, app.MaxPhotoBytes))
		if err != nil {
			api.WriteError(w, r, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "5 MiB"))
			return
		}
		s, err := api.scopeOf(r.Context(), r, commons.SubjectResource)
		if err == nil {
			err = api.App.SetPhoto(r.Context(), s, r.PathValue("id"), data)
		}
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// resource finds the resource of a /resources/{id} route as the caller
// sees it.
func (api *API) resource(ctx context.Context, r *http.Request) (app.ResourceView, error) {
	s, err := api.scopeOf(ctx, r, commons.SubjectResource)
	if err != nil {
		return app.ResourceView{}, err
	}
	return api.App.Resource(ctx, s, r.PathValue("id"))
}

// resourceFilter reads a directory's query string.
func resourceFilter(r *http.Request) (app.ResourceFilter, error) {
	p, err := page(r)
	if err != nil {
		return app.ResourceFilter{}, err
	}
	q := r.URL.Query()
	f := app.ResourceFilter{Kind: commons.Kind(q.Get("kind")), OwnerOrgID: q.Get("organization_id"), Sector: commons.Sector(q.Get("sector")),
		Accessibility: q["accessibility"], Query: q.Get("q"), Page: p}
	if s := q.Get("min_capacity"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return f, commons.Errorf(commons.CodeBadRequest, "error.field.number")
		}
		if n < 0 {
			return f, invalidField("min_capacity", commons.Msg("error.field.range", "Min", 0, "Max", 100000))
		}
		f.MinCapacity = n
	}
	if s := strings.TrimSpace(q.Get("free_from")); s != "" {
		if f.FreeFrom, err = queryTime("free_from", s); err != nil {
			return f, err
		}
	}
	if s := strings.TrimSpace(q.Get("free_to")); s != "" {
		if f.FreeTo, err = queryTime("free_to", s); err != nil {
			return f, err
		}
	}
	return f, nil
}
