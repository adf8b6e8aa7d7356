package app

import (
	"context"
	"slices"

	"github.com/commons-project/commons/internal/commons"
)

// securityEvent logs a security-relevant event (ASVS V16) as a
// "security: …" line. The server's log handler adds the request's id;
// callers pass ids and kinds only — never a password, a secret, an
// address or a name — so that the log can be kept and shared with an
// operator without holding personal data.
func (a *App) securityEvent(ctx context.Context, what string, ids ...any) {
	a.Log.InfoContext(ctx, "security: "+what, ids...)
}

// memberRoles is a member's roles now (granted or earned by trust), or
// none when they are not a member or cannot be read: it only feeds the
// log, which must not make the use case fail.
func (a *App) memberRoles(ctx context.Context, communityID, userID string) []commons.Role {
	m, err := a.Store.Member(ctx, communityID, userID)
	if err != nil {
		return nil
	}
	return m.Roles
}

// logRoleChanges logs the roles a member gained and lost between before
// and after — a role earned or lost through trust is as much a change of
// what they may do as one granted.
func (a *App) logRoleChanges(ctx context.Context, communityID, userID, cause string, before, after []commons.Role) {
	for _, r := range after {
		if !slices.Contains(before, r) {
			a.securityEvent(ctx, "role gained", "community_id", communityID, "user_id", userID, "role", string(r), "by", cause)
		}
	}
	for _, r := range before {
		if !slices.Contains(after, r) {
			a.securityEvent(ctx, "role lost", "community_id", communityID, "user_id", userID, "role", string(r), "by", cause)
		}
	}
}

// trustLogged reads a member's roles before trust for them is given or
// taken back, and returns what logs the act and the roles it changed once
// it has succeeded (deferred, with the use case's error).
func (a *App) trustLogged(ctx context.Context, s Scope, userID string, role commons.Role, what string) func(*error) {
	if s.Actor == nil {
		return func(*error) {}
	}
	before := a.memberRoles(ctx, s.Community.ID, userID)
	return func(err *error) {
		if *err != nil {
			return
		}
		a.securityEvent(ctx, what, "community_id", s.Community.ID, "user_id", s.Actor.ID, "receiver_id", userID, "role", string(role))
		a.logRoleChanges(ctx, s.Community.ID, userID, "trust", before, a.memberRoles(ctx, s.Community.ID, userID))
	}
}
