package web

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
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
	ts, err := w.App.Announcements(r.Context(), v.Community.ID)
	if err != nil {
		w.Log.ErrorContext(r.Context(), "announcements", "err", err) // the home page still works without them
	}
	return &talkPanel{Announcements: true, Threads: ts}
}

// talkAbout is the panel of threads about one thing, for its members.
func (w *Web) talkAbout(r *http.Request, v *view, typ commons.SubjectType, id string) *talkPanel {
	if !v.IsMember() {
		return nil
	}
	ts, err := w.App.ThreadsAbout(r.Context(), v.User, v.Community.ID, typ, id)
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

func (w *Web) threads(rw http.ResponseWriter, r *http.Request) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	ts, next, err := w.App.Threads(r.Context(), v.User, v.Community.Slug, store.ThreadFilter{}, commons.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	v.Title, v.Data = v.L.T("threads.title"), threadsData{Threads: ts, Next: next}
	w.render(rw, r, http.StatusOK, "threads", v)
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

func (w *Web) newThreadPage(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	w.renderNewThread(rw, r, http.StatusOK, &form{Values: url.Values{"subject_type": {q.Get("subject_type")}, "subject_id": {q.Get("subject_id")}}}, nil)
}

func (w *Web) renderNewThread(rw http.ResponseWriter, r *http.Request, status int, f *form, cause error) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if !v.May.Post {
		w.Fail(rw, r, forbiddenOrSignIn(v))
		return
	}
	var d newThreadData
	if typ, id := commons.SubjectType(f.Get("subject_type")), f.Get("subject_id"); typ != "" {
		name, err := w.App.SubjectName(r.Context(), *v.Community, typ, id)
		if err != nil {
			w.Fail(rw, r, err)
			return
		}
		d.Subject = &commons.ThreadSubject{Type: typ, ID: id, Name: name}
		d.SubjectLink = subjectLink(v.Community.Slug, d.Subject)
	}
	if cause != nil && !formFailed(f, cause, v.L) {
		w.Fail(rw, r, cause)
		return
	}
	v.Title, v.Form, v.Data = v.L.T("threads.new"), f, d
	w.render(rw, r, status, "thread_new", v)
}

func (w *Web) createThread(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug := r.PathValue("slug")
	id, err := w.App.CreateThread(r.Context(), reqctx.User(r.Context()), slug, app.NewThread{Title: f.Get("title"), Body: f.Get("body"),
		SubjectType: commons.SubjectType(f.Get("subject_type")), SubjectID: f.Get("subject_id")})
	if err != nil {
		w.renderNewThread(rw, r, commons.CodeOf(err).Status(), f, err)
		return
	}
	redirect(rw, r, app.ThreadLink(slug, id), "flash.thread_started")
}

// postRow is a post as the thread page shows it.
type postRow struct {
	commons.Post
	HTML      template.HTML
	ReplyName string // the author of the post this one answers
	Mine      bool
	CanEdit   bool
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
}

func (w *Web) thread(rw http.ResponseWriter, r *http.Request) {
	w.renderThread(rw, r, http.StatusOK, nil, nil)
}

// renderThread shows a thread; f and cause are a refused post or edit.
func (w *Web) renderThread(rw http.ResponseWriter, r *http.Request, status int, f *form, cause error) {
	v, err := w.communityView(r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	tv, err := w.App.Thread(r.Context(), v.User, r.PathValue("id"))
	if err == nil && tv.CommunityID != v.Community.ID {
		err = commons.NotFound()
	}
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	if f == nil {
		f = &form{Values: url.Values{"reply_to": {r.URL.Query().Get("reply_to")}}, Errors: map[string]string{}}
	}
	if cause != nil && !formFailed(f, cause, v.L) {
		w.Fail(rw, r, cause)
		return
	}
	editing := f.Get("edit")
	if editing == "" {
		editing = r.URL.Query().Get("edit")
	}
	d := threadData{Thread: tv, SubjectLink: subjectLink(v.Community.Slug, tv.Subject)}
	names := map[string]string{}
	for _, p := range tv.Posts {
		names[p.ID] = p.AuthorName
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
		row := postRow{Post: p, ReplyName: names[p.ReplyTo], Mine: v.User != nil && p.AuthorID == v.User.ID && !p.Deleted}
		if !p.Deleted {
			row.HTML = w.App.Markdown.HTML(p.Body)
		}
		row.CanEdit = row.Mine && w.App.CanEdit(p)
		row.Editing = row.CanEdit && editing == p.ID
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
	w.render(rw, r, status, "thread", v)
}

func (w *Web) addPost(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	slug, id := r.PathValue("slug"), r.PathValue("id")
	if _, err := w.App.AddPost(r.Context(), reqctx.User(r.Context()), id, f.Get("reply_to"), f.Get("body")); err != nil {
		w.renderThread(rw, r, commons.CodeOf(err).Status(), f, err)
		return
	}
	redirect(rw, r, app.ThreadLink(slug, id)+"#end", "flash.posted")
}

func (w *Web) editPost(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	post := r.PathValue("post")
	if _, err := w.App.EditPost(r.Context(), reqctx.User(r.Context()), post, f.Get("body")); err != nil {
		f.Values.Set("edit", post)
		w.renderThread(rw, r, commons.CodeOf(err).Status(), f, err)
		return
	}
	redirect(rw, r, app.ThreadLink(r.PathValue("slug"), r.PathValue("id"))+"#post-"+post, "flash.saved")
}

func (w *Web) deletePost(rw http.ResponseWriter, r *http.Request) {
	if _, err := parseForm(rw, r); err != nil {
		w.Fail(rw, r, err)
		return
	}
	post := r.PathValue("post")
	if _, err := w.App.DeletePost(r.Context(), reqctx.User(r.Context()), post); err != nil {
		w.Fail(rw, r, err)
		return
	}
	redirect(rw, r, app.ThreadLink(r.PathValue("slug"), r.PathValue("id"))+"#post-"+post, "flash.post_deleted")
}

func (w *Web) pinThread(rw http.ResponseWriter, r *http.Request) {
	f, err := parseForm(rw, r)
	if err != nil {
		w.Fail(rw, r, err)
		return
	}
	pinned := f.Get("pinned") == "true"
	if err := w.App.PinThread(r.Context(), reqctx.User(r.Context()), r.PathValue("id"), pinned); err != nil {
		w.Fail(rw, r, err)
		return
	}
	flash := "flash.unpinned"
	if pinned {
		flash = "flash.pinned"
	}
	redirect(rw, r, app.ThreadLink(r.PathValue("slug"), r.PathValue("id")), flash)
}

// threadRoutes adds the pages of threads and direct messages.
func (w *Web) threadRoutes(m router) {
	m.HandleFunc("GET /c/{slug}/threads", w.threads)
	m.HandleFunc("GET /c/{slug}/threads/new", w.newThreadPage)
	m.HandleFunc("POST /c/{slug}/threads/new", w.createThread)
	m.HandleFunc("GET /c/{slug}/threads/{id}", w.thread)
	m.HandleFunc("POST /c/{slug}/threads/{id}", w.addPost)
	m.HandleFunc("POST /c/{slug}/threads/{id}/pin", w.pinThread)
	m.HandleFunc("POST /c/{slug}/threads/{id}/posts/{post}/edit", w.editPost)
	m.HandleFunc("POST /c/{slug}/threads/{id}/posts/{post}/delete", w.deletePost)
	m.HandleFunc("GET /messages", w.conversations)
	m.HandleFunc("GET /messages/new", w.newMessagePage)
	m.HandleFunc("POST /messages/new", w.sendMessage)
	m.HandleFunc("GET /messages/{id}", w.conversation)
	m.HandleFunc("POST /messages/{id}", w.reply)
	m.HandleFunc("POST /people/{user_id}/block", w.block)
	m.HandleFunc("POST /people/{user_id}/unblock", w.unblock)
}
