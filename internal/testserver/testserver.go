// Package testserver builds a whole Commons HTTP handler over a real,
// fresh database, for the web and API tests.
package testserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/api"
	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/live"
	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/web"
)

// Server is Commons under test.
type Server struct {
	T       testing.TB
	App     *app.App
	Catalog *i18n.Catalog
	Handler http.Handler
	// Hub feeds the notification streams; Ready() tells when it listens.
	Hub *live.Hub
}

// New serves Commons over the given store. Password hashing uses light
// argon2id parameters so that tests stay quick; everything else is as in
// production.
func New(t testing.TB, s *store.Store) *Server { return NewWith(t, s, nil) }

// NewWith is New with a chance to adjust the server before it is built.
func NewWith(t testing.TB, s *store.Store, adjust func(*server.Server)) *Server {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("COMMONS_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	catalog, err := i18n.Load(log)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(s, catalog, log)
	a.Argon2 = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	// Tests sign up many people from one address and write fast; the
	// write limits are tested on their own (api limits_test.go).
	a.Writes = app.WriteLimits{}
	// People sign up and act at once, as on a site that sends no mail;
	// the tests of confirmation turn it on (ConfirmEmail).
	a.ConfirmEmail = false
	w, err := web.New(a, catalog, log)
	if err != nil {
		t.Fatal(err)
	}
	hub := live.New()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		hub.Run(ctx, s, log)
	}()
	t.Cleanup(func() {
		hub.Close()
		cancel()
		<-done
	})
	apiHandler := api.New(a, catalog, log, "test")
	apiHandler.Hub = hub
	srv := server.New(a, apiHandler, w, log)
	if adjust != nil {
		adjust(srv)
	}
	return &Server{T: t, App: a, Catalog: catalog, Handler: srv.Handler(), Hub: hub}
}

// Request is one request to send.
type Request struct {
	Method, Path string
	Body         any // marshalled as JSON unless it is a string or []byte
	Token        string
	Header       map[string]string
	Cookies      []*http.Cookie
	Form         map[string]string // sent as a form instead of Body
	RemoteAddr   string
}

// Do sends a request and returns the recorded answer.
func (s *Server) Do(r Request) *httptest.ResponseRecorder {
	s.T.Helper()
	var body io.Reader
	contentType := ""
	switch b := r.Body.(type) {
	case nil:
	case string:
		body, contentType = strings.NewReader(b), "application/json"
	case []byte:
		body, contentType = bytes.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			s.T.Fatal(err)
		}
		body, contentType = bytes.NewReader(j), "application/json"
	}
	if r.Form != nil {
		vals := make([]string, 0, len(r.Form))
		for k, v := range r.Form {
			vals = append(vals, urlEncode(k)+"="+urlEncode(v))
		}
		body, contentType = strings.NewReader(strings.Join(vals, "&")), "application/x-www-form-urlencoded"
	}
	req := httptest.NewRequest(r.Method, r.Path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	for _, c := range r.Cookies {
		req.AddCookie(c)
	}
	if r.RemoteAddr != "" {
		req.RemoteAddr = r.RemoteAddr
	}
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	return rec
}

// urlEncode escapes like a browser's form submission, keeping invalid
// UTF-8 bytes as they are so that tests can send them.
func urlEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

// JSON decodes an answer's body.
func JSON[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer is not JSON (%d): %v\n%s", rec.Code, err, rec.Body.String())
	}
	return v
}

// Status fails the test unless the answer has the wanted status.
func Status(t testing.TB, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status %d, want %d; body: %s", rec.Code, want, truncate(rec.Body.String(), 2000))
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// SignUp creates an account through the API and returns its id and an API token.
func (s *Server) SignUp(email, name string) (id, token string) {
	s.T.Helper()
	rec := s.Do(Request{Method: "POST", Path: "/api/v1/users", Body: map[string]any{"email": email, "name": name, "password": "correct horse battery"}})
	Status(s.T, rec, http.StatusCreated)
	u := JSON[map[string]any](s.T, rec)
	rec = s.Do(Request{Method: "POST", Path: "/api/v1/tokens", Body: map[string]any{"email": email, "password": "correct horse battery"}})
	Status(s.T, rec, http.StatusCreated)
	return u["id"].(string), JSON[map[string]any](s.T, rec)["token"].(string)
}
