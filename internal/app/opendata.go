package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/hsds"
)

// OpenData returns a community's public offer as HSDS: what a visitor
// sees of it — the directory's organizations, the shared resources, and
// the activities from now to a year ahead, with the resources' opening
// hours — whoever asks, so that nothing
// members-only or hidden by moderation, and no person, is published.
// baseURL is the site's address, for links to the pages.
func (a *App) OpenData(ctx context.Context, s Scope, baseURL string) (hsds.Dataset, error) {
	return a.OpenDataIn(ctx, s, baseURL, "")
}

// OpenDataIn is OpenData with names and descriptions in lang where they
// are written in it (commons/translation.go); "" keeps the originals.
func (a *App) OpenDataIn(ctx context.Context, s Scope, baseURL, lang string) (hsds.Dataset, error) {
	visitor := Scope{Community: s.Community, May: commons.MayOf(nil)}
	in := hsds.Input{Community: s.Community, Location: a.Location(s.Community), BaseURL: baseURL, Now: a.Now()}
	for cursor := ""; ; {
		orgs, next, err := a.Organizations(ctx, visitor, commons.OrganizationFilter{Page: commons.Page{Limit: commons.MaxPageSize, Cursor: cursor}})
		if err != nil {
			return hsds.Dataset{}, err
		}
		in.Organizations = append(in.Organizations, orgs...)
		if cursor = next; next == "" {
			break
		}
	}
	for cursor := ""; ; {
		res, next, err := a.Resources(ctx, visitor, ResourceFilter{Page: commons.Page{Limit: commons.MaxPageSize, Cursor: cursor}})
		if err != nil {
			return hsds.Dataset{}, err
		}
		for _, r := range res {
			if a.ShownResource(visitor, r) == nil {
				in.Resources = append(in.Resources, r)
			}
		}
		if cursor = next; next == "" {
			break
		}
	}
	// The opening hours of every resource, those published among them.
	hours, err := a.Store.OpeningHours(ctx, s.Community.ID)
	if err != nil {
		return hsds.Dataset{}, err
	}
	in.Hours = map[string][]commons.OpeningInterval{}
	for _, r := range in.Resources {
		if h, ok := hours[r.ID]; ok {
			in.Hours[r.ID] = h
		}
	}
	now := in.Now
	all, err := a.Activities(ctx, visitor, ActivityFilter{From: now, To: now.AddDate(1, 0, 0), WithCancelled: true})
	if err != nil {
		return hsds.Dataset{}, err
	}
	var acts []commons.Activity
	for _, act := range all {
		if act.Status == commons.ActivityCancelled {
			in.Cancelled = append(in.Cancelled, act)
		} else {
			acts = append(acts, act)
		}
	}
	// Lists leave organizers out; the export needs their organizations.
	organizers := map[string][]commons.Organizer{}
	for i, act := range acts {
		o, ok := organizers[act.SeriesID]
		if !ok {
			if o, err = a.Store.SeriesOrganizers(ctx, s.Community.ID, act.SeriesID); err != nil {
				return hsds.Dataset{}, err
			}
			organizers[act.SeriesID] = o
		}
		acts[i].Organizers = o
	}
	in.Activities = acts
	if lang != "" {
		if err := a.translateOpenData(ctx, visitor, &in, lang); err != nil {
			return hsds.Dataset{}, err
		}
	}
	return hsds.Build(in), nil
}

// translateOpenData puts lang's names and descriptions into the dataset's
// things where they have them.
func (a *App) translateOpenData(ctx context.Context, s Scope, in *hsds.Input, lang string) error {
	if err := a.Translate(ctx, s, commons.SubjectOrganization, lang, len(in.Organizations), func(i int) (string, *string, *string) {
		o := &in.Organizations[i]
		return o.ID, &o.Name, &o.Description
	}); err != nil {
		return err
	}
	if err := a.Translate(ctx, s, commons.SubjectResource, lang, len(in.Resources), func(i int) (string, *string, *string) {
		r := &in.Resources[i]
		return r.ID, &r.Title, &r.Description
	}); err != nil {
		return err
	}
	return a.Translate(ctx, s, commons.SubjectActivity, lang, len(in.Activities), func(i int) (string, *string, *string) {
		act := &in.Activities[i]
		return act.ID, &act.Title, &act.Description
	})
}
