// Package app holds the use cases of Commons: signing up, starting a
// community, joining it, publishing an organization. The web pages and the
// JSON API both call these methods, so a rule is written once and holds
// whichever door a person comes in by. Methods take the acting person (nil
// for a visitor) and return *commons.Error values that handlers render.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"runtime"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/fetch"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/mail"
	"github.com/commons-project/commons/internal/markdown"
	"github.com/commons-project/commons/internal/store"
)

// App is Commons' application layer. Its fields are its dependencies.
type App struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Log     *slog.Logger
	// Passwords are hashed with argon2id and these parameters.
	Argon2 *argon2id.Params
	// SessionTTL is how long a web session lasts after it was last used.
	SessionTTL time.Duration
	// ConfirmEmail asks new accounts to confirm their address by a mailed
	// link before they act (post, book, pledge, vouch, message); they sign
	// in and read meanwhile. Off only where the site sends no mail.
	ConfirmEmail bool
	// PrivacyText is the operator's privacy notice in Markdown, shown and
	// accepted at sign-up; empty for the default one.
	PrivacyText string
	// SignInLimit bounds failed sign-ins in a window, per account and per
	// network address.
	SignInLimit SignInLimit
	// Markdown renders what people write (descriptions, posts) as safe HTML.
	Markdown *markdown.Renderer
	// Flood bounds how fast one person posts and sends messages.
	Flood store.Flood
	// Writes bounds how fast one person changes things and one address
	// makes accounts (SpendWrite).
	Writes WriteLimits
	// Mail sends e-mail (SMTP, or the log); MailFrom is its sender's
	// address and PublicURL the site's address that mails link to.
	Mail      mail.Sender
	MailFrom  string
	PublicURL string
	// Fetch gets calendar feeds from other sites for resources' stewards
	// (public addresses only); nil, the default, turns that off.
	Fetch *fetch.Client
	// MailPace is how long the mail loop rests after writing a mail, as a
	// multiple of the time writing it took (a digest computes its
	// matches): 3 keeps a backlog of digests — every member's, once a
	// day — to about a quarter of one core, so that people's requests come
	// first. Sending (the SMTP server's time) does not count. 0 never
	// rests.
	MailPace float64

	// hashSlots bounds how many argon2id hashes run at once.
	hashSlots chan struct{}
	// decodeSlots bounds how many photos are decoded at once.
	decodeSlots chan struct{}
}

// SignInLimit is the rate limit on failed sign-ins (see App.SignIn).
type SignInLimit struct {
	// PerAccount failures of one account from one address refuse that
	// address; as many from anywhere put the account under guard.
	PerAccount int
	// PerAddress failures from one address, on any accounts, refuse it.
	PerAddress int
	Window     time.Duration
	// GuardDelay is how long an attempt on a guarded account waits
	// before its password is checked: it slows guessing from many
	// addresses, and costs the owner a moment once.
	GuardDelay time.Duration
}

// DefaultArgon2 follows OWASP's guidance for argon2id (19 MiB, two passes):
// strong, and cheap enough for a 2-core machine serving a town.
var DefaultArgon2 = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// New returns an App with sensible defaults around the given parts.
func New(s *store.Store, c *i18n.Catalog, log *slog.Logger) *App {
	return &App{
		Store:        s,
		Catalog:      c,
		Log:          log,
		Argon2:       DefaultArgon2,
		SessionTTL:   30 * 24 * time.Hour,
		ConfirmEmail: true,
		SignInLimit:  SignInLimit{PerAccount: 5, PerAddress: 30, Window: 15 * time.Minute, GuardDelay: 2 * time.Second},
		Markdown:     markdown.New(),
		Flood:        DefaultFlood,
		Writes:       DefaultWriteLimits,
		Mail:         mail.Log{Log: log},
		MailFrom:     "commons@localhost",
		PublicURL:    "http://localhost:8080",
		hashSlots:    make(chan struct{}, max(2, runtime.NumCPU())),
		decodeSlots:  make(chan struct{}, 2),
	}
}

// Now is the time by the installation's one clock. The store owns that
// clock, because it stamps every row with it; the App reads the same one, so
// rules that compare a stamp with the present (the post edit window, flood
// control) see one time. A test that moves it with SetClock moves both.
func (a *App) Now() time.Time { return a.Store.Clock()() }

// SetClock replaces the installation's clock, for the store and the App
// alike; nil restores time.Now.
func (a *App) SetClock(now func() time.Time) { a.Store.SetClock(now) }

// newSecret returns 32 random bytes as text, for sessions and API tokens.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// invalid returns an invalid-input error for one field.
func invalid(field string, m commons.Message) error {
	return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.invalid"), Fields: map[string]commons.Message{field: m}}
}

// requireUser turns a visitor into an unauthenticated error.
func requireUser(actor *commons.User) error {
	if actor == nil {
		return commons.Unauthenticated()
	}
	return nil
}

func bg(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
