package app

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// WriteLimits bound how fast one person changes things and one address
// makes accounts (issue 21: one account grew the database by 518 MB in
// 18 seconds; 40 sign-ups a second from one address all succeeded). They
// leave room for real use — an organizer entering a term of courses makes
// a few dozen changes in as many minutes — and are counted in the
// database, so they hold however many nodes serve the site.
type WriteLimits struct {
	// PerPerson changes (creates, updates, deletes) in PersonWindow.
	PerPerson    int
	PersonWindow time.Duration
	// SignUpsPerAddress accounts made from one address in SignUpWindow.
	SignUpsPerAddress int
	SignUpWindow      time.Duration
}

// DefaultWriteLimits: 300 changes in 10 minutes per person (a change every
// two seconds, kept up), 20 sign-up attempts an hour per address (a class
// signing up together behind one address can spread it over an
// afternoon).
var DefaultWriteLimits = WriteLimits{PerPerson: 300, PersonWindow: 10 * time.Minute, SignUpsPerAddress: 20, SignUpWindow: time.Hour}

// SpendWrite counts a change by actor, or a sign-up from address when
// signUp is set, and refuses it with rate_limited and when to try again
// once the limit is reached. Visitors' other requests (signing in, which
// has its own limit) are not counted.
func (a *App) SpendWrite(ctx context.Context, actor *commons.User, address string, signUp bool) error {
	l := a.Writes
	var key string
	var limit int
	var window time.Duration
	switch {
	case signUp:
		key, limit, window = "signup:"+store.HashSecret(address), l.SignUpsPerAddress, l.SignUpWindow
	case actor != nil:
		key, limit, window = "writes:"+actor.ID, l.PerPerson, l.PersonWindow
	default:
		return nil
	}
	if limit <= 0 {
		return nil
	}
	wait, err := a.Store.SpendRate(ctx, key, limit, window)
	if err != nil || wait == 0 {
		return err
	}
	e := commons.Errorf(commons.CodeRateLimited, "error.writes_limited", "Minutes", int(wait.Minutes())+1)
	e.RetryAfter = wait
	who := "address"
	if !signUp {
		who = actor.ID
	}
	a.Log.WarnContext(ctx, "security: writes refused by the limit", "sign_up", signUp, "user_id", who)
	return e
}
