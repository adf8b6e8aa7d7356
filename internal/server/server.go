// Package server puts Commons' parts together into one http.Handler: the
// operations endpoints, the JSON API, the web pages, and the middleware
// every request passes — request ids, logs, metrics, security headers,
// cross-origin protection, authentication and compression.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/commons-project/commons/internal/api"
	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/web"
)

// Server is the whole of Commons over HTTP.
type Server struct {
	App *app.App
	API *api.API
	Web *web.Web
	Log *slog.Logger
	// TrustProxy takes the client's address from X-Forwarded-For, as set by
	// a reverse proxy in front of Commons. Leave it off when there is none,
	// or anyone could pick their own address and dodge rate limits.
	TrustProxy bool
	// ImageOrigins may serve images to the pages (the map's tile server).
	ImageOrigins []string

	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	queries  *queryMetrics
}

// New builds a Server with its own metrics registry.
func New(a *app.App, apiHandler *api.API, webHandler *web.Web, log *slog.Logger) *Server {
	s := &Server{App: a, API: apiHandler, Web: webHandler, Log: log, registry: prometheus.NewRegistry()}
	// The stream carries the header's badge; the pages render it.
	apiHandler.Badge = webHandler.Badge
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "commons_http_requests_total", Help: "HTTP requests by route pattern and status.",
	}, []string{"method", "route", "status"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "commons_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"method", "route"})
	s.registry.MustRegister(s.requests, s.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.queries = newQueryMetrics(s.registry)
	s.registry.MustRegister(pageCacheMetrics(webHandler)...)
	return s
}

// Handler returns the http.Handler that serves everything.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.Handle("/api/", s.API)
	mux.Handle("/", s.Web)

	var h http.Handler = recordRoute(mux)
	// Compress at the default level: this runs on every answer not kept
	// compressed (a member's pages, the API), and on a 25 KB page it costs
	// half of the best level's CPU (0.08 ms against 0.16 ms) for 2 % more
	// bytes (docs/PERFORMANCE.md, "Compression"). Visitors' kept pages are
	// compressed once, at the best level, by the page cache.
	// Event streams are left alone: compressing would hold events back.
	gz, err := gzhttp.NewWrapper(gzhttp.CompressionLevel(gzip.DefaultCompression), gzhttp.ContentTypeFilter(func(ct string) bool {
		return !strings.HasPrefix(ct, "text/event-stream") && gzhttp.DefaultContentTypeFilter(ct)
	}))
	if err != nil {
		panic(err) // a constant level that the library accepts
	}
	h = gz(h)
	h = s.limitWrites(h)
	h = s.authenticate(h)
	h = s.refuseUnstorableText(h)
	h = s.crossOriginProtection().Handler(h)
	h = securityHeaders(h, s.ImageOrigins, s.https)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return h
}

// crossOriginProtection refuses state-changing requests that a browser
// sends from another site, and says so in the reader's language.
func (s *Server) crossOriginProtection() *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := commons.Errorf(commons.CodeForbidden, "error.cross_origin")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.API.WriteError(w, r, err)
			return
		}
		s.Web.Fail(w, r, err)
	}))
	return p
}

// limitWrites counts every change a signed-in person asks for, and every
// sign-up, against the App's write limits (app.SpendWrite), before the
// handler runs: one place, so no write route can be left out.
func (s *Server) limitWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		signUp := r.Method == http.MethodPost && (r.URL.Path == "/signup" || r.URL.Path == "/api/v1/users")
		var err error
		if u := reqctx.User(ctx); u != nil || signUp {
			err = s.App.SpendWrite(ctx, u, reqctx.ClientAddr(ctx), signUp && u == nil)
		}
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.API.WriteError(w, r, err)
			return
		}
		s.Web.Fail(w, r, err)
	})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.App.Store.Ping(ctx); err != nil {
		s.Log.WarnContext(r.Context(), "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

// routeInfo carries the matched route pattern back out to the middleware
// that logs and measures, which sees the request before any mux does.
type routeInfo struct{ pattern string }

type routeKey struct{}

func recordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		// Nested muxes set the pattern on this same request as they match.
		if info, ok := r.Context().Value(routeKey{}).(*routeInfo); ok {
			info.pattern = r.Pattern
		}
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing,
// deadlines) through this wrapper.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, finds the client's address, and logs
// and measures the request when it is done.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		info := &routeInfo{}
		ctx := context.WithValue(r.Context(), routeKey{}, info)
		ctx = reqctx.WithRequestID(ctx, id)
		ctx = reqctx.WithClientAddr(ctx, s.clientAddr(r))
		ctx = reqctx.WithSecure(ctx, s.secure(r))
		ctx, queries := store.WithQueryCounter(ctx)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		route := info.pattern
		if route == "" {
			route = "unmatched"
		}
		method := metricMethod(r.Method)
		s.requests.WithLabelValues(method, route, http.StatusText(sw.status)).Inc()
		s.duration.WithLabelValues(method, route).Observe(elapsed.Seconds())
		s.queries.observe(method, route, queries.Count())
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.Log.Log(ctx, level, "request", "method", r.Method, "path", r.URL.Path, "route", route,
			"status", sw.status, "bytes", sw.bytes, "queries", queries.Count(), "duration_ms", float64(elapsed.Microseconds())/1000)
	})
}

// metricMethod keeps the method label to the methods Commons serves, so
// that made-up methods cannot grow the number of series without end.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// secure tells whether the browser reached Commons over HTTPS — directly,
// through a trusted proxy that says so, or at any address that is not this
// machine (where plain HTTP would lose Secure cookies anyway).
// permissionsPolicy turns off the powerful browser features Commons never
// uses (those a page could be tricked into asking for); kept short, since
// it rides on every page and the pages have a weight budget.
const permissionsPolicy = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"

// https reports whether the request came over HTTPS: on this connection,
// or at a trusted proxy in front.
func (s *Server) https(r *http.Request) bool {
	return r.TLS != nil || (s.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if s.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// refuseUnstorableText answers 400 to a path or query that is not valid
// UTF-8 or holds a NUL byte: no page or record can be named so, and the
// database would refuse to look for it.
func (s *Server) refuseUnstorableText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := cleanText(r.URL.Path)
		if ok {
			q, err := url.ParseQuery(r.URL.RawQuery)
			ok = err == nil
			for k, vs := range q {
				ok = ok && cleanText(k)
				for _, v := range vs {
					ok = ok && cleanText(v)
				}
			}
		}
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		err := commons.Errorf(commons.CodeBadRequest, "error.text_encoding")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.API.WriteError(w, r, err)
			return
		}
		s.Web.Fail(w, r, err)
	})
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) clientAddr(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			// The proxy appends the address it saw; earlier entries are the
			// client's own claims.
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// recoverPanics turns a panic in a handler into a logged 500, so that one
// bug does not take the process down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(r.Context(), "panic", "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere
// but images from the given origins (map tiles).
func contentSecurityPolicy(imageOrigins []string) string {
	img := strings.TrimSpace("'self' data: " + strings.Join(imageOrigins, " "))
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img + "; " +
		"connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
}

func securityHeaders(next http.Handler, imageOrigins []string, https func(*http.Request) bool) http.Handler {
	csp := contentSecurityPolicy(imageOrigins)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if https(r) {
			// A year of HTTPS only. Not includeSubDomains: the operator's
			// other hosts are not Commons' to promise for.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if strings.HasPrefix(r.URL.Path, "/static/") {
			// Styles, scripts and icons are not documents: the page's
			// policy headers would only add bytes to each of them.
			next.ServeHTTP(w, r)
			return
		}
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		// No page uses these powerful features; no script may ask for them.
		h.Set("Permissions-Policy", permissionsPolicy)
		next.ServeHTTP(w, r)
	})
}

// authenticate finds who is asking: an API token in the Authorization
// header, or a web session cookie. A bad token is refused outright; a stale
// cookie just makes the reader a visitor.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r) // nobody's business who fetches these
			return
		}
		// Only a Bearer token is Commons' business; a Basic header from a
		// proxy's own password prompt is not.
		if scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Bearer") {
			token = strings.TrimSpace(token)
			var u commons.User
			err := error(commons.Unauthenticated())
			if token != "" && cleanText(token) && len(token) < 200 {
				u, err = s.App.TokenUser(ctx, token)
			}
			if err != nil {
				s.API.WriteError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(reqctx.WithUser(ctx, &u)))
			return
		}
		if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
			u, renewed, err := s.App.SessionUser(ctx, c.Value)
			switch commons.CodeOf(err) {
			case "":
				ctx = reqctx.WithSession(reqctx.WithUser(ctx, &u), c.Value)
				if renewed {
					http.SetCookie(w, web.SessionCookieFor(r.WithContext(ctx), c.Value, s.App.SessionTTL))
				}
			case commons.CodeUnauthenticated:
				http.SetCookie(w, &http.Cookie{Name: web.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
			default:
				s.API.WriteError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
