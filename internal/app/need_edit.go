package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// changeNeed loads a need the actor may edit or remove
// (commons.MayChangeNeed), with its initiative.
func (a *App) changeNeed(ctx context.Context, s Scope, needID string) (commons.Need, commons.Initiative, error) {
	n, err := a.Need(ctx, s, needID)
	if err != nil {
		return n, commons.Initiative{}, err
	}
	i, err := a.runInitiative(ctx, s, n.InitiativeID)
	if err != nil {
		return n, i, err
	}
	if !commons.MayChangeNeed(&i, n, s.Actor.ID) {
		return n, i, commons.Errorf(commons.CodeConflict, "error.need.withdrawn")
	}
	return n, i, nil
}

// UpdateNeed edits a need's kind, words, quantity and date; the team only.
func (a *App) UpdateNeed(ctx context.Context, s Scope, needID string, f commons.NeedFields) (commons.Need, error) {
	n, _, err := a.changeNeed(ctx, s, needID)
	if err != nil {
		return n, err
	}
	var v commons.Validator
	f.Validate(&v, a.today(s.Community))
	if err := v.Err(); err != nil {
		return n, err
	}
	if err := a.Store.UpdateNeed(ctx, n, f, s.Actor.ID); err != nil {
		return n, err
	}
	return a.Need(ctx, s, needID)
}

// RemoveNeed takes a need back; the team only. A need nobody pledged for
// is deleted; one with pledges is kept as withdrawn and its pledgers are
// told (commons.KeepsNeed). It reports whether the need was kept.
func (a *App) RemoveNeed(ctx context.Context, s Scope, needID string) (bool, error) {
	n, i, err := a.changeNeed(ctx, s, needID)
	if err != nil {
		return false, err
	}
	c := s.Community
	return a.Store.RemoveNeed(ctx, n, s.Actor.ID, func(pledgers []string) []commons.Notification {
		var notes []commons.Notification
		for _, u := range pledgers {
			if u != s.Actor.ID {
				notes = append(notes, commons.Notification{UserID: u, CommunityID: c.ID, Kind: commons.NotifyNeedWithdrawn,
					Args: map[string]string{"Need": n.Description, "Initiative": i.Title}, Link: initiativeLink(c, i.ID)})
			}
		}
		return notes
	})
}
