package commons

import (
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The Learning Community Profile: a versioned document a community writes
// together, organised by guiding questions, with evidence Commons computes
// from what the community holds. A version is written as a draft, then
// published (reviewed), and its phase follows the community's cycle: the
// action phase, then a time-out to reflect, when the next version opens.

// ProfilePhase is where a version of the Profile stands.
type ProfilePhase string

// The phases, in the order a version goes through them.
const (
	ProfileDraft    ProfilePhase = "draft"
	ProfileReviewed ProfilePhase = "reviewed"
	ProfileAction   ProfilePhase = "action"
	ProfileTimeOut  ProfilePhase = "timeout"
)

// ProfilePhases lists them in order.
var ProfilePhases = []ProfilePhase{ProfileDraft, ProfileReviewed, ProfileAction, ProfileTimeOut}

// Published reports whether a version in this phase is published.
func (p ProfilePhase) Published() bool { return p != ProfileDraft && p != "" }

// Next is the phase after this one for a published version, "" when there
// is none (a draft is published, not moved on; a time-out is the last).
func (p ProfilePhase) Next() ProfilePhase {
	switch p {
	case ProfileReviewed:
		return ProfileAction
	case ProfileAction:
		return ProfileTimeOut
	}
	return ""
}

// ProfileQuestion is one guiding question; each is a section of the
// Profile.
type ProfileQuestion string

// The guiding questions of the model behind Commons.
const (
	QuestionNeeds       ProfileQuestion = "needs"
	QuestionResources   ProfileQuestion = "resources"
	QuestionInitiatives ProfileQuestion = "initiatives"
	QuestionChallenges  ProfileQuestion = "challenges"
	QuestionChange      ProfileQuestion = "change"
)

// ProfileQuestions lists them in the order the Profile shows them.
var ProfileQuestions = []ProfileQuestion{QuestionNeeds, QuestionResources, QuestionInitiatives, QuestionChallenges, QuestionChange}

// EvidenceKind is one block of evidence a section may embed.
type EvidenceKind string

// The blocks of evidence Commons computes.
const (
	EvidenceOrganizations      EvidenceKind = "organizations_by_sector"
	EvidenceResources          EvidenceKind = "resources_by_kind"
	EvidenceActivitiesTheme    EvidenceKind = "activities_by_theme"
	EvidenceActivitiesLanguage EvidenceKind = "activities_by_language"
	EvidenceInitiatives        EvidenceKind = "initiatives_by_status"
	EvidencePartnerships       EvidenceKind = "partnerships_by_sector"
	EvidenceRequests           EvidenceKind = "requests_unmet"
	EvidenceHours              EvidenceKind = "volunteer_hours_by_theme"
)

// EvidenceKinds lists them in the order an editor is offered them.
var EvidenceKinds = []EvidenceKind{EvidenceOrganizations, EvidenceResources, EvidenceActivitiesTheme, EvidenceActivitiesLanguage,
	EvidenceInitiatives, EvidencePartnerships, EvidenceRequests, EvidenceHours}

// EvidenceColumns is how many figures each row of a block has:
//   - organizations by sector: organizations;
//   - resources by kind: resources, bookings confirmed in the last 12
//     months, hours booked in them;
//   - activities by theme or language: occurrences in the last 12 months,
//     learners (distinct people with a place);
//   - initiatives by status: initiatives;
//   - partnerships by sector: active partnerships the sector is party to,
//     of them joining it with another sector;
//   - learning requests unmet: requests no activity answers yet, people
//     who asked to learn;
//   - volunteer hours by theme: confirmed hours in the last 12 months,
//     people who gave them.
func EvidenceColumns(k EvidenceKind) int {
	switch k {
	case EvidenceResources:
		return 3
	case EvidenceOrganizations, EvidenceInitiatives:
		return 1
	}
	return 2
}

// EvidenceWindow is how far back the figures about use (bookings,
// activities, hours) look from the moment they are computed.
const EvidenceWindow = 365 * 24 * time.Hour

// Evidence is one block of figures, computed at a moment.
type Evidence struct {
	Kind EvidenceKind `json:"kind"`
	// Total has the block's figures over all rows (a person counted once,
	// however many rows they appear in).
	Total []int         `json:"total"`
	Rows  []EvidenceRow `json:"rows"`
	// At is when it was computed: at publication for a published version.
	At time.Time `json:"at"`
}

// EvidenceRow is one group of a block: a sector, a kind, a theme, a
// language or a status, keyed as the directories filter by it.
type EvidenceRow struct {
	Key    string `json:"key"`
	Values []int  `json:"values"`
}

// ProfileVersion is one version of a community's Profile.
type ProfileVersion struct {
	ID, CommunityID string
	Number          int
	Phase           ProfilePhase
	CreatedBy       string
	CreatedAt       time.Time
	// PublishedBy and PublishedAt are set once published; PhaseAt is when
	// it entered its current phase.
	PublishedBy string
	PublishedAt *time.Time
	PhaseAt     time.Time
	Sections    []ProfileSection
}

// Section returns the version's section for a question.
func (v ProfileVersion) Section(q ProfileQuestion) (ProfileSection, bool) {
	for _, s := range v.Sections {
		if s.Question == q {
			return s, true
		}
	}
	return ProfileSection{}, false
}

// ProfileSection answers one guiding question.
type ProfileSection struct {
	Question ProfileQuestion
	// Body is Markdown.
	Body string
	// Evidence lists the blocks the editors chose; Frozen holds them as
	// computed at publication (nil for a draft, which shows them live).
	Evidence  []EvidenceKind
	Frozen    []Evidence
	UpdatedBy string
	UpdatedAt time.Time
}

// ProfileComment is a member's comment on a section of a version.
type ProfileComment struct {
	ID, CommunityID, VersionID string
	Question                   ProfileQuestion
	// AuthorName is blank for readers who may not see the author.
	AuthorID, AuthorName, Body string
	CreatedAt                  time.Time
}

// Limits of the Profile.
const (
	MaxProfileSectionLen = 20000
	MaxProfileCommentLen = 4000
)

// SectionFields are what an editor writes in a section.
type SectionFields struct {
	Question ProfileQuestion
	Body     string
	Evidence []EvidenceKind
}

// Normalize trims the input and drops repeated blocks.
func (f *SectionFields) Normalize() {
	f.Body = strings.TrimSpace(f.Body)
	var ev []EvidenceKind
	for _, k := range f.Evidence {
		k = EvidenceKind(strings.TrimSpace(string(k)))
		if k != "" && !containsEvidence(ev, k) {
			ev = append(ev, k)
		}
	}
	f.Evidence = ev
}

func containsEvidence(list []EvidenceKind, k EvidenceKind) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

// Validate checks a section: a known question, Markdown within the limit,
// blocks of evidence from the list.
func (f *SectionFields) Validate(v *Validator) {
	OneOf(v, "question", f.Question, ProfileQuestions)
	v.Text("body", f.Body, false, MaxProfileSectionLen)
	for _, k := range f.Evidence {
		OneOf(v, "evidence", k, EvidenceKinds)
	}
}

// ValidateProfileComment checks a comment's text.
func ValidateProfileComment(v *Validator, body string) {
	v.Text("body", body, true, MaxProfileCommentLen)
}

// MayEditProfile is the rule for opening, writing and publishing versions
// of the Profile, and moving the current one to its next phase: editors.
func MayEditProfile(m *Member) bool { return Allowed(m, ActionEditProfile) }

// MayReadProfileVersion is the rule for reading a version: published
// versions are for everyone who may read the community's pages (members,
// and visitors of its public pages), drafts for its editors.
func MayReadProfileVersion(m *Member, v ProfileVersion) bool {
	return v.Phase.Published() || MayEditProfile(m)
}

// MayCommentOnProfile is the rule for commenting on a section: whoever
// may take part in the community's conversation, on a version they may
// read.
func MayCommentOnProfile(m *Member, v ProfileVersion) bool {
	return Allowed(m, ActionPost) && MayReadProfileVersion(m, v)
}

// MayReadProfileComments: comments carry names and words, so they are for
// active members (who may read the version).
func MayReadProfileComments(m *Member, v ProfileVersion) bool {
	return IsActiveMember(m) && MayReadProfileVersion(m, v)
}

// DiffOp says whether a line of a diff is kept, added or removed.
type DiffOp string

// The operations of a diff.
const (
	DiffSame    DiffOp = "same"
	DiffAdded   DiffOp = "added"
	DiffRemoved DiffOp = "removed"
)

// DiffLine is one line of a diff.
type DiffLine struct {
	Op   DiffOp
	Text string
}

// SectionDiff is what changed in one section between two versions.
type SectionDiff struct {
	Question ProfileQuestion
	Lines    []DiffLine
	// Changed says the text changed; AddedEvidence and RemovedEvidence
	// list the blocks chosen or dropped.
	Changed                        bool
	AddedEvidence, RemovedEvidence []EvidenceKind
}

// DiffProfile compares two versions section by section, line by line
// (the text of a section that one of them lacks counts as empty).
func DiffProfile(from, to ProfileVersion) []SectionDiff {
	dmp := diffmatchpatch.New()
	var out []SectionDiff
	for _, q := range ProfileQuestions {
		a, _ := from.Section(q)
		b, _ := to.Section(q)
		d := SectionDiff{Question: q}
		ca, cb, lines := dmp.DiffLinesToRunes(a.Body, b.Body)
		for _, x := range dmp.DiffCharsToLines(dmp.DiffMainRunes(ca, cb, false), lines) {
			op := DiffSame
			switch x.Type {
			case diffmatchpatch.DiffInsert:
				op, d.Changed = DiffAdded, true
			case diffmatchpatch.DiffDelete:
				op, d.Changed = DiffRemoved, true
			}
			for _, l := range strings.SplitAfter(x.Text, "\n") {
				if l != "" {
					d.Lines = append(d.Lines, DiffLine{Op: op, Text: strings.TrimSuffix(l, "\n")})
				}
			}
		}
		for _, k := range b.Evidence {
			if !containsEvidence(a.Evidence, k) {
				d.AddedEvidence = append(d.AddedEvidence, k)
			}
		}
		for _, k := range a.Evidence {
			if !containsEvidence(b.Evidence, k) {
				d.RemovedEvidence = append(d.RemovedEvidence, k)
			}
		}
		out = append(out, d)
	}
	return out
}
