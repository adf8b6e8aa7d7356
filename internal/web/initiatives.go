package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// initiativeStyles is the stylesheet of the initiative pages, with the
// print rules that make a partnership page read as the agreement.
const initiativeStyles = "/static/initiatives.css"

// routesInitiatives adds the initiative and partnership pages.
func (w *Web) routesInitiatives(m router) {
	m.CachedByRole("GET /c/{slug}/initiatives", w.initiatives)
	m.Page("GET /c/{slug}/initiatives/new", w.newInitiativePage)
	m.Form("POST /c/{slug}/initiatives/new", w.createInitiative, w.newInitiativePage)
	m.Form("POST /c/{slug}/themes", w.addTheme, w.newInitiativePage)
	m.Cached("GET /c/{slug}/initiatives/{id}", w.initiative)
	m.Page("GET /c/{slug}/initiatives/{id}/edit", w.editInitiativePage)
	m.Form("POST /c/{slug}/initiatives/{id}/edit", w.updateInitiative, w.editInitiativePage)
	m.Form("POST /c/{slug}/initiatives/{id}/status", w.initiativeStatus, w.initiativeAgain("status"))
	m.Form("POST /c/{slug}/initiatives/{id}/needs", w.addNeed, w.initiativeAgain("need"))
	m.Form("POST /c/{slug}/initiatives/{id}/needs/{need}/status", w.needStatus, w.initiativeAgain("need_status"))
	m.Form("POST /c/{slug}/initiatives/{id}/needs/{need}/pledges", w.pledge, w.initiativeAgain("pledge"))
	m.Form("POST /c/{slug}/initiatives/{id}/pledges/{pledge}/decision", w.decidePledge, w.initiativeAgain("decide"))
	m.Form("POST /c/{slug}/initiatives/{id}/pledges/{pledge}/withdraw", w.withdrawPledge, nil)
	m.Form("POST /c/{slug}/initiatives/{id}/team", w.addTeamMember, w.initiativeAgain("team"))
	m.Form("POST /c/{slug}/initiatives/{id}/team/{user_id}/remove", w.removeTeamMember, w.initiativeAgain("team"))
	m.Page("GET /c/{slug}/initiatives/{id}/history", w.initiativeHistory)
	m.Page("GET /c/{slug}/initiatives/{id}/partnership", w.partnership)
	m.Form("POST /c/{slug}/initiatives/{id}/partnership", w.proposePartnership, w.partnership)
	m.Form("POST /c/{slug}/initiatives/{id}/partnership/signatures", w.signPartnership, w.partnership)
	m.Form("POST /c/{slug}/initiatives/{id}/partnership/commitments/{commitment}", w.markCommitment, w.partnership)
	m.Page("GET /c/{slug}/partnerships", w.partnershipNetwork)
}

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

func (w *Web) initiatives(r *http.Request, v *view) (string, error) {
	q := r.URL.Query()
	d := initiativesData{Statuses: commons.InitiativeStatuses, Sectors: commons.Sectors,
		Theme: q.Get("theme"), Status: q.Get("status"), Sector: q.Get("sector")}
	themes, err := w.App.Themes(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	d.Themes = themeLabels(v.L, themes)
	list, next, err := w.App.Initiatives(r.Context(), v.Scope, commons.InitiativeFilter{Theme: d.Theme,
		Status: commons.InitiativeStatus(d.Status), Sector: commons.Sector(d.Sector), Page: commons.Page{Cursor: q.Get("cursor")}})
	if err != nil {
		return "", err
	}
	w.translateList(r, v, commons.SubjectInitiative, len(list), func(i int) (string, *string, *string) {
		return list[i].ID, &list[i].Title, nil // a card shows its summary, which has no translation; the title has
	})
	for _, i := range list {
		d.Initiatives = append(d.Initiatives, initiativeCard{Initiative: i, ThemeLabels: themeLabels(v.L, i.Themes)})
	}
	d.Next = next
	v.Title, v.Data, v.Styles = v.L.T("initiatives.title"), d, []string{initiativeStyles}
	return "initiatives", nil
}

type initiativeFormData struct {
	Themes []theme
	Groups []commons.Organization // citizen groups the reader belongs to
	// Editing is the initiative being edited; nil when starting one.
	Editing *commons.Initiative
}

func (w *Web) initiativeFormData(r *http.Request, v *view) (initiativeFormData, error) {
	var d initiativeFormData
	themes, err := w.App.Themes(r.Context(), v.Scope)
	if err != nil {
		return d, err
	}
	d.Themes = themeLabels(v.L, themes)
	d.Groups, err = w.App.LeadGroups(r.Context(), v.Scope)
	return d, err
}

// newInitiativePage is the form to start an initiative (shown again with
// its problems, or those of the theme form beside it).
func (w *Web) newInitiativePage(r *http.Request, v *view) (string, error) {
	if !v.May.StartInitiative {
		return "", forbiddenOrSignIn(v)
	}
	d, err := w.initiativeFormData(r, v)
	if err != nil {
		return "", err
	}
	if v.Form == nil {
		v.Form = &form{}
	}
	v.Title, v.Data = v.L.T("initiative.new.title"), d
	return "initiative_form", nil
}

func (w *Web) createInitiative(r *http.Request, v *view, f *form) (done, error) {
	i, err := w.App.CreateInitiative(r.Context(), v.Scope, commons.InitiativeFields{Title: f.Get("title"),
		Summary: f.Get("summary"), Description: f.Get("description"), Themes: f.Values["themes"], LeadOrgID: f.Get("organization_id")})
	return done{To: initiativePath(v, i.ID), Flash: "flash.initiative_created"}, err
}

func (w *Web) addTheme(r *http.Request, v *view, f *form) (done, error) {
	err := w.App.AddTheme(r.Context(), v.Scope, f.Get("name"))
	return done{To: "/c/" + v.Community.Slug + "/initiatives/new", Flash: "flash.saved"}, err
}

// initiativePath is an initiative's page.
func initiativePath(v *view, id string) string {
	return "/c/" + v.Community.Slug + "/initiatives/" + id
}

// editInitiativePage is the form to edit an initiative; its team only.
func (w *Web) editInitiativePage(r *http.Request, v *view) (string, error) {
	iv, err := w.App.Initiative(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	if !iv.May.Run {
		return "", forbiddenOrSignIn(v)
	}
	i := iv.Initiative
	d, err := w.initiativeFormData(r, v)
	if err != nil {
		return "", err
	}
	d.Editing = &i
	if v.Form == nil {
		v.Form = &form{Values: map[string][]string{"title": {i.Title}, "summary": {i.Summary}, "description": {i.Description}, "themes": i.Themes}}
	}
	v.Title, v.Data = v.L.T("initiative.edit.title", "Title", i.Title), d
	return "initiative_form", nil
}

func (w *Web) updateInitiative(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.UpdateInitiative(r.Context(), v.Scope, id, commons.InitiativeFields{Title: f.Get("title"),
		Summary: f.Get("summary"), Description: f.Get("description"), Themes: f.Values["themes"]})
	return done{To: initiativePath(v, id), Flash: "flash.saved"}, err
}

type initiativeData struct {
	app.InitiativeView
	Description template.HTML
	ThemeLabels []theme
	// Next are the statuses the team may move it to.
	Next []commons.InitiativeStatus
	// MyOrgs and MyResources are what the reader may pledge as and with.
	MyOrgs      []commons.Organization
	MyResources []commons.Resource
	Kinds       []commons.Kind
	NeedStates  []commons.NeedStatus
	Overdue     []commons.Commitment
	// Moderation offers the report form.
	Moderation moderationView
	// Form names the form a submitted problem belongs to.
	Form string
	// ErrorInPlace: the problem is said inside its form (a pledge's
	// decision), not at the top; Conflicts are the times that clash.
	ErrorInPlace bool
	Conflicts    []string
}

func (w *Web) initiative(r *http.Request, v *view) (string, error) {
	return w.initiativePage(r, v, "")
}

// initiativeAgain shows the initiative page once more with the problem of
// one of its forms (which).
func (w *Web) initiativeAgain(which string) pageFunc {
	return func(r *http.Request, v *view) (string, error) {
		// Only the need and team forms show problems beside their
		// fields; the buttons and small forms say them at the top.
		if f := v.Form; f != nil && f.Error == "" && which != "need" && which != "team" {
			var msgs []string
			for _, m := range f.Errors {
				msgs = append(msgs, m)
			}
			f.Error = strings.Join(msgs, " ")
		}
		switch which {
		case "pledge":
			which += "-" + r.PathValue("need")
		case "decide":
			which += "-" + r.PathValue("pledge")
		}
		return w.initiativePage(r, v, which)
	}
}

func (w *Web) initiativePage(r *http.Request, v *view, which string) (string, error) {
	iv, err := w.App.Initiative(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Content = w.contentIn(r, v, commons.SubjectInitiative, iv.Initiative.ID, iv.May.Run, &iv.Initiative.Title, &iv.Initiative.Description)
	i := iv.Initiative
	d := initiativeData{InitiativeView: iv, Description: w.App.Markdown.HTML(i.Description), ThemeLabels: themeLabels(v.L, i.Themes),
		Kinds: commons.Kinds, NeedStates: commons.NeedStatuses, Form: which, Overdue: iv.Overdue()}
	if iv.May.Run {
		d.Next = commons.NextStatuses(i.Status, i.PausedFrom)
		if err := w.offerMembers(r.Context(), v); err != nil {
			return "", err
		}
	}
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectInitiative, i.ID, i.CreatedBy, commons.Visible); err != nil {
		return "", err
	}
	if iv.May.Pledge {
		opts, err := w.App.PledgeOptions(r.Context(), v.Scope)
		if err != nil {
			return "", err
		}
		d.MyOrgs, d.MyResources = opts.Orgs, opts.Resources
	}
	if v.Form == nil {
		v.Form = &form{}
	}
	d.ErrorInPlace = strings.HasPrefix(which, "decide-")
	d.Conflicts = v.Form.Values["conflict"]
	v.Title, v.Data, v.Styles = i.Title, d, []string{initiativeStyles}
	v.Talk = w.talkAbout(r, v, commons.SubjectInitiative, i.ID)
	return "initiative", nil
}

func (w *Web) initiativeStatus(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.SetInitiativeStatus(r.Context(), v.Scope, id, commons.InitiativeStatus(f.Get("status")))
	return done{To: initiativePath(v, id), Flash: "flash.saved"}, err
}

func (w *Web) addNeed(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	back := done{To: initiativePath(v, id), Flash: "flash.saved"}
	nf, err := needFromForm(f)
	if err != nil {
		return back, err
	}
	_, err = w.App.AddNeed(r.Context(), v.Scope, id, nf)
	return back, err
}

// needFromForm reads a need's fields from the forms that add or edit one.
func needFromForm(f *form) (commons.NeedFields, error) {
	nf := commons.NeedFields{Kind: commons.Kind(f.Get("kind")), Description: f.Get("description"), ByDate: f.Get("by_date")}
	if q := strings.TrimSpace(f.Get("quantity")); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			return nf, invalidField("quantity", commons.Msg("error.field.range", "Min", 1, "Max", commons.MaxQuantity))
		}
		nf.Quantity = &n
	}
	return nf, nil
}

func invalidField(field string, m commons.Message) error {
	return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"), Fields: map[string]commons.Message{field: m}}
}

// inInitiative checks that a need, pledge or commitment named in the path
// belongs to the initiative in the path.
func inInitiative(r *http.Request, initiativeID string) error {
	if initiativeID != r.PathValue("id") {
		return commons.NotFound()
	}
	return nil
}

func (w *Web) needStatus(r *http.Request, v *view, f *form) (done, error) {
	back := done{To: initiativePath(v, r.PathValue("id")), Flash: "flash.saved"}
	n, err := w.App.Need(r.Context(), v.Scope, r.PathValue("need"))
	if err == nil {
		err = inInitiative(r, n.InitiativeID)
	}
	if err == nil {
		_, err = w.App.SetNeedStatus(r.Context(), v.Scope, n.ID, commons.NeedStatus(f.Get("status")))
	}
	return back, err
}

func (w *Web) pledge(r *http.Request, v *view, f *form) (done, error) {
	back := done{To: initiativePath(v, r.PathValue("id")), Flash: "flash.saved"}
	n, err := w.App.Need(r.Context(), v.Scope, r.PathValue("need"))
	if err == nil {
		err = inInitiative(r, n.InitiativeID)
	}
	if err == nil {
		_, err = w.App.Pledge(r.Context(), v.Scope, n.ID, app.PledgeFields{OrgID: f.Get("organization_id"),
			ResourceID: f.Get("resource_id"), Description: f.Get("description")})
	}
	return back, err
}

func (w *Web) decidePledge(r *http.Request, v *view, f *form) (done, error) {
	back := done{To: initiativePath(v, r.PathValue("id")), Flash: "flash.saved"}
	p, err := w.App.PledgeByID(r.Context(), v.Scope, r.PathValue("pledge"))
	if err == nil {
		err = inInitiative(r, p.InitiativeID)
	}
	if err != nil {
		return back, err
	}
	var book *app.BookingRequest
	if f.Get("decision") == "accept" && f.Get("day") != "" {
		if book, err = bookingFromForm(f, w.App.Location(*v.Community)); err != nil {
			return back, err
		}
	}
	_, err = w.App.DecidePledge(r.Context(), v.Scope, p.ID, f.Get("decision") == "accept", book)
	loc := w.App.Location(*v.Community)
	for _, c := range commons.ErrorOf(err).Conflicts {
		f.Values.Add("conflict", when(v.L, c.Start.In(loc))+"–"+v.L.Time(c.End.In(loc)))
	}
	return back, err
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
	req := &app.BookingRequest{Start: start, End: end}
	// "Tuesday mornings for six weeks": a pledged space is booked for a
	// series as any booking is.
	if n := strings.TrimSpace(f.Get("repeat_weeks")); n != "" && n != "0" && n != "1" {
		count, err := strconv.Atoi(n)
		if err != nil {
			v.Fail("repeat_weeks", commons.Msg("error.field.range", "Min", 1, "Max", commons.MaxRepeatCount))
			return nil, v.Err()
		}
		req.Repeat = &commons.Recurrence{EveryWeeks: 1, Count: count}
	}
	return req, nil
}

func (w *Web) addTeamMember(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	matches, err := w.App.AddTeamMemberNamed(r.Context(), v.Scope, id, picked(f, "person"))
	keepMatches(f, "person", matches)
	return done{To: initiativePath(v, id), Flash: "flash.saved"}, err
}

func (w *Web) removeTeamMember(r *http.Request, v *view, _ *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.SetTeamMember(r.Context(), v.Scope, id, r.PathValue("user_id"), false)
	return done{To: initiativePath(v, id), Flash: "flash.saved"}, err
}

func (w *Web) initiativeHistory(r *http.Request, v *view) (string, error) {
	h, err := w.App.InitiativeHistory(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	v.Title = v.L.T("history.title", "Title", h.Initiative.Title)
	v.Data, v.Styles = h, []string{initiativeStyles}
	return "initiative_history", nil
}

// partySlot is one party's row of the proposal form.
type partySlot struct {
	N, Number                         int // index, and the number people read
	OrgID, Role, Commitments          string
	OrgErr, RoleErr, CommitmentsError string
}

type partnershipData struct {
	app.PartnershipView
	// SignFor are the parties of the current version the reader may sign for.
	SignFor []commons.Party
	Slots   []partySlot
	States  []commons.CommitmentStatus
}

// partnership shows an initiative's partnership as the agreement, with
// the forms to sign it, mark its commitments and (for the team) propose a
// new version; shown again with a form's problems.
func (w *Web) partnership(r *http.Request, v *view) (string, error) {
	pv, err := w.App.Partnership(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	d := partnershipData{PartnershipView: pv, SignFor: pv.SignFor(), States: commons.CommitmentStatuses}
	f := v.Form
	if f != nil && f.Error == "" && f.Errors["parties"] != "" {
		f.Error = f.Errors["parties"]
	}
	if pv.May.Propose {
		d.Slots = proposalSlots(pv.Partnership, f)
		if f == nil {
			f = &form{Values: map[string][]string{}}
			if pv.Partnership != nil {
				if cur := pv.Partnership.Current(); cur != nil {
					f.Values.Set("review_on", cur.ReviewOn)
				}
			}
		}
	}
	if f == nil {
		f = &form{}
	}
	v.Title = v.L.T("partnership.title", "Title", pv.Initiative.Title)
	v.Form, v.Data, v.Styles = f, d, []string{initiativeStyles}
	return "partnership", nil
}

// partnershipPath is the page of an initiative's partnership.
func partnershipPath(r *http.Request, v *view) string {
	return initiativePath(v, r.PathValue("id")) + "/partnership"
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

func (w *Web) proposePartnership(r *http.Request, v *view, f *form) (done, error) {
	_, err := w.App.ProposePartnership(r.Context(), v.Scope, r.PathValue("id"), proposalFrom(f))
	if err != nil {
		return done{}, proposalErrors(f, err)
	}
	return done{To: partnershipPath(r, v), Flash: "flash.partnership_proposed"}, nil
}

func (w *Web) signPartnership(r *http.Request, v *view, f *form) (done, error) {
	pv, err := w.App.Partnership(r.Context(), v.Scope, r.PathValue("id"))
	if err == nil && pv.Partnership == nil {
		err = commons.NotFound()
	}
	if err != nil {
		return done{}, err
	}
	version, _ := strconv.Atoi(f.Get("version"))
	_, err = w.App.Sign(r.Context(), v.Scope, pv.Partnership.ID, f.Get("organization_id"), version)
	return done{To: partnershipPath(r, v), Flash: "flash.signed"}, err
}

func (w *Web) markCommitment(r *http.Request, v *view, f *form) (done, error) {
	c, err := w.App.Commitment(r.Context(), v.Scope, r.PathValue("commitment"))
	if err == nil {
		err = inInitiative(r, c.InitiativeID)
	}
	if err == nil {
		_, err = w.App.SetCommitmentStatus(r.Context(), v.Scope, c.ID, commons.CommitmentStatus(f.Get("status")), f.Get("comment"))
	}
	return done{To: partnershipPath(r, v), Flash: "flash.saved"}, err
}

// networkDrawing is the partnership network laid out for the page: the
// organizations on a circle, grouped by sector (the order the use case
// gives them), so that the drawing is the same on every load and needs
// no script.
type networkDrawing struct {
	Nodes []drawnNode
	Edges []drawnEdge
	// Width and Height are the drawing's size.
	Width, Height float64
	Sectors       []commons.Sector
}

// drawnNode is an organization placed in the drawing.
type drawnNode struct {
	commons.NetworkNode
	X, Y float64 // the circle's centre
	// Label is the name as drawn (shortened), at LX, LY, anchored at
	// Anchor (start, middle or end) so that it reads away from the circle.
	Label  string
	LX, LY float64
	Anchor string
}

// drawnEdge is a line between two organizations, as thick as the number
// of partnerships they share.
type drawnEdge struct {
	Count          int
	X1, Y1, X2, Y2 float64
}

// layoutNetwork places the network's nodes and edges.
func layoutNetwork(n app.Network) networkDrawing {
	// Labels read outwards from the circle, so the drawing is wider than
	// tall, and long names are shortened (the table beside has them whole).
	const width, height, rx, ry = 920.0, 520.0, 200.0, 190.0
	round := func(f float64) float64 { return math.Round(f*10) / 10 }
	d := networkDrawing{Width: width, Height: height, Sectors: commons.Sectors}
	for i, node := range n.Nodes {
		angle := 2*math.Pi*float64(i)/float64(max(len(n.Nodes), 1)) - math.Pi/2
		cos, sin := math.Cos(angle), math.Sin(angle)
		dn := drawnNode{NetworkNode: node, X: round(width/2 + rx*cos), Y: round(height/2 + ry*sin),
			LX: round(width/2 + (rx+22)*cos), LY: round(height/2 + (ry+22)*sin + 5), Label: shortLabel(node.Name, 26)}
		switch {
		case cos > 0.3:
			dn.Anchor = "start"
		case cos < -0.3:
			dn.Anchor = "end"
		default:
			dn.Anchor = "middle"
			dn.LY = round(height/2 + (ry+30)*sin + 5)
		}
		d.Nodes = append(d.Nodes, dn)
	}
	for _, e := range n.Edges {
		a, b := d.Nodes[e.From], d.Nodes[e.To]
		d.Edges = append(d.Edges, drawnEdge{Count: e.Count, X1: a.X, Y1: a.Y, X2: b.X, Y2: b.Y})
	}
	return d
}

// shortLabel cuts a name to at most n characters, marking the cut.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func (w *Web) partnershipNetwork(r *http.Request, v *view) (string, error) {
	n, err := w.App.PartnershipNetwork(r.Context(), v.Scope)
	if err != nil {
		return "", err
	}
	v.Title, v.Data, v.Styles = v.L.T("network.title"), layoutNetwork(n), []string{initiativeStyles}
	return "partnership_network", nil
}

// HistoryDetail writes what an initiative's history event changed in
// words: its statuses ("idea → seeking_partners") by their names.
func (v *view) HistoryDetail(action, detail string) string {
	prefix := map[string]string{"status": "istatus.", "need.status": "nstatus."}[action]
	if prefix == "" {
		return detail
	}
	before, after, ok := strings.Cut(detail, " → ")
	if !ok {
		return detail
	}
	if action == "status" {
		before = v.L.T(prefix + before)
	}
	return before + " → " + v.L.T(prefix+after)
}

// withdrawPledge takes the reader's undecided offer back.
func (w *Web) withdrawPledge(r *http.Request, v *view, _ *form) (done, error) {
	back := done{To: initiativePath(v, r.PathValue("id")), Flash: "flash.pledge_withdrawn"}
	p, err := w.App.PledgeByID(r.Context(), v.Scope, r.PathValue("pledge"))
	if err == nil {
		err = inInitiative(r, p.InitiativeID)
	}
	if err == nil {
		err = w.App.WithdrawPledge(r.Context(), v.Scope, p.ID)
	}
	return back, err
}
