package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/mail/mailtest"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// A participant reports one direct message to a community both people
// share: the report keeps a copy of that message for the reviewers (and
// only for them and the author), a second report says it was counted,
// the author is told, and a review that upholds it hides the message from
// both people of the conversation.
func TestReportMessage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		m := newModerated(t, newApp(t, st, mailtest.New(t)))
		author, reader := m.people["author"], m.people["member"]
		conv, msg, err := m.a.SendDirect(ctx, author, []string{reader.ID}, "You will regret this.")
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.a.Conversation(ctx, reader, conv)
		if err != nil {
			t.Fatal(err)
		}
		mr, err := m.a.MessageReportsFor(ctx, reader, c)
		if err != nil || !mr.May[msg] || len(mr.Communities[author.ID]) != 1 {
			t.Fatalf("the page offers the report: %+v %v", mr, err)
		}
		if mr, _ := m.a.MessageReportsFor(ctx, author, c); mr.May[msg] {
			t.Fatal("its author is offered to report it")
		}
		for _, c := range []struct {
			who       *commons.User
			community string
			want      commons.Code
		}{
			{nil, "", commons.CodeUnauthenticated},
			{m.people["steward"], "", commons.CodeNotFound}, // not in the conversation
			{author, "", commons.CodeInvalid},
			{reader, "elsewhere", commons.CodeInvalid},
		} {
			if _, err := m.a.ReportMessage(ctx, c.who, conv, msg, c.community, "Agreement 2"); commons.CodeOf(err) != c.want {
				t.Errorf("report %v in %q: %v, want %q", c.who, c.community, err, c.want)
			}
		}
		if _, err := m.a.ReportMessage(ctx, reader, conv, msg, "cwm", " "); commons.CodeOf(err) != commons.CodeInvalid {
			t.Errorf("no reason: %v", err)
		}
		if slug, err := m.a.ReportMessage(ctx, reader, conv, msg, "", "Agreement 2: threats"); err != nil || slug != "cwm" {
			t.Fatalf("report: %q %v", slug, err)
		}
		if _, err := m.a.ReportMessage(ctx, reader, conv, msg, "cwm", "again"); commons.CodeOf(err) != commons.CodeConflict {
			t.Fatalf("second report: %v", err)
		}
		review, err := m.a.LatestReview(ctx, m.scope(t, "steward"), commons.SubjectMessage, msg)
		if err != nil || review == "" {
			t.Fatalf("review %q %v", review, err)
		}
		ns, _, err := m.a.Notifications(ctx, author, commons.Page{})
		if err != nil || len(ns) == 0 || ns[0].Kind != commons.NotifyMessageReported || ns[0].Link != "/reviews/"+review {
			t.Fatalf("the author is told: %+v %v", ns, err)
		}
		// The reviewers read the copy and who reported; a newcomer, who
		// does not review, neither reads it nor sees it listed.
		rv, err := m.a.Review(ctx, m.scope(t, "steward"), review)
		if err != nil || len(rv.Flags) != 1 || rv.Flags[0].Quote == nil || rv.Flags[0].Quote.Text != "You will regret this." ||
			rv.Flags[0].Quote.AuthorID != author.ID || rv.Flags[0].FlaggerID != reader.ID || rv.SubjectPath != "" {
			t.Fatalf("the steward's review: %+v %v", rv, err)
		}
		if _, err := m.a.Review(ctx, m.scope(t, "newcomer"), review); commons.CodeOf(err) != commons.CodeNotFound {
			t.Fatalf("a newcomer reads it: %v", err)
		}
		if rs, err := m.a.Reviews(ctx, m.scope(t, "newcomer")); err != nil || len(rs) != 0 {
			t.Fatalf("a newcomer's list: %+v %v", rs, err)
		}
		if rv, err := m.a.Review(ctx, m.scope(t, "author"), review); err != nil || rv.Flags[0].FlaggerID != "" || !rv.May.Answer {
			t.Fatalf("the author's review: %+v %v", rv, err)
		}
		// Shown until the review decides; then hidden from both.
		if c, _ := m.a.Conversation(ctx, author, conv); c.Messages[0].Body == "" {
			t.Fatal("hidden before the review decided")
		}
		if err := m.a.ScoreReview(ctx, m.scope(t, "steward"), review, commons.Scores{commons.OutcomeRestore: -2,
			commons.OutcomeKeepHidden: 1, commons.OutcomeRemove: 2}); err != nil {
			t.Fatal(err)
		}
		if err := m.a.CloseReview(ctx, review, time.Now().AddDate(1, 0, 0)); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*commons.User{author, reader} {
			c, err := m.a.Conversation(ctx, u, conv)
			if err != nil || c.Messages[0].Body != "" || c.Messages[0].Moderation != commons.Removed {
				t.Fatalf("after the review, %s reads %+v %v", u.Name, c.Messages, err)
			}
			cs, _, err := m.a.Conversations(ctx, u, commons.Page{})
			if err != nil || cs[0].Last.Body != "" {
				t.Fatalf("the list shows %+v %v", cs, err)
			}
			if mr, _ := m.a.MessageReportsFor(ctx, u, c); mr.May[msg] {
				t.Fatal("a hidden message is offered for report")
			}
		}
	})
}
