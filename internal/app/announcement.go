package app

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Announce writes to everyone registered for an occurrence, however many
// (a conversation holds only commons.MaxConversationSize): each person
// registered gets a notification with the organizer's message and a link
// to the occurrence, all in one transaction; the organizer is not told of
// their own act, nor are those waiting. By commons.AnnouncementRefusal. It
// returns how many people were told.
func (a *App) Announce(ctx context.Context, s Scope, id, message string) (int, error) {
	if s.Actor == nil {
		return 0, commons.Unauthenticated()
	}
	act, err := a.activityIn(ctx, s, id)
	if err != nil {
		return 0, err
	}
	manages, err := a.manages(ctx, s, act)
	if err != nil {
		return 0, err
	}
	if err := commons.AnnouncementRefusal(manages, message); err != nil {
		return 0, err
	}
	regs, err := a.Store.Registrations(ctx, act.CommunityID, act.ID)
	if err != nil {
		return 0, err
	}
	c := s.Community
	var notes []commons.Notification
	for _, g := range regs {
		if commons.AnnouncementReaches(s.Actor.ID, g.UserID, g.Status) {
			notes = append(notes, commons.Notification{UserID: g.UserID, CommunityID: c.ID, Kind: commons.NotifyActivityAnnouncement,
				Link: commons.PagePath(commons.SubjectActivity, c.Slug, act.ID),
				Args: map[string]string{"Title": act.Title, "Name": s.Actor.Name, "Message": strings.TrimSpace(message),
					"Start": act.StartsAt.In(location(c)).Format(time.RFC3339)}})
		}
	}
	if len(notes) == 0 {
		return 0, commons.Errorf(commons.CodeConflict, "error.activity.announce_nobody")
	}
	return len(notes), a.Store.Notify(ctx, notes)
}
