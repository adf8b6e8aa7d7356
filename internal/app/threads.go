package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// DefaultFlood lets a person write ten posts or messages a minute: more
// than anyone types, fewer than a script sends.
var DefaultFlood = store.Flood{Posts: 10, Window: time.Minute}

// ThreadView is a thread as one reader sees it: what they may do there
// and with each post (the rules of commons.MayOfThread and MayOfPost).
type ThreadView struct {
	commons.Thread
	Community commons.Community
	May       commons.ThreadMay
	// PostMay answers, by post id, what the reader may do with each post.
	PostMay map[string]commons.PostMay
	// MayMute: the reader is a member, whom the thread's posts may notify,
	// so they may stop (or resume) its notifications; Muted: they did.
	MayMute, Muted bool
}

// threadIn loads a thread of the scope's community for its reader.
// Members read their community's threads; an announcement (a pinned
// thread) is on the community's public home, so anyone may read it.
func (a *App) threadIn(ctx context.Context, s Scope, id string) (commons.Thread, error) {
	th, err := a.Store.Thread(ctx, id)
	if err != nil {
		return th, err
	}
	if th.CommunityID != s.Community.ID {
		return commons.Thread{}, commons.NotFound()
	}
	if !s.May.ReadMembersOnly && !th.Pinned {
		if s.Actor == nil {
			return commons.Thread{}, commons.Unauthenticated()
		}
		return commons.Thread{}, commons.Errorf(commons.CodeForbidden, "error.thread.members_only")
	}
	return th, nil
}

// Thread returns a thread with its posts.
func (a *App) Thread(ctx context.Context, s Scope, id string) (ThreadView, error) {
	th, err := a.threadIn(ctx, s, id)
	if err != nil {
		return ThreadView{}, err
	}
	if err := a.hideThread(ctx, s, &th); err != nil {
		return ThreadView{}, err
	}
	tv := ThreadView{Thread: th, Community: s.Community, May: commons.MayOfThread(s.Member), PostMay: map[string]commons.PostMay{}}
	now := a.Now()
	for _, p := range th.Posts {
		tv.PostMay[p.ID] = commons.MayOfPost(s.Member, s.ActorID(), p, now)
	}
	if tv.MayMute = s.Actor != nil && s.RequireMember() == nil; tv.MayMute {
		if tv.Muted, err = a.Store.ThreadMuted(ctx, s.Community.ID, th.ID, s.Actor.ID); err != nil {
			return ThreadView{}, err
		}
	}
	return tv, nil
}

// MuteThread stops (mute) or resumes the reader's notifications of a
// thread: new posts and replies there no longer notify them, a mention by
// name still does (commons.PostAudience). Members only, as only members
// are notified; doing it twice changes nothing.
func (a *App) MuteThread(ctx context.Context, s Scope, threadID string, mute bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	if err := s.RequireMember(); err != nil {
		return err
	}
	th, err := a.threadIn(ctx, s, threadID)
	if err != nil {
		return err
	}
	return a.Store.MuteThread(ctx, s.Community.ID, th.ID, s.Actor.ID, mute)
}

// Threads lists a community's threads for its members, maybe only those
// about one thing.
func (a *App) Threads(ctx context.Context, s Scope, f store.ThreadFilter, p commons.Page) ([]commons.Thread, string, error) {
	if err := s.RequireMember(); err != nil {
		return nil, "", err
	}
	if f.SubjectType != "" {
		if _, err := a.Store.SubjectName(ctx, s.Community.ID, f.SubjectType, f.SubjectID); err != nil {
			return nil, "", err
		}
	}
	return a.Store.Threads(ctx, s.Community.ID, f, p)
}

// SubjectName returns the name of a thing in the community that can be
// discussed; not found for anything else.
func (a *App) SubjectName(ctx context.Context, s Scope, typ commons.SubjectType, id string) (string, error) {
	if !typ.Can(commons.Discussable) {
		return "", commons.NotFound()
	}
	return a.Store.SubjectName(ctx, s.Community.ID, typ, id)
}

// Announcements lists a community's pinned threads, which anyone may read.
func (a *App) Announcements(ctx context.Context, s Scope) ([]commons.Thread, error) {
	ts, _, err := a.Store.Threads(ctx, s.Community.ID, store.ThreadFilter{PinnedOnly: true}, commons.Page{Limit: 10})
	if err != nil {
		return nil, err
	}
	return ts, a.hideThreads(ctx, s, ts)
}

// ThreadsAbout lists the threads about one thing, for the thing's page:
// nothing for readers who are not active members.
func (a *App) ThreadsAbout(ctx context.Context, s Scope, typ commons.SubjectType, id string) ([]commons.Thread, error) {
	if !s.May.ReadMembersOnly {
		return nil, nil
	}
	ts, _, err := a.Store.Threads(ctx, s.Community.ID, store.ThreadFilter{SubjectType: typ, SubjectID: id}, commons.Page{Limit: 20})
	return ts, err
}

// NewThread is what a person writes to start a thread.
type NewThread struct {
	Title, Body string
	// SubjectType and SubjectID tie the thread to a thing in the community.
	SubjectType commons.SubjectType
	SubjectID   string
}

// CreateThread starts a thread with its first post.
func (a *App) CreateThread(ctx context.Context, s Scope, n NewThread) (string, error) {
	if err := s.Require(commons.ActionPost); err != nil {
		return "", err
	}
	c := s.Community
	n.Title, n.Body = strings.TrimSpace(n.Title), strings.TrimSpace(n.Body)
	n.SubjectType, n.SubjectID = commons.SubjectType(strings.TrimSpace(string(n.SubjectType))), strings.TrimSpace(n.SubjectID)
	var v commons.Validator
	v.Line("title", n.Title, true, commons.MaxThreadTitleLen)
	v.Text("body", n.Body, true, commons.MaxPostLen)
	var subject *commons.ThreadSubject
	switch {
	case n.SubjectType == "" && n.SubjectID == "":
	case !n.SubjectType.Can(commons.Discussable):
		commons.OneOf(&v, "subject.type", n.SubjectType, commons.SubjectTypes(commons.Discussable))
	default:
		name, err := a.Store.SubjectName(ctx, c.ID, n.SubjectType, n.SubjectID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			v.Fail("subject.id", commons.Msg("error.thread.no_subject"))
		} else if err != nil {
			return "", err
		}
		subject = &commons.ThreadSubject{Type: n.SubjectType, ID: n.SubjectID, Name: name}
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	first, err := a.newPost(ctx, s.Actor, c, "", "", n.Body)
	if err != nil {
		return "", err
	}
	id, err := a.Store.CreateThread(ctx, store.NewThread{Title: n.Title, Subject: subject, First: first})
	return id, err
}

// newPost prepares a post: whom it mentions, where it leads, its limit.
func (a *App) newPost(ctx context.Context, actor *commons.User, c commons.Community, threadID, replyTo, body string) (store.NewPost, error) {
	p := store.NewPost{CommunityID: c.ID, ThreadID: threadID, AuthorID: actor.ID, AuthorName: actor.Name, ReplyTo: replyTo,
		Body: body, Flood: a.Flood}
	p.Link = commons.PagePath(commons.SubjectThread, c.Slug, threadID) // for a new thread, the store adds its id
	var mentioned []string
	if handles := commons.Mentions(body); len(handles) > 0 {
		members, err := a.Store.ActiveMemberNames(ctx, c.ID)
		if err != nil {
			return p, err
		}
		// Only the community's active members can be mentioned: a handle
		// that is nobody here, or someone outside, tells nobody.
		for _, m := range members {
			if slices.Contains(handles, commons.MentionHandle(m.Name)) {
				mentioned = append(mentioned, m.UserID)
			}
		}
	}
	// Who is told is decided here, by the domain's rule, from what the
	// post's transaction knows; the store writes it in that transaction.
	p.Notify = func(link string, f commons.PostFacts) []commons.Notification {
		var out []commons.Notification
		for _, h := range commons.PostAudience(actor.ID, mentioned, f) {
			out = append(out, commons.Notification{UserID: h.UserID, CommunityID: c.ID, Kind: h.Kind,
				Link: link + "#post-" + f.PostID, Args: map[string]string{"Name": actor.Name, "Title": f.ThreadTitle}})
		}
		return out
	}
	return p, nil
}

// AddPost writes a post in a thread, maybe answering another post.
func (a *App) AddPost(ctx context.Context, s Scope, threadID, replyTo, body string) (string, error) {
	if s.Actor == nil {
		return "", commons.Unauthenticated()
	}
	th, err := a.threadIn(ctx, s, threadID)
	if err != nil {
		return "", err
	}
	if !commons.MayOfThread(s.Member).Reply {
		return "", commons.Forbidden()
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxPostLen)
	v.Line("reply_to", replyTo, false, 100)
	if err := v.Err(); err != nil {
		return "", err
	}
	p, err := a.newPost(ctx, s.Actor, s.Community, th.ID, replyTo, body)
	if err != nil {
		return "", err
	}
	return a.Store.AddPost(ctx, p)
}

// postIn loads a post of the scope's community.
func (a *App) postIn(ctx context.Context, s Scope, postID string) (commons.Post, error) {
	p, communityID, err := a.Store.Post(ctx, postID)
	if err == nil && communityID != s.Community.ID {
		return commons.Post{}, commons.NotFound()
	}
	return p, err
}

// Post returns one post to a person who may read its thread.
func (a *App) Post(ctx context.Context, s Scope, postID string) (commons.Post, error) {
	p, err := a.postIn(ctx, s, postID)
	if err != nil {
		return p, err
	}
	if _, err := a.threadIn(ctx, s, p.ThreadID); err != nil {
		return commons.Post{}, err
	}
	th := commons.Thread{Posts: []commons.Post{p}}
	return th.Posts[0], a.hideThread(ctx, s, &th)
}

// ownPost loads a post for a change by the rule refusal gives.
func (a *App) ownPost(ctx context.Context, s Scope, postID string, refusal func(commons.Post) error) (commons.Post, error) {
	if s.Actor == nil {
		return commons.Post{}, commons.Unauthenticated()
	}
	p, err := a.postIn(ctx, s, postID)
	if err != nil {
		return p, err
	}
	return p, refusal(p)
}

// EditPost changes the author's own post within the edit window
// (commons.EditPostRefusal). Mentions added by an edit tell nobody: a post
// is news once.
func (a *App) EditPost(ctx context.Context, s Scope, postID, body string) (commons.Post, error) {
	p, err := a.ownPost(ctx, s, postID, func(p commons.Post) error {
		return commons.EditPostRefusal(s.Member, s.ActorID(), p, a.Now())
	})
	if err != nil {
		return p, err
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxPostLen)
	if err := v.Err(); err != nil {
		return p, err
	}
	if err := a.Store.EditPost(ctx, s.Community.ID, postID, body); err != nil {
		return p, err
	}
	p, _, err = a.Store.Post(ctx, postID)
	return p, err
}

// DeletePost removes the author's own post, leaving its place
// (commons.ChangePostRefusal).
func (a *App) DeletePost(ctx context.Context, s Scope, postID string) (commons.Post, error) {
	p, err := a.ownPost(ctx, s, postID, func(p commons.Post) error {
		return commons.ChangePostRefusal(s.Member, s.ActorID(), p)
	})
	if err != nil {
		return p, err
	}
	return p, a.Store.DeletePost(ctx, s.Community.ID, postID)
}

// PinThread makes a thread an announcement or stops it being one; editors.
func (a *App) PinThread(ctx context.Context, s Scope, threadID string, pinned bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	th, err := a.threadIn(ctx, s, threadID)
	if err != nil {
		return err
	}
	if !commons.MayOfThread(s.Member).Pin {
		return commons.Forbidden()
	}
	return a.Store.PinThread(ctx, s.Community.ID, th.ID, s.Actor.ID, pinned)
}
