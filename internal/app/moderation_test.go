package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// moderated is a community for moderation's rules: a founder with every
// role, and one person per persona, each trusted by the founder for one
// role only (an editor is not a member), and the author of the content.
type moderated struct {
	a      *app.App
	people map[string]*commons.User
}

func newModerated(t *testing.T, a *app.App) moderated {
	t.Helper()
	ctx := context.Background()
	founder := signUp(t, a, "Founder", "en")
	if _, err := a.CreateCommunity(ctx, &founder, commons.NewCommunity{Slug: "cwm", Name: "Cwm"}); err != nil {
		t.Fatal(err)
	}
	m := moderated{a: a, people: map[string]*commons.User{"founder": &founder, "visitor": nil}}
	for who, role := range map[string]commons.Role{"newcomer": "", "member": commons.RoleMember, "editor": commons.RoleEditor,
		"steward": commons.RoleSteward, "author": commons.RoleMember, "outsider": ""} {
		u := signUp(t, a, strings.ToUpper(who[:1])+who[1:], "en")
		m.people[who] = &u
		if who == "outsider" {
			continue // never joins
		}
		s, err := a.Scope(ctx, &u, "cwm")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Join(ctx, s, "", nil); err != nil {
			t.Fatal(err)
		}
		if role != "" {
			if err := a.GiveTrust(ctx, m.scope(t, "founder"), u.ID, role); err != nil {
				t.Fatalf("trust %s: %v", who, err)
			}
		}
	}
	return m
}

func (m moderated) scope(t *testing.T, who string) app.Scope {
	t.Helper()
	s, err := m.a.Scope(context.Background(), m.people[who], "cwm")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// resource is fresh content by the author.
func (m moderated) resource(t *testing.T) commons.Resource {
	t.Helper()
	r, err := m.a.CreateResource(context.Background(), scopeIn(t, m.a, m.people["author"], "cwm"), commons.ResourceFields{Kind: commons.KindTime,
		Title: "Ladder", Terms: commons.TermsFree, Approval: commons.ApprovalOpen})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// hide has the founder (a steward) hide content and returns its review.
func (m moderated) hide(t *testing.T, r commons.Resource) string {
	t.Helper()
	ctx := context.Background()
	s := m.scope(t, "founder")
	if hidden, err := m.a.Flag(ctx, s, commons.SubjectResource, r.ID, "Agreement 1"); err != nil || !hidden {
		t.Fatalf("steward's flag: hidden %v, %v", hidden, err)
	}
	id, err := m.a.LatestReview(ctx, s, commons.SubjectResource, r.ID)
	if err != nil || id == "" {
		t.Fatalf("review %q: %v", id, err)
	}
	return id
}

// Who may flag, score and answer, and what the review's read model says
// to each: the answer a page shows is the rule the use case enforces.
func TestModerationRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		m := newModerated(t, newApp(t, st, mailtest.New(t)))
		review := m.hide(t, m.resource(t))
		cases := []struct {
			who                string
			flag, score, answr commons.Code // "" for success
		}{
			{"visitor", commons.CodeUnauthenticated, commons.CodeUnauthenticated, commons.CodeUnauthenticated},
			{"outsider", commons.CodeForbidden, commons.CodeNotFound, commons.CodeNotFound},
			{"newcomer", "", commons.CodeForbidden, commons.CodeForbidden},
			{"member", "", "", commons.CodeForbidden},
			{"editor", "", "", commons.CodeForbidden},
			{"steward", "", "", commons.CodeForbidden},
			{"author", commons.CodeInvalid, commons.CodeForbidden, ""},
		}
		for _, c := range cases {
			s := m.scope(t, c.who)
			_, err := m.a.Flag(ctx, s, commons.SubjectResource, m.resource(t).ID, "Agreement 2")
			if commons.CodeOf(err) != c.flag {
				t.Errorf("%s flags: %v, want %q", c.who, err, c.flag)
			}
			if s.Actor != nil && c.who != "outsider" {
				// The content page's read model answers the same rule.
				mv, err := m.a.Moderation(ctx, s, commons.SubjectResource, "x", m.people["author"].ID, commons.Visible)
				if err != nil || mv.May.Flag != (c.flag == "") {
					t.Errorf("%s: page may flag %v (%v), flagging gave %v", c.who, mv.May.Flag, err, c.flag)
				}
			}
			err = m.a.ScoreReview(ctx, s, review, commons.Scores{commons.OutcomeRestore: 1, commons.OutcomeKeepHidden: 0, commons.OutcomeRemove: -1})
			if commons.CodeOf(err) != c.score {
				t.Errorf("%s scores: %v, want %q", c.who, err, c.score)
			}
			err = m.a.AnswerReview(ctx, s, review, "It is free.")
			if commons.CodeOf(err) != c.answr {
				t.Errorf("%s answers: %v, want %q", c.who, err, c.answr)
			}
			rv, err := m.a.Review(ctx, s, review)
			if c.score == commons.CodeUnauthenticated || c.score == commons.CodeNotFound {
				if commons.CodeOf(err) != c.score {
					t.Errorf("%s reads the review: %v", c.who, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s reads the review: %v", c.who, err)
			}
			if rv.May.Score != (c.score == "") || rv.May.Answer != (c.answr == "") {
				t.Errorf("%s: review may %+v; scoring gave %q, answering %q", c.who, rv.May, c.score, c.answr)
			}
		}
	})
}

// Flags hide content when enough members in good standing agree (a
// newcomer's flag does not count); a second flag by the same person is a
// conflict; the author is told, with a link to the review, in the same
// change; and a review of another community is not found.
func TestFlagsHideContentAndTellTheAuthor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		m := newModerated(t, newApp(t, st, mailtest.New(t)))
		r := m.resource(t)
		for i, who := range []string{"newcomer", "member", "editor"} {
			hidden, err := m.a.Flag(ctx, m.scope(t, who), commons.SubjectResource, r.ID, "Agreement 3")
			if err != nil || hidden {
				t.Fatalf("flag %d by %s: hidden %v, %v", i, who, hidden, err)
			}
		}
		if _, err := m.a.Flag(ctx, m.scope(t, "member"), commons.SubjectResource, r.ID, "again"); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("second flag: %v", err)
		}
		ns, _, err := m.a.Notifications(ctx, m.people["author"], commons.Page{})
		ns = aboutContent(ns)
		if err != nil || len(ns) != 0 {
			t.Fatalf("before hiding: %v %v", ns, err)
		}
		// The third flag that counts (the newcomer's did not) hides it.
		hidden, err := m.a.Flag(ctx, m.scope(t, "steward"), commons.SubjectResource, r.ID, "Agreement 3")
		if err != nil || !hidden {
			t.Fatalf("third counting flag: hidden %v, %v", hidden, err)
		}
		review, err := m.a.LatestReview(ctx, m.scope(t, "member"), commons.SubjectResource, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		ns, _, err = m.a.Notifications(ctx, m.people["author"], commons.Page{})
		ns = aboutContent(ns)
		if err != nil || len(ns) != 1 || ns[0].Kind != commons.NotifyContentHidden || ns[0].Link != "/reviews/"+review {
			t.Fatalf("the author is told: %+v %v", ns, err)
		}
		if _, err := m.a.Flag(ctx, m.scope(t, "member"), "booking", r.ID, "x"); commons.CodeOf(err) != commons.CodeInvalid {
			t.Fatalf("a kind that cannot be flagged: %v", err)
		}

		// Another community's scope does not find this review.
		other := signUp(t, m.a, "Other", "en")
		if _, err := m.a.CreateCommunity(ctx, &other, commons.NewCommunity{Slug: "arall", Name: "Arall"}); err != nil {
			t.Fatal(err)
		}
		s, err := m.a.Scope(ctx, &other, "arall")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.a.Review(ctx, s, review); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("a review read from another community: %v", err)
		}
	})
}

// When its period ends a review decides by the scores, applies the
// outcome, tells the author, and takes no more scores.
func TestReviewClosesOnTime(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, setClock := clockedApp(t, st)
		m := newModerated(t, a)
		r := m.resource(t)
		review := m.hide(t, r)
		for _, who := range []string{"member", "editor"} {
			if err := a.ScoreReview(ctx, m.scope(t, who), review, commons.Scores{commons.OutcomeRestore: 2, commons.OutcomeKeepHidden: 0,
				commons.OutcomeRemove: -2}); err != nil {
				t.Fatal(err)
			}
		}
		rv, err := a.Review(ctx, m.scope(t, "member"), review)
		if err != nil || rv.Outcome != "" {
			t.Fatalf("open review: %+v %v", rv.Review, err)
		}
		setClock(time.Duration(m.scope(t, "member").Community.ReviewDays)*24*time.Hour + time.Minute)
		if n, err := a.CloseDueReviews(ctx); err != nil || n != 1 {
			t.Fatalf("closed %d: %v", n, err)
		}
		rv, err = a.Review(ctx, m.scope(t, "member"), review)
		if err != nil || rv.Outcome != commons.OutcomeRestore || rv.May.Score || rv.May.Answer {
			t.Fatalf("closed review: %+v may %+v, %v", rv.Review, rv.May, err)
		}
		res, err := a.Store.ResourceByID(ctx, r.ID)
		if err != nil || res.Moderation != commons.Visible {
			t.Fatalf("restored content: %q %v", res.Moderation, err)
		}
		ns, _, err := a.Notifications(ctx, m.people["author"], commons.Page{})
		ns = aboutContent(ns)
		if err != nil || len(ns) != 2 || ns[0].Kind != commons.NotifyReviewDecided || ns[0].Link != "/reviews/"+review ||
			ns[0].Args["Outcome"] != string(commons.OutcomeRestore) {
			t.Fatalf("the author is told the outcome: %+v %v", ns, err)
		}
		// The founder holds their roles by grant (a day later one voice no
		// longer makes the others' roles: the threshold grows).
		err = a.ScoreReview(ctx, m.scope(t, "founder"), review, commons.Scores{commons.OutcomeRestore: 0, commons.OutcomeKeepHidden: 0, commons.OutcomeRemove: 0})
		if commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("a score after the end: %v", err)
		}
	})
}

// aboutContent leaves out what the setup's vouching told people.
func aboutContent(ns []commons.Notification) []commons.Notification {
	var out []commons.Notification
	for _, n := range ns {
		if n.Kind != commons.NotifyVouched && n.Kind != commons.NotifyRoleGained {
			out = append(out, n)
		}
	}
	return out
}
