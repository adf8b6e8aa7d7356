package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (api *API) routesOrganizations() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/organizations", id: "createOrganization",
		summary: "Put an organization on a community's map; the caller administers it", status: http.StatusCreated,
		auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *NewOrganization) (Organization, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Organization{}, err
			}
			o, err := api.App.CreateOrganization(ctx, s, commons.OrganizationFields{
				Name: in.Name, Sector: commons.Sector(in.Sector), Description: in.Description, Website: in.Website,
				Email: in.Email, Address: in.Address, Contact: contactIn(in.Contact),
				Place: commons.PostalAddress{City: in.City, Region: in.Region, PostalCode: in.PostalCode, Country: in.Country}})
			return organizationOut(o), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/organizations", id: "listOrganizations",
		summary: "A community's directory of organizations, by name", status: http.StatusOK,
		query: append([]queryParam{
			{name: "sector", typ: "string", description: "Only this sector"},
			{name: "q", typ: "string", description: "Words that must all appear in the name or description"},
		}, pageParams...), errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Organization], error) {
			p, err := page(r)
			if err != nil {
				return List[Organization]{}, err
			}
			q := r.URL.Query()
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Organization]{}, err
			}
			os, next, err := api.App.Organizations(ctx, s, commons.OrganizationFilter{
				Sector: commons.Sector(q.Get("sector")), Query: q.Get("q"), Page: p})
			return listOf(os, next, organizationOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/organizations/{id}", id: "getOrganization", summary: "One organization",
		status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Organization, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return Organization{}, err
			}
			o, err := api.App.Organization(ctx, s, r.PathValue("id"))
			if err != nil {
				return Organization{}, err
			}
			out := organizationOut(o.Organization)
			out.ContentLanguages, err = api.languagesOf(ctx, s, commons.SubjectOrganization, o.Organization.ID)
			return out, err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/organizations/{id}", id: "updateOrganization",
		summary: "Edit an organization (its admins only)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *OrganizationChange) (Organization, error) {
			ch := commons.OrganizationChange{Name: in.Name, Description: in.Description, Website: in.Website, Email: in.Email, Address: in.Address,
				Place: commons.PlaceChange{City: in.City, Region: in.Region, PostalCode: in.PostalCode, Country: in.Country}}
			if in.Contact != nil {
				c := contactIn(in.Contact)
				ch.Contact = &c
			}
			if in.Sector != nil {
				s := commons.Sector(*in.Sector)
				ch.Sector = &s
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return Organization{}, err
			}
			o, err := api.App.UpdateOrganization(ctx, s, r.PathValue("id"), ch)
			return organizationOut(o), err
		})

	handle(api, op{method: "GET", path: "/api/v1/organizations/{id}/members", id: "listOrganizationMembers",
		summary: "An organization's people", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[OrgMember], error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return List[OrgMember]{}, err
			}
			return api.orgMembers(ctx, s, r.PathValue("id"))
		})

	handle(api, op{method: "POST", path: "/api/v1/organizations/{id}/members", id: "setOrganizationMember",
		summary: "Add a community member to an organization, or change their role (admins only)", status: http.StatusOK,
		auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *OrgMemberChange) (List[OrgMember], error) {
			id := r.PathValue("id")
			if in.Role == "" {
				var v commons.Validator
				commons.OneOf(&v, "role", commons.OrgRole(in.Role), commons.OrgRoles)
				return List[OrgMember]{}, v.Err()
			}
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return List[OrgMember]{}, err
			}
			if err := api.App.SetOrgMember(ctx, s, id, in.UserID, commons.OrgRole(in.Role)); err != nil {
				return List[OrgMember]{}, err
			}
			return api.orgMembers(ctx, s, id)
		})

	handle(api, op{method: "DELETE", path: "/api/v1/organizations/{id}/members/{user_id}", id: "removeOrganizationMember",
		summary: "Remove a person from an organization (admins, or the person themselves)", status: http.StatusNoContent,
		auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectOrganization)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.SetOrgMember(ctx, s, r.PathValue("id"), r.PathValue("user_id"), "")
		})
}

func (api *API) orgMembers(ctx context.Context, s app.Scope, id string) (List[OrgMember], error) {
	o, err := api.App.Organization(ctx, s, id)
	return listOf(o.People, "", orgMemberOut), err
}

func orgMemberOut(m commons.OrgMembership) OrgMember {
	return OrgMember{UserID: m.UserID, Name: m.Name, Role: string(m.Role), AddedAt: m.AddedAt}
}
