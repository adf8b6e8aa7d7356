package store

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Archiving (commons/archive.go): an archived thing keeps its row and its
// page; the queries that list things — directories, search, matches,
// open data — keep it out with notArchived.

// notArchived is the condition, on a row of an archivable table named
// alias, that it is in use.
func notArchived(alias string) string { return alias + ".archived_at IS NULL" }

// archiveColumns are an archivable row's archive columns, for a SELECT.
func archiveColumns(alias string) string {
	return alias + ".archived_at, COALESCE(" + alias + ".archived_by, '')"
}

// archiveDest is where archiveColumns are scanned to.
func archiveDest(a *commons.Archive) []any { return []any{archivedAt{a}, &a.By} }

type archivedAt struct{ a *commons.Archive }

// Scan reads archived_at: NULL while in use.
func (x archivedAt) Scan(v any) error {
	if v == nil {
		x.a.At = nil
		return nil
	}
	var t time.Time
	if err := (anyTime{&t}).Scan(v); err != nil {
		return err
	}
	x.a.At = &t
	return nil
}

// ArchiveChange archives or restores one thing.
type ArchiveChange struct {
	Type        commons.SubjectType
	CommunityID string
	ID          string
	ActorID     string
	// Archive puts it away; false restores it.
	Archive bool
	// Refuse decides, from a resource's bookings that have not ended and
	// hold or ask for its time (read in the transaction, under the
	// resource's lock), whether it may be archived.
	Refuse func(future []commons.Booking) error
	// Notes tell the people who also run it.
	Notes []commons.Notification
}

// SetArchived archives or restores a thing, with its entry in the
// community's record (and, for an initiative, in its history), in one
// transaction. Archiving an archived thing, or restoring one in use, is a
// conflict.
func (s *Store) SetArchived(ctx context.Context, ch ArchiveChange) error {
	sub, err := commons.SubjectOf(ch.Type)
	if err != nil || !commons.Archivable(ch.Type) {
		return commons.NotFound()
	}
	return s.inTx(ctx, func(t tx) error {
		if ch.Type == commons.SubjectResource {
			// Bookings take the same lock: none slips in between the
			// check and the archiving.
			if err := t.d.lockKey(ctx, t, "resource "+ch.ID); err != nil {
				return err
			}
		}
		var name string
		var archived bool
		if err := t.queryRow(ctx, "SELECT "+sub.NameColumn+", archived_at IS NOT NULL FROM "+sub.Table+" WHERE community_id = ? AND id = ?",
			ch.CommunityID, ch.ID).Scan(&name, &archived); err != nil {
			return t.s.classify(err)
		}
		if archived == ch.Archive {
			key := "error.archive.already"
			if !ch.Archive {
				key = "error.archive.not_archived"
			}
			return commons.Errorf(commons.CodeConflict, key)
		}
		if ch.Archive && ch.Type == commons.SubjectResource && ch.Refuse != nil {
			future, err := futureBookings(ctx, t, ch.CommunityID, ch.ID)
			if err != nil {
				return err
			}
			if err := ch.Refuse(future); err != nil {
				return err
			}
		}
		var at, by any
		action := "restored"
		if ch.Archive {
			at, by, action = t.now(), ch.ActorID, "archived"
		}
		if _, err := t.exec(ctx, "UPDATE "+sub.Table+" SET archived_at = ?, archived_by = ? WHERE community_id = ? AND id = ?",
			at, by, ch.CommunityID, ch.ID); err != nil {
			return err
		}
		if ch.Type == commons.SubjectInitiative {
			if err := logInitiative(ctx, t, ch.CommunityID, ch.ID, ch.ActorID, action, name); err != nil {
				return err
			}
		}
		if err := notifyAll(ctx, t, ch.Notes); err != nil {
			return err
		}
		return logAct(ctx, t, ch.CommunityID, ch.ActorID, string(ch.Type)+"."+action, name)
	})
}

// futureBookings lists a resource's bookings that have not ended and
// hold (confirmed) or ask for (requested) its time, soonest first.
func futureBookings(ctx context.Context, t tx, communityID, resourceID string) ([]commons.Booking, error) {
	rows, err := t.query(ctx, "SELECT "+bookingColumns+bookingFrom+` WHERE b.community_id = ? AND b.resource_id = ?
		AND b.status IN ('confirmed', 'requested') AND b.ends_at > ? ORDER BY b.starts_at, b.id LIMIT 200`,
		communityID, resourceID, t.now().UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []commons.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// resourceArchived refuses, in a booking's transaction, a resource that
// was archived meanwhile.
func resourceArchived(ctx context.Context, t tx, communityID, resourceID string) error {
	var archived bool
	if err := t.queryRow(ctx, "SELECT archived_at IS NOT NULL FROM resources WHERE community_id = ? AND id = ?",
		communityID, resourceID).Scan(&archived); err != nil {
		return t.s.classify(err)
	}
	if archived {
		return commons.Errorf(commons.CodeConflict, "error.archive.resource_archived")
	}
	return nil
}
