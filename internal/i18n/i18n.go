// Package i18n holds the translation catalogs and picks the language each
// reader gets. Every string a person sees comes from here; a community
// decides its languages, and English and Russian are always complete.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/go-playground/locales"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/commons-project/commons/internal/commons"
)

//go:embed catalogs/*.toml
var catalogFiles embed.FS

// Fallback is the language of the source catalog, complete by definition.
const Fallback = "en"

// Catalog is every translation Commons has, loaded once at start.
type Catalog struct {
	bundle  *goi18n.Bundle
	tags    []language.Tag
	matcher language.Matcher
	names   map[string]string // each language's name in itself
	keys    map[string]map[string]bool
	msgs    map[string]map[string]*goi18n.Message // each language's messages by key, for the checks
	counted map[string]bool                       // keys whose English has plural forms
	source  map[string]*goi18n.Message            // the English messages, which overrides are checked against
	log     *slog.Logger
}

// Load reads the embedded catalogs: a language's main file (en.toml, …)
// and, beside it, one file per part of the product (initiatives.en.toml),
// so that work on different parts does not touch the same file.
func Load(log *slog.Logger) (*Catalog, error) { return LoadWithOverrides(log, "") }

// LoadWithOverrides reads the embedded catalogs and then, when dir is not
// empty, an operator's corrections and additions from the folder's
// <part>.<lang>.toml files (see overrides.go), which replace the built-in
// messages of the same key.
func LoadWithOverrides(log *slog.Logger, dir string) (*Catalog, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Catalog{bundle: goi18n.NewBundle(language.English), names: map[string]string{}, keys: map[string]map[string]bool{},
		msgs: map[string]map[string]*goi18n.Message{}, counted: map[string]bool{}, source: map[string]*goi18n.Message{}, log: log}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(catalogFiles, "catalogs/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := catalogFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		mf, err := goi18n.ParseMessageFileBytes(b, f, unmarshalers)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		code := langOfFile(f)
		for _, m := range mf.Messages {
			if c.keys[code][m.ID] {
				return nil, fmt.Errorf("i18n: %s: %q is defined twice for %s", f, m.ID, code)
			}
		}
		if err := c.add(code, mf.Messages); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
	}
	if dir != "" {
		if err := c.override(dir); err != nil {
			return nil, err
		}
	}
	c.matcher = language.NewMatcher(c.tags)
	for _, t := range c.tags {
		if code := t.String(); c.keys[code]["language.self"] {
			c.names[code] = c.Localizer(code).T("language.self")
		}
	}
	return c, nil
}

var unmarshalers = map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal}

// langOfFile is the language a catalog file is in: "cy" for cy.toml and
// for initiatives.cy.toml.
func langOfFile(f string) string {
	name := strings.TrimSuffix(path.Base(f), ".toml")
	return name[strings.LastIndexByte(name, '.')+1:]
}

// add puts one file's messages into the catalog; a language seen for the
// first time joins the catalog's languages.
func (c *Catalog) add(code string, msgs []*goi18n.Message) error {
	tag, err := language.Parse(code)
	if err != nil {
		return fmt.Errorf("%q is not a language tag: %w", code, err)
	}
	if err := c.bundle.AddMessages(tag, msgs...); err != nil {
		return err
	}
	_, seen := c.keys[code]
	if !seen {
		c.keys[code] = map[string]bool{}
		c.msgs[code] = map[string]*goi18n.Message{}
		if tag == language.English {
			c.tags = append([]language.Tag{tag}, c.tags...) // the matcher's default
		} else {
			c.tags = append(c.tags, tag)
		}
	}
	for _, m := range msgs {
		c.keys[code][m.ID] = true
		c.msgs[code][m.ID] = m
		if code == Fallback {
			c.source[m.ID] = m
			c.counted[m.ID] = m.One != "" || m.Few != ""
		}
	}
	return nil
}

// Languages lists the catalog languages, English first.
func (c *Catalog) Languages() []string {
	out := make([]string, len(c.tags))
	for i, t := range c.tags {
		out[i] = t.String()
	}
	return out
}

// Choosable lists every language a reader may choose: those with a
// catalog, then the others Commons knows (see Supported).
func (c *Catalog) Choosable() []string {
	out := c.Languages()
	for _, k := range Known() {
		if _, ok := c.keys[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// message is one language's message of a key, or nil.
func (c *Catalog) message(lang, key string) *goi18n.Message { return c.msgs[lang][key] }

// Keys returns the message ids a language's catalog holds.
func (c *Catalog) Keys(lang string) map[string]bool { return c.keys[lang] }

// LanguageName is a language's name in that language, for the switcher:
// its catalog's language.self, else CLDR's name for it.
func (c *Catalog) LanguageName(lang string) string {
	if n, ok := c.names[lang]; ok {
		return n
	}
	return SelfName(lang)
}

// Supported reports whether a reader may choose exactly this language: it
// has a catalog, or Commons knows it (Known) and what its catalog lacks
// comes in English.
func (c *Catalog) Supported(lang string) bool {
	_, ok := c.keys[lang]
	return ok || IsKnown(lang)
}

// Choose picks the reader's language: the person's own choice first, then
// what their browser asks for (an Accept-Language header), then the
// community's languages in order, then English.
func (c *Catalog) Choose(choice, acceptLanguage string, community []string) string {
	if c.Supported(choice) {
		return choice
	}
	if tags, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil {
		for _, t := range tags {
			if lang, ok := c.match(t); ok {
				return lang
			}
		}
	}
	for _, l := range community {
		if t, err := language.Parse(l); err == nil {
			if lang, ok := c.match(t); ok {
				return lang
			}
		}
	}
	return Fallback
}

func (c *Catalog) match(t language.Tag) (string, bool) {
	_, i, conf := c.matcher.Match(t)
	if conf < language.High {
		return "", false
	}
	return c.tags[i].String(), true
}

// Localizer speaks one language, falling back to English for any message a
// young catalog does not have yet.
type Localizer struct {
	Lang string
	loc  *goi18n.Localizer
	log  *slog.Logger
	keys map[string]bool // the English catalog's keys
	own  map[string]bool // the keys this language's catalog has
	// counted are the keys whose English has plural forms: a
	// notification's Count picks the form.
	counted map[string]bool
	cldr    locales.Translator // CLDR's dates, times and numbers (dates.go)
}

// Localizer returns the speaker of one language.
func (c *Catalog) Localizer(lang string) *Localizer {
	return &Localizer{Lang: lang, loc: goi18n.NewLocalizer(c.bundle, lang, Fallback), log: c.log, keys: c.keys[Fallback], own: c.keys[lang],
		counted: c.counted, cldr: cldrOf(lang)}
}

// T translates a message key with alternating argument names and values.
func (l *Localizer) T(key string, nameValues ...any) string {
	return l.Msg(commons.Msg(key, nameValues...))
}

// N translates a message that depends on a count (plural forms).
func (l *Localizer) N(key string, count int, nameValues ...any) string {
	m := commons.Msg(key, append([]any{"Count", l.Number(count)}, nameValues...)...)
	return l.localize(m, count)
}

// Feature names an accessibility feature: a standard one in the reader's
// language, a community's own as the community wrote it.
func (l *Localizer) Feature(name string) string {
	if l.keys["accessibility."+name] {
		return l.T("accessibility." + name)
	}
	return name
}

// Notification writes a notification in this language.
func (l *Localizer) Notification(n commons.Notification) string {
	key := "notification." + n.Kind
	args := make([]any, 0, 2*len(n.Args))
	count := -1 // a counted message's count, which picks its plural form
	for k, v := range n.Args {
		if k == "Count" && l.counted[key] {
			if c, err := strconv.Atoi(v); err == nil {
				count = c
				continue
			}
		}
		if k == "Outcome" {
			v = l.T("outcome." + v)
		}
		if k == "Role" {
			v = l.T("role." + v)
		}
		if k == "Changes" { // the fields an activity's organizers changed
			var names []string
			for _, c := range strings.Split(v, ",") {
				names = append(names, l.T("activity.change."+c))
			}
			v = strings.Join(names, ", ")
		}
		// A moment is kept as RFC 3339 in the community's zone and
		// written here as the reader's language writes it, with its time.
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			v = l.DateTime(t)
		} else if t, err := time.Parse(time.DateOnly, v); err == nil {
			v = l.Date(t) // a day, such as a due date
		}
		args = append(args, k, v)
	}
	if count >= 0 {
		return l.N(key, count, args...)
	}
	return l.T(key, args...)
}

// Msg translates a domain message.
func (l *Localizer) Msg(m commons.Message) string { return l.localize(m, nil) }

func (l *Localizer) localize(m commons.Message, count any) string {
	args, copied := m.Args, false
	// A message the language has not translated yet comes in English,
	// left to right: its arguments are isolated as in English.
	rtl := l.RTL() && l.own[m.Key]
	for k, v := range m.Args {
		var w any
		switch v := v.(type) {
		case time.Time:
			// A moment in a message is written as the reader's language
			// writes it, never as a Go layout.
			w = l.DateTime(v)
		case string:
			// A name or a title written in the other direction is
			// isolated, so that the sentence around it keeps its order.
			if !isolates(v, rtl) {
				continue
			}
			w = isolate(v)
		default:
			continue
		}
		if !copied { // the caller's map is kept as it was
			args, copied = make(map[string]any, len(m.Args)), true
			for k2, v2 := range m.Args {
				args[k2] = v2
			}
		}
		args[k] = w
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: m.Key, TemplateData: args, PluralCount: count})
	if err != nil {
		// A missing message is a bug the catalog tests catch; show the key
		// rather than nothing so a person can report it.
		l.log.Warn("missing translation", "lang", l.Lang, "key", m.Key, "err", err)
		if s == "" {
			return m.Key
		}
	}
	return s
}

// EnglishPhrases are the interface's fixed English texts (messages with no
// argument) that lang writes in its own words, less those that lang itself
// uses for another message (Romanian "Date" is a word of its own). A page in lang that shows
// one of them as a whole text has a string that did not go through the
// catalog, or came from English: the page tests look for them.
func (c *Catalog) EnglishPhrases(lang string) map[string]bool {
	out := map[string]bool{}
	for key, src := range c.source {
		if src.One != "" || src.Few != "" || strings.Contains(src.Other, "{{") || key == "language.self" {
			continue // the switcher names each language in itself
		}
		tr := c.msgs[lang][key]
		if tr == nil || tr.Other == src.Other {
			continue
		}
		if s := strings.Join(strings.Fields(src.Other), " "); s != "" {
			out[s] = true
		}
	}
	for own := range c.Phrases(lang) {
		delete(out, own)
	}
	return out
}

// Phrases are lang's own fixed texts (messages with no argument), spaces
// folded: words a page in lang may show whatever they mean in English.
func (c *Catalog) Phrases(lang string) map[string]bool {
	out := map[string]bool{}
	for _, m := range c.msgs[lang] {
		if !strings.Contains(m.Other, "{{") {
			out[strings.Join(strings.Fields(m.Other), " ")] = true
		}
	}
	return out
}
