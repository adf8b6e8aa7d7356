package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// Criterion is one area a round rates.
type Criterion struct {
	Key       string `json:"key" jsonschema:"description=unesco.… and r3l.… for the built-in frameworks, own.{id} for the community's own"`
	Framework string `json:"framework" jsonschema:"enum=unesco,enum=r3l,enum=own"`
	Group     string `json:"group,omitempty" jsonschema:"description=UNESCO's part: wider_benefits, building_blocks or foundations"`
	Name      string `json:"name" jsonschema:"description=In the caller's language for built-in criteria"`
	About     string `json:"about"`
}

// Framework is a set of criteria.
type Framework struct {
	Key      string      `json:"key" jsonschema:"enum=unesco,enum=r3l,enum=own"`
	Name     string      `json:"name"`
	Criteria []Criterion `json:"criteria"`
}

func (api *API) criterionOut(r *http.Request, c commons.Criterion) Criterion {
	out := Criterion{Key: c.Key, Framework: string(c.Framework), Group: c.Group, Name: c.Name, About: c.About}
	if c.BuiltIn() {
		l := api.localizer(r)
		out.Name, out.About = l.T("quality.criterion."+c.Key), l.T("quality.criterion."+c.Key+".about")
	}
	return out
}

// NewCriterion is a criterion of the community's own.
type NewCriterion struct {
	Name  string `json:"name" jsonschema:"minLength=1,maxLength=200"`
	About string `json:"about,omitempty" jsonschema:"maxLength=1000"`
}

// NewRound opens a self-assessment round.
type NewRound struct {
	Title       string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	PeriodStart string   `json:"period_start" jsonschema:"format=date"`
	PeriodEnd   string   `json:"period_end" jsonschema:"format=date"`
	Frameworks  []string `json:"frameworks" jsonschema:"minItems=1,description=unesco, r3l and/or own (the community's own criteria as they are now)"`
	Method      string   `json:"method" jsonschema:"minLength=1,maxLength=4000,description=How the panel works: an open debate, a survey, …"`
	Scale       int      `json:"scale" jsonschema:"enum=4,enum=5,description=Ratings run from 1 to this"`
}

// Round is a self-assessment round.
type Round struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	PeriodStart string      `json:"period_start" jsonschema:"format=date"`
	PeriodEnd   string      `json:"period_end" jsonschema:"format=date"`
	Frameworks  []string    `json:"frameworks"`
	Method      string      `json:"method"`
	Scale       int         `json:"scale"`
	Status      string      `json:"status" jsonschema:"enum=open,enum=closed"`
	Criteria    []Criterion `json:"criteria,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	ClosedAt    *time.Time  `json:"closed_at,omitempty"`
}

func (api *API) roundOut(r *http.Request, q commons.QualityRound) Round {
	out := Round{ID: q.ID, Title: q.Title, PeriodStart: q.PeriodStart, PeriodEnd: q.PeriodEnd, Method: q.Method, Scale: q.Scale,
		Status: string(q.Status), CreatedAt: q.CreatedAt, ClosedAt: q.ClosedAt, Frameworks: []string{}}
	for _, f := range q.Frameworks {
		out.Frameworks = append(out.Frameworks, string(f))
	}
	for _, c := range q.Criteria {
		out.Criteria = append(out.Criteria, api.criterionOut(r, c))
	}
	return out
}

// Panelist is a person on a round's panel.
type Panelist struct {
	UserID         string `json:"user_id"`
	Name           string `json:"name" jsonschema:"description=Empty for readers who may not see the person"`
	OrganizationID string `json:"organization_id,omitempty"`
	Organization   string `json:"organization,omitempty"`
	Sector         string `json:"sector" jsonschema:"description=The organization's sector, or citizens"`
}

func panelistOut(p commons.Panelist) Panelist {
	return Panelist{UserID: p.UserID, Name: p.Name, OrganizationID: p.OrgID, Organization: p.OrgName, Sector: string(p.Sector)}
}

// RoundDetail is a round with its panel and the caller's own ratings.
type RoundDetail struct {
	Round
	Panel []Panelist `json:"panel"`
	Mine  []Rating   `json:"mine" jsonschema:"description=The caller's own ratings"`
	Rated int        `json:"rated" jsonschema:"description=Panelists who rated at least one criterion"`
	May   RoundMay   `json:"may"`
}

// RoundMay says what the caller may do in a round.
type RoundMay struct {
	Manage  bool `json:"manage" jsonschema:"description=Choose the panel, close the round, agree action points"`
	Rate    bool `json:"rate"`
	Results bool `json:"results"`
	Ratings bool `json:"ratings" jsonschema:"description=Read everyone's ratings with their comments"`
}

// PanelistIn puts a member on the panel.
type PanelistIn struct {
	UserID         string `json:"user_id"`
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=One of the person's organizations, whose sector they speak for; without it, as a citizen"`
}

// RatingIn is a panelist's rating of one criterion.
type RatingIn struct {
	Score    int      `json:"score" jsonschema:"minimum=1,maximum=5,description=From 1 to the round's scale"`
	Comment  string   `json:"comment,omitempty" jsonschema:"maxLength=2000"`
	Evidence []string `json:"evidence,omitempty" jsonschema:"maxItems=10,description=Paths of pages in this Commons (/c/{slug}/…)"`
}

// Rating is one panelist's rating of one criterion.
type Rating struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Sector    string    `json:"sector"`
	Criterion string    `json:"criterion"`
	Score     int       `json:"score"`
	Comment   string    `json:"comment"`
	Evidence  []string  `json:"evidence"`
	UpdatedAt time.Time `json:"updated_at"`
}

func ratingOut(x commons.Rating) Rating {
	ev := x.Evidence
	if ev == nil {
		ev = []string{}
	}
	return Rating{UserID: x.UserID, Name: x.Name, Sector: string(x.Sector), Criterion: x.CriterionKey, Score: x.Score, Comment: x.Comment,
		Evidence: ev, UpdatedAt: x.UpdatedAt}
}

// Spread is how one sector (or everyone) rated one criterion.
type Spread struct {
	Sector string  `json:"sector,omitempty" jsonschema:"description=Empty: everyone"`
	Counts []int   `json:"counts" jsonschema:"description=How many gave 1, 2, … up to the scale"`
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
}

func spreadOut(s commons.SectorSpread) Spread {
	return Spread{Sector: string(s.Sector), Counts: s.Counts, N: s.N, Mean: s.Mean}
}

// CriterionResult is one criterion's results.
type CriterionResult struct {
	Criterion Criterion `json:"criterion"`
	All       Spread    `json:"all"`
	BySector  []Spread  `json:"by_sector"`
	Gap       float64   `json:"gap" jsonschema:"description=The largest difference between two sectors' means"`
	Change    *float64  `json:"change,omitempty" jsonschema:"description=The mean's change since the previous round; absent without one"`
}

// RoundResults are a round's results.
type RoundResults struct {
	Round      Round             `json:"round"`
	PreviousID string            `json:"previous_id,omitempty"`
	Panelists  int               `json:"panelists"`
	Ratings    int               `json:"ratings"`
	Criteria   []CriterionResult `json:"criteria"`
}

func (api *API) resultsOut(r *http.Request, res commons.RoundResults) RoundResults {
	out := RoundResults{Round: api.roundOut(r, res.Round), Panelists: res.Panelists, Ratings: res.Ratings, Criteria: []CriterionResult{}}
	out.Round.Criteria = nil
	if res.Previous != nil {
		out.PreviousID = res.Previous.ID
	}
	for _, c := range res.Criteria {
		cr := CriterionResult{Criterion: api.criterionOut(r, c.Criterion), All: spreadOut(c.All), Gap: c.Gap, BySector: []Spread{}}
		for _, s := range c.BySector {
			cr.BySector = append(cr.BySector, spreadOut(s))
		}
		if c.HasPrevious {
			change := c.Change
			cr.Change = &change
		}
		out.Criteria = append(out.Criteria, cr)
	}
	return out
}

// ActionPointIn is an action a panel agreed.
type ActionPointIn struct {
	Text    string `json:"text" jsonschema:"minLength=1,maxLength=500"`
	OwnerID string `json:"owner_id" jsonschema:"description=An active member of the community"`
	Due     string `json:"due" jsonschema:"format=date"`
}

// ActionPoint is an agreed action: a tracked task.
type ActionPoint struct {
	ID        string     `json:"id"`
	RoundID   string     `json:"round_id"`
	Round     string     `json:"round"`
	Text      string     `json:"text"`
	OwnerID   string     `json:"owner_id"`
	OwnerName string     `json:"owner_name"`
	Due       string     `json:"due" jsonschema:"format=date"`
	Status    string     `json:"status" jsonschema:"enum=open,enum=done"`
	Overdue   bool       `json:"overdue"`
	DoneAt    *time.Time `json:"done_at,omitempty"`
	May       struct {
		Mark bool `json:"mark" jsonschema:"description=Mark it done or open again"`
	} `json:"may"`
}

func actionPointOut(v app.ActionPointView) ActionPoint {
	out := ActionPoint{ID: v.ID, RoundID: v.RoundID, Round: v.RoundTitle, Text: v.Text, OwnerID: v.OwnerID, OwnerName: v.OwnerName,
		Due: v.Due, Status: string(v.Status), Overdue: v.Overdue, DoneAt: v.DoneAt}
	out.May.Mark = v.May.Mark
	return out
}

// ActionPointStatusIn marks an action point.
type ActionPointStatusIn struct {
	Status string `json:"status" jsonschema:"enum=open,enum=done"`
}

func (api *API) routesQuality() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/quality/frameworks", id: "qualityFrameworks",
		summary: "The frameworks a community may assess itself by: UNESCO's Key Features of Learning Cities, R3L+ partnership quality, and its own criteria",
		status:  http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]Framework, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			fws, err := api.App.QualityFrameworks(ctx, s)
			l := api.localizer(r)
			out := make([]Framework, 0, len(fws))
			for _, f := range fws {
				x := Framework{Key: string(f.Framework), Name: l.T("quality.framework." + string(f.Framework)), Criteria: []Criterion{}}
				for _, c := range f.Criteria {
					x.Criteria = append(x.Criteria, api.criterionOut(r, c))
				}
				out = append(out, x)
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/quality/criteria", id: "addQualityCriterion",
		summary: "Add a criterion of the community's own; editors", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewCriterion) (Criterion, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Criterion{}, err
			}
			c, err := api.App.AddOwnCriterion(ctx, s, commons.CriterionFields{Name: in.Name, About: in.About})
			return api.criterionOut(r, c), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/quality/rounds", id: "listQualityRounds",
		summary: "A community's self-assessment rounds, the latest first", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]Round, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			p, err := api.App.QualityRounds(ctx, s)
			out := make([]Round, 0, len(p.Rounds))
			for _, q := range p.Rounds {
				out = append(out, api.roundOut(r, q))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/quality/rounds", id: "createQualityRound",
		summary: "Open a self-assessment round; editors", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewRound) (Round, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Round{}, err
			}
			f := commons.RoundFields{Title: in.Title, PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Method: in.Method, Scale: in.Scale}
			for _, x := range in.Frameworks {
				f.Frameworks = append(f.Frameworks, commons.Framework(x))
			}
			q, err := api.App.CreateRound(ctx, s, f)
			return api.roundOut(r, q), err
		})

	handle(api, op{method: "GET", path: "/api/v1/quality-rounds/{id}", id: "getQualityRound",
		summary: "A round with its criteria, panel and the caller's own ratings", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (RoundDetail, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return RoundDetail{}, err
			}
			v, err := api.App.Round(ctx, s, r.PathValue("id"))
			out := RoundDetail{Round: api.roundOut(r, v.QualityRound), Panel: []Panelist{}, Mine: []Rating{}, Rated: v.Rated,
				May: RoundMay{Manage: v.May.Manage, Rate: v.May.Rate, Results: v.May.Results, Ratings: v.May.Ratings}}
			for _, p := range v.Panel {
				out.Panel = append(out.Panel, panelistOut(p))
			}
			for _, c := range v.Criteria {
				if x, ok := v.Mine[c.Key]; ok {
					out.Mine = append(out.Mine, ratingOut(x))
				}
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/quality-rounds/{id}/panel", id: "addPanelist",
		summary: "Put a member on an open round's panel, speaking for one of their organizations or as a citizen; they are told. Editors",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *PanelistIn) (Panelist, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return Panelist{}, err
			}
			p, err := api.App.AddPanelist(ctx, s, r.PathValue("id"), in.UserID, in.OrganizationID)
			return panelistOut(p), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/quality-rounds/{id}/panel/{user_id}", id: "removePanelist",
		summary: "Take a person off an open round's panel, with their ratings; editors", status: http.StatusNoContent, auth: true,
		errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.RemovePanelist(ctx, s, r.PathValue("id"), r.PathValue("user_id"))
		})

	handle(api, op{method: "PUT", path: "/api/v1/quality-rounds/{id}/ratings/{criterion}", id: "rateCriterion",
		summary: "Rate one criterion (rating again replaces the rating); panelists of an open round", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *RatingIn) (Rating, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return Rating{}, err
			}
			x, err := api.App.Rate(ctx, s, r.PathValue("id"), r.PathValue("criterion"),
				commons.RatingFields{Score: in.Score, Comment: in.Comment, Evidence: in.Evidence})
			return ratingOut(x), err
		})

	handle(api, op{method: "GET", path: "/api/v1/quality-rounds/{id}/ratings", id: "listRatings",
		summary: "Everyone's ratings with comments and evidence: members once the round is closed, editors while it is open",
		status:  http.StatusOK, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]Rating, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return nil, err
			}
			list, err := api.App.RoundRatings(ctx, s, r.PathValue("id"))
			out := make([]Rating, 0, len(list))
			for _, x := range list {
				out = append(out, ratingOut(x))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/quality-rounds/{id}/close", id: "closeQualityRound",
		summary: "Close an open round; its panelists are told the results are there. Editors", status: http.StatusOK, auth: true,
		optionalBody: true, errors: []int{400, 401, 403, 404, 409, 413}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Round, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return Round{}, err
			}
			q, err := api.App.CloseRound(ctx, s, r.PathValue("id"))
			return api.roundOut(r, q), err
		})

	handle(api, op{method: "GET", path: "/api/v1/quality-rounds/{id}/results", id: "qualityRoundResults",
		summary: "Results per criterion: the spread of ratings by sector, the mean, the change since the previous round. Anyone once closed, editors before",
		status:  http.StatusOK, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (RoundResults, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return RoundResults{}, err
			}
			res, err := api.App.RoundResults(ctx, s, r.PathValue("id"))
			return api.resultsOut(r, res), err
		})

	handle(api, op{method: "POST", path: "/api/v1/quality-rounds/{id}/action-points", id: "addActionPoint",
		summary: "Record an action the panel agreed, with its owner (told) and due date; editors", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ActionPointIn) (ActionPoint, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectQualityRound)
			if err != nil {
				return ActionPoint{}, err
			}
			v, err := api.App.AddActionPoint(ctx, s, r.PathValue("id"), commons.ActionPointFields{Text: in.Text, OwnerID: in.OwnerID, Due: in.Due})
			return actionPointOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/quality/action-points", id: "listActionPoints",
		summary: "A community's agreed action points, open ones first, the soonest due first; members", status: http.StatusOK, auth: true,
		query: []queryParam{
			{name: "status", typ: "string", description: "open or done"},
			{name: "round_id", typ: "string", description: "One round's"},
			{name: "owner_id", typ: "string", description: "One person's"},
		}, errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]ActionPoint, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			q := r.URL.Query()
			list, err := api.App.ActionPoints(ctx, s, app.ActionPointFilter{Status: commons.ActionPointStatus(q.Get("status")),
				RoundID: q.Get("round_id"), OwnerID: q.Get("owner_id")})
			out := make([]ActionPoint, 0, len(list))
			for _, v := range list {
				out = append(out, actionPointOut(v))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/action-points/{id}/status", id: "setActionPointStatus",
		summary: "Mark an action point done or open again; its owner or an editor", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ActionPointStatusIn) (ActionPoint, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectActionPoint)
			if err != nil {
				return ActionPoint{}, err
			}
			v, err := api.App.SetActionPointStatus(ctx, s, r.PathValue("id"), commons.ActionPointStatus(in.Status))
			return actionPointOut(v), err
		})
}
