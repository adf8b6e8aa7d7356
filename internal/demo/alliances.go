package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// NeighboursSlug is the demo's second community: the next valley's
// neighbours, with a time bank of their own.
const NeighboursSlug = "cwm-uchaf"

// loadAlliances starts the next valley's neighbours (Huw, who lives
// between the two), turns their time bank on, and agrees a time bank
// alliance with Cwm Tawel: Huw pays Gareth across it for a lift over the
// hill. Irina shows her Welsh course badge on her public profile.
func loadAlliances(ctx context.Context, a *app.App, w *world) error {
	huw := w.users["huw"]
	if _, err := a.CreateCommunity(ctx, huw, commons.NewCommunity{Slug: NeighboursSlug, Name: "Cwm Uchaf neighbours",
		Description: "The next valley up: neighbours who swap lifts, meals and repairs by the hour."}); err != nil {
		return fmt.Errorf("alliances: %w", err)
	}
	there, err := a.Scope(ctx, huw, NeighboursSlug)
	if err != nil {
		return err
	}
	if err := a.SetTimeBank(ctx, there, commons.TimeBank{Enabled: true}); err != nil {
		return fmt.Errorf("alliances: time bank: %w", err)
	}
	carys, err := a.Scope(ctx, w.users["carys"], Slug)
	if err != nil {
		return err
	}
	al, err := a.ProposeAlliance(ctx, there, commons.AllianceFields{Partner: Slug, Note: "Neighbours over the hill: let our hours count in both valleys."})
	if err != nil {
		return fmt.Errorf("alliances: propose: %w", err)
	}
	if err := a.AcceptAlliance(ctx, carys, al.ID); err != nil {
		return fmt.Errorf("alliances: accept: %w", err)
	}
	if _, err := a.TransferAcross(ctx, there, al.ID, commons.AcrossFields{ToUserID: w.users["gareth"].ID, Minutes: 60, Category: "transport",
		Note: "A lift over the hill to the Miners' Hall"}); err != nil {
		return fmt.Errorf("alliances: transfer across: %w", err)
	}
	irina, err := a.Scope(ctx, w.users["irina"], Slug)
	if err != nil {
		return err
	}
	mine, err := a.MyAwards(ctx, irina)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		return fmt.Errorf("alliances: Irina holds no badge to show")
	}
	if err := a.SetAwardPublic(ctx, irina, mine[0].ID, true); err != nil {
		return fmt.Errorf("alliances: Irina's badge: %w", err)
	}
	return nil
}
