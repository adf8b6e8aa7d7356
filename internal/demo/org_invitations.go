package demo

import (
	"context"
	"fmt"

	"github.com/commons-project/commons/internal/app"
	"github.com/commons-project/commons/internal/commons"
)

// loadOrgInvitations: the library's admin has invited the museum's
// curator, picked by name, to help with its family-history corner; the
// invitation waits on her notifications and the library's page (issue
// 15, item 8).
func loadOrgInvitations(ctx context.Context, a *app.App, w *world) error {
	s, err := a.Scope(ctx, w.users["gareth"], Slug)
	if err != nil {
		return err
	}
	_, _, err = a.InviteToOrganization(ctx, s, w.orgs["gareth"], app.Picked{Field: "invitee", ID: w.users["eleri"].ID}, commons.OrgMember)
	if err != nil {
		return fmt.Errorf("library invitation: %w", err)
	}
	return nil
}
