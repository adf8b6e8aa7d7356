package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Archiving (commons/archive.go): the people who run a resource, an
// organization or an initiative put it away and restore it. The others
// who run it are told; the community's record says who did it.

// ArchiveResource archives (archive true) or restores a resource: its
// owner, or the owning organization's admins (commons.MayArchiveResource).
// A resource with bookings still to come is not archived: the refusal
// (409) lists them (commons.ArchiveRefusal).
func (a *App) ArchiveResource(ctx context.Context, s Scope, id string, archive bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	r, err := a.Store.ResourceInCommunity(ctx, s.Community.ID, id)
	if err != nil {
		return err
	}
	if err := a.ShownResource(s, r); err != nil {
		return err
	}
	st, err := a.standing(ctx, s.Actor, r)
	if err != nil {
		return err
	}
	if !commons.MayArchiveResource(st) {
		return commons.Forbidden()
	}
	var runners []string
	if r.OwnerOrgID != "" {
		if runners, err = a.orgAdmins(ctx, s.Community.ID, r.OwnerOrgID); err != nil {
			return err
		}
	}
	return a.setArchived(ctx, s, commons.SubjectResource, r.ID, r.Title, runners, archive, commons.ArchiveRefusal)
}

// ArchiveOrganization archives or restores an organization: its admins
// (commons.MayArchiveOrganization). Its resources stay as they are: each
// is archived on its own, by those who run it.
func (a *App) ArchiveOrganization(ctx context.Context, s Scope, id string, archive bool) error {
	o, err := a.manageOrganization(ctx, s, id)
	if err != nil {
		return err
	}
	if err := a.ShownOrganization(s, o); err != nil {
		return err
	}
	runners, err := a.orgAdmins(ctx, s.Community.ID, o.ID)
	if err != nil {
		return err
	}
	return a.setArchived(ctx, s, commons.SubjectOrganization, o.ID, o.Name, runners, archive, nil)
}

// ArchiveInitiative archives or restores an initiative: its team
// (commons.MayArchiveInitiative). Pledges already made stay, to be
// decided or withdrawn; no new ones come while it is archived.
func (a *App) ArchiveInitiative(ctx context.Context, s Scope, id string, archive bool) error {
	if s.Actor == nil {
		return commons.Unauthenticated()
	}
	i, err := a.initiativeIn(ctx, s, id)
	if err != nil {
		return err
	}
	if !commons.MayArchiveInitiative(&i, s.Actor.ID) {
		return commons.Forbidden()
	}
	var team []string
	for _, m := range i.Team {
		team = append(team, m.UserID)
	}
	return a.setArchived(ctx, s, commons.SubjectInitiative, i.ID, i.Title, team, archive, nil)
}

// setArchived saves the change and tells those who run the thing, but
// the actor.
func (a *App) setArchived(ctx context.Context, s Scope, typ commons.SubjectType, id, name string, runners []string, archive bool,
	refuse func([]commons.Booking) error) error {
	kind := commons.NotifyRestored
	if archive {
		kind = commons.NotifyArchived
	}
	var notes []commons.Notification
	for _, u := range runners {
		if u != s.Actor.ID {
			notes = append(notes, commons.Notification{UserID: u, CommunityID: s.Community.ID, Kind: kind,
				Args: map[string]string{"Who": s.Actor.Name, "Title": name}, Link: commons.PagePath(typ, s.Community.Slug, id)})
		}
	}
	return a.Store.SetArchived(ctx, store.ArchiveChange{Type: typ, CommunityID: s.Community.ID, ID: id, ActorID: s.Actor.ID,
		Archive: archive, Refuse: refuse, Notes: notes})
}
