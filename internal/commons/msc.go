package commons

import (
	"slices"
	"strings"
	"time"
)

// Most Significant Change (Davies & Dart, 2005): a community, or one of
// its initiatives or partnerships, collects stories of change over a
// period, in domains of change; panels at successive levels select the
// most significant story per domain and write why; the reasons go back
// to the storytellers and the lower panels.

// MSCStatus is where a cycle stands.
type MSCStatus string

// A cycle collects stories, then its panels select, then it is closed.
const (
	MSCCollecting MSCStatus = "collecting"
	MSCSelecting  MSCStatus = "selecting"
	MSCClosed     MSCStatus = "closed"
)

// MSCStatuses lists them in order.
var MSCStatuses = []MSCStatus{MSCCollecting, MSCSelecting, MSCClosed}

// Next is the status a cycle moves on to ("" after closed).
func (s MSCStatus) Next() MSCStatus {
	switch s {
	case MSCCollecting:
		return MSCSelecting
	case MSCSelecting:
		return MSCClosed
	}
	return ""
}

// DefaultMSCDomains are the domains of change a cycle starts with, drawn
// from the learning-community model; a cycle may rename, drop or add
// domains. Known keys read in the reader's language (msc.domain.<key>);
// others are the cycle's own words.
var DefaultMSCDomains = []string{"learning", "participation", "work", "environment", "other"}

// IsStandardMSCDomain reports whether a domain is one of the defaults.
func IsStandardMSCDomain(d string) bool { return slices.Contains(DefaultMSCDomains, d) }

// TellerKind is who tells a story.
type TellerKind string

// A member telling their own story (or a collector entering a member's),
// a named person without an account, an anonymous person, or a group.
const (
	TellerMember    TellerKind = "member"
	TellerPerson    TellerKind = "person"
	TellerAnonymous TellerKind = "anonymous"
	TellerGroup     TellerKind = "group"
)

// TellerKinds lists them.
var TellerKinds = []TellerKind{TellerMember, TellerPerson, TellerAnonymous, TellerGroup}

// Consent is what the storyteller allowed.
type Consent string

// Publish with the teller's name, publish without it, or keep the story
// inside the panels that select.
const (
	ConsentPublish       Consent = "publish"
	ConsentPublishNoName Consent = "publish_no_name"
	ConsentPrivate       Consent = "private"
)

// Consents lists them.
var Consents = []Consent{ConsentPublish, ConsentPublishNoName, ConsentPrivate}

// SelectionMethod is how a panel chose.
type SelectionMethod string

// By vote or by consensus.
const (
	MethodVote      SelectionMethod = "vote"
	MethodConsensus SelectionMethod = "consensus"
)

// SelectionMethods lists them.
var SelectionMethods = []SelectionMethod{MethodVote, MethodConsensus}

// CitizenSector is the sector a story counts under when its teller speaks
// for no organization.
const CitizenSector = "citizen"

// Limits of MSC.
const (
	MaxMSCDomains   = 12
	MaxMSCPanels    = 50
	MaxPanelMembers = 50
	MaxMSCLevels    = 5
	MaxStoryLinks   = 10
	MaxStoryLen     = 10000
)

// MSCCycle is one round of story collection and selection.
type MSCCycle struct {
	ID, CommunityID string
	Title           string
	// From and To are the period the stories look back over (YYYY-MM-DD).
	From, To string
	// ScopeType and ScopeID name the initiative or partnership the cycle
	// is about; empty for the whole community. ScopeName is its name.
	ScopeType          SubjectType
	ScopeID, ScopeName string
	Domains            []string
	Question           string
	Status             MSCStatus
	CreatedBy          string
	CreatedAt          time.Time
	// Stories counts the cycle's stories (in lists).
	Stories int
}

// HasDomain reports whether a domain is one of the cycle's.
func (c MSCCycle) HasDomain(d string) bool { return slices.Contains(c.Domains, d) }

// MSCCycleFields are what an editor writes when opening or editing a cycle.
type MSCCycleFields struct {
	Title     string
	From, To  string
	ScopeType SubjectType
	ScopeID   string
	Domains   []string
	Question  string
}

// Normalize trims the input, drops empty and repeated domains, and gives
// a cycle with none the defaults.
func (f *MSCCycleFields) Normalize() {
	f.Title, f.From, f.To = strings.TrimSpace(f.Title), strings.TrimSpace(f.From), strings.TrimSpace(f.To)
	f.ScopeID, f.Question = strings.TrimSpace(f.ScopeID), strings.TrimSpace(f.Question)
	var ds []string
	for _, d := range f.Domains {
		if d = strings.TrimSpace(d); d != "" && !slices.Contains(ds, d) {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		ds = append(ds, DefaultMSCDomains...)
	}
	f.Domains = ds
	if f.ScopeID == "" {
		f.ScopeType = ""
	}
}

// Validate checks a cycle: a title, a period whose end is not before its
// start, the question, at most MaxMSCDomains domains of one line each,
// and a scope that is an initiative or a partnership.
func (f *MSCCycleFields) Validate(v *Validator) {
	v.Line("title", f.Title, true, MaxNameLen)
	from := validDate(v, "from", f.From)
	to := validDate(v, "to", f.To)
	if from != nil && to != nil && to.Before(*from) {
		v.Fail("to", Msg("error.msc.period"))
	}
	v.Text("question", f.Question, true, MaxShortTextLen)
	if len(f.Domains) > MaxMSCDomains {
		v.Fail("domains", Msg("error.field.too_many", "Max", MaxMSCDomains))
	}
	for _, d := range f.Domains {
		v.Line("domains", d, true, 100)
	}
	if f.ScopeType != "" {
		OneOf(v, "scope_type", f.ScopeType, []SubjectType{SubjectInitiative, SubjectPartnership})
	}
}

func validDate(v *Validator, field, s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != 10 {
		v.Fail(field, Msg("error.field.date"))
		return nil
	}
	return &d
}

// StoryLink is an initiative or activity a story involves.
type StoryLink struct {
	Type SubjectType
	ID   string
	Name string
}

// StoryLinkTypes are the kinds a story may link to.
var StoryLinkTypes = []SubjectType{SubjectInitiative, SubjectActivity, SubjectPartnership}

// Story is a story of change as told, with its consent. Who told it is
// kept from readers as its consent and anonymity say (app.storyView):
// TellerUserID, TellerName, CollectorID and TellerOrgID are blank where
// the reader may not see them.
type Story struct {
	ID, CommunityID, CycleID string
	TellerKind               TellerKind
	// TellerUserID is the teller's account (member kind, or an anonymous
	// teller who told it themselves); TellerName the name of a teller
	// without an account, or of a group, or the account's name.
	TellerUserID, TellerName string
	// TellerOrgID is the organization the teller speaks from; its sector
	// is the story's, or CitizenSector.
	TellerOrgID, TellerOrgName string
	Sector                     string
	// CollectorID entered the story (the teller themselves, or a
	// collector for a person without an account).
	CollectorID, CollectorName string
	Consent                    Consent
	ConsentDate                string
	When, Where                string
	Domain                     string
	Title, Text, Why           string
	Language                   string
	Theme                      string
	Links                      []StoryLink
	CreatedAt, UpdatedAt       time.Time
}

// Anonymous reports whether the teller is kept from everyone but the
// collector.
func (s Story) Anonymous() bool { return s.TellerKind == TellerAnonymous }

// StoryFields are what a teller or a collector writes.
type StoryFields struct {
	TellerKind   TellerKind
	TellerUserID string // member kind: the member; empty means the actor
	TellerName   string // person or group
	TellerOrgID  string
	Consent      Consent
	ConsentDate  string
	When, Where  string
	Domain       string
	Title        string
	Text, Why    string
	Language     string
	Theme        string
	Links        []StoryLink
}

// Normalize trims the input.
func (f *StoryFields) Normalize() {
	f.TellerUserID, f.TellerName, f.TellerOrgID = strings.TrimSpace(f.TellerUserID), strings.TrimSpace(f.TellerName), strings.TrimSpace(f.TellerOrgID)
	f.ConsentDate, f.When, f.Where = strings.TrimSpace(f.ConsentDate), strings.TrimSpace(f.When), strings.TrimSpace(f.Where)
	f.Domain, f.Title, f.Text, f.Why = strings.TrimSpace(f.Domain), strings.TrimSpace(f.Title), strings.TrimSpace(f.Text), strings.TrimSpace(f.Why)
	f.Language, f.Theme = strings.TrimSpace(f.Language), strings.TrimSpace(f.Theme)
	if f.TellerKind != TellerPerson && f.TellerKind != TellerGroup {
		f.TellerName = ""
	}
	if f.TellerKind == TellerGroup || f.TellerKind == TellerPerson {
		f.TellerUserID = ""
	}
	var links []StoryLink
	for _, l := range f.Links {
		l.ID = strings.TrimSpace(l.ID)
		if l.ID != "" && !slices.ContainsFunc(links, func(o StoryLink) bool { return o.Type == l.Type && o.ID == l.ID }) {
			links = append(links, StoryLink{Type: l.Type, ID: l.ID})
		}
	}
	f.Links = links
}

// Validate checks a story against its cycle: a known teller kind with a
// name where one is needed, consent with its date (not after today), a
// domain of the cycle, the story and why it matters, a language tag, a
// known theme, links of known kinds.
func (f *StoryFields) Validate(v *Validator, c MSCCycle, today string, communityThemes []string) {
	OneOf(v, "teller_kind", f.TellerKind, TellerKinds)
	if f.TellerKind == TellerPerson || f.TellerKind == TellerGroup {
		v.Line("teller_name", f.TellerName, true, MaxNameLen)
	}
	OneOf(v, "consent", f.Consent, Consents)
	if d := validDate(v, "consent_date", f.ConsentDate); d != nil && f.ConsentDate > today {
		v.Fail("consent_date", Msg("error.msc.consent_future"))
	}
	v.Line("when", f.When, false, MaxNameLen)
	v.Line("where", f.Where, false, MaxNameLen)
	if !c.HasDomain(f.Domain) {
		v.Fail("domain", Msg("error.field.one_of", "Allowed", strings.Join(c.Domains, ", ")))
	}
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("story", f.Text, true, MaxStoryLen)
	v.Text("why", f.Why, true, MaxStoryLen)
	if tags := v.Languages("language", []string{f.Language}); len(tags) == 1 {
		f.Language = tags[0]
	} else if f.Language == "" {
		v.Fail("language", Msg("error.field.required"))
	}
	if f.Theme != "" {
		allowed := append(append([]string{}, StandardThemes...), communityThemes...)
		if !containsString(allowed, f.Theme) {
			v.Fail("theme", Msg("error.field.one_of", "Allowed", strings.Join(allowed, ", ")))
		}
	}
	if len(f.Links) > MaxStoryLinks {
		v.Fail("links", Msg("error.field.too_many", "Max", MaxStoryLinks))
	}
	for _, l := range f.Links {
		OneOf(v, "links", l.Type, StoryLinkTypes)
	}
}

// MSCPanel is a group of members who select stories at one level: level 1
// panels (an initiative's or a partnership's) come first, the highest
// level is the community's.
type MSCPanel struct {
	ID, CommunityID, CycleID string
	Name                     string
	Level                    int
	// ScopeType and ScopeID: the initiative or partnership whose stories
	// the panel considers (level 1); empty for all.
	ScopeType          SubjectType
	ScopeID, ScopeName string
	Members            []PanelMember
	CreatedAt          time.Time
}

// PanelMember is a member of a panel; Name is blank for readers who may
// not see it.
type PanelMember struct {
	UserID, Name string
}

// Has reports whether a person sits on the panel.
func (p MSCPanel) Has(userID string) bool {
	return userID != "" && slices.ContainsFunc(p.Members, func(m PanelMember) bool { return m.UserID == userID })
}

// PanelFields are what an editor writes to form a panel.
type PanelFields struct {
	Name      string
	Level     int
	ScopeType SubjectType
	ScopeID   string
	MemberIDs []string
}

// Normalize trims the input and drops repeated members.
func (f *PanelFields) Normalize() {
	f.Name, f.ScopeID = strings.TrimSpace(f.Name), strings.TrimSpace(f.ScopeID)
	var ids []string
	for _, id := range f.MemberIDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	f.MemberIDs = ids
	if f.ScopeID == "" {
		f.ScopeType = ""
	}
}

// Validate checks a panel: a name, a level from 1 to MaxMSCLevels, one
// to MaxPanelMembers members, a scope of a known kind.
func (f *PanelFields) Validate(v *Validator) {
	v.Line("name", f.Name, true, MaxNameLen)
	if f.Level < 1 || f.Level > MaxMSCLevels {
		v.Fail("level", Msg("error.msc.level", "Max", MaxMSCLevels))
	}
	switch {
	case len(f.MemberIDs) == 0:
		v.Fail("member_ids", Msg("error.field.required"))
	case len(f.MemberIDs) > MaxPanelMembers:
		v.Fail("member_ids", Msg("error.field.too_many", "Max", MaxPanelMembers))
	}
	if f.ScopeType != "" {
		OneOf(v, "scope_type", f.ScopeType, []SubjectType{SubjectInitiative, SubjectPartnership})
	}
}

// Selection is a panel's choice of the most significant story in one
// domain, with its reasons: what makes MSC a learning process, not a
// contest.
type Selection struct {
	ID, CommunityID, CycleID string
	PanelID, PanelName       string
	Level                    int
	Domain                   string
	StoryID, StoryTitle      string
	Method                   SelectionMethod
	// VotesFor, VotesAgainst and Abstained count a vote (zero for
	// consensus).
	VotesFor, VotesAgainst, Abstained int
	Reasons                           string
	// Dissent is a view the panel recorded against the choice;
	// DissentBy the member who holds it, if they wished to be named.
	Dissent, DissentBy, DissentByName string
	SelectedBy                        string
	CreatedAt                         time.Time
}

// SelectionFields are what a panel writes.
type SelectionFields struct {
	StoryID                           string
	Method                            SelectionMethod
	VotesFor, VotesAgainst, Abstained int
	Reasons                           string
	Dissent, DissentBy                string
}

// Normalize trims the input.
func (f *SelectionFields) Normalize() {
	f.StoryID, f.Reasons = strings.TrimSpace(f.StoryID), strings.TrimSpace(f.Reasons)
	f.Dissent, f.DissentBy = strings.TrimSpace(f.Dissent), strings.TrimSpace(f.DissentBy)
	if f.Method != MethodVote {
		f.VotesFor, f.VotesAgainst, f.Abstained = 0, 0, 0
	}
}

// Validate checks a selection: a story, a method, counts of a vote that
// are not negative and not more than the panel, and reasons — a
// selection without reasons is refused.
func (f *SelectionFields) Validate(v *Validator, panelSize int) {
	if f.StoryID == "" {
		v.Fail("story_id", Msg("error.field.required"))
	}
	OneOf(v, "method", f.Method, SelectionMethods)
	if f.VotesFor < 0 || f.VotesAgainst < 0 || f.Abstained < 0 || f.VotesFor+f.VotesAgainst+f.Abstained > panelSize {
		v.Fail("votes_for", Msg("error.msc.votes", "Max", panelSize))
	}
	if f.Reasons == "" {
		v.Fail("reasons", Msg("error.msc.reasons"))
	}
	v.Text("reasons", f.Reasons, true, MaxStoryLen)
	v.Text("dissent", f.Dissent, false, MaxStoryLen)
	if f.DissentBy != "" && f.Dissent == "" {
		v.Fail("dissent", Msg("error.field.required"))
	}
}

// Verification is a note on how a story was checked.
type Verification struct {
	ID, StoryID              string
	CheckedBy, CheckedByName string
	How, Note                string
	CheckedOn                string // YYYY-MM-DD
	CreatedAt                time.Time
}

// VerificationFields are what a checker writes.
type VerificationFields struct {
	How, Note, CheckedOn string
}

// Validate checks a verification note: how, on a day not after today.
func (f *VerificationFields) Validate(v *Validator, today string) {
	f.How, f.Note, f.CheckedOn = strings.TrimSpace(f.How), strings.TrimSpace(f.Note), strings.TrimSpace(f.CheckedOn)
	v.Line("how", f.How, true, MaxShortTextLen)
	v.Text("note", f.Note, false, MaxStoryLen)
	if validDate(v, "checked_on", f.CheckedOn) != nil && f.CheckedOn > today {
		v.Fail("checked_on", Msg("error.msc.future"))
	}
}

// Feedback is one person told of a selection.
type Feedback struct {
	SelectionID string
	UserID      string
	// Name is blank where the reader may not see it (the teller of an
	// anonymous story).
	Name string
	// Role is why they were told: "teller", "collector" or "panel".
	Role      string
	CreatedAt time.Time
}

// StoryFilter selects stories of a cycle.
type StoryFilter struct {
	Domain, Language, Theme, Sector string
	// Selected: "yes" for stories some panel selected, "no" for the rest.
	Selected string
	Q        string
	// Page is the page of stories a reader asked for, from 1 (0: every
	// story, for the CSV export). The API pages by cursor instead
	// (Cursor, Limit > 0), as API.md's lists do.
	Page   int
	Cursor string
	Limit  int
}

// StoryCount is the number of stories under one key.
type StoryCount struct {
	Key   string
	Count int
}

// StoryCounts are the counts an analysis reads.
type StoryCounts struct {
	Total                                   int
	ByDomain, BySector, ByTheme, ByLanguage []StoryCount
}

// MayEditStory is the rule for changing a story: its teller (with an
// account) or its collector, while the cycle collects.
func MayEditStory(c MSCCycle, st Story, userID string) bool {
	return userID != "" && c.Status == MSCCollecting && (st.CollectorID == userID || st.TellerUserID == userID)
}

// MayTellStory is the rule for telling a story or collecting one: active
// members, while the cycle collects.
func MayTellStory(c MSCCycle, m *Member) bool {
	return c.Status == MSCCollecting && IsActiveMember(m) && !m.ReadOnly
}

// MaySelect is the rule for a panel's selection: a member of the panel,
// while the cycle selects.
func MaySelect(c MSCCycle, p MSCPanel, userID string) bool {
	return c.Status == MSCSelecting && p.Has(userID)
}

// MayShowTeller is the rule for who a story's teller is: an anonymous
// teller is known to the collector alone (and to the teller); a teller
// who allowed publication without their name is known to the collector,
// the teller and the panels; others as the privacy rule for people says
// (showPerson, decided by the caller for the teller's account).
func MayShowTeller(st Story, readerID string, onPanel, showPerson bool) bool {
	own := readerID != "" && (readerID == st.CollectorID || readerID == st.TellerUserID)
	switch {
	case st.TellerKind == TellerAnonymous:
		return own
	case st.Consent == ConsentPublishNoName:
		return own || onPanel
	}
	return own || onPanel || showPerson
}

// MayPublishStory is the rule for a story in a public summary — the
// partner reports on the impact page, their CSV and the impact API: only a
// story whose teller consented to publication (with or without their
// name). A summary is the same for every reader and is printed for
// funders, so a "do not publish" story is left out even for its panels,
// and a summary names no teller (their names stay with the story's page,
// under MayShowTeller).
func MayPublishStory(st Story) bool {
	return st.Consent == ConsentPublish || st.Consent == ConsentPublishNoName
}

// MayReadStory is the rule for reading a story: "do not publish" keeps it
// with its teller, its collector and the panels; others are for whoever
// reads the cycle.
func MayReadStory(st Story, readerID string, onPanel bool) bool {
	if st.Consent != ConsentPrivate {
		return true
	}
	return onPanel || (readerID != "" && (readerID == st.CollectorID || readerID == st.TellerUserID))
}
