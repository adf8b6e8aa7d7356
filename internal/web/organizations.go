package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

func (w *Web) routesOrganizations(m router) {
	m.CachedByRole("GET /c/{slug}/organizations", w.organizations)
	m.Page("GET /c/{slug}/organizations/new", w.newOrganizationPage)
	m.Form("POST /c/{slug}/organizations/new", w.createOrganization, w.newOrganizationPage)
	m.Page("GET /c/{slug}/organizations/{id}", w.organization)
	m.Page("GET /c/{slug}/organizations/{id}/edit", w.editOrganizationPage)
	m.Form("POST /c/{slug}/organizations/{id}/edit", w.updateOrganization, w.editOrganizationPage)
	m.Form("POST /c/{slug}/organizations/{id}/members", w.addOrgMember, w.organization)
	m.Form("POST /c/{slug}/organizations/{id}/members/{user_id}/remove", w.removeOrgMember, w.organization)
}

type directoryData struct {
	Organizations []commons.Organization
	Sectors       []commons.Sector
	Sector        commons.Sector
	Query         string
	Next          string
}

// organizations is the directory. Its filter form works as a plain GET;
// with htmx, typing refreshes only the results.
func (w *Web) organizations(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	d := directoryData{Sectors: commons.Sectors, Sector: commons.Sector(q.Get("sector")), Query: q.Get("q")}
	var err error
	d.Organizations, d.Next, err = w.App.Organizations(r.Context(), v.Scope, commons.OrganizationFilter{
		Sector: d.Sector, Query: d.Query, Page: commons.Page{Cursor: q.Get("cursor")}})
	if err != nil {
		return "", err
	}
	w.translateList(r, v, commons.SubjectOrganization, len(d.Organizations), func(i int) (string, *string, *string) {
		o := &d.Organizations[i]
		return o.ID, &o.Name, &o.Description
	})
	v.Title, v.Data = v.L.T("organizations.title"), d
	return "organizations", nil
}

type organizationData struct {
	app.OrganizationView
	Moderation moderationView
	// Overdue are the organization's partnership commitments past due.
	Overdue []commons.Commitment
	// Work is what it does (brokering): resources, activities,
	// initiatives, commitments, offers and requests.
	Work app.OrganizationWork
	// Invitations are those waiting: for its admins, and the reader's own.
	Invitations app.OrgInvitationsView
}

// organization is an organization's page; on a failed change to its people
// it shows the form again with the problems (v.Form already set).
func (w *Web) organization(r *http.Request, v *view) (string, error) {
	d, err := w.App.Organization(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectOrganization, d.Organization.ID, d.May.Manage, &d.Organization.Name, &d.Organization.Description)
	o := d.Organization
	if v.Form == nil {
		v.Form = &form{}
	}
	if v.Form.Get("role") == "" { // the add-person form starts at "member"
		if v.Form.Values == nil {
			v.Form.Values = map[string][]string{}
		}
		v.Form.Values["role"] = []string{string(commons.OrgMember)}
	}
	v.Title = o.Name
	mv, err := w.moderationView(r, v, commons.SubjectOrganization, o.ID, o.CreatedBy, o.Moderation)
	if err != nil {
		return "", err
	}
	v.Talk = w.talkAbout(r, v, commons.SubjectOrganization, o.ID)
	overdue, err := w.App.OverdueCommitments(r.Context(), o)
	if err != nil {
		return "", err
	}
	work, err := w.App.OrganizationWork(r.Context(), v.Scope, o.ID)
	if err != nil {
		return "", err
	}
	if d.May.Manage {
		if err := w.offerMembers(r.Context(), v); err != nil {
			return "", err
		}
	}
	invs, err := w.App.OrgInvitationsFor(r.Context(), v.Scope, o.ID)
	if err != nil {
		return "", err
	}
	v.Data = organizationData{OrganizationView: d, Moderation: mv, Overdue: overdue, Work: work, Invitations: invs}
	return "organization", nil
}

type organizationFormData struct {
	Sectors []commons.Sector
	Editing *commons.Organization
}

func (w *Web) newOrganizationPage(r *http.Request, v *view) (string, error) {
	if !v.May.CreateOrganization {
		return "", forbiddenOrSignIn(v)
	}
	if v.Form == nil {
		v.Form = &form{}
	}
	v.Title = v.L.T("organization.new.title")
	v.Data = organizationFormData{Sectors: commons.Sectors}
	return "organization_form", nil
}

func fieldsFrom(f *form) commons.OrganizationFields {
	return commons.OrganizationFields{Name: f.Get("name"), Sector: commons.Sector(f.Get("sector")), Description: f.Get("description"),
		Website: f.Get("website"), Email: f.Get("email"), Address: f.Get("address"),
		Place: postalAddressFrom(f),
		Contact: commons.Contact{Name: f.Get("contact_name"), Title: f.Get("contact_title"), Email: f.Get("contact_email"),
			Phone: f.Get("contact_phone"), Public: f.Get("contact_public") == "on"}}
}

func (w *Web) createOrganization(r *http.Request, v *view, f *form) (done, error) {
	o, err := w.App.CreateOrganization(r.Context(), v.Scope, fieldsFrom(f))
	if err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/organizations/" + o.ID, Flash: "flash.organization_created"}, nil
}

func (w *Web) editOrganizationPage(r *http.Request, v *view) (string, error) {
	d, err := w.App.Organization(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !d.May.Manage {
		return "", forbiddenOrSignIn(v)
	}
	o := d.Organization
	v.Title = v.L.T("organization.edit.title", "Name", o.Name)
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"name": {o.Name}, "sector": {string(o.Sector)}, "description": {o.Description},
			"website": {o.Website}, "email": {o.Email}, "address": {o.Address},
			"city": {o.Place.City}, "region": {o.Place.Region}, "postal_code": {o.Place.PostalCode}, "country": {o.Place.Country},
			"contact_name": {o.Contact.Name}, "contact_title": {o.Contact.Title}, "contact_email": {o.Contact.Email}, "contact_phone": {o.Contact.Phone}}}
		if o.Contact.Public {
			v.Form.Values["contact_public"] = []string{"on"}
		}
	}
	v.Data = organizationFormData{Sectors: commons.Sectors, Editing: &o}
	return "organization_form", nil
}

func (w *Web) updateOrganization(r *http.Request, v *view, f *form) (done, error) {
	fields := fieldsFrom(f)
	ch := commons.OrganizationChange{Name: &fields.Name, Sector: &fields.Sector, Description: &fields.Description,
		Website: &fields.Website, Email: &fields.Email, Address: &fields.Address,
		Place: commons.PlaceChange{City: &fields.Place.City, Region: &fields.Place.Region, PostalCode: &fields.Place.PostalCode,
			Country: &fields.Place.Country},
		Contact: &fields.Contact}
	id := r.PathValue("id")
	if _, err := w.App.UpdateOrganization(r.Context(), v.Scope, id, ch); err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/organizations/" + id, Flash: "flash.saved"}, nil
}

// addOrgMember adds a community member, picked by name, to an
// organization.
func (w *Web) addOrgMember(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	matches, err := w.App.AddOrgMemberNamed(r.Context(), v.Scope, id, picked(f, "person"), commons.OrgRole(f.Get("role")))
	keepMatches(f, "person", matches)
	if err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/organizations/" + id, Flash: "flash.saved"}, nil
}

func (w *Web) removeOrgMember(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	if err := w.App.SetOrgMember(r.Context(), v.Scope, id, r.PathValue("user_id"), ""); err != nil {
		return done{}, err
	}
	return done{To: "/c/" + v.Community.Slug + "/organizations/" + id, Flash: "flash.saved"}, nil
}
