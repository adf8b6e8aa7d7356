package store

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// Content in several languages (commons/translation.go). The original
// text stays in the thing's own row; translations and the original's
// language, when it is not the community's first, are kept beside it.
// The writes do not declare the community they touch: a title shows on
// pages outside it too (one's own bookings, the home page), so every
// page's version moves.

// Translations returns one thing's translations by language, and the
// language its author said its own fields are in ("" when not said): one
// query, since every page of a translatable thing asks.
func (s *Store) Translations(ctx context.Context, communityID string, kind commons.SubjectType, id string) (map[string]commons.Translation, string, error) {
	rows, err := s.query(ctx, `SELECT 0, lang, title, description, COALESCE(updated_by, ''), updated_at FROM translations
			WHERE community_id = ? AND subject_type = ? AND subject_id = ?
		UNION ALL SELECT 1, lang, '', '', '', NULL FROM original_languages
			WHERE community_id = ? AND subject_type = ? AND subject_id = ?`,
		communityID, string(kind), id, communityID, string(kind), id)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := map[string]commons.Translation{}
	var original string
	for rows.Next() {
		var isOriginal int
		var at any
		var t commons.Translation
		if err := rows.Scan(&isOriginal, &t.Lang, &t.Title, &t.Description, &t.UpdatedBy, &at); err != nil {
			return nil, "", err
		}
		if isOriginal == 1 {
			original = t.Lang
			continue
		}
		if err := (anyTime{&t.UpdatedAt}).Scan(at); err != nil {
			return nil, "", err
		}
		out[t.Lang] = t
	}
	return out, original, rows.Err()
}

// TranslationsIn returns, for a list of things of one kind, each one's
// translation into lang where it has one: one query for a page's list.
func (s *Store) TranslationsIn(ctx context.Context, communityID string, kind commons.SubjectType, ids []string, lang string) (map[string]commons.Translation, error) {
	out := map[string]commons.Translation{}
	for len(ids) > 0 {
		n := min(len(ids), 500) // well under either engine's limit on parameters
		args := []any{communityID, string(kind), lang}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := s.query(ctx, `SELECT subject_id, title, description FROM translations
			WHERE community_id = ? AND subject_type = ? AND lang = ? AND subject_id IN (?`+strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			t := commons.Translation{Lang: lang}
			if err := rows.Scan(&id, &t.Title, &t.Description); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// TranslationChange sets or removes one language of a thing, with the
// entry in the community's record.
type TranslationChange struct {
	CommunityID string
	Kind        commons.SubjectType
	ID          string
	// Name is the thing's name in the record.
	Name string
	// Translation is the language and text; Remove takes the language
	// away instead.
	Translation commons.Translation
	Remove      bool
	ActorID     string
}

// SetTranslation writes (or replaces) one translation, or removes it. A
// removal of a language the thing does not have is not found.
func (s *Store) SetTranslation(ctx context.Context, ch TranslationChange) error {
	return s.inTx(ctx, func(t tx) error {
		tr := ch.Translation
		if ch.Remove {
			res, err := t.exec(ctx, `DELETE FROM translations WHERE community_id = ? AND subject_type = ? AND subject_id = ? AND lang = ?`,
				ch.CommunityID, string(ch.Kind), ch.ID, tr.Lang)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return commons.NotFound()
			}
			return logAct(ctx, t, ch.CommunityID, ch.ActorID, "translation.remove", ch.Name+" ("+tr.Lang+")")
		}
		if _, err := t.exec(ctx, `INSERT INTO translations (community_id, subject_type, subject_id, lang, title, description, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (community_id, subject_type, subject_id, lang) DO UPDATE SET title = excluded.title,
				description = excluded.description, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			ch.CommunityID, string(ch.Kind), ch.ID, tr.Lang, tr.Title, tr.Description, nullText(ch.ActorID), t.now()); err != nil {
			return err
		}
		return logAct(ctx, t, ch.CommunityID, ch.ActorID, "translation.set", ch.Name+" ("+tr.Lang+")")
	})
}

// SetOriginalLanguage records the language a thing's own fields are in;
// "" forgets it (the community's first language again). A translation in
// that language, if any, goes: the original is now that language.
func (s *Store) SetOriginalLanguage(ctx context.Context, communityID string, kind commons.SubjectType, id, lang string) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `DELETE FROM original_languages WHERE community_id = ? AND subject_type = ? AND subject_id = ?`,
			communityID, string(kind), id); err != nil {
			return err
		}
		if lang == "" {
			return nil
		}
		if _, err := t.exec(ctx, `DELETE FROM translations WHERE community_id = ? AND subject_type = ? AND subject_id = ? AND lang = ?`,
			communityID, string(kind), id, lang); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO original_languages (community_id, subject_type, subject_id, lang) VALUES (?, ?, ?, ?)`,
			communityID, string(kind), id, lang)
		return err
	})
}
