package app

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Most Significant Change (commons/msc.go): the use cases of cycles,
// stories, panels, selections, feedback and verification. Who may read a
// story and see its teller is decided here, once, by commons.MayReadStory
// and commons.MayShowTeller: pages, the API, the CSV export and the
// impact report all read the views these use cases return.

func storyLink(c commons.Community, id string) string {
	return commons.PagePath(commons.SubjectStory, c.Slug, id)
}

// MSCCycleView is a cycle as a reader sees it, with what they may do.
type MSCCycleView struct {
	commons.MSCCycle
	May MSCCycleMay
}

// MSCCycleMay answers the rules about one cycle for the reader.
type MSCCycleMay struct {
	// Run: edit the cycle and form panels (commons.ActionRunMSC, not
	// closed). Advance: move it on to its next status. Tell: tell or
	// collect a story (commons.MayTellStory).
	Run, Advance, Tell bool
}

func cycleView(s Scope, c commons.MSCCycle) MSCCycleView {
	run := s.May.RunMSC
	return MSCCycleView{MSCCycle: c, May: MSCCycleMay{Run: run && c.Status != commons.MSCClosed,
		Advance: run && c.Status.Next() != "", Tell: commons.MayTellStory(c, s.Member)}}
}

// PanelView is a panel with its members' names as the reader may see
// them, and whether the reader selects on it.
type PanelView struct {
	commons.MSCPanel
	May PanelMay
}

// PanelMay: Select — the reader sits on the panel and the cycle selects
// (commons.MaySelect).
type PanelMay struct{ Select bool }

// SelectionView is a selection with the dissenter's name as the reader may
// see it.
type SelectionView struct {
	commons.Selection
}

// StoryView is a story as a reader sees it: its teller and collector
// blanked where the rules say (ShowTeller, ShowCollector), its
// selections with their reasons and its verification notes.
type StoryView struct {
	commons.Story
	ShowTeller, ShowCollector bool
	Selections                []SelectionView
	Verifications             []commons.Verification
	May                       StoryMay
}

// StoryMay answers the rules about one story: Edit (commons.MayEditStory),
// Verify (panel members and those who run cycles).
type StoryMay struct{ Edit, Verify bool }

// Selected reports whether some panel selected the story.
func (v StoryView) Selected() bool { return len(v.Selections) > 0 }

// CycleDetail is one cycle with its panels and selections.
type CycleDetail struct {
	MSCCycleView
	Panels     []PanelView
	Selections []SelectionView
	// OnPanel: the reader sits on one of the cycle's panels.
	OnPanel bool
	// TopLevel is the highest panel level (0 without panels).
	TopLevel int
}

// mscReading is what deciding a reader's view of a cycle's stories needs,
// found once per request.
type mscReading struct {
	cycle      commons.MSCCycle
	panels     []commons.MSCPanel
	selections []commons.Selection
	onPanel    bool
	people     people
}

func (a *App) mscReading(ctx context.Context, s Scope, cycleID string) (mscReading, error) {
	var r mscReading
	var err error
	if r.cycle, err = a.Store.MSCCycle(ctx, s.Community.ID, cycleID); err != nil {
		return r, err
	}
	if r.panels, err = a.Store.Panels(ctx, s.Community.ID, cycleID); err != nil {
		return r, err
	}
	if r.selections, err = a.Store.Selections(ctx, s.Community.ID, cycleID); err != nil {
		return r, err
	}
	for _, p := range r.panels {
		if p.Has(s.ActorID()) {
			r.onPanel = true
		}
	}
	var ids []string
	for _, p := range r.panels {
		for _, m := range p.Members {
			ids = append(ids, m.UserID)
		}
	}
	for _, x := range r.selections {
		ids = append(ids, x.DissentBy)
	}
	r.people, err = a.people(ctx, s, ids...)
	return r, err
}

// readers adds the tellers and collectors of stories to the people the
// reader may see.
func (a *App) withTellers(ctx context.Context, s Scope, r *mscReading, stories []commons.Story) error {
	if s.May.ReadMembersOnly {
		return nil
	}
	var ids []string
	for _, st := range stories {
		ids = append(ids, st.TellerUserID, st.CollectorID)
	}
	for _, p := range r.panels {
		for _, m := range p.Members {
			ids = append(ids, m.UserID)
		}
	}
	for _, x := range r.selections {
		ids = append(ids, x.DissentBy)
	}
	var err error
	r.people, err = a.people(ctx, s, ids...)
	return err
}

// view decides the reader's view of a story; false when they may not
// read it at all.
func (r mscReading) view(s Scope, st commons.Story) (StoryView, bool) {
	reader := s.ActorID()
	if !commons.MayReadStory(st, reader, r.onPanel) {
		return StoryView{}, false
	}
	showPerson := false
	if st.TellerUserID != "" {
		showPerson = r.people.shows(st.TellerUserID)
	} else {
		// A person without an account, or a group: their name is shown
		// to members, and to others where they consented to publication
		// with their name.
		showPerson = s.May.ReadMembersOnly || st.Consent == commons.ConsentPublish
	}
	v := StoryView{Story: st, ShowTeller: commons.MayShowTeller(st, reader, r.onPanel, showPerson)}
	if !v.ShowTeller {
		v.TellerUserID, v.TellerName, v.TellerOrgID, v.TellerOrgName = "", "", "", ""
	}
	// The collector of an anonymous story may be its teller: they are
	// known to themselves alone, like the teller.
	v.ShowCollector = st.CollectorID != "" && r.people.shows(st.CollectorID) &&
		(!st.Anonymous() || reader == st.CollectorID || reader == st.TellerUserID)
	if !v.ShowCollector {
		v.CollectorID, v.CollectorName = "", ""
	}
	for _, x := range r.selections {
		if x.StoryID == st.ID {
			v.Selections = append(v.Selections, r.selectionView(x))
		}
	}
	v.May = StoryMay{Edit: commons.MayEditStory(r.cycle, st, reader), Verify: reader != "" && (r.onPanel || s.May.RunMSC)}
	return v, true
}

func (r mscReading) selectionView(x commons.Selection) SelectionView {
	r.people.name(x.DissentBy, &x.DissentByName)
	if x.DissentByName == "" {
		x.DissentBy = ""
	}
	return SelectionView{Selection: x}
}

// readable reports whether the reader may read the story a selection is
// of (a "do not publish" story stays inside the panels).
func (r mscReading) readable(s Scope, stories map[string]commons.Story, x commons.Selection) bool {
	st, ok := stories[x.StoryID]
	return ok && commons.MayReadStory(st, s.ActorID(), r.onPanel)
}

// MSCCycles lists the community's cycles; they are public, as the
// stories published from them are.
func (a *App) MSCCycles(ctx context.Context, s Scope) ([]MSCCycleView, error) {
	cs, err := a.Store.MSCCycles(ctx, s.Community.ID)
	out := make([]MSCCycleView, 0, len(cs))
	for _, c := range cs {
		out = append(out, cycleView(s, c))
	}
	return out, err
}

// MSCCycle returns one cycle with its panels and the selections the
// reader may read.
func (a *App) MSCCycle(ctx context.Context, s Scope, id string) (CycleDetail, error) {
	r, err := a.mscReading(ctx, s, id)
	if err != nil {
		return CycleDetail{}, err
	}
	stories, err := a.Store.Stories(ctx, s.Community.ID, id, commons.StoryFilter{})
	if err != nil {
		return CycleDetail{}, err
	}
	if err := a.withTellers(ctx, s, &r, stories); err != nil {
		return CycleDetail{}, err
	}
	byID := map[string]commons.Story{}
	for _, st := range stories {
		byID[st.ID] = st
	}
	d := CycleDetail{MSCCycleView: cycleView(s, r.cycle), OnPanel: r.onPanel}
	for _, p := range r.panels {
		d.Panels = append(d.Panels, r.panelView(p))
		d.TopLevel = max(d.TopLevel, p.Level)
	}
	for _, x := range r.selections {
		if r.readable(s, byID, x) {
			d.Selections = append(d.Selections, r.selectionView(x))
		}
	}
	return d, nil
}

func (r mscReading) panelView(p commons.MSCPanel) PanelView {
	v := PanelView{MSCPanel: p}
	v.Members = nil
	for _, m := range p.Members {
		r.people.name(m.UserID, &m.Name)
		v.Members = append(v.Members, m)
	}
	v.May.Select = commons.MaySelect(r.cycle, p, r.people.s.ActorID())
	return v
}

// checkScope checks the initiative or partnership a cycle or a panel is
// about: a thing of this community.
func (a *App) checkMSCScope(ctx context.Context, s Scope, typ commons.SubjectType, id string) error {
	if id == "" {
		return nil
	}
	if _, err := a.mscSubjectName(ctx, s, typ, id); commons.CodeOf(err) == commons.CodeNotFound {
		return invalid("scope_id", commons.Msg("error.msc.unknown_scope"))
	} else if err != nil {
		return err
	}
	return nil
}

// OpenMSCCycle opens a cycle, collecting stories (commons.ActionRunMSC).
func (a *App) OpenMSCCycle(ctx context.Context, s Scope, f commons.MSCCycleFields) (MSCCycleView, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return MSCCycleView{}, err
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return MSCCycleView{}, err
	}
	if err := a.checkMSCScope(ctx, s, f.ScopeType, f.ScopeID); err != nil {
		return MSCCycleView{}, err
	}
	c, err := a.Store.CreateMSCCycle(ctx, commons.MSCCycle{CommunityID: s.Community.ID, Title: f.Title, From: f.From, To: f.To,
		ScopeType: f.ScopeType, ScopeID: f.ScopeID, Domains: f.Domains, Question: f.Question, CreatedBy: s.ActorID()})
	if err != nil {
		return MSCCycleView{}, err
	}
	c, err = a.Store.MSCCycle(ctx, s.Community.ID, c.ID)
	return cycleView(s, c), err
}

// EditMSCCycle changes a cycle that is not closed; a domain some story
// is told in cannot be dropped.
func (a *App) EditMSCCycle(ctx context.Context, s Scope, id string, f commons.MSCCycleFields) (MSCCycleView, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return MSCCycleView{}, err
	}
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, id)
	if err != nil {
		return MSCCycleView{}, err
	}
	if c.Status == commons.MSCClosed {
		return MSCCycleView{}, commons.Errorf(commons.CodeConflict, "error.msc.closed")
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return MSCCycleView{}, err
	}
	if err := a.checkMSCScope(ctx, s, f.ScopeType, f.ScopeID); err != nil {
		return MSCCycleView{}, err
	}
	stories, err := a.Store.Stories(ctx, s.Community.ID, id, commons.StoryFilter{})
	if err != nil {
		return MSCCycleView{}, err
	}
	for _, st := range stories {
		if !slices.Contains(f.Domains, st.Domain) {
			return MSCCycleView{}, invalid("domains", commons.Msg("error.msc.domain_in_use", "Domain", st.Domain))
		}
	}
	c.Title, c.From, c.To, c.ScopeType, c.ScopeID, c.Domains, c.Question = f.Title, f.From, f.To, f.ScopeType, f.ScopeID, f.Domains, f.Question
	if err := a.Store.UpdateMSCCycle(ctx, c); err != nil {
		return MSCCycleView{}, err
	}
	c, err = a.Store.MSCCycle(ctx, s.Community.ID, id)
	return cycleView(s, c), err
}

// AdvanceMSCCycle moves a cycle on: from collecting to selecting, from
// selecting to closed.
func (a *App) AdvanceMSCCycle(ctx context.Context, s Scope, id string) (MSCCycleView, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return MSCCycleView{}, err
	}
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, id)
	if err != nil {
		return MSCCycleView{}, err
	}
	next := c.Status.Next()
	if next == "" {
		return MSCCycleView{}, commons.Errorf(commons.CodeConflict, "error.msc.closed")
	}
	if err := a.Store.SetMSCStatus(ctx, s.Community.ID, id, c.Status, next); err != nil {
		return MSCCycleView{}, err
	}
	c.Status = next
	return cycleView(s, c), nil
}

// checkStory normalises and validates a story's fields against its cycle
// and the community: its teller (an active member), the organization
// they speak from, the things it links to.
func (a *App) checkStory(ctx context.Context, s Scope, c commons.MSCCycle, f *commons.StoryFields) error {
	f.Normalize()
	if f.TellerKind == commons.TellerMember && f.TellerUserID == "" {
		f.TellerUserID = s.ActorID()
	}
	themes, err := a.Store.CommunityThemes(ctx, s.Community.ID)
	if err != nil {
		return err
	}
	var v commons.Validator
	f.Validate(&v, c, a.today(s.Community), themes)
	if err := v.Err(); err != nil {
		return err
	}
	if f.TellerUserID != "" {
		m, err := a.Store.Member(ctx, s.Community.ID, f.TellerUserID)
		if commons.CodeOf(err) == commons.CodeNotFound || (err == nil && !commons.IsActiveMember(&m)) {
			return invalid("teller_user_id", commons.Msg("error.msc.not_member"))
		}
		if err != nil {
			return err
		}
	}
	if f.TellerOrgID != "" {
		if _, err := a.Store.OrganizationInCommunity(ctx, s.Community.ID, f.TellerOrgID); commons.CodeOf(err) == commons.CodeNotFound {
			return invalid("teller_org_id", commons.Msg("error.msc.unknown_org"))
		} else if err != nil {
			return err
		}
	}
	for i, l := range f.Links {
		name, err := a.mscSubjectName(ctx, s, l.Type, l.ID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			return invalid("links", commons.Msg("error.msc.unknown_link"))
		}
		if err != nil {
			return err
		}
		f.Links[i].Name = name
	}
	return nil
}

// TellStory records a story in a cycle that collects: told by the actor,
// or collected by them for someone else (commons.MayTellStory).
func (a *App) TellStory(ctx context.Context, s Scope, cycleID string, f commons.StoryFields) (StoryView, error) {
	if s.Actor == nil {
		return StoryView{}, commons.Unauthenticated()
	}
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, cycleID)
	if err != nil {
		return StoryView{}, err
	}
	if !commons.MayTellStory(c, s.Member) {
		if c.Status != commons.MSCCollecting && commons.IsActiveMember(s.Member) {
			return StoryView{}, commons.Errorf(commons.CodeConflict, "error.msc.not_collecting")
		}
		return StoryView{}, commons.Forbidden()
	}
	if err := a.checkStory(ctx, s, c, &f); err != nil {
		return StoryView{}, err
	}
	st, err := a.Store.AddStory(ctx, commons.Story{CommunityID: s.Community.ID, CycleID: c.ID, TellerKind: f.TellerKind,
		TellerUserID: f.TellerUserID, TellerName: f.TellerName, TellerOrgID: f.TellerOrgID, CollectorID: s.Actor.ID, Consent: f.Consent,
		ConsentDate: f.ConsentDate, When: f.When, Where: f.Where, Domain: f.Domain, Title: f.Title, Text: f.Text, Why: f.Why,
		Language: f.Language, Theme: f.Theme, Links: f.Links})
	if err != nil {
		return StoryView{}, err
	}
	return a.Story(ctx, s, st.ID)
}

// EditStory rewrites a story: its teller or collector, while the cycle
// collects (commons.MayEditStory).
func (a *App) EditStory(ctx context.Context, s Scope, id string, f commons.StoryFields) (StoryView, error) {
	v, err := a.Story(ctx, s, id)
	if err != nil {
		return v, err
	}
	st, err := a.Store.Story(ctx, s.Community.ID, id)
	if err != nil {
		return v, err
	}
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, st.CycleID)
	if err != nil {
		return v, err
	}
	if !commons.MayEditStory(c, st, s.ActorID()) {
		if c.Status != commons.MSCCollecting && (st.CollectorID == s.ActorID() || st.TellerUserID == s.ActorID()) {
			return v, commons.Errorf(commons.CodeConflict, "error.msc.not_collecting")
		}
		return v, commons.Forbidden()
	}
	if f.TellerKind == commons.TellerMember && f.TellerUserID == "" {
		// The member the story was told by stays its teller unless the
		// form names another.
		f.TellerUserID = st.TellerUserID
	}
	if err := a.checkStory(ctx, s, c, &f); err != nil {
		return v, err
	}
	st.TellerKind, st.TellerUserID, st.TellerName, st.TellerOrgID = f.TellerKind, f.TellerUserID, f.TellerName, f.TellerOrgID
	st.Consent, st.ConsentDate, st.When, st.Where, st.Domain = f.Consent, f.ConsentDate, f.When, f.Where, f.Domain
	st.Title, st.Text, st.Why, st.Language, st.Theme, st.Links = f.Title, f.Text, f.Why, f.Language, f.Theme, f.Links
	if err := a.Store.UpdateStory(ctx, st); err != nil {
		return v, err
	}
	return a.Story(ctx, s, id)
}

// Story returns one story as the reader may see it, with its selections
// and verification notes; a story the reader may not read is not found.
func (a *App) Story(ctx context.Context, s Scope, id string) (StoryView, error) {
	st, err := a.Store.Story(ctx, s.Community.ID, id)
	if err != nil {
		return StoryView{}, err
	}
	r, err := a.mscReading(ctx, s, st.CycleID)
	if err != nil {
		return StoryView{}, err
	}
	if err := a.withTellers(ctx, s, &r, []commons.Story{st}); err != nil {
		return StoryView{}, err
	}
	v, ok := r.view(s, st)
	if !ok {
		return StoryView{}, commons.NotFound()
	}
	vs, err := a.Store.Verifications(ctx, s.Community.ID, id)
	if err != nil {
		return v, err
	}
	for _, x := range vs {
		r.people.name(x.CheckedBy, &x.CheckedByName)
		v.Verifications = append(v.Verifications, x)
	}
	return v, nil
}

// StoryOf returns the cycle a story belongs to, for pages that show the
// story with its cycle's words.
func (a *App) StoryCycle(ctx context.Context, s Scope, v StoryView) (MSCCycleView, error) {
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, v.CycleID)
	return cycleView(s, c), err
}

// StoriesPage is a cycle's stories as a reader may read them, filtered,
// with the counts an analysis reads.
type StoriesPage struct {
	Cycle   MSCCycleView
	Stories []StoryView
	Counts  commons.StoryCounts
	// Number is the page shown (filter's Page, 0 for all); More says a
	// next page has stories. Next is the cursor of the next page, when
	// the filter asked by cursor and there is one.
	Number int
	More   bool
	Next   string
}

// StoriesPerPage is how many stories a page of a cycle's stories lists.
const StoriesPerPage = 100

// Stories lists a cycle's stories that pass the filter and the reader may
// read, with counts per domain, sector, theme and language. Selected and
// unselected stories alike stay searchable.
func (a *App) Stories(ctx context.Context, s Scope, cycleID string, f commons.StoryFilter) (StoriesPage, error) {
	var p StoriesPage
	if f.Selected != "" && f.Selected != "yes" && f.Selected != "no" {
		return p, invalid("selected", commons.Msg("error.field.one_of", "Allowed", "yes, no"))
	}
	r, err := a.mscReading(ctx, s, cycleID)
	if err != nil {
		return p, err
	}
	p.Cycle = cycleView(s, r.cycle)
	stories, err := a.Store.Stories(ctx, s.Community.ID, cycleID, f)
	if err != nil {
		return p, err
	}
	if err := a.withTellers(ctx, s, &r, stories); err != nil {
		return p, err
	}
	counts := map[string]map[string]int{}
	add := func(dim, key string) {
		if counts[dim] == nil {
			counts[dim] = map[string]int{}
		}
		counts[dim][key]++
	}
	for _, st := range stories {
		v, ok := r.view(s, st)
		if !ok {
			continue
		}
		p.Stories = append(p.Stories, v)
		p.Counts.Total++
		add("domain", st.Domain)
		add("sector", st.Sector)
		add("theme", st.Theme)
		add("language", st.Language)
	}
	p.Counts.ByDomain, p.Counts.BySector = sortedCounts(counts["domain"]), sortedCounts(counts["sector"])
	p.Counts.ByTheme, p.Counts.ByLanguage = sortedCounts(counts["theme"]), sortedCounts(counts["language"])
	// The counts are of every story the reader may read; the list is one
	// page of them.
	switch {
	case f.Limit > 0:
		after, err := store.StoryAfter(f.Cursor)
		if err != nil {
			return p, err
		}
		from := len(p.Stories)
		for n, v := range p.Stories {
			if after(v.Story) {
				from = n
				break
			}
		}
		to := min(from+f.Limit, len(p.Stories))
		if p.More = to < len(p.Stories); p.More {
			p.Next = store.StoryCursor(p.Stories[to-1].Story)
		}
		p.Stories = p.Stories[from:to]
	case f.Page > 0:
		p.Number = f.Page
		from := min((f.Page-1)*StoriesPerPage, len(p.Stories))
		to := min(from+StoriesPerPage, len(p.Stories))
		p.More = to < len(p.Stories)
		p.Stories = p.Stories[from:to]
	}
	return p, nil
}

// sortedCounts orders counts from the most to the fewest stories.
func sortedCounts(m map[string]int) []commons.StoryCount {
	out := make([]commons.StoryCount, 0, len(m))
	for k, n := range m {
		out = append(out, commons.StoryCount{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// FormPanel forms a panel of a cycle that is not closed
// (commons.ActionRunMSC). Its members must be active members of the
// cycle's community: anyone else is not found.
func (a *App) FormPanel(ctx context.Context, s Scope, cycleID string, f commons.PanelFields) (PanelView, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return PanelView{}, err
	}
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, cycleID)
	if err != nil {
		return PanelView{}, err
	}
	if c.Status == commons.MSCClosed {
		return PanelView{}, commons.Errorf(commons.CodeConflict, "error.msc.closed")
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v)
	if err := v.Err(); err != nil {
		return PanelView{}, err
	}
	if err := a.checkMSCScope(ctx, s, f.ScopeType, f.ScopeID); err != nil {
		return PanelView{}, err
	}
	panels, err := a.Store.Panels(ctx, s.Community.ID, cycleID)
	if err != nil {
		return PanelView{}, err
	}
	if len(panels) >= commons.MaxMSCPanels {
		return PanelView{}, invalid("name", commons.Msg("error.field.too_many", "Max", commons.MaxMSCPanels))
	}
	p := commons.MSCPanel{CommunityID: s.Community.ID, CycleID: cycleID, Name: f.Name, Level: f.Level, ScopeType: f.ScopeType, ScopeID: f.ScopeID}
	for _, id := range f.MemberIDs {
		m, err := a.Store.Member(ctx, s.Community.ID, id)
		if err == nil && !commons.IsActiveMember(&m) {
			err = commons.NotFound()
		}
		if err != nil {
			return PanelView{}, err
		}
		p.Members = append(p.Members, commons.PanelMember{UserID: id, Name: m.Name})
	}
	if p, err = a.Store.CreatePanel(ctx, p); err != nil {
		return PanelView{}, err
	}
	return a.Panel(ctx, s, p.ID)
}

// PanelDetail is a panel with the stories it chooses from, by domain,
// and the choices it made.
type PanelDetail struct {
	Panel PanelView
	Cycle MSCCycleView
	// Candidates are the stories the panel chooses from, by domain in
	// the cycle's order: those the panels one level below selected, or,
	// at the first level, the cycle's stories (about the panel's
	// initiative or partnership, when it has one).
	Candidates []DomainCandidates
}

// DomainCandidates are the stories of one domain a panel chooses from,
// and its choice, if made.
type DomainCandidates struct {
	Domain  string
	Stories []StoryView
	Chosen  *SelectionView
}

// candidates lists the stories a panel chooses from (all, as stored).
func candidates(p commons.MSCPanel, panels []commons.MSCPanel, selections []commons.Selection, stories []commons.Story) []commons.Story {
	below := 0
	for _, q := range panels {
		if q.Level < p.Level {
			below = max(below, q.Level)
		}
	}
	var out []commons.Story
	for _, st := range stories {
		if below == 0 {
			if p.ScopeID == "" || slices.ContainsFunc(st.Links, func(l commons.StoryLink) bool { return l.Type == p.ScopeType && l.ID == p.ScopeID }) {
				out = append(out, st)
			}
			continue
		}
		if slices.ContainsFunc(selections, func(x commons.Selection) bool { return x.StoryID == st.ID && x.Level == below }) {
			out = append(out, st)
		}
	}
	return out
}

// Panel returns one panel with the stories it chooses from. Its members
// and those who run cycles read the candidates; others see the panel.
func (a *App) Panel(ctx context.Context, s Scope, id string) (PanelView, error) {
	d, err := a.PanelDetail(ctx, s, id)
	return d.Panel, err
}

// PanelDetail returns a panel, its cycle and its candidates by domain.
func (a *App) PanelDetail(ctx context.Context, s Scope, id string) (PanelDetail, error) {
	var d PanelDetail
	cycleID, err := a.Store.PanelCycle(ctx, s.Community.ID, id)
	if err != nil {
		return d, err
	}
	r, err := a.mscReading(ctx, s, cycleID)
	if err != nil {
		return d, err
	}
	var p commons.MSCPanel
	for _, q := range r.panels {
		if q.ID == id {
			p = q
		}
	}
	stories, err := a.Store.Stories(ctx, s.Community.ID, cycleID, commons.StoryFilter{})
	if err != nil {
		return d, err
	}
	if err := a.withTellers(ctx, s, &r, stories); err != nil {
		return d, err
	}
	d.Panel, d.Cycle = r.panelView(p), cycleView(s, r.cycle)
	if !p.Has(s.ActorID()) && !s.May.RunMSC && !r.onPanel {
		return d, nil
	}
	cands := candidates(p, r.panels, r.selections, stories)
	for _, dom := range r.cycle.Domains {
		dc := DomainCandidates{Domain: dom}
		for _, st := range cands {
			if st.Domain != dom {
				continue
			}
			if v, ok := r.view(s, st); ok {
				dc.Stories = append(dc.Stories, v)
			}
		}
		for _, x := range r.selections {
			if x.PanelID == p.ID && x.Domain == dom {
				sv := r.selectionView(x)
				dc.Chosen = &sv
			}
		}
		d.Candidates = append(d.Candidates, dc)
	}
	return d, nil
}

// SelectStory records a panel's choice of the most significant story in
// the story's domain, with its method and reasons, and dissent if any.
// Only the panel's members select, while the cycle selects, once per
// domain, from the stories before the panel. Feedback goes at once, in
// the same transaction: to the teller (with an account), to the collector
// of a teller without one, and to the members of the lower panels — each
// with the reasons.
func (a *App) SelectStory(ctx context.Context, s Scope, panelID string, f commons.SelectionFields) (SelectionView, error) {
	if s.Actor == nil {
		return SelectionView{}, commons.Unauthenticated()
	}
	cycleID, err := a.Store.PanelCycle(ctx, s.Community.ID, panelID)
	if err != nil {
		return SelectionView{}, err
	}
	r, err := a.mscReading(ctx, s, cycleID)
	if err != nil {
		return SelectionView{}, err
	}
	var p commons.MSCPanel
	for _, q := range r.panels {
		if q.ID == panelID {
			p = q
		}
	}
	if !p.Has(s.Actor.ID) || s.Member == nil || s.Member.ReadOnly {
		return SelectionView{}, commons.Forbidden()
	}
	f.Normalize()
	var v commons.Validator
	f.Validate(&v, len(p.Members))
	if f.DissentBy != "" && !p.Has(f.DissentBy) {
		v.Fail("dissent_by", commons.Msg("error.msc.not_on_panel"))
	}
	if err := v.Err(); err != nil {
		return SelectionView{}, err
	}
	if r.cycle.Status != commons.MSCSelecting {
		return SelectionView{}, commons.Errorf(commons.CodeConflict, "error.msc.not_selecting")
	}
	stories, err := a.Store.Stories(ctx, s.Community.ID, cycleID, commons.StoryFilter{})
	if err != nil {
		return SelectionView{}, err
	}
	var st *commons.Story
	for _, c := range candidates(p, r.panels, r.selections, stories) {
		if c.ID == f.StoryID {
			st = &c
		}
	}
	if st == nil {
		return SelectionView{}, invalid("story_id", commons.Msg("error.msc.not_candidate"))
	}
	x := commons.Selection{CommunityID: s.Community.ID, CycleID: cycleID, PanelID: p.ID, PanelName: p.Name, Level: p.Level, Domain: st.Domain,
		StoryID: st.ID, StoryTitle: st.Title, Method: f.Method, VotesFor: f.VotesFor, VotesAgainst: f.VotesAgainst, Abstained: f.Abstained,
		Reasons: f.Reasons, Dissent: f.Dissent, DissentBy: f.DissentBy, SelectedBy: s.Actor.ID}
	feedback, notes := selectionFeedback(s.Community, x, *st, p, r.panels, s.Actor.ID)
	saved, err := a.Store.Select(ctx, x, feedback, notes)
	if err != nil {
		return SelectionView{}, err
	}
	saved.PanelName, saved.Level, saved.StoryTitle = p.Name, p.Level, st.Title
	return r.selectionView(saved), nil
}

// selectionFeedback decides who hears of a selection, and why: the
// teller with an account, else the collector; the members of every lower
// panel. Nobody hears twice, and the one who recorded it is not told.
func selectionFeedback(c commons.Community, x commons.Selection, st commons.Story, p commons.MSCPanel, panels []commons.MSCPanel, actorID string) ([]commons.Feedback, []commons.Notification) {
	told := map[string]bool{}
	var fb []commons.Feedback
	var notes []commons.Notification
	args := map[string]string{"Story": st.Title, "Panel": p.Name, "Reasons": x.Reasons}
	tell := func(userID, role, kind string) {
		if userID == "" || told[userID] {
			return
		}
		told[userID] = true
		fb = append(fb, commons.Feedback{UserID: userID, Role: role})
		if userID != actorID {
			notes = append(notes, commons.Notification{UserID: userID, CommunityID: c.ID, Kind: kind, Args: args, Link: storyLink(c, st.ID)})
		}
	}
	if st.TellerUserID != "" {
		tell(st.TellerUserID, "teller", commons.NotifyStorySelected)
	} else {
		tell(st.CollectorID, "collector", commons.NotifyStorySelected)
	}
	for _, q := range panels {
		if q.Level < p.Level {
			for _, m := range q.Members {
				tell(m.UserID, "panel", commons.NotifyPanelFeedback)
			}
		}
	}
	return fb, notes
}

// MSCSelections lists a cycle's selections the reader may read, with
// their reasons.
func (a *App) MSCSelections(ctx context.Context, s Scope, cycleID string) ([]SelectionView, error) {
	d, err := a.MSCCycle(ctx, s, cycleID)
	return d.Selections, err
}

// MSCFeedback lists who was told of a cycle's selections: for those who
// run cycles and the panels. The teller of an anonymous story is named to
// its collector alone.
func (a *App) MSCFeedback(ctx context.Context, s Scope, cycleID string) ([]commons.Feedback, error) {
	if s.Actor == nil {
		return nil, commons.Unauthenticated()
	}
	r, err := a.mscReading(ctx, s, cycleID)
	if err != nil {
		return nil, err
	}
	if !r.onPanel && !s.May.RunMSC {
		return nil, commons.Forbidden()
	}
	fb, err := a.Store.Feedback(ctx, s.Community.ID, cycleID)
	if err != nil {
		return nil, err
	}
	stories, err := a.Store.Stories(ctx, s.Community.ID, cycleID, commons.StoryFilter{Selected: "yes"})
	if err != nil {
		return nil, err
	}
	storyOf := map[string]commons.Story{}
	for _, x := range r.selections {
		for _, st := range stories {
			if st.ID == x.StoryID {
				storyOf[x.ID] = st
			}
		}
	}
	out := make([]commons.Feedback, 0, len(fb))
	for _, f := range fb {
		st := storyOf[f.SelectionID]
		if f.Role != "panel" && st.Anonymous() && s.ActorID() != st.CollectorID && s.ActorID() != f.UserID {
			f.UserID, f.Name = "", ""
		}
		out = append(out, f)
	}
	return out, nil
}

// VerifyStory adds a note on how a story was checked: panel members and
// those who run cycles.
func (a *App) VerifyStory(ctx context.Context, s Scope, storyID string, f commons.VerificationFields) (commons.Verification, error) {
	v, err := a.Story(ctx, s, storyID)
	if err != nil {
		return commons.Verification{}, err
	}
	if !v.May.Verify || s.Member == nil || s.Member.ReadOnly {
		return commons.Verification{}, commons.Forbidden()
	}
	var val commons.Validator
	f.Validate(&val, a.today(s.Community))
	if err := val.Err(); err != nil {
		return commons.Verification{}, err
	}
	x, err := a.Store.AddVerification(ctx, s.Community.ID, commons.Verification{StoryID: storyID, CheckedBy: s.Actor.ID,
		CheckedByName: s.Actor.Name, How: f.How, Note: f.Note, CheckedOn: f.CheckedOn})
	return x, err
}

// MSCPeriod is the span of days (YYYY-MM-DD, inclusive) a report covers;
// empty ends are open.
type MSCPeriod struct{ From, To string }

// SelectedStory is a story a cycle's top panel selected, with every
// panel's reasons on the way up: what an impact report shows.
type SelectedStory struct {
	Cycle MSCCycleView
	Story StoryView
	// Selections are the story's selections from the lowest level up,
	// each with its reasons and any dissent.
	Selections []SelectionView
}

// SelectedStories lists, for the cycles whose period overlaps the
// period, the stories their top-level panels selected, as the reader may
// read them (a "do not publish" story stays with the panels, an
// anonymous teller with the collector).
func (a *App) SelectedStories(ctx context.Context, s Scope, period MSCPeriod) ([]SelectedStory, error) {
	cycles, err := a.Store.MSCCycles(ctx, s.Community.ID)
	if err != nil {
		return nil, err
	}
	var out []SelectedStory
	for _, c := range cycles {
		if (period.To != "" && c.From > period.To) || (period.From != "" && c.To < period.From) {
			continue
		}
		r, err := a.mscReading(ctx, s, c.ID)
		if err != nil {
			return nil, err
		}
		top := 0
		for _, p := range r.panels {
			top = max(top, p.Level)
		}
		stories, err := a.Store.Stories(ctx, s.Community.ID, c.ID, commons.StoryFilter{Selected: "yes"})
		if err != nil {
			return nil, err
		}
		if err := a.withTellers(ctx, s, &r, stories); err != nil {
			return nil, err
		}
		for _, st := range stories {
			v, ok := r.view(s, st)
			if !ok || !slices.ContainsFunc(v.Selections, func(x SelectionView) bool { return x.Level == top }) {
				continue
			}
			out = append(out, SelectedStory{Cycle: cycleView(s, c), Story: v, Selections: v.Selections})
		}
	}
	return out, nil
}

// StoryOptions are what the story form offers: the cycle, the members a
// collector may enter a story for, the organizations, initiatives and
// activities a story may link to, and the themes.
type StoryOptions struct {
	Cycle         MSCCycleView
	Members       []commons.Member
	Organizations []commons.Organization
	Initiatives   []commons.Initiative
	Themes        []string
	Today         string
}

// StoryOptions lists them for a person who may tell a story in the cycle.
func (a *App) StoryOptions(ctx context.Context, s Scope, cycleID string) (StoryOptions, error) {
	var o StoryOptions
	c, err := a.Store.MSCCycle(ctx, s.Community.ID, cycleID)
	if err != nil {
		return o, err
	}
	o.Cycle, o.Today = cycleView(s, c), a.today(s.Community)
	if s.Actor == nil {
		return o, commons.Unauthenticated()
	}
	if !o.Cycle.May.Tell {
		return o, commons.Forbidden()
	}
	if o.Themes, err = a.Themes(ctx, s); err != nil {
		return o, err
	}
	if o.Members, _, err = a.Store.Members(ctx, s.Community.ID, commons.MemberActive, commons.Page{Limit: commons.MaxPageSize}); err != nil {
		return o, err
	}
	if o.Organizations, _, err = a.Store.ListOrganizations(ctx, s.Community.ID, commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize}}); err != nil {
		return o, err
	}
	o.Initiatives, _, err = a.Store.ListInitiatives(ctx, s.Community.ID, commons.InitiativeFilter{Page: commons.Page{Limit: commons.MaxPageSize}})
	return o, err
}

// PanelOptions are the members an editor may put on a panel.
func (a *App) PanelOptions(ctx context.Context, s Scope) ([]commons.Member, []commons.Initiative, error) {
	if err := s.Require(commons.ActionRunMSC); err != nil {
		return nil, nil, err
	}
	ms, _, err := a.Store.Members(ctx, s.Community.ID, commons.MemberActive, commons.Page{Limit: commons.MaxPageSize})
	if err != nil {
		return nil, nil, err
	}
	is, _, err := a.Store.ListInitiatives(ctx, s.Community.ID, commons.InitiativeFilter{Page: commons.Page{Limit: commons.MaxPageSize}})
	return ms, is, err
}

// storyCSVHeader and StoryCSVRow write stories for the CSV export; the
// teller's name is the view's, already blanked by the rules.
var storyCSVHeader = []string{"id", "title", "domain", "teller_kind", "teller", "sector", "collector", "consent", "consent_date", "when",
	"where", "language", "theme", "story", "why", "selected_by", "links"}

// StoryCSVHeader is the header row of the stories export.
func StoryCSVHeader() []string { return slices.Clone(storyCSVHeader) }

// StoryCSVRow is one story of the export, as the reader may read it.
func StoryCSVRow(v StoryView) []string {
	var sel, links []string
	for _, x := range v.Selections {
		sel = append(sel, x.PanelName)
	}
	for _, l := range v.Links {
		links = append(links, string(l.Type)+":"+l.Name)
	}
	return []string{v.ID, v.Title, v.Domain, string(v.TellerKind), v.TellerName, v.Sector, v.CollectorName, string(v.Consent), v.ConsentDate,
		v.When, v.Where, v.Language, v.Theme, v.Text, v.Why, strings.Join(sel, "; "), strings.Join(links, "; ")}
}
