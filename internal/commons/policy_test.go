package commons

import (
	"reflect"
	"slices"
	"testing"
)

// Every action of the policy table has its typed answer in May, and the
// two agree for every role: a page asking .May.X and a use case asking
// Allowed(m, ActionX) cannot disagree.
func TestMayAnswersEveryAction(t *testing.T) {
	fields := map[string]bool{}
	for i := range reflect.TypeFor[May]().NumField() {
		fields[reflect.TypeFor[May]().Field(i).Name] = true
	}
	byAction := map[Action]string{
		ActionEditCommunity: "EditCommunity", ActionDecideApplications: "DecideApplications", ActionViewApplications: "ViewApplications",
		ActionCreateOrganization: "CreateOrganization", ActionPublishResource: "PublishResource", ActionBook: "Book",
		ActionVouch: "Vouch", ActionScore: "Score", ActionHideByFlag: "HideByFlag", ActionPost: "Post", ActionPinThread: "PinThread",
		ActionStartInitiative: "StartInitiative", ActionPledge: "Pledge", ActionReadHistory: "ReadHistory", ActionAddTheme: "AddTheme",
		ActionPublishActivity: "PublishActivity", ActionRegister: "Register", ActionPropose: "Propose",
		ActionInvite: "Invite", ActionOpenFundRound: "OpenFundRound",
		ActionEditProfile:      "EditProfile",
		ActionSuggestMatch:     "SuggestMatch",
		ActionRunMSC:           "RunMSC",
		ActionRunQualityRound:  "RunQualityRound",
		ActionManageIndicators: "ManageIndicators",
		ActionTranslate:        "Translate",
	}
	for a := range actionRoles {
		if _, ok := byAction[a]; !ok {
			t.Errorf("action %q has no field in May (add it to May, MayOf and this test)", a)
		}
	}
	members := []*Member{nil, {Status: MemberPending, Roles: []Role{RoleMember}}}
	for _, r := range Roles {
		members = append(members, &Member{Status: MemberActive, Roles: []Role{r}})
	}
	// A steward whose address waits for confirmation reads only.
	members = append(members, &Member{Status: MemberActive, Roles: Roles, ReadOnly: true})
	for _, m := range members {
		may := reflect.ValueOf(MayOf(m))
		for a, f := range byAction {
			if !fields[f] {
				t.Fatalf("May has no field %s", f)
			}
			if got := may.FieldByName(f).Bool(); got != Allowed(m, a) {
				t.Errorf("member %+v: May.%s = %v, Allowed = %v", m, f, got, !got)
			}
		}
	}
}

// An unknown subject kind is invalid input, never a default table.
func TestSubjectRegistry(t *testing.T) {
	if _, err := SubjectOf("poem"); CodeOf(err) != CodeInvalid {
		t.Fatalf("unknown kind: %v", err)
	}
	s, err := SubjectOf(SubjectOrganization)
	if err != nil || s.Table != "organizations" || s.Path("town", "o1") != "/c/town/organizations/o1" {
		t.Fatalf("%+v %v", s, err)
	}
	if !SubjectInitiative.Can(Flaggable) || !SubjectInitiative.Can(Discussable) || SubjectThread.Can(Discussable) || SubjectType("x").Can(Discussable) {
		t.Fatal("abilities")
	}
}

// Flagged content: who reads it at each stage of its moderation.
func TestMaySeeContent(t *testing.T) {
	steward := &Member{UserID: "s", Status: MemberActive, Roles: []Role{RoleSteward}}
	newcomer := &Member{UserID: "n", Status: MemberActive, Roles: []Role{RoleNewcomer}}
	for _, c := range []struct {
		reader   *Member
		readerID string
		state    Moderation
		want     bool
	}{
		{nil, "", Visible, true},
		{nil, "", Hidden, false},
		{newcomer, "n", Hidden, false},
		{steward, "s", Hidden, true},
		{steward, "s", KeptHidden, false},
		{nil, "author", KeptHidden, true},
		{nil, "author", Removed, false},
		{steward, "s", Removed, false},
	} {
		if got := MaySeeContent(c.reader, c.readerID, c.state, "author"); got != c.want {
			t.Errorf("%s reading %s content: %v, want %v", c.readerID, c.state, got, c.want)
		}
	}
}

// Every flaggable kind says who its author is, and every kind where its
// things are kept: the store reads nothing else.
func TestEverySubjectIsComplete(t *testing.T) {
	for _, s := range subjects {
		if s.Table == "" {
			t.Errorf("%s has no table", s.Type)
		}
		if s.Flaggable && (s.AuthorColumn == "" || s.NameColumn == "") {
			t.Errorf("%s is flaggable without a name and an author", s.Type)
		}
		if s.Discussable && (s.NameColumn == "" || s.PagePath == "") {
			t.Errorf("%s is discussable without a name and a page", s.Type)
		}
	}
}

// A member whose address is not confirmed may read what is for members
// and take no other action, whatever their roles.
func TestReadOnlyMembersOnlyRead(t *testing.T) {
	m := &Member{Status: MemberActive, Roles: Roles, ReadOnly: true}
	for a := range actionRoles {
		if got, want := Allowed(m, a), a == ActionViewApplications || a == ActionReadHistory; got != want {
			t.Errorf("%s: allowed %v, want %v", a, got, want)
		}
	}
	if may := MayOf(m); !may.ReadMembersOnly || may.Post || may.Vouch {
		t.Errorf("May: %+v", may)
	}
}

// The roles page lists every action of the policy table.
func TestActionsListsThePolicyTable(t *testing.T) {
	for a := range actionRoles {
		if !slices.Contains(Actions, a) {
			t.Errorf("Actions lacks %s", a)
		}
	}
	if len(Actions) != len(actionRoles) {
		t.Errorf("Actions has %d, the policy table %d", len(Actions), len(actionRoles))
	}
}
