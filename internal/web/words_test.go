package web_test

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commons-project/commons/internal/demo"
	"github.com/commons-project/commons/internal/i18n"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
	"github.com/commons-project/commons/internal/web"
)

// Every page a person can reach from the demo community's pages, read in
// each complete language by a steward who holds every role, shows words
// and not the program's insides: no catalog key (a missing translation),
// no enum value or field name (seeking_partners, trust_threshold), and in
// Russian no English weekday or month from a Go date layout; and dates as
// people write them, not as ISO 8601.
func TestPagesShowWordsNotCodes(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	if _, err := demo.Load(context.Background(), s.App, true); err != nil {
		t.Fatal(err)
	}
	w, err := web.New(s.App, s.Catalog, s.App.Log)
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]bool{}
	for k := range s.Catalog.Keys("en") {
		prefixes[k[:strings.IndexByte(k, '.')+1]] = true
	}
	var patterns []pagePattern
	for _, p := range w.Pages() {
		patterns = append(patterns, newPagePattern(p))
	}
	for _, lang := range i18n.Known() {
		t.Run(lang, func(t *testing.T) {
			english, own := s.Catalog.EnglishPhrases(lang), s.Catalog.Phrases(lang)
			b := newBrowser(t, s, lang)
			if code, _ := b.post("/signin", map[string]string{"email": "carys@cwm-tawel.example", "password": "commons-demo"}); code != 303 {
				t.Fatalf("sign in: %d", code)
			}
			if code, _ := b.post("/language", map[string]string{"lang": lang, "return": "/"}); code != 303 {
				t.Fatalf("choose %s: %d", lang, code)
			}
			seen := map[string]bool{}
			perPattern := map[string]int{}
			queue := []string{"/", "/c/" + demo.Slug}
			for len(queue) > 0 {
				path := queue[0]
				queue = queue[1:]
				if seen[path] {
					continue
				}
				seen[path] = true
				rec := b.do("GET", path, nil)
				if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
					continue
				}
				doc, err := html.Parse(strings.NewReader(rec.Body.String()))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				for _, p := range problemsIn(doc, lang, prefixes, english, own) {
					t.Errorf("%s: %s", path, p)
				}
				for _, link := range links(doc) {
					name, ok := matchPattern(patterns, link)
					if !ok || seen[link] || perPattern[name] >= 2 {
						continue
					}
					perPattern[name]++
					queue = append(queue, link)
				}
			}
			var missed []string
			for _, p := range patterns {
				if perPattern[p.name] == 0 && !strings.HasSuffix(p.name, "/{$}") && !unreachableByLink(p.name) {
					missed = append(missed, p.name)
				}
			}
			sort.Strings(missed)
			if len(missed) > 0 {
				t.Logf("pages no link of the demo leads to (not checked here): %v", missed)
			}
		})
	}
}

// unreachableByLink names pages a person reaches from a mail or a form's
// answer, not from a link in a page.
func unreachableByLink(p string) bool {
	return strings.Contains(p, "/unsubscribe") || strings.Contains(p, "{token}")
}

type pagePattern struct {
	name string
	re   *regexp.Regexp
}

func newPagePattern(p string) pagePattern {
	path := strings.TrimPrefix(p, "GET ")
	if path == "/{$}" {
		return pagePattern{p, regexp.MustCompile(`^/$`)}
	}
	quoted := regexp.QuoteMeta(path)
	return pagePattern{p, regexp.MustCompile("^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(quoted, "[^/]+") + "$")}
}

func matchPattern(ps []pagePattern, link string) (string, bool) {
	path := link
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for _, p := range ps {
		if p.re.MatchString(path) {
			return p.name, true
		}
	}
	return "", false
}

// links are the same-site pages a page links to.
func links(n *html.Node) []string {
	var out []string
	for d := range n.Descendants() {
		if d.Type != html.ElementNode || d.Data != "a" {
			continue
		}
		for _, a := range d.Attr {
			if a.Key == "href" && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
				href := a.Val
				if i := strings.IndexByte(href, '#'); i >= 0 {
					href = href[:i]
				}
				out = append(out, href)
			}
		}
	}
	return out
}

var (
	enumWord = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`)
	keyLike  = regexp.MustCompile(`\b[a-z_]+(?:\.[a-z0-9_]+)+\b`)
	// A weekday or month beside a number is a date; "every Tuesday" in
	// what someone wrote is not.
	englishInDate = regexp.MustCompile(`\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? \d|\d,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`)
	isoDate       = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	languageCodes = regexp.MustCompile(`^\s*[a-z]{2,3}(?:\s*,\s*[a-z]{2,3})+\s*$|^\s*(?:en|ru|cy)\s*$`)
	// Words that are values in the code: shown alone in a Russian page they
	// are a role, status or kind left untranslated.
	enumValues = map[string]bool{"newcomer": true, "member": true, "editor": true, "steward": true, "admin": true,
		"idea": true, "seeking_partners": true, "active": true, "completed": true, "paused": true, "open": true,
		"requested": true, "confirmed": true, "declined": true, "cancelled": true, "proposed": true, "signed": true,
		"space": true, "equipment": true, "funding": true, "expertise": true, "time": true, "materials": true, "other": true,
		"course": true, "workshop": true, "event": true, "skill_share": true}
)

// problemsIn reads a page's text (and the labels a screen reader speaks)
// for codes where words belong. What people wrote is in the demo's own
// words, which hold no such codes.
func problemsIn(doc *html.Node, lang string, prefixes, english, own map[string]bool) []string {
	var out []string
	check := func(text string) {
		for _, i := range keyLike.FindAllStringIndex(text, -1) {
			m := text[i[0]:i[1]]
			if i[0] > 0 && text[i[0]-1] == '/' {
				continue // a file in an address, such as …/activities.ics
			}
			if prefixes[m[:strings.IndexByte(m, '.')+1]] {
				out = append(out, "a catalog key: "+m)
			}
		}
		for _, m := range enumWord.FindAllString(text, -1) {
			out = append(out, "a code: "+m+" in “"+strings.TrimSpace(text)+"”")
		}
		for _, m := range isoDate.FindAllString(text, -1) {
			out = append(out, "a machine's date: "+m+" in “"+strings.TrimSpace(text)+"”")
		}
		if languageCodes.MatchString(text) {
			out = append(out, "language codes: “"+strings.TrimSpace(text)+"”")
		}
		if whole := strings.Join(strings.Fields(text), " "); english[whole] {
			out = append(out, "English where the language has its own words: “"+whole+"”")
		}
		if lang != "en" {
			for _, word := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '·' || r == '(' || r == ')' || r == ':' }) {
				if w := strings.TrimSpace(word); enumValues[w] && !own[w] { // Romanian "editor" is a word
					out = append(out, "an English code: “"+strings.TrimSpace(word)+"” in “"+strings.TrimSpace(text)+"”")
				}
			}
			for _, m := range englishInDate.FindAllString(text, -1) {
				out = append(out, "an English weekday or month: "+m+" in “"+strings.TrimSpace(text)+"”")
			}
		}
	}
	for d := range doc.Descendants() {
		switch d.Type {
		case html.TextNode:
			if p := d.Parent; p != nil && (p.Data == "script" || p.Data == "style" || p.Data == "code" || p.Data == "pre") {
				continue
			}
			// A textarea's text is a form field's value, written in the
			// syntax its hint gives (a commitment starts with its due day
			// as YYYY-MM-DD), as an input's value attribute is, which this
			// test does not read either.
			if p := d.Parent; p != nil && p.Data == "textarea" {
				continue
			}
			check(d.Data)
		case html.ElementNode:
			for _, a := range d.Attr {
				if slices.Contains([]string{"aria-label", "title", "placeholder", "alt"}, a.Key) {
					check(a.Val)
				}
			}
			if p := codeField(d); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// chosenFromLists are the fields whose values are codes a person should
// never have to type: languages and time zones are chosen from lists
// (boxes, a <select>) that name them in the reader's language.
var chosenFromLists = []string{"language", "languages", "time_zone"}

// codeField says what is wrong with an input that asks for codes to be
// typed (a text field named languages, say), or "".
func codeField(n *html.Node) string {
	if n.Data != "input" {
		return ""
	}
	var name, typ string
	for _, a := range n.Attr {
		switch a.Key {
		case "name":
			name = a.Val
		case "type":
			typ = a.Val
		}
	}
	if !slices.Contains(chosenFromLists, name) || slices.Contains([]string{"checkbox", "radio", "hidden"}, typ) {
		return ""
	}
	return "a field asking for codes to be typed: <input name=\"" + name + "\" type=\"" + typ + "\">"
}
