package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// TrustRequest gives trust for a role, or for one resource.
type TrustRequest struct {
	Role       string `json:"role,omitempty" jsonschema:"enum=member,enum=editor,enum=steward"`
	ResourceID string `json:"resource_id,omitempty"`
}

// TrustEdge is one member vouching for another.
type TrustEdge struct {
	GiverID      string    `json:"giver_id"`
	GiverName    string    `json:"giver_name"`
	ReceiverID   string    `json:"receiver_id"`
	ReceiverName string    `json:"receiver_name"`
	Role         string    `json:"role"`
	CreatedAt    time.Time `json:"created_at"`
}

func (api *API) routesTrust() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/members/{user_id}/trust", id: "giveTrust",
		summary: "Vouch for a member: {role} for a role, or {resource_id} to book one resource without asking",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *TrustRequest) (Member, error) {
			uid := r.PathValue("user_id")
			s, err := api.scope(ctx, r)
			if err != nil {
				return Member{}, err
			}
			switch {
			case (in.Role == "") == (in.ResourceID == ""):
				err = invalidField("role", commons.Msg("error.trust.role_or_resource"))
			case in.ResourceID != "":
				err = api.App.TrustResourceFor(ctx, s, uid, in.ResourceID, true)
			default:
				err = api.App.GiveTrust(ctx, s, uid, commons.Role(in.Role))
			}
			if err != nil {
				return Member{}, err
			}
			m, err := api.App.Member(ctx, s, uid)
			return memberOut(m.Member), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/communities/{slug}/members/{user_id}/trust", id: "revokeTrust",
		summary: "Take trust back: ?role= for a role, or ?resource_id= for a resource", status: http.StatusNoContent, auth: true,
		query:  []queryParam{{name: "role", typ: "string"}, {name: "resource_id", typ: "string"}},
		errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			uid := r.PathValue("user_id")
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			q := r.URL.Query()
			switch role, res := q.Get("role"), q.Get("resource_id"); {
			case (role == "") == (res == ""):
				return Empty{}, invalidField("role", commons.Msg("error.trust.role_or_resource"))
			case res != "":
				return Empty{}, api.App.TrustResourceFor(ctx, s, uid, res, false)
			default:
				return Empty{}, api.App.RevokeTrust(ctx, s, uid, commons.Role(role))
			}
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/trust", id: "listTrust",
		summary: "Who vouches for whom, for what, since when (members only)", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[TrustEdge], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[TrustEdge]{}, err
			}
			es, err := api.App.TrustEdges(ctx, s, "")
			return listOf(es, "", func(e commons.TrustEdge) TrustEdge {
				return TrustEdge{GiverID: e.GiverID, GiverName: e.GiverName, ReceiverID: e.ReceiverID, ReceiverName: e.ReceiverName,
					Role: string(e.Role), CreatedAt: e.At}
			}), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/communities/{slug}/members/me", id: "leaveCommunity",
		summary: "Leave a community; the trust you gave stops counting", status: http.StatusNoContent, auth: true,
		errors: []int{401, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.Leave(ctx, s)
		})
}
