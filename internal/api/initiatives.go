package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NewInitiative starts a citizen initiative.
type NewInitiative struct {
	Title       string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Summary     string   `json:"summary" jsonschema:"minLength=1,maxLength=500"`
	Description string   `json:"description,omitempty" jsonschema:"maxLength=20000,description=Markdown"`
	Themes      []string `json:"themes" jsonschema:"description=Standard themes (integration, work, climate, digital_skills, health, culture, intergenerational) or the community's own"`
	// OrganizationID names the citizen group that leads; without it the
	// caller leads in person.
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=A citizen group the caller belongs to, to lead the initiative"`
}

// InitiativeChange replaces an initiative's words and themes.
type InitiativeChange struct {
	Title       string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Summary     string   `json:"summary" jsonschema:"minLength=1,maxLength=500"`
	Description string   `json:"description,omitempty" jsonschema:"maxLength=20000,description=Markdown"`
	Themes      []string `json:"themes"`
}

// Lead is who leads an initiative.
type Lead struct {
	Type string `json:"type" jsonschema:"enum=organization,enum=person"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TeamMember is a person who runs an initiative.
type TeamMember struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

// Initiative is a citizen initiative; one read by id carries its needs,
// pledges and partnership.
type Initiative struct {
	ContentLanguages
	ID              string       `json:"id"`
	CommunityID     string       `json:"community_id"`
	Title           string       `json:"title"`
	Summary         string       `json:"summary"`
	Description     string       `json:"description" jsonschema:"description=Markdown, as written"`
	DescriptionHTML string       `json:"description_html" jsonschema:"description=The description rendered and sanitised"`
	Themes          []string     `json:"themes"`
	Lead            Lead         `json:"lead"`
	Status          string       `json:"status" jsonschema:"enum=idea,enum=seeking_partners,enum=active,enum=completed,enum=paused"`
	PausedFrom      string       `json:"paused_from,omitempty" jsonschema:"description=While paused: the status it resumes to"`
	NextStatuses    []string     `json:"next_statuses" jsonschema:"description=The statuses it may move to now"`
	Team            []TeamMember `json:"team"`
	Sectors         []string     `json:"sectors" jsonschema:"description=Sectors taking part: the lead's, the parties' and those of accepted pledges"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
	ArchivedAt      *time.Time   `json:"archived_at,omitempty" jsonschema:"description=When it was archived (out of directories; restore to use it again); absent while in use"`
}

// InitiativeFull is an initiative with its needs, pledges and partnership
// (null until one is proposed).
type InitiativeFull struct {
	Initiative
	Needs       []Need       `json:"needs"`
	Pledges     []Pledge     `json:"pledges"`
	Partnership *Partnership `json:"partnership"`
}

// JSONSchemaExtend marks the partnership as null until one is proposed.
func (InitiativeFull) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "partnership") }

// StatusChange moves something to another status.
type StatusChange struct {
	Status string `json:"status"`
}

// NewNeed states what an initiative lacks.
type NewNeed struct {
	Kind        string `json:"kind" jsonschema:"enum=space,enum=equipment,enum=funding,enum=expertise,enum=time,enum=materials,enum=other"`
	Description string `json:"description" jsonschema:"minLength=1,maxLength=500"`
	Quantity    *int   `json:"quantity,omitempty" jsonschema:"minimum=1"`
	ByDate      string `json:"by_date,omitempty" jsonschema:"format=date,description=The date by which it is needed"`
}

// Need is something an initiative lacks.
type Need struct {
	ID           string `json:"id"`
	InitiativeID string `json:"initiative_id"`
	Kind         string `json:"kind"`
	Description  string `json:"description"`
	Quantity     *int   `json:"quantity,omitempty"`
	ByDate       string `json:"by_date,omitempty" jsonschema:"format=date"`
	Status       string `json:"status" jsonschema:"enum=open,enum=partly_met,enum=met"`

	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty" jsonschema:"description=When the team took it back; its pledges stay"`
}

// NewPledge offers to meet a need.
type NewPledge struct {
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=An organization the caller belongs to; without it the caller pledges in person"`
	ResourceID     string `json:"resource_id,omitempty" jsonschema:"description=One of the organization's (or the caller's) resources"`
	Description    string `json:"description" jsonschema:"minLength=1,maxLength=2000"`
}

// Pledge is an offer to meet a need.
type Pledge struct {
	ID             string     `json:"id"`
	NeedID         string     `json:"need_id"`
	InitiativeID   string     `json:"initiative_id"`
	OrganizationID string     `json:"organization_id,omitempty"`
	Organization   string     `json:"organization,omitempty"`
	Sector         string     `json:"sector,omitempty"`
	UserID         string     `json:"user_id"`
	UserName       string     `json:"user_name"`
	ResourceID     string     `json:"resource_id,omitempty"`
	Resource       string     `json:"resource,omitempty"`
	Description    string     `json:"description"`
	Status         string     `json:"status" jsonschema:"enum=pending,enum=accepted,enum=declined"`
	BookingID      string     `json:"booking_id,omitempty"`
	BookingStatus  string     `json:"booking_status,omitempty" jsonschema:"enum=requested,enum=confirmed,enum=declined,enum=cancelled,description=The booking made on accepting: confirmed at once or requested, by the resource's own rules"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

// PledgeDecision accepts or declines a pledge; accepting a bookable
// resource's pledge may book it in the same step.
type PledgeDecision struct {
	Decision string       `json:"decision" jsonschema:"enum=accept,enum=decline"`
	Booking  *PledgeSlots `json:"booking,omitempty"`
}

// PledgeSlots is the time to book a pledged space for.
type PledgeSlots struct {
	StartsAt string `json:"starts_at" jsonschema:"format=date-time"`
	EndsAt   string `json:"ends_at" jsonschema:"format=date-time"`
	Purpose  string `json:"purpose,omitempty" jsonschema:"maxLength=500"`
}

// NewPartnership proposes a partnership, or a new version of it.
type NewPartnership struct {
	Parties  []NewParty `json:"parties"`
	ReviewOn string     `json:"review_on" jsonschema:"format=date"`
}

// NewParty is one organization's place in a proposal.
type NewParty struct {
	OrganizationID string          `json:"organization_id"`
	Role           string          `json:"role" jsonschema:"minLength=1,maxLength=200"`
	Commitments    []NewCommitment `json:"commitments"`
}

// NewCommitment is one promise.
type NewCommitment struct {
	Description string `json:"description" jsonschema:"minLength=1,maxLength=500"`
	Due         string `json:"due,omitempty" jsonschema:"format=date,description=Not before the day of the proposal"`
}

// Partnership is the agreement around an initiative with every version.
type Partnership struct {
	ID           string           `json:"id"`
	InitiativeID string           `json:"initiative_id"`
	Status       string           `json:"status" jsonschema:"enum=proposed,enum=active"`
	Version      int              `json:"version" jsonschema:"description=The version in force, or awaiting signatures"`
	Versions     []PartnerVersion `json:"versions" jsonschema:"description=Newest first"`
}

// PartnerVersion is one version of the terms.
type PartnerVersion struct {
	Version    int       `json:"version"`
	ReviewOn   string    `json:"review_on" jsonschema:"format=date"`
	ProposedBy string    `json:"proposed_by"`
	ProposedAt time.Time `json:"proposed_at"`
	Parties    []Party   `json:"parties"`
}

// Party is an organization in a version.
type Party struct {
	OrganizationID string       `json:"organization_id"`
	Name           string       `json:"name"`
	Sector         string       `json:"sector"`
	Role           string       `json:"role"`
	Commitments    []Commitment `json:"commitments"`
	SignedBy       string       `json:"signed_by,omitempty"`
	SignedAt       *time.Time   `json:"signed_at,omitempty"`
}

// Commitment is a party's promise and whether it was kept.
type Commitment struct {
	ID             string     `json:"id"`
	OrganizationID string     `json:"organization_id"`
	Description    string     `json:"description"`
	Due            string     `json:"due,omitempty" jsonschema:"format=date"`
	Status         string     `json:"status" jsonschema:"enum=pending,enum=kept,enum=missed"`
	Overdue        bool       `json:"overdue"`
	Comment        string     `json:"comment"`
	UpdatedAt      *time.Time `json:"updated_at,omitempty"`
}

// NewSignature signs the version in force for an organization.
type NewSignature struct {
	OrganizationID string `json:"organization_id"`
	Version        int    `json:"version,omitempty" jsonschema:"description=The version read; a newer one is a conflict"`
}

// CommitmentChange says whether a commitment was kept.
type CommitmentChange struct {
	Status  string `json:"status" jsonschema:"enum=pending,enum=kept,enum=missed"`
	Comment string `json:"comment,omitempty" jsonschema:"maxLength=2000"`
}

// TeamChange adds a person to a team.
type TeamChange struct {
	UserID string `json:"user_id"`
}

// NewTheme adds a theme of the community's own.
type NewTheme struct {
	Name string `json:"name" jsonschema:"minLength=1,maxLength=60"`
}

// Themes lists the themes initiatives may name.
type Themes struct {
	Themes []string `json:"themes"`
}

// HistoryEntry is one act on an initiative.
type HistoryEntry struct {
	ActorID   string    `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name,omitempty"`
	Action    string    `json:"action"`
	Detail    string    `json:"detail"`
	At        time.Time `json:"at"`
}

// NetworkOut is a community's partnership network.
type NetworkOut struct {
	Nodes []NetworkNode `json:"nodes"`
	Edges []NetworkEdge `json:"edges"`
}

// NetworkNode is an organization in the network.
type NetworkNode struct {
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Sector         string   `json:"sector"`
	Partners       []string `json:"partners"`
}

// NetworkEdge joins two organizations that share partnerships.
type NetworkEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

func (api *API) initiativeOut(i commons.Initiative) Initiative {
	out := Initiative{ID: i.ID, CommunityID: i.CommunityID, Title: i.Title, Summary: i.Summary, Description: i.Description,
		DescriptionHTML: string(api.App.Markdown.HTML(i.Description)), Themes: nonNil(i.Themes), Status: string(i.Status),
		PausedFrom: string(i.PausedFrom), Team: []TeamMember{}, Sectors: []string{}, NextStatuses: []string{},
		CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt}
	if i.LeadOrgID != "" {
		out.Lead = Lead{Type: "organization", ID: i.LeadOrgID, Name: i.LeadName}
	} else {
		out.Lead = Lead{Type: "person", ID: i.LeadUserID, Name: i.LeadName}
	}
	for _, m := range i.Team {
		out.Team = append(out.Team, TeamMember{UserID: m.UserID, Name: m.Name})
	}
	for _, s := range i.Sectors {
		out.Sectors = append(out.Sectors, string(s))
	}
	for _, s := range commons.NextStatuses(i.Status, i.PausedFrom) {
		out.NextStatuses = append(out.NextStatuses, string(s))
	}
	return out
}

func needOut(n commons.Need) Need {
	return Need{ID: n.ID, InitiativeID: n.InitiativeID, Kind: string(n.Kind), Description: n.Description, Quantity: n.Quantity,
		ByDate: n.ByDate, Status: string(n.Status), WithdrawnAt: n.Withdrawal.At}
}

func pledgeOut(p commons.Pledge) Pledge {
	return Pledge{ID: p.ID, NeedID: p.NeedID, InitiativeID: p.InitiativeID, OrganizationID: p.OrgID, Organization: p.OrgName,
		Sector: string(p.OrgSector), UserID: p.UserID, UserName: p.UserName, ResourceID: p.ResourceID, Resource: p.ResourceTitle,
		Description: p.Description, Status: string(p.Status), BookingID: p.BookingID, BookingStatus: string(p.BookingStatus), DecidedAt: p.DecidedAt, CreatedAt: p.CreatedAt}
}

func commitmentOut(c commons.Commitment, today string) Commitment {
	return Commitment{ID: c.ID, OrganizationID: c.OrgID, Description: c.Description, Due: c.Due, Status: string(c.Status),
		Overdue: c.Overdue(today), Comment: c.Comment, UpdatedAt: c.UpdatedAt}
}

func partnershipOut(p commons.Partnership, today string) Partnership {
	out := Partnership{ID: p.ID, InitiativeID: p.InitiativeID, Status: string(p.Status), Version: p.Version, Versions: []PartnerVersion{}}
	for _, v := range p.Versions {
		ov := PartnerVersion{Version: v.Version, ReviewOn: v.ReviewOn, ProposedBy: v.ProposedByName, ProposedAt: v.ProposedAt, Parties: []Party{}}
		for _, pt := range v.Parties {
			op := Party{OrganizationID: pt.OrgID, Name: pt.OrgName, Sector: string(pt.Sector), Role: pt.Role, Commitments: []Commitment{}}
			if pt.Signature != nil {
				at := pt.Signature.At
				op.SignedBy, op.SignedAt = pt.Signature.Name, &at
			}
			for _, c := range pt.Commitments {
				op.Commitments = append(op.Commitments, commitmentOut(c, today))
			}
			ov.Parties = append(ov.Parties, op)
		}
		out.Versions = append(out.Versions, ov)
	}
	return out
}

func proposalFrom(in *NewPartnership) commons.PartnershipProposal {
	prop := commons.PartnershipProposal{ReviewOn: in.ReviewOn}
	for _, p := range in.Parties {
		pp := commons.PartyProposal{OrgID: p.OrganizationID, Role: p.Role}
		for _, c := range p.Commitments {
			pp.Commitments = append(pp.Commitments, commons.CommitmentProposal{Description: c.Description, Due: c.Due})
		}
		prop.Parties = append(prop.Parties, pp)
	}
	return prop
}

// initiativeFull is an initiative with its needs, pledges and partnership.
func (api *API) initiativeFull(d app.InitiativeView) InitiativeFull {
	out := InitiativeFull{Initiative: api.initiativeOut(d.Initiative), Needs: []Need{}, Pledges: []Pledge{}}
	for _, n := range d.Needs {
		out.Needs = append(out.Needs, needOut(n.Need))
	}
	for _, p := range d.Pledges {
		out.Pledges = append(out.Pledges, pledgeOut(p))
	}
	if d.Partnership != nil {
		p := partnershipOut(*d.Partnership, d.Today)
		out.Partnership = &p
	}
	return out
}

// initiativeByID answers with an initiative of the scope's community.
func (api *API) initiativeByID(ctx context.Context, s app.Scope, id string) (InitiativeFull, error) {
	d, err := api.App.Initiative(ctx, s, id)
	if err != nil {
		return InitiativeFull{}, err
	}
	out := api.initiativeFull(d)
	out.ContentLanguages, err = api.languagesOf(ctx, s, commons.SubjectInitiative, d.Initiative.ID)
	return out, err
}

// partnershipView answers with a partnership as the use case read it.
func partnershipView(v app.PartnershipView, err error) (Partnership, error) {
	if err == nil && v.Partnership == nil {
		err = commons.NotFound()
	}
	if err != nil {
		return Partnership{}, err
	}
	return partnershipOut(*v.Partnership, v.Today), nil
}

func (api *API) routesInitiatives() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/initiatives", id: "createInitiative",
		summary: "Start a citizen initiative; the caller is its team", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewInitiative) (InitiativeFull, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return InitiativeFull{}, err
			}
			i, err := api.App.CreateInitiative(ctx, s, commons.InitiativeFields{
				Title: in.Title, Summary: in.Summary, Description: in.Description, Themes: in.Themes, LeadOrgID: in.OrganizationID})
			if err != nil {
				return InitiativeFull{}, err
			}
			return api.initiativeByID(ctx, s, i.ID)
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/initiatives", id: "listInitiatives",
		summary: "A community's initiatives, by title", status: http.StatusOK,
		query: append([]queryParam{
			{name: "theme", typ: "string", description: "Only initiatives with this theme"},
			{name: "status", typ: "string", description: "Only initiatives in this status"},
			{name: "sector", typ: "string", description: "Only initiatives with a partner of this sector"},
		}, pageParams...), errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Initiative], error) {
			p, err := page(r)
			if err != nil {
				return List[Initiative]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Initiative]{}, err
			}
			q := r.URL.Query()
			list, next, err := api.App.Initiatives(ctx, s, commons.InitiativeFilter{Theme: q.Get("theme"),
				Status: commons.InitiativeStatus(q.Get("status")), Sector: commons.Sector(q.Get("sector")), Page: p})
			return listOf(list, next, api.initiativeOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/initiatives/{id}", id: "getInitiative",
		summary: "One initiative with its needs, pledges and partnership", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (InitiativeFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return InitiativeFull{}, err
			}
			return api.initiativeByID(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "PATCH", path: "/api/v1/initiatives/{id}", id: "updateInitiative",
		summary: "Edit an initiative's title, summary, description and themes (its team only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *InitiativeChange) (InitiativeFull, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return InitiativeFull{}, err
			}
			i, err := api.App.UpdateInitiative(ctx, s, r.PathValue("id"), commons.InitiativeFields{
				Title: in.Title, Summary: in.Summary, Description: in.Description, Themes: in.Themes})
			if err != nil {
				return InitiativeFull{}, err
			}
			return api.initiativeByID(ctx, s, i.ID)
		})

	handle(api, op{method: "POST", path: "/api/v1/initiatives/{id}/status", id: "setInitiativeStatus",
		summary: "Move an initiative along idea → seeking_partners → active → completed, pause it or resume it (its team only)",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *StatusChange) (Initiative, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return Initiative{}, err
			}
			i, err := api.App.SetInitiativeStatus(ctx, s, r.PathValue("id"), commons.InitiativeStatus(in.Status))
			if err != nil {
				return Initiative{}, err
			}
			return api.initiativeOut(i), nil
		})

	handle(api, op{method: "POST", path: "/api/v1/initiatives/{id}/team", id: "addTeamMember",
		summary: "Add a community member to an initiative's team (its team only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *TeamChange) (Initiative, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return Initiative{}, err
			}
			i, err := api.App.SetTeamMember(ctx, s, r.PathValue("id"), in.UserID, true)
			if err != nil {
				return Initiative{}, err
			}
			return api.initiativeOut(i), nil
		})

	handle(api, op{method: "DELETE", path: "/api/v1/initiatives/{id}/team/{user_id}", id: "removeTeamMember",
		summary: "Remove a person from an initiative's team (the team, or the person themselves)", status: http.StatusNoContent,
		auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return Empty{}, err
			}
			_, err = api.App.SetTeamMember(ctx, s, r.PathValue("id"), r.PathValue("user_id"), false)
			return Empty{}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/initiatives/{id}/history", id: "initiativeHistory",
		summary: "Who did what to an initiative, oldest first (members of its community)", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[HistoryEntry], error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return List[HistoryEntry]{}, err
			}
			h, err := api.App.InitiativeHistory(ctx, s, r.PathValue("id"))
			return listOf(h.Events, "", func(e commons.InitiativeEvent) HistoryEntry {
				return HistoryEntry{ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action, Detail: e.Detail, At: e.At}
			}), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/themes", id: "listThemes",
		summary: "The themes initiatives may name: the standard ones, then the community's own", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Themes, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Themes{}, err
			}
			th, err := api.App.Themes(ctx, s)
			return Themes{Themes: th}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/themes", id: "addTheme",
		summary: "Add a theme of the community's own (editors only)", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewTheme) (Themes, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Themes{}, err
			}
			if err := api.App.AddTheme(ctx, s, in.Name); err != nil {
				return Themes{}, err
			}
			th, err := api.App.Themes(ctx, s)
			return Themes{Themes: th}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/initiatives/{id}/needs", id: "addNeed",
		summary: "State what an initiative lacks (its team only)", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewNeed) (Need, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return Need{}, err
			}
			n, err := api.App.AddNeed(ctx, s, r.PathValue("id"), commons.NeedFields{Kind: commons.Kind(in.Kind),
				Description: in.Description, Quantity: in.Quantity, ByDate: in.ByDate})
			return needOut(n), err
		})

	handle(api, op{method: "POST", path: "/api/v1/needs/{id}/status", id: "setNeedStatus",
		summary: "Say how far a need has been met: open, partly_met or met (the initiative's team only)", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *StatusChange) (Need, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectNeed)
			if err != nil {
				return Need{}, err
			}
			n, err := api.App.SetNeedStatus(ctx, s, r.PathValue("id"), commons.NeedStatus(in.Status))
			return needOut(n), err
		})

	handle(api, op{method: "POST", path: "/api/v1/needs/{id}/pledges", id: "pledge",
		summary: "Offer to meet a need, for an organization you belong to or in person, optionally with a resource",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewPledge) (Pledge, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectNeed)
			if err != nil {
				return Pledge{}, err
			}
			p, err := api.App.Pledge(ctx, s, r.PathValue("id"), app.PledgeFields{OrgID: in.OrganizationID,
				ResourceID: in.ResourceID, Description: in.Description})
			return pledgeOut(p), err
		})

	handle(api, op{method: "POST", path: "/api/v1/pledges/{id}/decision", id: "decidePledge",
		summary: "Accept or decline a pledge (the initiative's team only); accepting a bookable space's pledge may book it at once",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *PledgeDecision) (Pledge, error) {
			var v commons.Validator
			commons.OneOf(&v, "decision", in.Decision, []string{"accept", "decline"})
			var book *app.BookingRequest
			if in.Booking != nil {
				book = &app.BookingRequest{Start: parseTime(&v, "booking.starts_at", in.Booking.StartsAt),
					End: parseTime(&v, "booking.ends_at", in.Booking.EndsAt), Purpose: in.Booking.Purpose}
			}
			if err := v.Err(); err != nil {
				return Pledge{}, err
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectPledge)
			if err != nil {
				return Pledge{}, err
			}
			p, err := api.App.DecidePledge(ctx, s, r.PathValue("id"), in.Decision == "accept", book)
			return pledgeOut(p), err
		})

	handle(api, op{method: "POST", path: "/api/v1/initiatives/{id}/partnership", id: "proposePartnership",
		summary: "Propose the partnership around an initiative, or a new version that every party signs again (its team only)",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewPartnership) (Partnership, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectInitiative)
			if err != nil {
				return Partnership{}, err
			}
			return partnershipView(api.App.ProposePartnership(ctx, s, r.PathValue("id"), proposalFrom(in)))
		})

	handle(api, op{method: "GET", path: "/api/v1/partnerships/{id}", id: "getPartnership",
		summary: "A partnership with every version, parties, commitments and signatures", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Partnership, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectPartnership)
			if err != nil {
				return Partnership{}, err
			}
			return partnershipView(api.App.PartnershipByID(ctx, s, r.PathValue("id")))
		})

	handle(api, op{method: "POST", path: "/api/v1/partnerships/{id}/signatures", id: "signPartnership",
		summary: "Sign the version in force for an organization you administer; active when every party signed",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewSignature) (Partnership, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectPartnership)
			if err != nil {
				return Partnership{}, err
			}
			return partnershipView(api.App.Sign(ctx, s, r.PathValue("id"), in.OrganizationID, in.Version))
		})

	handle(api, op{method: "POST", path: "/api/v1/commitments/{id}/status", id: "setCommitmentStatus",
		summary: "Say whether a commitment was kept (the initiative's team or the party's admins)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *CommitmentChange) (Commitment, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectCommitment)
			if err != nil {
				return Commitment{}, err
			}
			c, err := api.App.SetCommitmentStatus(ctx, s, r.PathValue("id"), commons.CommitmentStatus(in.Status), in.Comment)
			if err != nil {
				return Commitment{}, err
			}
			return commitmentOut(c, api.App.Today(s.Community)), nil
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/partnership-network", id: "partnershipNetwork",
		summary: "Which organizations work with which: parties of the community's partnerships and the pairs that share one",
		status:  http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (NetworkOut, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return NetworkOut{}, err
			}
			n, err := api.App.PartnershipNetwork(ctx, s)
			out := NetworkOut{Nodes: []NetworkNode{}, Edges: []NetworkEdge{}}
			for _, nd := range n.Nodes {
				out.Nodes = append(out.Nodes, NetworkNode{OrganizationID: nd.OrgID, Name: nd.Name, Sector: string(nd.Sector), Partners: nonNil(nd.Partners)})
			}
			for _, e := range n.Edges {
				out.Edges = append(out.Edges, NetworkEdge{From: n.Nodes[e.From].OrgID, To: n.Nodes[e.To].OrgID, Count: e.Count})
			}
			return out, err
		})
}
