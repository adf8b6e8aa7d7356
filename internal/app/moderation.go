package app

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Flag reports content of a community as breaking its agreements. Any
// member may flag; a flag counts towards hiding when its maker is in good
// standing (holds the member role at least), and a steward's flag hides at
// once. The flag cites the agreements as they stand.
func (a *App) Flag(ctx context.Context, actor *commons.User, slug string, st commons.SubjectType, id, reason string) (bool, error) {
	if err := requireUser(actor); err != nil {
		return false, err
	}
	c, err := a.Community(ctx, slug)
	if err != nil {
		return false, err
	}
	m, err := a.Membership(ctx, c.ID, actor)
	if err != nil {
		return false, err
	}
	if m == nil || m.Status != commons.MemberActive {
		return false, commons.Forbidden()
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	commons.OneOf(&v, "subject.type", st, commons.SubjectTypes(commons.Flaggable))
	v.Text("reason", reason, true, commons.MaxFlagReasonLen)
	if err := v.Err(); err != nil {
		return false, err
	}
	f := store.NewFlag{SubjectType: st, SubjectID: id, FlaggerID: actor.ID, Reason: reason,
		Counts: commons.Allowed(m, commons.ActionScore), BySteward: commons.Allowed(m, commons.ActionHideByFlag),
		Threshold: c.FlagThreshold, ReviewDays: c.ReviewDays}
	switch st {
	case commons.SubjectResource:
		r, err := a.Store.ResourceInCommunity(ctx, c.ID, id)
		if err != nil {
			return false, err
		}
		f.SubjectName, f.AuthorID = r.Title, r.AuthorID()
	default:
		o, err := a.Store.OrganizationInCommunity(ctx, c.ID, id)
		if err != nil {
			return false, err
		}
		f.SubjectName, f.AuthorID = o.Name, o.CreatedBy
	}
	if f.AuthorID == actor.ID {
		return false, invalid("subject", commons.Msg("error.flag.own"))
	}
	if ag, err := a.Store.Agreements(ctx, c.ID, 0); err == nil {
		f.AgreementsVersion = ag.Version
	} else if commons.CodeOf(err) != commons.CodeNotFound {
		return false, err
	}
	return a.Store.Flag(ctx, c.ID, f)
}

// reviewFor loads a review for a member of its community, deciding it
// first if its period is over.
func (a *App) reviewFor(ctx context.Context, actor *commons.User, id string) (commons.Review, *commons.Member, error) {
	if err := requireUser(actor); err != nil {
		return commons.Review{}, nil, err
	}
	if err := a.Store.CloseReview(ctx, id, a.Now()); err != nil {
		return commons.Review{}, nil, err
	}
	r, err := a.Store.Review(ctx, id)
	if err != nil {
		return r, nil, err
	}
	m, err := a.Membership(ctx, r.CommunityID, actor)
	if err != nil {
		return r, nil, err
	}
	if (m == nil || m.Status != commons.MemberActive) && r.AuthorID != actor.ID {
		return r, m, commons.NotFound()
	}
	return r, m, nil
}

// Review returns a review, for the community's members and the author.
func (a *App) Review(ctx context.Context, actor *commons.User, id string) (commons.Review, error) {
	r, _, err := a.reviewFor(ctx, actor, id)
	return r, err
}

// Reviews lists a community's reviews for its members, deciding those
// whose period is over.
func (a *App) Reviews(ctx context.Context, actor *commons.User, slug string) ([]commons.Review, error) {
	c, err := a.activeMemberOf(ctx, actor, slug)
	if err != nil {
		return nil, err
	}
	rs, err := a.Store.Reviews(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if r.Outcome == "" && !a.Now().Before(r.EndsAt) {
			if err := a.Store.CloseReview(ctx, r.ID, a.Now()); err != nil {
				return nil, err
			}
			if rs[i], err = a.Store.Review(ctx, r.ID); err != nil {
				return nil, err
			}
		}
	}
	return rs, nil
}

// CloseDueReviews decides every review whose period is over, so that the
// outcome arrives on time even where nobody opens the review. Any node may
// run it: closing is idempotent. It returns how many it closed.
func (a *App) CloseDueReviews(ctx context.Context) (int, error) {
	at := a.Now()
	ids, err := a.Store.DueReviews(ctx, at)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := a.Store.CloseReview(ctx, id, at); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// AnswerReview is the author's answer to the flags.
func (a *App) AnswerReview(ctx context.Context, actor *commons.User, id, answer string) error {
	r, _, err := a.reviewFor(ctx, actor, id)
	if err != nil {
		return err
	}
	if r.AuthorID != actor.ID {
		return commons.Forbidden()
	}
	answer = strings.TrimSpace(answer)
	var v commons.Validator
	v.Text("answer", answer, true, commons.MaxFlagReasonLen)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.Answer(ctx, r, answer)
}

// ScoreReview records a member's scores of a review's options. Members in
// good standing score; the author does not judge their own content.
func (a *App) ScoreReview(ctx context.Context, actor *commons.User, id string, sc commons.Scores) error {
	r, m, err := a.reviewFor(ctx, actor, id)
	if err != nil {
		return err
	}
	if r.AuthorID == actor.ID || !commons.Allowed(m, commons.ActionScore) {
		return commons.Errorf(commons.CodeForbidden, "error.review.not_scorer")
	}
	var v commons.Validator
	for _, o := range commons.Outcomes {
		if n, ok := sc[o]; !ok || n < -2 || n > 2 {
			v.Fail(string(o), commons.Msg("error.field.range", "Min", -2, "Max", 2))
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.Score(ctx, r, actor.ID, sc, a.Now())
}

// Shown reports whether content in a moderation state may be shown to a
// reader: visible content to all; content under review to its author and
// the members in good standing who review it; content a review kept
// hidden to its author alone; removed content to nobody.
func (a *App) Shown(ctx context.Context, actor *commons.User, communityID string, state commons.Moderation, authorID string) (bool, error) {
	switch state {
	case commons.Visible, "":
		return true, nil
	case commons.Removed:
		return false, nil
	}
	if actor == nil {
		return false, nil
	}
	if actor.ID == authorID {
		return true, nil
	}
	if state != commons.Hidden {
		return false, nil
	}
	m, err := a.Membership(ctx, communityID, actor)
	return commons.Allowed(m, commons.ActionScore), err
}

// ShownResource is Shown for a resource: not found when the reader may not see it.
func (a *App) ShownResource(ctx context.Context, actor *commons.User, r commons.Resource) error {
	ok, err := a.Shown(ctx, actor, r.CommunityID, r.Moderation, r.AuthorID())
	if err == nil && !ok {
		err = commons.NotFound()
	}
	return err
}

// ShownOrganization is Shown for an organization.
func (a *App) ShownOrganization(ctx context.Context, actor *commons.User, o commons.Organization) error {
	ok, err := a.Shown(ctx, actor, o.CommunityID, o.Moderation, o.CreatedBy)
	if err == nil && !ok {
		err = commons.NotFound()
	}
	return err
}
