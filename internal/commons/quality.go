package commons

import (
	"slices"
	"strings"
	"time"
)

// Framework is a set of quality criteria a community assesses itself by.
type Framework string

// The frameworks: UNESCO's Key Features of Learning Cities, the R3L+
// partnership quality areas, and the community's own criteria.
const (
	FrameworkUNESCO Framework = "unesco"
	FrameworkR3L    Framework = "r3l"
	FrameworkOwn    Framework = "own"
)

// Frameworks lists them.
var Frameworks = []Framework{FrameworkUNESCO, FrameworkR3L, FrameworkOwn}

// Criterion is one area a round rates. Built-in criteria have a Key
// ("unesco.governance") whose name and description are catalog messages
// (quality.criterion.<key> and quality.criterion.<key>.about); a
// community's own have the key "own.<id>" and the words they were written
// with.
type Criterion struct {
	Key       string
	Framework Framework
	// Group is the UNESCO part (wider_benefits, building_blocks,
	// foundations); empty elsewhere.
	Group       string
	Name, About string // own criteria only
}

// BuiltIn reports whether the criterion's words come from the catalogs.
func (c Criterion) BuiltIn() bool { return c.Framework != FrameworkOwn }

// builtInCriteria are the built-in frameworks' criteria in their order.
var builtInCriteria = []Criterion{
	{Key: "unesco.empowering", Framework: FrameworkUNESCO, Group: "wider_benefits"},
	{Key: "unesco.economy_culture", Framework: FrameworkUNESCO, Group: "wider_benefits"},
	{Key: "unesco.sustainable", Framework: FrameworkUNESCO, Group: "wider_benefits"},
	{Key: "unesco.education_system", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.families_communities", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.workplace", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.technologies", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.quality", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.culture_of_learning", Framework: FrameworkUNESCO, Group: "building_blocks"},
	{Key: "unesco.political_will", Framework: FrameworkUNESCO, Group: "foundations"},
	{Key: "unesco.governance", Framework: FrameworkUNESCO, Group: "foundations"},
	{Key: "unesco.resources", Framework: FrameworkUNESCO, Group: "foundations"},
	{Key: "r3l.partnership", Framework: FrameworkR3L},
	{Key: "r3l.participation", Framework: FrameworkR3L},
	{Key: "r3l.sustainability", Framework: FrameworkR3L},
	{Key: "r3l.learning_culture", Framework: FrameworkR3L},
}

// BuiltInCriteria lists a built-in framework's criteria.
func BuiltInCriteria(f Framework) []Criterion {
	var out []Criterion
	for _, c := range builtInCriteria {
		if c.Framework == f {
			out = append(out, c)
		}
	}
	return out
}

// OwnCriterionKey is the key of a community's own criterion.
func OwnCriterionKey(id string) string { return "own." + id }

// Limits of quality rounds.
const (
	MaxRoundTitleLen     = 200
	MaxRoundMethodLen    = 4000
	MaxCriterionNameLen  = 200
	MaxCriterionAboutLen = 1000
	MaxRatingCommentLen  = 2000
	MaxEvidenceLinks     = 10
	MaxEvidenceLinkLen   = 500
	MaxActionPointLen    = 500
	MaxPanelSize         = 200
)

// Scales a round may rate on: 1 to 4 or 1 to 5, fixed per round.
var Scales = []int{4, 5}

// RoundStatus is where a round stands.
type RoundStatus string

// A round is open for ratings, then closed with its results.
const (
	RoundOpen   RoundStatus = "open"
	RoundClosed RoundStatus = "closed"
)

// Citizens is the panel sector of people who speak for no organization.
const Citizens Sector = "citizens"

// PanelSectors lists the sectors results are shown by: the six of
// organizations, then citizens.
var PanelSectors = append(append([]Sector{}, Sectors...), Citizens)

// QualityRound is a self-assessment round.
type QualityRound struct {
	ID, CommunityID string
	Title           string
	// PeriodStart and PeriodEnd are YYYY-MM-DD.
	PeriodStart, PeriodEnd string
	Frameworks             []Framework
	Method                 string
	Scale                  int
	Status                 RoundStatus
	Criteria               []Criterion
	CreatedBy              string
	CreatedAt              time.Time
	ClosedAt               *time.Time
}

// Uses reports whether the round rates by a framework.
func (r QualityRound) Uses(f Framework) bool { return slices.Contains(r.Frameworks, f) }

// Criterion finds one of the round's criteria.
func (r QualityRound) Criterion(key string) (Criterion, bool) {
	for _, c := range r.Criteria {
		if c.Key == key {
			return c, true
		}
	}
	return Criterion{}, false
}

// RoundFields are what an editor writes to open a round.
type RoundFields struct {
	Title                  string
	PeriodStart, PeriodEnd string
	Frameworks             []Framework
	Method                 string
	Scale                  int
}

// Normalize trims the input and drops repeated frameworks.
func (f *RoundFields) Normalize() {
	f.Title, f.Method = strings.TrimSpace(f.Title), strings.TrimSpace(f.Method)
	f.PeriodStart, f.PeriodEnd = strings.TrimSpace(f.PeriodStart), strings.TrimSpace(f.PeriodEnd)
	var fw []Framework
	for _, x := range f.Frameworks {
		if x != "" && !slices.Contains(fw, x) {
			fw = append(fw, x)
		}
	}
	f.Frameworks = fw
}

// Validate checks a round: a title, a period whose end is not before its
// start, at least one known framework (own criteria only when the
// community has some), a method, and a scale of 4 or 5.
func (f *RoundFields) Validate(v *Validator, ownCriteria int) {
	v.Line("title", f.Title, true, MaxRoundTitleLen)
	start, err1 := time.Parse(time.DateOnly, f.PeriodStart)
	if err1 != nil {
		v.Fail("period_start", Msg("error.field.date"))
	}
	end, err2 := time.Parse(time.DateOnly, f.PeriodEnd)
	if err2 != nil {
		v.Fail("period_end", Msg("error.field.date"))
	}
	if err1 == nil && err2 == nil && end.Before(start) {
		v.Fail("period_end", Msg("error.quality.period"))
	}
	if len(f.Frameworks) == 0 {
		v.Fail("frameworks", Msg("error.quality.framework_required"))
	}
	for _, x := range f.Frameworks {
		OneOf(v, "frameworks", x, Frameworks)
		if x == FrameworkOwn && ownCriteria == 0 {
			v.Fail("frameworks", Msg("error.quality.no_own_criteria"))
		}
	}
	v.Text("method", f.Method, true, MaxRoundMethodLen)
	if !slices.Contains(Scales, f.Scale) {
		v.Fail("scale", Msg("error.quality.scale_choice"))
	}
}

// CriterionFields are a community's own criterion.
type CriterionFields struct{ Name, About string }

// Validate checks an own criterion: a name and, optionally, a description.
func (f *CriterionFields) Validate(v *Validator) {
	f.Name, f.About = strings.TrimSpace(f.Name), strings.TrimSpace(f.About)
	v.Line("name", f.Name, true, MaxCriterionNameLen)
	v.Text("about", f.About, false, MaxCriterionAboutLen)
}

// Panelist is a person on a round's panel, with the sector they speak
// for: their organization's, or Citizens.
type Panelist struct {
	UserID, Name string // Name is blank for readers who may not see it
	OrgID        string
	OrgName      string
	Sector       Sector
	AddedAt      time.Time
}

// Rating is one panelist's rating of one criterion.
type Rating struct {
	RoundID      string
	UserID, Name string // Name is blank for readers who may not see it
	Sector       Sector
	CriterionKey string
	Score        int
	Comment      string
	Evidence     []string
	UpdatedAt    time.Time
}

// RatingFields are what a panelist writes.
type RatingFields struct {
	Score    int
	Comment  string
	Evidence []string
}

// Normalize trims the input and drops empty links.
func (f *RatingFields) Normalize() {
	f.Comment = strings.TrimSpace(f.Comment)
	var ev []string
	for _, e := range f.Evidence {
		if e = strings.TrimSpace(e); e != "" && !slices.Contains(ev, e) {
			ev = append(ev, e)
		}
	}
	f.Evidence = ev
}

// Validate checks a rating on a round's scale: a whole number from 1 to
// the scale, a comment, and links to evidence that are pages of this
// Commons (paths, "/c/cwm-tawel/initiatives/…").
func (f *RatingFields) Validate(v *Validator, scale int) {
	if f.Score < 1 || f.Score > scale {
		v.Fail("score", Msg("error.quality.score", "Max", scale))
	}
	v.Text("comment", f.Comment, false, MaxRatingCommentLen)
	if len(f.Evidence) > MaxEvidenceLinks {
		v.Fail("evidence", Msg("error.quality.evidence_count", "Max", MaxEvidenceLinks))
	}
	for _, e := range f.Evidence {
		if !IsLocalPath(e) {
			v.Fail("evidence", Msg("error.quality.evidence", "Link", truncate(e, 80)))
		}
	}
}

// IsLocalPath reports whether a link is a path inside this site: it starts
// with one slash, is not too long, and has no scheme, host, backslash or
// control character.
func IsLocalPath(s string) bool {
	if len(s) > MaxEvidenceLinkLen || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\ \"<>") {
		return false
	}
	return !hasControl(s, false)
}

// MayRate is the rule for rating in a round: a panelist of an open round.
// A closed round is a conflict; a person not on the panel is forbidden.
func MayRate(r QualityRound, onPanel bool) error {
	if !onPanel {
		return Forbidden()
	}
	if r.Status != RoundOpen {
		return Errorf(CodeConflict, "error.quality.closed")
	}
	return nil
}

// MayReadRoundResults is the rule for reading a round's results: anyone
// once it is closed (they are counts, with no names), its editors while
// it is open.
func MayReadRoundResults(r QualityRound, m *Member) bool {
	return r.Status == RoundClosed || Allowed(m, ActionRunQualityRound)
}

// ActionPointStatus is where an agreed action stands.
type ActionPointStatus string

// An action point is open until its owner (or an editor) marks it done.
const (
	ActionPointOpen ActionPointStatus = "open"
	ActionPointDone ActionPointStatus = "done"
)

// ActionPointStatuses lists them.
var ActionPointStatuses = []ActionPointStatus{ActionPointOpen, ActionPointDone}

// ActionPoint is an action a round's panel agreed on: a tracked task.
type ActionPoint struct {
	ID, CommunityID     string
	RoundID, RoundTitle string
	Text                string
	OwnerID, OwnerName  string // OwnerName is blank for readers who may not see it
	Due                 string // YYYY-MM-DD
	Status              ActionPointStatus
	CreatedBy           string
	CreatedAt           time.Time
	DoneAt              *time.Time
}

// Overdue reports whether an open action point's due date has passed.
func (p ActionPoint) Overdue(today string) bool { return p.Status == ActionPointOpen && p.Due < today }

// ActionPointFields are what an editor writes.
type ActionPointFields struct {
	Text, OwnerID, Due string
}

// Validate checks an action point: words, an owner, a date.
func (f *ActionPointFields) Validate(v *Validator) {
	f.Text, f.OwnerID, f.Due = strings.TrimSpace(f.Text), strings.TrimSpace(f.OwnerID), strings.TrimSpace(f.Due)
	v.Text("text", f.Text, true, MaxActionPointLen)
	if f.OwnerID == "" {
		v.Fail("owner_id", Msg("error.field.required"))
	}
	if _, err := time.Parse(time.DateOnly, f.Due); err != nil || len(f.Due) != 10 {
		v.Fail("due", Msg("error.field.date"))
	}
}

// MayMarkActionPoint is the rule for marking an action point done or open
// again: its owner, or whoever runs quality rounds.
func MayMarkActionPoint(p ActionPoint, userID string, m *Member) bool {
	return userID != "" && (p.OwnerID == userID && IsActiveMember(m) || Allowed(m, ActionRunQualityRound))
}

// SectorSpread is how one sector (or everyone, Sector "") rated one
// criterion: how many gave each score (Counts[0] is score 1), and the
// mean.
type SectorSpread struct {
	Sector Sector
	Counts []int
	N      int
	Mean   float64
}

// CriterionResult is one criterion's results in a round.
type CriterionResult struct {
	Criterion Criterion
	All       SectorSpread
	// BySector holds the sectors that rated it, in PanelSectors order.
	BySector []SectorSpread
	// Change is the mean's change since the previous closed round that
	// rated the same criterion; HasPrevious says there was one.
	Change      float64
	HasPrevious bool
	// Gap is the largest difference between two sectors' means: where the
	// council and the citizen groups see it differently.
	Gap float64
}

// RoundResults are a round's results per criterion.
type RoundResults struct {
	Round     QualityRound
	Previous  *QualityRound
	Criteria  []CriterionResult
	Panelists int
	Ratings   int
}

// Spread counts ratings on a scale into a SectorSpread.
func Spread(sector Sector, scale int, scores []int) SectorSpread {
	s := SectorSpread{Sector: sector, Counts: make([]int, scale)}
	sum := 0
	for _, x := range scores {
		if x >= 1 && x <= scale {
			s.Counts[x-1]++
			s.N++
			sum += x
		}
	}
	if s.N > 0 {
		s.Mean = float64(sum) / float64(s.N)
	}
	return s
}

// ComputeResults turns a round's ratings (and the previous round's, which
// may be nil) into results per criterion, by sector.
func ComputeResults(r QualityRound, ratings []Rating, prev *QualityRound, prevRatings []Rating) RoundResults {
	type key struct {
		crit   string
		sector Sector
	}
	all := map[string][]int{}
	by := map[key][]int{}
	people := map[string]bool{}
	for _, x := range ratings {
		all[x.CriterionKey] = append(all[x.CriterionKey], x.Score)
		by[key{x.CriterionKey, x.Sector}] = append(by[key{x.CriterionKey, x.Sector}], x.Score)
		people[x.UserID] = true
	}
	prevAll := map[string][]int{}
	for _, x := range prevRatings {
		prevAll[x.CriterionKey] = append(prevAll[x.CriterionKey], x.Score)
	}
	res := RoundResults{Round: r, Previous: prev, Panelists: len(people), Ratings: len(ratings)}
	for _, c := range r.Criteria {
		cr := CriterionResult{Criterion: c, All: Spread("", r.Scale, all[c.Key])}
		lo, hi := 0.0, 0.0
		for _, s := range PanelSectors {
			scores := by[key{c.Key, s}]
			if len(scores) == 0 {
				continue
			}
			sp := Spread(s, r.Scale, scores)
			if len(cr.BySector) == 0 || sp.Mean < lo {
				lo = sp.Mean
			}
			if len(cr.BySector) == 0 || sp.Mean > hi {
				hi = sp.Mean
			}
			cr.BySector = append(cr.BySector, sp)
		}
		cr.Gap = hi - lo
		if prev != nil && cr.All.N > 0 {
			if p := Spread("", prev.Scale, prevAll[c.Key]); p.N > 0 {
				// Means on different scales compare as shares of the scale.
				cr.Change, cr.HasPrevious = cr.All.Mean-p.Mean*float64(r.Scale)/float64(prev.Scale), true
			}
		}
		res.Criteria = append(res.Criteria, cr)
	}
	return res
}

// PreviousRound picks, among a community's rounds, the latest closed one
// created before r that shares a framework with it; nil when none does.
func PreviousRound(r QualityRound, rounds []QualityRound) *QualityRound {
	var best *QualityRound
	for i := range rounds {
		o := &rounds[i]
		if o.ID == r.ID || o.Status != RoundClosed || !createdBefore(*o, r) {
			continue
		}
		shares := false
		for _, f := range o.Frameworks {
			shares = shares || r.Uses(f)
		}
		if shares && (best == nil || createdBefore(*best, *o)) {
			best = o
		}
	}
	return best
}

// createdBefore orders rounds by when they were opened, then by id (ids
// grow with time) for rounds opened in the same instant.
func createdBefore(a, b QualityRound) bool {
	return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
}
