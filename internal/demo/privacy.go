package demo

import (
	"context"

	"github.com/commons-project/commons/internal/app"
)

// publicPeople are the demo's people who chose a public profile: the
// teachers and organizers who want to be found. The learners and the
// newcomers to the valley keep theirs to the community, as everyone does
// by default.
var publicPeople = []string{"carys", "sian", "gareth", "huw", "dafydd", "eleri", "rhodri"}

// loadPrivacy makes the teachers' and organizers' profiles public.
func loadPrivacy(ctx context.Context, a *app.App, w *world) error {
	for _, key := range publicPeople {
		s, err := a.Scope(ctx, w.users[key], Slug)
		if err != nil {
			return err
		}
		if err := a.SetProfilePublic(ctx, s, true); err != nil {
			return err
		}
	}
	return nil
}
