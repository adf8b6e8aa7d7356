package api

import (
	"context"
	"net/http"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// ThreadSubject is what a thread is about.
type ThreadSubject struct {
	Type string `json:"type" jsonschema:"enum=initiative,enum=resource,enum=activity,enum=organization"`
	ID   string `json:"id"`
	Name string `json:"name,omitempty" jsonschema:"description=The subject's title or name (in answers)"`
}

// NewThread starts a thread with its first post.
type NewThread struct {
	Title   string         `json:"title" jsonschema:"minLength=1,maxLength=200"`
	Body    string         `json:"body" jsonschema:"minLength=1,maxLength=20000,description=Markdown"`
	Subject *ThreadSubject `json:"subject,omitempty" jsonschema:"description=Ties the thread to a thing in the community"`
}

// Thread is a discussion; posts are present when one thread is read.
type Thread struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	AuthorID   string         `json:"author_id"`
	AuthorName string         `json:"author_name"`
	Subject    *ThreadSubject `json:"subject"`
	Pinned     bool           `json:"pinned" jsonschema:"description=An announcement on the community's home"`
	CreatedAt  time.Time      `json:"created_at"`
	LastPostAt time.Time      `json:"last_post_at"`
	PostCount  int            `json:"post_count"`
	Posts      []Post         `json:"posts,omitempty"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Thread) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "subject") }

// Post is one post of a thread.
type Post struct {
	ID         string     `json:"id"`
	AuthorID   string     `json:"author_id"`
	AuthorName string     `json:"author_name"`
	ReplyTo    *string    `json:"reply_to" jsonschema:"description=The post this one answers"`
	Body       string     `json:"body" jsonschema:"description=As written (Markdown); empty once deleted"`
	HTML       string     `json:"html" jsonschema:"description=Rendered and sanitised"`
	Deleted    bool       `json:"deleted"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at"`
}

// JSONSchemaExtend marks the fields that may be null.
func (Post) JSONSchemaExtend(s *jsonschemaSchema) { nullable(s, "reply_to", "edited_at") }

// NewPost is a post to add to a thread.
type NewPost struct {
	Body    string `json:"body" jsonschema:"minLength=1,maxLength=20000,description=Markdown; @NameWithoutSpaces mentions a member"`
	ReplyTo string `json:"reply_to,omitempty" jsonschema:"description=The id of the post this one answers"`
}

// PostChange is a post's new text.
type PostChange struct {
	Body string `json:"body" jsonschema:"minLength=1,maxLength=20000"`
}

// PinChange makes a thread an announcement or not.
type PinChange struct {
	Pinned bool `json:"pinned"`
}

func (api *API) postOut(p commons.Post) Post {
	out := Post{ID: p.ID, AuthorID: p.AuthorID, AuthorName: p.AuthorName, Body: p.Body, Deleted: p.Deleted, CreatedAt: p.CreatedAt,
		EditedAt: p.EditedAt}
	if p.ReplyTo != "" {
		out.ReplyTo = &p.ReplyTo
	}
	if !p.Deleted {
		out.HTML = string(api.App.Markdown.HTML(p.Body))
	}
	return out
}

func (api *API) threadOut(t commons.Thread) Thread {
	out := Thread{ID: t.ID, Title: t.Title, AuthorID: t.AuthorID, AuthorName: t.AuthorName, Pinned: t.Pinned, CreatedAt: t.CreatedAt,
		LastPostAt: t.LastPostAt, PostCount: t.PostCount}
	if t.Subject != nil {
		out.Subject = &ThreadSubject{Type: string(t.Subject.Type), ID: t.Subject.ID, Name: t.Subject.Name}
	}
	for _, p := range t.Posts {
		out.Posts = append(out.Posts, api.postOut(p))
	}
	return out
}

func (api *API) routesThreads() {
	handle(api, op{method: "POST", path: "/api/v1/communities/{slug}/threads", id: "createThread",
		summary: "Start a thread (members), maybe about a resource or an organization of the community", status: http.StatusCreated,
		auth: true, errors: []int{400, 401, 403, 404, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *NewThread) (Thread, error) {
			n := app.NewThread{Title: in.Title, Body: in.Body}
			if in.Subject != nil {
				n.SubjectType, n.SubjectID = commons.SubjectType(in.Subject.Type), in.Subject.ID
			}
			s, err := api.scope(ctx, r)
			if err != nil {
				return Thread{}, err
			}
			id, err := api.App.CreateThread(ctx, s, n)
			if err != nil {
				return Thread{}, err
			}
			t, err := api.App.Thread(ctx, s, id)
			return api.threadOut(t.Thread), err
		})

	handle(api, op{method: "GET", path: "/api/v1/communities/{slug}/threads", id: "listThreads",
		summary: "A community's threads, the most recently active first (members)", status: http.StatusOK, auth: true,
		query: []queryParam{{name: "subject_type", typ: "string", description: "with subject_id: only threads about this thing"},
			{name: "subject_id", typ: "string"}, {name: "pinned", typ: "boolean", description: "only announcements"},
			{name: "limit", typ: "integer"}, {name: "cursor", typ: "string"}},
		errors: []int{400, 401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (List[Thread], error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return List[Thread]{}, err
			}
			p, err := page(r)
			if err != nil {
				return List[Thread]{}, err
			}
			q := r.URL.Query()
			f := store.ThreadFilter{SubjectType: commons.SubjectType(q.Get("subject_type")), SubjectID: q.Get("subject_id"), PinnedOnly: q.Get("pinned") == "true"}
			ts, next, err := api.App.Threads(ctx, s, f, p)
			return listOf(ts, next, api.threadOut), err
		})

	handle(api, op{method: "GET", path: "/api/v1/threads/{id}", id: "getThread",
		summary: "A thread with its posts, oldest first; each post has body as written and html rendered and sanitised (members; announcements: anyone)",
		status:  http.StatusOK, errors: []int{401, 403, 404}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Thread, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectThread)
			if err != nil {
				return Thread{}, err
			}
			t, err := api.App.Thread(ctx, s, r.PathValue("id"))
			return api.threadOut(t.Thread), err
		})

	handle(api, op{method: "POST", path: "/api/v1/threads/{id}/posts", id: "addPost",
		summary: "Post in a thread, maybe answering a post; mentions (@NameWithoutSpaces) and replies notify members", status: http.StatusCreated,
		auth: true, errors: []int{400, 401, 403, 404, 413, 422, 429}},
		func(ctx context.Context, r *http.Request, in *NewPost) (Post, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectThread)
			if err != nil {
				return Post{}, err
			}
			id, err := api.App.AddPost(ctx, s, r.PathValue("id"), in.ReplyTo, in.Body)
			if err != nil {
				return Post{}, err
			}
			p, err := api.App.Post(ctx, s, id)
			return api.postOut(p), err
		})

	handle(api, op{method: "PATCH", path: "/api/v1/posts/{id}", id: "editPost",
		summary: "Change your own post, within 15 minutes of writing it", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 409, 413, 422}},
		func(ctx context.Context, r *http.Request, in *PostChange) (Post, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectPost)
			if err != nil {
				return Post{}, err
			}
			p, err := api.App.EditPost(ctx, s, r.PathValue("id"), in.Body)
			return api.postOut(p), err
		})

	handle(api, op{method: "DELETE", path: "/api/v1/posts/{id}", id: "deletePost",
		summary: "Delete your own post; its place stays, marked deleted, so that replies keep their sense", status: http.StatusNoContent,
		auth: true, errors: []int{401, 403, 404, 409}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectPost)
			if err != nil {
				return Empty{}, err
			}
			_, err = api.App.DeletePost(ctx, s, r.PathValue("id"))
			return Empty{}, err
		})

	handle(api, op{method: "POST", path: "/api/v1/threads/{id}/pin", id: "pinThread",
		summary: "Pin a thread as an announcement on the community's home, or unpin it (editors)", status: http.StatusOK, auth: true,
		errors: []int{400, 401, 403, 404, 413}},
		func(ctx context.Context, r *http.Request, in *PinChange) (Thread, error) {
			s, err := api.scopeOf(ctx, r, commons.SubjectThread)
			if err != nil {
				return Thread{}, err
			}
			if err := api.App.PinThread(ctx, s, r.PathValue("id"), in.Pinned); err != nil {
				return Thread{}, err
			}
			t, err := api.App.Thread(ctx, s, r.PathValue("id"))
			t.Posts = nil
			return api.threadOut(t.Thread), err
		})
}
