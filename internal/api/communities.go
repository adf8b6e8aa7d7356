package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

var pageParams = []queryParam{
	{name: "limit", typ: "integer", description: "Items per page: 50 by default, 200 at most"},
	{name: "cursor", typ: "string", description: "The next_cursor of the previous page"},
}

func (api *API) routesCommunities() {
	handle(api, op{method: "POST", path: "/api/v1/communities", id: "createCommunity",
		summary: "Start a community; the caller becomes its first member, with every role",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewCommunity) (Community, error) {
			c, err := api.App.CreateCommunity(ctx, reqctx.User(ctx), commons.NewCommunity{Slug: in.Slug, Name: in.Name,
				Description: in.Description, Languages: in.Languages, TimeZone: in.TimeZone, RequiresApplication: in.RequiresApplication})
			return communityOut(c), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities", id: "listCommunities", summary: "List communities",
		status: http.StatusOK, query: pageParams, errors: []int{400}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Community], error) {
			p, err := page(r)
			if err != nil {
				return List[Community]{}, err
			}
			cs, next, err := api.App.Communities(ctx, p)
			return listOf(cs, next, communityOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}", id: "getCommunity", summary: "One community",
		status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Community, error) {
			c, err := api.App.Community(ctx, r.PathValue("slug"))
			return communityOut(c), err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/communities/{slug}", id: "updateCommunity",
		summary: "Change a community's settings (editors only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *CommunityChange) (Community, error) {
			ch := commons.CommunityChange{Name: in.Name, Description: in.Description, Languages: in.Languages,
				TimeZone: in.TimeZone, RequiresApplication: in.RequiresApplication, AccessibilityFeatures: in.AccessibilityFeatures,
				TrustQuota: in.TrustQuota, FlagThreshold: in.FlagThreshold, ReviewDays: in.ReviewDays,
				ApplicationQuestions: in.ApplicationQuestions}
			if in.TrustThreshold.Set {
				ch.TrustThreshold = &in.TrustThreshold.Value
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return Community{}, err
			}
			c, err := api.App.UpdateCommunity(ctx, s, ch)
			return communityOut(c), err
		})

	// Joining answers 201 for a member and 202 for an application that
	// waits, so the handler writes its own status.
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/members", id: "joinCommunity",
		summary: "Join a community: 201 as a member, or 202 when the application waits for the editors",
		status:  http.StatusCreated, also: []int{http.StatusAccepted}, optionalBody: true, auth: true, errors: []int{400, 401, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *JoinRequest) (statusOut[Joined], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return statusOut[Joined]{}, err
			}
			status, err := api.App.Join(ctx, s, in.Application, in.Answers)
			code := http.StatusCreated
			if status == commons.MemberPending {
				code = http.StatusAccepted
			}
			return statusOut[Joined]{code: code, body: Joined{Status: string(status)}}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/members", id: "listMembers", summary: "A community's active members",
		status: http.StatusOK, query: pageParams, errors: []int{400, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Member], error) {
			p, err := page(r)
			if err != nil {
				return List[Member]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Member]{}, err
			}
			ms, next, err := api.App.Members(ctx, s, p)
			return listOf(ms, next, memberOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/applications", id: "listApplications",
		summary: "Applications that wait (members read them and comment; editors decide)", status: http.StatusOK, auth: true, query: pageParams,
		errors: []int{400, 401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Member], error) {
			p, err := page(r)
			if err != nil {
				return List[Member]{}, err
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Member]{}, err
			}
			ms, next, err := api.App.Applications(ctx, s, p)
			return listOf(ms, next, memberOut), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/applications/{user_id}/comments", id: "commentOnApplication",
		summary: "Comment on a waiting application, for the editors who decide it (members)", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ApplicationComment) (Member, error) {
			uid := r.PathValue("user_id")
			s, err := api.scope(ctx, r)
			if err != nil {
				return Member{}, err
			}
			if err := api.App.CommentOnApplication(ctx, s, uid, in.Body); err != nil {
				return Member{}, err
			}
			ms, _, err := api.App.Applications(ctx, s, commons.Page{Limit: commons.MaxPageSize})
			for _, m := range ms {
				if m.UserID == uid {
					return memberOut(m), err
				}
			}
			return Member{}, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/members/{user_id}", id: "getMember",
		summary: "One member, with roles and trust received", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Member, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Member{}, err
			}
			m, err := api.App.Member(ctx, s, r.PathValue("user_id"))
			return memberOut(m.Member), err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/members/{user_id}/decision", id: "decideApplication",
		summary: "Admit or decline an application (editors only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *Decision) (Member, error) {
			var v commons.Validator
			commons.OneOf(&v, "decision", in.Decision, []string{"admit", "decline"})
			if err := v.Err(); err != nil {
				return Member{}, err
			}
			uid := r.PathValue("user_id")
			s, err := api.scope(ctx, r)
			if err != nil {
				return Member{}, err
			}
			if err := api.App.DecideApplication(ctx, s, uid, in.Decision == "admit"); err != nil {
				return Member{}, err
			}
			m, err := api.App.Member(ctx, s, uid)
			return memberOut(m.Member), err
		})
}
