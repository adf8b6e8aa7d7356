package web

import (
	"net/http"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

type directoryData struct {
	Organizations []commons.Organization
	Sectors       []commons.Sector
	Sector        commons.Sector
	Query         string
	Next          string
}

// organizations is the directory. Its filter form works as a plain GET;
// with htmx, typing refreshes only the results.
func (w *Web) organizations(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	q := r.URL.Query()
	d := directoryData{Sectors: commons.Sectors, Sector: commons.Sector(q.Get("sector")), Query: q.Get("q")}
	d.Organizations, d.Next, err = w.App.Organizations(r.Context(), v.Scope, commons.OrganizationFilter{
		Sector: d.Sector, Query: d.Query, Page: commons.Page{Cursor: q.Get("cursor")}})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data = v.L.T("organizations.title"), d
	w.render(rw, r, http.StatusOK, "organizations", v)
}

// organizationView loads the organization named in the path, checking
// that it belongs to the community in the path.
func (w *Web) organizationView(r *http.Request) (*view, commons.Organization, error) {
	v, err := w.communityView(r)
	if err != nil {
		return nil, commons.Organization{}, err
	}
	o, err := w.App.OrganizationIn(r.Context(), *v.Community, r.PathValue("id"))
	if err == nil {
		err = w.App.ShownOrganization(r.Context(), v.User, o)
	}
	return v, o, err
}

type organizationData struct {
	Organization commons.Organization
	People       []commons.OrgMembership
	Role         commons.OrgRole
	CanManage    bool
	Moderation   moderationView
	// Overdue are the organization's partnership commitments past due.
	Overdue []commons.Commitment
}

func (w *Web) organization(rw http.ResponseWriter, r *http.Request) {
	w.renderOrganization(rw, r, http.StatusOK, nil)
}

func (w *Web) renderOrganization(rw http.ResponseWriter, r *http.Request, status int, f *form) {
	v, o, err := w.organizationView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	people, err := w.App.OrgMembers(r.Context(), o)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	st, err := w.App.OrgStandingOf(r.Context(), v.User, o)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if f == nil {
		f = &form{Values: map[string][]string{"role": {string(commons.OrgMember)}}}
	}
	v.Title, v.Form = o.Name, f
	mv, err := w.moderationView(r, v, commons.SubjectOrganization, o.ID, o.CreatedBy, o.Moderation)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Talk = w.talkAbout(r, v, commons.SubjectOrganization, o.ID)
	overdue, err := w.App.OverdueCommitments(r.Context(), o)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Data = organizationData{Organization: o, People: people, Role: st.Role, CanManage: st.May.Manage, Moderation: mv,
		Overdue: overdue}
	w.render(rw, r, status, "organization", v)
}

type organizationFormData struct {
	Sectors []commons.Sector
	Editing *commons.Organization
}

func (w *Web) newOrganizationPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.CreateOrganization {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	v.Title, v.Form = v.L.T("organization.new.title"), &form{}
	v.Data = organizationFormData{Sectors: commons.Sectors}
	w.render(rw, r, http.StatusOK, "organization_form", v)
}

func fieldsFrom(f *form) commons.OrganizationFields {
	return commons.OrganizationFields{Name: f.Get("name"), Sector: commons.Sector(f.Get("sector")), Description: f.Get("description"),
		Website: f.Get("website"), Email: f.Get("email"), Address: f.Get("address")}
}

func (w *Web) createOrganization(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	o, err := w.App.CreateOrganization(r.Context(), v.Scope, fieldsFrom(f))
	if err != nil {
		if formFailed(f, err, v.L) {
			v.Title, v.Form = v.L.T("organization.new.title"), f
			v.Data = organizationFormData{Sectors: commons.Sectors}
			w.render(rw, r, commons.CodeOf(err).Status(), "organization_form", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+slug+"/organizations/"+o.ID, "flash.organization_created")
}

func (w *Web) editOrganizationPage(rw http.ResponseWriter, r *http.Request) {
	v, o, err := w.organizationView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	st, err := w.App.OrgStandingOf(r.Context(), v.User, o)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !st.May.Manage {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	v.Title = v.L.T("organization.edit.title", "Name", o.Name)
	v.Form = &form{Values: map[string][]string{"name": {o.Name}, "sector": {string(o.Sector)}, "description": {o.Description},
		"website": {o.Website}, "email": {o.Email}, "address": {o.Address}}}
	v.Data = organizationFormData{Sectors: commons.Sectors, Editing: &o}
	w.render(rw, r, http.StatusOK, "organization_form", v)
}

func (w *Web) updateOrganization(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, o, err := w.organizationView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	fields := fieldsFrom(f)
	ch := commons.OrganizationChange{Name: &fields.Name, Sector: &fields.Sector, Description: &fields.Description,
		Website: &fields.Website, Email: &fields.Email, Address: &fields.Address}
	if _, err := w.App.UpdateOrganization(r.Context(), v.User, o.ID, ch); err != nil {
		if formFailed(f, err, v.L) {
			v.Title, v.Form = v.L.T("organization.edit.title", "Name", o.Name), f
			v.Data = organizationFormData{Sectors: commons.Sectors, Editing: &o}
			w.render(rw, r, commons.CodeOf(err).Status(), "organization_form", v)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/organizations/"+o.ID, "flash.saved")
}

// addOrgMember adds a community member to an organization by the e-mail
// address they signed up with.
func (w *Web) addOrgMember(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	view, o, err := w.organizationView(r) // the organization must be the community's
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	loc := view.L
	var v commons.Validator
	v.Email("email", f.Get("email"), true)
	err = v.Err()
	var person commons.User
	if err == nil {
		person, err = w.App.UserByEmail(r.Context(), f.Get("email"))
		if commons.CodeOf(err) == commons.CodeNotFound {
			err = &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"),
				Fields: map[string]commons.Message{"email": commons.Msg("error.not_a_member")}}
		}
	}
	if err == nil {
		err = w.App.SetOrgMember(r.Context(), reqctx.User(r.Context()), o.ID, person.ID, commons.OrgRole(f.Get("role")))
		if e := commons.ErrorOf(err); e.Code == commons.CodeInvalid && e.Fields["user_id"].Key != "" {
			e.Fields = map[string]commons.Message{"email": e.Fields["user_id"]}
		}
	}
	if err != nil {
		if formFailed(f, err, loc) {
			w.renderOrganization(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/organizations/"+r.PathValue("id"), "flash.saved")
}

func (w *Web) removeOrgMember(rw http.ResponseWriter, r *http.Request) {
	_, o, err := w.organizationView(r) // the organization must be the community's
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	err = w.App.SetOrgMember(r.Context(), reqctx.User(r.Context()), o.ID, r.PathValue("user_id"), "")
	if err != nil {
		if commons.CodeOf(err) == commons.CodeConflict {
			f := &form{Values: map[string][]string{"role": {string(commons.OrgMember)}}, Errors: map[string]string{}}
			formFailed(f, err, w.view(r, nil).L)
			w.renderOrganization(rw, r, http.StatusConflict, f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+r.PathValue("slug")+"/organizations/"+r.PathValue("id"), "flash.saved")
}
