package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadTimeBank turns on a small time bank between neighbours: Huw pays
// Gareth for the lift to the hospital, Eleri pays Irina for her laptop,
// Irina pays Rhodri for a mended bicycle, and the Repair Café pays Olena
// for the Saturday soup.
func loadTimeBank(ctx context.Context, a *app.App, w *world) error {
	scope := func(who string) (app.Scope, error) { return a.Scope(ctx, w.users[who], Slug) }
	carys, err := scope("carys")
	if err != nil {
		return err
	}
	lo, hi := -20*60, 40*60
	if err := a.SetTimeBank(ctx, carys, commons.TimeBank{Enabled: true, MinBalance: &lo, MaxBalance: &hi}); err != nil {
		return fmt.Errorf("time bank: %w", err)
	}
	for _, t := range []struct {
		from, org, to string
		minutes       int
		category      string
		note          string
	}{
		{"huw", "", "gareth", 150, "transport", "The lift to the hospital in Abertawe"},
		{"eleri", "", "irina", 90, "digital", "Setting up my laptop and video calls"},
		{"irina", "", "rhodri", 60, "repairs", "Mended my daughter's bicycle brakes"},
		{"huw", "huw", "olena", 120, "household", "Soup for the Repair Café"},
		{"gareth", "", "mair", 45, "teaching", "Singing lesson"},
	} {
		s, err := scope(t.from)
		if err != nil {
			return err
		}
		f := commons.TransferFields{ToOwner: commons.OwnerPerson, ToOwnerID: w.users[t.to].ID, Minutes: t.minutes, Category: t.category, Note: t.note}
		if t.org != "" {
			f.FromOrgID = w.orgs[t.org]
		}
		if _, err := a.Transfer(ctx, s, f); err != nil {
			return fmt.Errorf("time bank: %s → %s: %w", t.from, t.to, err)
		}
	}
	return nil
}
