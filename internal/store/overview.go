package store

import (
	"context"
	"fmt"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// anyTime scans a timestamp that SQLite may hand over as text: the
// result of an aggregate such as MIN has no declared type there.
type anyTime struct{ t *time.Time }

// Scan reads a time, or text in the layouts the SQLite driver writes.
func (a anyTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*a.t = x
		return nil
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999 -0700 MST",
			time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, x); err == nil {
				*a.t = t
				return nil
			}
		}
		return fmt.Errorf("store: a time in an unknown layout: %q", x)
	case []byte:
		return a.Scan(string(x))
	case nil:
		*a.t = time.Time{}
		return nil
	}
	return fmt.Errorf("store: cannot read %T as a time", v)
}

// OverviewLine is one line of a learning champion's overview: a thing
// that waits (a need, a proposal, a resource, an initiative, a member, an
// organization), how many wait there, and since when.
type OverviewLine struct {
	Section   string
	SubjectID string
	Title     string
	// Detail is a short fact the section needs: a need's kind, an
	// organization's sector.
	Detail string
	Count  int
	Since  time.Time
}

// overviewSection is one section's query: it lists (subject id, title,
// detail, count, since) for a community; its arguments follow the
// community's id, as named.
type overviewSection struct {
	name  string
	query string
	// args are the extra arguments after the community's id: "now",
	// "week" (a week ago), "quarter" (90 days ago), "today" (YYYY-MM-DD).
	args []string
}

var overviewSections = []overviewSection{
	{"unmet_needs", `SELECT n.id, i.title || ': ' || n.description, n.kind, 1, n.created_at FROM needs n
		JOIN ` + shown(commons.SubjectInitiative, "i") + ` ON i.community_id = n.community_id AND i.id = n.initiative_id
		WHERE n.community_id = ? AND n.status <> 'met' AND i.status NOT IN ('completed', 'paused') ORDER BY n.created_at, n.id`, nil},
	{"proposals_without_teacher", `SELECT p.id, p.title, '', (SELECT COUNT(*) FROM proposal_interest l WHERE l.community_id = p.community_id
		AND l.proposal_id = p.id AND l.role = 'learn'), p.created_at FROM ` + shown(commons.SubjectProposal, "p") + `
		WHERE p.community_id = ? AND p.activity_id IS NULL AND NOT EXISTS (SELECT 1 FROM proposal_interest t
			WHERE t.community_id = p.community_id AND t.proposal_id = p.id AND t.role IN ('teach', 'host'))
		ORDER BY p.created_at, p.id`, nil},
	{"booking_requests", `SELECT r.id, r.title, '', COUNT(*), MIN(b.created_at) FROM bookings b
		JOIN resources r ON r.community_id = b.community_id AND r.id = b.resource_id
		WHERE b.community_id = ? AND b.status = 'requested' AND b.starts_at > ? GROUP BY r.id, r.title ORDER BY 5, 1`, []string{"now"}},
	{"pledges_waiting", `SELECT i.id, i.title, '', COUNT(*), MIN(p.created_at) FROM pledges p
		JOIN initiatives i ON i.community_id = p.community_id AND i.id = p.initiative_id
		WHERE p.community_id = ? AND p.status = 'pending' GROUP BY i.id, i.title ORDER BY 5, 1`, nil},
	{"signatures_waiting", `SELECT i.id, i.title, '', COUNT(*), MIN(ps.updated_at) FROM partnerships ps
		JOIN partnership_parties pp ON pp.community_id = ps.community_id AND pp.partnership_id = ps.id AND pp.version = ps.version
		JOIN initiatives i ON i.community_id = ps.community_id AND i.id = ps.initiative_id
		WHERE ps.community_id = ? AND ps.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM partnership_signatures sg
			WHERE sg.community_id = pp.community_id AND sg.partnership_id = pp.partnership_id AND sg.version = pp.version
			AND sg.organization_id = pp.organization_id)
		GROUP BY i.id, i.title ORDER BY 5, 1`, nil},
	// A commitment nobody has marked has no updated_at: it has waited
	// since the version that holds it was proposed.
	{"overdue_commitments", `SELECT i.id, i.title || ': ' || c.description, o.name, 1, COALESCE(c.updated_at, v.proposed_at) FROM commitments c
		JOIN partnerships ps ON ps.community_id = c.community_id AND ps.id = c.partnership_id AND ps.version = c.version
		JOIN partnership_versions v ON v.community_id = c.community_id AND v.partnership_id = c.partnership_id AND v.version = c.version
		JOIN initiatives i ON i.community_id = ps.community_id AND i.id = ps.initiative_id
		JOIN organizations o ON o.community_id = c.community_id AND o.id = c.organization_id
		WHERE c.community_id = ? AND c.status = 'pending' AND c.due IS NOT NULL AND c.due < ? ORDER BY c.due, c.id`, []string{"today"}},
	{"applications", `SELECT m.user_id, u.name, '', 1, m.joined_at FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = ? AND m.status = 'pending' ORDER BY m.joined_at, m.user_id`, nil},
	{"unvouched_newcomers", `SELECT m.user_id, u.name, '', 1, m.joined_at FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = ? AND m.status = 'active' AND m.joined_at < ?
		AND NOT EXISTS (SELECT 1 FROM member_roles r WHERE r.community_id = m.community_id AND r.user_id = m.user_id AND r.role <> 'newcomer')
		AND NOT EXISTS (SELECT 1 FROM role_trust t WHERE t.community_id = m.community_id AND t.receiver_id = m.user_id)
		ORDER BY m.joined_at, m.user_id`, []string{"week"}},
	{"quiet_organizations", `SELECT o.id, o.name, o.sector, 1, o.updated_at FROM organizations o
		WHERE o.community_id = ? AND o.moderation = 'visible' AND o.created_at < ? AND o.updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.community_id = o.community_id AND r.owner_org_id = o.id AND r.updated_at >= ?)
		AND NOT EXISTS (SELECT 1 FROM pledges p WHERE p.community_id = o.community_id AND p.organization_id = o.id AND p.created_at >= ?)
		AND NOT EXISTS (SELECT 1 FROM intents x WHERE x.community_id = o.community_id AND x.owner_org_id = o.id AND x.created_at >= ?)
		ORDER BY o.sector, o.updated_at, o.id`, []string{"quarter", "quarter", "quarter", "quarter", "quarter"}},
}

// OverviewSections names the overview's sections in the order it shows them.
func OverviewSections() []string {
	out := make([]string, len(overviewSections))
	for i, s := range overviewSections {
		out[i] = s.name
	}
	return out
}

// Overview lists, for a community, what waits in each section, at most
// limit lines a section, oldest first.
func (s *Store) Overview(ctx context.Context, communityID string, now time.Time, today string, limit int) ([]OverviewLine, error) {
	values := map[string]any{"now": now.UTC(), "week": now.UTC().Add(-7 * 24 * time.Hour),
		"quarter": now.UTC().Add(-90 * 24 * time.Hour), "today": today}
	var out []OverviewLine
	for _, sec := range overviewSections {
		args := []any{communityID}
		for _, a := range sec.args {
			args = append(args, values[a])
		}
		rows, err := s.query(ctx, sec.query+" LIMIT ?", append(args, limit)...)
		if err != nil {
			return nil, s.classify(err)
		}
		for rows.Next() {
			l := OverviewLine{Section: sec.name}
			if err := rows.Scan(&l.SubjectID, &l.Title, &l.Detail, &l.Count, anyTime{&l.Since}); err != nil {
				rows.Close()
				return nil, s.classify(err)
			}
			out = append(out, l)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, s.classify(err)
		}
	}
	return out, nil
}
