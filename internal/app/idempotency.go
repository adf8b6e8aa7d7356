package app

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// IdempotentAnswer is the first answer to a create sent with an
// Idempotency-Key.
type IdempotentAnswer = store.IdempotentAnswer

// IdempotencyTTL is how long a key's first answer is kept.
const IdempotencyTTL = 24 * time.Hour

// MaxIdempotencyKeyLen bounds a key (Stripe's and the IETF draft's keys
// are UUIDs or similar).
const MaxIdempotencyKeyLen = 255

// ClaimIdempotencyKey looks up a person's Idempotency-Key: the first
// answer when the same request came before under it (replay), nothing
// when the key is new and now claimed for this request. The same key with
// another request is refused as invalid; a key whose first request is
// still running, as a conflict.
func (a *App) ClaimIdempotencyKey(ctx context.Context, actor *commons.User, key, requestHash string) (*IdempotentAnswer, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if key == "" || len(key) > MaxIdempotencyKeyLen {
		return nil, commons.Errorf(commons.CodeBadRequest, "error.idempotency.key")
	}
	found, ok, err := a.Store.ClaimIdempotencyKey(ctx, actor.ID, store.HashSecret(key), requestHash, IdempotencyTTL)
	switch {
	case commons.CodeOf(err) == commons.CodeConflict:
		return nil, commons.Errorf(commons.CodeConflict, "error.idempotency.running")
	case err != nil:
		return nil, err
	case !ok:
		return nil, nil
	case found.RequestHash != requestHash:
		return nil, commons.Errorf(commons.CodeInvalid, "error.idempotency.reused")
	case found.Status == 0:
		return nil, commons.Errorf(commons.CodeConflict, "error.idempotency.running")
	}
	return &found, nil
}

// SaveIdempotentAnswer keeps the first answer under the key, or — for an
// answer the caller should retry (a failure on the server's side, a rate
// limit) — gives the key up so that the retry runs.
func (a *App) SaveIdempotentAnswer(ctx context.Context, actor *commons.User, key string, ans IdempotentAnswer) error {
	hashed := store.HashSecret(key)
	if ans.Status >= 500 || ans.Status == 429 || ans.Status == 0 {
		return a.Store.ReleaseIdempotencyKey(bg(ctx), actor.ID, hashed)
	}
	return a.Store.SaveIdempotentAnswer(bg(ctx), actor.ID, hashed, ans)
}
