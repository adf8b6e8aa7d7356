package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// MSCCycleIn opens or edits a Most Significant Change cycle.
type MSCCycleIn struct {
	Title     string   `json:"title" jsonschema:"minLength=1,maxLength=200"`
	From      string   `json:"from" jsonschema:"format=date,description=The period the stories look back over"`
	To        string   `json:"to" jsonschema:"format=date"`
	ScopeType string   `json:"scope_type,omitempty" jsonschema:"enum=,enum=initiative,enum=partnership,description=The cycle is about one initiative or partnership; empty for the whole community"`
	ScopeID   string   `json:"scope_id,omitempty"`
	Domains   []string `json:"domains,omitempty" jsonschema:"maxItems=12,description=Domains of change; without any: learning, participation, work, environment, other"`
	Question  string   `json:"question" jsonschema:"minLength=1,maxLength=500"`
}

func (in MSCCycleIn) fields() commons.MSCCycleFields {
	return commons.MSCCycleFields{Title: in.Title, From: in.From, To: in.To, ScopeType: commons.SubjectType(in.ScopeType), ScopeID: in.ScopeID,
		Domains: in.Domains, Question: in.Question}
}

// MSCCycle is a cycle.
type MSCCycle struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	From      string      `json:"from" jsonschema:"format=date"`
	To        string      `json:"to" jsonschema:"format=date"`
	ScopeType string      `json:"scope_type,omitempty"`
	ScopeID   string      `json:"scope_id,omitempty"`
	ScopeName string      `json:"scope_name,omitempty"`
	Domains   []string    `json:"domains"`
	Question  string      `json:"question"`
	Status    string      `json:"status" jsonschema:"enum=collecting,enum=selecting,enum=closed"`
	Stories   int         `json:"stories"`
	CreatedAt time.Time   `json:"created_at"`
	May       MSCCycleMay `json:"may"`
}

// MSCCycleMay says what the caller may do with a cycle.
type MSCCycleMay struct {
	Run     bool `json:"run" jsonschema:"description=Edit it and form panels"`
	Advance bool `json:"advance" jsonschema:"description=Move it to its next status"`
	Tell    bool `json:"tell" jsonschema:"description=Tell or collect a story"`
}

func cycleOut(v app.MSCCycleView) MSCCycle {
	c := v.MSCCycle
	return MSCCycle{ID: c.ID, Title: c.Title, From: c.From, To: c.To, ScopeType: string(c.ScopeType), ScopeID: c.ScopeID, ScopeName: c.ScopeName,
		Domains: c.Domains, Question: c.Question, Status: string(c.Status), Stories: c.Stories, CreatedAt: c.CreatedAt,
		May: MSCCycleMay{Run: v.May.Run, Advance: v.May.Advance, Tell: v.May.Tell}}
}

// MSCCycleDetail is a cycle with its panels and selections.
type MSCCycleDetail struct {
	MSCCycle
	Panels     []MSCPanel     `json:"panels"`
	Selections []MSCSelection `json:"selections"`
}

// MSCPanel is a selection panel.
type MSCPanel struct {
	ID        string        `json:"id"`
	CycleID   string        `json:"cycle_id"`
	Name      string        `json:"name"`
	Level     int           `json:"level"`
	ScopeType string        `json:"scope_type,omitempty"`
	ScopeID   string        `json:"scope_id,omitempty"`
	ScopeName string        `json:"scope_name,omitempty"`
	Members   []PanelMember `json:"members"`
	MaySelect bool          `json:"may_select"`
}

// PanelMember is a member of a panel; name empty where the caller may not
// see it.
type PanelMember struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

func panelOut(v app.PanelView) MSCPanel {
	p := MSCPanel{ID: v.ID, CycleID: v.CycleID, Name: v.Name, Level: v.Level, ScopeType: string(v.ScopeType), ScopeID: v.ScopeID,
		ScopeName: v.ScopeName, Members: []PanelMember{}, MaySelect: v.May.Select}
	for _, m := range v.Members {
		p.Members = append(p.Members, PanelMember{UserID: m.UserID, Name: m.Name})
	}
	return p
}

// PanelIn forms a panel.
type PanelIn struct {
	Name      string   `json:"name" jsonschema:"minLength=1,maxLength=200"`
	Level     int      `json:"level" jsonschema:"minimum=1,maximum=5,description=1 for an initiative's or partnership's panel; the highest level is the community's"`
	ScopeType string   `json:"scope_type,omitempty" jsonschema:"enum=,enum=initiative,enum=partnership"`
	ScopeID   string   `json:"scope_id,omitempty"`
	MemberIDs []string `json:"member_ids" jsonschema:"minItems=1,maxItems=50,description=Active members of the cycle's community (anyone else: 404)"`
}

// MSCSelection is a panel's choice in a domain, with its reasons.
type MSCSelection struct {
	ID           string    `json:"id"`
	PanelID      string    `json:"panel_id"`
	PanelName    string    `json:"panel_name"`
	Level        int       `json:"level"`
	Domain       string    `json:"domain"`
	StoryID      string    `json:"story_id"`
	StoryTitle   string    `json:"story_title"`
	Method       string    `json:"method" jsonschema:"enum=vote,enum=consensus"`
	VotesFor     int       `json:"votes_for"`
	VotesAgainst int       `json:"votes_against"`
	Abstained    int       `json:"abstained"`
	Reasons      string    `json:"reasons"`
	Dissent      string    `json:"dissent,omitempty"`
	DissentBy    string    `json:"dissent_by,omitempty"`
	DissentName  string    `json:"dissent_by_name,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

func selectionOut(v app.SelectionView) MSCSelection {
	x := v.Selection
	return MSCSelection{ID: x.ID, PanelID: x.PanelID, PanelName: x.PanelName, Level: x.Level, Domain: x.Domain, StoryID: x.StoryID,
		StoryTitle: x.StoryTitle, Method: string(x.Method), VotesFor: x.VotesFor, VotesAgainst: x.VotesAgainst, Abstained: x.Abstained,
		Reasons: x.Reasons, Dissent: x.Dissent, DissentBy: x.DissentBy, DissentName: x.DissentByName, CreatedAt: x.CreatedAt}
}

// SelectionIn is a panel's choice.
type SelectionIn struct {
	StoryID      string `json:"story_id"`
	Method       string `json:"method" jsonschema:"enum=vote,enum=consensus"`
	VotesFor     int    `json:"votes_for,omitempty" jsonschema:"minimum=0"`
	VotesAgainst int    `json:"votes_against,omitempty" jsonschema:"minimum=0"`
	Abstained    int    `json:"abstained,omitempty" jsonschema:"minimum=0"`
	Reasons      string `json:"reasons" jsonschema:"description=Required: a selection without reasons is 422"`
	Dissent      string `json:"dissent,omitempty"`
	DissentBy    string `json:"dissent_by,omitempty" jsonschema:"description=A member of the panel who holds the dissent and wishes to be named"`
}

// StoryLinkJSON is an initiative, activity or partnership a story involves.
type StoryLinkJSON struct {
	Type string `json:"type" jsonschema:"enum=initiative,enum=activity,enum=partnership"`
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// StoryIn tells or edits a story.
type StoryIn struct {
	TellerKind   string          `json:"teller_kind" jsonschema:"enum=member,enum=person,enum=anonymous,enum=group"`
	TellerUserID string          `json:"teller_user_id,omitempty" jsonschema:"description=The member who tells it (member kind; the caller when empty)"`
	TellerName   string          `json:"teller_name,omitempty" jsonschema:"description=A person without an account, or a group"`
	TellerOrgID  string          `json:"teller_organization_id,omitempty" jsonschema:"description=The organization the teller speaks from; none: citizen"`
	Consent      string          `json:"consent" jsonschema:"enum=publish,enum=publish_no_name,enum=private"`
	ConsentDate  string          `json:"consent_date" jsonschema:"format=date"`
	When         string          `json:"when,omitempty"`
	Where        string          `json:"where,omitempty"`
	Domain       string          `json:"domain" jsonschema:"description=One of the cycle's domains"`
	Title        string          `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Story        string          `json:"story" jsonschema:"minLength=1,maxLength=10000"`
	Why          string          `json:"why" jsonschema:"minLength=1,maxLength=10000,description=Why it is significant to the teller"`
	Language     string          `json:"language" jsonschema:"description=BCP 47 tag: en, cy, ru…"`
	Theme        string          `json:"theme,omitempty"`
	Links        []StoryLinkJSON `json:"links,omitempty" jsonschema:"maxItems=10"`
}

func (in StoryIn) fields() commons.StoryFields {
	f := commons.StoryFields{TellerKind: commons.TellerKind(in.TellerKind), TellerUserID: in.TellerUserID, TellerName: in.TellerName,
		TellerOrgID: in.TellerOrgID, Consent: commons.Consent(in.Consent), ConsentDate: in.ConsentDate, When: in.When, Where: in.Where,
		Domain: in.Domain, Title: in.Title, Text: in.Story, Why: in.Why, Language: in.Language, Theme: in.Theme}
	for _, l := range in.Links {
		f.Links = append(f.Links, commons.StoryLink{Type: commons.SubjectType(l.Type), ID: l.ID})
	}
	return f
}

// Story is a story of change as the caller may read it: the teller and
// collector are empty where the rules keep them (anonymity, consent).
type Story struct {
	ID            string          `json:"id"`
	CycleID       string          `json:"cycle_id"`
	TellerKind    string          `json:"teller_kind" jsonschema:"enum=member,enum=person,enum=anonymous,enum=group"`
	TellerUserID  string          `json:"teller_user_id,omitempty"`
	TellerName    string          `json:"teller_name,omitempty"`
	Organization  string          `json:"organization,omitempty"`
	Sector        string          `json:"sector" jsonschema:"description=The teller's organization's sector, or citizen"`
	CollectorID   string          `json:"collector_id,omitempty"`
	CollectorName string          `json:"collector_name,omitempty"`
	Consent       string          `json:"consent" jsonschema:"enum=publish,enum=publish_no_name,enum=private"`
	ConsentDate   string          `json:"consent_date" jsonschema:"format=date"`
	When          string          `json:"when,omitempty"`
	Where         string          `json:"where,omitempty"`
	Domain        string          `json:"domain"`
	Title         string          `json:"title"`
	Story         string          `json:"story"`
	Why           string          `json:"why"`
	Language      string          `json:"language"`
	Theme         string          `json:"theme,omitempty"`
	Links         []StoryLinkJSON `json:"links"`
	Selections    []MSCSelection  `json:"selections"`
	Verifications []Verification  `json:"verifications"`
	CreatedAt     time.Time       `json:"created_at"`
	May           StoryMay        `json:"may"`
}

// StoryMay says what the caller may do with a story.
type StoryMay struct {
	Edit   bool `json:"edit"`
	Verify bool `json:"verify"`
}

// Verification is a note on how a story was checked.
type Verification struct {
	ID            string    `json:"id"`
	CheckedBy     string    `json:"checked_by,omitempty"`
	CheckedByName string    `json:"checked_by_name,omitempty"`
	How           string    `json:"how"`
	Note          string    `json:"note,omitempty"`
	CheckedOn     string    `json:"checked_on" jsonschema:"format=date"`
	CreatedAt     time.Time `json:"created_at"`
}

// VerificationIn notes how a story was checked.
type VerificationIn struct {
	How       string `json:"how" jsonschema:"minLength=1,maxLength=500"`
	Note      string `json:"note,omitempty"`
	CheckedOn string `json:"checked_on" jsonschema:"format=date"`
}

func verificationOut(x commons.Verification) Verification {
	return Verification{ID: x.ID, CheckedBy: x.CheckedBy, CheckedByName: x.CheckedByName, How: x.How, Note: x.Note, CheckedOn: x.CheckedOn, CreatedAt: x.CreatedAt}
}

func storyOut(v app.StoryView) Story {
	st := v.Story
	out := Story{ID: st.ID, CycleID: st.CycleID, TellerKind: string(st.TellerKind), TellerUserID: st.TellerUserID, TellerName: st.TellerName,
		Organization: st.TellerOrgName, Sector: st.Sector, CollectorID: st.CollectorID, CollectorName: st.CollectorName, Consent: string(st.Consent),
		ConsentDate: st.ConsentDate, When: st.When, Where: st.Where, Domain: st.Domain, Title: st.Title, Story: st.Text, Why: st.Why,
		Language: st.Language, Theme: st.Theme, Links: []StoryLinkJSON{}, Selections: []MSCSelection{}, Verifications: []Verification{},
		CreatedAt: st.CreatedAt, May: StoryMay{Edit: v.May.Edit, Verify: v.May.Verify}}
	for _, l := range st.Links {
		out.Links = append(out.Links, StoryLinkJSON{Type: string(l.Type), ID: l.ID, Name: l.Name})
	}
	for _, x := range v.Selections {
		out.Selections = append(out.Selections, selectionOut(x))
	}
	for _, x := range v.Verifications {
		out.Verifications = append(out.Verifications, verificationOut(x))
	}
	return out
}

// StoryCount is a number of stories under one key.
type StoryCount struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// StoryList is a page of a cycle's stories with the analysis counts (of
// every story the caller may read that passes the filter).
type StoryList struct {
	Items []Story `json:"items"`
	// NextCursor fetches the next page; null on the last one.
	NextCursor *string      `json:"next_cursor"`
	Total      int          `json:"total"`
	ByDomain   []StoryCount `json:"by_domain"`
	BySector   []StoryCount `json:"by_sector" jsonschema:"description=Key citizen: no organization"`
	ByTheme    []StoryCount `json:"by_theme" jsonschema:"description=Key empty: no theme"`
	ByLanguage []StoryCount `json:"by_language"`
}

// JSONSchemaExtend marks next_cursor as null on the last page.
func (StoryList) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "next_cursor") }

func countsOut(in []commons.StoryCount) []StoryCount {
	out := make([]StoryCount, 0, len(in))
	for _, c := range in {
		out = append(out, StoryCount{Key: c.Key, Count: c.Count})
	}
	return out
}

// FeedbackJSON is one person told of a selection.
type FeedbackJSON struct {
	SelectionID string    `json:"selection_id"`
	UserID      string    `json:"user_id,omitempty" jsonschema:"description=Empty for the teller of an anonymous story, but to its collector"`
	Name        string    `json:"name,omitempty"`
	Role        string    `json:"role" jsonschema:"enum=teller,enum=collector,enum=panel"`
	CreatedAt   time.Time `json:"created_at"`
}

// SelectedStoryJSON is a story a cycle's top panel selected, with every
// panel's reasons.
type SelectedStoryJSON struct {
	Cycle      MSCCycle       `json:"cycle"`
	Story      Story          `json:"story"`
	Selections []MSCSelection `json:"selections"`
}

var storyQuery = []queryParam{
	{name: "domain", typ: "string", description: "One domain of the cycle"},
	{name: "language", typ: "string", description: "A language tag"},
	{name: "theme", typ: "string", description: "A theme"},
	{name: "sector", typ: "string", description: "The teller's organization's sector, or citizen"},
	{name: "selected", typ: "string", description: "yes: selected by some panel; no: the rest"},
	{name: "q", typ: "string", description: "Words in the title, the story or why it matters"},
	{name: "limit", typ: "integer", description: "Stories per page: 100 by default (a page of the web's), 200 at most"},
	{name: "cursor", typ: "string", description: "The next_cursor of the previous page"},
}

func (api *API) routesMSC() {
	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/msc/cycles", id: "listMSCCycles",
		summary: "The community's Most Significant Change cycles, the latest period first", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]MSCCycle, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.MSCCycles(ctx, s)
			out := make([]MSCCycle, 0, len(list))
			for _, v := range list {
				out = append(out, cycleOut(v))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/msc/cycles", id: "openMSCCycle",
		summary: "Open a cycle, collecting stories; editors", status: http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MSCCycleIn) (MSCCycle, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return MSCCycle{}, err
			}
			v, err := api.App.OpenMSCCycle(ctx, s, in.fields())
			return cycleOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/msc/cycles/{id}", id: "getMSCCycle",
		summary: "A cycle with its panels and the selections the caller may read", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (MSCCycleDetail, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return MSCCycleDetail{}, err
			}
			d, err := api.App.MSCCycle(ctx, s, r.PathValue("id"))
			out := MSCCycleDetail{MSCCycle: cycleOut(d.MSCCycleView), Panels: []MSCPanel{}, Selections: []MSCSelection{}}
			for _, p := range d.Panels {
				out.Panels = append(out.Panels, panelOut(p))
			}
			for _, x := range d.Selections {
				out.Selections = append(out.Selections, selectionOut(x))
			}
			return out, err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/msc/cycles/{id}", id: "editMSCCycle",
		summary: "Change a cycle that is not closed; editors", status: http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *MSCCycleIn) (MSCCycle, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return MSCCycle{}, err
			}
			v, err := api.App.EditMSCCycle(ctx, s, r.PathValue("id"), in.fields())
			return cycleOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/msc/cycles/{id}/advance", id: "advanceMSCCycle",
		summary: "Move a cycle on: collecting → selecting → closed; editors", status: http.StatusOK, auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (MSCCycle, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return MSCCycle{}, err
			}
			v, err := api.App.AdvanceMSCCycle(ctx, s, r.PathValue("id"))
			return cycleOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/msc/cycles/{id}/stories", id: "listStories",
		summary: "A cycle's stories the caller may read, filtered, with counts per domain, sector, theme and language", status: http.StatusOK,
		query: storyQuery, errors: []int{400, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (StoryList, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return StoryList{}, err
			}
			pg, err := page(r)
			if err != nil {
				return StoryList{}, err
			}
			if pg.Limit == 0 {
				pg.Limit = app.StoriesPerPage // a page of the web's stories
			}
			q := r.URL.Query()
			p, err := api.App.Stories(ctx, s, r.PathValue("id"), commons.StoryFilter{Domain: q.Get("domain"), Language: q.Get("language"),
				Theme: q.Get("theme"), Sector: q.Get("sector"), Selected: q.Get("selected"), Q: q.Get("q"), Cursor: pg.Cursor, Limit: pg.Limit})
			out := StoryList{Items: []Story{}, Total: p.Counts.Total, ByDomain: countsOut(p.Counts.ByDomain), BySector: countsOut(p.Counts.BySector),
				ByTheme: countsOut(p.Counts.ByTheme), ByLanguage: countsOut(p.Counts.ByLanguage)}
			if p.Next != "" {
				out.NextCursor = &p.Next
			}
			for _, v := range p.Stories {
				out.Items = append(out.Items, storyOut(v))
			}
			return out, err
		})

	handle(api, op{method: "POST", path: "/api/v1/msc/cycles/{id}/stories", id: "tellStory",
		summary: "Tell a story, or collect one for someone else, while the cycle collects; members", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *StoryIn) (Story, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return Story{}, err
			}
			v, err := api.App.TellStory(ctx, s, r.PathValue("id"), in.fields())
			return storyOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/msc/stories/{id}", id: "getStory",
		summary: "A story as the caller may read it, with its selections and verification notes", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Story, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectStory)
			if err != nil {
				return Story{}, err
			}
			v, err := api.App.Story(ctx, s, r.PathValue("id"))
			return storyOut(v), err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/msc/stories/{id}", id: "editStory",
		summary: "Rewrite a story: its teller or collector, while the cycle collects", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *StoryIn) (Story, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectStory)
			if err != nil {
				return Story{}, err
			}
			v, err := api.App.EditStory(ctx, s, r.PathValue("id"), in.fields())
			return storyOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/msc/stories/{id}/verifications", id: "verifyStory",
		summary: "Note how a story was checked; panel members and editors", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *VerificationIn) (Verification, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectStory)
			if err != nil {
				return Verification{}, err
			}
			x, err := api.App.VerifyStory(ctx, s, r.PathValue("id"), commons.VerificationFields{How: in.How, Note: in.Note, CheckedOn: in.CheckedOn})
			return verificationOut(x), err
		})

	handle(api, op{method: "POST", path: "/api/v1/msc/cycles/{id}/panels", id: "formPanel",
		summary: "Form a selection panel; editors", status: http.StatusCreated, auth: true, errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *PanelIn) (MSCPanel, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return MSCPanel{}, err
			}
			v, err := api.App.FormPanel(ctx, s, r.PathValue("id"), commons.PanelFields{Name: in.Name, Level: in.Level,
				ScopeType: commons.SubjectType(in.ScopeType), ScopeID: in.ScopeID, MemberIDs: in.MemberIDs})
			return panelOut(v), err
		})

	handle(api, op{method: "POST", path: "/api/v1/msc/panels/{id}/selections", id: "selectStory",
		summary: "A panel's choice in the story's domain, with its reasons; its members, while the cycle selects", status: http.StatusCreated, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *SelectionIn) (MSCSelection, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCPanel)
			if err != nil {
				return MSCSelection{}, err
			}
			v, err := api.App.SelectStory(ctx, s, r.PathValue("id"), commons.SelectionFields{StoryID: in.StoryID, Method: commons.SelectionMethod(in.Method),
				VotesFor: in.VotesFor, VotesAgainst: in.VotesAgainst, Abstained: in.Abstained, Reasons: in.Reasons, Dissent: in.Dissent, DissentBy: in.DissentBy})
			return selectionOut(v), err
		})

	handle(api, op{method: "GET", path: "/api/v1/msc/cycles/{id}/selections", id: "listSelections",
		summary: "A cycle's selections with their reasons, as the caller may read them", status: http.StatusOK, errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]MSCSelection, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return nil, err
			}
			list, err := api.App.MSCSelections(ctx, s, r.PathValue("id"))
			out := make([]MSCSelection, 0, len(list))
			for _, x := range list {
				out = append(out, selectionOut(x))
			}
			return out, err
		})

	handle(api, op{method: "GET", path: "/api/v1/msc/cycles/{id}/feedback", id: "listFeedback",
		summary: "Who was told of a cycle's selections; its panels and editors", status: http.StatusOK, auth: true, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]FeedbackJSON, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectMSCCycle)
			if err != nil {
				return nil, err
			}
			list, err := api.App.MSCFeedback(ctx, s, r.PathValue("id"))
			out := make([]FeedbackJSON, 0, len(list))
			for _, f := range list {
				out = append(out, FeedbackJSON{SelectionID: f.SelectionID, UserID: f.UserID, Name: f.Name, Role: f.Role, CreatedAt: f.CreatedAt})
			}
			return out, err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/msc/selected", id: "selectedStories",
		summary: "Stories the top panels selected in cycles overlapping a period, with every panel's reasons", status: http.StatusOK,
		query:  []queryParam{{name: "from", typ: "string", description: "First day (YYYY-MM-DD)"}, {name: "to", typ: "string", description: "Last day (YYYY-MM-DD)"}},
		errors: []int{404}},
		func(ctx context.Context, r *http.Request, _ *Empty) ([]SelectedStoryJSON, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return nil, err
			}
			list, err := api.App.SelectedStories(ctx, s, app.MSCPeriod{From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")})
			out := make([]SelectedStoryJSON, 0, len(list))
			for _, x := range list {
				j := SelectedStoryJSON{Cycle: cycleOut(x.Cycle), Story: storyOut(x.Story), Selections: []MSCSelection{}}
				for _, sel := range x.Selections {
					j.Selections = append(j.Selections, selectionOut(sel))
				}
				out = append(out, j)
			}
			return out, err
		})
}
