package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// IntentFields are an offer's or a request's fields, as posted or replaced.
type IntentFields struct {
	Direction   string     `json:"direction,omitempty" jsonschema:"enum=offer,enum=request,description=Required to post; kept on update"`
	Kind        string     `json:"kind" jsonschema:"enum=space,enum=equipment,enum=funding,enum=expertise,enum=time,enum=materials,enum=other,enum=skill"`
	Title       string     `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Description string     `json:"description,omitempty" jsonschema:"maxLength=20000"`
	Themes      []string   `json:"themes,omitempty" jsonschema:"description=Skills and themes it is about"`
	Languages   []string   `json:"languages,omitempty" jsonschema:"description=BCP 47 tags"`
	Quantity    int        `json:"quantity,omitempty" jsonschema:"minimum=1,maximum=10000,description=Default 1"`
	Online      bool       `json:"online,omitempty"`
	Place       string     `json:"place,omitempty" jsonschema:"maxLength=500,description=Needs latitude and longitude"`
	Latitude    *float64   `json:"latitude,omitempty"`
	Longitude   *float64   `json:"longitude,omitempty"`
	From        *time.Time `json:"from,omitempty"`
	Until       *time.Time `json:"until,omitempty" jsonschema:"description=It expires then"`
	Visibility  string     `json:"visibility,omitempty" jsonschema:"enum=community,enum=public,description=Default community"`
	// OrganizationID posts for an organization the caller belongs to.
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=Post for an organization you belong to (on create only)"`
}

func (in IntentFields) fields() commons.IntentFields {
	return commons.IntentFields{Direction: commons.IntentDirection(in.Direction), Kind: commons.Kind(in.Kind), Title: in.Title,
		Description: in.Description, Themes: in.Themes, Languages: in.Languages, Quantity: in.Quantity, Online: in.Online,
		Place: in.Place, Latitude: in.Latitude, Longitude: in.Longitude, From: in.From, Until: in.Until,
		Visibility: commons.Visibility(in.Visibility), OwnerOrgID: in.OrganizationID}
}

// Owner is who offers or asks: an organization or a person.
type Owner struct {
	Type   string `json:"type" jsonschema:"enum=organization,enum=person"`
	ID     string `json:"id"`
	Name   string `json:"name" jsonschema:"description=Empty for a person when the caller is not a member"`
	Sector string `json:"sector,omitempty"`
}

// IntentAnswer is someone's answer to an offer or request.
type IntentAnswer struct {
	UserID         string    `json:"user_id"`
	Name           string    `json:"name"`
	OrganizationID string    `json:"organization_id,omitempty"`
	Note           string    `json:"note"`
	CreatedAt      time.Time `json:"created_at"`
}

// Intent is an offer or a request (a ValueFlows Intent: the owner is the
// provider of an offer and the receiver of a request).
type Intent struct {
	ContentLanguages
	ID          string         `json:"id"`
	CommunityID string         `json:"community_id"`
	Direction   string         `json:"direction" jsonschema:"enum=offer,enum=request"`
	Kind        string         `json:"kind"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Themes      []string       `json:"themes"`
	Languages   []string       `json:"languages"`
	Quantity    int            `json:"quantity"`
	Online      bool           `json:"online"`
	Place       string         `json:"place"`
	Latitude    *float64       `json:"latitude"`
	Longitude   *float64       `json:"longitude"`
	From        *time.Time     `json:"from"`
	Until       *time.Time     `json:"until"`
	Visibility  string         `json:"visibility" jsonschema:"enum=community,enum=public"`
	Owner       Owner          `json:"owner"`
	Status      string         `json:"status" jsonschema:"enum=open,enum=answered,enum=fulfilled,enum=withdrawn,enum=expired"`
	Answers     []IntentAnswer `json:"answers" jsonschema:"description=Members only"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Intent) JSONSchemaExtend(s *jsonschemaSchema) {
	nullable(s, "latitude", "longitude", "from", "until")
}

func intentOut(v app.IntentView) Intent {
	i := v.Intent
	out := Intent{ID: i.ID, CommunityID: i.CommunityID, Direction: string(i.Direction), Kind: string(i.Kind), Title: i.Title,
		Description: i.Description, Themes: i.Themes, Languages: i.Languages, Quantity: i.Quantity, Online: i.Online, Place: i.Place,
		Latitude: i.Latitude, Longitude: i.Longitude, From: i.From, Until: i.Until, Visibility: string(i.Visibility),
		Owner: Owner{Type: "person", ID: i.OwnerUserID, Name: i.OwnerName}, Status: string(v.Status), Answers: []IntentAnswer{},
		CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt}
	if i.OwnerOrgID != "" {
		out.Owner = Owner{Type: "organization", ID: i.OwnerOrgID, Name: i.OwnerName, Sector: string(i.OwnerSector)}
	}
	if out.Themes == nil {
		out.Themes = []string{}
	}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	for _, a := range i.Answers {
		out.Answers = append(out.Answers, IntentAnswer{UserID: a.UserID, Name: a.Name, OrganizationID: a.OrgID, Note: a.Note, CreatedAt: a.CreatedAt})
	}
	return out
}

// NewIntentAnswer answers an offer or a request.
type NewIntentAnswer struct {
	Note           string `json:"note,omitempty" jsonschema:"maxLength=500"`
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=Answer for an organization you belong to"`
}

func (api *API) routesIntents() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/intents", id: "createIntent",
		summary: "Post an offer or a request", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *IntentFields) (Intent, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Intent{}, err
			}
			v, err := api.App.PostIntent(ctx, s, in.fields())
			return intentOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/intents", id: "listIntents",
		summary: "A community's offers and requests, newest first; visitors see the public ones", status: http.StatusOK,
		query: append([]queryParam{
			{name: "direction", typ: "string", description: "offer or request"},
			{name: "kind", typ: "string", description: "Only this kind"},
			{name: "status", typ: "string", description: "open, answered, fulfilled, withdrawn or expired; default: the live ones"},
			{name: "q", typ: "string", description: "Words in the title, description or themes"},
			{name: "organization_id", typ: "string", description: "Only one organization's"},
		}, pageParams...), errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Intent], error) {
			p, err := page(r)
			if err != nil {
				return List[Intent]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Intent]{}, err
			}
			q := r.URL.Query()
			list, next, err := api.App.Intents(ctx, s, commons.IntentFilter{Direction: commons.IntentDirection(q.Get("direction")),
				Kind: commons.Kind(q.Get("kind")), Status: commons.IntentStatus(q.Get("status")), Q: q.Get("q"),
				OwnerOrgID: q.Get("organization_id"), Page: p})
			return listOf(list, next, intentOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/intents/{id}", id: "getIntent",
		summary: "One offer or request", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Intent, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectIntent)
			if err != nil {
				return Intent{}, err
			}
			v, err := api.App.Intent(ctx, s, r.PathValue("id"))
			if err != nil {
				return Intent{}, err
			}
			out := intentOut(v)
			out.ContentLanguages, err = api.languagesOf(ctx, s, commons.SubjectIntent, v.Intent.ID)
			return out, err
		})

	handle(api, op{method: "PUT", path: "/api/v1/intents/{id}", id: "updateIntent",
		summary: "Replace an offer's or request's fields; its author or its organization's admins", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *IntentFields) (Intent, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectIntent)
			if err != nil {
				return Intent{}, err
			}
			v, err := api.App.UpdateIntent(ctx, s, r.PathValue("id"), in.fields())
			return intentOut(v), err
		})

	for _, c := range []struct {
		path, id, summary string
		to                commons.IntentStatus
	}{
		{"/api/v1/intents/{id}/withdraw", "withdrawIntent", "Withdraw an offer or request", commons.IntentWithdrawn},
		{"/api/v1/intents/{id}/fulfil", "fulfilIntent", "Mark an offer or request fulfilled", commons.IntentFulfilled},
	} {
		handle(api, op{method: "POST", path: c.path, id: c.id, summary: c.summary + "; its author or its organization's admins",
			status: http.StatusOK, auth: true, optionalBody: true, errors: []int{400, 401, 403, 404, 409}},
			func(ctx context.Context, r *http.Request, _ *Empty) (Intent, error) {
				s, err := api.scopeOf(ctx, r, commons.SubjectIntent)
				if err != nil {
					return Intent{}, err
				}
				v, err := api.App.CloseIntent(ctx, s, r.PathValue("id"), c.to)
				return intentOut(v), err
			})
	}

	handle(api, op{method: "POST", path: "/api/v1/intents/{id}/answers", id: "answerIntent",
		summary: "Answer an offer (I need it) or a request (I can); its author is told", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewIntentAnswer) (Intent, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectIntent)
			if err != nil {
				return Intent{}, err
			}
			v, err := api.App.AnswerIntent(ctx, s, r.PathValue("id"), in.OrganizationID, in.Note)
			return intentOut(v), err
		})
}
