package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// Activity is one occurrence of a course, workshop, skill-share or event.
type Activity struct {
	ContentLanguages
	ID              string      `json:"id"`
	CommunityID     string      `json:"community_id"`
	SeriesID        string      `json:"series_id" jsonschema:"description=The first occurrence's id; shared by every occurrence of a series"`
	Kind            string      `json:"kind" jsonschema:"enum=course,enum=workshop,enum=skill_share,enum=event"`
	Title           string      `json:"title"`
	Description     string      `json:"description" jsonschema:"description=Markdown, as written"`
	DescriptionHTML string      `json:"description_html" jsonschema:"description=The description rendered and sanitised"`
	Languages       []string    `json:"languages"`
	Themes          []string    `json:"themes"`
	Level           string      `json:"level" jsonschema:"enum=all,enum=beginner,enum=intermediate,enum=advanced"`
	Free            bool        `json:"free"`
	CostMinor       *int        `json:"cost_minor" jsonschema:"description=The price in minor units (pence); null when free"`
	Currency        string      `json:"currency"`
	Accessibility   string      `json:"accessibility"`
	ResourceID      *string     `json:"resource_id" jsonschema:"description=The venue, a space shared in the community"`
	Venue           *Venue      `json:"venue"`
	OnlineURL       string      `json:"online_url"`
	Capacity        *int        `json:"capacity" jsonschema:"description=Places; null: no limit"`
	Registered      int         `json:"registered"`
	Waitlisted      int         `json:"waitlisted"`
	StartsAt        time.Time   `json:"starts_at"`
	EndsAt          time.Time   `json:"ends_at"`
	Status          string      `json:"status" jsonschema:"enum=scheduled,enum=cancelled"`
	Recurrence      string      `json:"recurrence" jsonschema:"description=The RRULE that made the series; empty for a single occurrence"`
	Organizers      []Organizer `json:"organizers"`
	CreatedAt       time.Time   `json:"created_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Activity) JSONSchemaExtend(s *jsonschemaSchema) {
	nullable(s, "cost_minor", "resource_id", "venue", "capacity")
}

// Venue is where an activity takes place.
type Venue struct {
	Title   string `json:"title"`
	Address string `json:"address"`
}

// Organizer runs an activity: an organization or a person.
type Organizer struct {
	OrganizationID string `json:"organization_id,omitempty"`
	UserID         string `json:"user_id,omitempty"`
	Name           string `json:"name"`
}

func (api *API) activityOut(a commons.Activity) Activity {
	out := Activity{ID: a.ID, CommunityID: a.CommunityID, SeriesID: a.SeriesID, Kind: string(a.Kind), Title: a.Title,
		Description: a.Description, DescriptionHTML: string(api.App.Markdown.HTML(a.Description)), Languages: a.Languages,
		Themes: a.Themes, Level: a.Level, Free: a.Free(), CostMinor: a.CostMinor, Currency: a.Currency, Accessibility: a.Accessibility,
		ResourceID: optional(a.ResourceID), OnlineURL: a.OnlineURL, Capacity: a.Capacity, Registered: a.Registered,
		Waitlisted: a.Waitlisted, StartsAt: a.StartsAt, EndsAt: a.EndsAt, Status: string(a.Status), Recurrence: a.Recurrence,
		Organizers: []Organizer{}, CreatedAt: a.CreatedAt}
	if a.ResourceID != "" {
		out.Venue = &Venue{Title: a.VenueTitle, Address: a.VenueAddress}
	}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	if out.Themes == nil {
		out.Themes = []string{}
	}
	for _, o := range a.Organizers {
		out.Organizers = append(out.Organizers, Organizer{OrganizationID: o.OrganizationID, UserID: o.UserID, Name: o.Name})
	}
	return out
}

// NewActivity offers an activity, or a series of them.
type NewActivity struct {
	Title           string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Kind            string   `json:"kind" jsonschema:"enum=course,enum=workshop,enum=skill_share,enum=event"`
	StartsAt        string   `json:"starts_at" jsonschema:"format=date-time"`
	EndsAt          string   `json:"ends_at" jsonschema:"format=date-time"`
	Capacity        *int     `json:"capacity,omitempty" jsonschema:"minimum=1,description=Places; absent: the venue's capacity, or no limit"`
	ResourceID      string   `json:"resource_id,omitempty" jsonschema:"description=A bookable space to hold it in; booked with the activity (409 when taken)"`
	OnlineURL       string   `json:"online_url,omitempty" jsonschema:"format=uri"`
	Language        string   `json:"language,omitempty" jsonschema:"description=The language it is held in (BCP 47)"`
	Languages       []string `json:"languages,omitempty" jsonschema:"description=Several languages; absent: the community's first"`
	Themes          []string `json:"themes,omitempty"`
	Recurrence      string   `json:"recurrence,omitempty" jsonschema:"description=RRULE subset (RFC 5545): FREQ=WEEKLY or MONTHLY; INTERVAL; and COUNT or UNTIL (required)"`
	Description     string   `json:"description,omitempty" jsonschema:"maxLength=20000,description=Markdown"`
	Level           string   `json:"level,omitempty" jsonschema:"enum=all,enum=beginner,enum=intermediate,enum=advanced"`
	CostMinor       *int     `json:"cost_minor,omitempty" jsonschema:"minimum=0,description=The price in minor units; absent or 0: free"`
	Currency        string   `json:"currency,omitempty" jsonschema:"description=ISO 4217 code, with cost_minor"`
	Accessibility   string   `json:"accessibility,omitempty" jsonschema:"maxLength=500"`
	OrganizationIDs []string `json:"organization_ids,omitempty" jsonschema:"description=Organizations of yours that run it with you"`
	ProposalID      string   `json:"proposal_id,omitempty" jsonschema:"description=The learners' proposal it answers; its learners are registered"`
}

// ActivityCreated is the first occurrence, with every occurrence made.
type ActivityCreated struct {
	Activity
	Occurrences []TimeSpanID `json:"occurrences"`
}

// TimeSpanID is an occurrence's id and times.
type TimeSpanID struct {
	ID       string    `json:"id"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

// NewRegistration asks for a place.
type NewRegistration struct {
	Series bool `json:"series,omitempty" jsonschema:"description=Register for this and every later occurrence of the series"`
}

// RegistrationResult says whether a place was taken or is waited for.
type RegistrationResult struct {
	ActivityID string `json:"activity_id"`
	Status     string `json:"status" jsonschema:"enum=registered,enum=waitlisted"`
}

// RegistrationEntry is one person registered or waiting, in arrival order.
type RegistrationEntry struct {
	UserID   string `json:"user_id"`
	Name     string `json:"name"`
	Status   string `json:"status" jsonschema:"enum=registered,enum=waitlisted"`
	Position int    `json:"position"`
}

func (api *API) routesActivities() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/activities", id: "createActivity",
		summary: "Offer a course, workshop, skill-share or event, or a series; a venue is booked with it (409 when taken)",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewActivity) (ActivityCreated, error) {
			var v commons.Validator
			f := commons.ActivityFields{Kind: commons.ActivityKind(in.Kind), Title: in.Title, Description: in.Description,
				Languages: in.Languages, Themes: in.Themes, Level: in.Level, CostMinor: in.CostMinor, Currency: in.Currency,
				Accessibility: in.Accessibility, ResourceID: in.ResourceID, OnlineURL: in.OnlineURL, Capacity: in.Capacity,
				StartsAt: parseTime(&v, "starts_at", in.StartsAt), EndsAt: parseTime(&v, "ends_at", in.EndsAt),
				Recurrence: in.Recurrence, OrganizationIDs: in.OrganizationIDs, ProposalID: in.ProposalID}
			if in.Language != "" {
				f.Languages = append([]string{in.Language}, f.Languages...)
			}
			if err := v.Err(); err != nil {
				return ActivityCreated{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return ActivityCreated{}, err
			}
			acts, err := api.App.CreateActivity(ctx, s, f)
			if err != nil {
				return ActivityCreated{}, err
			}
			out := ActivityCreated{Activity: api.activityOut(acts[0])}
			for _, a := range acts {
				out.Occurrences = append(out.Occurrences, TimeSpanID{ID: a.ID, StartsAt: a.StartsAt, EndsAt: a.EndsAt})
			}
			return out, nil
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/activities", id: "listActivities",
		summary: "A community's occurrences between from and to (RFC 3339; the coming 90 days by default), in time order",
		status:  http.StatusOK, query: append([]queryParam{
			{name: "from", typ: "string", description: "Start of the window (RFC 3339)"},
			{name: "to", typ: "string", description: "End of the window (RFC 3339)"},
			{name: "theme", typ: "string", description: "Only those with this theme"},
			{name: "language", typ: "string", description: "Only those held in this language (BCP 47)"},
			{name: "kind", typ: "string", description: "Only this kind"},
			{name: "free", typ: "boolean", description: "true: only free ones"},
			{name: "accessible", typ: "boolean", description: "true: only those with accessibility notes or a step-free venue"},
		}, pageParams...), errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Activity], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Activity]{}, err
			}
			f, err := activityFilter(r, api.App.Now())
			if err != nil {
				return List[Activity]{}, err
			}
			p, err := page(r)
			if err != nil {
				return List[Activity]{}, err
			}
			acts, next, err := api.App.ActivitiesPage(ctx, s, f, p)
			return listOf(acts, next, api.activityOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/activities/{id}", id: "getActivity",
		summary: "One occurrence, with its places: capacity, registered, waitlisted", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Activity, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Activity{}, err
			}
			a, err := api.App.Activity(ctx, s, r.PathValue("id"))
			if err != nil {
				return Activity{}, err
			}
			out := api.activityOut(a.Activity)
			out.ContentLanguages, err = api.languagesOf(ctx, s, commons.SubjectActivity, a.Activity.ID)
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/activities/{id}/registrations", id: "register",
		summary: "Take a place, or a place on the waitlist when it is full; series: true registers for the rest of the series",
		status:  http.StatusCreated, auth: true, optionalBody: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewRegistration) (RegistrationResult, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return RegistrationResult{}, err
			}
			st, err := api.App.Register(ctx, s, r.PathValue("id"), in.Series)
			return RegistrationResult{ActivityID: r.PathValue("id"), Status: string(st)}, err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/activities/{id}/registrations/me", id: "unregister",
		summary: "Give up one's place or waitlist place; the first on the waitlist moves up and is told",
		status:  http.StatusNoContent, auth: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.Unregister(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "GET", path: "/api/v1/activities/{id}/registrations", id: "listRegistrations",
		summary: "Who registered and who waits, in arrival order (the organizers)", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[RegistrationEntry], error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return List[RegistrationEntry]{}, err
			}
			regs, err := api.App.Registrations(ctx, s, r.PathValue("id"))
			return listOf(regs, "", func(g app.Registration) RegistrationEntry {
				return RegistrationEntry{UserID: g.UserID, Name: g.Name, Status: string(g.Status), Position: g.Position}
			}), err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/activities/{id}", id: "moveActivity",
		summary: "Move one occurrence to another time (the organizers); its venue booking moves with it",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MoveBooking) (Activity, error) {
			var v commons.Validator
			start, end := parseTime(&v, "starts_at", in.StartsAt), parseTime(&v, "ends_at", in.EndsAt)
			if err := v.Err(); err != nil {
				return Activity{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Activity{}, err
			}
			a, err := api.App.MoveOccurrence(ctx, s, r.PathValue("id"), start, end)
			return api.activityOut(a), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/activities/{id}", id: "cancelActivity",
		summary: "Cancel one occurrence (the organizers); its venue is freed and its people told",
		status:  http.StatusNoContent, auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActivity)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.CancelOccurrence(ctx, s, r.PathValue("id"))
		})
}

// activityFilter reads an agenda's query string.
func activityFilter(r *http.Request, now time.Time) (app.ActivityFilter, error) {
	q := r.URL.Query()
	f := app.ActivityFilter{From: now.Add(-time.Hour), Theme: q.Get("theme"), Language: q.Get("language"),
		Kind: commons.ActivityKind(q.Get("kind")), FreeOnly: q.Get("free") == "true", Accessible: q.Get("accessible") == "true"}
	f.To = f.From.AddDate(0, 0, 90)
	var err error
	if s := q.Get("from"); s != "" {
		if f.From, err = queryTime("from", s); err != nil {
			return f, err
		}
		if q.Get("to") == "" {
			f.To = f.From.AddDate(0, 0, 90)
		}
	}
	if s := q.Get("to"); s != "" {
		if f.To, err = queryTime("to", s); err != nil {
			return f, err
		}
	}
	for _, b := range []string{"free", "accessible"} {
		if s := q.Get(b); s != "" && s != "true" && s != "false" {
			return f, commons.Errorf(commons.CodeBadRequest, "error.field.boolean")
		}
	}
	return f, nil
}

// Proposal is a learner's "I want to learn X" and the people behind it.
type Proposal struct {
	ID          string             `json:"id"`
	CommunityID string             `json:"community_id"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Themes      []string           `json:"themes"`
	AuthorID    string             `json:"author_id"`
	AuthorName  string             `json:"author_name"`
	ActivityID  *string            `json:"activity_id" jsonschema:"description=The activity it became; null while it waits"`
	Interest    []ProposalInterest `json:"interest"`
	CreatedAt   time.Time          `json:"created_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Proposal) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "activity_id") }

// ProposalInterest is one person backing a proposal.
type ProposalInterest struct {
	UserID     string `json:"user_id"`
	Name       string `json:"name"`
	Role       string `json:"role" jsonschema:"enum=learn,enum=teach,enum=host"`
	ResourceID string `json:"resource_id,omitempty" jsonschema:"description=The place a host offers"`
	Note       string `json:"note,omitempty"`
}

func proposalOut(p commons.Proposal) Proposal {
	out := Proposal{ID: p.ID, CommunityID: p.CommunityID, Title: p.Title, Description: p.Description, Themes: p.Themes,
		AuthorID: p.CreatedBy, AuthorName: p.AuthorName, ActivityID: optional(p.ActivityID), Interest: []ProposalInterest{}, CreatedAt: p.CreatedAt}
	if out.Themes == nil {
		out.Themes = []string{}
	}
	for _, i := range p.Interest {
		out.Interest = append(out.Interest, ProposalInterest{UserID: i.UserID, Name: i.Name, Role: string(i.Role), ResourceID: i.ResourceID, Note: i.Note})
	}
	return out
}

// NewProposal asks to learn something.
type NewProposal struct {
	Title       string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Description string   `json:"description,omitempty" jsonschema:"maxLength=20000"`
	Themes      []string `json:"themes,omitempty"`
}

// NewInterest backs a proposal: to learn, to teach, or to host.
type NewInterest struct {
	Role       string `json:"role" jsonschema:"enum=learn,enum=teach,enum=host"`
	ResourceID string `json:"resource_id,omitempty" jsonschema:"description=The space a host offers (required to host)"`
	Note       string `json:"note,omitempty" jsonschema:"maxLength=500"`
}

// LearningProfile is what a member can teach, wants to learn, and speaks.
type LearningProfile struct {
	UserID    string   `json:"user_id"`
	Name      string   `json:"name"`
	Teaches   []string `json:"teaches"`
	Learns    []string `json:"learns"`
	Languages []string `json:"languages"`
}

// LearningProfileFields replaces one's own profile.
type LearningProfileFields struct {
	Teaches   []string `json:"teaches"`
	Learns    []string `json:"learns"`
	Languages []string `json:"languages,omitempty"`
}

func profileOut(p commons.LearningProfile) LearningProfile {
	out := LearningProfile{UserID: p.UserID, Name: p.Name, Teaches: p.Teaches, Learns: p.Learns, Languages: p.Languages}
	for _, l := range []*[]string{&out.Teaches, &out.Learns, &out.Languages} {
		if *l == nil {
			*l = []string{}
		}
	}
	return out
}

func (api *API) routesProposals() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/proposals", id: "createProposal",
		summary: "Ask to learn something nobody offers yet; you are its first learner", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewProposal) (Proposal, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Proposal{}, err
			}
			p, err := api.App.Propose(ctx, s, in.Title, in.Description, in.Themes)
			if err != nil {
				return Proposal{}, err
			}
			pv, err := api.App.Proposal(ctx, s, p.ID)
			return proposalOut(pv.Proposal), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/proposals", id: "listProposals",
		summary: "A community's proposals, open ones first", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Proposal], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Proposal]{}, err
			}
			ps, _, err := api.App.Proposals(ctx, s)
			return listOf(ps, "", proposalOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/proposals/{id}", id: "getProposal",
		summary: "One proposal with the people who want to learn, teach or host", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Proposal, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectProposal)
			if err != nil {
				return Proposal{}, err
			}
			p, err := api.App.Proposal(ctx, s, r.PathValue("id"))
			return proposalOut(p.Proposal), err
		})

	handle(api, op{method: "POST", path: "/api/v1/proposals/{id}/interest", id: "backProposal",
		summary: "Back a proposal: want to learn it too, offer to teach it, or offer a place", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewInterest) (Proposal, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectProposal)
			if err != nil {
				return Proposal{}, err
			}
			if err := api.App.BackProposal(ctx, s, r.PathValue("id"), commons.InterestRole(in.Role), in.ResourceID, in.Note); err != nil {
				return Proposal{}, err
			}
			p, err := api.App.Proposal(ctx, s, r.PathValue("id"))
			return proposalOut(p.Proposal), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/skills", id: "whoCanTeach",
		summary: "Who can teach what: members' learning profiles; q finds those who can teach it", status: http.StatusOK,
		query: []queryParam{{name: "q", typ: "string", description: "A skill, or part of one"}}, errors: []int{404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[LearningProfile], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[LearningProfile]{}, err
			}
			ps, err := api.App.Teachers(ctx, s, r.URL.Query().Get("q"))
			return listOf(ps, "", profileOut), err
		})

	handle(api, op{method: "PUT", path: "/api/v1/communities/{slug}/skills/me", id: "saveSkills",
		summary: "Replace what you can teach, want to learn, and speak, in this community", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *LearningProfileFields) (LearningProfile, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return LearningProfile{}, err
			}
			p, err := api.App.SaveLearningProfile(ctx, s, commons.LearningProfile{Teaches: in.Teaches, Learns: in.Learns, Languages: in.Languages})
			return profileOut(p), err
		})
}
