package store

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// SearchHit is one result of a community-wide search.
type SearchHit struct {
	Type    commons.SubjectType
	ID      string
	Title   string
	Snippet string
	// Score counts the query's words found in the title (twice) and in
	// the rest.
	Score int
}

// SearchQuery is a community-wide search and what the reader may see.
type SearchQuery struct {
	Community commons.Community
	Q         string
	// Members: the reader is an active member (threads and community-only
	// offers and requests are theirs to find).
	Members bool
	Now     time.Time
	Limit   int
	// ReaderID is the reader (empty for a visitor): a person who is not
	// a member finds the people whose profile is public, and themselves.
	ReaderID string
	// Languages maps the query's words that name a language ("russian",
	// "русский") to its code, so that people are found by the languages
	// they speak.
	Languages map[string]string
}

// searchKind is one kind of thing search looks in: its text columns and
// what else it needs (the ? after the community's id are the extra args).
type searchKind struct {
	typ          commons.SubjectType
	title, body  string
	from, where  string
	membersOnly  bool
	publicFilter string // added for readers who are not members
	args         func(q SearchQuery) []any
}

var searchKinds = []searchKind{
	{typ: commons.SubjectOrganization, title: "x.name", body: "x.description", from: "organizations x",
		where: "x.moderation = 'visible' AND " + notArchived("x")},
	{typ: commons.SubjectInitiative, title: "x.title", body: "x.summary || ' ' || x.description", from: shown(commons.SubjectInitiative, "x"),
		where: notArchived("x")},
	{typ: commons.SubjectActivity, title: "x.title", body: "x.description || ' ' || x.themes", from: shown(commons.SubjectActivity, "x"),
		where: "x.status = 'scheduled' AND x.ends_at > ?", args: func(q SearchQuery) []any { return []any{q.Now.UTC()} }},
	{typ: commons.SubjectIntent, title: "x.title", body: "x.description || ' ' || x.themes", from: shown(commons.SubjectIntent, "x"),
		where: "x.status IN ('open', 'answered') AND (x.ends_at IS NULL OR x.ends_at > ?)", publicFilter: "x.visibility = 'public'",
		args: func(q SearchQuery) []any { return []any{q.Now.UTC()} }},
	{typ: commons.SubjectProposal, title: "x.title", body: "x.description || ' ' || x.themes", from: shown(commons.SubjectProposal, "x")},
	{typ: commons.SubjectThread, title: "x.title", body: "''", from: shown(commons.SubjectThread, "x"), membersOnly: true},
}

// Search finds things of every kind in a community whose text holds every
// word of the query: resources through the full-text index (in the
// community's languages), the rest by their words; ranked by where the
// words are found, resources first among equals.
func (s *Store) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	words := searchWords(q.Q)
	if len(words) == 0 {
		return nil, nil
	}
	var hits []SearchHit
	cond, args := s.d.resourceSearch(q.Community.ID, q.Community.Languages, q.Q)
	// A resource is found by its translations too (any language's words).
	translated := "SELECT tr.subject_id FROM translations tr WHERE tr.community_id = ? AND tr.subject_type = 'resource'"
	args = append(args, q.Community.ID)
	for _, w := range likeWords(q.Q) {
		translated += ` AND LOWER(tr.title || ' ' || tr.description) LIKE ? ESCAPE '\'`
		args = append(args, w)
	}
	rows, err := s.query(ctx, `SELECT r.id, r.title, r.description FROM resources r WHERE r.community_id = ? AND r.moderation = 'visible'
		AND `+notArchived("r")+` AND `+resourceShown+` AND (`+cond+` OR r.id IN (`+translated+`)) LIMIT ?`, append(append([]any{q.Community.ID}, args...), q.Limit)...)
	if err != nil {
		return nil, s.classify(err)
	}
	if hits, err = scanHits(rows, commons.SubjectResource, words, hits); err != nil {
		return nil, s.classify(err)
	}
	for _, k := range searchKinds {
		if k.membersOnly && !q.Members {
			continue
		}
		query := "SELECT x.id, " + k.title + ", " + k.body + " FROM " + k.from + " WHERE x.community_id = ?"
		args := []any{q.Community.ID}
		if k.where != "" {
			query += " AND " + k.where
			if k.args != nil {
				args = append(args, k.args(q)...)
			}
		}
		if k.publicFilter != "" && !q.Members {
			query += " AND " + k.publicFilter
		}
		for _, w := range likeWords(q.Q) {
			like := "LOWER(" + k.title + " || ' ' || " + k.body + `) LIKE ? ESCAPE '\'`
			args = append(args, w)
			if commons.CheckTranslatable(k.typ) == nil { // each word in the original or in a translation
				like = "(" + like + ` OR EXISTS (SELECT 1 FROM translations tr WHERE tr.community_id = x.community_id AND tr.subject_type = '` +
					string(k.typ) + `' AND tr.subject_id = x.id AND LOWER(tr.title || ' ' || tr.description) LIKE ? ESCAPE '\'))`
				args = append(args, w)
			}
			query += " AND " + like
		}
		rows, err := s.query(ctx, query+" LIMIT ?", append(args, q.Limit)...)
		if err != nil {
			return nil, s.classify(err)
		}
		if hits, err = scanHits(rows, k.typ, words, hits); err != nil {
			return nil, s.classify(err)
		}
	}
	if hits, err = s.searchPeople(ctx, q, hits); err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	return hits, nil
}

// scanHits reads (id, title, body) rows as hits, scored by the words.
func scanHits(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}, typ commons.SubjectType, words []string, hits []SearchHit) ([]SearchHit, error) {
	defer rows.Close()
	for rows.Next() {
		h := SearchHit{Type: typ}
		var body string
		if err := rows.Scan(&h.ID, &h.Title, &body); err != nil {
			return hits, err
		}
		title, text := strings.ToLower(h.Title), strings.ToLower(body)
		for _, w := range words {
			if strings.Contains(title, w) {
				h.Score += 2
			}
			if strings.Contains(text, w) {
				h.Score++
			}
		}
		h.Snippet = snippet(body, 160)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// snippet is the start of a text, cut at a word, on one line.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// searchPeople finds the community's active members by name, the skills
// they teach and the languages they speak — for members all of them, for
// anyone else those who made their profile public (commons.MayShowPerson).
// Suspended people are not found.
func (s *Store) searchPeople(ctx context.Context, q SearchQuery, hits []SearchHit) ([]SearchHit, error) {
	query := `SELECT m.user_id, u.name, COALESCE(p.teaches, '') FROM members m JOIN users u ON u.id = m.user_id
		LEFT JOIN learning_profiles p ON p.community_id = m.community_id AND p.user_id = m.user_id
		WHERE m.community_id = ? AND m.status = 'active' AND u.suspended_at IS NULL`
	args := []any{q.Community.ID}
	if !q.Members {
		query += " AND (m.public_profile OR m.user_id = ?)"
		args = append(args, q.ReaderID)
	}
	words := searchWords(q.Q)
	for i, w := range likeWords(q.Q) {
		cond := `LOWER(u.name || ' ' || COALESCE(p.teaches, '')) LIKE ? ESCAPE '\'`
		args = append(args, w)
		if code := q.Languages[words[i]]; code != "" {
			cond = "(" + cond + " OR (? || COALESCE(p.languages, '') || ?) LIKE ?)"
			args = append(args, "\n", "\n", "%\n"+code+"\n%")
		}
		query += " AND " + cond
	}
	rows, err := s.query(ctx, query+" ORDER BY u.name, m.user_id LIMIT ?", append(args, q.Limit)...)
	if err != nil {
		return hits, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		h := SearchHit{Type: commons.CandidatePerson}
		var teaches string
		if err := rows.Scan(&h.ID, &h.Title, &teaches); err != nil {
			return hits, s.classify(err)
		}
		skills := strings.ReplaceAll(strings.Trim(teaches, "\n"), "\n", ", ")
		title, text := strings.ToLower(h.Title), strings.ToLower(skills)
		for _, w := range words {
			switch {
			case strings.Contains(title, w):
				h.Score += 2
			case strings.Contains(text, w) || q.Languages[w] != "":
				h.Score++
			}
		}
		h.Snippet = snippet(skills, 160)
		hits = append(hits, h)
	}
	return hits, s.classify(rows.Err())
}

// ProfileLanguages lists the languages the community's people say they
// speak, each once, for finding people by a language's name.
func (s *Store) ProfileLanguages(ctx context.Context, communityID string) ([]string, error) {
	rows, err := s.query(ctx, "SELECT DISTINCT languages FROM learning_profiles WHERE community_id = ? AND languages <> '' LIMIT 1000", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var langs string
		if err := rows.Scan(&langs); err != nil {
			return nil, s.classify(err)
		}
		for _, l := range lines(langs) {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out, s.classify(rows.Err())
}
