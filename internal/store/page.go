package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
)

// A cursor is the sort key and id of the last row a page showed, so that the
// next page starts after it however rows are added meanwhile (keyset paging).

func encodeCursor(sortKey, id string) string {
	b, _ := json.Marshal([2]string{sortKey, id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (sortKey, id string, err error) {
	if c == "" {
		return "", "", nil
	}
	var parts [2]string
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, &parts)
	}
	if err != nil || parts[1] == "" || !cleanText(parts[0]) || !cleanText(parts[1]) {
		return "", "", commons.Errorf(commons.CodeBadRequest, "error.cursor")
	}
	return parts[0], parts[1], nil
}

// cleanText reports text that every engine can store: valid UTF-8 without NUL.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// pageLimit applies API.md's default and maximum page sizes.
func pageLimit(p commons.Page) int {
	switch {
	case p.Limit <= 0:
		return commons.DefaultPageSize
	case p.Limit > commons.MaxPageSize:
		return commons.MaxPageSize
	}
	return p.Limit
}

// likeWords turns a search text into LIKE patterns, one per word, matched
// against text kept in lower case. LIKE's own wildcards are escaped with \.
func likeWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		w = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(w)
		out = append(out, "%"+w+"%")
		if len(out) == 8 { // enough words to narrow any directory
			break
		}
	}
	return out
}

// searchText is what text filters look in: the given texts in lower case.
func searchText(parts ...string) string { return strings.ToLower(strings.Join(parts, "\n")) }

// searchWords splits a search into at most eight lower-case words.
func searchWords(q string) []string {
	words := strings.Fields(strings.ToLower(q))
	if len(words) > 8 {
		words = words[:8]
	}
	return words
}

// keyedPage runs a keyset-paged query, whose last column is the sort key,
// and returns up to limit items with the cursor of the next page.
func keyedPage[T any](ctx context.Context, s *Store, limit int, q string, args []any,
	scan func(row interface{ Scan(...any) error }, key *string) (T, string, error)) ([]T, string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, "", s.classify(err)
	}
	defer rows.Close()
	var out []T
	var keys, ids []string
	for rows.Next() {
		var key string
		item, id, err := scan(rows, &key)
		if err != nil {
			return nil, "", s.classify(err)
		}
		out = append(out, item)
		keys = append(keys, key)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.classify(err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor(keys[limit-1], ids[limit-1])
	}
	return out, next, nil
}

// StoryCursor is the cursor of a page of stories that ends with st, in the
// order Stories lists them (told, then id).
func StoryCursor(st commons.Story) string {
	return encodeCursor(st.CreatedAt.UTC().Format(time.RFC3339Nano), st.ID)
}

// StoryAfter reads a cursor of StoryCursor: the returned function tells
// the stories that come after it. An empty cursor comes before every
// story; one that does not read is a bad request.
func StoryAfter(cursor string) (func(commons.Story) bool, error) {
	key, id, err := decodeCursor(cursor)
	if err != nil || cursor == "" {
		return func(commons.Story) bool { return true }, err
	}
	at, err := time.Parse(time.RFC3339Nano, key)
	if err != nil {
		return nil, commons.Errorf(commons.CodeBadRequest, "error.cursor")
	}
	return func(st commons.Story) bool {
		return st.CreatedAt.After(at) || (st.CreatedAt.Equal(at) && st.ID > id)
	}, nil
}
