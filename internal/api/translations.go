package api

import (
	"context"
	"net/http"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// Content in several languages (commons/translation.go): a thing's title
// and description in more of its community's languages. The kinds are
// community (its id is the community's), organization, resource,
// activity, initiative, need, intent, achievement and thread.

// TranslatedText is a title and description in one language.
type TranslatedText struct {
	Title       string `json:"title" jsonschema:"maxLength=200,description=Empty for a kind without a title (a need) or to keep the original's"`
	Description string `json:"description" jsonschema:"maxLength=20000"`
}

// ContentLanguages is what a thing's answer says of its languages: the one its
// own title and description are in, and its translations (issue 23).
type ContentLanguages struct {
	OriginalLanguage string                    `json:"original_language,omitempty" jsonschema:"description=The language of its own title and description (single reads only)"`
	Translations     map[string]TranslatedText `json:"translations,omitempty" jsonschema:"description=Its title and description in the community's other languages, by language code (single reads only; write them with PUT …/translations/{kind}/{id}/{lang})"`
}

// languagesOf reads a thing's languages for its answer; the thing itself
// was read, for this caller, by its kind's use case.
func (api *API) languagesOf(ctx context.Context, s app.Scope, kind commons.SubjectType, id string) (ContentLanguages, error) {
	trs, original, err := api.App.TranslationsOf(ctx, s, kind, id)
	out := ContentLanguages{OriginalLanguage: original}
	if len(trs) > 0 {
		out.Translations = map[string]TranslatedText{}
		for l, t := range trs {
			out.Translations[l] = TranslatedText{Title: t.Title, Description: t.Description}
		}
	}
	return out, err
}

// Content is a thing's text in every language it is written in.
type Content struct {
	Kind             string `json:"kind" jsonschema:"enum=achievement,enum=activity,enum=community,enum=initiative,enum=intent,enum=need,enum=organization,enum=resource,enum=thread"`
	ID               string `json:"id"`
	OriginalLanguage string `json:"original_language" jsonschema:"description=The language of the thing's own title and description"`
	// Languages are the languages it can be read in, the original first.
	Languages    []string                  `json:"languages"`
	Translations map[string]TranslatedText `json:"translations" jsonschema:"description=The other languages' texts, by language code"`
	// MayTranslate says whether the caller may write its translations.
	MayTranslate bool `json:"may_translate"`
}

// ContentChange says which language a thing's own text is written in.
type ContentChange struct {
	OriginalLanguage string `json:"original_language" jsonschema:"minLength=2,maxLength=35,description=One of the community's languages"`
}

func contentOut(v app.ContentView, community []string) Content {
	out := Content{Kind: string(v.Kind), ID: v.ID, OriginalLanguage: v.Original, Languages: v.Languages(community),
		Translations: map[string]TranslatedText{}, MayTranslate: v.May.Translate}
	for l, t := range v.Translations {
		out.Translations[l] = TranslatedText{Title: t.Title, Description: t.Description}
	}
	return out
}

func (api *API) routesTranslations() {
	const base = "/api/v1/communities/{slug}/translations/{kind}/{id}"
	handle(api, op{method: "GET", path: base, id: "getContentLanguages",
		summary: "A thing's title and description in every language it is written in", status: http.StatusOK, errors: []int{404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Content, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Content{}, err
			}
			v, err := api.App.Content(ctx, s, commons.SubjectType(r.PathValue("kind")), r.PathValue("id"))
			return contentOut(v, s.Community.Languages), err
		})

	handle(api, op{method: "PATCH", path: base, id: "setOriginalLanguage",
		summary: "Say which of the community's languages a thing's own text is written in (whoever may edit it, editors, stewards)",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *ContentChange) (Content, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Content{}, err
			}
			v, err := api.App.SetOriginalLanguage(ctx, s, commons.SubjectType(r.PathValue("kind")), r.PathValue("id"), in.OriginalLanguage)
			return contentOut(v, s.Community.Languages), err
		})

	handle(api, op{method: "PUT", path: base + "/{lang}", id: "putTranslation",
		summary: "Write a thing's title and description in one more of the community's languages, or replace that translation",
		status:  http.StatusOK, auth: true, errors: []int{400, 401, 403, 404, 413, 422}},
		func(ctx context.Context, r *http.Request, in *TranslatedText) (Content, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Content{}, err
			}
			v, err := api.App.SetTranslation(ctx, s, commons.SubjectType(r.PathValue("kind")), r.PathValue("id"),
				commons.Translation{Lang: r.PathValue("lang"), Title: in.Title, Description: in.Description})
			return contentOut(v, s.Community.Languages), err
		})

	handle(api, op{method: "DELETE", path: base + "/{lang}", id: "deleteTranslation",
		summary: "Remove one translation of a thing", status: http.StatusNoContent, auth: true, errors: []int{401, 403, 404, 422}},
		func(ctx context.Context, r *http.Request, _ *Empty) (Empty, error) {
			s, err := api.scope(ctx, r)
			if err != nil {
				return Empty{}, err
			}
			return Empty{}, api.App.RemoveTranslation(ctx, s, commons.SubjectType(r.PathValue("kind")), r.PathValue("id"), r.PathValue("lang"))
		})
}
