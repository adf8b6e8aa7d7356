package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// The Profile's life: editors open a draft (copied from the latest
// version), write it, publish it with its evidence frozen; members read
// and comment; a new version shows what changed; the phase moves forward
// only; drafts stay with editors.
func TestProfileVersions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newInitiativeWorld(t, st)
		editor := w.scope(t, "Editor")

		// Only editors open a version.
		for who, want := range map[string]commons.Code{"visitor": commons.CodeUnauthenticated, "Newcomer": commons.CodeForbidden, "Outsider": commons.CodeForbidden} {
			if _, err := w.a.OpenProfileVersion(ctx, w.scope(t, who)); commons.CodeOf(err) != want {
				t.Errorf("%s opens: %v", who, err)
			}
		}
		if _, err := w.a.CurrentProfile(ctx, editor); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("current before any: %v", err)
		}
		v1, err := w.a.OpenProfileVersion(ctx, editor)
		if err != nil || v1.Number != 1 || len(v1.Sections) != len(commons.ProfileQuestions) {
			t.Fatalf("%+v %v", v1, err)
		}
		if _, err := w.a.OpenProfileVersion(ctx, w.scope(t, "Founder")); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("second draft: %v", err)
		}
		// A draft is the editors' alone: to others it does not exist.
		if _, err := w.a.ProfileVersion(ctx, w.scope(t, "Newcomer"), 1); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("member reads draft: %v", err)
		}
		if err := w.a.UpdateProfileSection(ctx, w.scope(t, "Newcomer"), 1, commons.SectionFields{Question: commons.QuestionNeeds, Body: "x"}); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("member writes: %v", err)
		}
		if err := w.a.UpdateProfileSection(ctx, editor, 1, commons.SectionFields{Question: commons.QuestionNeeds, Evidence: []commons.EvidenceKind{"weather"}}); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("unknown evidence: %v", err)
		}
		needs := commons.SectionFields{Question: commons.QuestionNeeds, Body: "Digital skills.\nEnglish for newcomers.",
			Evidence: []commons.EvidenceKind{commons.EvidenceOrganizations, commons.EvidenceInitiatives}}
		if err := w.a.UpdateProfileSection(ctx, editor, 1, needs); err != nil {
			t.Fatal(err)
		}
		// A draft shows its evidence live.
		d, err := w.a.ProfileVersion(ctx, editor, 1)
		if err != nil || !d.May.Edit || d.May.Advance || !d.Sections[0].Live || len(d.Sections[0].Blocks) != 2 ||
			d.Sections[0].Blocks[0].Total[0] != 1 || d.Sections[0].Blocks[1].Total[0] != 1 {
			t.Fatalf("draft view %+v %v", d.Sections[0], err)
		}
		if _, err := w.a.PublishProfileVersion(ctx, w.scope(t, "Newcomer"), 1); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("member publishes: %v", err)
		}
		if _, err := w.a.PublishProfileVersion(ctx, editor, 1); err != nil {
			t.Fatal(err)
		}
		if n := countNotes(t, w.a, w.people["Newcomer"], commons.NotifyProfilePublished); n != 1 {
			t.Errorf("members told of publication: %d", n)
		}
		if n := countNotes(t, w.a, w.people["Editor"], commons.NotifyProfilePublished); n != 0 {
			t.Errorf("publisher told: %d", n)
		}
		if _, err := w.a.PublishProfileVersion(ctx, editor, 1); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("published twice: %v", err)
		}
		if err := w.a.UpdateProfileSection(ctx, editor, 1, needs); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("published version written: %v", err)
		}
		// The evidence is frozen: a new organization changes the live
		// figure, not the published one.
		if _, err := w.a.CreateOrganization(ctx, w.scope(t, "Helper"), commons.OrganizationFields{Name: "Choir", Sector: commons.SectorCitizenGroup}); err != nil {
			t.Fatal(err)
		}
		cur, err := w.a.CurrentProfile(ctx, w.scope(t, "visitor"))
		if err != nil || cur.Number != 1 || cur.Phase != commons.ProfileReviewed || cur.Sections[0].Live || cur.Sections[0].Blocks[0].Total[0] != 1 ||
			cur.May.Comment || cur.May.ReadComments || cur.Sections[0].HTML == "" {
			t.Fatalf("visitor reads current %+v %v", cur, err)
		}
		// Members comment; editors are told; visitors do not see comments.
		if _, err := w.a.CommentOnProfile(ctx, w.scope(t, "visitor"), 1, commons.QuestionNeeds, "Hi"); commons.CodeOf(err) != commons.CodeUnauthenticated {
			t.Fatalf("visitor comments: %v", err)
		}
		if _, err := w.a.CommentOnProfile(ctx, w.scope(t, "Outsider"), 1, commons.QuestionNeeds, "Hi"); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("outsider comments: %v", err)
		}
		if _, err := w.a.CommentOnProfile(ctx, w.scope(t, "Newcomer"), 1, commons.QuestionNeeds, "  "); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("empty comment: %v", err)
		}
		if _, err := w.a.CommentOnProfile(ctx, w.scope(t, "Newcomer"), 1, "poems", "Hi"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("unknown section: %v", err)
		}
		if _, err := w.a.CommentOnProfile(ctx, w.scope(t, "Newcomer"), 1, commons.QuestionNeeds, "Add the Welsh classes"); err != nil {
			t.Fatal(err)
		}
		if countNotes(t, w.a, w.people["Editor"], commons.NotifyProfileComment) != 1 || countNotes(t, w.a, w.people["Founder"], commons.NotifyProfileComment) != 1 ||
			countNotes(t, w.a, w.people["Newcomer"], commons.NotifyProfileComment) != 0 {
			t.Error("editors told of the comment", countNotes(t, w.a, w.people["Editor"], commons.NotifyProfileComment), countNotes(t, w.a, w.people["Founder"], commons.NotifyProfileComment), countNotes(t, w.a, w.people["Newcomer"], commons.NotifyProfileComment))
		}
		mv, err := w.a.ProfileVersion(ctx, w.scope(t, "Helper"), 1)
		if err != nil || len(mv.Sections[0].Comments) != 1 || mv.Sections[0].Comments[0].AuthorName != "Newcomer" {
			t.Fatalf("member reads comments %+v %v", mv.Sections[0].Comments, err)
		}
		// The phase moves forward only, for the current version.
		if err := w.a.AdvanceProfilePhase(ctx, editor, 1, commons.ProfileTimeOut); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("skipped a phase: %v", err)
		}
		if err := w.a.AdvanceProfilePhase(ctx, w.scope(t, "Newcomer"), 1, commons.ProfileAction); commons.CodeOf(err) != commons.CodeForbidden {
			t.Fatalf("member moves phase: %v", err)
		}
		if err := w.a.AdvanceProfilePhase(ctx, editor, 1, commons.ProfileAction); err != nil {
			t.Fatal(err)
		}
		// A new version is copied from the latest, and shows what changed.
		v2, err := w.a.OpenProfileVersion(ctx, editor)
		if err != nil || v2.Number != 2 || v2.Sections[0].Body != needs.Body || len(v2.Sections[0].Evidence) != 2 {
			t.Fatalf("%+v %v", v2, err)
		}
		needs.Body = "Digital skills.\nRussian and English for newcomers."
		if err := w.a.UpdateProfileSection(ctx, editor, 2, needs); err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.ProfileDiff(ctx, w.scope(t, "Newcomer"), 2); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("member diffs a draft: %v", err)
		}
		if _, err := w.a.PublishProfileVersion(ctx, editor, 2); err != nil {
			t.Fatal(err)
		}
		diff, err := w.a.ProfileDiff(ctx, w.scope(t, "visitor"), 2)
		if err != nil || !diff.Sections[0].Changed || diff.Sections[1].Changed {
			t.Fatalf("diff %+v %v", diff, err)
		}
		// The older version keeps its phase; only the current one moves.
		if err := w.a.AdvanceProfilePhase(ctx, editor, 1, commons.ProfileTimeOut); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("old version moved: %v", err)
		}
		list, err := w.a.ProfileVersions(ctx, w.scope(t, "visitor"))
		if err != nil || len(list) != 2 || list[0].Number != 2 || list[1].Phase != commons.ProfileAction {
			t.Fatalf("%+v %v", list, err)
		}
		if _, err := w.a.ProfileVersion(ctx, editor, 9); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("missing version: %v", err)
		}
	})
}
