package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// The queries behind a community's indicators: the indicators, the values
// reported for them, what Commons computes from its own records (with the
// records counted, so that every number links to its evidence), and the
// partner reports.

const indicatorColumns = `id, community_id, name, unit, source, direction, period, baseline, baseline_period, target,
	COALESCE(created_by, ''), created_at, retired_on`

func scanIndicator(row interface{ Scan(...any) error }) (commons.Indicator, error) {
	var i commons.Indicator
	err := row.Scan(&i.ID, &i.CommunityID, &i.Name, &i.Unit, &i.Source, &i.Direction, &i.Period, &i.Baseline, &i.BaselinePeriod,
		&i.Target, &i.CreatedBy, &i.CreatedAt, &i.RetiredOn)
	return i, err
}

// CreateIndicator adds an indicator after the community's others.
func (s *Store) CreateIndicator(ctx context.Context, i commons.Indicator) (commons.Indicator, error) {
	i.ID, i.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		var pos int
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM indicators WHERE community_id = ?", i.CommunityID).Scan(&pos); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO indicators (community_id, id, name, unit, source, direction, period, baseline, baseline_period,
			target, position, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i.CommunityID, i.ID, i.Name, i.Unit, i.Source, i.Direction, i.Period, i.Baseline, i.BaselinePeriod, i.Target, pos,
			nullText(i.CreatedBy), i.CreatedAt)
		return err
	})
	return i, err
}

// UpdateIndicator changes an indicator's fields.
func (s *Store) UpdateIndicator(ctx context.Context, i commons.Indicator) error {
	return s.execOne(ctx, `UPDATE indicators SET name = ?, unit = ?, source = ?, direction = ?, period = ?, baseline = ?,
		baseline_period = ?, target = ? WHERE community_id = ? AND id = ?`,
		i.Name, i.Unit, i.Source, i.Direction, i.Period, i.Baseline, i.BaselinePeriod, i.Target, i.CommunityID, i.ID)
}

// RetireIndicator retires an indicator on a day (YYYY-MM-DD), or
// measures it again when day is "".
func (s *Store) RetireIndicator(ctx context.Context, communityID, id, day string) error {
	return s.execOne(ctx, "UPDATE indicators SET retired_on = ? WHERE community_id = ? AND id = ?", day, communityID, id)
}

// DeleteIndicator removes an indicator and its values.
func (s *Store) DeleteIndicator(ctx context.Context, communityID, id string) error {
	return s.execOne(ctx, "DELETE FROM indicators WHERE community_id = ? AND id = ?", communityID, id)
}

// execOne runs a statement that must change one row: none is not found.
func (s *Store) execOne(ctx context.Context, q string, args ...any) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.NotFound()
		}
		return nil
	}))
}

// Indicators lists a community's indicators in the order they were made.
func (s *Store) Indicators(ctx context.Context, communityID string) ([]commons.Indicator, error) {
	rows, err := s.query(ctx, "SELECT "+indicatorColumns+" FROM indicators WHERE community_id = ? ORDER BY position, id", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Indicator
	for rows.Next() {
		i, err := scanIndicator(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, i)
	}
	return out, s.classify(rows.Err())
}

// IndicatorByID returns one indicator of a community.
func (s *Store) IndicatorByID(ctx context.Context, communityID, id string) (commons.Indicator, error) {
	i, err := scanIndicator(s.queryRow(ctx, "SELECT "+indicatorColumns+" FROM indicators WHERE community_id = ? AND id = ?", communityID, id))
	return i, s.classify(err)
}

// AddIndicatorValue records a reported value entered by an editor.
func (s *Store) AddIndicatorValue(ctx context.Context, v commons.IndicatorValue) (commons.IndicatorValue, error) {
	v.ID, v.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO indicator_values (community_id, id, indicator_id, period, value, note, source, report_id, entered_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`, v.CommunityID, v.ID, v.IndicatorID, v.Period, v.Value, v.Note, v.Source, nullText(v.EnteredBy), v.CreatedAt)
		return err
	})
	return v, s.classify(err)
}

const valueSelect = `SELECT v.id, v.community_id, v.indicator_id, v.period, v.value, v.note, v.source, COALESCE(v.report_id, ''),
	COALESCE(o.name, ''), COALESCE(v.entered_by, ''), v.created_at
	FROM indicator_values v
	LEFT JOIN partner_reports r ON r.community_id = v.community_id AND r.id = v.report_id
	LEFT JOIN organizations o ON o.community_id = r.community_id AND o.id = r.organization_id `

func (s *Store) values(ctx context.Context, where string, args ...any) ([]commons.IndicatorValue, error) {
	rows, err := s.query(ctx, valueSelect+where, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.IndicatorValue
	for rows.Next() {
		var v commons.IndicatorValue
		if err := rows.Scan(&v.ID, &v.CommunityID, &v.IndicatorID, &v.Period, &v.Value, &v.Note, &v.Source, &v.ReportID, &v.OrgName,
			&v.EnteredBy, &v.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, v)
	}
	return out, s.classify(rows.Err())
}

// IndicatorValues lists the values reported for a community's indicators
// in a year (the year's own and its quarters'), oldest first; indicatorID
// "" for every indicator.
func (s *Store) IndicatorValues(ctx context.Context, communityID, indicatorID string, year int) ([]commons.IndicatorValue, error) {
	y := commons.Period{Year: year}.String()
	q := "WHERE v.community_id = ? AND (v.period = ? OR v.period LIKE ?)"
	args := []any{communityID, y, y + "-Q%"}
	if indicatorID != "" {
		q += " AND v.indicator_id = ?"
		args = append(args, indicatorID)
	}
	return s.values(ctx, q+" ORDER BY v.period, v.created_at, v.id", args...)
}

// EvidenceItem is one record a computed value was counted from.
type EvidenceItem struct {
	// Kind is the record's subject kind (activity, booking, partnership,
	// commitment, initiative, organization, activity) or "person" for
	// time given to a person, whose name is never listed.
	Kind, ID string
	// Path leads to the record's page (its initiative for a commitment).
	Path   string
	Title  string
	Date   string // YYYY-MM-DD
	Amount float64
	// Detail: the sectors of a partnership's parties, a commitment's
	// party and status.
	Detail  []string
	Counted bool
}

// Evidence is a computed value and the records behind it.
type Evidence struct {
	Value    float64
	HasValue bool
	Items    []EvidenceItem
}

// Compute counts an indicator's value for a period of a community, whose
// days run in loc, and lists the records it counted.
func (s *Store) Compute(ctx context.Context, communityID string, source commons.IndicatorSource, p commons.Period, loc *time.Location) (Evidence, error) {
	from, _ := time.ParseInLocation(time.DateOnly, p.From(), loc)
	to, _ := time.ParseInLocation(time.DateOnly, p.To(), loc)
	switch source {
	case commons.IndicatorLearners:
		return s.learners(ctx, communityID, from, to)
	case commons.IndicatorSpaceHours:
		return s.spaceHours(ctx, communityID, from, to, loc)
	case commons.IndicatorPartnerships, commons.IndicatorCrossSector:
		return s.partnershipsInForce(ctx, communityID, p, to, source == commons.IndicatorCrossSector)
	case commons.IndicatorCommitmentsKept:
		return s.commitmentsKept(ctx, communityID, p)
	case commons.IndicatorVolunteerHours:
		return s.volunteerHours(ctx, communityID, p)
	}
	return Evidence{}, commons.Errorf(commons.CodeInvalid, "error.indicator.computed")
}

// learners counts the people registered for activities held in the
// period, each once; the evidence is the activities with their places
// taken.
func (s *Store) learners(ctx context.Context, communityID string, from, to time.Time) (Evidence, error) {
	var e Evidence
	if err := s.queryRow(ctx, `SELECT COUNT(DISTINCT r.user_id) FROM activity_registrations r
		JOIN activities a ON a.community_id = r.community_id AND a.id = r.activity_id
		WHERE r.community_id = ? AND r.status = 'registered' AND a.status = 'scheduled' AND a.starts_at >= ? AND a.starts_at < ?`,
		communityID, from, to).Scan(&e.Value); err != nil {
		return e, s.classify(err)
	}
	e.HasValue = true
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.starts_at, COUNT(*) FROM activity_registrations r
		JOIN activities a ON a.community_id = r.community_id AND a.id = r.activity_id
		WHERE r.community_id = ? AND r.status = 'registered' AND a.status = 'scheduled' AND a.starts_at >= ? AND a.starts_at < ?
		GROUP BY a.id, a.title, a.starts_at ORDER BY a.starts_at, a.id`, communityID, from, to)
	if err != nil {
		return e, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it EvidenceItem
		var at time.Time
		if err := rows.Scan(&it.ID, &it.Title, &at, &it.Amount); err != nil {
			return e, s.classify(err)
		}
		it.Kind, it.Date, it.Counted = "activity", at.In(from.Location()).Format(time.DateOnly), true
		e.Items = append(e.Items, it)
	}
	return e, s.classify(rows.Err())
}

// spaceHours adds up the confirmed bookings of shared spaces starting in
// the period.
func (s *Store) spaceHours(ctx context.Context, communityID string, from, to time.Time, loc *time.Location) (Evidence, error) {
	e := Evidence{HasValue: true}
	rows, err := s.query(ctx, `SELECT b.id, r.id, r.title, b.starts_at, b.ends_at FROM bookings b
		JOIN resources r ON r.community_id = b.community_id AND r.id = b.resource_id
		WHERE b.community_id = ? AND r.kind = 'space' AND b.status = 'confirmed' AND b.starts_at >= ? AND b.starts_at < ?
		ORDER BY b.starts_at, b.id`, communityID, from, to)
	if err != nil {
		return e, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it EvidenceItem
		var start, end time.Time
		if err := rows.Scan(&it.ID, &it.Path, &it.Title, &start, &end); err != nil {
			return e, s.classify(err)
		}
		it.Kind, it.Date, it.Amount, it.Counted = "booking", start.In(loc).Format(time.DateOnly), end.Sub(start).Hours(), true
		e.Value += it.Amount
		e.Items = append(e.Items, it)
	}
	return e, s.classify(rows.Err())
}

// partnershipsInForce lists the active partnerships whose parties all
// signed before the period ended and whose review date is not before it
// began, with their parties' sectors; crossSector counts only those that
// join two sectors or more.
func (s *Store) partnershipsInForce(ctx context.Context, communityID string, p commons.Period, to time.Time, crossSector bool) (Evidence, error) {
	e := Evidence{HasValue: true}
	rows, err := s.query(ctx, `SELECT pa.id, pa.initiative_id, i.title, v.review_on, o.sector, sg.signed_at
		FROM partnerships pa
		JOIN initiatives i ON i.community_id = pa.community_id AND i.id = pa.initiative_id
		JOIN partnership_versions v ON v.community_id = pa.community_id AND v.partnership_id = pa.id AND v.version = pa.version
		JOIN partnership_parties pp ON pp.community_id = pa.community_id AND pp.partnership_id = pa.id AND pp.version = pa.version
		JOIN organizations o ON o.community_id = pp.community_id AND o.id = pp.organization_id
		LEFT JOIN partnership_signatures sg ON sg.community_id = pp.community_id AND sg.partnership_id = pp.partnership_id
			AND sg.version = pp.version AND sg.organization_id = pp.organization_id
		WHERE pa.community_id = ? AND pa.status = 'active' AND v.review_on >= ?
		ORDER BY i.title, pa.id, pp.position`, communityID, p.From())
	if err != nil {
		return e, s.classify(err)
	}
	defer rows.Close()
	type found struct {
		item    EvidenceItem
		signed  bool
		sectors map[commons.Sector]bool
	}
	var order []string
	byID := map[string]*found{}
	for rows.Next() {
		var id, initiative, title, review string
		var sector commons.Sector
		var at sql.NullTime
		if err := rows.Scan(&id, &initiative, &title, &review, &sector, &at); err != nil {
			return e, s.classify(err)
		}
		f := byID[id]
		if f == nil {
			f = &found{item: EvidenceItem{Kind: "partnership", ID: id, Path: initiative, Title: title, Date: review}, signed: true,
				sectors: map[commons.Sector]bool{}}
			byID[id] = f
			order = append(order, id)
		}
		if !at.Valid || !at.Time.Before(to) {
			f.signed = false
		}
		if !f.sectors[sector] {
			f.sectors[sector] = true
			f.item.Detail = append(f.item.Detail, string(sector))
		}
	}
	if err := rows.Err(); err != nil {
		return e, s.classify(err)
	}
	for _, id := range order {
		f := byID[id]
		if !f.signed {
			continue
		}
		slices.Sort(f.item.Detail)
		f.item.Counted = !crossSector || len(f.sectors) >= 2
		f.item.Amount = float64(len(f.sectors))
		if f.item.Counted {
			e.Value++
		}
		e.Items = append(e.Items, f.item)
	}
	return e, nil
}

// commitmentsKept is the share of the commitments in force due in the
// period and decided that were kept; no value when none was decided. The
// evidence lists every commitment in force due in the period, the pending
// ones not counted.
func (s *Store) commitmentsKept(ctx context.Context, communityID string, p commons.Period) (Evidence, error) {
	var e Evidence
	cs, err := s.commitments(ctx, `WHERE c.community_id = ? AND c.version = p.version AND c.due >= ? AND c.due < ?
		ORDER BY c.due, i.title, c.id`, communityID, p.From(), p.To())
	if err != nil {
		return e, err
	}
	kept, decided := 0, 0
	for _, c := range cs {
		it := EvidenceItem{Kind: "commitment", ID: c.ID, Path: c.InitiativeID, Title: c.Description, Date: c.Due,
			Detail: []string{c.OrgName, string(c.Status)}, Counted: c.Status != commons.CommitmentPending}
		if c.Status == commons.CommitmentKept {
			kept++
			it.Amount = 1
		}
		if it.Counted {
			decided++
		}
		e.Items = append(e.Items, it)
	}
	if decided > 0 {
		e.Value, e.HasValue = 100*float64(kept)/float64(decided), true
	}
	return e, nil
}

// volunteerHours adds up confirmed volunteer time given in the period,
// listed by what it was given to; time given to a person is listed
// without the person's name.
func (s *Store) volunteerHours(ctx context.Context, communityID string, p commons.Period) (Evidence, error) {
	e := Evidence{HasValue: true}
	rows, err := s.query(ctx, `SELECT h.for_type, h.for_id, COALESCE(CASE h.for_type
			WHEN 'initiative' THEN (SELECT i.title FROM initiatives i WHERE i.community_id = h.community_id AND i.id = h.for_id)
			WHEN 'activity' THEN (SELECT a.title FROM activities a WHERE a.community_id = h.community_id AND a.id = h.for_id)
			WHEN 'organization' THEN (SELECT fo.name FROM organizations fo WHERE fo.community_id = h.community_id AND fo.id = h.for_id)
			END, ''), SUM(h.minutes), MAX(h.day)
		FROM volunteer_hours h WHERE h.community_id = ? AND h.status = 'confirmed' AND h.day >= ? AND h.day < ?
		GROUP BY h.community_id, h.for_type, h.for_id ORDER BY SUM(h.minutes) DESC, h.for_type, h.for_id`, communityID, p.From(), p.To())
	if err != nil {
		return e, s.classify(err)
	}
	defer rows.Close()
	var person EvidenceItem
	for rows.Next() {
		var it EvidenceItem
		var minutes int
		if err := rows.Scan(&it.Kind, &it.ID, &it.Title, &minutes, &it.Date); err != nil {
			return e, s.classify(err)
		}
		it.Amount, it.Counted = float64(minutes)/60, true
		e.Value += it.Amount
		if it.Kind == "person" { // one line for all time given to people, no names
			person.Kind, person.Counted, person.Amount = "person", true, person.Amount+it.Amount
			person.Date = max(person.Date, it.Date)
			continue
		}
		e.Items = append(e.Items, it)
	}
	if person.Kind != "" {
		e.Items = append(e.Items, person)
	}
	return e, s.classify(rows.Err())
}

// PartnershipCommitments is one partnership with its current version's
// commitments counted by status.
type PartnershipCommitments struct {
	PartnershipID, InitiativeID, Title string
	Status                             commons.PartnershipStatus
	ReviewOn                           string
	Kept, Missed, Pending              int
}

// PartnershipsSummary lists a community's partnerships made before a day
// (the end of a period) with their commitments counted, by initiative.
func (s *Store) PartnershipsSummary(ctx context.Context, communityID string, before time.Time) ([]PartnershipCommitments, error) {
	rows, err := s.query(ctx, `SELECT pa.id, pa.initiative_id, i.title, pa.status, v.review_on,
			COALESCE(SUM(CASE WHEN c.status = 'kept' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN c.status = 'missed' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN c.status = 'pending' THEN 1 ELSE 0 END), 0)
		FROM partnerships pa
		JOIN initiatives i ON i.community_id = pa.community_id AND i.id = pa.initiative_id
		JOIN partnership_versions v ON v.community_id = pa.community_id AND v.partnership_id = pa.id AND v.version = pa.version
		LEFT JOIN commitments c ON c.community_id = pa.community_id AND c.partnership_id = pa.id AND c.version = pa.version
		WHERE pa.community_id = ? AND pa.created_at < ?
		GROUP BY pa.id, pa.initiative_id, i.title, pa.status, v.review_on
		ORDER BY i.title, pa.id LIMIT 500`, communityID, before)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []PartnershipCommitments
	for rows.Next() {
		var p PartnershipCommitments
		if err := rows.Scan(&p.PartnershipID, &p.InitiativeID, &p.Title, &p.Status, &p.ReviewOn, &p.Kept, &p.Missed, &p.Pending); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// ReportRequest is a report due: a party of an active partnership whose
// review date came, not asked yet.
type ReportRequest struct {
	CommunityID, CommunitySlug  string
	PartnershipID, InitiativeID string
	InitiativeTitle             string
	Version                     int
	OrgID, OrgName              string
	ReviewOn                    string
}

// DueReportRequests lists the reports to ask for across communities: the
// parties of active partnerships whose review date is on or before today
// and no more than commons.ReportOpenDays ago, not asked yet for it.
func (s *Store) DueReportRequests(ctx context.Context, today string, limit int) ([]ReportRequest, error) {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, commons.Internal(err)
	}
	since := t.AddDate(0, 0, -commons.ReportOpenDays).Format(time.DateOnly)
	rows, err := s.query(ctx, `SELECT pa.community_id, cm.slug, pa.id, pa.initiative_id, i.title, pa.version, pp.organization_id, o.name, v.review_on
		FROM partnerships pa
		JOIN communities cm ON cm.id = pa.community_id
		JOIN initiatives i ON i.community_id = pa.community_id AND i.id = pa.initiative_id
		JOIN partnership_versions v ON v.community_id = pa.community_id AND v.partnership_id = pa.id AND v.version = pa.version
		JOIN partnership_parties pp ON pp.community_id = pa.community_id AND pp.partnership_id = pa.id AND pp.version = pa.version
		JOIN organizations o ON o.community_id = pp.community_id AND o.id = pp.organization_id
		WHERE pa.status = 'active' AND v.review_on <= ? AND v.review_on >= ?
			AND NOT EXISTS (SELECT 1 FROM partner_reports r WHERE r.community_id = pa.community_id AND r.partnership_id = pa.id
				AND r.organization_id = pp.organization_id AND r.review_on = v.review_on)
		ORDER BY v.review_on, pa.id, pp.position LIMIT ?`, today, since, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []ReportRequest
	for rows.Next() {
		var r ReportRequest
		if err := rows.Scan(&r.CommunityID, &r.CommunitySlug, &r.PartnershipID, &r.InitiativeID, &r.InitiativeTitle, &r.Version,
			&r.OrgID, &r.OrgName, &r.ReviewOn); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// RequestReport asks a party for its report, with the notifications to
// its admins; asking twice for one review date does nothing the second
// time (created is false, and nobody is told again).
func (s *Store) RequestReport(ctx context.Context, r ReportRequest, closesOn string, notes func(reportID string) []commons.Notification) (string, bool, error) {
	id, created := newID(), false
	err := s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `INSERT INTO partner_reports (community_id, id, partnership_id, version, organization_id, review_on, closes_on,
			status, narrative, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'requested', '', '', ?)
			ON CONFLICT (community_id, partnership_id, organization_id, review_on) DO NOTHING`,
			r.CommunityID, id, r.PartnershipID, r.Version, r.OrgID, r.ReviewOn, closesOn, t.now())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		created = true
		for _, n := range notes(id) {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
	return id, created, s.classify(err)
}

const reportSelect = `SELECT r.id, r.community_id, r.partnership_id, pa.initiative_id, i.title, r.version, r.organization_id, o.name, o.sector,
	r.review_on, r.closes_on, r.status, r.narrative, r.links, COALESCE(r.submitted_by, ''), COALESCE(u.name, ''), r.submitted_at, r.created_at
	FROM partner_reports r
	JOIN partnerships pa ON pa.community_id = r.community_id AND pa.id = r.partnership_id
	JOIN initiatives i ON i.community_id = pa.community_id AND i.id = pa.initiative_id
	JOIN organizations o ON o.community_id = r.community_id AND o.id = r.organization_id
	LEFT JOIN users u ON u.id = r.submitted_by `

func (s *Store) reports(ctx context.Context, where string, args ...any) ([]commons.PartnerReport, error) {
	rows, err := s.query(ctx, reportSelect+where, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.PartnerReport
	for rows.Next() {
		var r commons.PartnerReport
		var links string
		var at sql.NullTime
		if err := rows.Scan(&r.ID, &r.CommunityID, &r.PartnershipID, &r.InitiativeID, &r.InitiativeTitle, &r.Version, &r.OrgID, &r.OrgName,
			&r.Sector, &r.ReviewOn, &r.ClosesOn, &r.Status, &r.Narrative, &links, &r.SubmittedBy, &r.SubmittedByName, &at, &r.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		if links != "" {
			r.Links = strings.Split(links, "\n")
		}
		if at.Valid {
			r.SubmittedAt = &at.Time
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// PartnerReports lists a community's reports, the latest review date
// first: of the partnerships the given organizations are parties to (in
// the version the report was asked for) only, unless orgIDs is nil.
func (s *Store) PartnerReports(ctx context.Context, communityID string, orgIDs []string) ([]commons.PartnerReport, error) {
	q, args := "WHERE r.community_id = ?", []any{communityID}
	if orgIDs != nil {
		if len(orgIDs) == 0 {
			return nil, nil
		}
		q += ` AND EXISTS (SELECT 1 FROM partnership_parties pp WHERE pp.community_id = r.community_id AND pp.partnership_id = r.partnership_id
			AND pp.version = r.version AND pp.organization_id IN (?` + strings.Repeat(", ?", len(orgIDs)-1) + "))"
		for _, id := range orgIDs {
			args = append(args, id)
		}
	}
	return s.reports(ctx, q+" ORDER BY r.review_on DESC, i.title, o.name, r.id LIMIT 500", args...)
}

// SubmittedReports lists a community's reports of a period (review date
// in it) that their parties gave, the latest review date first, each with
// the ids of the stories it attaches in order, and those stories. Which of
// the stories a summary shows is the use case's to decide.
func (s *Store) SubmittedReports(ctx context.Context, communityID string, p commons.Period) ([]commons.PartnerReport, []commons.Story, error) {
	const of = ` JOIN partner_reports r ON r.community_id = rs.community_id AND r.id = rs.report_id
		WHERE rs.community_id = ? AND r.status = 'submitted' AND r.review_on >= ? AND r.review_on < ?`
	rs, err := s.reports(ctx, `WHERE r.community_id = ? AND r.status = 'submitted' AND r.review_on >= ? AND r.review_on < ?
		ORDER BY r.review_on DESC, i.title, o.name, r.id LIMIT 500`, communityID, p.From(), p.To())
	if err != nil || len(rs) == 0 {
		return rs, nil, err
	}
	rows, err := s.query(ctx, "SELECT rs.report_id, rs.story_id FROM partner_report_stories rs"+of+" ORDER BY rs.report_id, rs.position",
		communityID, p.From(), p.To())
	if err != nil {
		return rs, nil, s.classify(err)
	}
	defer rows.Close()
	attached := map[string][]string{}
	for rows.Next() {
		var report, story string
		if err := rows.Scan(&report, &story); err != nil {
			return rs, nil, s.classify(err)
		}
		attached[report] = append(attached[report], story)
	}
	if err := rows.Err(); err != nil {
		return rs, nil, s.classify(err)
	}
	for n := range rs {
		rs[n].Stories = attached[rs[n].ID]
	}
	stories, err := s.storyList(ctx, communityID, "SELECT "+storyColumns+storyFrom+` WHERE s.community_id = ? AND s.id IN
		(SELECT rs.story_id FROM partner_report_stories rs`+of+") ORDER BY s.created_at, s.id", communityID, communityID, p.From(), p.To())
	return rs, stories, err
}

// ReportParties lists the organizations that are parties to the version
// of the partnership a report was asked for.
func (s *Store) ReportParties(ctx context.Context, r commons.PartnerReport) ([]string, error) {
	return s.strings(ctx, `SELECT organization_id FROM partnership_parties WHERE community_id = ? AND partnership_id = ? AND version = ?
		ORDER BY position`, r.CommunityID, r.PartnershipID, r.Version)
}

// PartnerReport returns one report of a community with what it says of
// its commitments and the values it gave.
func (s *Store) PartnerReport(ctx context.Context, communityID, id string) (commons.PartnerReport, error) {
	rs, err := s.reports(ctx, "WHERE r.community_id = ? AND r.id = ?", communityID, id)
	if err != nil {
		return commons.PartnerReport{}, err
	}
	if len(rs) == 0 {
		return commons.PartnerReport{}, commons.NotFound()
	}
	r := rs[0]
	rows, err := s.query(ctx, `SELECT rc.commitment_id, c.description, rc.status, rc.comment FROM partner_report_commitments rc
		JOIN commitments c ON c.community_id = rc.community_id AND c.id = rc.commitment_id
		WHERE rc.community_id = ? AND rc.report_id = ? ORDER BY c.position, c.id`, communityID, id)
	if err != nil {
		return r, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c commons.ReportCommitment
		if err := rows.Scan(&c.CommitmentID, &c.Description, &c.Status, &c.Comment); err != nil {
			return r, s.classify(err)
		}
		r.Commitments = append(r.Commitments, c)
	}
	if err := rows.Err(); err != nil {
		return r, s.classify(err)
	}
	r.Values, err = s.values(ctx, "WHERE v.community_id = ? AND v.report_id = ? ORDER BY v.created_at, v.id", communityID, id)
	if err != nil {
		return r, err
	}
	r.Stories, err = s.strings(ctx, "SELECT story_id FROM partner_report_stories WHERE community_id = ? AND report_id = ? ORDER BY position",
		communityID, id)
	return r, err
}

// ReportCommitments lists the commitments a report is about: its party's
// in the version it was asked for.
func (s *Store) ReportCommitments(ctx context.Context, r commons.PartnerReport) ([]commons.Commitment, error) {
	return s.commitments(ctx, `WHERE c.community_id = ? AND c.partnership_id = ? AND c.version = ? AND c.organization_id = ?
		ORDER BY c.position, c.id`, r.CommunityID, r.PartnershipID, r.Version, r.OrgID)
}

// SubmitReport records a party's report, replacing what it said before,
// while it is open (a report closed meanwhile is a conflict). What it says
// of each commitment also marks the commitment, where it belongs to the
// version in force (an older version's is history: the report keeps it).
func (s *Store) SubmitReport(ctx context.Context, r commons.PartnerReport, f commons.ReportFields, actorID, today string,
	notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		now := t.now()
		res, err := t.exec(ctx, `UPDATE partner_reports SET status = 'submitted', narrative = ?, links = ?, submitted_by = ?, submitted_at = ?
			WHERE community_id = ? AND id = ? AND closes_on >= ?`,
			f.Narrative, strings.Join(f.Links, "\n"), actorID, now, r.CommunityID, r.ID, today)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.report.closed")
		}
		for _, q := range []string{"DELETE FROM partner_report_commitments WHERE community_id = ? AND report_id = ?",
			"DELETE FROM indicator_values WHERE community_id = ? AND report_id = ?",
			"DELETE FROM partner_report_stories WHERE community_id = ? AND report_id = ?"} {
			if _, err := t.exec(ctx, q, r.CommunityID, r.ID); err != nil {
				return err
			}
		}
		for _, c := range f.Commitments {
			if _, err := t.exec(ctx, `INSERT INTO partner_report_commitments (community_id, report_id, commitment_id, status, comment)
				VALUES (?, ?, ?, ?, ?)`, r.CommunityID, r.ID, c.CommitmentID, c.Status, c.Comment); err != nil {
				return err
			}
			res, err := t.exec(ctx, `UPDATE commitments SET status = ?, comment = ?, updated_by = ?, updated_at = ?
				WHERE community_id = ? AND id = ? AND (status <> ? OR comment <> ?)
					AND version = (SELECT version FROM partnerships p WHERE p.community_id = ? AND p.id = ?)`,
				c.Status, c.Comment, actorID, now, r.CommunityID, c.CommitmentID, c.Status, c.Comment, r.CommunityID, r.PartnershipID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				if err := logInitiative(ctx, t, r.CommunityID, r.InitiativeID, actorID, "commitment."+string(c.Status),
					r.OrgName+": "+c.Description); err != nil {
					return err
				}
			}
		}
		for n, id := range f.Stories {
			if _, err := t.exec(ctx, `INSERT INTO partner_report_stories (community_id, report_id, story_id, position) VALUES (?, ?, ?, ?)`,
				r.CommunityID, r.ID, id, n); err != nil {
				return err
			}
		}
		for _, v := range f.Values {
			if _, err := t.exec(ctx, `INSERT INTO indicator_values (community_id, id, indicator_id, period, value, note, source, report_id,
				entered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.CommunityID, newID(), v.IndicatorID, v.Period, v.Value,
				v.Note, v.Source, r.ID, actorID, now); err != nil {
				return err
			}
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReportSummary counts a community's partner reports whose review date
// falls in a period, and what they said of commitments: what anyone may
// read of them.
type ReportSummary struct {
	Requested, Submitted int
	Kept, Missed         int
	Partnerships         int
}

// PartnerReportSummary counts the reports of a period.
func (s *Store) PartnerReportSummary(ctx context.Context, communityID string, p commons.Period) (ReportSummary, error) {
	var r ReportSummary
	err := s.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'requested' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), 0), COUNT(DISTINCT partnership_id)
		FROM partner_reports WHERE community_id = ? AND review_on >= ? AND review_on < ?`, communityID, p.From(), p.To()).
		Scan(&r.Requested, &r.Submitted, &r.Partnerships)
	if err != nil {
		return r, s.classify(err)
	}
	err = s.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN rc.status = 'kept' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN rc.status = 'missed' THEN 1 ELSE 0 END), 0)
		FROM partner_report_commitments rc JOIN partner_reports r ON r.community_id = rc.community_id AND r.id = rc.report_id
		WHERE r.community_id = ? AND r.status = 'submitted' AND r.review_on >= ? AND r.review_on < ?`, communityID, p.From(), p.To()).
		Scan(&r.Kept, &r.Missed)
	return r, s.classify(err)
}

// InitiativeTeam lists the ids of the people who run an initiative.
func (s *Store) InitiativeTeam(ctx context.Context, communityID, initiativeID string) ([]string, error) {
	return s.strings(ctx, "SELECT user_id FROM initiative_team WHERE community_id = ? AND initiative_id = ? ORDER BY user_id", communityID, initiativeID)
}
