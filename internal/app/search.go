package app

import (
	"context"
	"strings"

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
	hits, err := a.Store.Search(ctx, store.SearchQuery{Community: s.Community, Q: q, Members: s.May.ReadMembersOnly, Now: a.Now(),
		Limit: searchLimit})
	if err != nil {
		return nil, err
	}
	out := make([]SearchResult, len(hits))
	for i, h := range hits {
		out[i] = SearchResult{SearchHit: h, Path: commons.PagePath(h.Type, s.Community.Slug, h.ID)}
	}
	return out, nil
}
