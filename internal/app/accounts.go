package app

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// SignUp creates an account. When the site asks for confirmed addresses
// (ConfirmEmail), the account starts unconfirmed and a link is mailed; an
// address that has an account already gets the same answer — the owner is
// mailed instead, and the person returned is stored nowhere — so sign-up
// tells no one who is here. Without confirmation, a taken address is a
// conflict, as there is no mail to say it with.
func (a *App) SignUp(ctx context.Context, n commons.NewUser) (commons.User, error) {
	n.Normalize()
	var v commons.Validator
	n.Validate(&v)
	if n.Locale != "" && !a.Catalog.Supported(n.Locale) {
		v.Fail("locale", commons.Msg("error.field.one_of", "Allowed", strings.Join(a.Catalog.Choosable(), ", ")))
	}
	if err := v.Err(); err != nil {
		return commons.User{}, err
	}
	a.hashSlots <- struct{}{}
	hash, err := argon2id.CreateHash(n.Password, a.Argon2)
	<-a.hashSlots
	if err != nil {
		return commons.User{}, commons.Internal(err)
	}
	if !a.ConfirmEmail {
		return a.Store.CreateUser(ctx, n, hash, true, nil)
	}
	link := a.confirmLink(commons.User{Name: n.Name, Locale: n.Locale})
	u, err := a.Store.CreateUser(ctx, n, hash, false, link)
	if commons.CodeOf(err) == commons.CodeConflict {
		return a.signUpTaken(ctx, n)
	}
	return u, err
}

// dummyHash is verified against when an address is unknown, so that a
// failed sign-in takes as long whether or not the account exists.
var dummyHash, _ = argon2id.CreateHash("no such account", DefaultArgon2)

// SignIn checks an e-mail address and password, throttled so that an
// attacker slows themselves and not the account's owner (issue 21: five
// failures from anywhere used to lock the owner out). Every attempt is
// counted before the password is checked, under three keys: the account
// on this address, the account, and the address.
//
//   - An address with PerAccount failures on this account is refused
//     until its window passes: the owner elsewhere is not.
//   - An address with PerAddress failures (on any accounts) is refused.
//   - An account with PerAccount failures from anywhere is under guard:
//     attempts from an address that has failed on it are refused, the
//     others wait GuardDelay before their password is checked, and the
//     owner is told once that someone is guessing. The owner, signing in
//     from an address that has not failed, still gets in.
//
// A success withdraws its own count and the account's failures from
// this address.
func (a *App) SignIn(ctx context.Context, email, password, address string) (commons.User, error) {
	email = strings.TrimSpace(email)
	badCredentials := commons.Errorf(commons.CodeUnauthenticated, "error.bad_credentials")
	if len(email) > commons.MaxEmailLen || len(password) > 4*commons.MaxPasswordLen {
		return commons.User{}, badCredentials // no such account can exist
	}
	var u commons.User
	hash := dummyHash
	if utf8.ValidString(email) && !strings.ContainsRune(email, 0) {
		var err error
		u, hash, err = a.Store.UserCredentials(ctx, email)
		if commons.CodeOf(err) == commons.CodeNotFound {
			hash, err = dummyHash, nil
		}
		if err != nil {
			return commons.User{}, err
		}
	}
	// Keys are hashed: they are bounded in size and hold no text that the
	// database might refuse.
	account := commons.EmailKey(email)
	pairKey := "pair:" + store.HashSecret(account+"\x00"+address)
	accountKey := "account:" + store.HashSecret(account)
	addressKey := "address:" + store.HashSecret(address)
	l := a.SignInLimit
	refused, guarded := -1, false
	allowed, until, err := a.Store.AttemptSignInBy(ctx, []string{pairKey, accountKey, addressKey}, l.Window, func(n []int) store.SignInVerdict {
		pair, acct, addr := n[0], n[1], n[2]
		guarded = acct >= l.PerAccount
		var v store.SignInVerdict
		switch {
		case pair >= l.PerAccount || (guarded && pair > 0):
			refused = 0
		case addr >= l.PerAddress:
			refused = 2
		default:
			v.Allow = true
		}
		// Told once a window, when the failures first reach the guard.
		if guarded && u.ID != "" {
			v.Notify = &commons.Notification{UserID: u.ID, Kind: commons.NotifySignInGuessed,
				Args: map[string]string{"Count": strconv.Itoa(acct)}, Link: "/me"}
			v.NotifyOnce = "told:" + accountKey
		}
		return v
	})
	if err != nil {
		return commons.User{}, err
	}
	if !allowed {
		wait := max(until[refused].Sub(a.Now()), time.Second)
		e := commons.Errorf(commons.CodeRateLimited, "error.sign_in_limited", "Minutes", int(wait.Minutes())+1)
		e.RetryAfter = wait
		a.Log.WarnContext(ctx, "security: sign-in refused by the limit", "user_id", u.ID, "by", []string{"account on address", "account", "address"}[refused])
		return commons.User{}, e
	}
	if guarded {
		a.Log.WarnContext(ctx, "security: sign-in to an account under guard", "user_id", u.ID)
	}
	if guarded && l.GuardDelay > 0 {
		select {
		case <-time.After(l.GuardDelay):
		case <-ctx.Done():
			return commons.User{}, ctx.Err()
		}
	}
	if !a.checkPassword(ctx, password, hash) || u.ID == "" {
		a.Log.InfoContext(ctx, "security: sign-in failed", "user_id", u.ID)
		return commons.User{}, badCredentials
	}
	if err := a.Store.ForgiveAttempt(bg(ctx), pairKey, []string{accountKey, addressKey}); err != nil {
		return commons.User{}, err
	}
	return u, nil
}

// checkPassword verifies a password against its hash, a few at a time:
// each argon2id check takes 19 MiB, and a burst of attempts must not take
// the machine's memory with it.
func (a *App) checkPassword(ctx context.Context, password, hash string) bool {
	select {
	case a.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-a.hashSlots }()
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// StartSession makes a web session for a signed-in person and returns its
// secret, for the cookie; the browser's User-Agent and network address are
// kept for the person's list of sessions.
func (a *App) StartSession(ctx context.Context, u commons.User, userAgent, address string) (string, error) {
	secret := newSecret("")
	if len(userAgent) > 500 || !utf8.ValidString(userAgent) || strings.ContainsRune(userAgent, 0) {
		userAgent = ""
	}
	return secret, a.Store.CreateSession(ctx, u.ID, secret, a.SessionTTL, userAgent, address)
}

// SessionUser returns the person behind a session cookie. A session lasts
// SessionTTL from its last use: each day it is used renews it, and
// renewed says so (the cookie is then renewed too).
func (a *App) SessionUser(ctx context.Context, secret string) (u commons.User, renewed bool, err error) {
	return a.Store.SessionUser(ctx, secret, a.SessionTTL)
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

// UpdateProfile changes a person's name or language, and their password
// or address when the change gives the current password (see
// changeCredentials).
func (a *App) UpdateProfile(ctx context.Context, actor *commons.User, ch commons.ProfileChange) (commons.User, error) {
	if err := requireUser(actor); err != nil {
		return commons.User{}, err
	}
	if ch.Password != nil || ch.Email != nil {
		if err := a.changeCredentials(ctx, actor, ch); err != nil {
			return commons.User{}, err
		}
		if ch.Name == nil && ch.Locale == nil && ch.TimeZone == nil {
			return *actor, nil
		}
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
			v.Fail("locale", commons.Msg("error.field.one_of", "Allowed", strings.Join(a.Catalog.Choosable(), ", ")))
		}
	}
	if ch.TimeZone != nil {
		if u.TimeZone = strings.TrimSpace(*ch.TimeZone); u.TimeZone != "" {
			v.TimeZone("time_zone", u.TimeZone)
		}
	}
	if err := v.Err(); err != nil {
		return commons.User{}, err
	}
	return u, a.Store.UpdateUser(ctx, u)
}

// Memberships lists the communities the actor belongs to or has applied
// to, with the status of each membership.
func (a *App) Memberships(ctx context.Context, actor *commons.User) ([]commons.Community, []commons.MembershipStatus, error) {
	if err := requireUser(actor); err != nil {
		return nil, nil, err
	}
	return a.Store.Memberships(ctx, actor.ID)
}
