package commons

import (
	"testing"
)

func TestProfilePhasesMoveForwardOnly(t *testing.T) {
	if ProfileDraft.Published() || !ProfileReviewed.Published() || !ProfileTimeOut.Published() {
		t.Fatal("published")
	}
	if ProfileDraft.Next() != "" || ProfileReviewed.Next() != ProfileAction || ProfileAction.Next() != ProfileTimeOut || ProfileTimeOut.Next() != "" {
		t.Fatal("next")
	}
}

func TestSectionFieldsValidate(t *testing.T) {
	f := SectionFields{Question: QuestionNeeds, Body: "  text ", Evidence: []EvidenceKind{EvidenceOrganizations, " organizations_by_sector", EvidenceHours}}
	f.Normalize()
	var v Validator
	f.Validate(&v)
	if err := v.Err(); err != nil || f.Body != "text" || len(f.Evidence) != 2 {
		t.Fatalf("%+v %v", f, err)
	}
	for _, bad := range []SectionFields{{Question: "poems"}, {Question: QuestionNeeds, Evidence: []EvidenceKind{"weather"}},
		{Question: QuestionNeeds, Body: string(make([]byte, MaxProfileSectionLen+1))}} {
		var v Validator
		bad.Validate(&v)
		if CodeOf(v.Err()) != CodeInvalid {
			t.Errorf("%q accepted", bad.Question)
		}
	}
	var c Validator
	ValidateProfileComment(&c, "")
	if CodeOf(c.Err()) != CodeInvalid {
		t.Fatal("empty comment accepted")
	}
}

func TestProfileRules(t *testing.T) {
	editor := &Member{Status: MemberActive, Roles: []Role{RoleMember, RoleEditor}}
	member := &Member{Status: MemberActive, Roles: []Role{RoleMember}}
	draft, published := ProfileVersion{Phase: ProfileDraft}, ProfileVersion{Phase: ProfileAction}
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"editor edits", MayEditProfile(editor), true},
		{"member does not edit", MayEditProfile(member), false},
		{"visitor reads published", MayReadProfileVersion(nil, published), true},
		{"visitor does not read draft", MayReadProfileVersion(nil, draft), false},
		{"member does not read draft", MayReadProfileVersion(member, draft), false},
		{"editor reads draft", MayReadProfileVersion(editor, draft), true},
		{"member comments on published", MayCommentOnProfile(member, published), true},
		{"member does not comment on draft", MayCommentOnProfile(member, draft), false},
		{"visitor does not comment", MayCommentOnProfile(nil, published), false},
		{"visitor does not read comments", MayReadProfileComments(nil, published), false},
		{"read-only member does not comment", MayCommentOnProfile(&Member{Status: MemberActive, Roles: []Role{RoleMember}, ReadOnly: true}, published), false},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %v", c.name, c.got)
		}
	}
}

func TestDiffProfile(t *testing.T) {
	from := ProfileVersion{Sections: []ProfileSection{{Question: QuestionNeeds, Body: "one\ntwo\nthree", Evidence: []EvidenceKind{EvidenceOrganizations}}}}
	to := ProfileVersion{Sections: []ProfileSection{{Question: QuestionNeeds, Body: "one\n2\nthree", Evidence: []EvidenceKind{EvidenceHours}},
		{Question: QuestionChange, Body: "new"}}}
	d := DiffProfile(from, to)
	if len(d) != len(ProfileQuestions) {
		t.Fatalf("%d sections", len(d))
	}
	needs := d[0]
	want := []DiffLine{{DiffSame, "one"}, {DiffRemoved, "two"}, {DiffAdded, "2"}, {DiffSame, "three"}}
	if !needs.Changed || len(needs.Lines) != len(want) {
		t.Fatalf("%+v", needs)
	}
	for i := range want {
		if needs.Lines[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, needs.Lines[i], want[i])
		}
	}
	if len(needs.AddedEvidence) != 1 || needs.AddedEvidence[0] != EvidenceHours || len(needs.RemovedEvidence) != 1 {
		t.Errorf("evidence %+v", needs)
	}
	if d[1].Changed || !d[4].Changed || d[4].Lines[0] != (DiffLine{DiffAdded, "new"}) {
		t.Errorf("%+v %+v", d[1], d[4])
	}
}
