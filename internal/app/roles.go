package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// RoleGuide is what each role lets its holder do and how it is earned in
// one community: the page that explains the roles reads it.
type RoleGuide struct {
	// TrustNeeded is how many members must vouch for a role, now.
	TrustNeeded int
	Roles       []RoleActions
}

// RoleActions is one role with its actions, from the policy table.
type RoleActions struct {
	Role    commons.Role
	Actions []commons.Action
}

// RoleGuide explains the community's roles; anyone may read it, since it
// says how to take part.
func (a *App) RoleGuide(ctx context.Context, s Scope) (RoleGuide, error) {
	n, err := a.Store.TrustThreshold(ctx, s.Community.ID)
	if err != nil {
		return RoleGuide{}, err
	}
	g := RoleGuide{TrustNeeded: n}
	for _, r := range commons.Roles {
		g.Roles = append(g.Roles, RoleActions{Role: r, Actions: commons.RoleActions(r)})
	}
	return g, nil
}
