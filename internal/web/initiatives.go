package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/reqctx"
	"github.com/commons-project/commons/internal/store"
)

// initiativeStyles is the stylesheet of the initiative pages, with the
// print rules that make a partnership page read as the agreement.
const initiativeStyles = "/static/initiatives.css"

// theme is a theme with the words a reader sees: standard themes are
// translated, a community's own are shown as named.
type theme struct{ Name, Label string }

func themeLabels(l *i18n.Localizer, names []string) []theme {
	out := make([]theme, 0, len(names))
	for _, n := range names {
		label := n
		if commons.IsStandardTheme(n) {
			label = l.T("theme." + n)
		}
		out = append(out, theme{Name: n, Label: label})
	}
	return out
}

type initiativeCard struct {
	commons.Initiative
	ThemeLabels []theme
}

type initiativesData struct {
	Initiatives           []initiativeCard
	Themes                []theme
	Statuses              []commons.InitiativeStatus
	Sectors               []commons.Sector
	Theme, Status, Sector string
	Next                  string
}

func (w *Web) initiatives(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	q := r.URL.Query()
	d := initiativesData{Statuses: commons.InitiativeStatuses, Sectors: commons.Sectors,
		Theme: q.Get("theme"), Status: q.Get("status"), Sector: q.Get("sector")}
	themes, err := w.App.Themes(r.Context(), *v.Community)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d.Themes = themeLabels(v.L, themes)
	list, next, err := w.App.Initiatives(r.Context(), v.Community.Slug, commons.InitiativeFilter{Theme: d.Theme,
		Status: commons.InitiativeStatus(d.Status), Sector: commons.Sector(d.Sector), Page: commons.Page{Cursor: q.Get("cursor")}})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	for _, i := range list {
		d.Initiatives = append(d.Initiatives, initiativeCard{Initiative: i, ThemeLabels: themeLabels(v.L, i.Themes)})
	}
	d.Next = next
	v.Title, v.Data, v.Styles = v.L.T("initiatives.title"), d, []string{initiativeStyles}
	w.render(rw, r, http.StatusOK, "initiatives", v)
}

type initiativeFormData struct {
	Themes []theme
	Groups []commons.Organization // citizen groups the reader belongs to
	// Editing is the initiative being edited; nil when starting one.
	Editing *commons.Initiative
}

func (w *Web) initiativeFormData(r *http.Request, v *view) (initiativeFormData, error) {
	var d initiativeFormData
	themes, err := w.App.Themes(r.Context(), *v.Community)
	if err != nil {
		return d, err
	}
	d.Themes = themeLabels(v.L, themes)
	if v.User != nil {
		orgs, _, err := w.App.Store.UserOrganizations(r.Context(), v.Community.ID, v.User.ID)
		if err != nil {
			return d, err
		}
		for _, o := range orgs {
			if o.Sector == commons.SectorCitizenGroup {
				d.Groups = append(d.Groups, o)
			}
		}
	}
	return d, nil
}

func (w *Web) newInitiativePage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.StartInitiative {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	w.renderInitiativeForm(rw, r, v, http.StatusOK, &form{})
}

func (w *Web) renderInitiativeForm(rw http.ResponseWriter, r *http.Request, v *view, status int, f *form) {
	d, err := w.initiativeFormData(r, v)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Form, v.Data = v.L.T("initiative.new.title"), f, d
	w.render(rw, r, status, "initiative_form", v)
}

func (w *Web) editInitiativePage(rw http.ResponseWriter, r *http.Request) {
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if v.User == nil || !commons.CanRunInitiative(&i, v.User.ID) {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	f := &form{Values: map[string][]string{"title": {i.Title}, "summary": {i.Summary}, "description": {i.Description}, "themes": i.Themes}}
	w.renderEditInitiative(rw, r, v, i, http.StatusOK, f)
}

func (w *Web) renderEditInitiative(rw http.ResponseWriter, r *http.Request, v *view, i commons.Initiative, status int, f *form) {
	d, err := w.initiativeFormData(r, v)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d.Editing = &i
	v.Title, v.Form, v.Data = v.L.T("initiative.edit.title", "Title", i.Title), f, d
	w.render(rw, r, status, "initiative_form", v)
}

func (w *Web) updateInitiative(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if _, err := w.App.UpdateInitiative(r.Context(), v.User, i.ID, commons.InitiativeFields{Title: f.Get("title"),
		Summary: f.Get("summary"), Description: f.Get("description"), Themes: f.Values["themes"]}); err != nil {
		if formFailed(f, err, v.L) {
			w.renderEditInitiative(rw, r, v, i, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/"+i.ID, "flash.saved")
}

func (w *Web) createInitiative(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	i, err := w.App.CreateInitiative(r.Context(), v.User, v.Community.Slug, commons.InitiativeFields{Title: f.Get("title"),
		Summary: f.Get("summary"), Description: f.Get("description"), Themes: f.Values["themes"], LeadOrgID: f.Get("organization_id")})
	if err != nil {
		if formFailed(f, err, v.L) {
			w.renderInitiativeForm(rw, r, v, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/"+i.ID, "flash.initiative_created")
}

// initiativeView loads the initiative in the path, which must belong to
// the community in the path.
func (w *Web) initiativeView(r *http.Request) (*view, commons.Initiative, error) {
	v, err := w.communityView(r)
	if err != nil {
		return nil, commons.Initiative{}, err
	}
	i, err := w.App.InitiativeIn(r.Context(), *v.Community, r.PathValue("id"))
	return v, i, err
}

type pledgeView struct {
	commons.Pledge
	CanBook bool // a bookable space: accepting may book it at once
}

type needView struct {
	commons.Need
	Pledges []pledgeView
}

type initiativeData struct {
	app.InitiativeDetail
	Description template.HTML
	ThemeLabels []theme
	Needs       []needView
	Next        []commons.InitiativeStatus
	InTeam      bool
	CanPledge   bool
	MyOrgs      []commons.Organization
	MyResources []commons.Resource
	Kinds       []commons.Kind
	NeedStates  []commons.NeedStatus
	Overdue     []commons.Commitment
	// Form names the form a submitted problem belongs to.
	Form string
}

func (w *Web) initiative(rw http.ResponseWriter, r *http.Request) {
	w.renderInitiative(rw, r, http.StatusOK, nil, "")
}

func (w *Web) renderInitiative(rw http.ResponseWriter, r *http.Request, status int, f *form, which string) {
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	det, err := w.App.Detail(r.Context(), i)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d := initiativeData{InitiativeDetail: det, Description: w.App.Markdown.HTML(i.Description), ThemeLabels: themeLabels(v.L, i.Themes),
		Kinds: commons.Kinds, NeedStates: commons.NeedStatuses, Form: which, Overdue: det.Overdue()}
	if v.User != nil {
		d.InTeam = commons.CanRunInitiative(&i, v.User.ID)
		if d.InTeam {
			d.Next = commons.NextStatuses(i.Status, i.PausedFrom)
		}
		d.CanPledge = v.May.Pledge && (i.Status.Open() || i.Status == commons.InitiativePaused)
		if d.CanPledge {
			if d.MyOrgs, _, err = w.App.Store.UserOrganizations(r.Context(), v.Community.ID, v.User.ID); err != nil {
				w.Fail(rw, r, err)
				return
			}
			if d.MyResources, err = w.pledgeableResources(r, v, d.MyOrgs); err != nil {
				w.Fail(rw, r, err)
				return
			}
		}
	}
	for _, n := range det.Needs {
		nv := needView{Need: n}
		for _, p := range det.Pledges {
			if p.NeedID == n.ID {
				nv.Pledges = append(nv.Pledges, pledgeView{Pledge: p, CanBook: p.ResourceBookable})
			}
		}
		d.Needs = append(d.Needs, nv)
	}
	if f == nil {
		f = &form{}
	}
	v.Title, v.Form, v.Data, v.Styles = i.Title, f, d, []string{initiativeStyles}
	v.Talk = w.talkAbout(r, v, commons.SubjectInitiative, i.ID)
	w.render(rw, r, status, "initiative", v)
}

// pledgeableResources are the resources a person may offer: their own
// and those of their organizations.
func (w *Web) pledgeableResources(r *http.Request, v *view, orgs []commons.Organization) ([]commons.Resource, error) {
	// The person's own and their organizations', found by the database
	// among all of the community's resources.
	owners := []string{v.User.ID}
	for _, o := range orgs {
		owners = append(owners, o.ID)
	}
	list, _, err := w.App.Store.ListResources(r.Context(), *v.Community, store.ResourceFilter{OwnedByAny: owners, Page: commons.Page{Limit: commons.MaxPageSize}})
	return list, err
}

// act runs a team or member action posted from the initiative page and
// redirects back to it, or shows the page again with the problem.
func (w *Web) act(rw http.ResponseWriter, r *http.Request, which string, fn func(f *form, u *commons.User) error) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if _, _, err := w.initiativeView(r); err != nil {
		w.Fail(rw, r, err)
		return
	}
	if err := fn(f, reqctx.User(r.Context())); err != nil {
		if formFailed(f, err, w.view(r, nil).L) {
			// Only the need and team forms show problems beside their
			// fields; the buttons and small forms say them at the top.
			if f.Error == "" && which != "need" && which != "team" {
				var msgs []string
				for _, m := range f.Errors {
					msgs = append(msgs, m)
				}
				f.Error = strings.Join(msgs, " ")
			}
			w.renderInitiative(rw, r, commons.CodeOf(err).Status(), f, which)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	back := "/c/" + r.PathValue("slug") + "/initiatives/" + r.PathValue("id")
	if which == "commitment" || which == "sign" || which == "propose" {
		back += "/partnership"
	}
	redirect(rw, r, back, "flash.saved")
}

func (w *Web) initiativeStatus(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "status", func(f *form, u *commons.User) error {
		_, err := w.App.SetInitiativeStatus(r.Context(), u, r.PathValue("id"), commons.InitiativeStatus(f.Get("status")))
		return err
	})
}

func (w *Web) addNeed(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "need", func(f *form, u *commons.User) error {
		nf := commons.NeedFields{Kind: commons.Kind(f.Get("kind")), Description: f.Get("description"), ByDate: f.Get("by_date")}
		if q := strings.TrimSpace(f.Get("quantity")); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil {
				return invalidField("quantity", commons.Msg("error.field.range", "Min", 1, "Max", commons.MaxQuantity))
			}
			nf.Quantity = &n
		}
		_, err := w.App.AddNeed(r.Context(), u, r.PathValue("id"), nf)
		return err
	})
}

func invalidField(field string, m commons.Message) error {
	return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"), Fields: map[string]commons.Message{field: m}}
}

// inInitiative checks that a need or pledge named in the path belongs to
// the initiative in the path.
func inInitiative(initiativeID, r string) error {
	if initiativeID != r {
		return commons.NotFound()
	}
	return nil
}

func (w *Web) needStatus(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "need_status", func(f *form, u *commons.User) error {
		n, err := w.App.Need(r.Context(), r.PathValue("need"))
		if err == nil {
			err = inInitiative(n.InitiativeID, r.PathValue("id"))
		}
		if err == nil {
			_, err = w.App.SetNeedStatus(r.Context(), u, n.ID, commons.NeedStatus(f.Get("status")))
		}
		return err
	})
}

func (w *Web) pledge(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "pledge-"+r.PathValue("need"), func(f *form, u *commons.User) error {
		n, err := w.App.Need(r.Context(), r.PathValue("need"))
		if err == nil {
			err = inInitiative(n.InitiativeID, r.PathValue("id"))
		}
		if err == nil {
			_, err = w.App.Pledge(r.Context(), u, n.ID, app.PledgeFields{OrgID: f.Get("organization_id"),
				ResourceID: f.Get("resource_id"), Description: f.Get("description")})
		}
		return err
	})
}

func (w *Web) decidePledge(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "decide-"+r.PathValue("pledge"), func(f *form, u *commons.User) error {
		p, err := w.App.PledgeByID(r.Context(), r.PathValue("pledge"))
		if err == nil {
			err = inInitiative(p.InitiativeID, r.PathValue("id"))
		}
		if err != nil {
			return err
		}
		var book *app.BookingRequest
		if f.Get("decision") == "accept" && f.Get("day") != "" {
			c, err := w.App.Community(r.Context(), r.PathValue("slug"))
			if err != nil {
				return err
			}
			book, err = bookingFromForm(f, w.App.Location(c))
			if err != nil {
				return err
			}
		}
		_, err = w.App.DecidePledge(r.Context(), u, p.ID, f.Get("decision") == "accept", book)
		return err
	})
}

// bookingFromForm reads a day and clock times in the community's zone.
func bookingFromForm(f *form, loc *time.Location) (*app.BookingRequest, error) {
	var v commons.Validator
	start, err1 := time.ParseInLocation("2006-01-02 15:04", f.Get("day")+" "+f.Get("from"), loc)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", f.Get("day")+" "+f.Get("to"), loc)
	if err1 != nil {
		v.Fail("from", commons.Msg("error.field.time"))
	}
	if err2 != nil {
		v.Fail("to", commons.Msg("error.field.time"))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &app.BookingRequest{Start: start, End: end}, nil
}

func (w *Web) addTeamMember(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "team", func(f *form, u *commons.User) error {
		var v commons.Validator
		v.Email("email", f.Get("email"), true)
		if err := v.Err(); err != nil {
			return err
		}
		person, err := w.App.UserByEmail(r.Context(), f.Get("email"))
		if commons.CodeOf(err) == commons.CodeNotFound {
			return invalidField("email", commons.Msg("error.not_a_member"))
		}
		if err != nil {
			return err
		}
		err = w.App.SetTeamMember(r.Context(), u, r.PathValue("id"), person.ID, true)
		if e := commons.ErrorOf(err); e.Code == commons.CodeInvalid && e.Fields["user_id"].Key != "" {
			e.Fields = map[string]commons.Message{"email": e.Fields["user_id"]}
		}
		return err
	})
}

func (w *Web) removeTeamMember(rw http.ResponseWriter, r *http.Request) {
	w.act(rw, r, "team", func(f *form, u *commons.User) error {
		return w.App.SetTeamMember(r.Context(), u, r.PathValue("id"), r.PathValue("user_id"), false)
	})
}

type historyData struct {
	Initiative commons.Initiative
	Events     []commons.InitiativeEvent
}

func (w *Web) initiativeHistory(rw http.ResponseWriter, r *http.Request) {
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	events, err := w.App.InitiativeHistory(r.Context(), v.User, i)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title = v.L.T("history.title", "Title", i.Title)
	v.Data, v.Styles = historyData{Initiative: i, Events: events}, []string{initiativeStyles}
	w.render(rw, r, http.StatusOK, "initiative_history", v)
}

// partySlot is one party's row of the proposal form.
type partySlot struct {
	N, Number                         int // index, and the number people read
	OrgID, Role, Commitments          string
	OrgErr, RoleErr, CommitmentsError string
}

type partnershipData struct {
	Initiative  commons.Initiative
	Partnership *commons.Partnership
	Today       string
	InTeam      bool
	// SignFor are the parties of the current version the reader may sign for.
	SignFor []commons.Party
	// MarkFor says which organizations' commitments the reader may mark.
	MarkFor map[string]bool
	Orgs    []commons.Organization
	Slots   []partySlot
	States  []commons.CommitmentStatus
}

func (w *Web) partnership(rw http.ResponseWriter, r *http.Request) {
	w.renderPartnership(rw, r, http.StatusOK, nil)
}

func (w *Web) renderPartnership(rw http.ResponseWriter, r *http.Request, status int, f *form) {
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	det, err := w.App.Detail(r.Context(), i)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	d := partnershipData{Initiative: i, Partnership: det.Partnership, Today: det.Today, MarkFor: map[string]bool{},
		States: commons.CommitmentStatuses}
	if v.User != nil {
		d.InTeam = commons.CanRunInitiative(&i, v.User.ID)
		if det.Partnership != nil {
			if cur := det.Partnership.Current(); cur != nil {
				// The reader's role in every organization, in one query
				// rather than one per party.
				orgs, roles, err := w.App.Store.UserOrganizations(r.Context(), i.CommunityID, v.User.ID)
				if err != nil {
					w.Fail(rw, r, err)
					return
				}
				roleIn := make(map[string]commons.OrgRole, len(orgs))
				for n, o := range orgs {
					roleIn[o.ID] = roles[n]
				}
				for _, p := range cur.Parties {
					role := roleIn[p.OrgID]
					d.MarkFor[p.OrgID] = commons.CanMarkCommitment(d.InTeam, role)
					if commons.CanSignFor(role) && p.Signature == nil {
						d.SignFor = append(d.SignFor, p)
					}
				}
			}
		}
	}
	if d.InTeam {
		if d.Orgs, _, err = w.App.Organizations(r.Context(), v.Scope, commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize}}); err != nil {
			w.Fail(rw, r, err)
			return
		}
		d.Slots = proposalSlots(det.Partnership, f)
		if f == nil {
			f = &form{Values: map[string][]string{}}
			if det.Partnership != nil {
				if cur := det.Partnership.Current(); cur != nil {
					f.Values.Set("review_on", cur.ReviewOn)
				}
			}
		}
	}
	if f == nil {
		f = &form{}
	}
	v.Title = v.L.T("partnership.title", "Title", i.Title)
	v.Form, v.Data, v.Styles = f, d, []string{initiativeStyles}
	w.render(rw, r, status, "partnership", v)
}

// proposalSlots fills the proposal form: what was submitted, else the
// version in force, with two empty rows to add parties.
func proposalSlots(p *commons.Partnership, f *form) []partySlot {
	var slots []partySlot
	if f != nil && f.Values != nil {
		for n := 0; n < maxSlots; n++ {
			s := partySlot{N: n, OrgID: f.Get(slotField("org", n)), Role: f.Get(slotField("role", n)), Commitments: f.Get(slotField("commitments", n))}
			at := "parties." + strconv.Itoa(n)
			s.OrgErr, s.RoleErr = f.Err(at+".organization_id"), f.Err(at+".role")
			s.CommitmentsError = f.Err(at + ".commitments")
			if s.OrgID != "" || s.Role != "" || s.Commitments != "" || n < minSlots {
				s.Number = n + 1
				slots = append(slots, s)
			}
		}
		return slots
	}
	if p != nil {
		if cur := p.Current(); cur != nil {
			for n, party := range cur.Parties {
				var lines []string
				for _, c := range party.Commitments {
					if c.Due != "" {
						lines = append(lines, c.Due+" "+c.Description)
					} else {
						lines = append(lines, c.Description)
					}
				}
				slots = append(slots, partySlot{N: n, OrgID: party.OrgID, Role: party.Role, Commitments: strings.Join(lines, "\n")})
			}
		}
	}
	for n, filled := len(slots), len(slots); (n < filled+2 || n < minSlots) && n < maxSlots; n++ {
		slots = append(slots, partySlot{N: n})
	}
	for n := range slots {
		slots[n].Number = slots[n].N + 1
	}
	return slots
}

const minSlots, maxSlots = 3, 12

func slotField(name string, n int) string { return "party_" + name + "_" + strconv.Itoa(n) }

// proposalFrom reads the proposal form: each party row has an
// organization, a role and commitments, one a line, each optionally
// starting with its due date (YYYY-MM-DD).
func proposalFrom(f *form) commons.PartnershipProposal {
	prop := commons.PartnershipProposal{ReviewOn: f.Get("review_on")}
	for n := 0; n < maxSlots; n++ {
		org, role, lines := strings.TrimSpace(f.Get(slotField("org", n))), f.Get(slotField("role", n)), f.Get(slotField("commitments", n))
		if org == "" && strings.TrimSpace(role) == "" && strings.TrimSpace(lines) == "" {
			continue
		}
		pp := commons.PartyProposal{OrgID: org, Role: role}
		for _, line := range strings.Split(lines, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			c := commons.CommitmentProposal{Description: line}
			if len(line) >= 10 && line[4] == '-' && line[7] == '-' && (len(line) == 10 || line[10] == ' ') {
				c.Due, c.Description = line[:10], strings.TrimSpace(line[10:])
			}
			pp.Commitments = append(pp.Commitments, c)
		}
		prop.Parties = append(prop.Parties, pp)
	}
	return prop
}

// proposalErrors moves problems with single commitments onto their
// party's commitments field, where the form shows them; and a party's
// position among the filled rows back to its row.
func proposalErrors(f *form, err error) error {
	e := commons.ErrorOf(err)
	if e.Code != commons.CodeInvalid || len(e.Fields) == 0 {
		return err
	}
	rows := []int{}
	for n := 0; n < maxSlots; n++ {
		if strings.TrimSpace(f.Get(slotField("org", n))+f.Get(slotField("role", n))+f.Get(slotField("commitments", n))) != "" {
			rows = append(rows, n)
		}
	}
	fields := map[string]commons.Message{}
	for k, m := range e.Fields {
		parts := strings.Split(k, ".")
		if len(parts) >= 3 && parts[0] == "parties" {
			idx, _ := strconv.Atoi(parts[1])
			if idx < len(rows) {
				parts[1] = strconv.Itoa(rows[idx])
			}
			if parts[2] == "commitments" {
				parts = parts[:3]
			}
			k = strings.Join(parts, ".")
		}
		if _, ok := fields[k]; !ok {
			fields[k] = m
		}
	}
	if m, ok := fields["parties"]; ok {
		e.Message = m
	}
	return &commons.Error{Code: e.Code, Message: e.Message, Fields: fields}
}

func (w *Web) proposePartnership(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if _, err := w.App.ProposePartnership(r.Context(), v.User, i.ID, proposalFrom(f)); err != nil {
		err = proposalErrors(f, err)
		if formFailed(f, err, v.L) {
			if _, ok := commons.ErrorOf(err).Fields["parties"]; ok {
				f.Error = v.L.Msg(commons.ErrorOf(err).Fields["parties"])
			}
			w.renderPartnership(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/"+i.ID+"/partnership", "flash.partnership_proposed")
}

func (w *Web) signPartnership(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	p, err := w.App.Partnership(r.Context(), i)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	if _, err := w.App.Sign(r.Context(), v.User, p.ID, f.Get("organization_id"), version); err != nil {
		if formFailed(f, err, v.L) {
			w.renderPartnership(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/"+i.ID+"/partnership", "flash.signed")
}

func (w *Web) markCommitment(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, i, err := w.initiativeView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	c, err := w.App.Commitment(r.Context(), r.PathValue("commitment"))
	if err == nil {
		err = inInitiative(c.InitiativeID, i.ID)
	}
	if err == nil {
		_, err = w.App.SetCommitmentStatus(r.Context(), v.User, c.ID, commons.CommitmentStatus(f.Get("status")), f.Get("comment"))
	}
	if err != nil {
		if formFailed(f, err, v.L) {
			w.renderPartnership(rw, r, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/"+i.ID+"/partnership", "flash.saved")
}

func (w *Web) addTheme(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if err := w.App.AddTheme(r.Context(), v.User, v.Community.Slug, f.Get("name")); err != nil {
		if formFailed(f, err, v.L) {
			w.renderInitiativeForm(rw, r, v, commons.CodeOf(err).Status(), f)
			return
		}
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, "/c/"+v.Community.Slug+"/initiatives/new", "flash.saved")
}

type networkData struct {
	app.Network
	Sectors []commons.Sector
}

func (w *Web) partnershipNetwork(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	n, err := w.App.PartnershipNetwork(r.Context(), *v.Community)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data, v.Styles = v.L.T("network.title"), networkData{Network: n, Sectors: commons.Sectors}, []string{initiativeStyles}
	w.render(rw, r, http.StatusOK, "partnership_network", v)
}
