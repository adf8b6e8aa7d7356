package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Content in several languages (commons/translation.go). Each kind's own
// read decides whether the reader may see the thing and whether they may
// edit it; translating needs either that edit right or the community's
// translate action (editors and stewards).

// ContentView is a thing's text in every language, with what the reader
// may do about it.
type ContentView struct {
	commons.Content
	// Name is the thing's name for headings and the record.
	Name string
	// Path is the thing's page.
	Path string
	May  ContentMay
}

// ContentMay answers, for one reader, what they may do to a thing's
// languages.
type ContentMay struct {
	// Translate: write, change or remove its translations, and say which
	// language its own text is in (commons.MayTranslate).
	Translate bool
}

// original is a thing as its kind's own read shows it to the reader.
type original struct {
	title, description string
	mayEdit            bool
	path               string
}

// originalOf reads a thing of a translatable kind for the reader, through
// the kind's own use case: what the reader may not see is not found.
func (a *App) originalOf(ctx context.Context, s Scope, kind commons.SubjectType, id string) (original, error) {
	slug := s.Community.Slug
	switch kind {
	case commons.SubjectCommunity:
		if id != s.Community.ID {
			return original{}, commons.NotFound()
		}
		c := s.Community
		return original{c.Name, c.Description, s.May.EditCommunity, "/c/" + slug}, nil
	case commons.SubjectOrganization:
		v, err := a.Organization(ctx, s, id)
		o := v.Organization
		return original{o.Name, o.Description, v.May.Manage, "/c/" + slug + "/organizations/" + id}, err
	case commons.SubjectResource:
		v, err := a.Resource(ctx, s, id)
		return original{v.Title, v.Description, v.May.Edit, "/c/" + slug + "/resources/" + id}, err
	case commons.SubjectActivity:
		v, err := a.Activity(ctx, s, id)
		return original{v.Activity.Title, v.Activity.Description, v.May.Edit, "/c/" + slug + "/activities/" + id}, err
	case commons.SubjectInitiative:
		v, err := a.Initiative(ctx, s, id)
		i := v.Initiative
		return original{i.Title, i.Description, v.May.Run, "/c/" + slug + "/initiatives/" + id}, err
	case commons.SubjectNeed:
		n, err := a.Need(ctx, s, id)
		if err != nil {
			return original{}, err
		}
		v, err := a.Initiative(ctx, s, n.InitiativeID) // a need is seen with its initiative
		return original{"", n.Description, v.May.Run, "/c/" + slug + "/initiatives/" + n.InitiativeID}, err
	case commons.SubjectIntent:
		v, err := a.Intent(ctx, s, id)
		return original{v.Intent.Title, v.Intent.Description, v.May.Manage, "/c/" + slug + "/offers/" + id}, err
	case commons.SubjectAchievement:
		v, err := a.Achievement(ctx, s, id)
		return original{v.Name, v.Description, v.May.Manage, "/c/" + slug + "/achievements/" + id}, err
	case commons.SubjectThread:
		v, err := a.Thread(ctx, s, id)
		if err != nil {
			return original{}, err
		}
		body := ""
		if len(v.Posts) > 0 {
			body = v.Posts[0].Body
		}
		mayEdit := s.Actor != nil && (v.AuthorID == s.Actor.ID || v.May.Pin)
		return original{v.Title, body, mayEdit, "/c/" + slug + "/threads/" + id}, nil
	}
	return original{}, commons.CheckTranslatable(kind)
}

// Content returns a thing's text in every language it is written in.
func (a *App) Content(ctx context.Context, s Scope, kind commons.SubjectType, id string) (ContentView, error) {
	if err := commons.CheckTranslatable(kind); err != nil {
		return ContentView{}, err
	}
	o, err := a.originalOf(ctx, s, kind, id)
	if err != nil {
		return ContentView{}, err
	}
	trs, named, err := a.Store.Translations(ctx, s.Community.ID, kind, id)
	if err != nil {
		return ContentView{}, err
	}
	name := o.title
	if name == "" {
		name = shorten(o.description, 80)
	}
	return ContentView{
		Content: commons.Content{Kind: kind, ID: id, Original: commons.OriginalLanguage(named, s.Community.Languages),
			Title: o.title, Description: o.description, Translations: trs},
		Name: name, Path: o.path,
		May: ContentMay{Translate: commons.MayTranslate(s.Member, o.mayEdit)},
	}, nil
}

// ShownContent is what a reader sees of a thing's text, and whether they
// may translate it.
type ShownContent struct {
	commons.Shown
	// MayTranslate: the reader may write its translations
	// (commons.MayTranslate), in a community of more than one language.
	MayTranslate bool
}

// ShownTo is ShownIn with whether the reader may translate the thing,
// given whether they may edit it (from the thing's own read model).
func (a *App) ShownTo(ctx context.Context, s Scope, kind commons.SubjectType, id, title, description, lang string, mayEdit bool) (ShownContent, error) {
	shown, err := a.ShownIn(ctx, s, kind, id, title, description, lang)
	return ShownContent{Shown: shown, MayTranslate: len(s.Community.Languages) > 1 && commons.MayTranslate(s.Member, mayEdit)}, err
}

// ShownIn is what a reader of lang sees of a thing; an error only when
// the translations cannot be read (the thing itself the caller has read).
func (a *App) ShownIn(ctx context.Context, s Scope, kind commons.SubjectType, id, title, description, lang string) (commons.Shown, error) {
	var trs map[string]commons.Translation
	var named string
	if len(s.Community.Languages) > 1 { // a community of one language has no translations to read
		var err error
		if trs, named, err = a.Store.Translations(ctx, s.Community.ID, kind, id); err != nil {
			return commons.Shown{}, err
		}
	}
	c := commons.Content{Kind: kind, ID: id, Original: commons.OriginalLanguage(named, s.Community.Languages),
		Title: title, Description: description, Translations: trs}
	return c.In(lang, s.Community.Languages), nil
}

// TranslationsIn returns the translations into lang of a list of things
// of one kind, for a directory: one query.
func (a *App) TranslationsIn(ctx context.Context, s Scope, kind commons.SubjectType, ids []string, lang string) (map[string]commons.Translation, error) {
	if len(ids) == 0 || len(s.Community.Languages) < 2 {
		return nil, nil
	}
	return a.Store.TranslationsIn(ctx, s.Community.ID, kind, ids, lang)
}

// Translate puts lang's titles and descriptions into a list of things of
// one kind, where they have them: get returns the i-th thing's id and
// pointers to its title and description (nil for a part it lacks). One
// query for the list; none in a community of one language.
func (a *App) Translate(ctx context.Context, s Scope, kind commons.SubjectType, lang string, n int, get func(i int) (string, *string, *string)) error {
	ids := make([]string, n)
	for i := range n {
		ids[i], _, _ = get(i)
	}
	trs, err := a.TranslationsIn(ctx, s, kind, ids, lang)
	if err != nil {
		return err
	}
	for i := range n {
		id, title, description := get(i)
		t, ok := trs[id]
		if !ok {
			continue
		}
		if title != nil && t.Title != "" {
			*title = t.Title
		}
		if description != nil && t.Description != "" {
			*description = t.Description
		}
	}
	return nil
}

// SetTranslation writes one language of a thing (or replaces it).
func (a *App) SetTranslation(ctx context.Context, s Scope, kind commons.SubjectType, id string, t commons.Translation) (ContentView, error) {
	v, err := a.translatable(ctx, s, kind, id)
	if err != nil {
		return v, err
	}
	if t, err = commons.CheckTranslation(kind, t, s.Community.Languages, v.Original); err != nil {
		return v, err
	}
	if err := a.Store.SetTranslation(ctx, store.TranslationChange{CommunityID: s.Community.ID, Kind: kind, ID: id, Name: v.Name,
		Translation: t, ActorID: s.Actor.ID}); err != nil {
		return v, err
	}
	return a.Content(ctx, s, kind, id)
}

// RemoveTranslation takes one language of a thing away.
func (a *App) RemoveTranslation(ctx context.Context, s Scope, kind commons.SubjectType, id, lang string) error {
	v, err := a.translatable(ctx, s, kind, id)
	if err != nil {
		return err
	}
	return a.Store.SetTranslation(ctx, store.TranslationChange{CommunityID: s.Community.ID, Kind: kind, ID: id, Name: v.Name,
		Translation: commons.Translation{Lang: lang}, Remove: true, ActorID: s.Actor.ID})
}

// SetOriginalLanguage says which of the community's languages a thing's
// own text is written in. A translation in that language is dropped: the
// original now says it.
func (a *App) SetOriginalLanguage(ctx context.Context, s Scope, kind commons.SubjectType, id, lang string) (ContentView, error) {
	v, err := a.translatable(ctx, s, kind, id)
	if err != nil {
		return v, err
	}
	if err := commons.CheckOriginalLanguage(lang, s.Community.Languages); err != nil {
		return v, err
	}
	named := lang
	if lang == commons.OriginalLanguage("", s.Community.Languages) {
		named = "" // the community's first language needs no note
	}
	if err := a.Store.SetOriginalLanguage(ctx, s.Community.ID, kind, id, named); err != nil {
		return v, err
	}
	return a.Content(ctx, s, kind, id)
}

// translatable reads a thing the reader may translate.
func (a *App) translatable(ctx context.Context, s Scope, kind commons.SubjectType, id string) (ContentView, error) {
	if s.Actor == nil {
		return ContentView{}, commons.Unauthenticated()
	}
	v, err := a.Content(ctx, s, kind, id)
	if err != nil {
		return v, err
	}
	if !v.May.Translate {
		return v, commons.Forbidden()
	}
	return v, nil
}

// TranslationsOf returns a thing's translations and the language of its
// original, for the API's answer about a thing the caller has just read
// through its kind's own use case (which decided that they may see it).
func (a *App) TranslationsOf(ctx context.Context, s Scope, kind commons.SubjectType, id string) (map[string]commons.Translation, string, error) {
	if len(s.Community.Languages) < 2 {
		return nil, commons.OriginalLanguage("", s.Community.Languages), nil
	}
	trs, named, err := a.Store.Translations(ctx, s.Community.ID, kind, id)
	return trs, commons.OriginalLanguage(named, s.Community.Languages), err
}
