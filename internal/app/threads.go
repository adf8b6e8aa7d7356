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

// ThreadView is a thread as one reader sees it: what they may do there.
type ThreadView struct {
	commons.Thread
	Community commons.Community
	// CanPost, CanPin say whether the reader may write and pin here.
	CanPost, CanPin bool
}

// readThread loads a thread for a reader. Members read their community's
// threads; an announcement (a pinned thread) is on the community's public
// home, so anyone may read it.
func (a *App) readThread(ctx context.Context, actor *commons.User, id string) (ThreadView, *commons.Member, error) {
	th, err := a.Store.Thread(ctx, id)
	if err != nil {
		return ThreadView{}, nil, err
	}
	c, err := a.Store.CommunityByID(ctx, th.CommunityID)
	if err != nil {
		return ThreadView{}, nil, err
	}
	m, err := a.Membership(ctx, c.ID, actor)
	if err != nil {
		return ThreadView{}, nil, err
	}
	active := m != nil && m.Status == commons.MemberActive
	if !active && !th.Pinned {
		if actor == nil {
			return ThreadView{}, nil, commons.Unauthenticated()
		}
		return ThreadView{}, nil, commons.Errorf(commons.CodeForbidden, "error.thread.members_only")
	}
	return ThreadView{Thread: th, Community: c, CanPost: commons.Allowed(m, commons.ActionPost),
		CanPin: commons.Allowed(m, commons.ActionPinThread)}, m, nil
}

// Thread returns a thread with its posts.
func (a *App) Thread(ctx context.Context, actor *commons.User, id string) (ThreadView, error) {
	tv, _, err := a.readThread(ctx, actor, id)
	return tv, err
}

// ThreadLink is the page of a thread.
func ThreadLink(slug, id string) string { return "/c/" + slug + "/threads/" + id }

// Threads lists a community's threads for its members, maybe only those
// about one thing.
func (a *App) Threads(ctx context.Context, actor *commons.User, slug string, f store.ThreadFilter, p commons.Page) ([]commons.Thread, string, error) {
	c, err := a.activeMemberOf(ctx, actor, slug)
	if err != nil {
		return nil, "", err
	}
	if f.SubjectType != "" {
		if _, err := a.Store.SubjectName(ctx, c.ID, f.SubjectType, f.SubjectID); err != nil {
			return nil, "", err
		}
	}
	return a.Store.Threads(ctx, c.ID, f, p)
}

// SubjectName returns the name of a thing in the community that can be
// discussed; not found for anything else.
func (a *App) SubjectName(ctx context.Context, c commons.Community, typ commons.SubjectType, id string) (string, error) {
	if !typ.Can(commons.Discussable) {
		return "", commons.NotFound()
	}
	return a.Store.SubjectName(ctx, c.ID, typ, id)
}

// Announcements lists a community's pinned threads, which anyone may read.
func (a *App) Announcements(ctx context.Context, communityID string) ([]commons.Thread, error) {
	ts, _, err := a.Store.Threads(ctx, communityID, store.ThreadFilter{PinnedOnly: true}, commons.Page{Limit: 10})
	return ts, err
}

// ThreadsAbout lists the threads about one thing, for the thing's page:
// nothing for readers who are not active members.
func (a *App) ThreadsAbout(ctx context.Context, actor *commons.User, communityID string, typ commons.SubjectType, id string) ([]commons.Thread, error) {
	m, err := a.Membership(ctx, communityID, actor)
	if err != nil || m == nil || m.Status != commons.MemberActive {
		return nil, err
	}
	ts, _, err := a.Store.Threads(ctx, communityID, store.ThreadFilter{SubjectType: typ, SubjectID: id}, commons.Page{Limit: 20})
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
func (a *App) CreateThread(ctx context.Context, actor *commons.User, slug string, n NewThread) (string, error) {
	c, err := a.Community(ctx, slug)
	if err != nil {
		return "", err
	}
	if _, err := a.authorize(ctx, c, actor, commons.ActionPost); err != nil {
		return "", err
	}
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
	first, err := a.newPost(ctx, actor, c, "", "", n.Body)
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
	p.Link = ThreadLink(c.Slug, threadID) // for a new thread, the store adds its id
	handles := commons.Mentions(body)
	if len(handles) == 0 {
		return p, nil
	}
	members, err := a.Store.ActiveMemberNames(ctx, c.ID)
	if err != nil {
		return p, err
	}
	// Only the community's active members can be mentioned: a handle that
	// is nobody here, or someone outside, tells nobody.
	for _, m := range members {
		if slices.Contains(handles, commons.MentionHandle(m.Name)) {
			p.Mentioned = append(p.Mentioned, m.UserID)
		}
	}
	return p, nil
}

// AddPost writes a post in a thread, maybe answering another post.
func (a *App) AddPost(ctx context.Context, actor *commons.User, threadID, replyTo, body string) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	tv, m, err := a.readThread(ctx, actor, threadID)
	if err != nil {
		return "", err
	}
	if !commons.Allowed(m, commons.ActionPost) {
		return "", commons.Forbidden()
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxPostLen)
	v.Line("reply_to", replyTo, false, 100)
	if err := v.Err(); err != nil {
		return "", err
	}
	p, err := a.newPost(ctx, actor, tv.Community, tv.ID, replyTo, body)
	if err != nil {
		return "", err
	}
	return a.Store.AddPost(ctx, p)
}

// ownPost loads a post for its author, who must still be a member.
func (a *App) ownPost(ctx context.Context, actor *commons.User, postID string) (commons.Post, string, error) {
	if err := requireUser(actor); err != nil {
		return commons.Post{}, "", err
	}
	p, communityID, err := a.Store.Post(ctx, postID)
	if err != nil {
		return p, "", err
	}
	m, err := a.Membership(ctx, communityID, actor)
	if err != nil {
		return p, "", err
	}
	if m == nil || m.Status != commons.MemberActive {
		return p, "", commons.NotFound()
	}
	if p.AuthorID != actor.ID {
		return p, "", commons.Errorf(commons.CodeForbidden, "error.post.not_yours")
	}
	if p.Deleted {
		return p, "", commons.Errorf(commons.CodeConflict, "error.post.deleted")
	}
	return p, communityID, nil
}

// CanEdit reports whether a post's author may still change it.
func (a *App) CanEdit(p commons.Post) bool {
	return !p.Deleted && a.Now().Sub(p.CreatedAt) <= commons.PostEditWindow
}

// EditPost changes the author's own post within the edit window. Mentions
// added by an edit tell nobody: a post is news once.
func (a *App) EditPost(ctx context.Context, actor *commons.User, postID, body string) (commons.Post, error) {
	p, communityID, err := a.ownPost(ctx, actor, postID)
	if err != nil {
		return p, err
	}
	if !a.CanEdit(p) {
		return p, commons.Errorf(commons.CodeForbidden, "error.post.edit_window", "Minutes", int(commons.PostEditWindow.Minutes()))
	}
	body = strings.TrimSpace(body)
	var v commons.Validator
	v.Text("body", body, true, commons.MaxPostLen)
	if err := v.Err(); err != nil {
		return p, err
	}
	if err := a.Store.EditPost(ctx, communityID, postID, body); err != nil {
		return p, err
	}
	p, _, err = a.Store.Post(ctx, postID)
	return p, err
}

// DeletePost removes the author's own post, leaving its place.
func (a *App) DeletePost(ctx context.Context, actor *commons.User, postID string) (commons.Post, error) {
	p, communityID, err := a.ownPost(ctx, actor, postID)
	if err != nil {
		return p, err
	}
	return p, a.Store.DeletePost(ctx, communityID, postID)
}

// PinThread makes a thread an announcement or stops it being one; editors.
func (a *App) PinThread(ctx context.Context, actor *commons.User, threadID string, pinned bool) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	tv, _, err := a.readThread(ctx, actor, threadID)
	if err != nil {
		return err
	}
	if !tv.CanPin {
		return commons.Forbidden()
	}
	return a.Store.PinThread(ctx, tv.CommunityID, tv.ID, actor.ID, pinned)
}
