package server

import (
	"context"
	"log/slog"

	"github.com/commons-project/commons/internal/reqctx"
)

// LogHandler adds the request id to every log record made with a
// request's context, so that one request's lines can be found together.
type LogHandler struct{ slog.Handler }

// Handle adds request_id when the context carries one.
func (h LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := reqctx.RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around derived handlers.
func (h LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return LogHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the wrapper around derived handlers.
func (h LogHandler) WithGroup(name string) slog.Handler { return LogHandler{h.Handler.WithGroup(name)} }
