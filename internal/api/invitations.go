package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// NewInvitation invites people by mail or makes a link.
type NewInvitation struct {
	Email          string `json:"email,omitempty" jsonschema:"format=email,maxLength=254,description=Mail the invitation to this address (one use); empty makes a link"`
	OrganizationID string `json:"organization_id,omitempty" jsonschema:"description=Also into this organization; its admins may invite"`
	MaxUses        int    `json:"max_uses,omitempty" jsonschema:"minimum=1,maximum=500,description=How many people the link lets in (default 1)"`
	Days           int    `json:"days,omitempty" jsonschema:"minimum=1,maximum=90,description=How long it works (default 14)"`
}

// Invitation is an invitation; Link and Token only in the answer that
// makes it.
type Invitation struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id,omitempty"`
	Email          string    `json:"email,omitempty"`
	MaxUses        int       `json:"max_uses"`
	Uses           int       `json:"uses"`
	ExpiresAt      time.Time `json:"expires_at"`
	CreatedAt      time.Time `json:"created_at"`
	Token          string    `json:"token,omitempty"`
	Link           string    `json:"link,omitempty"`
}

// Accepted is the community an invitation let the caller into.
type Accepted struct {
	Community string `json:"community" jsonschema:"description=The community's slug"`
}

func invitationOut(i commons.Invitation) Invitation {
	return Invitation{ID: i.ID, OrganizationID: i.OrganizationID, Email: i.Email, MaxUses: i.MaxUses, Uses: i.Uses,
		ExpiresAt: i.ExpiresAt, CreatedAt: i.CreatedAt}
}

func (api *API) routesInvitations() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/invitations", id: "createInvitation",
		summary: "Invite people by mail or make an invitation link", status: http.StatusCreated, auth: true, optionalBody: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewInvitation) (Invitation, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Invitation{}, err
			}
			secret, inv, err := api.App.Invite(ctx, s, commons.NewInvitation{Email: in.Email, OrganizationID: in.OrganizationID,
				MaxUses: in.MaxUses, Days: in.Days})
			out := invitationOut(inv)
			out.Token, out.Link = secret, strings.TrimRight(api.App.PublicURL, "/")+app.InvitationLinkPath+secret
			return out, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/invitations", id: "listInvitations",
		summary: "The community's invitations (editors)", status: http.StatusOK, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Invitation], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Invitation]{}, err
			}
			invs, err := api.App.Invitations(ctx, s)
			return listOf(invs, "", invitationOut), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/communities/{slug}/invitations/{id}", id: "deleteInvitation",
		summary: "Withdraw an invitation", status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.WithdrawInvitation(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "POST", path: "/api/v1/invitations/{token}", id: "acceptInvitation",
		summary: "Accept an invitation: the caller joins its community (and organization)", status: http.StatusOK,
		auth: true, optionalBody: true, errors: []int{401, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Accepted, error) {
			c, err := api.App.AcceptInvitation(ctx, reqctx.User(ctx), r.PathValue("token"))
			return Accepted{Community: c.Slug}, err
		})
}
