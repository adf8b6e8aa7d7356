package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/hsds"
)

// OpenData returns a community's public offer as HSDS: what a visitor
// sees of it — the directory's organizations, the shared resources, and
// the activities from now to a year ahead — whoever asks, so that nothing
// members-only or hidden by moderation, and no person, is published.
// baseURL is the site's address, for links to the pages.
func (a *App) OpenData(ctx context.Context, s Scope, baseURL string) (hsds.Dataset, error) {
	visitor := Scope{Community: s.Community, May: commons.MayOf(nil)}
	in := hsds.Input{Community: s.Community, Location: a.Location(s.Community), BaseURL: baseURL}
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
	now := a.Now()
	acts, err := a.Activities(ctx, visitor, ActivityFilter{From: now, To: now.AddDate(1, 0, 0)})
	if err != nil {
		return hsds.Dataset{}, err
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
	return hsds.Build(in), nil
}
