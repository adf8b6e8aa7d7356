package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// hourColumns reads a log of hours with the names of its volunteer, of what
// it was for and of the organization it went through.
const hourColumns = `h.id, h.community_id, h.user_id, COALESCE(u.name, ''), h.for_type, h.for_id,
	COALESCE(CASE h.for_type
		WHEN 'initiative' THEN (SELECT i.title FROM initiatives i WHERE i.community_id = h.community_id AND i.id = h.for_id)
		WHEN 'activity' THEN (SELECT a.title FROM activities a WHERE a.community_id = h.community_id AND a.id = h.for_id)
		WHEN 'organization' THEN (SELECT fo.name FROM organizations fo WHERE fo.community_id = h.community_id AND fo.id = h.for_id)
		WHEN 'person' THEN (SELECT fu.name FROM users fu WHERE fu.id = h.for_id) END, ''),
	COALESCE(h.organization_id, ''), COALESCE(o.name, ''), COALESCE(o.sector, ''), h.day, h.minutes, h.what, h.theme,
	h.status, h.question, h.answer, COALESCE(h.recorded_by, ''), COALESCE(h.decided_by, ''), h.decided_at, h.created_at`

const hourFrom = ` FROM volunteer_hours h JOIN users u ON u.id = h.user_id
	LEFT JOIN organizations o ON o.community_id = h.community_id AND o.id = h.organization_id`

func scanHours(row interface{ Scan(...any) error }) (commons.HourEntry, error) {
	var e commons.HourEntry
	var decided sql.NullTime
	err := row.Scan(&e.ID, &e.CommunityID, &e.UserID, &e.UserName, &e.For, &e.ForID, &e.ForName, &e.OrgID, &e.OrgName, &e.OrgSector,
		&e.Date, &e.Minutes, &e.What, &e.Theme, &e.Status, &e.Question, &e.Answer, &e.RecordedBy, &e.DecidedBy, &decided, &e.CreatedAt)
	if decided.Valid {
		e.DecidedAt = &decided.Time
	}
	return e, err
}

// LogHours saves logs of hours, each already checked, with the
// notifications they cause, in one transaction. It refuses the lot when a
// person's logs on one day, declined ones aside, would pass
// commons.MaxMinutesPerDay: the check and the insert happen under a lock on
// (person, day), so two logs sent at once cannot both squeeze in.
func (s *Store) LogHours(ctx context.Context, entries []commons.HourEntry, notes []commons.Notification) ([]commons.HourEntry, error) {
	now := s.now()
	err := s.inTx(ctx, func(t tx) error {
		added := map[[2]string]int{}
		for i := range entries {
			e := &entries[i]
			e.ID, e.CreatedAt = newID(), now
			key := [2]string{e.UserID, e.Date}
			if _, seen := added[key]; !seen {
				if err := t.d.lockKey(ctx, t, "hours:"+e.CommunityID+":"+e.UserID+":"+e.Date); err != nil {
					return err
				}
				var have int
				if err := t.queryRow(ctx, `SELECT COALESCE(SUM(minutes), 0) FROM volunteer_hours
					WHERE community_id = ? AND user_id = ? AND day = ? AND status <> 'declined'`, e.CommunityID, e.UserID, e.Date).Scan(&have); err != nil {
					return err
				}
				added[key] = have
			}
			added[key] += e.Minutes
			if added[key] > commons.MaxMinutesPerDay {
				err := commons.Errorf(commons.CodeInvalid, "error.hours.day_full", "Name", e.UserName, "Date", e.Date,
					"Left", max(0, commons.MaxMinutesPerDay-(added[key]-e.Minutes)))
				err.Fields = map[string]commons.Message{"minutes": err.Message}
				return err
			}
			var decidedAt any
			if e.Status == commons.HoursConfirmed {
				decidedAt = now
				e.DecidedAt = &now
			}
			if _, err := t.exec(ctx, `INSERT INTO volunteer_hours (community_id, id, user_id, for_type, for_id, organization_id, day, minutes,
				what, theme, status, question, answer, recorded_by, decided_by, decided_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?)`,
				e.CommunityID, e.ID, e.UserID, e.For, e.ForID, nullText(e.OrgID), e.Date, e.Minutes, e.What, e.Theme, e.Status,
				nullText(e.RecordedBy), nullText(e.DecidedBy), decidedAt, e.CreatedAt); err != nil {
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
	return entries, err
}

// HoursByID returns one log of hours.
func (s *Store) HoursByID(ctx context.Context, id string) (commons.HourEntry, error) {
	e, err := scanHours(s.queryRow(ctx, "SELECT "+hourColumns+hourFrom+" WHERE h.id = ?", id))
	return e, s.classify(err)
}

// DecideHours confirms, queries or declines a log that still waits (or is
// queried), with the volunteer's notification, in one transaction; a log
// decided meanwhile is a conflict.
func (s *Store) DecideHours(ctx context.Context, e commons.HourEntry, status commons.HoursStatus, question, deciderID string, note commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE volunteer_hours SET status = ?, question = ?, decided_by = ?, decided_at = ?
			WHERE community_id = ? AND id = ? AND status IN ('pending', 'queried')`, status, question, deciderID, t.now(), e.CommunityID, e.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.hours.decided")
		}
		if note.UserID == "" {
			return nil
		}
		return notify(ctx, t, note)
	})
}

// AnswerHours records the volunteer's answer to a question and puts the
// log back to wait, telling whoever asked.
func (s *Store) AnswerHours(ctx context.Context, e commons.HourEntry, answer string, note commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE volunteer_hours SET status = 'pending', answer = ?
			WHERE community_id = ? AND id = ? AND status = 'queried'`, answer, e.CommunityID, e.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.hours.not_queried")
		}
		if note.UserID == "" {
			return nil
		}
		return notify(ctx, t, note)
	})
}

// hoursWhere turns a filter into conditions on volunteer_hours h.
func hoursWhere(communityID string, f commons.HoursFilter) (string, []any) {
	conds := []string{"h.community_id = ?"}
	args := []any{communityID}
	if f.UserID != "" {
		conds, args = append(conds, "h.user_id = ?"), append(args, f.UserID)
	}
	if f.For != "" {
		conds, args = append(conds, "h.for_type = ?"), append(args, f.For)
	}
	if f.ForID != "" {
		conds, args = append(conds, "h.for_id = ?"), append(args, f.ForID)
	}
	if f.OrgID != "" {
		// An organization's hours: those given through it, whatever for.
		conds, args = append(conds, "h.organization_id = ?"), append(args, f.OrgID)
	}
	if f.Status != "" {
		conds, args = append(conds, "h.status = ?"), append(args, f.Status)
	}
	if u := f.AwaitingUserID; u != "" {
		// The same facts commons.AnswersForHours decides from: the person
		// given to, the initiative's team, who runs the activity
		// (commons.ManagesActivity), the organization's admins.
		conds = append(conds, `h.status IN ('pending', 'queried') AND h.user_id <> ? AND (
			(h.for_type = 'person' AND h.for_id = ?)
			OR (h.for_type = 'initiative' AND EXISTS (SELECT 1 FROM initiative_team t
				WHERE t.community_id = h.community_id AND t.initiative_id = h.for_id AND t.user_id = ?))
			OR (h.for_type = 'organization' AND EXISTS (SELECT 1 FROM organization_members m
				WHERE m.community_id = h.community_id AND m.organization_id = h.for_id AND m.user_id = ? AND m.role = 'admin'))
			OR (h.for_type = 'activity' AND EXISTS (SELECT 1 FROM activities a
				WHERE a.community_id = h.community_id AND a.id = h.for_id AND (a.created_by = ?
					OR EXISTS (SELECT 1 FROM activity_organizers ao WHERE ao.community_id = a.community_id AND ao.series_id = a.series_id
						AND (ao.user_id = ? OR EXISTS (SELECT 1 FROM organization_members m
							WHERE m.community_id = ao.community_id AND m.organization_id = ao.organization_id AND m.user_id = ? AND m.role = 'admin')))))))`)
		args = append(args, u, u, u, u, u, u, u)
	}
	return strings.Join(conds, " AND "), args
}

// ListHours lists logs of hours, the latest day first, a page at a time.
func (s *Store) ListHours(ctx context.Context, communityID string, f commons.HoursFilter) ([]commons.HourEntry, string, error) {
	day, id, err := decodeCursor(f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	where, args := hoursWhere(communityID, f)
	if id != "" {
		where += " AND (h.day < ? OR (h.day = ? AND h.id < ?))"
		args = append(args, day, day, id)
	}
	limit := pageLimit(f.Page)
	rows, err := s.query(ctx, "SELECT "+hourColumns+hourFrom+" WHERE "+where+" ORDER BY h.day DESC, h.id DESC LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, "", s.classify(err)
	}
	defer rows.Close()
	var out []commons.HourEntry
	for rows.Next() {
		e, err := scanHours(rows)
		if err != nil {
			return nil, "", s.classify(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", s.classify(err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(last.Date, last.ID)
	}
	return out, next, nil
}

// monthKey groups days by their month, YYYY-MM.
const monthKey = "substr(h.day, 1, 7)"

// hourGroupings are the ways confirmed hours are counted: the key of each
// group and the name a reader knows it by, looked up once per group (not
// joined to every row). Grouping by the community as well lets those
// lookups use grouped columns only, as PostgreSQL asks.
var hourGroupings = []struct {
	key, name string
	only      string // a condition on the rows counted
}{
	{"h.user_id", "(SELECT u.name FROM users u WHERE u.id = h.user_id)", ""},
	{"h.for_id", "(SELECT i.title FROM initiatives i WHERE i.community_id = h.community_id AND i.id = h.for_id)", "h.for_type = 'initiative'"},
	{"h.organization_id", "(SELECT o.name || '\n' || o.sector FROM organizations o WHERE o.community_id = h.community_id AND o.id = h.organization_id)",
		"h.organization_id IS NOT NULL"},
	{"h.theme", "''", ""},
	{monthKey, "''", ""},
}

// HoursTotals counts confirmed hours in every grouping of
// commons.HoursTotals, over the logs a filter selects (its status and page
// are ignored), the largest group first. Each grouping is one aggregate
// over the selected rows, with no join; the sectors are summed from the
// organizations' totals, the rest being direct volunteering.
func (s *Store) HoursTotals(ctx context.Context, communityID string, f commons.HoursFilter) (commons.HoursTotals, error) {
	f.Status, f.AwaitingUserID = commons.HoursConfirmed, ""
	where, args := hoursWhere(communityID, f)
	var out commons.HoursTotals
	if err := s.queryRow(ctx, "SELECT COALESCE(SUM(h.minutes), 0), COUNT(*), COUNT(DISTINCT h.user_id) FROM volunteer_hours h WHERE "+where,
		args...).Scan(&out.Minutes, &out.Entries, &out.People); err != nil {
		return out, s.classify(err)
	}
	into := []*[]commons.HoursTotal{&out.ByPerson, &out.ByInitiative, &out.ByOrganization, &out.ByTheme, &out.ByMonth}
	for i, g := range hourGroupings {
		w := where
		if g.only != "" {
			w += " AND " + g.only
		}
		order := "3 DESC, 1 LIMIT 500"
		switch g.key {
		case monthKey:
			order = "1 LIMIT 500" // months in the calendar's order
		case "h.organization_id":
			order = "3 DESC, 1" // all of them: the sectors are summed from them
		}
		rows, err := s.query(ctx, "SELECT "+g.key+", COALESCE("+g.name+", ''), SUM(h.minutes), COUNT(*) FROM volunteer_hours h WHERE "+w+
			" GROUP BY h.community_id, "+g.key+" ORDER BY "+order, args...)
		if err != nil {
			return out, s.classify(err)
		}
		for rows.Next() {
			var t commons.HoursTotal
			if err := rows.Scan(&t.Key, &t.Name, &t.Minutes, &t.Entries); err != nil {
				rows.Close()
				return out, s.classify(err)
			}
			*into[i] = append(*into[i], t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, s.classify(err)
		}
	}
	// Organizations' names carry their sector after a line break.
	sectors := map[string]*commons.HoursTotal{}
	var order []string
	direct := commons.HoursTotal{Minutes: out.Minutes, Entries: out.Entries}
	for i := range out.ByOrganization {
		o := &out.ByOrganization[i]
		name, sector, _ := strings.Cut(o.Name, "\n")
		o.Name = name
		if sectors[sector] == nil {
			sectors[sector] = &commons.HoursTotal{Key: sector}
			order = append(order, sector)
		}
		sectors[sector].Minutes += o.Minutes
		sectors[sector].Entries += o.Entries
		direct.Minutes -= o.Minutes
		direct.Entries -= o.Entries
	}
	for _, k := range order {
		out.BySector = append(out.BySector, *sectors[k])
	}
	if direct.Entries > 0 {
		out.BySector = append(out.BySector, direct)
	}
	slices.SortStableFunc(out.BySector, func(a, b commons.HoursTotal) int { return b.Minutes - a.Minutes })
	return out, nil
}

// TeamInitiativeIDs lists the ids of the initiatives a person is on the
// team of, for the forms that offer only what the person runs.
func (s *Store) TeamInitiativeIDs(ctx context.Context, communityID, userID string) (map[string]bool, error) {
	rows, err := s.query(ctx, "SELECT initiative_id FROM initiative_team WHERE community_id = ? AND user_id = ?", communityID, userID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out[id] = true
	}
	return out, s.classify(rows.Err())
}
