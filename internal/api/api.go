// Package api serves Commons' JSON API under /api/v1 and the OpenAPI 3.1
// document that describes it. Routes are declared once, in a table that both
// serves them and writes the document, so the two cannot drift apart.
// Handlers only translate between JSON and the app package.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/invopop/jsonschema"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/live"
	"github.com/commons-project/commons/internal/reqctx"
)

// MaxBodyBytes is the largest JSON body accepted (API.md: 1 MiB).
const MaxBodyBytes = 1 << 20

// API is the JSON API. Build it with New.
type API struct {
	App     *app.App
	Catalog *i18n.Catalog
	Log     *slog.Logger
	// Version is the server's version, shown in the OpenAPI document.
	Version string
	// Hub tells notification streams that their reader has news.
	Hub *live.Hub
	// Streams bounds the event streams open on this node, per person and
	// in all (live.DefaultStreamLimits).
	Streams *live.Streams
	// Badge renders the pages' header badge for an unread count, which
	// the notification stream sends as its "badge" event for htmx to swap
	// in; the pages own that HTML (web.Web.Badge). Nil: no badge events.
	Badge func(l *i18n.Localizer, unread int) string
	// Heartbeat is how often an idle stream sends a comment, so that
	// proxies and clients know it is alive.
	Heartbeat time.Duration

	routes  []route
	mux     *http.ServeMux
	openAPI struct {
		sync.Once
		body []byte
	}
}

// route is one operation: how it is served and how it is documented.
type route struct {
	method, path string
	id, summary  string
	status       int
	also         []int
	optionalBody bool
	auth         bool
	query        []queryParam
	errors       []int
	in, out      reflect.Type // nil when there is no body
	// contentType is the success answer's type when it is not JSON (a
	// text/event-stream whose events carry out as JSON).
	contentType string
	handler     http.HandlerFunc
	// bodyType is the request body's type when it is not JSON (text/csv).
	bodyType string
}

type queryParam struct{ name, description, typ string }

// New builds the API and its routes.
func New(a *app.App, c *i18n.Catalog, log *slog.Logger, version string) *API {
	api := &API{App: a, Catalog: c, Log: log, Version: version, Heartbeat: 25 * time.Second, mux: http.NewServeMux(),
		Streams: live.NewStreams(live.DefaultStreamLimits(1024))}
	api.routesAccounts()
	api.routesLifecycle()
	api.routesInvitations()
	api.routesCommunities()
	api.routesOrganizations()
	api.routesResources()
	api.routesNotifications()
	api.routesNotificationStream()
	api.routesThreadStream()
	api.routesTrust()
	api.routesAgreements()
	api.routesModeration()
	api.routesThreads()
	api.routesMessages()
	api.routesInitiatives()
	api.routesActivities()
	api.routesProposals()
	api.routesFund()
	api.routesHours()
	api.routesProfile()
	api.routesIntents()
	api.routesMatches()
	api.routesPrivacy()
	api.routesOpenData()
	api.routesMSC()
	api.routesImpact()
	api.routesEveryday()
	api.routesQuality()
	api.routesArchive()
	api.routesCSVImport()
	api.routesNeedEdit()
	api.routesTranslations()
	api.routesThreadMute()
	api.routesOrgInvitations()
	api.mux.HandleFunc("GET /api/v1/openapi.json", api.serveOpenAPI)
	api.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		// A path served for other methods answers 405 with Allow, as
		// RFC 9110 asks, rather than "no such route".
		if allow := api.allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			api.WriteError(w, r, commons.Errorf(commons.CodeMethodNotAllowed, "error.method_not_allowed", "Allowed", strings.Join(allow, ", ")))
			return
		}
		api.WriteError(w, r, commons.Errorf(commons.CodeNotFound, "error.no_route"))
	})
	return api
}

// allowed lists the methods the API serves at a request's path.
func (api *API) allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := api.mux.Handler(probe); pattern != "" && pattern != "/api/" {
			out = append(out, m)
		}
	}
	return out
}

// ServeHTTP serves every /api/ path.
func (api *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.Header.Get("Idempotency-Key") != "" && reqctx.User(r.Context()) != nil {
		api.idempotent(w, r)
		return
	}
	api.mux.ServeHTTP(w, r)
}

// scope resolves the community of a /communities/{slug}/… route for the
// caller, once per request; use cases take it instead of the slug.
func (api *API) scope(ctx context.Context, r *http.Request) (app.Scope, error) {
	return api.App.Scope(ctx, reqctx.User(ctx), r.PathValue("slug"))
}

// scopeOf resolves the community of a route that names one thing by its
// id (/initiatives/{id}): the kind says which table holds it.
func (api *API) scopeOf(ctx context.Context, r *http.Request, typ commons.SubjectType) (app.Scope, error) {
	return api.App.ScopeOf(ctx, reqctx.User(ctx), typ, r.PathValue("id"))
}

// Empty stands for "no body" in an operation's input or output.
type Empty struct{}

// op describes an operation before its handler is attached.
type op struct {
	method, path, id, summary string
	status                    int
	// also lists other success statuses the handler may choose.
	also []int
	// optionalBody accepts a request without a body as an empty object.
	optionalBody bool
	auth         bool
	query        []queryParam
	errors       []int
}

// statusOut lets a handler choose among the success statuses of its op.
type statusOut[T any] struct {
	code int
	body T
}

func (s statusOut[T]) statusCode() int         { return s.code }
func (s statusOut[T]) payload() any            { return s.body }
func (statusOut[T]) payloadType() reflect.Type { return reflect.TypeFor[T]() }

type chosenStatus interface {
	statusCode() int
	payload() any
	payloadType() reflect.Type
}

// handle registers an operation whose handler receives the decoded body.
func handle[In, Out any](api *API, o op, fn func(ctx context.Context, r *http.Request, in *In) (Out, error)) {
	rt := route{method: o.method, path: o.path, id: o.id, summary: o.summary, status: o.status, also: o.also, optionalBody: o.optionalBody, auth: o.auth,
		query: o.query, errors: o.errors}
	if t := reflect.TypeFor[In](); t != reflect.TypeFor[Empty]() {
		rt.in = t
	}
	if t := reflect.TypeFor[Out](); t != reflect.TypeFor[Empty]() {
		rt.out = t
		if cs, ok := any(*new(Out)).(chosenStatus); ok {
			rt.out = cs.payloadType()
		}
	}
	rt.handler = func(w http.ResponseWriter, r *http.Request) {
		if rt.auth && reqctx.User(r.Context()) == nil {
			api.WriteError(w, r, commons.Unauthenticated())
			return
		}
		in := new(In)
		if rt.in != nil {
			if err := decodeJSON(w, r, in, rt.optionalBody); err != nil {
				api.WriteError(w, r, err)
				return
			}
		}
		out, err := fn(r.Context(), r, in)
		if err != nil {
			api.WriteError(w, r, err)
			return
		}
		if rt.out == nil {
			w.WriteHeader(rt.status)
			return
		}
		if cs, ok := any(out).(chosenStatus); ok {
			writeJSON(w, cs.statusCode(), cs.payload())
			return
		}
		writeJSON(w, rt.status, out)
	}
	api.routes = append(api.routes, rt)
	api.mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
}

// decodeJSON reads a request body strictly: at most MaxBodyBytes, valid
// UTF-8, one JSON value, no unknown fields. Each failure names what to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any, optional bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return commons.Errorf(commons.CodeBadRequest, "error.json.content_type")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "1 MiB")
		}
		return commons.Errorf(commons.CodeBadRequest, "error.json.read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil
		}
		return commons.Errorf(commons.CodeBadRequest, "error.json.empty")
	}
	if !utf8.Valid(body) {
		return commons.Errorf(commons.CodeBadRequest, "error.json.utf8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return commons.Errorf(commons.CodeBadRequest, "error.json.trailing")
	}
	if _, err := dec.Token(); err != io.EOF {
		return commons.Errorf(commons.CodeBadRequest, "error.json.trailing")
	}
	return nil
}

// jsonError explains a decoding failure in terms of the request.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return commons.Errorf(commons.CodeBadRequest, "error.json.syntax", "Offset", syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return commons.Errorf(commons.CodeBadRequest, "error.json.not_object")
		}
		e := commons.Errorf(commons.CodeBadRequest, "error.json.type", "Field", field, "Type", jsonTypeName(typ.Type))
		e.Fields = map[string]commons.Message{field: commons.Msg("error.json.type", "Field", field, "Type", jsonTypeName(typ.Type))}
		return e
	case errors.Is(err, io.ErrUnexpectedEOF):
		return commons.Errorf(commons.CodeBadRequest, "error.json.syntax_end")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no typed error for unknown fields.
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return commons.Errorf(commons.CodeBadRequest, "error.json.unknown_field", "Field", name)
	}
	var fe *fieldError
	if errors.As(err, &fe) {
		return commons.Errorf(commons.CodeBadRequest, "error.json.type", "Field", fe.field, "Type", fe.want)
	}
	return commons.Errorf(commons.CodeBadRequest, "error.json.syntax", "Offset", 0)
}

func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "integer"
	case reflect.Slice:
		return "array"
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	}
	return "object"
}

// fieldError is a type mismatch found by a custom unmarshaler.
type fieldError struct{ field, want string }

func (e *fieldError) Error() string { return fmt.Sprintf("%s must be %s", e.field, e.want) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ErrorBody is the shape of every error answer (API.md).
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in the reader's language.
type ErrorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	// Conflicts lists the slots that clash with confirmed bookings.
	Conflicts []TimeSpan `json:"conflicts,omitempty"`
}

// JSONSchemaExtend gives the document an example of an error answer.
func (ErrorBody) JSONSchemaExtend(s *jsonschema.Schema) {
	s.Examples = []any{map[string]any{"error": map[string]any{
		"code": "invalid", "message": "Some fields need attention.",
		"fields":     map[string]any{"title": "Give it a title."},
		"request_id": "01JD9Z6Q7F3V2K8M4N5P6R7S8T"}}}
}

// WriteError answers with an error. Only internal errors are logged as
// errors; the rest are the caller's to fix.
func (api *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := commons.ErrorOf(err)
	if e.Code == commons.CodeInternal {
		api.Log.ErrorContext(r.Context(), "request failed", "err", err)
	} else if e.Code == commons.CodeUnavailable {
		api.Log.WarnContext(r.Context(), "request refused: unavailable", "err", err)
	}
	loc := api.localizer(r)
	body := ErrorBody{Error: ErrorDetail{Code: string(e.Code), Message: loc.Msg(e.Message), RequestID: reqctx.RequestID(r.Context())}}
	if len(e.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(e.Fields))
		for f, m := range e.Fields {
			body.Error.Fields[f] = loc.Msg(m)
		}
	}
	for _, c := range e.Conflicts {
		body.Error.Conflicts = append(body.Error.Conflicts, TimeSpan{StartsAt: c.Start, EndsAt: c.End})
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	writeJSON(w, e.Code.Status(), body)
}

// localizer speaks the caller's language: their account's choice, else
// what their client asks for.
func (api *API) localizer(r *http.Request) *i18n.Localizer {
	choice := ""
	if u := reqctx.User(r.Context()); u != nil {
		choice = u.Locale
	}
	return api.Catalog.Localizer(api.Catalog.Choose(choice, r.Header.Get("Accept-Language"), nil))
}

// page reads ?limit= and ?cursor=.
func page(r *http.Request) (commons.Page, error) {
	p := commons.Page{Cursor: r.URL.Query().Get("cursor")}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, commons.Errorf(commons.CodeBadRequest, "error.limit", "Max", commons.MaxPageSize)
		}
		p.Limit = min(n, commons.MaxPageSize)
	}
	return p, nil
}

// List is the shape of every list answer (API.md).
type List[T any] struct {
	Items []T `json:"items"`
	// NextCursor fetches the next page; null on the last one.
	NextCursor *string `json:"next_cursor"`
}

// jsonschemaSchema is the schema type that JSONSchemaExtend methods edit.
type jsonschemaSchema = jsonschema.Schema

// JSONSchemaExtend marks next_cursor as null on the last page.
func (List[T]) JSONSchemaExtend(s *jsonschema.Schema) { nullable(s, "next_cursor") }

func listOf[T, U any](items []T, next string, conv func(T) U) List[U] {
	out := List[U]{Items: make([]U, 0, len(items))}
	if next != "" {
		out.NextCursor = &next
	}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	return out
}
