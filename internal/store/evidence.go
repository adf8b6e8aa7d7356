package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Evidence computes blocks of evidence about a community as it stands at
// now: the figures a Learning Community Profile embeds (see
// commons.EvidenceColumns for what each block counts). Figures about use
// look back commons.EvidenceWindow from now. Hidden organizations and
// resources are not counted, as the directories do not show them.
func (s *Store) Evidence(ctx context.Context, communityID string, kinds []commons.EvidenceKind, now time.Time) ([]commons.Evidence, error) {
	since := now.Add(-commons.EvidenceWindow)
	out := make([]commons.Evidence, 0, len(kinds))
	for _, k := range kinds {
		var e commons.Evidence
		var err error
		switch k {
		case commons.EvidenceOrganizations:
			e, err = s.countBy(ctx, `SELECT sector, COUNT(*) FROM organizations WHERE community_id = ? AND moderation = 'visible' GROUP BY sector`, communityID)
		case commons.EvidenceInitiatives:
			e, err = s.countBy(ctx, `SELECT status, COUNT(*) FROM initiatives WHERE community_id = ? GROUP BY status`, communityID)
		case commons.EvidenceResources:
			e, err = s.resourceEvidence(ctx, communityID, since, now)
		case commons.EvidenceActivitiesTheme, commons.EvidenceActivitiesLanguage:
			e, err = s.activityEvidence(ctx, communityID, k == commons.EvidenceActivitiesLanguage, since, now)
		case commons.EvidencePartnerships:
			e, err = s.partnershipEvidence(ctx, communityID)
		case commons.EvidenceRequests:
			e, err = s.requestEvidence(ctx, communityID)
		case commons.EvidenceHours:
			e, err = s.hoursEvidence(ctx, communityID, since)
		default:
			var v commons.Validator
			commons.OneOf(&v, "evidence", k, commons.EvidenceKinds)
			return nil, v.Err()
		}
		if err != nil {
			return nil, s.classify(err)
		}
		e.Kind, e.At = k, now
		sortRows(e.Rows)
		out = append(out, e)
	}
	return out, nil
}

// sortRows puts the largest group first, then by key.
func sortRows(rows []commons.EvidenceRow) {
	slices.SortFunc(rows, func(a, b commons.EvidenceRow) int {
		if a.Values[0] != b.Values[0] {
			return b.Values[0] - a.Values[0]
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// countBy runs a query of (key, count) rows into a block of one figure.
func (s *Store) countBy(ctx context.Context, q string, args ...any) (commons.Evidence, error) {
	e := commons.Evidence{Total: []int{0}, Rows: []commons.EvidenceRow{}}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return e, err
		}
		e.Rows = append(e.Rows, commons.EvidenceRow{Key: key, Values: []int{n}})
		e.Total[0] += n
	}
	return e, rows.Err()
}

// rowsByKey keeps a block's rows by key while they are counted.
type rowsByKey struct {
	cols  int
	order []string
	rows  map[string][]int
}

func newRowsByKey(cols int) *rowsByKey { return &rowsByKey{cols: cols, rows: map[string][]int{}} }

func (r *rowsByKey) row(key string) []int {
	if v, ok := r.rows[key]; ok {
		return v
	}
	v := make([]int, r.cols)
	r.rows[key], r.order = v, append(r.order, key)
	return v
}

func (r *rowsByKey) list() []commons.EvidenceRow {
	out := make([]commons.EvidenceRow, 0, len(r.order))
	for _, k := range r.order {
		out = append(out, commons.EvidenceRow{Key: k, Values: r.rows[k]})
	}
	return out
}

// resourceEvidence counts resources by kind, and the bookings confirmed
// for them that started in [since, now) with the hours they booked.
func (s *Store) resourceEvidence(ctx context.Context, communityID string, since, now time.Time) (commons.Evidence, error) {
	by := newRowsByKey(3)
	e := commons.Evidence{Total: make([]int, 3)}
	rows, err := s.query(ctx, `SELECT kind, COUNT(*) FROM resources WHERE community_id = ? AND moderation = 'visible' GROUP BY kind`, communityID)
	if err != nil {
		return e, err
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return e, err
		}
		by.row(k)[0] = n
		e.Total[0] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return e, err
	}
	rows, err = s.query(ctx, `SELECT r.kind, b.starts_at, b.ends_at FROM bookings b
		JOIN resources r ON r.community_id = b.community_id AND r.id = b.resource_id AND r.moderation = 'visible'
		WHERE b.community_id = ? AND b.status = 'confirmed' AND b.starts_at >= ? AND b.starts_at < ?`, communityID, since, now)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	minutes := map[string]float64{}
	var all float64
	for rows.Next() {
		var k string
		var from, to time.Time
		if err := rows.Scan(&k, &from, &to); err != nil {
			return e, err
		}
		by.row(k)[1]++
		e.Total[1]++
		minutes[k] += to.Sub(from).Minutes()
		all += to.Sub(from).Minutes()
	}
	for k, m := range minutes {
		by.row(k)[2] = int(m/60 + 0.5)
	}
	e.Total[2] = int(all/60 + 0.5)
	e.Rows = by.list()
	return e, rows.Err()
}

// activityEvidence counts the occurrences of activities held in [since,
// now), not cancelled, by theme (or language), and the distinct people
// with a place at them. An activity with several themes counts in each;
// one with none counts under the key "".
func (s *Store) activityEvidence(ctx context.Context, communityID string, byLanguage bool, since, now time.Time) (commons.Evidence, error) {
	col := "a.themes"
	if byLanguage {
		col = "a.languages"
	}
	e := commons.Evidence{Total: make([]int, 2)}
	rows, err := s.query(ctx, `SELECT a.id, `+col+` FROM activities a
		WHERE a.community_id = ? AND a.status = 'scheduled' AND a.starts_at >= ? AND a.starts_at < ?`, communityID, since, now)
	if err != nil {
		return e, err
	}
	keysOf := map[string][]string{}
	by := newRowsByKey(2)
	for rows.Next() {
		var id, list string
		if err := rows.Scan(&id, &list); err != nil {
			rows.Close()
			return e, err
		}
		keys := splitLines(list)
		if len(keys) == 0 {
			keys = []string{""}
		}
		keysOf[id] = keys
		for _, k := range keys {
			by.row(k)[0]++
		}
		e.Total[0]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return e, err
	}
	rows, err = s.query(ctx, `SELECT r.activity_id, r.user_id FROM activity_registrations r
		JOIN activities a ON a.community_id = r.community_id AND a.id = r.activity_id
		WHERE r.community_id = ? AND r.status = 'registered' AND a.status = 'scheduled' AND a.starts_at >= ? AND a.starts_at < ?`,
		communityID, since, now)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	learners := map[string]map[string]bool{}
	everyone := map[string]bool{}
	for rows.Next() {
		var activity, user string
		if err := rows.Scan(&activity, &user); err != nil {
			return e, err
		}
		everyone[user] = true
		for _, k := range keysOf[activity] {
			if learners[k] == nil {
				learners[k] = map[string]bool{}
			}
			learners[k][user] = true
		}
	}
	for k, people := range learners {
		by.row(k)[1] = len(people)
	}
	e.Total[1], e.Rows = len(everyone), by.list()
	return e, rows.Err()
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// partnershipEvidence counts active partnerships by the sectors of their
// parties (in the version in force): for each sector, the partnerships it
// is party to, and of them those that join it with another sector.
func (s *Store) partnershipEvidence(ctx context.Context, communityID string) (commons.Evidence, error) {
	e := commons.Evidence{Total: make([]int, 2)}
	rows, err := s.query(ctx, `SELECT p.id, o.sector FROM partnerships p
		JOIN partnership_parties pp ON pp.community_id = p.community_id AND pp.partnership_id = p.id AND pp.version = p.version
		JOIN organizations o ON o.community_id = pp.community_id AND o.id = pp.organization_id
		WHERE p.community_id = ? AND p.status = 'active' ORDER BY p.id`, communityID)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	sectors := map[string]map[string]bool{}
	var order []string
	for rows.Next() {
		var id, sector string
		if err := rows.Scan(&id, &sector); err != nil {
			return e, err
		}
		if sectors[id] == nil {
			sectors[id] = map[string]bool{}
			order = append(order, id)
		}
		sectors[id][sector] = true
	}
	if err := rows.Err(); err != nil {
		return e, err
	}
	by := newRowsByKey(2)
	for _, id := range order {
		cross := len(sectors[id]) > 1
		e.Total[0]++
		if cross {
			e.Total[1]++
		}
		for _, sec := range slices.Sorted(maps.Keys(sectors[id])) {
			r := by.row(sec)
			r[0]++
			if cross {
				r[1]++
			}
		}
	}
	e.Rows = by.list()
	return e, nil
}

// requestEvidence counts the requests to learn no activity answers yet,
// by theme, and the distinct people who asked to learn each.
func (s *Store) requestEvidence(ctx context.Context, communityID string) (commons.Evidence, error) {
	e := commons.Evidence{Total: make([]int, 2)}
	rows, err := s.query(ctx, `SELECT p.id, p.themes, COALESCE(i.user_id, '') FROM activity_proposals p
		LEFT JOIN proposal_interest i ON i.community_id = p.community_id AND i.proposal_id = p.id AND i.role = 'learn'
		WHERE p.community_id = ? AND p.activity_id IS NULL ORDER BY p.id`, communityID)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	by := newRowsByKey(2)
	seen := map[string]bool{}
	learners := map[string]map[string]bool{}
	everyone := map[string]bool{}
	for rows.Next() {
		var id, themes, user string
		if err := rows.Scan(&id, &themes, &user); err != nil {
			return e, err
		}
		keys := splitLines(themes)
		if len(keys) == 0 {
			keys = []string{""}
		}
		for _, k := range keys {
			r := by.row(k)
			if !seen[id] {
				r[0]++
			}
			if user != "" {
				if learners[k] == nil {
					learners[k] = map[string]bool{}
				}
				learners[k][user] = true
			}
		}
		if !seen[id] {
			seen[id] = true
			e.Total[0]++
		}
		if user != "" {
			everyone[user] = true
		}
	}
	for k, people := range learners {
		by.row(k)[1] = len(people)
	}
	e.Total[1], e.Rows = len(everyone), by.list()
	return e, rows.Err()
}

// hoursEvidence counts confirmed volunteer hours given since a day (the
// minutes, as logged) by theme, and the people who gave them.
func (s *Store) hoursEvidence(ctx context.Context, communityID string, since time.Time) (commons.Evidence, error) {
	e := commons.Evidence{Total: make([]int, 2), Rows: []commons.EvidenceRow{}}
	day := since.UTC().Format(time.DateOnly)
	if err := s.queryRow(ctx, `SELECT COALESCE(SUM(minutes), 0), COUNT(DISTINCT user_id) FROM volunteer_hours
		WHERE community_id = ? AND status = 'confirmed' AND day >= ?`, communityID, day).Scan(&e.Total[0], &e.Total[1]); err != nil {
		return e, err
	}
	rows, err := s.query(ctx, `SELECT theme, SUM(minutes), COUNT(DISTINCT user_id) FROM volunteer_hours
		WHERE community_id = ? AND status = 'confirmed' AND day >= ? GROUP BY theme`, communityID, day)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	for rows.Next() {
		var theme string
		var minutes, people int
		if err := rows.Scan(&theme, &minutes, &people); err != nil {
			return e, err
		}
		e.Rows = append(e.Rows, commons.EvidenceRow{Key: theme, Values: []int{minutes, people}})
	}
	return e, rows.Err()
}
