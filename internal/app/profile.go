package app

import (
	"context"
	"html/template"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// The Learning Community Profile (commons/profile.go): versions of a
// document the community writes together, with evidence computed from
// what it holds — live while a version is a draft, frozen at publication.

// ProfileVersionLink is the page of one version of a community's Profile.
func ProfileVersionLink(c commons.Community, number int) string {
	return "/c/" + c.Slug + "/profile/versions/" + strconv.Itoa(number)
}

// ProfileSectionView is a section as a reader sees it: its text rendered,
// the evidence it shows, and the comments on it.
type ProfileSectionView struct {
	commons.ProfileSection
	// HTML is the section's Markdown, rendered and sanitised.
	HTML template.HTML
	// Blocks are the chosen evidence: frozen at publication, or computed
	// now for a draft (Live).
	Blocks []commons.Evidence
	Live   bool
	// Comments are for readers who may read them (ProfileMay.ReadComments),
	// names blanked by the privacy rule.
	Comments []commons.ProfileComment
}

// ProfileMay answers the rules about one version for the reader.
type ProfileMay struct {
	// Edit: write its sections and publish it (a draft, editors).
	Edit bool
	// Advance: move it to its next phase (NextPhase): the current
	// published version, editors.
	Advance bool
	// Comment on its sections; ReadComments: see them.
	Comment, ReadComments bool
}

// ProfileVersionView is a version of the Profile as a reader sees it.
type ProfileVersionView struct {
	commons.ProfileVersion
	Sections []ProfileSectionView
	// Previous is the number of the version before it, 0 for the first.
	Previous  int
	NextPhase commons.ProfilePhase
	May       ProfileMay
}

// ProfileOverview is the Profile's page: the current published version,
// every version the reader may read, and whether they may open a new one.
type ProfileOverview struct {
	Current  *ProfileVersionView
	Versions []commons.ProfileVersion
	// Draft is the number of the open draft, for its editors (0: none).
	Draft int
	// Open: the reader may open a new version (editors, no draft open).
	Open bool
}

// readableVersions lists the versions the reader may read, latest first.
func (a *App) readableVersions(ctx context.Context, s Scope) ([]commons.ProfileVersion, error) {
	all, err := a.Store.ProfileVersions(ctx, s.Community.ID)
	if err != nil {
		return nil, err
	}
	out := make([]commons.ProfileVersion, 0, len(all))
	for _, v := range all {
		if commons.MayReadProfileVersion(s.Member, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// ProfileVersions lists the versions of the community's Profile the reader
// may read, the latest first: published ones for everyone who reads the
// community's pages, drafts for editors.
func (a *App) ProfileVersions(ctx context.Context, s Scope) ([]commons.ProfileVersion, error) {
	return a.readableVersions(ctx, s)
}

// Profile is the overview of the community's Profile.
func (a *App) Profile(ctx context.Context, s Scope) (ProfileOverview, error) {
	list, err := a.readableVersions(ctx, s)
	if err != nil {
		return ProfileOverview{}, err
	}
	o := ProfileOverview{Versions: list, Open: commons.MayEditProfile(s.Member)}
	for _, v := range list {
		if v.Phase == commons.ProfileDraft {
			o.Draft, o.Open = v.Number, false
		}
	}
	cur, err := a.CurrentProfile(ctx, s)
	switch {
	case err == nil:
		o.Current = &cur
	case commons.CodeOf(err) != commons.CodeNotFound:
		return o, err
	}
	return o, nil
}

// CurrentProfile is the community's current Profile: its latest published
// version, with its sections rendered and its frozen evidence, for any
// page that shows it (the Profile's own, an impact report). Not found
// while nothing is published.
func (a *App) CurrentProfile(ctx context.Context, s Scope) (ProfileVersionView, error) {
	all, err := a.Store.ProfileVersions(ctx, s.Community.ID)
	if err != nil {
		return ProfileVersionView{}, err
	}
	for _, v := range all {
		if v.Phase.Published() {
			return a.ProfileVersion(ctx, s, v.Number)
		}
	}
	return ProfileVersionView{}, commons.NotFound()
}

// ProfileVersion returns one version by its number, to readers who may read
// it (others: not found, as if it did not exist).
func (a *App) ProfileVersion(ctx context.Context, s Scope, number int) (ProfileVersionView, error) {
	v, err := a.profileVersionIn(ctx, s, number)
	if err != nil {
		return ProfileVersionView{}, err
	}
	view := ProfileVersionView{ProfileVersion: v, NextPhase: v.Phase.Next()}
	editor := commons.MayEditProfile(s.Member)
	view.May = ProfileMay{Edit: editor && v.Phase == commons.ProfileDraft, Comment: commons.MayCommentOnProfile(s.Member, v),
		ReadComments: commons.MayReadProfileComments(s.Member, v)}
	all, err := a.Store.ProfileVersions(ctx, s.Community.ID)
	if err != nil {
		return view, err
	}
	latestPublished := 0
	for _, o := range all {
		if o.Number < v.Number && view.Previous == 0 {
			view.Previous = o.Number
		}
		if o.Phase.Published() && latestPublished == 0 {
			latestPublished = o.Number
		}
	}
	view.May.Advance = editor && view.NextPhase != "" && latestPublished == v.Number
	var live map[commons.EvidenceKind]commons.Evidence
	if v.Phase == commons.ProfileDraft {
		if live, err = a.liveEvidence(ctx, s, v); err != nil {
			return view, err
		}
	}
	var comments []commons.ProfileComment
	if view.May.ReadComments {
		if comments, err = a.profileComments(ctx, s, v); err != nil {
			return view, err
		}
	}
	for _, sec := range v.Sections {
		sv := ProfileSectionView{ProfileSection: sec, HTML: a.Markdown.HTML(sec.Body), Blocks: sec.Frozen, Live: live != nil}
		if live != nil {
			for _, k := range sec.Evidence {
				sv.Blocks = append(sv.Blocks, live[k])
			}
		}
		for _, c := range comments {
			if c.Question == sec.Question {
				sv.Comments = append(sv.Comments, c)
			}
		}
		view.Sections = append(view.Sections, sv)
	}
	return view, nil
}

// profileVersionIn finds a version within the community that the reader
// may read.
func (a *App) profileVersionIn(ctx context.Context, s Scope, number int) (commons.ProfileVersion, error) {
	if number < 1 {
		return commons.ProfileVersion{}, commons.NotFound()
	}
	v, err := a.Store.ProfileVersion(ctx, s.Community.ID, number)
	if err != nil {
		return v, err
	}
	if !commons.MayReadProfileVersion(s.Member, v) {
		return v, commons.NotFound()
	}
	return v, nil
}

// liveEvidence computes, once each, the blocks a version's sections chose.
func (a *App) liveEvidence(ctx context.Context, s Scope, v commons.ProfileVersion) (map[commons.EvidenceKind]commons.Evidence, error) {
	var kinds []commons.EvidenceKind
	seen := map[commons.EvidenceKind]bool{}
	for _, sec := range v.Sections {
		for _, k := range sec.Evidence {
			if !seen[k] {
				seen[k] = true
				kinds = append(kinds, k)
			}
		}
	}
	list, err := a.Store.Evidence(ctx, s.Community.ID, kinds, a.Now())
	out := map[commons.EvidenceKind]commons.Evidence{}
	for _, e := range list {
		out[e.Kind] = e
	}
	return out, err
}

// ProfileEvidence computes blocks of evidence now, as a draft shows them.
func (a *App) ProfileEvidence(ctx context.Context, s Scope, kinds []commons.EvidenceKind) ([]commons.Evidence, error) {
	return a.Store.Evidence(ctx, s.Community.ID, kinds, a.Now())
}

func (a *App) profileComments(ctx context.Context, s Scope, v commons.ProfileVersion) ([]commons.ProfileComment, error) {
	list, err := a.Store.ProfileComments(ctx, s.Community.ID, v.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(list))
	for _, c := range list {
		ids = append(ids, c.AuthorID)
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		people.name(list[i].AuthorID, &list[i].AuthorName)
	}
	return list, nil
}

// OpenProfileVersion opens the next version of the Profile as a draft,
// copied from the latest version (or empty, a section per guiding
// question, for the first); editors, while no draft is open.
func (a *App) OpenProfileVersion(ctx context.Context, s Scope) (commons.ProfileVersion, error) {
	if err := s.Require(commons.ActionEditProfile); err != nil {
		return commons.ProfileVersion{}, err
	}
	all, err := a.Store.ProfileVersions(ctx, s.Community.ID)
	if err != nil {
		return commons.ProfileVersion{}, err
	}
	var from commons.ProfileVersion
	if len(all) > 0 {
		if from, err = a.Store.ProfileVersion(ctx, s.Community.ID, all[0].Number); err != nil {
			return commons.ProfileVersion{}, err
		}
	}
	v := commons.ProfileVersion{CommunityID: s.Community.ID, CreatedBy: s.ActorID()}
	for _, q := range commons.ProfileQuestions {
		sec, _ := from.Section(q)
		v.Sections = append(v.Sections, commons.ProfileSection{Question: q, Body: sec.Body, Evidence: sec.Evidence, UpdatedBy: s.ActorID()})
	}
	return a.Store.CreateProfileVersion(ctx, v)
}

// UpdateProfileSection rewrites a section of a draft; editors. A published
// version is a conflict: open a new one.
func (a *App) UpdateProfileSection(ctx context.Context, s Scope, number int, f commons.SectionFields) error {
	if err := s.Require(commons.ActionEditProfile); err != nil {
		return err
	}
	v, err := a.profileVersionIn(ctx, s, number)
	if err != nil {
		return err
	}
	f.Normalize()
	var val commons.Validator
	f.Validate(&val)
	if err := val.Err(); err != nil {
		return err
	}
	if v.Phase != commons.ProfileDraft {
		return commons.Errorf(commons.CodeConflict, "error.profile.not_draft")
	}
	return a.Store.UpdateProfileSection(ctx, s.Community.ID, v.ID, f, s.ActorID())
}

// PublishProfileVersion publishes a draft: Commons computes the evidence
// its sections chose, once, and freezes it in the version; every active
// member but the publisher is told. Editors.
func (a *App) PublishProfileVersion(ctx context.Context, s Scope, number int) (commons.ProfileVersion, error) {
	if err := s.Require(commons.ActionEditProfile); err != nil {
		return commons.ProfileVersion{}, err
	}
	v, err := a.profileVersionIn(ctx, s, number)
	if err != nil {
		return v, err
	}
	if v.Phase != commons.ProfileDraft {
		return v, commons.Errorf(commons.CodeConflict, "error.profile.not_draft")
	}
	live, err := a.liveEvidence(ctx, s, v)
	if err != nil {
		return v, err
	}
	frozen := map[commons.ProfileQuestion][]commons.Evidence{}
	for _, sec := range v.Sections {
		blocks := []commons.Evidence{}
		for _, k := range sec.Evidence {
			blocks = append(blocks, live[k])
		}
		frozen[sec.Question] = blocks
	}
	notes, err := a.profileNotes(ctx, s, commons.NotifyProfilePublished, v.Number)
	if err != nil {
		return v, err
	}
	if err := a.Store.PublishProfileVersion(ctx, s.Community.ID, v.ID, s.ActorID(), frozen, notes); err != nil {
		return v, err
	}
	return a.Store.ProfileVersion(ctx, s.Community.ID, number)
}

// AdvanceProfilePhase moves the current published version to its next
// phase (reviewed → action phase → time-out); editors. Any other move is
// invalid; an older version keeps the phase it ended in. The move goes on
// the community's record and every active member but the editor is told,
// as they are of a publication.
func (a *App) AdvanceProfilePhase(ctx context.Context, s Scope, number int, to commons.ProfilePhase) error {
	if err := s.Require(commons.ActionEditProfile); err != nil {
		return err
	}
	v, err := a.ProfileVersion(ctx, s, number)
	if err != nil {
		return err
	}
	if !v.May.Advance || to != v.NextPhase {
		var val commons.Validator
		val.Fail("phase", commons.Msg("error.profile.phase"))
		return val.Err()
	}
	kind := commons.NotifyProfileAction
	if to == commons.ProfileTimeOut {
		kind = commons.NotifyProfileTimeOut
	}
	notes, err := a.profileNotes(ctx, s, kind, v.Number)
	if err != nil {
		return err
	}
	return a.Store.SetProfilePhase(ctx, s.Community.ID, v.ID, s.ActorID(), v.Phase, to, notes)
}

// profileNotes tells every active member but the actor that a version of
// the Profile moved on: published, into its action phase, into a time-out.
func (a *App) profileNotes(ctx context.Context, s Scope, kind string, number int) ([]commons.Notification, error) {
	members, err := a.Store.MemberIDsWithRole(ctx, s.Community.ID, "")
	if err != nil {
		return nil, err
	}
	var notes []commons.Notification
	for _, id := range members {
		if id != s.ActorID() {
			notes = append(notes, commons.Notification{UserID: id, CommunityID: s.Community.ID, Kind: kind,
				Args: map[string]string{"Community": s.Community.Name, "Number": strconv.Itoa(number)}, Link: ProfileVersionLink(s.Community, number)})
		}
	}
	return notes, nil
}

// CommentOnProfile adds a member's comment to a section of a version they
// may read; the community's editors (but the author) are told.
func (a *App) CommentOnProfile(ctx context.Context, s Scope, number int, question commons.ProfileQuestion, body string) (commons.ProfileComment, error) {
	if s.Actor == nil {
		return commons.ProfileComment{}, commons.Unauthenticated()
	}
	v, err := a.profileVersionIn(ctx, s, number)
	if err != nil {
		return commons.ProfileComment{}, err
	}
	if !commons.MayCommentOnProfile(s.Member, v) {
		return commons.ProfileComment{}, commons.Forbidden()
	}
	body = strings.TrimSpace(body)
	var val commons.Validator
	commons.OneOf(&val, "question", question, commons.ProfileQuestions)
	commons.ValidateProfileComment(&val, body)
	if err := val.Err(); err != nil {
		return commons.ProfileComment{}, err
	}
	editors, err := a.Store.MemberIDsWithRole(ctx, s.Community.ID, commons.RoleEditor)
	if err != nil {
		return commons.ProfileComment{}, err
	}
	var notes []commons.Notification
	for _, id := range editors {
		if id != s.Actor.ID {
			notes = append(notes, commons.Notification{UserID: id, CommunityID: s.Community.ID, Kind: commons.NotifyProfileComment,
				Args: map[string]string{"Who": s.Actor.Name, "Number": strconv.Itoa(v.Number)},
				Link: ProfileVersionLink(s.Community, v.Number) + "#section-" + string(question)})
		}
	}
	c, err := a.Store.AddProfileComment(ctx, commons.ProfileComment{CommunityID: s.Community.ID, VersionID: v.ID, Question: question,
		AuthorID: s.Actor.ID, AuthorName: s.Actor.Name, Body: body}, notes)
	return c, err
}

// ProfileDiffView is what changed in a version against the one before.
type ProfileDiffView struct {
	From, To commons.ProfileVersion
	Sections []commons.SectionDiff
}

// ProfileDiff compares a version with the one before it (the first with
// an empty Profile), section by section; for readers of both.
func (a *App) ProfileDiff(ctx context.Context, s Scope, number int) (ProfileDiffView, error) {
	to, err := a.profileVersionIn(ctx, s, number)
	if err != nil {
		return ProfileDiffView{}, err
	}
	var from commons.ProfileVersion
	if number > 1 {
		if from, err = a.profileVersionIn(ctx, s, number-1); err != nil {
			return ProfileDiffView{}, err
		}
	}
	return ProfileDiffView{From: from, To: to, Sections: commons.DiffProfile(from, to)}, nil
}
