package app

import (
	"context"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// SearchResult is one thing found, with its page.
type SearchResult struct {
	store.SearchHit
	Path string
}

// searchLimit bounds a search's results.
const searchLimit = 50

// Search looks for words across a community's resources, organizations,
// initiatives, activities, learning requests, offers and requests, and —
// for its members — threads; community-only offers and requests are
// found by members only.
func (a *App) Search(ctx context.Context, s Scope, q string) ([]SearchResult, error) {
	q = strings.TrimSpace(q)
	var v commons.Validator
	v.Line("q", q, true, 100)
	if err := v.Err(); err != nil {
		return nil, err
	}
	spoken, err := a.Store.ProfileLanguages(ctx, s.Community.ID)
	if err != nil {
		return nil, err
	}
	hits, err := a.Store.Search(ctx, store.SearchQuery{Community: s.Community, Q: q, Members: s.May.ReadMembersOnly, Now: a.Now(),
		Limit: searchLimit, ReaderID: s.ActorID(), Languages: languageWords(spoken)})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range hits {
		if h.Type == commons.CandidatePerson {
			ids = append(ids, h.ID)
		}
	}
	people, err := a.people(ctx, s, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]SearchResult, 0, len(hits))
	for _, h := range hits {
		if h.Type == commons.CandidatePerson && !people.shows(h.ID) {
			continue // the store's filter is the same rule; this is the rule itself
		}
		out = append(out, SearchResult{SearchHit: h, Path: commons.CandidatePath(h.Type, s.Community.Slug, h.ID)})
	}
	return out, nil
}

// languageWords maps the one-word names of languages, in English, in
// Russian and in themselves ("russian", "русский"), and their codes, to
// the codes, for the languages people speak.
func languageWords(codes []string) map[string]string {
	out := map[string]string{}
	for _, c := range codes {
		tag, err := language.Parse(c)
		if err != nil {
			continue
		}
		out[strings.ToLower(c)] = c
		for _, name := range []string{display.English.Tags().Name(tag), display.Russian.Tags().Name(tag), display.Self.Name(tag)} {
			if name = strings.ToLower(name); name != "" && !strings.ContainsAny(name, " ()") {
				out[name] = c
			}
		}
	}
	return out
}
