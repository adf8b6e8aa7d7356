package store

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// WorkItem is one thing an organization does: a resource it shares, an
// activity it runs, an initiative it leads, is a party to or pledged to.
type WorkItem struct {
	Type  commons.SubjectType
	ID    string
	Title string
	// Role says how: leads, party or pledged (initiatives).
	Role string
	// Archived: put away by those who run it (resources, initiatives).
	// The page shows it apart, to the organization's admins only
	// (app.OrganizationWork).
	Archived bool
}

// OrgWork is what an organization does in its community.
type OrgWork struct {
	Items []WorkItem
	// Commitments counts its partnership commitments in force by status;
	// Overdue counts the pending ones past due.
	Kept, Missed, Pending, Overdue int
}

// OrganizationWork gathers an organization's resources, upcoming
// activities, initiatives and commitments.
func (s *Store) OrganizationWork(ctx context.Context, communityID, orgID string, now time.Time, today string) (OrgWork, error) {
	var w OrgWork
	lists := []struct {
		typ   commons.SubjectType
		query string
		args  []any
	}{
		{commons.SubjectResource, `SELECT id, title, '', archived_at IS NOT NULL FROM resources WHERE community_id = ? AND owner_org_id = ? AND moderation = 'visible'
			ORDER BY sort_key, id LIMIT 50`, []any{communityID, orgID}},
		{commons.SubjectActivity, `SELECT a.id, a.title, '', FALSE FROM activities a JOIN activity_organizers ao ON ao.community_id = a.community_id
			AND ao.series_id = a.series_id WHERE a.community_id = ? AND ao.organization_id = ? AND a.status = 'scheduled' AND a.ends_at > ?
			ORDER BY a.starts_at, a.id LIMIT 20`, []any{communityID, orgID, now.UTC()}},
		{commons.SubjectInitiative, `SELECT id, title, role, archived FROM (
			SELECT i.id, i.title, 'leads' AS role, i.archived_at IS NOT NULL AS archived FROM initiatives i WHERE i.community_id = ? AND i.lead_org_id = ?
			UNION SELECT i.id, i.title, 'party', i.archived_at IS NOT NULL FROM initiatives i JOIN partnerships ps ON ps.community_id = i.community_id AND ps.initiative_id = i.id
				JOIN partnership_parties pp ON pp.community_id = ps.community_id AND pp.partnership_id = ps.id AND pp.version = ps.version
				WHERE i.community_id = ? AND pp.organization_id = ?
			UNION SELECT i.id, i.title, 'pledged', i.archived_at IS NOT NULL FROM initiatives i JOIN pledges p ON p.community_id = i.community_id AND p.initiative_id = i.id
				WHERE i.community_id = ? AND p.organization_id = ? AND p.status <> 'declined') x ORDER BY title, id, role LIMIT 60`,
			[]any{communityID, orgID, communityID, orgID, communityID, orgID}},
	}
	for _, l := range lists {
		rows, err := s.query(ctx, l.query, l.args...)
		if err != nil {
			return w, s.classify(err)
		}
		for rows.Next() {
			it := WorkItem{Type: l.typ}
			if err := rows.Scan(&it.ID, &it.Title, &it.Role, &it.Archived); err != nil {
				rows.Close()
				return w, s.classify(err)
			}
			w.Items = append(w.Items, it)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return w, s.classify(err)
		}
	}
	err := s.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN c.status = 'kept' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.status = 'missed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.status = 'pending' AND c.due IS NOT NULL AND c.due < ? THEN 1 ELSE 0 END), 0)
		FROM commitments c JOIN partnerships ps ON ps.community_id = c.community_id AND ps.id = c.partnership_id AND ps.version = c.version
		WHERE c.community_id = ? AND c.organization_id = ?`, today, communityID, orgID).Scan(&w.Kept, &w.Missed, &w.Pending, &w.Overdue)
	return w, s.classify(err)
}
