package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Flag reports content of a community as breaking its agreements (see
// commons.MayFlag); a flag counts towards hiding when its maker is in good
// standing, and a steward's flag hides at once. The flag cites the
// agreements as they stand. When the flag hides the content, its author is
// told, in the same transaction.
func (a *App) Flag(ctx context.Context, s Scope, st commons.SubjectType, id, reason string) (bool, error) {
	if s.Actor == nil {
		return false, commons.Unauthenticated()
	}
	if !s.May.ReadMembersOnly {
		return false, commons.Forbidden()
	}
	reason = strings.TrimSpace(reason)
	var v commons.Validator
	commons.OneOf(&v, "subject.type", st, commons.SubjectTypes(commons.FlaggableInCommunity))
	v.Text("reason", reason, true, commons.MaxFlagReasonLen)
	if err := v.Err(); err != nil {
		return false, err
	}
	c := s.Community
	f := store.NewFlag{SubjectType: st, SubjectID: id, FlaggerID: s.Actor.ID, Reason: reason,
		Counts: s.May.Score, BySteward: s.May.HideByFlag, Threshold: c.FlagThreshold, ReviewDays: c.ReviewDays,
		ReviewID: store.NewID()}
	var err error
	if f.SubjectName, f.AuthorID, err = a.Store.FlaggableSubject(ctx, c.ID, st, id); err != nil {
		return false, err
	}
	if !commons.MayFlag(s.Member, f.AuthorID) {
		return false, invalid("subject", commons.Msg("error.flag.own"))
	}
	if ag, err := a.Store.Agreements(ctx, c.ID, 0); err == nil {
		f.AgreementsVersion = ag.Version
	} else if commons.CodeOf(err) != commons.CodeNotFound {
		return false, err
	}
	if f.AuthorID != "" {
		f.Notify = []commons.Notification{{UserID: f.AuthorID, CommunityID: c.ID, Kind: commons.NotifyContentHidden,
			Link: commons.PagePath(commons.SubjectReview, "", f.ReviewID), Args: map[string]string{"Name": f.SubjectName}}}
	}
	return a.Store.Flag(ctx, c.ID, f)
}

// ReviewView is a review as a reader sees it, with what the rules let the
// reader do to it.
type ReviewView struct {
	commons.Review
	May ReviewMay
	// SubjectPath is the page of the content under review.
	SubjectPath string
}

// ReviewMay answers the review's rules for the reader: the page shows the
// score and answer forms from these, and the use cases enforce the same
// rules (commons.MayScoreReview, commons.MayAnswerReview) while it is open.
type ReviewMay struct {
	Score, Answer bool
}

// reviewFor loads a review of the scope's community for a member of it or
// the author, deciding it first if its period is over.
func (a *App) reviewFor(ctx context.Context, s Scope, id string) (ReviewView, error) {
	if s.Actor == nil {
		return ReviewView{}, commons.Unauthenticated()
	}
	if err := a.CloseReview(ctx, id, a.Now()); err != nil {
		return ReviewView{}, err
	}
	r, err := a.Store.Review(ctx, id)
	if err != nil {
		return ReviewView{}, err
	}
	if r.CommunityID != s.Community.ID || !commons.MayReadReview(s.Member, s.Actor.ID, r) {
		return ReviewView{}, commons.NotFound()
	}
	open := r.Outcome == ""
	rv := ReviewView{Review: r, May: ReviewMay{Score: open && commons.MayScoreReview(s.Member, r),
		Answer: open && commons.MayAnswerReview(s.Actor.ID, r)}}
	rv.SubjectPath = commons.PagePath(r.SubjectType, s.Community.Slug, r.SubjectID)
	if !commons.MayKnowReporters(s.Member, r) {
		for i := range rv.Flags {
			rv.Flags[i].FlaggerID, rv.Flags[i].FlaggerName = "", ""
		}
	}
	return rv, nil
}

// Review returns a review, for the community's members and the author.
func (a *App) Review(ctx context.Context, s Scope, id string) (ReviewView, error) {
	return a.reviewFor(ctx, s, id)
}

// Reviews lists a community's reviews for its members, deciding those
// whose period is over.
func (a *App) Reviews(ctx context.Context, s Scope) ([]commons.Review, error) {
	if err := s.RequireMember(); err != nil {
		return nil, err
	}
	rs, err := a.Store.Reviews(ctx, s.Community.ID)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if r.Outcome == "" && !a.Now().Before(r.EndsAt) {
			if err := a.CloseReview(ctx, r.ID, a.Now()); err != nil {
				return nil, err
			}
			if rs[i], err = a.Store.Review(ctx, r.ID); err != nil {
				return nil, err
			}
		}
	}
	// A direct message's review is for its reviewers and author only.
	return slices.DeleteFunc(rs, func(r commons.Review) bool { return !commons.MayReadReview(s.Member, s.Actor.ID, r) }), nil
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
		if err := a.CloseReview(ctx, id, at); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// CloseReview decides a review whose period is over at the given time:
// the outcome of the scores is applied to the content and the author is
// told, in one transaction. A review still open, or closed already, is
// left alone.
func (a *App) CloseReview(ctx context.Context, id string, at time.Time) error {
	r, err := a.Store.Review(ctx, id)
	if err != nil {
		return err
	}
	if r.DecidedAt != nil || at.Before(r.EndsAt) {
		return nil
	}
	outcome := commons.Decide(r.Totals)
	var notes []commons.Notification
	if r.AuthorID != "" {
		notes = append(notes, commons.Notification{UserID: r.AuthorID, CommunityID: r.CommunityID, Kind: commons.NotifyReviewDecided,
			Link: commons.PagePath(commons.SubjectReview, "", r.ID), Args: map[string]string{"Name": r.SubjectName, "Outcome": string(outcome)}})
	}
	return a.Store.CloseReview(ctx, r, outcome, notes)
}

// LatestReview is the latest review of some content of the community, ""
// when it has none: content pages link to it while the content is hidden.
func (a *App) LatestReview(ctx context.Context, s Scope, st commons.SubjectType, id string) (string, error) {
	return a.Store.LatestReview(ctx, s.Community.ID, st, id)
}

// ModerationView is what a content page shows about moderation: whether
// the reader may flag it, and, while it is not visible, where its review is.
type ModerationView struct {
	SubjectType commons.SubjectType
	SubjectID   string
	State       commons.Moderation
	ReviewID    string
	// May.Flag: the flag form is shown on visible content to those
	// commons.MayFlag lets through (hidden content shows its review).
	May struct{ Flag bool }
}

// Moderation answers, for a content page, where the content stands and
// what the reader may do about it.
func (a *App) Moderation(ctx context.Context, s Scope, st commons.SubjectType, id, authorID string, state commons.Moderation) (ModerationView, error) {
	mv := ModerationView{SubjectType: st, SubjectID: id, State: state}
	mv.May.Flag = state == commons.Visible && commons.MayFlag(s.Member, authorID)
	if state != commons.Visible {
		rid, err := a.LatestReview(ctx, s, st, id)
		if err != nil {
			return mv, err
		}
		mv.ReviewID = rid
	}
	return mv, nil
}

// AnswerReview is the author's answer to the flags.
func (a *App) AnswerReview(ctx context.Context, s Scope, id, answer string) error {
	r, err := a.reviewFor(ctx, s, id)
	if err != nil {
		return err
	}
	if !commons.MayAnswerReview(s.Actor.ID, r.Review) {
		return commons.Forbidden()
	}
	answer = strings.TrimSpace(answer)
	var v commons.Validator
	v.Text("answer", answer, true, commons.MaxFlagReasonLen)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.Answer(ctx, r.Review, answer)
}

// ScoreReview records a member's scores of a review's options (see
// commons.MayScoreReview).
func (a *App) ScoreReview(ctx context.Context, s Scope, id string, sc commons.Scores) error {
	r, err := a.reviewFor(ctx, s, id)
	if err != nil {
		return err
	}
	if !commons.MayScoreReview(s.Member, r.Review) {
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
	return a.Store.Score(ctx, r.Review, s.Actor.ID, sc, a.Now())
}

// ShownResource answers not found when the scope's reader may not see a
// resource, as its moderation stands (commons.MaySeeContent).
func (a *App) ShownResource(s Scope, r commons.Resource) error {
	if !commons.MaySeeContent(s.Member, s.ActorID(), r.Moderation, r.AuthorID()) {
		return commons.NotFound()
	}
	return nil
}

// ShownOrganization is ShownResource for an organization.
func (a *App) ShownOrganization(s Scope, o commons.Organization) error {
	if !commons.MaySeeContent(s.Member, s.ActorID(), o.Moderation, o.CreatedBy) {
		return commons.NotFound()
	}
	return nil
}
