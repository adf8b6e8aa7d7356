package app

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// EditActivity changes what its organizers wrote about an occurrence
// after publishing it (title, description, languages, cost, access notes,
// places), at it alone, at it and every later occurrence of its series,
// or at every occurrence still to come (scope). More places move the
// first on the waitlist up, who are told; fewer places than people
// registered are refused (commons.CapacityRefusal); everyone else
// registered or waiting is told once when something that matters to them
// changed (commons.ChangesThatMatter). It returns the occurrence named.
func (a *App) EditActivity(ctx context.Context, s Scope, id string, e commons.ActivityEdit, scope commons.SeriesScope) (commons.Activity, error) {
	act, err := a.changeActivity(ctx, s, id)
	if err != nil {
		return act, err
	}
	c := s.Community
	if scope == "" {
		scope = commons.ScopeOne
	}
	e.Normalize()
	if len(e.Languages) == 0 && len(c.Languages) > 0 {
		e.Languages = c.Languages[:1] // as a new activity's
	}
	var v commons.Validator
	e.Validate(&v)
	commons.OneOf(&v, "scope", scope, commons.SeriesScopes)
	if err := v.Err(); err != nil {
		return act, err
	}
	reached, err := a.reachedOccurrences(ctx, s, act, scope)
	if err != nil {
		return act, err
	}
	var venueCapacity *int
	if act.ResourceID != "" {
		r, err := a.ResourceIn(ctx, c, act.ResourceID)
		if err != nil {
			return act, err
		}
		venueCapacity = r.Capacity
	}
	ids := make([]string, len(reached))
	for i, o := range reached {
		ids[i] = o.ID
	}
	if err := a.Store.EditActivities(ctx, c.ID, ids, e, venueCapacity, s.Actor.ID, editNotes(s, act, e)); err != nil {
		return act, err
	}
	return a.Store.ActivityByID(ctx, id)
}

// editNotes tells those registered at an edited occurrence what changed
// that matters to them, and those moved up from the waitlist that they
// have a place (EditActivity, an import of activities).
func editNotes(s Scope, act commons.Activity, e commons.ActivityEdit) store.ActivityNotes {
	c := s.Community
	changes := commons.ChangesThatMatter(act, e)
	link := commons.PagePath(commons.SubjectActivity, c.Slug, act.ID)
	start := act.StartsAt.In(location(c)).Format(time.RFC3339)
	return func(u string, promoted bool) (commons.Notification, bool) {
		n := commons.Notification{UserID: u, CommunityID: c.ID, Link: link, Args: map[string]string{"Title": e.Title, "Start": start}}
		switch {
		case promoted:
			n.Kind = commons.NotifyActivityPromoted
		case len(changes) > 0 && u != s.Actor.ID:
			n.Kind = commons.NotifyActivityChanged
			n.Args["Changes"] = strings.Join(changes, ",")
			n.Args["Was"] = act.Title
		default:
			return n, false
		}
		return n, true
	}
}

// reachedOccurrences lists the occurrences an action on act reaches.
func (a *App) reachedOccurrences(ctx context.Context, s Scope, act commons.Activity, scope commons.SeriesScope) ([]commons.Activity, error) {
	if scope == commons.ScopeOne {
		return []commons.Activity{act}, nil
	}
	series, err := a.Store.SeriesOccurrences(ctx, s.Community.ID, act.SeriesID)
	if err != nil {
		return nil, err
	}
	return scope.Reached(series, act, a.Now()), nil
}

// CancelSeries cancels, in one step, an occurrence and every later one of
// its series (commons.ScopeRest) or every occurrence still to come
// (commons.ScopeAll): their venue is freed and each person registered or
// waiting at any of them is told once. It returns how many it cancelled.
func (a *App) CancelSeries(ctx context.Context, s Scope, id string, scope commons.SeriesScope) (int, error) {
	act, err := a.changeActivity(ctx, s, id)
	if err != nil {
		return 0, err
	}
	var v commons.Validator
	commons.OneOf(&v, "scope", scope, []commons.SeriesScope{commons.ScopeRest, commons.ScopeAll})
	if err := v.Err(); err != nil {
		return 0, err
	}
	reached, err := a.reachedOccurrences(ctx, s, act, scope)
	if err != nil {
		return 0, err
	}
	c := s.Community
	loc := location(c)
	first := reached[0] // act is always reached: it is scheduled and has not ended
	link := commons.PagePath(commons.SubjectActivity, c.Slug, act.ID)
	return a.Store.CancelOccurrences(ctx, c.ID, reached, s.Actor.ID, func(u string, _ bool) (commons.Notification, bool) {
		if u == s.Actor.ID {
			return commons.Notification{}, false
		}
		return commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyActivitySeriesCancelled, Link: link,
			Args: map[string]string{"Title": act.Title, "Start": first.StartsAt.In(loc).Format(time.RFC3339)}}, true
	})
}
