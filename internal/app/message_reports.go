package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// A direct message belongs to no community, yet its report needs
// reviewers and agreements. It goes to a community both people are
// active members of: its reviewers can judge the author as one of
// theirs, and its agreements are ones both accepted. A conversation does
// not remember where it was started (a message may be sent to anyone one
// shares a community with), so the reporter chooses among the
// communities they share with the author, the first by name when they
// name none.

// MessageReports is what a conversation's page needs to offer a report
// on each message: whether the reader may report it
// (commons.MayReportMessage), and where, by author.
type MessageReports struct {
	May         map[string]bool                // by message id
	Communities map[string][]commons.Community // by author id, by name
}

// MessageReportsFor answers, for a conversation the actor read, which of
// its messages they may report and to which communities (one query).
func (a *App) MessageReportsFor(ctx context.Context, actor *commons.User, c commons.Conversation) (MessageReports, error) {
	mr := MessageReports{May: map[string]bool{}}
	if err := requireUser(actor); err != nil {
		return mr, err
	}
	var people, others []string
	for _, m := range c.Members {
		people = append(people, m.UserID)
		if m.UserID != actor.ID {
			others = append(others, m.UserID)
		}
	}
	var err error
	if mr.Communities, err = a.Store.SharedCommunities(ctx, actor.ID, others); err != nil {
		return mr, err
	}
	for _, m := range c.Messages {
		mr.May[m.ID] = commons.MayReportMessage(actor.ID, people, m.AuthorID, m.Moderation, len(mr.Communities[m.AuthorID]))
	}
	return mr, nil
}

// ReportMessage is a participant's report of one direct message to the
// reviewers of a community both people share (communitySlug, "" for the
// first). The report keeps a copy of that one message, made here, which
// is all the reviewers read; the review opens at once (only the
// conversation's people can report, so no count of reporters could grow)
// and the author is told. The message stays shown until the review
// decides. A person's second report of a message is a conflict: it was
// counted already.
func (a *App) ReportMessage(ctx context.Context, actor *commons.User, conversationID, messageID, communitySlug, reason string) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	m, people, err := a.Store.MessageToReport(ctx, conversationID, messageID)
	if err != nil {
		return "", err
	}
	if !commons.MayReport(actor.ID, people) {
		return "", commons.NotFound() // another's conversation is nothing one can see
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	v.Text("reason", reason, true, commons.MaxFlagReasonLen)
	if err := v.Err(); err != nil {
		return "", err
	}
	shared, err := a.Store.SharedCommunities(ctx, actor.ID, []string{m.AuthorID})
	if err != nil {
		return "", err
	}
	cs := shared[m.AuthorID]
	if !commons.MayReportMessage(actor.ID, people, m.AuthorID, m.Moderation, len(cs)) {
		if m.AuthorID == actor.ID {
			return "", invalid("message_id", commons.Msg("error.flag.own"))
		}
		return "", commons.Errorf(commons.CodeConflict, "error.message_report.not_now")
	}
	c := cs[0]
	if communitySlug = strings.TrimSpace(communitySlug); communitySlug != "" {
		found := false
		for _, x := range cs {
			if x.Slug == communitySlug {
				c, found = x, true
			}
		}
		if !found {
			return "", invalid("community", commons.Msg("error.message_report.community"))
		}
	}
	me, err := a.Store.Member(ctx, c.ID, actor.ID)
	if err != nil {
		return "", err
	}
	f := store.NewFlag{SubjectType: commons.SubjectMessage, SubjectID: m.ID, SubjectName: m.AuthorName, AuthorID: m.AuthorID,
		FlaggerID: actor.ID, Reason: reason, Counts: commons.MayOf(&me).Score, ReviewDays: c.ReviewDays, ReviewID: store.NewID(),
		Quote: &commons.MessageQuote{AuthorID: m.AuthorID, AuthorName: m.AuthorName, At: m.CreatedAt, Text: m.Body}}
	if ag, err := a.Store.Agreements(ctx, c.ID, 0); err == nil {
		f.AgreementsVersion = ag.Version
	} else if commons.CodeOf(err) != commons.CodeNotFound {
		return "", err
	}
	f.Notify = []commons.Notification{{UserID: m.AuthorID, CommunityID: c.ID, Kind: commons.NotifyMessageReported,
		Link: commons.PagePath(commons.SubjectReview, "", f.ReviewID)}}
	return c.Slug, a.Store.ReportMessage(ctx, c.ID, f)
}

// shownMessages blanks the text of messages a review hid: both people of
// the conversation read "hidden after a report" instead.
func shownMessages(ms []commons.DirectMessage) {
	for i := range ms {
		if !commons.MessageShown(ms[i].Moderation) {
			ms[i].Body = ""
		}
	}
}
