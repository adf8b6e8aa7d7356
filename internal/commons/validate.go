package commons

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Limits on text, in characters (runes). They are generous for people and
// small enough that a page or a database row stays reasonable.
const (
	MaxNameLen        = 200
	MaxShortTextLen   = 500
	MaxDescriptionLen = 20000
	MaxEmailLen       = 254
	MaxURLLen         = 2000
	MinPasswordLen    = 10
	MaxPasswordLen    = 256
	MaxLanguages      = 20
)

// Validator collects problems with input, one per field, so that a form can
// show every problem at once beside its field.
type Validator struct {
	fields map[string]Message
}

// Fail records a problem with a field; the first problem of a field wins.
func (v *Validator) Fail(field string, m Message) {
	if v.fields == nil {
		v.fields = map[string]Message{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = m
	}
}

// Failed reports whether the field already has a problem.
func (v *Validator) Failed(field string) bool {
	_, ok := v.fields[field]
	return ok
}

// Err returns nil when every check passed, or an invalid-input error that
// names each failed field.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: Msg("error.invalid"), Fields: v.fields}
}

// Line checks one line of text: required or not, at most max characters, no
// control characters. Leading and trailing space is the caller's to trim.
func (v *Validator) Line(field, value string, required bool, max int) {
	v.text(field, value, required, max, false)
}

// Text checks text that may span lines (descriptions, messages).
func (v *Validator) Text(field, value string, required bool, max int) {
	v.text(field, value, required, max, true)
}

func (v *Validator) text(field, value string, required bool, max int, multiline bool) {
	switch {
	case !utf8.ValidString(value):
		v.Fail(field, Msg("error.field.utf8"))
	case required && strings.TrimSpace(value) == "":
		v.Fail(field, Msg("error.field.required"))
	case utf8.RuneCountInString(value) > max:
		v.Fail(field, Msg("error.field.too_long", "Max", max))
	case hasControl(value, multiline):
		v.Fail(field, Msg("error.field.control"))
	}
}

// hasControl reports control characters: a NUL byte cannot be stored by
// PostgreSQL and the others are invisible traps for the next reader.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// Email checks an e-mail address and returns its canonical key: the address
// in lower case, used to keep addresses unique regardless of case.
func (v *Validator) Email(field, value string, required bool) string {
	v.Line(field, value, required, MaxEmailLen)
	if v.Failed(field) || value == "" {
		return ""
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value || !strings.Contains(value[strings.LastIndexByte(value, '@')+1:], ".") {
		v.Fail(field, Msg("error.field.email"))
		return ""
	}
	return EmailKey(value)
}

// EmailKey is the case-insensitive identity of an e-mail address.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// URL checks an optional web address: http or https with a host.
func (v *Validator) URL(field, value string) {
	v.Line(field, value, false, MaxURLLen)
	if v.Failed(field) || value == "" {
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.Fail(field, Msg("error.field.url"))
	}
}

// Password checks the one password rule: its length. Long passphrases are
// welcome; complexity rules only make people write passwords down.
func (v *Validator) Password(field, value string) {
	n := utf8.RuneCountInString(value)
	switch {
	case !utf8.ValidString(value):
		v.Fail(field, Msg("error.field.utf8"))
	case n < MinPasswordLen:
		v.Fail(field, Msg("error.field.password_short", "Min", MinPasswordLen))
	case n > MaxPasswordLen:
		v.Fail(field, Msg("error.field.too_long", "Max", MaxPasswordLen))
	}
}

// NewPassword checks a password being chosen: the length rule, and not a
// common password or one made of the person's own address or name.
func (v *Validator) NewPassword(field, value string, known ...string) {
	v.Password(field, value)
	if !v.Failed(field) && guessable(value, known...) {
		v.Fail(field, Msg("error.field.password_common"))
	}
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$`)

// reservedSlugs are path segments the web pages use themselves.
var reservedSlugs = map[string]bool{"new": true, "api": true, "static": true}

// Slug checks a community's address part: lower-case letters, digits and
// hyphens, 2 to 60 characters.
func (v *Validator) Slug(field, value string) {
	switch {
	case value == "":
		v.Fail(field, Msg("error.field.required"))
	case len(value) < 2 || !slugPattern.MatchString(value):
		v.Fail(field, Msg("error.field.slug"))
	case reservedSlugs[value]:
		v.Fail(field, Msg("error.field.slug_reserved"))
	}
}

// Languages checks an ordered list of BCP 47 language tags and returns them
// in canonical form without duplicates.
func (v *Validator) Languages(field string, tags []string) []string {
	if len(tags) == 0 {
		v.Fail(field, Msg("error.field.languages_empty"))
		return nil
	}
	if len(tags) > MaxLanguages {
		v.Fail(field, Msg("error.field.too_many", "Max", MaxLanguages))
		return nil
	}
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		tag, err := language.Parse(strings.TrimSpace(t))
		if err != nil || len(t) > 35 {
			v.Fail(field, Msg("error.field.language", "Tag", truncate(t, 35)))
			return nil
		}
		s := tag.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// TimeZone checks an IANA time zone name such as Europe/London.
func (v *Validator) TimeZone(field, value string) {
	if value == "" || len(value) > 64 {
		v.Fail(field, Msg("error.field.time_zone"))
		return
	}
	if _, err := time.LoadLocation(value); err != nil || value == "Local" {
		v.Fail(field, Msg("error.field.time_zone"))
	}
}

// OneOf checks that value is one of the allowed values.
func OneOf[T ~string](v *Validator, field string, value T, allowed []T) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	if value == "" {
		v.Fail(field, Msg("error.field.required"))
		return
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	v.Fail(field, Msg("error.field.one_of", "Allowed", strings.Join(names, ", ")))
}

func truncate(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
