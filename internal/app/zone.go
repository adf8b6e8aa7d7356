package app

import (
	"context"

	"github.com/commons-project/commons/internal/commons"
)

// ReaderZone is the time zone a person reads times in outside a
// community: the one they chose, else the zone of the first community
// they are an active member of, else UTC. A failure to read their
// communities falls back to UTC: a time shown in UTC is still right.
func (a *App) ReaderZone(ctx context.Context, u *commons.User) string {
	if u == nil {
		return "UTC"
	}
	if u.TimeZone != "" {
		return u.TimeZone
	}
	cs, statuses, err := a.Store.Memberships(ctx, u.ID)
	if err != nil {
		return "UTC"
	}
	for i, c := range cs {
		if statuses[i] == commons.MemberActive && c.TimeZone != "" {
			return c.TimeZone
		}
	}
	return "UTC"
}
