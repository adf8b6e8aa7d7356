package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

var resourceColumns = `r.id, r.community_id, r.kind, r.title, r.description, COALESCE(r.owner_org_id, ''), COALESCE(u.id, ''),
	COALESCE(o.name, u.name, ''), COALESCE(o.sector, ''), r.address, r.city, r.region, r.postal_code, r.country, r.latitude, r.longitude, r.capacity, r.accessibility,
	r.terms, r.terms_note, r.bookable, r.approval, r.max_hours_per_week, r.max_future_bookings, r.public_titles,
	r.trust_lapse_days, r.has_photo, COALESCE(r.created_by, ''), r.created_at, r.updated_at, r.moderation, ` + archiveColumns("r")

// resourceShown keeps out the resources of suspended people (the subject
// registry's AuthorColumn, qualified). Resources cannot use shown: SQLite's
// full-text search needs the table's own rowid, which a subquery hides.
var resourceShown = unsuspended("COALESCE(r.owner_user_id, r.created_by, '')")

const resourceFrom = ` FROM resources r
	LEFT JOIN organizations o ON o.community_id = r.community_id AND o.id = r.owner_org_id
	LEFT JOIN users u ON u.id = r.owner_user_id`

func scanResource(row interface{ Scan(...any) error }, extra ...any) (commons.Resource, error) {
	var r commons.Resource
	var lat, lng sql.NullFloat64
	var capacity, maxHours, maxFuture, lapse sql.NullInt64
	var access string
	dest := append([]any{&r.ID, &r.CommunityID, &r.Kind, &r.Title, &r.Description, &r.OwnerOrgID, &r.OwnerUserID,
		&r.OwnerName, &r.OwnerSector, &r.Address, &r.Place.City, &r.Place.Region, &r.Place.PostalCode, &r.Place.Country, &lat, &lng, &capacity, &access,
		&r.Terms, &r.TermsNote, &r.Bookable, &r.Approval, &maxHours, &maxFuture, &r.PublicTitles,
		&lapse, &r.HasPhoto, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.Moderation}, append(archiveDest(&r.Archive), extra...)...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	if lat.Valid && lng.Valid {
		r.Latitude, r.Longitude = &lat.Float64, &lng.Float64
	}
	r.Capacity, r.MaxHoursPerWeek, r.MaxFutureBookings, r.TrustLapseDays = intPtr(capacity), intPtr(maxHours), intPtr(maxFuture), intPtr(lapse)
	if access = strings.Trim(access, "\n"); access != "" {
		r.Accessibility = strings.Split(access, "\n")
	}
	return r, nil
}

// featureList stores accessibility features one per line, with a line
// break before and after, so that a filter can look for "\nname\n".
func featureList(features []string) string {
	if len(features) == 0 {
		return ""
	}
	return "\n" + strings.Join(features, "\n") + "\n"
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// CreateResource saves a resource, owned by an organization or, when
// f.OwnerOrgID is empty, by the person who publishes it.
func (s *Store) CreateResource(ctx context.Context, c commons.Community, f commons.ResourceFields, creatorID string) (commons.Resource, error) {
	id := newID()
	err := s.inTx(ctx, func(t tx) error { return insertResource(ctx, t, c, id, f, creatorID) })
	if err != nil {
		return commons.Resource{}, err
	}
	return s.ResourceInCommunity(ctx, c.ID, id)
}

// resourceInsertColumns are the columns insertResource and an import
// write, in the order of resourceInsertRow.
var resourceInsertColumns = []string{"community_id", "id", "kind", "title", "description", "owner_org_id", "owner_user_id",
	"address", "latitude", "longitude", "capacity", "accessibility", "terms", "terms_note", "bookable", "approval", "max_hours_per_week",
	"max_future_bookings", "public_titles", "trust_lapse_days", "sort_key", "created_by", "created_at", "updated_at",
	"city", "region", "postal_code", "country"}

// resourceInsertRow is a new resource's values for resourceInsertColumns.
func resourceInsertRow(c commons.Community, id string, f commons.ResourceFields, creatorID string, at time.Time) []any {
	var ownerOrg, ownerUser any = nil, creatorID
	if f.OwnerOrgID != "" {
		ownerOrg, ownerUser = f.OwnerOrgID, nil
	}
	return []any{c.ID, id, f.Kind, f.Title, f.Description, ownerOrg, ownerUser, f.Address, nullable(f.Latitude), nullable(f.Longitude),
		nullable(f.Capacity), featureList(f.Accessibility), f.Terms, f.TermsNote, f.Bookable, f.Approval,
		nullable(f.MaxHoursPerWeek), nullable(f.MaxFutureBookings), f.PublicTitles, nullable(f.TrustLapseDays),
		strings.ToLower(f.Title), creatorID, at, at, f.Place.City, f.Place.Region, f.Place.PostalCode, f.Place.Country}
}

// insertResource writes a new resource with the given id.
func insertResource(ctx context.Context, t tx, c commons.Community, id string, f commons.ResourceFields, creatorID string) error {
	q := "INSERT INTO resources (" + strings.Join(resourceInsertColumns, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(resourceInsertColumns)), ", ") + ")"
	if _, err := t.exec(ctx, q, resourceInsertRow(c, id, f, creatorID, t.now())...); err != nil {
		return err
	}
	return t.d.setResourceSearch(ctx, t, c.ID, id, c.Languages, f.Title, f.Description)
}

// UpdateResource saves a resource's fields (its owner stays).
func (s *Store) UpdateResource(ctx context.Context, c commons.Community, id string, f commons.ResourceFields) error {
	return s.inTx(ctx, func(t tx) error { return updateResource(ctx, t, c, id, f) })
}

// UpdateResourceAndAvailability saves a resource's fields and its opening
// hours in one transaction.
func (s *Store) UpdateResourceAndAvailability(ctx context.Context, c commons.Community, id string, f commons.ResourceFields, a commons.Availability) error {
	return s.inTx(ctx, func(t tx) error {
		if err := updateResource(ctx, t, c, id, f); err != nil {
			return err
		}
		return setAvailability(ctx, t, c.ID, id, a)
	})
}

func updateResource(ctx context.Context, t tx, c commons.Community, id string, f commons.ResourceFields) error {
	if err := updateResourceRow(ctx, t, c, id, f); err != nil {
		return err
	}
	return t.d.setResourceSearch(ctx, t, c.ID, id, c.Languages, f.Title, f.Description)
}

// updateResourceRow saves a resource's fields without its search index.
func updateResourceRow(ctx context.Context, t tx, c commons.Community, id string, f commons.ResourceFields) error {
	res, err := t.exec(ctx, `UPDATE resources SET kind = ?, title = ?, description = ?, address = ?, city = ?, region = ?, postal_code = ?,
		country = ?, latitude = ?, longitude = ?, capacity = ?, accessibility = ?, terms = ?, terms_note = ?, bookable = ?, approval = ?, max_hours_per_week = ?,
		max_future_bookings = ?, public_titles = ?, trust_lapse_days = ?, sort_key = ?, updated_at = ?
		WHERE community_id = ? AND id = ?`,
		f.Kind, f.Title, f.Description, f.Address, f.Place.City, f.Place.Region, f.Place.PostalCode, f.Place.Country,
		nullable(f.Latitude), nullable(f.Longitude), nullable(f.Capacity), featureList(f.Accessibility), f.Terms, f.TermsNote, f.Bookable, f.Approval, nullable(f.MaxHoursPerWeek),
		nullable(f.MaxFutureBookings), f.PublicTitles, nullable(f.TrustLapseDays), strings.ToLower(f.Title), t.now(), c.ID, id)
	return mustAffect(res, err)
}

// ResourceByID returns one resource, for the routes that name it by id
// alone (API.md); the community comes with it.
func (s *Store) ResourceByID(ctx context.Context, id string) (commons.Resource, error) {
	r, err := scanResource(s.queryRow(ctx, "SELECT "+resourceColumns+resourceFrom+" WHERE r.id = ? AND "+resourceShown, id))
	return r, s.classify(err)
}

// ResourceInCommunity returns one resource of a community.
func (s *Store) ResourceInCommunity(ctx context.Context, communityID, id string) (commons.Resource, error) {
	r, err := scanResource(s.queryRow(ctx, "SELECT "+resourceColumns+resourceFrom+" WHERE r.community_id = ? AND r.id = ? AND "+resourceShown, communityID, id))
	return r, s.classify(err)
}

// ResourceFilter selects resources of a community's directory.
type ResourceFilter struct {
	Kind       commons.Kind
	OwnerOrgID string
	// OwnedByAny keeps resources owned by any of these people or
	// organizations (ids of either).
	OwnedByAny    []string
	Sector        commons.Sector
	MinCapacity   int
	Accessibility []string
	Query         string
	// FreeFrom and FreeTo keep bookable resources with no confirmed
	// booking in between (opening hours are the caller's to check).
	FreeFrom, FreeTo time.Time
	Page             commons.Page
}

// ListResources returns a community's resources in title order.
func (s *Store) ListResources(ctx context.Context, c commons.Community, f ResourceFilter) ([]commons.Resource, string, error) {
	afterKey, afterID, err := decodeCursor(f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(f.Page)
	q := "SELECT " + resourceColumns + ", r.sort_key" + resourceFrom + " WHERE r.community_id = ? AND r.moderation = 'visible' AND " + notArchived("r") + " AND " + resourceShown
	args := []any{c.ID}
	if f.Kind != "" {
		q += " AND r.kind = ?"
		args = append(args, f.Kind)
	}
	if f.OwnerOrgID != "" {
		q += " AND r.owner_org_id = ?"
		args = append(args, f.OwnerOrgID)
	}
	if len(f.OwnedByAny) > 0 {
		in := strings.TrimSuffix(strings.Repeat("?,", len(f.OwnedByAny)), ",")
		// Two lookups by index (resources_owner_user, resources_owner_org):
		// an OR across the columns would read the whole community.
		q += " AND r.id IN (SELECT id FROM resources WHERE community_id = ? AND owner_user_id IN (" + in +
			") UNION ALL SELECT id FROM resources WHERE community_id = ? AND owner_org_id IN (" + in + "))"
		for range 2 {
			args = append(args, c.ID)
			for _, id := range f.OwnedByAny {
				args = append(args, id)
			}
		}
	}
	if f.Sector != "" {
		q += " AND o.sector = ?"
		args = append(args, f.Sector)
	}
	if f.MinCapacity > 0 {
		q += " AND r.capacity >= ?"
		args = append(args, f.MinCapacity)
	}
	for _, a := range f.Accessibility {
		q += ` AND r.accessibility LIKE ? ESCAPE '\'`
		args = append(args, "%\n"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(a)+"\n%")
	}
	if strings.TrimSpace(f.Query) != "" {
		cond, cargs := s.d.resourceSearch(c.ID, c.Languages, f.Query)
		q += " AND " + cond
		args = append(args, cargs...)
	}
	if !f.FreeFrom.IsZero() {
		q += ` AND r.bookable AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.community_id = r.community_id
			AND b.resource_id = r.id AND b.status = 'confirmed' AND b.starts_at < ? AND b.starts_at > ? AND b.ends_at > ?)`
		args = append(args, f.FreeTo.UTC(), earliestStart(f.FreeFrom), f.FreeFrom.UTC())
	}
	if afterID != "" {
		q += " AND (r.sort_key > ? OR (r.sort_key = ? AND r.id > ?))"
		args = append(args, afterKey, afterKey, afterID)
	}
	q += " ORDER BY r.sort_key, r.id LIMIT ?"
	args = append(args, limit+1)
	return keyedPage(ctx, s, limit, q, args, func(row interface{ Scan(...any) error }, key *string) (commons.Resource, string, error) {
		r, err := scanResource(row, key)
		return r, r.ID, err
	})
}

// SetAvailability replaces a resource's opening hours and closed dates.
func (s *Store) SetAvailability(ctx context.Context, communityID, resourceID string, a commons.Availability) error {
	return s.inTx(ctx, func(t tx) error { return setAvailability(ctx, t, communityID, resourceID, a) })
}

func setAvailability(ctx context.Context, t tx, communityID, resourceID string, a commons.Availability) error {
	for _, table := range []string{"opening_hours", "closed_dates"} {
		if _, err := t.exec(ctx, "DELETE FROM "+table+" WHERE community_id = ? AND resource_id = ?", communityID, resourceID); err != nil {
			return err
		}
	}
	for _, h := range a.Hours {
		if _, err := t.exec(ctx, "INSERT INTO opening_hours (community_id, resource_id, weekday, opens, closes) VALUES (?, ?, ?, ?, ?)",
			communityID, resourceID, int(h.Weekday), commons.Clock(h.Opens), commons.Clock(h.Closes)); err != nil {
			return err
		}
	}
	for _, c := range a.Closed {
		if _, err := t.exec(ctx, "INSERT INTO closed_dates (community_id, resource_id, day, reason) VALUES (?, ?, ?, ?)",
			communityID, resourceID, c.Day, c.Reason); err != nil {
			return err
		}
	}
	_, err := t.exec(ctx, "UPDATE resources SET updated_at = ? WHERE community_id = ? AND id = ?", t.now(), communityID, resourceID)
	return err
}

// Availability returns a resource's opening hours and closed dates.
func (s *Store) Availability(ctx context.Context, communityID, resourceID string) (commons.Availability, error) {
	return availability(ctx, s.read, s.d, communityID, resourceID)
}

type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func availability(ctx context.Context, q reader, d dialect, communityID, resourceID string) (commons.Availability, error) {
	var a commons.Availability
	rows, err := q.QueryContext(ctx, d.rebind(`SELECT weekday, opens, closes FROM opening_hours
		WHERE community_id = ? AND resource_id = ? ORDER BY weekday, opens`), communityID, resourceID)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var wd int
		var opens, closes string
		if err := rows.Scan(&wd, &opens, &closes); err != nil {
			rows.Close()
			return a, err
		}
		o, _ := commons.ParseClock(opens)
		c, _ := commons.ParseClock(closes)
		a.Hours = append(a.Hours, commons.OpeningInterval{Weekday: time.Weekday(wd), Opens: o, Closes: c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	rows, err = q.QueryContext(ctx, d.rebind(`SELECT day, reason FROM closed_dates WHERE community_id = ? AND resource_id = ? ORDER BY day`),
		communityID, resourceID)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var c commons.ClosedDate
		if err := rows.Scan(&c.Day, &c.Reason); err != nil {
			return a, err
		}
		a.Closed = append(a.Closed, c)
	}
	return a, rows.Err()
}

// SetPhoto stores a resource's photo, already re-encoded by the caller.
// Photos live in the database so that every node can serve them.
func (s *Store) SetPhoto(ctx context.Context, communityID, resourceID, contentType string, data []byte) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, "DELETE FROM resource_photos WHERE community_id = ? AND resource_id = ?", communityID, resourceID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO resource_photos (community_id, resource_id, content_type, data, updated_at) VALUES (?, ?, ?, ?, ?)",
			communityID, resourceID, contentType, data, s.now()); err != nil {
			return err
		}
		res, err := t.exec(ctx, "UPDATE resources SET has_photo = ?, updated_at = ? WHERE community_id = ? AND id = ?", true, s.now(), communityID, resourceID)
		return mustAffect(res, err)
	})
}

// Photo returns a resource's photo and its content type.
func (s *Store) Photo(ctx context.Context, communityID, resourceID string) ([]byte, string, time.Time, error) {
	var data []byte
	var ct string
	var at time.Time
	err := s.queryRow(ctx, "SELECT data, content_type, updated_at FROM resource_photos WHERE community_id = ? AND resource_id = ?",
		communityID, resourceID).Scan(&data, &ct, &at)
	return data, ct, at, s.classify(err)
}

// TrustForResource lets a person book a resource without asking.
func (s *Store) TrustForResource(ctx context.Context, communityID, resourceID, userID, givenBy string) error {
	at := s.now()
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO resource_trust (community_id, resource_id, user_id, given_by, given_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?)`, communityID, resourceID, userID, givenBy, at, at)
		if t.d.isUniqueViolation(err) {
			return commons.Errorf(commons.CodeConflict, "error.trust.twice")
		}
		if err != nil {
			return err
		}
		return logResourceTrust(ctx, t, communityID, resourceID, userID, givenBy, "resource_trust.given")
	})
}

// logResourceTrust puts trust for a resource on the community's record.
func logResourceTrust(ctx context.Context, t tx, communityID, resourceID, userID, actorID, action string) error {
	var person, title string
	if err := t.queryRow(ctx, "SELECT u.name, r.title FROM users u, resources r WHERE u.id = ? AND r.community_id = ? AND r.id = ?",
		userID, communityID, resourceID).Scan(&person, &title); err != nil {
		return err
	}
	return logAct(ctx, t, communityID, actorID, action, person+" · "+title)
}

// RevokeResourceTrust takes a person's trust for a resource back.
func (s *Store) RevokeResourceTrust(ctx context.Context, communityID, resourceID, userID, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "DELETE FROM resource_trust WHERE community_id = ? AND resource_id = ? AND user_id = ?", communityID, resourceID, userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logResourceTrust(ctx, t, communityID, resourceID, userID, actorID, "resource_trust.revoked")
	})
}

// ResourceTrustGiver returns who gave a person trust for a resource.
func (s *Store) ResourceTrustGiver(ctx context.Context, communityID, resourceID, userID string) (string, error) {
	var giver sql.NullString
	err := s.queryRow(ctx, "SELECT given_by FROM resource_trust WHERE community_id = ? AND resource_id = ? AND user_id = ?",
		communityID, resourceID, userID).Scan(&giver)
	return giver.String, s.classify(err)
}

// ResourceTrustLastUsed returns when a person's trust for a resource was
// last used (or given), and false when they hold none.
func (s *Store) ResourceTrustLastUsed(ctx context.Context, communityID, resourceID, userID string) (time.Time, bool, error) {
	var at time.Time
	err := s.queryRow(ctx, "SELECT last_used_at FROM resource_trust WHERE community_id = ? AND resource_id = ? AND user_id = ?",
		communityID, resourceID, userID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return at, false, nil
	}
	return at, err == nil, s.classify(err)
}

// TrustedPerson is someone trusted for a resource.
type TrustedPerson struct {
	UserID, Name string
	LastUsedAt   time.Time
	// GivenBy is who gave the trust, "" when unknown.
	GivenBy string
}

// ResourceTrusted lists the people trusted for a resource.
func (s *Store) ResourceTrusted(ctx context.Context, communityID, resourceID string) ([]TrustedPerson, error) {
	rows, err := s.query(ctx, `SELECT t.user_id, u.name, t.last_used_at, t.given_by FROM resource_trust t JOIN users u ON u.id = t.user_id
		WHERE t.community_id = ? AND t.resource_id = ? ORDER BY u.name, t.user_id`, communityID, resourceID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []TrustedPerson
	for rows.Next() {
		var p TrustedPerson
		var giver sql.NullString
		if err := rows.Scan(&p.UserID, &p.Name, &p.LastUsedAt, &giver); err != nil {
			return nil, s.classify(err)
		}
		p.GivenBy = giver.String
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}
