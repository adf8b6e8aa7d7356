package app

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/store"
)

// Home is a signed-in person's first page: what waits for their
// decision, their week, new matches for their offers and requests, and
// their communities.
type Home struct {
	Waiting    []HomeWaiting
	Bookings   []commons.Booking
	Activities []MyActivity
	Matches    []HomeMatches
	// Communities are those the person belongs to or applied to.
	Communities []commons.Community
	Statuses    []commons.MembershipStatus
}

// HomeWaiting is one thing waiting for a decision, with where it is decided.
type HomeWaiting struct {
	store.Waiting
	Path string
}

// waitingPath is the page where a waiting thing is decided.
func waitingPath(w store.Waiting) string {
	switch w.Kind {
	case "booking_requests":
		return commons.PagePath(commons.SubjectResource, w.CommunitySlug, w.SubjectID)
	case "pledges":
		return commons.PagePath(commons.SubjectInitiative, w.CommunitySlug, w.SubjectID)
	case "signatures":
		return commons.PagePath(commons.SubjectInitiative, w.CommunitySlug, w.SubjectID) + "/partnership"
	default:
		return "/c/" + w.CommunitySlug + "/applications"
	}
}

// HomeMatches are the suggestions for one of the person's offers or
// requests: how many, and the best.
type HomeMatches struct {
	Intent store.Waiting // Kind is the intent's direction
	Path   string
	Count  int
	Best   *MatchView
}

// homeIntents bounds the offers and requests matched for the home page,
// so that the page stays as fast as the others.
const homeIntents = 5

// MyHome gathers what waits for a person, across their communities.
func (a *App) MyHome(ctx context.Context, actor *commons.User) (Home, error) {
	if err := requireUser(actor); err != nil {
		return Home{}, err
	}
	now := a.Now()
	var h Home
	waiting, err := a.Store.WaitingFor(ctx, actor.ID, now)
	if err != nil {
		return h, err
	}
	for _, w := range waiting {
		h.Waiting = append(h.Waiting, HomeWaiting{Waiting: w, Path: waitingPath(w)})
	}
	week := now.Add(7 * 24 * time.Hour)
	bookings, err := a.Store.UserBookings(ctx, actor.ID, now)
	if err != nil {
		return h, err
	}
	for _, b := range bookings {
		if b.StartsAt.Before(week) && (b.Status == commons.BookingConfirmed || b.Status == commons.BookingRequested) {
			h.Bookings = append(h.Bookings, b)
		}
	}
	acts, err := a.MyActivities(ctx, actor)
	if err != nil {
		return h, err
	}
	for _, act := range acts {
		if act.StartsAt.After(now) && act.StartsAt.Before(week) {
			h.Activities = append(h.Activities, act)
		}
	}
	mine, err := a.Store.MyIntents(ctx, actor.ID, now, homeIntents)
	if err != nil {
		return h, err
	}
	for _, i := range mine {
		s, err := a.Scope(ctx, actor, i.CommunitySlug)
		if err != nil {
			return h, err
		}
		mv, err := a.Matches(ctx, s, commons.SubjectIntent, i.SubjectID)
		if commons.CodeOf(err) == commons.CodeNotFound {
			continue // no longer a member there
		}
		if err != nil {
			return h, err
		}
		hm := HomeMatches{Intent: i, Path: "/c/" + i.CommunitySlug + "/matches/intent/" + i.SubjectID, Count: len(mv.Matches)}
		if len(mv.Matches) > 0 {
			hm.Best = &mv.Matches[0]
		}
		h.Matches = append(h.Matches, hm)
	}
	h.Communities, h.Statuses, err = a.Store.Memberships(ctx, actor.ID)
	return h, err
}

// DigestMatch is a suggestion that appeared in a digest's span for one of
// the things the person waits on: an offer or request, a learning request
// or a need of their initiative (Intent.Kind says which).
type DigestMatch struct {
	Intent store.Waiting
	Match  MatchView
}

// digestIntents bounds the things a digest matches.
const digestIntents = 5

// seekingSubject is the kind of thing store.MySeeking's Kind names.
func seekingSubject(kind string) commons.SubjectType {
	switch kind {
	case "proposal":
		return commons.SubjectProposal
	case "need":
		return commons.SubjectNeed
	}
	return commons.SubjectIntent
}

// NewMatchesFor lists the suggestions that appeared between from and
// until for the newest things a person waits on — their live offers and
// requests, learning requests and their initiatives' open needs — matched
// as the person sees their community now: nothing they may not see,
// nothing from a community they left.
func (a *App) NewMatchesFor(ctx context.Context, u commons.User, from, until time.Time) ([]DigestMatch, error) {
	mine, err := a.Store.MySeeking(ctx, u.ID, until, digestIntents)
	if err != nil {
		return nil, err
	}
	var out []DigestMatch
	for _, i := range mine {
		s, err := a.Scope(ctx, &u, i.CommunitySlug)
		if err != nil {
			return nil, err
		}
		mv, err := a.Matches(ctx, s, seekingSubject(i.Kind), i.SubjectID)
		if c := commons.CodeOf(err); c == commons.CodeNotFound || c == commons.CodeForbidden {
			continue // gone, or no longer theirs to see
		}
		if err != nil {
			return nil, err
		}
		for _, m := range mv.Matches {
			if m.CreatedAt.After(from) && !m.CreatedAt.After(until) {
				out = append(out, DigestMatch{Intent: i, Match: m})
			}
		}
	}
	return out, nil
}
