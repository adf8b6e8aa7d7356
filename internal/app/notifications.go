package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// Notifications lists the actor's notifications, newest first.
func (a *App) Notifications(ctx context.Context, actor *commons.User, p commons.Page) ([]commons.Notification, string, error) {
	if err := requireUser(actor); err != nil {
		return nil, "", err
	}
	return a.Store.Notifications(ctx, actor.ID, p)
}

// UnreadNotifications counts the actor's unread notifications; a visitor
// has none.
func (a *App) UnreadNotifications(ctx context.Context, actor *commons.User) (int, error) {
	if actor == nil {
		return 0, nil
	}
	return a.Store.UnreadNotifications(ctx, actor.ID)
}

// MarkNotificationsRead marks all of the actor's notifications read.
func (a *App) MarkNotificationsRead(ctx context.Context, actor *commons.User) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.Store.MarkNotificationsRead(ctx, actor.ID)
}

// NotificationsAfter lists the actor's notifications newer than the one
// with id after (all when after is ""), oldest first, at most limit: what
// a notification stream has not sent yet.
func (a *App) NotificationsAfter(ctx context.Context, actor *commons.User, after string, limit int) ([]commons.Notification, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.Store.NotificationsAfter(ctx, actor.ID, after, limit)
}

// LatestNotificationID is the id of the actor's newest notification, ""
// when they have none: a new stream starts after it.
func (a *App) LatestNotificationID(ctx context.Context, actor *commons.User) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	return a.Store.LatestNotificationID(ctx, actor.ID)
}
