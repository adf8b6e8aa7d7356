package commons

import (
	"slices"
	"strings"
	"time"
)

// Content in several languages. A community, an organization, a resource,
// an activity, an initiative, a need, an offer or request, an achievement
// and an announcement (a pinned thread) can carry their title and
// description in each of the community's languages. The thing's own fields
// are the original, written in its OriginalLang; a Translation holds one
// more language. A reader sees their language when it exists, else the
// original with a note that names its language and the others.
//
// Who may translate: whoever may edit the thing, and the community's
// editors and stewards (ActionTranslate), who look after its words — a
// bilingual volunteer need not own a room to write its Welsh description.

// SubjectCommunity names the community itself where content is addressed
// by kind and id (its translations); it is not a thing within a community
// and so not in the subject registry.
const SubjectCommunity SubjectType = "community"

// Translation is a thing's title and description in one more language.
type Translation struct {
	Lang        string
	Title       string
	Description string
	UpdatedBy   string
	UpdatedAt   time.Time
}

// Content is what a thing says in each language it is written in.
type Content struct {
	Kind SubjectType
	ID   string
	// Original is the language of the thing's own fields.
	Original string
	// Title and Description are the original's.
	Title, Description string
	// Translations hold the other languages, by language code.
	Translations map[string]Translation
}

// translatableKinds are the kinds whose title and description can be
// translated, with whether they have a title (a need is a description).
var translatableKinds = map[SubjectType]bool{
	SubjectCommunity: true, SubjectOrganization: true, SubjectResource: true, SubjectActivity: true,
	SubjectInitiative: true, SubjectNeed: false, SubjectIntent: true, SubjectAchievement: true, SubjectThread: true,
}

// TranslatableKinds lists the kinds that take translations, in a stable
// order (for the API's description and the tests).
func TranslatableKinds() []SubjectType {
	out := make([]SubjectType, 0, len(translatableKinds))
	for k := range translatableKinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// HasTitle reports whether a translatable kind has a title to translate.
func HasTitle(kind SubjectType) bool { return translatableKinds[kind] }

// CheckTranslatable refuses a kind that takes no translations, naming the
// field "kind" and the kinds that do.
func CheckTranslatable(kind SubjectType) error {
	if _, ok := translatableKinds[kind]; ok {
		return nil
	}
	var v Validator
	OneOf(&v, "kind", kind, TranslatableKinds())
	return v.Err()
}

// MayTranslate is the rule for writing a thing's translations: whoever may
// edit the thing, and the community's editors and stewards.
func MayTranslate(m *Member, mayEdit bool) bool {
	return (mayEdit && (m == nil || !m.ReadOnly)) || Allowed(m, ActionTranslate)
}

// OriginalLanguage is the language a thing's own fields are written in:
// the one its author named, else the community's first language.
func OriginalLanguage(named string, community []string) string {
	if named != "" {
		return named
	}
	if len(community) > 0 {
		return community[0]
	}
	return "en" // a community always has a language; this is only a guard
}

// CheckTranslation validates one translation for a thing whose original is
// in original, in a community with the given languages. Its language must
// be one of the community's and not the original's (the original is edited
// on the thing itself); its text follows the thing's own limits; and it
// says something. It returns the translation trimmed.
func CheckTranslation(kind SubjectType, t Translation, community []string, original string) (Translation, error) {
	t.Lang = strings.TrimSpace(t.Lang)
	t.Title, t.Description = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description)
	var v Validator
	switch {
	case !slices.Contains(community, t.Lang):
		OneOf(&v, "lang", t.Lang, community)
	case t.Lang == original:
		v.Fail("lang", Msg("error.translation.original"))
	}
	if !HasTitle(kind) && t.Title != "" {
		v.Fail("title", Msg("error.translation.no_title"))
	}
	v.Line("title", t.Title, false, MaxNameLen)
	v.Text("description", t.Description, false, MaxDescriptionLen)
	if t.Title == "" && t.Description == "" && !v.Failed("title") && !v.Failed("description") {
		v.Fail("description", Msg("error.translation.empty"))
	}
	return t, v.Err()
}

// CheckOriginalLanguage validates the language a thing's author says its
// own fields are written in: one of the community's.
func CheckOriginalLanguage(lang string, community []string) error {
	var v Validator
	if !slices.Contains(community, lang) {
		OneOf(&v, "original_language", lang, community)
	}
	return v.Err()
}

// Shown is what a reader of one language sees of a thing's text.
type Shown struct {
	Title, Description string
	// Lang is the language shown; Translated is true when it is not the
	// original; Missing is true when the reader's language has no text
	// and the original is shown instead (the page says so).
	Lang       string
	Translated bool
	Missing    bool
	// Original is the language the thing was written in.
	Original string
	// Others are the other languages the thing can be read in, in the
	// community's order, the original among them.
	Others []string
}

// In picks what a reader of lang sees. A translation without a title (or
// without a description) keeps the original's for that part.
func (c Content) In(lang string, community []string) Shown {
	s := Shown{Title: c.Title, Description: c.Description, Lang: c.Original, Original: c.Original}
	if t, ok := c.Translations[lang]; ok && lang != c.Original {
		s.Lang, s.Translated = lang, true
		if t.Title != "" {
			s.Title = t.Title
		}
		if t.Description != "" {
			s.Description = t.Description
		}
	} else if lang != c.Original {
		s.Missing = true
	}
	for _, l := range c.Languages(community) {
		if l != s.Lang {
			s.Others = append(s.Others, l)
		}
	}
	return s
}

// Languages lists the languages the thing can be read in: the original
// first, then its translations in the community's order.
func (c Content) Languages(community []string) []string {
	out := []string{c.Original}
	for _, l := range community {
		if _, ok := c.Translations[l]; ok && l != c.Original {
			out = append(out, l)
		}
	}
	var dropped []string // languages the community has since dropped
	for l := range c.Translations {
		if !slices.Contains(out, l) && !slices.Contains(community, l) {
			dropped = append(dropped, l)
		}
	}
	slices.Sort(dropped)
	return append(out, dropped...)
}
