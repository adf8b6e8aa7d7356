package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/reqctx"
)

// idempotent serves a POST sent with an Idempotency-Key by a signed-in
// caller: the same key and body within a day get the first answer again
// (with Idempotency-Replayed: true) instead of a second thing; the same
// key with another body is refused (422). A client that lost an answer to
// a timeout can so send its create again safely.
func (api *API) idempotent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := reqctx.User(ctx)
	key := r.Header.Get("Idempotency-Key")
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		api.WriteError(w, r, commons.Errorf(commons.CodeBadRequest, "error.json.read"))
		return
	}
	if len(body) > MaxBodyBytes {
		api.WriteError(w, r, commons.Errorf(commons.CodeTooLarge, "error.too_large", "Limit", "1 MiB"))
		return
	}
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.RequestURI()+"\n")
	h.Write(body)
	hash := hex.EncodeToString(h.Sum(nil))
	replay, err := api.App.ClaimIdempotencyKey(ctx, u, key, hash)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	if replay != nil {
		if replay.ContentType != "" {
			w.Header().Set("Content-Type", replay.ContentType)
		}
		if replay.Location != "" {
			w.Header().Set("Location", replay.Location)
		}
		w.Header().Set("Idempotency-Replayed", "true")
		w.WriteHeader(replay.Status)
		w.Write(replay.Body)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &answerRecorder{ResponseWriter: w}
	defer func() {
		// Kept even when the handler panicked (status 0: released).
		ans := app.IdempotentAnswer{RequestHash: hash, Status: rec.status, ContentType: w.Header().Get("Content-Type"),
			Location: w.Header().Get("Location"), Body: rec.body.Bytes()}
		if rec.overflow {
			ans.Status = 0 // too long to keep: let a retry run again
		}
		if err := api.App.SaveIdempotentAnswer(ctx, u, key, ans); err != nil {
			api.Log.ErrorContext(ctx, "keeping an idempotent answer", "err", err)
		}
	}()
	api.mux.ServeHTTP(rec, r)
}

// answerRecorder passes an answer on and keeps a copy of it.
type answerRecorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

func (a *answerRecorder) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *answerRecorder) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.body.Len()+len(p) > MaxBodyBytes {
		a.overflow = true
	} else {
		a.body.Write(p)
	}
	return a.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (a *answerRecorder) Unwrap() http.ResponseWriter { return a.ResponseWriter }
