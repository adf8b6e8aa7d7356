package commons

import (
	"time"

	"github.com/trustelem/zxcvbn"
)

// AccountLink is what a one-time link mailed to a person is for.
type AccountLink string

// The one-time links. Each is single-use and stored only as a hash.
const (
	LinkReset   AccountLink = "reset"   // set a new password
	LinkConfirm AccountLink = "confirm" // confirm the account's address
	LinkEmail   AccountLink = "email"   // confirm a new address, which then replaces the old
)

// TTL is how long a link of the kind stays good: an hour for a password
// reset (whoever reads the mail later should not find a working key);
// longer to confirm an address, which people do when they next look.
func (l AccountLink) TTL() time.Duration {
	switch l {
	case LinkReset:
		return time.Hour
	case LinkEmail:
		return 24 * time.Hour
	}
	return 7 * 24 * time.Hour
}

// Session is one signed-in browser, as its owner sees it on /me.
type Session struct {
	ID         string
	UserAgent  string
	Address    string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	// Current marks the session the list is read with.
	Current bool
}

// CommunityStarters says who may start a community on this site; the
// operator chooses with `commons admin starters`.
type CommunityStarters string

// The choices of who may start communities.
const (
	StartersAnyone    CommunityStarters = "anyone"
	StartersConfirmed CommunityStarters = "confirmed"
	StartersAdmins    CommunityStarters = "admins"
)

// Valid tells whether s is one of the choices.
func (s CommunityStarters) Valid() bool {
	return s == StartersAnyone || s == StartersConfirmed || s == StartersAdmins
}

// MayStartCommunity is the rule for starting a community under the
// operator's choice.
func MayStartCommunity(u *User, s CommunityStarters) bool {
	switch {
	case u == nil:
		return false
	case s == StartersAdmins:
		return u.SiteAdmin
	case s == StartersConfirmed:
		return u.EmailConfirmed || u.SiteAdmin
	}
	return true
}

// readingActions are what a member whose address is not confirmed may
// still do: read what is for members. Everything else acts in the
// community's name or reaches other people, and waits for the address.
var readingActions = map[Action]bool{ActionViewApplications: true, ActionReadHistory: true}

// guessable reports whether a password is on the lists of common
// passwords, or close to one (a word with digits, a keyboard row, a
// date), by zxcvbn's estimate: fewer than about 10⁶ guesses. The
// person's address and name count as known words.
//
// zxcvbn's lists are English; for some text in other scripts it makes no
// estimate at all (zero guesses), which is not a verdict, so such a
// password is judged by its length alone.
func guessable(password string, known ...string) bool {
	r := zxcvbn.PasswordStrength(password, known)
	return r.Guesses >= 1 && r.Score <= 1
}
