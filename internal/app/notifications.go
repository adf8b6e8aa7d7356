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
