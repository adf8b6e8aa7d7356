package commons

import (
	"strconv"
	"strings"
	"time"
)

// InitiativeStatus is where a citizen initiative stands in its life.
type InitiativeStatus string

// The lifecycle: idea → seeking_partners → active → completed, with paused
// possible from any open state and resuming where it paused.
const (
	InitiativeIdea            InitiativeStatus = "idea"
	InitiativeSeekingPartners InitiativeStatus = "seeking_partners"
	InitiativeActive          InitiativeStatus = "active"
	InitiativeCompleted       InitiativeStatus = "completed"
	InitiativePaused          InitiativeStatus = "paused"
)

// InitiativeStatuses lists the statuses in lifecycle order.
var InitiativeStatuses = []InitiativeStatus{InitiativeIdea, InitiativeSeekingPartners, InitiativeActive, InitiativeCompleted, InitiativePaused}

// lifecycle names each open status's one step forward.
var lifecycle = map[InitiativeStatus]InitiativeStatus{
	InitiativeIdea:            InitiativeSeekingPartners,
	InitiativeSeekingPartners: InitiativeActive,
	InitiativeActive:          InitiativeCompleted,
}

// Open reports whether an initiative in this status is still under way.
func (s InitiativeStatus) Open() bool { _, ok := lifecycle[s]; return ok }

// NextStatuses lists where an initiative may go from its status; pausedFrom
// is the status it paused in, the only one it may resume to.
func NextStatuses(from, pausedFrom InitiativeStatus) []InitiativeStatus {
	if from == InitiativePaused {
		if pausedFrom.Open() {
			return []InitiativeStatus{pausedFrom}
		}
		return nil
	}
	next, ok := lifecycle[from]
	if !ok {
		return nil // completed is final
	}
	return []InitiativeStatus{next, InitiativePaused}
}

// CheckTransition refuses a status change that skips or reverses the
// lifecycle. It returns the status to remember as paused-from (empty
// unless the change pauses the initiative).
func CheckTransition(from, to, pausedFrom InitiativeStatus) (InitiativeStatus, error) {
	var v Validator
	OneOf(&v, "status", to, InitiativeStatuses)
	if err := v.Err(); err != nil {
		return "", err
	}
	for _, n := range NextStatuses(from, pausedFrom) {
		if n == to {
			if to == InitiativePaused {
				return from, nil
			}
			return "", nil
		}
	}
	e := Errorf(CodeInvalid, "error.initiative.transition", "From", string(from), "To", string(to))
	e.Fields = map[string]Message{"status": e.Message}
	return "", e
}

// StandardThemes are the themes every community knows; a community may add
// its own.
var StandardThemes = []string{"integration", "work", "climate", "digital_skills", "health", "culture", "intergenerational"}

// IsStandardTheme reports whether a theme is one of StandardThemes, whose
// names pages translate.
func IsStandardTheme(t string) bool { return containsString(StandardThemes, t) }

// Limits of initiatives and partnerships.
const (
	// MaxThemes bounds the themes of anything that has them: an
	// initiative, an activity, a learner's proposal.
	MaxThemes          = 10
	MaxThemeLen        = 60
	MaxSummaryLen      = 500
	MaxParties         = 20
	MaxCommitments     = 20
	MaxQuantity        = 1_000_000
	MaxCommitmentNote  = 2000
	MaxPledgeTextLen   = 2000
	MaxPartyRoleLength = 200
)

// Initiative is a citizen-led project with a lead, a team, themes, needs
// and, when partners join, a partnership.
type Initiative struct {
	ID          string
	CommunityID string
	Title       string
	Summary     string
	Description string // Markdown
	Themes      []string
	// The lead is a citizen group (LeadOrgID) or else a person (LeadUserID).
	LeadOrgID, LeadUserID string
	LeadName              string
	Status                InitiativeStatus
	PausedFrom            InitiativeStatus
	Team                  []TeamMember
	// Sectors take part: the lead's, the parties' and those of accepted pledges.
	Sectors   []Sector
	Archive   Archive
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TeamMember is a person who runs an initiative.
type TeamMember struct {
	UserID, Name string
	AddedAt      time.Time
}

// InTeam reports whether a person runs the initiative.
func (i *Initiative) InTeam(userID string) bool {
	for _, m := range i.Team {
		if m.UserID == userID {
			return true
		}
	}
	return false
}

// TakesPledges reports whether offers of help are still welcome: while the
// initiative is under way or paused, not once it is completed or archived.
func (i *Initiative) TakesPledges() bool {
	return (i.Status.Open() || i.Status == InitiativePaused) && !i.Archive.Archived()
}

// InitiativeFields are what a person writes when starting an initiative.
type InitiativeFields struct {
	Title, Summary, Description string
	Themes                      []string
	// LeadOrgID names the citizen group that leads; empty: the person does.
	LeadOrgID string
}

// Normalize trims input and drops repeated themes.
func (f *InitiativeFields) Normalize() {
	f.Title = strings.TrimSpace(f.Title)
	f.Summary = strings.TrimSpace(f.Summary)
	f.Description = strings.TrimSpace(f.Description)
	f.LeadOrgID = strings.TrimSpace(f.LeadOrgID)
	var themes []string
	for _, t := range f.Themes {
		if t = strings.TrimSpace(t); t != "" && !containsString(themes, t) {
			themes = append(themes, t)
		}
	}
	f.Themes = themes
}

// Validate checks the fields; themes must be standard or the community's own.
func (f *InitiativeFields) Validate(v *Validator, communityThemes []string) {
	v.Line("title", f.Title, true, MaxNameLen)
	v.Text("summary", f.Summary, true, MaxSummaryLen)
	v.Text("description", f.Description, false, MaxDescriptionLen)
	if len(f.Themes) > MaxThemes {
		v.Fail("themes", Msg("error.field.too_many", "Max", MaxThemes))
	}
	allowed := append(append([]string{}, StandardThemes...), communityThemes...)
	for _, t := range f.Themes {
		if !containsString(allowed, t) {
			v.Fail("themes", Msg("error.field.one_of", "Allowed", strings.Join(allowed, ", ")))
			break
		}
	}
}

// ValidateTheme checks a community's own theme name.
func ValidateTheme(v *Validator, name string) {
	v.Line("name", name, true, MaxThemeLen)
	if IsStandardTheme(name) {
		v.Fail("name", Msg("error.theme.standard"))
	}
}

// InitiativeFilter selects initiatives of a community's directory.
type InitiativeFilter struct {
	Theme  string
	Status InitiativeStatus
	Sector Sector // a sector among the initiative's partners
	Page   Page
}

// NeedStatus says how far a need has been met.
type NeedStatus string

// Need statuses.
const (
	NeedOpen      NeedStatus = "open"
	NeedPartlyMet NeedStatus = "partly_met"
	NeedMet       NeedStatus = "met"
)

// NeedStatuses lists them.
var NeedStatuses = []NeedStatus{NeedOpen, NeedPartlyMet, NeedMet}

// Need is something an initiative lacks.
type Need struct {
	ID, CommunityID, InitiativeID string
	Kind                          Kind
	Description                   string
	Quantity                      *int
	ByDate                        string // YYYY-MM-DD, or empty
	Status                        NeedStatus
	Withdrawal                    NeedWithdrawal
	CreatedAt                     time.Time
}

// NeedFields are what the team writes about a need.
type NeedFields struct {
	Kind        Kind
	Description string
	Quantity    *int
	ByDate      string
}

// Validate checks a need; today is the community's date.
func (f *NeedFields) Validate(v *Validator, today string) {
	f.Description = strings.TrimSpace(f.Description)
	f.ByDate = strings.TrimSpace(f.ByDate)
	OneOf(v, "kind", f.Kind, Kinds)
	v.Text("description", f.Description, true, MaxShortTextLen)
	if f.Quantity != nil && (*f.Quantity < 1 || *f.Quantity > MaxQuantity) {
		v.Fail("quantity", Msg("error.field.range", "Min", 1, "Max", MaxQuantity))
	}
	if f.ByDate != "" {
		v.Date("by_date", f.ByDate, today)
	}
}

// Date checks a calendar date written YYYY-MM-DD that is not before
// notBefore (also YYYY-MM-DD; empty for no bound).
func (v *Validator) Date(field, value, notBefore string) {
	if _, err := time.Parse(time.DateOnly, value); err != nil || len(value) != 10 {
		v.Fail(field, Msg("error.field.date"))
		return
	}
	if notBefore != "" && value < notBefore {
		v.Fail(field, Msg("error.field.date_before", "Date", notBefore))
	}
}

// PledgeStatus says what the team made of a pledge.
type PledgeStatus string

// Pledge statuses.
const (
	PledgePending  PledgeStatus = "pending"
	PledgeAccepted PledgeStatus = "accepted"
	PledgeDeclined PledgeStatus = "declined"
)

// Pledge is an offer, by an organization or a person, to meet a need.
type Pledge struct {
	ID, CommunityID, InitiativeID, NeedID string
	OrgID, OrgName                        string // empty when a person pledges for themselves
	OrgSector                             Sector
	UserID, UserName                      string // who made the pledge
	ResourceID, ResourceTitle             string
	ResourceBookable                      bool
	ResourceKind                          Kind
	Description                           string
	Status                                PledgeStatus
	BookingID                             string
	BookingStatus                         BookingStatus // of the booking made on accepting
	DecidedAt                             *time.Time
	CreatedAt                             time.Time
}

// PartnershipStatus says whether every party has signed the current version.
type PartnershipStatus string

// Partnership statuses.
const (
	PartnershipProposed PartnershipStatus = "proposed"
	PartnershipActive   PartnershipStatus = "active"
)

// CommitmentStatus says whether a party kept its word.
type CommitmentStatus string

// Commitment statuses.
const (
	CommitmentPending CommitmentStatus = "pending"
	CommitmentKept    CommitmentStatus = "kept"
	CommitmentMissed  CommitmentStatus = "missed"
)

// CommitmentStatuses lists them.
var CommitmentStatuses = []CommitmentStatus{CommitmentPending, CommitmentKept, CommitmentMissed}

// Partnership is the agreement around an initiative. Every change makes a
// new version, which the parties sign again; old versions stay readable.
type Partnership struct {
	ID, CommunityID, InitiativeID string
	Status                        PartnershipStatus
	Version                       int              // the current version
	Versions                      []PartnerVersion // newest first
	CreatedAt, UpdatedAt          time.Time
}

// Current returns the version in force (or awaiting signatures).
func (p *Partnership) Current() *PartnerVersion {
	for i := range p.Versions {
		if p.Versions[i].Version == p.Version {
			return &p.Versions[i]
		}
	}
	return nil
}

// PartnerVersion is one version of a partnership's terms.
type PartnerVersion struct {
	Version        int
	ReviewOn       string
	ProposedBy     string
	ProposedByName string
	ProposedAt     time.Time
	Parties        []Party
}

// Signed reports whether every party signed this version.
func (pv *PartnerVersion) Signed() bool {
	for _, p := range pv.Parties {
		if p.Signature == nil {
			return false
		}
	}
	return len(pv.Parties) > 0
}

// Party is an organization in a version of a partnership.
type Party struct {
	OrgID, OrgName string
	Sector         Sector
	Role           string
	Commitments    []Commitment
	Signature      *Signature
}

// Signature is an organization admin's signing of one version.
type Signature struct {
	UserID, Name string
	At           time.Time
}

// Commitment is what a party promised, and whether it was kept.
type Commitment struct {
	ID, CommunityID, PartnershipID string
	InitiativeID                   string
	Version                        int
	OrgID, OrgName                 string
	Description                    string
	Due                            string // YYYY-MM-DD, or empty
	Status                         CommitmentStatus
	Comment                        string
	UpdatedBy, UpdatedByName       string
	UpdatedAt                      *time.Time
	InitiativeTitle                string // for lists across initiatives
}

// Overdue reports a pending commitment whose due date has passed.
func (c Commitment) Overdue(today string) bool {
	return c.Status == CommitmentPending && c.Due != "" && c.Due < today
}

// PartnershipProposal is what the team proposes: a new version.
type PartnershipProposal struct {
	Parties  []PartyProposal
	ReviewOn string
}

// PartyProposal is one party's place in a proposal.
type PartyProposal struct {
	OrgID       string
	Role        string
	Commitments []CommitmentProposal
}

// CommitmentProposal is one promise in a proposal.
type CommitmentProposal struct {
	Description string
	Due         string
}

// Validate checks a proposal: at least one party, none twice, a role for
// each, commitments described, and no date before today (the proposal's day).
func (p *PartnershipProposal) Validate(v *Validator, today string) {
	p.ReviewOn = strings.TrimSpace(p.ReviewOn)
	if p.ReviewOn == "" {
		v.Fail("review_on", Msg("error.field.required"))
	} else {
		v.Date("review_on", p.ReviewOn, today)
	}
	switch {
	case len(p.Parties) == 0:
		v.Fail("parties", Msg("error.partnership.no_parties"))
	case len(p.Parties) > MaxParties:
		v.Fail("parties", Msg("error.field.too_many", "Max", MaxParties))
	}
	seen := map[string]bool{}
	for i := range p.Parties {
		pp := &p.Parties[i]
		at := "parties." + strconv.Itoa(i)
		pp.OrgID = strings.TrimSpace(pp.OrgID)
		pp.Role = strings.TrimSpace(pp.Role)
		if pp.OrgID == "" {
			v.Fail(at+".organization_id", Msg("error.field.required"))
		} else if seen[pp.OrgID] {
			v.Fail(at+".organization_id", Msg("error.partnership.party_twice"))
		}
		seen[pp.OrgID] = true
		v.Line(at+".role", pp.Role, true, MaxPartyRoleLength)
		if len(pp.Commitments) > MaxCommitments {
			v.Fail(at+".commitments", Msg("error.field.too_many", "Max", MaxCommitments))
		}
		for j := range pp.Commitments {
			c := &pp.Commitments[j]
			cat := at + ".commitments." + strconv.Itoa(j)
			c.Description = strings.TrimSpace(c.Description)
			c.Due = strings.TrimSpace(c.Due)
			v.Text(cat+".description", c.Description, true, MaxShortTextLen)
			if c.Due != "" {
				v.Date(cat+".due", c.Due, today)
			}
		}
	}
}

// InitiativeEvent is one entry of an initiative's history.
type InitiativeEvent struct {
	ID        string
	ActorID   string
	ActorName string
	Action    string // a catalog key suffix: history.<Action>
	Detail    string
	At        time.Time
}

// NetworkNode is an organization in a community's partnership network.
type NetworkNode struct {
	OrgID, Name string
	Sector      Sector
	// Partners are the organizations it shares a partnership with.
	Partners []string
}

// NetworkEdge joins two organizations that share partnerships.
type NetworkEdge struct {
	From, To int // indexes of nodes
	Count    int // how many partnerships they share
}

// MayWithdrawPledge is the rule for taking an offer back: the person who
// made it may, while the team has not decided it.
func MayWithdrawPledge(p Pledge, userID string) bool {
	return userID != "" && p.UserID == userID && p.Status == PledgePending
}
