package demo

import (
	"context"

	"github.com/commons-project/commons/internal/app"
)

// loadMail gives a few people the other choices of mail: the council's
// Dafydd reads a daily digest, Olena at the refugee NGO a weekly one, and
// Aisha of the walking group reads notifications in the app only.
func loadMail(ctx context.Context, a *app.App, w *world) error {
	for key, choice := range map[string]string{"dafydd": "daily", "olena": "weekly", "aisha": "none"} {
		if err := a.SetMailDelivery(ctx, w.users[key], choice); err != nil {
			return err
		}
	}
	return nil
}
