package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// formTokenField is the hidden field every POST form of a signed-in
// reader carries: a one-time token drawn afresh each time the form is
// drawn. Two submits of one drawn form (a double click before the first
// answer, a resend after a lost answer) then carry the same token, and the
// second is sent where the first went instead of acting again. The token
// is the web's Idempotency-Key and is kept in the same store (the API's
// idempotency keys, a day per person).
const formTokenField = "form_token"

// formTokenWait bounds how long a second submit waits for the first one
// still running before it is refused as running (a conflict on the form).
const formTokenWait = 15 * time.Second

// postForm finds the opening tag of every POST form in a drawn page. The
// templates all write method="post" in lower case.
var postForm = regexp.MustCompile(`<form\b[^>]*\bmethod="post"[^>]*>`)

// addFormTokens puts a fresh token into every POST form of a page — the
// one place where forms get it, so that no template has to remember.
func addFormTokens(page []byte) []byte {
	return postForm.ReplaceAllFunc(page, func(tag []byte) []byte {
		var b bytes.Buffer
		b.Write(tag)
		b.WriteString(`<input type="hidden" name="` + formTokenField + `" value="` + rand.Text() + `">`)
		return b.Bytes()
	})
}

// formOnce is a submitted form's claim on its token.
type formOnce struct {
	key, hash string
}

// claimFormToken claims a signed-in person's form token. It answers the
// first submit's outcome when this is a second submit of the same drawn
// form with the same values (waiting for the first when it is still
// running), or a claim to settle with settle once the form has acted. A
// form without a token, or a visitor's, is not guarded (nil, nil, nil).
// The values are part of the key: a form drawn once but sent again with
// other values (edited after going back) is a new request, not a repeat.
func (w *Web) claimFormToken(r *http.Request, f *form) (*done, *formOnce, error) {
	u := w.user(r)
	token := f.Get(formTokenField)
	if u == nil || token == "" || len(token) > 64 {
		return nil, nil, nil
	}
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.RequestURI()+"\n"+f.Values.Encode())
	once := &formOnce{hash: hex.EncodeToString(h.Sum(nil))}
	once.key = "form:" + token + ":" + once.hash
	ctx, cancel := context.WithTimeout(r.Context(), formTokenWait)
	defer cancel()
	for {
		ans, err := w.App.ClaimIdempotencyKey(ctx, u, once.key, once.hash)
		if commons.CodeOf(err) == commons.CodeConflict {
			// The first submit is still acting: wait for its answer.
			select {
			case <-ctx.Done():
				return nil, nil, commons.Errorf(commons.CodeConflict, "error.form.running")
			case <-time.After(50 * time.Millisecond):
				continue
			}
		}
		if err != nil {
			return nil, nil, err
		}
		if ans != nil {
			return &done{To: ans.Location, Flash: string(ans.Body)}, nil, nil
		}
		return nil, once, nil
	}
}

// settle keeps where a form went (and its flash) under its token, or gives
// the token up when the form did not act (a problem to fix, a refusal, a
// panic), so that sending it again runs it again.
func (w *Web) settle(r *http.Request, once *formOnce, next *done) {
	if once == nil {
		return
	}
	ans := app.IdempotentAnswer{RequestHash: once.hash}
	if next != nil {
		ans.Status, ans.Location, ans.Body = http.StatusSeeOther, next.To, []byte(next.Flash)
	}
	if err := w.App.SaveIdempotentAnswer(r.Context(), w.user(r), once.key, ans); err != nil {
		w.Log.ErrorContext(r.Context(), "keeping a form's answer", "err", err)
	}
}
