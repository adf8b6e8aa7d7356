package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/reqctx"
)

// MatchReason is one named part of a match's score.
type MatchReason struct {
	Code   string `json:"code" jsonschema:"description=words, kind, language, near, in_town, free, other_sector, light_load, some_load or trusted"`
	Label  string `json:"label" jsonschema:"description=The reason in the caller's language"`
	Points int    `json:"points"`
}

// MatchCandidate is one suggestion: what could answer (or, for an offer,
// what it could meet), its score and why.
type MatchCandidate struct {
	Type    string        `json:"type" jsonschema:"enum=resource,enum=intent,enum=person,enum=need,enum=proposal,enum=organization,enum=activity"`
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	Owner   string        `json:"owner" jsonschema:"description=The person or organization behind it"`
	Path    string        `json:"path" jsonschema:"description=Its page"`
	Score   int           `json:"score"`
	Reasons []MatchReason `json:"reasons"`
	Act     string        `json:"act,omitempty" jsonschema:"description=What acting on it would do for the caller: pledge, teach, host, answer_request, answer_offer, ask or register; absent when the caller may not act"`
}

// MatchSeeker is the thing suggestions are for.
type MatchSeeker struct {
	Type  string `json:"type" jsonschema:"enum=need,enum=proposal,enum=intent"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Matches are the suggestions for one seeker, best first.
type Matches struct {
	Seeker  MatchSeeker      `json:"seeker"`
	Reverse bool             `json:"reverse" jsonschema:"description=True for an offer: the items are what it could meet"`
	Items   []MatchCandidate `json:"items"`
}

func matchesOut(l *i18n.Localizer, mv app.MatchesView) Matches {
	out := Matches{Seeker: MatchSeeker{Type: string(mv.Seeker.Type), ID: mv.Seeker.ID, Title: mv.Seeker.Title}, Reverse: mv.Reverse,
		Items: []MatchCandidate{}}
	for _, m := range mv.Matches {
		c := MatchCandidate{Type: string(m.Type), ID: m.ID, Title: m.Title, Owner: m.OwnerName, Path: m.Path, Score: m.Score,
			Reasons: []MatchReason{}, Act: m.Act}
		for _, r := range m.Reasons {
			c.Reasons = append(c.Reasons, MatchReason{Code: r.Code, Label: l.Msg(commons.Message{Key: r.Key(), Args: r.Args}), Points: r.Points})
		}
		out.Items = append(out.Items, c)
	}
	return out
}

// MatchAction names one suggestion to act on or decline.
type MatchAction struct {
	SeekerType    string `json:"seeker_type" jsonschema:"enum=need,enum=proposal,enum=intent"`
	SeekerID      string `json:"seeker_id"`
	CandidateType string `json:"candidate_type" jsonschema:"enum=resource,enum=intent,enum=person,enum=need,enum=proposal,enum=organization,enum=activity"`
	CandidateID   string `json:"candidate_id"`
	Note          string `json:"note,omitempty" jsonschema:"maxLength=500"`
}

// MatchResult is what acting on a suggestion made.
type MatchResult struct {
	ResultType string `json:"result_type" jsonschema:"enum=pledge,enum=interest,enum=answer,enum=asked,enum=registration"`
	ResultID   string `json:"result_id"`
	Path       string `json:"path" jsonschema:"description=Where to see it"`
}

// MatchSuggestion puts one suggestion to one side of it.
type MatchSuggestion struct {
	MatchAction
	Side string `json:"side" jsonschema:"enum=seeker,enum=candidate,description=To the people behind the seeker or those who answer for the candidate"`
}

// MatchSuggested says how many people were told of a suggestion.
type MatchSuggested struct {
	Told int `json:"told"`
}

// Synonyms are groups of words the matcher takes to mean the same.
type Synonyms struct {
	Groups [][]string `json:"groups"`
}

// NewSynonyms adds a community's own group of synonyms.
type NewSynonyms struct {
	Words []string `json:"words" jsonschema:"minItems=2,maxItems=20"`
}

func (api *API) routesMatches() {
	api.routesHome()
	api.routesOverview()
	api.routesSearch()
	api.routesOrganizationWork()
	for _, c := range []struct {
		typ      commons.SubjectType
		path, id string
		summary  string
	}{
		{commons.SubjectNeed, "/api/v1/needs/{id}/matches", "needMatches", "Who and what could meet an initiative's need, with reasons"},
		{commons.SubjectProposal, "/api/v1/proposals/{id}/matches", "proposalMatches", "Who could teach or host what a learner asked for, with reasons"},
		{commons.SubjectIntent, "/api/v1/intents/{id}/matches", "intentMatches", "For a request: what could answer it; for an offer: the needs and requests it could meet"},
	} {
		handle(api, op{method: "GET", path: c.path, id: c.id, summary: c.summary + "; members", status: http.StatusOK, auth: true,
			errors: []int{401, 404}},
			func(ctx context.Context, r *http.Request, _ *Empty) (Matches, error) {
				s, err := api.scopeOf(ctx, r, c.typ)
				if err != nil {
					return Matches{}, err
				}
				mv, err := api.App.Matches(ctx, s, c.typ, r.PathValue("id"))
				return matchesOut(api.localizer(r), mv), err
			})
	}

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/matches/act", id: "actOnMatch",
		summary: "Turn a suggestion into a pledge, an offer to teach or host, an answer, a registration, or a request to its owner; acting twice gives one result",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MatchAction) (MatchResult, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return MatchResult{}, err
			}
			res, err := api.App.ActOnMatch(ctx, s, commons.SubjectType(in.SeekerType), in.SeekerID, commons.SubjectType(in.CandidateType), in.CandidateID, in.Note)
			return MatchResult{ResultType: res.ResultType, ResultID: res.ResultID, Path: res.Path}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/matches/decline", id: "declineMatch",
		summary: "Decline a suggestion: it is not made to this pair again", status: http.StatusNoContent, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MatchAction) (Empty, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.DeclineMatch(ctx, s, commons.SubjectType(in.SeekerType), in.SeekerID, commons.SubjectType(in.CandidateType), in.CandidateID)
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/matches/suggest", id: "suggestMatch",
		summary: "A learning champion suggests a suggestion to one side of it, with a note; they are told and can act or decline; editors and stewards",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MatchSuggestion) (MatchSuggested, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return MatchSuggested{}, err
			}
			n, err := api.App.SuggestMatch(ctx, s, commons.SubjectType(in.SeekerType), in.SeekerID, commons.SubjectType(in.CandidateType),
				in.CandidateID, in.Side, in.Note)
			return MatchSuggested{Told: n}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/synonyms", id: "listSynonyms",
		summary: "The groups of words the matcher takes to mean the same: the standard ones and the community's own", status: http.StatusOK,
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Synonyms, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Synonyms{}, err
			}
			g, err := api.App.Synonyms(ctx, s)
			return Synonyms{Groups: g}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/synonyms", id: "addSynonyms",
		summary: "Add a group of words that mean the same for matching; editors", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewSynonyms) (Synonyms, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Synonyms{}, err
			}
			g, err := api.App.AddSynonyms(ctx, s, in.Words)
			return Synonyms{Groups: g}, err
		})
}

// HomeWaiting is something waiting for the caller's decision.
type HomeWaiting struct {
	Kind      string `json:"kind" jsonschema:"enum=booking_requests,enum=pledges,enum=signatures,enum=applications"`
	Community string `json:"community" jsonschema:"description=The community's slug"`
	Title     string `json:"title" jsonschema:"description=The resource or initiative; empty for applications"`
	Count     int    `json:"count"`
	Path      string `json:"path" jsonschema:"description=Where it is decided"`
}

// HomeEvent is a booking or an activity in the caller's week.
type HomeEvent struct {
	Type      string    `json:"type" jsonschema:"enum=booking,enum=activity"`
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Status    string    `json:"status"`
	Community string    `json:"community,omitempty"`
}

// HomeMatches are the suggestions for one of the caller's offers or requests.
type HomeMatches struct {
	IntentID  string          `json:"intent_id"`
	Direction string          `json:"direction"`
	Title     string          `json:"title"`
	Community string          `json:"community"`
	Count     int             `json:"count"`
	Best      *MatchCandidate `json:"best"`
	Path      string          `json:"path"`
}

// JSONSchemaExtend marks best as null when nothing matches.
func (HomeMatches) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "best") }

// HomeCommunity is a community the caller belongs to or applied to.
type HomeCommunity struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Home is what waits for the caller: decisions, their week, new matches,
// their communities.
type Home struct {
	Waiting     []HomeWaiting   `json:"waiting"`
	Week        []HomeEvent     `json:"week"`
	Matches     []HomeMatches   `json:"matches"`
	Communities []HomeCommunity `json:"communities"`
}

func homeOut(l *i18n.Localizer, h app.Home) Home {
	out := Home{Waiting: []HomeWaiting{}, Week: []HomeEvent{}, Matches: []HomeMatches{}, Communities: []HomeCommunity{}}
	for _, w := range h.Waiting {
		out.Waiting = append(out.Waiting, HomeWaiting{Kind: w.Kind, Community: w.CommunitySlug, Title: w.Title, Count: w.Count, Path: w.Path})
	}
	for _, b := range h.Bookings {
		out.Week = append(out.Week, HomeEvent{Type: "booking", ID: b.ID, Title: b.ResourceTitle, StartsAt: b.StartsAt, EndsAt: b.EndsAt, Status: string(b.Status)})
	}
	for _, a := range h.Activities {
		out.Week = append(out.Week, HomeEvent{Type: "activity", ID: a.ID, Title: a.Title, StartsAt: a.StartsAt, EndsAt: a.EndsAt,
			Status: string(a.Status), Community: a.Community.Slug})
	}
	for _, m := range h.Matches {
		hm := HomeMatches{IntentID: m.Intent.SubjectID, Direction: m.Intent.Kind, Title: m.Intent.Title, Community: m.Intent.CommunitySlug,
			Count: m.Count, Path: m.Path}
		if m.Best != nil {
			one := matchesOut(l, app.MatchesView{Matches: []app.MatchView{*m.Best}}).Items[0]
			hm.Best = &one
		}
		out.Matches = append(out.Matches, hm)
	}
	for i, c := range h.Communities {
		out.Communities = append(out.Communities, HomeCommunity{Slug: c.Slug, Name: c.Name, Status: string(h.Statuses[i])})
	}
	return out
}

func (api *API) routesHome() {
	handle(api, op{method: "GET", path: "/api/v1/me/home", id: "myHome",
		summary: "What waits for the caller: decisions, their week, new matches for their offers and requests, their communities",
		status:  http.StatusOK, auth: true, errors: []int{401}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Home, error) {
			h, err := api.App.MyHome(ctx, reqctx.User(ctx))
			return homeOut(api.localizer(r), h), err
		})
}

// OverviewLine is one thing waiting in a community, with where it is acted on.
type OverviewLine struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Detail string    `json:"detail,omitempty" jsonschema:"description=A need's kind, an organization's sector, a commitment's party"`
	Count  int       `json:"count"`
	Since  time.Time `json:"since"`
	Path   string    `json:"path"`
}

// OverviewSection is one section of the overview.
type OverviewSection struct {
	Name  string         `json:"name" jsonschema:"enum=unmet_needs,enum=proposals_without_teacher,enum=booking_requests,enum=pledges_waiting,enum=signatures_waiting,enum=overdue_commitments,enum=applications,enum=unvouched_newcomers,enum=quiet_organizations"`
	Lines []OverviewLine `json:"lines"`
}

// OverviewBest is the best suggestion not yet acted on for something waiting.
type OverviewBest struct {
	Seeker MatchSeeker    `json:"seeker"`
	Path   string         `json:"path" jsonschema:"description=The seeker's suggestions"`
	Match  MatchCandidate `json:"match"`
}

// Overview is the learning champion's view of what waits in a community.
type Overview struct {
	Sections    []OverviewSection `json:"sections"`
	BestMatches []OverviewBest    `json:"best_matches"`
	Brokered    OverviewBrokered  `json:"brokered"`
}

// OverviewBrokered counts what the matcher brought about: suggestions
// acted on, and how many of them led to each outcome.
type OverviewBrokered struct {
	Acted    int               `json:"acted" jsonschema:"description=Suggestions someone acted on"`
	Outcomes []OverviewOutcome `json:"outcomes"`
}

// OverviewOutcome is how many acted-on suggestions led to one outcome.
type OverviewOutcome struct {
	Outcome string `json:"outcome" jsonschema:"enum=pledge_accepted,enum=fulfilled,enum=activity,enum=registered"`
	Count   int    `json:"count"`
}

func (api *API) routesOverview() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/overview", id: "communityOverview",
		summary: "What waits in a community, oldest first, each line with where it is acted on; editors and stewards", status: http.StatusOK,
		auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Overview, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Overview{}, err
			}
			o, err := api.App.Overview(ctx, s)
			out := Overview{Sections: []OverviewSection{}, BestMatches: []OverviewBest{}, Brokered: OverviewBrokered{Acted: o.Brokered.Acted,
				Outcomes: []OverviewOutcome{}}}
			for _, name := range commons.MatchOutcomes {
				out.Brokered.Outcomes = append(out.Brokered.Outcomes, OverviewOutcome{Outcome: name, Count: o.Brokered.Outcomes[name]})
			}
			for _, sec := range o.Sections {
				os := OverviewSection{Name: sec.Name, Lines: []OverviewLine{}}
				for _, l := range sec.Lines {
					os.Lines = append(os.Lines, OverviewLine{ID: l.SubjectID, Title: l.Title, Detail: l.Detail, Count: l.Count, Since: l.Since, Path: l.Path})
				}
				out.Sections = append(out.Sections, os)
			}
			l := api.localizer(r)
			for _, b := range o.BestMatches {
				m := matchesOut(l, app.MatchesView{Matches: []app.MatchView{b.Match}}).Items[0]
				out.BestMatches = append(out.BestMatches, OverviewBest{Seeker: MatchSeeker{Type: string(b.Seeker.Type), ID: b.Seeker.ID,
					Title: b.Seeker.Title}, Path: b.Path, Match: m})
			}
			return out, err
		})
}

// SearchResult is one thing a community-wide search found.
type SearchResult struct {
	Type    string `json:"type" jsonschema:"enum=resource,enum=organization,enum=initiative,enum=activity,enum=intent,enum=proposal,enum=thread,enum=person"`
	ID      string `json:"id"`
	Title   string `json:"title" jsonschema:"description=For a person: their name"`
	Snippet string `json:"snippet" jsonschema:"description=For a person: the skills they teach"`
	Score   int    `json:"score"`
	Path    string `json:"path"`
}

func (api *API) routesSearch() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/search", id: "searchCommunity",
		summary: "Search a community across kinds, ranked; threads, community-only offers and private people for members", status: http.StatusOK,
		query: []queryParam{{name: "q", typ: "string", description: "Words to find (all of them)"}}, errors: []int{404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[SearchResult], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[SearchResult]{}, err
			}
			rs, err := api.App.Search(ctx, s, r.URL.Query().Get("q"))
			return listOf(rs, "", func(x app.SearchResult) SearchResult {
				return SearchResult{Type: string(x.Type), ID: x.ID, Title: x.Title, Snippet: x.Snippet, Score: x.Score, Path: x.Path}
			}), err
		})
}

// WorkItem is one thing an organization does.
type WorkItem struct {
	Type  string `json:"type" jsonschema:"enum=resource,enum=activity,enum=initiative"`
	ID    string `json:"id"`
	Title string `json:"title"`
	Role  string `json:"role,omitempty" jsonschema:"enum=leads,enum=party,enum=pledged,description=For initiatives: how it takes part"`
}

// OrganizationWork is what an organization does in its community.
type OrganizationWork struct {
	Items       []WorkItem `json:"items" jsonschema:"description=What it runs that is in use (archived things leave this list)"`
	Archived    []WorkItem `json:"archived,omitempty" jsonschema:"description=Its archived resources and initiatives: for the organization's admins only"`
	Commitments struct {
		Kept    int `json:"kept"`
		Missed  int `json:"missed"`
		Pending int `json:"pending"`
		Overdue int `json:"overdue"`
	} `json:"commitments"`
	Intents []Intent `json:"intents" jsonschema:"description=Its live offers and requests the caller may see"`
}

func (api *API) routesOrganizationWork() {
	handle(api, op{method: "GET", path: "/api/v1/organizations/{id}/work", id: "organizationWork",
		summary: "What an organization does: resources, activities, initiatives, commitments kept and missed, offers and requests",
		status:  http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (OrganizationWork, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return OrganizationWork{}, err
			}
			w, err := api.App.OrganizationWork(ctx, s, r.PathValue("id"))
			out := OrganizationWork{Items: []WorkItem{}, Intents: []Intent{}}
			for _, it := range w.Items {
				out.Items = append(out.Items, WorkItem{Type: string(it.Type), ID: it.ID, Title: it.Title, Role: it.Role})
			}
			for _, it := range w.Archived {
				out.Archived = append(out.Archived, WorkItem{Type: string(it.Type), ID: it.ID, Title: it.Title, Role: it.Role})
			}
			out.Commitments.Kept, out.Commitments.Missed, out.Commitments.Pending, out.Commitments.Overdue = w.Kept, w.Missed, w.Pending, w.Overdue
			for _, i := range w.Intents {
				out.Intents = append(out.Intents, intentOut(i))
			}
			return out, err
		})
}
