package app

import (
	"context"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/commons"
)

// SignUp creates an account.
func (a *App) SignUp(ctx context.Context, n commons.NewUser) (commons.User, error) {
	n.Normalize()
	var v commons.Validator
	n.Validate(&v)
	if n.Locale != "" && !a.Catalog.Supported(n.Locale) {
		v.Fail("locale", commons.Msg("error.field.one_of", "Allowed", strings.Join(a.Catalog.Languages(), ", ")))
	}
	if err := v.Err(); err != nil {
		return commons.User{}, err
	}
	hash, err := argon2id.CreateHash(n.Password, a.Argon2)
	if err != nil {
		return commons.User{}, commons.Internal(err)
	}
	return a.Store.CreateUser(ctx, n, hash)
}

// dummyHash is verified against when an address is unknown, so that a
// failed sign-in takes as long whether or not the account exists.
var dummyHash, _ = argon2id.CreateHash("no such account", DefaultArgon2)

// SignIn checks an e-mail address and password. Failed attempts are
// counted per account and per network address; past the limit the answer
// is rate_limited, whether or not the password is right, until the window
// has passed.
func (a *App) SignIn(ctx context.Context, email, password, address string) (commons.User, error) {
	email = strings.TrimSpace(email)
	keys := []string{"account:" + commons.EmailKey(email), "address:" + address}
	limits := []int{a.SignInLimit.PerAccount, a.SignInLimit.PerAddress}
	since := a.Now().Add(-a.SignInLimit.Window)
	for i, k := range keys {
		n, oldest, err := a.Store.RecentFailures(ctx, k, since)
		if err != nil {
			return commons.User{}, err
		}
		if n >= limits[i] {
			wait := max(oldest.Add(a.SignInLimit.Window).Sub(a.Now()), time.Second)
			e := commons.Errorf(commons.CodeRateLimited, "error.sign_in_limited", "Minutes", int(wait.Minutes())+1)
			e.RetryAfter = wait
			return commons.User{}, e
		}
	}
	u, hash, err := a.Store.UserCredentials(ctx, email)
	if commons.CodeOf(err) == commons.CodeNotFound {
		hash, err = dummyHash, nil
	}
	if err != nil {
		return commons.User{}, err
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil || !ok || u.ID == "" {
		// Count the failure even if the caller has gone away meanwhile.
		if err := a.Store.RecordFailures(bg(ctx), keys, a.SignInLimit.Window); err != nil {
			return commons.User{}, err
		}
		return commons.User{}, commons.Errorf(commons.CodeUnauthenticated, "error.bad_credentials")
	}
	if err := a.Store.ClearFailures(ctx, keys[0]); err != nil {
		return commons.User{}, err
	}
	return u, nil
}

// StartSession makes a web session for a signed-in person and returns its
// secret, for the cookie.
func (a *App) StartSession(ctx context.Context, u commons.User) (string, error) {
	secret := newSecret("")
	return secret, a.Store.CreateSession(ctx, u.ID, secret, a.SessionTTL)
}

// SessionUser returns the person behind a session cookie.
func (a *App) SessionUser(ctx context.Context, secret string) (commons.User, error) {
	return a.Store.SessionUser(ctx, secret)
}

// TokenUser returns the person behind an API token.
func (a *App) TokenUser(ctx context.Context, secret string) (commons.User, error) {
	return a.Store.TokenUser(ctx, secret)
}

// SignOut ends a web session.
func (a *App) SignOut(ctx context.Context, secret string) error {
	return a.Store.DeleteSession(ctx, secret)
}

// TokenPrefix marks Commons API tokens, so that secret scanners and people
// can recognise one that leaked.
const TokenPrefix = "cmn_"

// CreateToken makes an API token for a signed-in person and returns its
// secret, which is shown this once.
func (a *App) CreateToken(ctx context.Context, actor *commons.User, label string) (string, commons.APIToken, error) {
	if err := requireUser(actor); err != nil {
		return "", commons.APIToken{}, err
	}
	label = strings.TrimSpace(label)
	if label == "" {
		label = "API"
	}
	var v commons.Validator
	v.Line("label", label, false, commons.MaxTokenLabelLen)
	if err := v.Err(); err != nil {
		return "", commons.APIToken{}, err
	}
	secret := newSecret(TokenPrefix)
	tok, err := a.Store.CreateAPIToken(ctx, actor.ID, label, secret)
	return secret, tok, err
}

// Tokens lists a person's API tokens.
func (a *App) Tokens(ctx context.Context, actor *commons.User) ([]commons.APIToken, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.APITokens(ctx, actor.ID)
}

// RevokeToken deletes one of the person's API tokens.
func (a *App) RevokeToken(ctx context.Context, actor *commons.User, id string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.Store.DeleteAPIToken(ctx, actor.ID, id)
}

// UpdateProfile changes a person's name or language.
func (a *App) UpdateProfile(ctx context.Context, actor *commons.User, ch commons.ProfileChange) (commons.User, error) {
	if err := requireUser(actor); err != nil {
		return commons.User{}, err
	}
	u := *actor
	var v commons.Validator
	if ch.Name != nil {
		u.Name = strings.TrimSpace(*ch.Name)
		v.Line("name", u.Name, true, commons.MaxNameLen)
	}
	if ch.Locale != nil {
		u.Locale = strings.TrimSpace(*ch.Locale)
		if u.Locale != "" && !a.Catalog.Supported(u.Locale) {
			v.Fail("locale", commons.Msg("error.field.one_of", "Allowed", strings.Join(a.Catalog.Languages(), ", ")))
		}
	}
	if err := v.Err(); err != nil {
		return commons.User{}, err
	}
	return u, a.Store.UpdateUser(ctx, u)
}
