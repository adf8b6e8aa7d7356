package app

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/google/uuid"
	"github.com/medama-io/go-useragent"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/store"
)

// The account lifecycle: confirming an address, resetting and changing a
// password, changing an address, seeing and ending sessions, and what the
// operator does from the command line. Every link mailed is single-use,
// kept only as a hash, and good for commons.AccountLink.TTL.

// accountMail writes a mail about an account in the recipient's
// language: subject and body are catalog keys under mail.account.<kind>.
// The body ends with what to do when the person did not ask for it.
func (a *App) accountMail(loc *i18n.Localizer, kind string, args ...any) store.AccountMail {
	base := strings.TrimRight(a.PublicURL, "/")
	args = append(args, "Site", base)
	body := loc.T("mail.account."+kind+".body", args...) + "\n\n-- \n" + loc.T("mail.account.footer", "Site", base) + "\n"
	return store.AccountMail{Subject: loc.T("mail.account."+kind+".subject", args...), Body: body, Lang: loc.Lang}
}

// link is the address of a one-time link's page.
func (a *App) link(path, secret string) string {
	return strings.TrimRight(a.PublicURL, "/") + path + secret
}

// confirmLink makes the link that confirms a new account's address.
func (a *App) confirmLink(u commons.User) *store.AccountLinkMail {
	secret := newSecret("")
	return &store.AccountLinkMail{UserID: u.ID, Purpose: commons.LinkConfirm, Secret: secret,
		Mail: a.accountMail(a.LocalizerFor(u), "confirm", "Name", u.Name, "URL", a.link("/confirm/", secret))}
}

// signUpTaken answers a sign-up with an address that has an account as if
// it were new: the owner is told by mail instead (perhaps they forgot they
// had one), and the answer is a person who is stored nowhere.
func (a *App) signUpTaken(ctx context.Context, n commons.NewUser) (commons.User, error) {
	owner, err := a.Store.UserByEmail(ctx, n.Email)
	if err != nil {
		return commons.User{}, err
	}
	m := a.accountMail(a.LocalizerFor(owner), "taken", "Name", owner.Name, "SignIn", a.link("/signin", ""),
		"Reset", a.link("/password-reset", ""))
	m.UserID = owner.ID
	if err := a.Store.QueueAccountMail(ctx, m); err != nil {
		return commons.User{}, err
	}
	return commons.User{ID: uuid.Must(uuid.NewV7()).String(), Email: n.Email, Name: n.Name, Locale: n.Locale, CreatedAt: a.Now()}, nil
}

// requireConfirmed lets through a person whose address is confirmed, or
// anyone when the site does not ask for confirmation: the rule for what
// is not in a community's scope (direct messages).
func (a *App) requireConfirmed(actor *commons.User) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if a.ConfirmEmail && !actor.EmailConfirmed {
		return commons.Errorf(commons.CodeForbidden, "error.confirm_first")
	}
	return nil
}

// ReadOnly tells whether a person reads but does not act until they
// confirm their address.
func (a *App) ReadOnly(actor *commons.User) bool {
	return a.ConfirmEmail && actor != nil && !actor.EmailConfirmed
}

// validSecret rules out what no link can be, before the database sees it.
func validSecret(secret string) bool {
	return secret != "" && len(secret) <= 100 && utf8.ValidString(secret) && !strings.ContainsRune(secret, 0)
}

// linkGone is the answer to a link that was used, has expired or never
// existed: the same for all three, with what to do next.
func linkGone(key string) error { return commons.Errorf(commons.CodeNotFound, key) }

// limit counts one request against each key's limit (the account's, the
// network address's) and says when it is over: the sign-in limits' table
// and sizes, under keys of the request's own kind.
func (a *App) limit(ctx context.Context, kind string, perAccount int, accountKey, address string) error {
	keys := []string{kind + "-account:" + store.HashSecret(accountKey), kind + "-address:" + store.HashSecret(address)}
	over, until, err := a.Store.AttemptSignIn(ctx, keys, []int{perAccount, a.SignInLimit.PerAddress}, a.SignInLimit.Window)
	if err != nil || over < 0 {
		return err
	}
	wait := max(until.Sub(a.Now()), time.Second)
	e := commons.Errorf(commons.CodeRateLimited, "error.sign_in_limited", "Minutes", int(wait.Minutes())+1)
	e.RetryAfter = wait
	return e
}

// RequestPasswordReset mails a reset link to the account with the address,
// if there is one. The answer, and the work done, are the same whether or
// not there is: the mail is written either way and the same statements
// run (they find no one), so neither the answer nor its timing tells who
// has an account. Requests are limited per address and per network
// address as sign-ins are, counted before anything else is done.
func (a *App) RequestPasswordReset(ctx context.Context, email, address, lang string) error {
	email = strings.TrimSpace(email)
	var v commons.Validator
	v.Email("email", email, true)
	if err := v.Err(); err != nil {
		return err
	}
	if err := a.limit(ctx, "reset", a.SignInLimit.PerAccount, commons.EmailKey(email), address); err != nil {
		return err
	}
	u, err := a.Store.UserByEmail(ctx, email)
	switch {
	case commons.CodeOf(err) == commons.CodeNotFound:
		u = commons.User{Locale: lang} // written for no one, and not sent
	case err != nil:
		return err
	}
	secret := newSecret("")
	l := store.AccountLinkMail{UserID: u.ID, Purpose: commons.LinkReset, Secret: secret,
		Mail: a.accountMail(a.LocalizerFor(u), "reset", "Name", u.Name, "URL", a.link("/password-reset/", secret))}
	return a.Store.SendAccountLink(ctx, l)
}

// ResetLink returns the person a reset link is for, so that its page
// shows the form only while the link is good.
func (a *App) ResetLink(ctx context.Context, secret string) (commons.User, error) {
	if !validSecret(secret) {
		return commons.User{}, linkGone("error.reset_link_gone")
	}
	u, _, err := a.Store.AccountLinkUser(ctx, commons.LinkReset, secret)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return u, linkGone("error.reset_link_gone")
	}
	return u, err
}

// ResetPassword uses a reset link: the new password replaces the old,
// every session ends and every API token is revoked (whoever knew the old
// password is out), and a mail tells the person. The link works once.
func (a *App) ResetPassword(ctx context.Context, secret, password string) (commons.User, error) {
	u, err := a.ResetLink(ctx, secret)
	if err != nil {
		return commons.User{}, err
	}
	hash, err := a.newPasswordHash("password", password, u)
	if err != nil {
		return commons.User{}, err
	}
	u, err = a.Store.ResetPassword(ctx, secret, hash, func(u commons.User) store.AccountMail {
		return a.accountMail(a.LocalizerFor(u), "reset_done", "Name", u.Name, "URL", a.link("/password-reset", ""))
	})
	if commons.CodeOf(err) == commons.CodeNotFound {
		return u, linkGone("error.reset_link_gone") // used by another request meanwhile
	}
	if err == nil {
		a.securityEvent(ctx, "password changed", "user_id", u.ID, "by", "reset link")
	}
	return u, err
}

// newPasswordHash checks a new password against the rules and hashes it.
func (a *App) newPasswordHash(field, password string, u commons.User) (string, error) {
	var v commons.Validator
	v.NewPassword(field, password, u.Email, u.Name)
	if err := v.Err(); err != nil {
		return "", err
	}
	a.hashSlots <- struct{}{}
	hash, err := argon2id.CreateHash(password, a.Argon2)
	<-a.hashSlots
	if err != nil {
		return "", commons.Internal(err)
	}
	return hash, nil
}

// changeCredentials changes a person's password or address after checking
// their current password (a session left open on a shared computer is not
// enough to take the account). A new password ends the person's other
// sessions and is told by mail; a new address gets a link and takes
// effect when it is followed. An address that has an account already gets
// the same answer and no mail, so the form tells no one who is here.
func (a *App) changeCredentials(ctx context.Context, actor *commons.User, ch commons.ProfileChange) error {
	var v commons.Validator
	var email string
	if ch.Email != nil {
		email = strings.TrimSpace(*ch.Email)
		v.Email("email", email, true)
	}
	if ch.CurrentPassword == "" {
		v.Fail("current_password", commons.Msg("error.current_password"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := a.limit(ctx, "password", a.SignInLimit.PerAccount, actor.ID, actor.ID); err != nil {
		return err
	}
	hash, err := a.Store.PasswordHash(ctx, actor.ID)
	if err != nil {
		return err
	}
	if len(ch.CurrentPassword) > 4*commons.MaxPasswordLen || !a.checkPassword(ctx, ch.CurrentPassword, hash) {
		return invalid("current_password", commons.Msg("error.current_password"))
	}
	if ch.Password != nil {
		newHash, err := a.newPasswordHash("password", *ch.Password, *actor)
		if err != nil {
			return err
		}
		told := a.accountMail(a.LocalizerFor(*actor), "password_changed", "Name", actor.Name, "URL", a.link("/password-reset", ""))
		if err := a.Store.ChangePassword(ctx, actor.ID, newHash, ch.KeepSession, told); err != nil {
			return err
		}
		a.securityEvent(ctx, "password changed", "user_id", actor.ID, "by", "account")
	}
	if ch.Email != nil && commons.EmailKey(email) != commons.EmailKey(actor.Email) {
		_, err := a.Store.UserByEmail(ctx, email)
		switch {
		case err == nil:
			return nil // taken: the same answer as for a free address
		case commons.CodeOf(err) != commons.CodeNotFound:
			return err
		}
		secret := newSecret("")
		m := a.accountMail(a.LocalizerFor(*actor), "email", "Name", actor.Name, "Email", email, "URL", a.link("/confirm-email/", secret))
		m.To = email
		if err := a.Store.SendAccountLink(ctx, store.AccountLinkMail{UserID: actor.ID, Purpose: commons.LinkEmail, Secret: secret, Email: email, Mail: m}); err != nil {
			return err
		}
		a.securityEvent(ctx, "e-mail change requested", "user_id", actor.ID)
	}
	return nil
}

// ConfirmLink returns the person a confirmation link (of an account, or of
// a new address) is for, so that its page asks before it acts: mail
// scanners follow links, and only a person presses the button.
func (a *App) ConfirmLink(ctx context.Context, purpose commons.AccountLink, secret string) (commons.User, string, error) {
	if (purpose != commons.LinkConfirm && purpose != commons.LinkEmail) || !validSecret(secret) {
		return commons.User{}, "", linkGone("error.confirm_link_gone")
	}
	u, email, err := a.Store.AccountLinkUser(ctx, purpose, secret)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return u, "", linkGone("error.confirm_link_gone")
	}
	return u, email, err
}

// ConfirmAddress uses a link that confirms an account's address.
func (a *App) ConfirmAddress(ctx context.Context, secret string) (commons.User, error) {
	if !validSecret(secret) {
		return commons.User{}, linkGone("error.confirm_link_gone")
	}
	u, err := a.Store.ConfirmAddress(ctx, secret)
	if commons.CodeOf(err) == commons.CodeNotFound {
		return u, linkGone("error.confirm_link_gone")
	}
	return u, err
}

// ConfirmEmailChange uses a link sent to a new address: it replaces the
// old one, which is told. An address taken by someone else meanwhile is
// the same neutral refusal as an unknown link.
func (a *App) ConfirmEmailChange(ctx context.Context, secret string) (commons.User, error) {
	if !validSecret(secret) {
		return commons.User{}, linkGone("error.confirm_link_gone")
	}
	u, err := a.Store.ChangeEmail(ctx, secret, func(old commons.User) store.AccountMail {
		return a.accountMail(a.LocalizerFor(old), "email_changed", "Name", old.Name, "Old", old.Email, "URL", a.link("/password-reset", ""))
	})
	if c := commons.CodeOf(err); c == commons.CodeNotFound || c == commons.CodeConflict {
		return u, linkGone("error.confirm_link_gone")
	}
	if err == nil {
		a.securityEvent(ctx, "e-mail changed", "user_id", u.ID)
	}
	return u, err
}

// ResendConfirmation mails a new confirmation link to a person whose
// address is not confirmed yet, a few times a window at most.
func (a *App) ResendConfirmation(ctx context.Context, actor *commons.User) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if actor.EmailConfirmed {
		return nil
	}
	if err := a.limit(ctx, "confirm", 3, actor.ID, actor.ID); err != nil {
		return err
	}
	return a.Store.SendAccountLink(ctx, *a.confirmLink(*actor))
}

// SessionInfo is one of a person's sessions, with the device read from
// its browser's User-Agent.
type SessionInfo struct {
	commons.Session
	Browser, OS, Device string
}

var uaParser = useragent.NewParser()

// Sessions lists the actor's signed-in sessions; current is the secret of
// the session asking ("" from the API), which is marked.
func (a *App) Sessions(ctx context.Context, actor *commons.User, current string) ([]SessionInfo, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	ss, err := a.Store.Sessions(ctx, actor.ID, current)
	if err != nil {
		return nil, err
	}
	out := make([]SessionInfo, len(ss))
	for i, s := range ss {
		ua := uaParser.Parse(s.UserAgent)
		out[i] = SessionInfo{Session: s, Browser: ua.Browser().String(), OS: ua.OS().String(), Device: ua.Device().String()}
	}
	return out, nil
}

// EndSession signs one of the actor's sessions out.
func (a *App) EndSession(ctx context.Context, actor *commons.User, id string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.Store.DeleteSessionByID(ctx, actor.ID, id)
}

// SignOutEverywhere ends every session of the actor but kept (the one
// asking; "" ends all), and revokes their API tokens when tokens is set.
func (a *App) SignOutEverywhere(ctx context.Context, actor *commons.User, kept string, tokens bool) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.Store.SignOutEverywhere(ctx, actor.ID, kept, tokens)
}

// PrivacyNotice is the operator's privacy notice as HTML, or the default
// one in the reader's language.
func (a *App) PrivacyNotice(loc *i18n.Localizer) template.HTML {
	text := a.PrivacyText
	if strings.TrimSpace(text) == "" {
		text = loc.T("privacy.default_notice")
	}
	return a.Markdown.HTML(text)
}

// CommunityStarters is the operator's choice of who may start communities.
func (a *App) CommunityStarters(ctx context.Context) (commons.CommunityStarters, error) {
	v, err := a.Store.SiteSetting(ctx, "community_starters", string(commons.StartersAnyone))
	return commons.CommunityStarters(v), err
}

// mayStartCommunity enforces the operator's choice of who may start
// communities; a person whose address is not confirmed starts none.
func (a *App) mayStartCommunity(ctx context.Context, actor *commons.User) error {
	if err := a.requireConfirmed(actor); err != nil {
		return err
	}
	starters, err := a.CommunityStarters(ctx)
	if err != nil {
		return err
	}
	if !commons.MayStartCommunity(actor, starters) {
		return commons.Errorf(commons.CodeForbidden, "error.starters."+string(starters))
	}
	return nil
}

// The operator's commands (commons admin …). They act on a person named
// by address; there is no actor: whoever runs them has the machine.

// AdminUser finds the person an operator's command names.
func (a *App) AdminUser(ctx context.Context, email string) (commons.User, error) {
	u, err := a.Store.UserByEmail(ctx, strings.TrimSpace(email))
	if commons.CodeOf(err) == commons.CodeNotFound {
		return u, fmt.Errorf("no account has the address %q", email)
	}
	return u, err
}

// AdminSetSiteAdmin makes a person a site administrator, or no longer.
func (a *App) AdminSetSiteAdmin(ctx context.Context, email string, admin bool) error {
	u, err := a.AdminUser(ctx, email)
	if err != nil {
		return err
	}
	if err := a.Store.SetSiteAdmin(ctx, u.ID, admin); err != nil {
		return err
	}
	a.securityEvent(ctx, "site admin set", "user_id", u.ID, "admin", admin)
	return nil
}

// AdminConfirm confirms a person's address by hand.
func (a *App) AdminConfirm(ctx context.Context, email string) error {
	u, err := a.AdminUser(ctx, email)
	if err != nil {
		return err
	}
	return a.Store.ConfirmAddressByHand(ctx, u.ID)
}

// AdminSuspend suspends a person (they cannot sign in; their sessions and
// tokens end) or lifts it.
func (a *App) AdminSuspend(ctx context.Context, email string, suspended bool) error {
	u, err := a.AdminUser(ctx, email)
	if err != nil {
		return err
	}
	if err := a.Store.Suspend(ctx, u.ID, suspended); err != nil {
		return err
	}
	a.securityEvent(ctx, "account suspended", "user_id", u.ID, "suspended", suspended)
	return nil
}

// AdminDelete deletes a (spam) account.
func (a *App) AdminDelete(ctx context.Context, email string) error {
	u, err := a.AdminUser(ctx, email)
	if err != nil {
		return err
	}
	if err := a.Store.DeleteUser(ctx, u.ID); err != nil {
		return err
	}
	a.securityEvent(ctx, "account deleted by an admin", "user_id", u.ID)
	return nil
}

// AdminSetStarters chooses who may start communities.
func (a *App) AdminSetStarters(ctx context.Context, choice string) error {
	s := commons.CommunityStarters(choice)
	if !s.Valid() {
		return fmt.Errorf("who may start communities: anyone, confirmed or admins, not %q", choice)
	}
	return a.Store.SetSiteSetting(ctx, "community_starters", choice)
}
