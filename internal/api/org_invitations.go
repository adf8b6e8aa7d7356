package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NewOrgInvitation invites a member of the community into an
// organization.
type NewOrgInvitation struct {
	UserID string `json:"user_id" jsonschema:"description=A member of the organization's community"`
	Role   string `json:"role,omitempty" jsonschema:"enum=admin,enum=member,description=The role they get on accepting (default member)"`
}

// OrgInvitation is an invitation into an organization, waiting for an
// answer.
type OrgInvitation struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id"`
	Organization   string    `json:"organization"`
	UserID         string    `json:"user_id"`
	UserName       string    `json:"user_name"`
	Role           string    `json:"role" jsonschema:"enum=admin,enum=member"`
	InvitedBy      string    `json:"invited_by"`
	CreatedAt      time.Time `json:"created_at"`
}

func orgInvitationOut(i commons.OrgInvitation) OrgInvitation {
	return OrgInvitation{ID: i.ID, OrganizationID: i.OrganizationID, Organization: i.OrganizationName, UserID: i.UserID,
		UserName: i.UserName, Role: string(i.Role), InvitedBy: i.InviterName, CreatedAt: i.CreatedAt}
}

func (api *API) routesOrgInvitations() {
	handle(api, op{method: "POST", path: "/api/v1/organizations/{id}/invitations", id: "inviteToOrganization",
		summary: "Invite a member of the community into the organization (its admins); they are told and accept or decline",
		status:  http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewOrgInvitation) (OrgInvitation, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return OrgInvitation{}, err
			}
			role := commons.OrgRole(in.Role)
			if role == "" {
				role = commons.OrgMember
			}
			inv, _, err := api.App.InviteToOrganization(ctx, s, r.PathValue("id"), app.Picked{Field: "user_id", ID: in.UserID}, role)
			return orgInvitationOut(inv), err
		})

	handle(api, op{method: "GET", path: "/api/v1/organizations/{id}/invitations", id: "listOrganizationInvitations",
		summary: "The organization's invitations waiting for an answer (its admins)", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[OrgInvitation], error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return List[OrgInvitation]{}, err
			}
			invs, err := api.App.OrgInvitations(ctx, s, r.PathValue("id"))
			return listOf(invs, "", orgInvitationOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/me/organization-invitations", id: "myOrganizationInvitations",
		summary: "The invitations into the community's organizations waiting for your answer", status: http.StatusOK, auth: true,
		errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[OrgInvitation], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[OrgInvitation]{}, err
			}
			invs, err := api.App.MyOrgInvitations(ctx, s)
			return listOf(invs, "", orgInvitationOut), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/organizations/{id}/invitations/{invitation_id}", id: "withdrawOrganizationInvitation",
		summary: "Withdraw an invitation still waiting (its admins)", status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.WithdrawOrgInvitation(ctx, s, r.PathValue("id"), r.PathValue("invitation_id"))
		})

	for _, answer := range []struct {
		verb, id, summary string
		accept            bool
	}{
		{"accept", "acceptOrganizationInvitation", "Accept your invitation: you join the organization with its role", true},
		{"decline", "declineOrganizationInvitation", "Decline your invitation", false},
	} {
		handle(api, op{method: "POST", path: "/api/v1/organizations/{id}/invitations/{invitation_id}/" + answer.verb, id: answer.id,
			summary: answer.summary, status: http.StatusNoContent, auth: true, optionalBody: true, errors: []int{401, 403, 404, 409}},
			func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
				s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
				if err != nil {
					return Empty{}, err
				}
				return Empty{}, api.App.AnswerOrgInvitation(ctx, s, r.PathValue("id"), r.PathValue("invitation_id"), answer.accept)
			})
	}
}
