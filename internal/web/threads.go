package web

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// talkPanel is the small list of threads on another page: announcements
// on the community's home, or the threads about a resource or an
// organization on its page.
type talkPanel struct {
	Announcements bool
	Threads       []commons.Thread
	// NewLink starts a thread here, for those who may post.
	NewLink string
}

// announcements is the community home's panel; anyone reads it.
func (w *Web) announcements(r *http.Request, v *view) *talkPanel {
	ts, err := w.App.Announcements(r.Context(), v.Scope)
	if err != nil {
		w.Log.ErrorContext(r.Context(), "announcements", "err", err) // the home page still works without them
	}
	return &talkPanel{Announcements: true, Threads: ts}
}

// talkAbout is the panel of threads about one thing, for its members.
func (w *Web) talkAbout(r *http.Request, v *view, typ commons.SubjectType, id string) *talkPanel {
	if !v.May.ReadMembersOnly {
		return nil
	}
	ts, err := w.App.ThreadsAbout(r.Context(), v.Scope, typ, id)
	if err != nil {
		w.Log.ErrorContext(r.Context(), "threads about", "err", err)
	}
	p := &talkPanel{Threads: ts}
	if v.May.Post {
		p.NewLink = "/c/" + v.Community.Slug + "/threads/new?" + url.Values{"subject_type": {string(typ)}, "subject_id": {id}}.Encode()
	}
	return p
}

type threadsData struct {
	Threads []commons.Thread
	Next    string
}

func (w *Web) threads(r *http.Request, v *view) (string, error) {
	ts, next, err := w.App.Threads(r.Context(), v.Scope, store.ThreadFilter{}, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return "", err
	}
	v.Title, v.Data = v.L.T("threads.title"), threadsData{Threads: ts, Next: next}
	return "threads", nil
}

type newThreadData struct {
	Subject     *commons.ThreadSubject
	SubjectLink string
}

// subjectLink is the page of a thread's subject.
func subjectLink(slug string, s *commons.ThreadSubject) string {
	if s == nil {
		return ""
	}
	sub, err := commons.SubjectOf(s.Type)
	if err != nil {
		return ""
	}
	return sub.Path(slug, s.ID)
}

// threadPath is a thread's page.
func threadPath(v *view, id string) string {
	sub, _ := commons.SubjectOf(commons.SubjectThread) // a kind of the registry: no error
	return sub.Path(v.Community.Slug, id)
}

// newThreadPage is the form to start a thread, maybe about a thing named
// in the query; shown again, with its problems, when refused.
func (w *Web) newThreadPage(r *http.Request, v *view) (string, error) {
	if !v.May.Post {
		return "", forbiddenOrSignIn(v)
	}
	f := v.Form
	if f == nil {
		q := r.URL.Query()
		f = &form{Values: url.Values{"subject_type": {q.Get("subject_type")}, "subject_id": {q.Get("subject_id")}}, Errors: map[string]string{}}
	}
	var d newThreadData
	if typ, id := commons.SubjectType(f.Get("subject_type")), f.Get("subject_id"); typ != "" {
		name, err := w.App.SubjectName(r.Context(), v.Scope, typ, id)
		if err != nil {
			return "", err
		}
		d.Subject = &commons.ThreadSubject{Type: typ, ID: id, Name: name}
		d.SubjectLink = subjectLink(v.Community.Slug, d.Subject)
	}
	v.Title, v.Form, v.Data = v.L.T("threads.new"), f, d
	return "thread_new", nil
}

func (w *Web) createThread(r *http.Request, v *view, f *form) (done, error) {
	id, err := w.App.CreateThread(r.Context(), v.Scope, app.NewThread{Title: f.Get("title"), Body: f.Get("body"),
		SubjectType: commons.SubjectType(f.Get("subject_type")), SubjectID: f.Get("subject_id")})
	return done{To: threadPath(v, id), Flash: "flash.thread_started"}, err
}

// postRow is a post as the thread page shows it, with what the reader
// may do with it (the use case's answer).
type postRow struct {
	commons.Post
	HTML      template.HTML
	ReplyName string // the author of the post this one answers
	May       commons.PostMay
	Editing   bool
}

type threadData struct {
	Thread      app.ThreadView
	SubjectLink string
	Posts       []postRow
	ReplyTo     *postRow
	// Live: the page follows the thread's stream and fetches its posts
	// again when they change (with JavaScript; a reload does the same).
	// Since is the latest change shown, for the stream to start from.
	Live  bool
	Since string
	// Moderation offers the report form.
	Moderation moderationView
}

// thread shows a thread; shown again, with the problems, when a post or
// an edit is refused.
func (w *Web) thread(r *http.Request, v *view) (string, error) {
	tv, err := w.App.Thread(r.Context(), v.Scope, r.PathValue("id"))
	if err != nil {
		return "", err
	}
	f := v.Form
	if f == nil {
		f = &form{Values: url.Values{"reply_to": {r.URL.Query().Get("reply_to")}}, Errors: map[string]string{}}
	}
	editing := f.Get("edit")
	if editing == "" {
		editing = r.URL.Query().Get("edit")
	}
	if editing == "" && len(tv.Posts) > 0 { // an author edits their own words, not a translation
		first := &tv.Posts[0].Body
		v.Content = w.contentIn(r, v, commons.SubjectThread, tv.ID, v.User != nil && (tv.AuthorID == v.User.ID || tv.May.Pin), &tv.Title, first)
	}
	d := threadData{Thread: tv, SubjectLink: subjectLink(v.Community.Slug, tv.Subject)}
	if d.Moderation, err = w.moderationView(r, v, commons.SubjectThread, tv.ID, tv.AuthorID, commons.Visible); err != nil {
		return "", err
	}
	names := map[string]string{}
	for _, p := range tv.Posts {
		names[p.ID] = v.Person(p.AuthorID, p.AuthorName)
	}
	// Times read in the community's own zone, as its calendars do.
	loc, err := time.LoadLocation(v.Community.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	var latest time.Time
	for _, p := range tv.Posts {
		if at := p.ChangedAt(); at.After(latest) {
			latest = at
		}
		p.CreatedAt = p.CreatedAt.In(loc)
		row := postRow{Post: p, ReplyName: names[p.ReplyTo], May: tv.PostMay[p.ID]}
		if !p.Deleted {
			row.HTML = w.App.Markdown.HTML(p.Body)
		}
		row.Editing = row.May.Edit && editing == p.ID
		d.Posts = append(d.Posts, row)
		if p.ID == f.Get("reply_to") && !p.Deleted {
			r := row
			d.ReplyTo = &r
		}
	}
	// Not while a post is being edited: fetching the posts again would
	// take the half-edited text away. The header's stream script is there
	// for signed-in readers only.
	d.Live = v.User != nil && !v.NoHTMX && editing == ""
	d.Since = latest.UTC().Format(time.RFC3339Nano)
	v.Title, v.Form, v.Data = tv.Title, f, d
	return "thread", nil
}

func (w *Web) addPost(r *http.Request, v *view, f *form) (done, error) {
	id := r.PathValue("id")
	_, err := w.App.AddPost(r.Context(), v.Scope, id, f.Get("reply_to"), f.Get("body"))
	return done{To: threadPath(v, id) + "#end", Flash: "flash.posted"}, err
}

func (w *Web) editPost(r *http.Request, v *view, f *form) (done, error) {
	post := r.PathValue("post")
	if _, err := w.App.EditPost(r.Context(), v.Scope, post, f.Get("body")); err != nil {
		f.Values.Set("edit", post) // shown again, the post still being edited
		return done{}, err
	}
	return done{To: threadPath(v, r.PathValue("id")) + "#post-" + post, Flash: "flash.saved"}, nil
}

func (w *Web) deletePost(r *http.Request, v *view, _ *form) (done, error) {
	post := r.PathValue("post")
	_, err := w.App.DeletePost(r.Context(), v.Scope, post)
	return done{To: threadPath(v, r.PathValue("id")) + "#post-" + post, Flash: "flash.post_deleted"}, err
}

func (w *Web) pinThread(r *http.Request, v *view, f *form) (done, error) {
	pinned := f.Get("pinned") == "true"
	err := w.App.PinThread(r.Context(), v.Scope, r.PathValue("id"), pinned)
	flash := "flash.unpinned"
	if pinned {
		flash = "flash.pinned"
	}
	return done{To: threadPath(v, r.PathValue("id")), Flash: flash}, err
}

// muteThread stops or resumes the reader's notifications of a thread.
func (w *Web) muteThread(r *http.Request, v *view, f *form) (done, error) {
	mute := f.Get("mute") == "true"
	err := w.App.MuteThread(r.Context(), v.Scope, r.PathValue("id"), mute)
	flash := "flash.thread_unmuted"
	if mute {
		flash = "flash.thread_muted"
	}
	return done{To: threadPath(v, r.PathValue("id")), Flash: flash}, err
}

// routesThreadMute adds the thread page's "stop notifications" form.
func (w *Web) routesThreadMute(m router) {
	m.Form("POST /c/{slug}/threads/{id}/notifications", w.muteThread, nil)
}

// threadRoutes adds the pages of threads and direct messages.
func (w *Web) threadRoutes(m router) {
	m.Page("GET /c/{slug}/threads", w.threads)
	m.Page("GET /c/{slug}/threads/new", w.newThreadPage)
	m.Form("POST /c/{slug}/threads/new", w.createThread, w.newThreadPage)
	m.Page("GET /c/{slug}/threads/{id}", w.thread)
	m.Form("POST /c/{slug}/threads/{id}", w.addPost, w.thread)
	m.Form("POST /c/{slug}/threads/{id}/pin", w.pinThread, nil)
	m.Form("POST /c/{slug}/threads/{id}/posts/{post}/edit", w.editPost, w.thread)
	m.Form("POST /c/{slug}/threads/{id}/posts/{post}/delete", w.deletePost, nil)
	m.Page("GET /messages", w.conversations)
	m.Page("GET /messages/new", w.newMessagePage)
	m.Form("POST /messages/new", w.sendMessage, w.newMessagePage)
	m.Page("GET /messages/{id}", w.conversation)
	m.Form("POST /messages/{id}", w.reply, w.conversation)
	m.Form("POST /people/{user_id}/block", w.block, nil)
	m.Form("POST /people/{user_id}/unblock", w.unblock, nil)
}
