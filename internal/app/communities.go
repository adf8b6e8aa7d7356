package app

import (
	"context"
	"reflect"
	"strconv"
	"strings"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
)

// CreateCommunity starts a community with the actor as its first member,
// holding every role.
func (a *App) CreateCommunity(ctx context.Context, actor *commons.User, n commons.NewCommunity) (commons.Community, error) {
	if err := requireUser(actor); err != nil {
		return commons.Community{}, err
	}
	if err := a.mayStartCommunity(ctx, actor); err != nil {
		return commons.Community{}, err
	}
	lang := actor.Locale
	if lang == "" {
		lang = i18n.Fallback
	}
	n.Normalize(lang)
	var v commons.Validator
	n.Validate(&v)
	if err := v.Err(); err != nil {
		return commons.Community{}, err
	}
	c, err := a.Store.CreateCommunity(ctx, n, actor.ID)
	if err == nil {
		a.logRoleChanges(ctx, c.ID, actor.ID, "founding", nil, a.memberRoles(ctx, c.ID, actor.ID))
	}
	return c, err
}

// Community returns a community by its slug.
func (a *App) Community(ctx context.Context, slug string) (commons.Community, error) {
	return a.Store.CommunityBySlug(ctx, slug)
}

// Communities lists every community on this installation.
func (a *App) Communities(ctx context.Context, p commons.Page) ([]commons.Community, string, error) {
	return a.Store.ListCommunities(ctx, p)
}

// Membership returns the actor's membership in a community, or nil for a
// visitor or a person who has not joined.
func (a *App) Membership(ctx context.Context, communityID string, actor *commons.User) (*commons.Member, error) {
	if actor == nil {
		return nil, nil
	}
	m, err := a.Store.Member(ctx, communityID, actor.ID)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// CommunitySettings returns the community's settings for an editor to
// change; editors only.
func (a *App) CommunitySettings(ctx context.Context, s Scope) (commons.Community, error) {
	return s.Community, s.Require(commons.ActionEditCommunity)
}

// UpdateCommunity changes a community's settings; editors only.
func (a *App) UpdateCommunity(ctx context.Context, s Scope, ch commons.CommunityChange) (commons.Community, error) {
	c := s.Community
	if err := s.Require(commons.ActionEditCommunity); err != nil {
		return c, err
	}
	before := c
	var v commons.Validator
	ch.Apply(&c, &v)
	if err := v.Err(); err != nil {
		return c, err
	}
	if reflect.DeepEqual(before, c) {
		return c, nil // nothing changed: nothing to save or put on the record
	}
	return c, a.Store.UpdateCommunity(ctx, c, s.Actor.ID, commons.KeepsEveryRole)
}

// Join makes the actor a member, or files an application where the
// community asks for one. It returns the membership's status.
func (a *App) Join(ctx context.Context, s Scope, application string, answers []string) (commons.MembershipStatus, error) {
	if s.Actor == nil {
		return "", commons.Unauthenticated()
	}
	c := s.Community
	application = strings.TrimSpace(application)
	var v commons.Validator
	v.Text("application", application, false, commons.MaxApplicationLen)
	status := commons.MemberActive
	if c.RequiresApplication {
		status = commons.MemberPending
		// Each of the community's questions wants an answer.
		if len(answers) > len(c.ApplicationQuestions) {
			answers = answers[:len(c.ApplicationQuestions)]
		}
		for i := range c.ApplicationQuestions {
			ans := ""
			if i < len(answers) {
				ans = strings.TrimSpace(answers[i])
			}
			v.Text("answers."+strconv.Itoa(i), ans, true, commons.MaxApplicationLen)
			if i < len(answers) {
				answers[i] = ans
			} else {
				answers = append(answers, ans)
			}
		}
	} else {
		answers = nil
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	return status, a.Store.Join(ctx, c.ID, s.Actor.ID, status, application, answers)
}

// DecideApplication admits or declines an applicant; editors only.
func (a *App) DecideApplication(ctx context.Context, s Scope, userID string, admit bool) error {
	if err := s.Require(commons.ActionDecideApplications); err != nil {
		return err
	}
	return a.Store.DecideApplication(ctx, s.Community.ID, userID, admit, s.Actor.ID)
}

// MemberView is one member as a reader sees them, with what the reader
// may do to them.
type MemberView struct {
	commons.Member
	// Newcomer: the member has joined and is not yet vouched for.
	Newcomer bool
	May      MemberMay
	// Moderation: where the person stands after reports of them, and
	// whether the reader may report them.
	Moderation ModerationView
}

// MemberMay answers the rules about one member for the reader.
type MemberMay struct {
	// Vouch: the reader may give (or take back) trust for a role.
	Vouch bool
}

// Member returns one member of a community. Applicants are shown to
// themselves and to those who read applications; to others they do not
// exist.
func (a *App) Member(ctx context.Context, s Scope, userID string) (MemberView, error) {
	m, err := a.Store.Member(ctx, s.Community.ID, userID)
	if err != nil {
		return MemberView{}, err
	}
	if m.Status != commons.MemberActive && s.ActorID() != userID && !s.May.ViewApplications {
		return MemberView{}, commons.NotFound()
	}
	// A person who keeps their profile to the community is not there for
	// anyone else, as if the page did not exist (commons.MayShowPerson).
	if !commons.MayShowPerson(s.May.ReadMembersOnly, s.ActorID(), userID, m.Public) {
		return MemberView{}, commons.NotFound()
	}
	// A person hidden after reports is out of sight as hidden content is,
	// but for those who review them; their own page stays theirs whatever
	// the review decided (it is where they leave the community).
	if s.ActorID() != userID && !commons.MaySeeContent(s.Member, s.ActorID(), m.Moderation, m.UserID) {
		return MemberView{}, commons.NotFound()
	}
	mod, err := a.Moderation(ctx, s, commons.SubjectPerson, m.UserID, m.UserID, m.Moderation)
	if err != nil {
		return MemberView{}, err
	}
	return MemberView{Member: m, Newcomer: m.HasRole(commons.RoleNewcomer), May: MemberMay{Vouch: commons.MayVouchFor(s.Member, m)},
		Moderation: mod}, nil
}

// Members lists a community's active members: all of them to its
// members, to everyone else those who chose a public profile there
// (commons.MayShowPerson).
func (a *App) Members(ctx context.Context, s Scope, p commons.Page) ([]commons.Member, string, error) {
	if !s.May.ReadMembersOnly {
		return a.Store.PublicMembers(ctx, s.Community.ID, p)
	}
	return a.Store.Members(ctx, s.Community.ID, commons.MemberActive, p)
}

// Applications lists the applications that wait, for those who read
// them (members comment, editors decide).
func (a *App) Applications(ctx context.Context, s Scope, p commons.Page) ([]commons.Member, string, error) {
	if err := s.Require(commons.ActionViewApplications); err != nil {
		return nil, "", err
	}
	return a.Store.Members(ctx, s.Community.ID, commons.MemberPending, p)
}

// CommentOnApplication adds a member's remark to a waiting application,
// for the editors who decide it.
func (a *App) CommentOnApplication(ctx context.Context, s Scope, applicantID, body string) error {
	if err := s.Require(commons.ActionViewApplications); err != nil {
		return err
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxApplicationLen)
	if err := v.Err(); err != nil {
		return err
	}
	return a.Store.CommentOnApplication(ctx, s.Community.ID, applicantID, s.Actor.ID, body)
}

// Record returns a community's record of privileged acts, for its members.
func (a *App) Record(ctx context.Context, s Scope, p commons.Page) ([]commons.LogEntry, string, error) {
	if err := s.RequireMember(); err != nil {
		return nil, "", err
	}
	return a.Store.CommunityLog(ctx, s.Community.ID, p)
}
