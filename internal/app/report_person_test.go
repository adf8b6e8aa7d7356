package app_test

import (
	"context"
	"testing"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A person is reported through the same registry and review as what
// people write: the report form is on their member page; a second report
// by the same person counts once; a steward's report hides their page
// from everyone but themselves and the reviewers; the reviewers see who
// reported, the reported person does not; nobody reports themselves.
func TestReportPerson(t *testing.T) {
	ctx := context.Background()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a, _ := clockedApp(t, st)
		m := newModerated(t, a)
		author := m.people["author"].ID
		mv, err := a.Member(ctx, m.scope(t, "member"), author)
		if err != nil || !mv.Moderation.May.Flag || mv.Moderation.SubjectType != commons.SubjectPerson {
			t.Fatalf("the member page offers no report: %+v %v", mv.Moderation, err)
		}
		if mv, err := a.Member(ctx, m.scope(t, "author"), author); err != nil || mv.Moderation.May.Flag {
			t.Errorf("one's own page offers to report oneself: %+v %v", mv.Moderation, err)
		}
		if _, err := a.Flag(ctx, m.scope(t, "author"), commons.SubjectPerson, author, "me"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("reporting oneself: %v", err)
		}
		if _, err := a.Flag(ctx, m.scope(t, "member"), commons.SubjectPerson, m.people["outsider"].ID, "x"); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("reporting someone who is not a member: %v", err)
		}
		if hidden, err := a.Flag(ctx, m.scope(t, "member"), commons.SubjectPerson, author, "Agreement 3: kept messaging me after I said no"); err != nil || hidden {
			t.Fatalf("a member's report: %v %v", hidden, err)
		}
		if _, err := a.Flag(ctx, m.scope(t, "member"), commons.SubjectPerson, author, "Again"); commons.CodeOf(err) != commons.CodeConflict {
			t.Errorf("a second report by the same person: %v", err)
		}
		if hidden, err := a.Flag(ctx, m.scope(t, "steward"), commons.SubjectPerson, author, "Agreement 3"); err != nil || !hidden {
			t.Fatalf("a steward's report: %v %v", hidden, err)
		}
		if _, err := a.Member(ctx, m.scope(t, "newcomer"), author); commons.CodeOf(err) != commons.CodeNotFound {
			t.Errorf("a newcomer sees the hidden person's page: %v", err)
		}
		for _, who := range []string{"author", "member"} {
			mv, err := a.Member(ctx, m.scope(t, who), author)
			if err != nil || mv.Moderation.State != commons.Hidden || mv.Moderation.ReviewID == "" || mv.Moderation.May.Flag {
				t.Errorf("%s reads the hidden page: %+v %v", who, mv.Moderation, err)
			}
		}
		reviews, err := a.Reviews(ctx, m.scope(t, "member"))
		if err != nil || len(reviews) != 1 || reviews[0].SubjectType != commons.SubjectPerson || reviews[0].SubjectName != "Author" {
			t.Fatalf("reviews: %+v %v", reviews, err)
		}
		rv, err := a.Review(ctx, m.scope(t, "member"), reviews[0].ID)
		if err != nil || len(rv.Flags) != 2 || rv.Flags[0].FlaggerName == "" || rv.SubjectPath != "/c/cwm/members/"+author {
			t.Fatalf("the reviewer's review: %+v %v", rv, err)
		}
		rv, err = a.Review(ctx, m.scope(t, "author"), reviews[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rv.Flags {
			if f.FlaggerName != "" || f.FlaggerID != "" {
				t.Errorf("the reported person learns who reported: %+v", f)
			}
		}
		notes, _, err := a.Notifications(ctx, m.people["author"], commons.Page{})
		if err != nil {
			t.Fatal(err)
		}
		told := false
		for _, n := range notes {
			told = told || n.Kind == commons.NotifyContentHidden
		}
		if !told {
			t.Error("the reported person is not told")
		}
	})
}

// Vouching for a person peer review has hidden is refused before anything
// is written, with the reason (422 on user_id), for those who may still
// read their page and those who may not — never a vouch that lands on a
// page the voucher cannot open. Trust given before stays and may be taken
// back.
func TestVouchForHiddenPerson(t *testing.T) {
	ctx := context.Background()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		a, _ := clockedApp(t, st)
		m := newModerated(t, a)
		author := m.people["author"].ID
		if err := a.GiveTrust(ctx, m.scope(t, "member"), author, commons.RoleEditor); err != nil {
			t.Fatal(err)
		}
		if hidden, err := a.Flag(ctx, m.scope(t, "steward"), commons.SubjectPerson, author, "Agreement 3"); err != nil || !hidden {
			t.Fatalf("a steward's report: %v %v", hidden, err)
		}
		edges := func() int {
			e, err := a.TrustEdges(ctx, m.scope(t, "founder"), author)
			if err != nil {
				t.Fatal(err)
			}
			return len(e)
		}
		before := edges()
		for _, who := range []string{"member", "founder", "editor", "steward"} {
			s := m.scope(t, who)
			if mv, err := a.Member(ctx, s, author); err == nil && mv.May.Vouch {
				t.Errorf("%s is offered to vouch for the hidden person", who)
			}
			err := a.GiveTrust(ctx, s, author, commons.RoleSteward)
			if commons.CodeOf(err) != commons.CodeInvalid || commons.ErrorOf(err).Fields["user_id"].Key != "error.trust.hidden" {
				t.Errorf("%s vouches for the hidden person: %v, want 422 error.trust.hidden", who, err)
			}
		}
		if n := edges(); n != before {
			t.Fatalf("refused vouches were written: %d edges, had %d", n, before)
		}
		if err := a.RevokeTrust(ctx, m.scope(t, "member"), author, commons.RoleEditor); err != nil {
			t.Fatalf("taking trust back from the hidden person: %v", err)
		}
	})
}
