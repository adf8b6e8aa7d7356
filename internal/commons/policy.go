package commons

// Role is a capability a member holds in a community, earned from peers.
type Role string

// The community roles. A newcomer has joined but is not yet vouched for.
const (
	RoleNewcomer Role = "newcomer"
	RoleMember   Role = "member"
	RoleEditor   Role = "editor"
	RoleSteward  Role = "steward"
)

// Roles lists every role from the least to the most trusted.
var Roles = []Role{RoleNewcomer, RoleMember, RoleEditor, RoleSteward}

// CreatorRoles are the roles of the person who starts a community: all of
// them, since nobody else is there yet to vouch.
var CreatorRoles = []Role{RoleMember, RoleEditor, RoleSteward}

// Action is something a person may try to do in a community.
type Action string

// The community actions that need a role. Every web and API handler asks
// Allowed rather than checking roles itself.
const (
	ActionEditCommunity      Action = "edit_community"
	ActionDecideApplications Action = "decide_applications"
	ActionCreateOrganization Action = "create_organization"
	ActionViewApplications   Action = "view_applications"
	ActionPublishResource    Action = "publish_resource"
	ActionBook               Action = "book"
	// ActionVouch gives trust; ActionScore scores reviews and makes a
	// flag count: members in good standing, every trusted role.
	ActionVouch Action = "vouch"
	ActionScore Action = "score_review"
	// ActionHideByFlag hides content with a single flag.
	ActionHideByFlag Action = "hide_by_flag"
	// ActionPost starts threads and writes in them; ActionPinThread makes
	// a thread an announcement on the community's home.
	ActionPost      Action = "post"
	ActionPinThread Action = "pin_thread"
	// ActionStartInitiative starts a citizen initiative; ActionPledge
	// offers to meet an initiative's need.
	ActionStartInitiative Action = "start_initiative"
	ActionPledge          Action = "pledge"
	// ActionReadHistory reads an initiative's history of who did what.
	ActionReadHistory Action = "read_initiative_history"
	// ActionAddTheme adds a theme of the community's own.
	ActionAddTheme Action = "add_theme"
	// ActionPublishActivity offers a course, workshop, skill-share or event.
	ActionPublishActivity Action = "publish_activity"
	// ActionRegister takes a place at an activity; ActionPropose asks for
	// one ("I want to learn X") or backs such a proposal.
	ActionRegister Action = "register"
	ActionPropose  Action = "propose_activity"
	// ActionOpenFundRound opens a round of the community fund (the
	// providing organization's admins may too: MayManageFundRound).
	ActionOpenFundRound Action = "open_fund_round"
	// ActionInvite invites people into the community by mail or by link
	// (an organization's admins invite into their organization instead).
	ActionInvite Action = "invite"
	// ActionEditProfile opens, writes and publishes versions of the
	// community's Learning Community Profile.
	ActionEditProfile Action = "edit_profile"
	// ActionRunMSC opens and runs a Most Significant Change cycle: its
	// domains, its panels, moving it from collecting to selecting to
	// closed (msc.go).
	ActionRunMSC Action = "run_msc"
	// ActionManageIndicators defines the community's indicators, enters
	// reported values and reads every partner report.
	ActionManageIndicators Action = "manage_indicators"
	// ActionSuggestMatch: a learning champion brokers by hand, suggesting
	// one of the matcher's pairs to one side with a note.
	ActionSuggestMatch Action = "suggest_match"
	// ActionRunQualityRound opens a self-assessment round, chooses its
	// panel, closes it and agrees its action points (quality.go).
	ActionRunQualityRound Action = "run_quality_round"
	// ActionTranslate writes the title and description of anything in the
	// community in another of its languages (translation.go); whoever may
	// edit a thing may translate it too.
	ActionTranslate Action = "translate"
)

// actionRoles says which roles unlock each action; any one of them will do.
var actionRoles = map[Action][]Role{
	ActionEditCommunity:      {RoleEditor},
	ActionDecideApplications: {RoleEditor},
	// Members read applications and comment on them; editors decide.
	ActionViewApplications: {RoleMember, RoleEditor, RoleSteward},
	// Sectors are equal and trust comes first: anyone who has joined may
	// put their organization on the map, newcomers included.
	ActionCreateOrganization: {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionPublishResource:    {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionBook:               {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionVouch:              {RoleMember, RoleEditor, RoleSteward},
	ActionScore:              {RoleMember, RoleEditor, RoleSteward},
	ActionHideByFlag:         {RoleSteward},
	// Everyone who has joined takes part in the conversation.
	ActionPost:      {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionPinThread: {RoleEditor},
	// Citizens act first: anyone who has joined may start an initiative or
	// offer help, as anyone may put an organization on the map.
	ActionStartInitiative: {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionPledge:          {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionReadHistory:     {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionAddTheme:        {RoleEditor},
	// Anyone who has joined may teach, learn and ask to learn.
	ActionPublishActivity: {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionRegister:        {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionPropose:         {RoleNewcomer, RoleMember, RoleEditor, RoleSteward},
	ActionOpenFundRound:   {RoleEditor},
	// Editors fill a new community: whom they invite joins at once.
	ActionInvite: {RoleEditor},
	// Editors keep the Profile; members comment on it.
	ActionEditProfile: {RoleEditor},
	ActionRunMSC:      {RoleEditor},
	// Editors keep the community's account of its impact.
	ActionManageIndicators: {RoleEditor},
	// The learning champions — editors and stewards — broker by hand.
	ActionSuggestMatch: {RoleEditor, RoleSteward},
	// Editors run self-assessment rounds; panelists rate.
	ActionRunQualityRound: {RoleEditor},
	// Editors and stewards look after the community's words in each of
	// its languages.
	ActionTranslate: {RoleEditor, RoleSteward},
}

// CanRunInitiative reports whether a person may edit an initiative, change
// its status, state its needs, decide pledges and propose its partnership:
// its team does, whatever their community role.
func CanRunInitiative(i *Initiative, userID string) bool { return userID != "" && i.InTeam(userID) }

// MayPledgeTo is the rule for offering to meet an initiative's needs: the
// person may pledge in the community, and the initiative still takes
// pledges (it is under way or paused, not completed).
func MayPledgeTo(m *Member, i *Initiative) bool { return Allowed(m, ActionPledge) && i.TakesPledges() }

// MayRemoveFromTeam is the rule for taking a person off an initiative's
// team: the team decides, anyone may leave, and the last member stays so
// that the initiative always has someone to answer.
func MayRemoveFromTeam(i *Initiative, actorID, userID string) bool {
	return (CanRunInitiative(i, actorID) || (actorID != "" && actorID == userID)) && i.InTeam(userID) && len(i.Team) > 1
}

// CanSignFor reports whether a person with the given role in an
// organization may sign agreements for it: its admins may.
func CanSignFor(role OrgRole) bool { return role == OrgAdmin }

// CanMarkCommitment reports who says whether a commitment was kept: the
// initiative's team, or an admin of the party that made it.
func CanMarkCommitment(inTeam bool, partyRole OrgRole) bool { return inTeam || partyRole == OrgAdmin }

// Allowed reports whether a member may take an action. A nil member (a
// visitor or a person who has not joined) may take none.
func Allowed(m *Member, a Action) bool {
	if m != nil && m.ReadOnly && !readingActions[a] {
		return false
	}
	for _, r := range actionRoles[a] {
		if m.HasRole(r) {
			return true
		}
	}
	return false
}

// CanManageOrganization reports whether a person with the given role in an
// organization may edit it and its member list.
func CanManageOrganization(role OrgRole) bool { return role == OrgAdmin }

// MayRemoveFromOrganization reports whether a person (actorID, with the
// given role in an organization) may take userID off it: its admins may
// take anyone, and everyone may leave on their own.
func MayRemoveFromOrganization(actorRole OrgRole, actorID, userID string) bool {
	return CanManageOrganization(actorRole) || (actorID != "" && actorID == userID)
}

// May holds the answers of the community-wide rules for one person: what
// the pages show and what the use cases enforce come from the same table
// (actionRoles), so a control is shown exactly when the action succeeds.
// Templates ask typed questions (.May.Vouch): a misspelt field fails the
// template instead of silently hiding a control.
type May struct {
	EditCommunity, DecideApplications, ViewApplications, CreateOrganization bool
	PublishResource, Book, Vouch, Score, HideByFlag, Post, PinThread        bool
	StartInitiative, Pledge, ReadHistory, AddTheme                          bool
	PublishActivity, Register, Propose                                      bool
	// OpenFundRound: the person may open a round of the community fund.
	OpenFundRound bool
	// Invite: invite people by mail or by link (editors).
	Invite bool
	// EditProfile: open, write and publish versions of the Profile.
	EditProfile bool
	// RunMSC: open and run Most Significant Change cycles (editors).
	RunMSC bool
	// ManageIndicators: define indicators, enter values, read every
	// partner report (editors).
	ManageIndicators bool
	// SuggestMatch: suggest a match to one side, with a note (editors, stewards).
	SuggestMatch bool
	// RunQualityRound: open a self-assessment round and manage it (editors).
	RunQualityRound bool
	// Translate: translate anything in the community (editors, stewards).
	Translate bool
	// ReadMembersOnly is true for active members: the record, the trust
	// list, threads and reviews are theirs to read.
	ReadMembersOnly bool
	// Applying is true while the reader's application to join waits.
	Applying bool
	// ConfirmFirst is true when the reader's address is not confirmed
	// yet: pages say so where a control is missing, and offer to resend.
	// The scope sets it with the member's ReadOnly.
	ConfirmFirst bool
}

// MayOf answers every community-wide rule for a membership (nil: a visitor
// or a person who has not joined).
func MayOf(m *Member) May {
	return May{
		EditCommunity:      Allowed(m, ActionEditCommunity),
		DecideApplications: Allowed(m, ActionDecideApplications),
		ViewApplications:   Allowed(m, ActionViewApplications),
		CreateOrganization: Allowed(m, ActionCreateOrganization),
		PublishResource:    Allowed(m, ActionPublishResource),
		Book:               Allowed(m, ActionBook),
		Vouch:              Allowed(m, ActionVouch),
		Score:              Allowed(m, ActionScore),
		HideByFlag:         Allowed(m, ActionHideByFlag),
		Post:               Allowed(m, ActionPost),
		PinThread:          Allowed(m, ActionPinThread),
		StartInitiative:    Allowed(m, ActionStartInitiative),
		Pledge:             Allowed(m, ActionPledge),
		ReadHistory:        Allowed(m, ActionReadHistory),
		AddTheme:           Allowed(m, ActionAddTheme),
		PublishActivity:    Allowed(m, ActionPublishActivity),
		Register:           Allowed(m, ActionRegister),
		Propose:            Allowed(m, ActionPropose),
		OpenFundRound:      Allowed(m, ActionOpenFundRound),
		Invite:             Allowed(m, ActionInvite),
		EditProfile:        Allowed(m, ActionEditProfile),
		RunMSC:             Allowed(m, ActionRunMSC),
		ManageIndicators:   Allowed(m, ActionManageIndicators),
		SuggestMatch:       Allowed(m, ActionSuggestMatch),
		RunQualityRound:    Allowed(m, ActionRunQualityRound),
		Translate:          Allowed(m, ActionTranslate),
		ReadMembersOnly:    IsActiveMember(m),
		Applying:           m != nil && m.Status == MemberPending,
	}
}

// IsActiveMember reports whether a membership is active (not an
// application waiting, not a visitor): the rule for reading what is for
// members only.
func IsActiveMember(m *Member) bool { return m != nil && m.Status == MemberActive }

// Actions lists the community actions in the order a newcomer meets them,
// for the page that explains the roles.
var Actions = []Action{ActionBook, ActionPost, ActionRegister, ActionPublishActivity, ActionPropose, ActionStartInitiative,
	ActionPledge, ActionReadHistory, ActionCreateOrganization, ActionPublishResource, ActionViewApplications, ActionVouch,
	ActionScore, ActionDecideApplications, ActionEditCommunity, ActionPinThread, ActionAddTheme, ActionHideByFlag, ActionOpenFundRound, ActionInvite,
	ActionEditProfile,
	ActionRunMSC,
	ActionManageIndicators,
	ActionSuggestMatch,
	ActionRunQualityRound,
	ActionTranslate}

// RoleActions lists what a role lets its holder do, from the policy table.
func RoleActions(r Role) []Action {
	var out []Action
	for _, a := range Actions {
		for _, have := range actionRoles[a] {
			if have == r {
				out = append(out, a)
				break
			}
		}
	}
	return out
}
