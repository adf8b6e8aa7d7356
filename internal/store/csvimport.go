package store

import (
	"context"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// AllOrganizations returns every organization of a community in name
// order, for an import to match rows against (visibleOnly: those the
// directory shows, for an export).
func (s *Store) AllOrganizations(ctx context.Context, communityID string, visibleOnly bool) ([]commons.Organization, error) {
	q := "SELECT " + organizationColumns + " FROM organizations o WHERE o.community_id = ?"
	if visibleOnly {
		q += " AND o.moderation = 'visible'"
	}
	rows, err := s.query(ctx, q+" ORDER BY o.sort_key, o.id", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Organization
	for rows.Next() {
		o, err := scanOrganization(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, o)
	}
	return out, s.classify(rows.Err())
}

// AllResources returns every resource of a community in title order with
// its opening hours and closed dates, read in three queries.
func (s *Store) AllResources(ctx context.Context, communityID string, visibleOnly bool) ([]commons.Resource, map[string]commons.Availability, error) {
	q := "SELECT " + resourceColumns + resourceFrom + " WHERE r.community_id = ?"
	if visibleOnly {
		q += " AND r.moderation = 'visible' AND " + resourceShown
	}
	rows, err := s.query(ctx, q+" ORDER BY r.sort_key, r.id", communityID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Resource
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, nil, s.classify(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.classify(err)
	}
	hours, err := s.OpeningHours(ctx, communityID)
	if err != nil {
		return nil, nil, err
	}
	avs := map[string]commons.Availability{}
	for id, h := range hours {
		avs[id] = commons.Availability{Hours: h}
	}
	closed, err := s.query(ctx, "SELECT resource_id, day, reason FROM closed_dates WHERE community_id = ? ORDER BY resource_id, day", communityID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer closed.Close()
	for closed.Next() {
		var id string
		var c commons.ClosedDate
		if err := closed.Scan(&id, &c.Day, &c.Reason); err != nil {
			return nil, nil, s.classify(err)
		}
		a := avs[id]
		a.Closed = append(a.Closed, c)
		avs[id] = a
	}
	return out, avs, s.classify(closed.Err())
}

// OpeningHours returns the opening hours of every resource of a
// community that has them, by resource id, in weekday and time order, in
// one query.
func (s *Store) OpeningHours(ctx context.Context, communityID string) (map[string][]commons.OpeningInterval, error) {
	rows, err := s.query(ctx, `SELECT resource_id, weekday, opens, closes FROM opening_hours WHERE community_id = ?
		ORDER BY resource_id, weekday, opens`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := map[string][]commons.OpeningInterval{}
	for rows.Next() {
		var id, opens, closes string
		var wd int
		if err := rows.Scan(&id, &wd, &opens, &closes); err != nil {
			return nil, s.classify(err)
		}
		o, _ := commons.ParseClock(opens)
		c, _ := commons.ParseClock(closes)
		out[id] = append(out[id], commons.OpeningInterval{Weekday: time.Weekday(wd), Opens: o, Closes: c})
	}
	return out, s.classify(rows.Err())
}

// ImportBatch is what an import writes: new things and changed ones. The
// store writes all of it in one transaction, or nothing.
type ImportBatch struct {
	NewOrganizations []commons.OrganizationFields
	Organizations    []commons.Organization
	NewResources     []ImportedResource
	Resources        []ImportedResource
	NewActivities    []NewActivity
	ActivityEdits    []ImportedActivityEdit
	Invitations      []ImportedInvitation
	// TrustedVenues are the venues new activities book by their
	// organizer's trust, marked as used once the batch is written.
	TrustedVenues []string
}

// ImportedActivityEdit changes the occurrences of a series still to come,
// as EditActivities does, telling those registered.
type ImportedActivityEdit struct {
	IDs           []string
	Edit          commons.ActivityEdit
	VenueCapacity *int
	Notes         ActivityNotes
}

// ImportedInvitation is an invitation by mail an import makes, as
// CreateInvitation does.
type ImportedInvitation struct {
	Invitation commons.Invitation
	Secret     string
	Mail       *AccountMail
}

// ImportedResource is one resource an import creates (ID empty) or
// changes, with its availability when the file sets it.
type ImportedResource struct {
	ID              string
	Fields          commons.ResourceFields
	Availability    commons.Availability
	SetAvailability bool
}

// ApplyImport writes a batch in one transaction; the actor becomes the
// admin of the organizations it creates and the owner of the resources
// it creates without an organization.
func (s *Store) ApplyImport(ctx context.Context, c commons.Community, actorID string, b ImportBatch) error {
	return s.inTx(ctx, func(t tx) error {
		at := t.now()
		for _, f := range b.NewOrganizations {
			o := commons.Organization{ID: newID(), CommunityID: c.ID, Name: f.Name, Sector: f.Sector, Description: f.Description,
				Website: f.Website, Email: f.Email, Address: f.Address, Place: f.Place, Contact: f.Contact, CreatedBy: actorID,
				CreatedAt: at, UpdatedAt: at}
			if err := insertOrganization(ctx, t, o); err != nil {
				return err
			}
		}
		for _, o := range b.Organizations {
			o.CommunityID = c.ID
			if err := updateOrganization(ctx, t, o); err != nil {
				return err
			}
		}
		if err := applyResources(ctx, t, c, actorID, at, b); err != nil {
			return err
		}
		for _, na := range b.NewActivities {
			if _, err := createActivity(ctx, t, c.ID, na, at); err != nil {
				return err
			}
		}
		for _, e := range b.ActivityEdits {
			if err := editActivities(ctx, t, c.ID, e.IDs, e.Edit, e.VenueCapacity, actorID, e.Notes); err != nil {
				return err
			}
		}
		for _, inv := range b.Invitations {
			inv.Invitation.ID, inv.Invitation.CreatedAt = newID(), at
			if err := s.createInvitation(ctx, t, inv.Invitation, inv.Secret, inv.Mail); err != nil {
				return err
			}
		}
		return nil
	})
}

// AllActivities returns every occurrence of a community's activities that
// its pages show, series by series in time order, each with its
// organizers (read in two queries), for an import to match rows against
// and an export to write.
func (s *Store) AllActivities(ctx context.Context, communityID string) ([]commons.Activity, error) {
	acts, err := s.activities(ctx, "SELECT "+activityColumns+activityFrom+` WHERE a.community_id = ?
		ORDER BY a.series_id, a.starts_at, a.id`, communityID)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT o.series_id, COALESCE(o.organization_id, ''), COALESCE(o.user_id, ''), COALESCE(org.name, u.name, '')
		FROM activity_organizers o
		LEFT JOIN organizations org ON org.community_id = o.community_id AND org.id = o.organization_id
		LEFT JOIN users u ON u.id = o.user_id
		WHERE o.community_id = ? ORDER BY o.series_id, o.position`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	bySeries := map[string][]commons.Organizer{}
	for rows.Next() {
		var series string
		var o commons.Organizer
		if err := rows.Scan(&series, &o.OrganizationID, &o.UserID, &o.Name); err != nil {
			return nil, s.classify(err)
		}
		bySeries[series] = append(bySeries[series], o)
	}
	for i := range acts {
		acts[i].Organizers = bySeries[acts[i].SeriesID]
	}
	return acts, s.classify(rows.Err())
}

// InvitedOrMember tells, by lower-case address, who is an active member
// of a community already ("member") and who has an invitation by mail
// that is still open ("invited"), for an import of invitations.
func (s *Store) InvitedOrMember(ctx context.Context, communityID string) (map[string]string, error) {
	out := map[string]string{}
	rows, err := s.query(ctx, `SELECT email FROM invitations WHERE community_id = ? AND email <> '' AND uses < max_uses
		AND expires_at > ?`, communityID, s.now())
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, s.classify(err)
		}
		out[strings.ToLower(e)] = "invited"
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	members, err := s.query(ctx, `SELECT u.email_key FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = ? AND m.status = ?`, communityID, commons.MemberActive)
	if err != nil {
		return nil, s.classify(err)
	}
	defer members.Close()
	for members.Next() {
		var e string
		if err := members.Scan(&e); err != nil {
			return nil, s.classify(err)
		}
		out[e] = "member"
	}
	return out, s.classify(members.Err())
}

// applyResources writes an import's resources in a bounded number of
// statements, not several per row: new ones in multi-row INSERTs, then
// the search index, opening hours and closed dates of many at a time
// (docs/PERFORMANCE.md). Only a changed resource's own row is one UPDATE
// each, its fields differing row by row.
func applyResources(ctx context.Context, t tx, c commons.Community, actorID string, at time.Time, b ImportBatch) error {
	var newRows, hours, closed [][]any
	var written, reset []string
	avail := func(id string, a commons.Availability) {
		for _, h := range a.Hours {
			hours = append(hours, []any{c.ID, id, int(h.Weekday), commons.Clock(h.Opens), commons.Clock(h.Closes)})
		}
		for _, d := range a.Closed {
			closed = append(closed, []any{c.ID, id, d.Day, d.Reason})
		}
	}
	for _, r := range b.NewResources {
		id := newID()
		newRows = append(newRows, resourceInsertRow(c, id, r.Fields, actorID, at))
		written = append(written, id)
		avail(id, r.Availability)
	}
	if err := insertMany(ctx, t, "resources", resourceInsertColumns, newRows); err != nil {
		return err
	}
	for _, r := range b.Resources {
		if err := updateResourceRow(ctx, t, c, r.ID, r.Fields); err != nil {
			return err
		}
		written = append(written, r.ID)
		if r.SetAvailability {
			reset = append(reset, r.ID)
			avail(r.ID, r.Availability)
		}
	}
	if err := forChunks(written, func(_ []string, in string, ids []any) error {
		return t.d.indexResourceIDs(ctx, t, c.ID, c.Languages, in, ids)
	}); err != nil {
		return err
	}
	if err := forChunks(reset, func(_ []string, in string, ids []any) error {
		for _, table := range []string{"opening_hours", "closed_dates"} {
			if _, err := t.ExecContext(ctx, t.d.rebind("DELETE FROM "+table+" WHERE community_id = ? AND resource_id IN ("+in+")"),
				append([]any{c.ID}, ids...)...); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := insertMany(ctx, t, "opening_hours", []string{"community_id", "resource_id", "weekday", "opens", "closes"}, hours); err != nil {
		return err
	}
	return insertMany(ctx, t, "closed_dates", []string{"community_id", "resource_id", "day", "reason"}, closed)
}

// SaveImportUpload keeps an uploaded CSV file until life has passed, and
// clears the files whose time is up.
func (s *Store) SaveImportUpload(ctx context.Context, communityID, userID, kind string, data []byte, life time.Duration) (string, error) {
	id := newID()
	err := s.inTx(ctx, func(t tx) error {
		at := t.now()
		if _, err := t.exec(ctx, "DELETE FROM csv_uploads WHERE expires_at <= ?", at); err != nil {
			return err
		}
		_, err := t.exec(ctx, "INSERT INTO csv_uploads (id, community_id, user_id, kind, data, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
			id, communityID, userID, kind, data, at.Add(life))
		return err
	})
	return id, err
}

// ImportUpload returns a person's uploaded file in a community, not found
// once it has expired.
func (s *Store) ImportUpload(ctx context.Context, communityID, userID, id string) (string, []byte, error) {
	var kind string
	var data []byte
	err := s.queryRow(ctx, "SELECT kind, data FROM csv_uploads WHERE id = ? AND community_id = ? AND user_id = ? AND expires_at > ?",
		id, communityID, userID, s.now()).Scan(&kind, &data)
	return kind, data, s.classify(err)
}
