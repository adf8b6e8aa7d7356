package store

import (
	"context"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Waiting is one thing that waits for a person's decision: how many of a
// kind wait at one thing of a community.
type Waiting struct {
	// Kind is booking_requests, pledges, signatures or applications.
	Kind          string
	CommunitySlug string
	CommunityName string
	// SubjectID and Title name the thing they wait at (a resource, an
	// initiative, an organization); empty for a community's applications.
	SubjectID, Title string
	Count            int
}

// waitingQueries each list (kind, slug, community name, subject id, title,
// count) for one person; the first takes the moment and the person's id
// twice, the others the person's id.
var waitingQueries = []string{
	// Booking requests for resources the person owns or their
	// organization owns and they administer.
	`SELECT 'booking_requests', c.slug, c.name, r.id, r.title, COUNT(*)
	FROM bookings b JOIN resources r ON r.community_id = b.community_id AND r.id = b.resource_id
	JOIN communities c ON c.id = b.community_id
	WHERE b.status = 'requested' AND b.starts_at > ? AND (r.owner_user_id = ? OR EXISTS (SELECT 1 FROM organization_members om
		WHERE om.community_id = r.community_id AND om.organization_id = r.owner_org_id AND om.user_id = ? AND om.role = 'admin'))
	GROUP BY c.slug, c.name, r.id, r.title`,
	// Pledges waiting for the team the person is on.
	`SELECT 'pledges', c.slug, c.name, i.id, i.title, COUNT(*)
	FROM pledges p JOIN initiatives i ON i.community_id = p.community_id AND i.id = p.initiative_id
	JOIN initiative_team t ON t.community_id = i.community_id AND t.initiative_id = i.id AND t.user_id = ?
	JOIN communities c ON c.id = p.community_id
	WHERE p.status = 'pending'
	GROUP BY c.slug, c.name, i.id, i.title`,
	// Partnership versions waiting for the signature of an organization
	// the person administers.
	`SELECT 'signatures', c.slug, c.name, i.id, i.title, COUNT(*)
	FROM partnerships ps JOIN partnership_parties pp ON pp.community_id = ps.community_id AND pp.partnership_id = ps.id AND pp.version = ps.version
	JOIN organization_members om ON om.community_id = pp.community_id AND om.organization_id = pp.organization_id AND om.user_id = ? AND om.role = 'admin'
	JOIN initiatives i ON i.community_id = ps.community_id AND i.id = ps.initiative_id
	JOIN communities c ON c.id = ps.community_id
	WHERE ps.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM partnership_signatures sg
		WHERE sg.community_id = pp.community_id AND sg.partnership_id = pp.partnership_id AND sg.version = pp.version
		AND sg.organization_id = pp.organization_id)
	GROUP BY c.slug, c.name, i.id, i.title`,
	// Applications to join a community where the person is an editor.
	`SELECT 'applications', c.slug, c.name, '', '', COUNT(*)
	FROM members m JOIN communities c ON c.id = m.community_id
	JOIN member_roles e ON e.community_id = m.community_id AND e.user_id = ? AND e.role = 'editor'
	JOIN members me ON me.community_id = e.community_id AND me.user_id = e.user_id AND me.status = 'active'
	WHERE m.status = 'pending'
	GROUP BY c.slug, c.name`,
}

// WaitingFor lists what waits for a person's decision, in every
// community they belong to.
func (s *Store) WaitingFor(ctx context.Context, userID string, now time.Time) ([]Waiting, error) {
	var out []Waiting
	for n, q := range waitingQueries {
		args := []any{userID}
		if n == 0 {
			args = []any{now.UTC(), userID, userID}
		}
		rows, err := s.query(ctx, q+" ORDER BY 2, 5 LIMIT 50", args...)
		if err != nil {
			return nil, s.classify(err)
		}
		for rows.Next() {
			var w Waiting
			if err := rows.Scan(&w.Kind, &w.CommunitySlug, &w.CommunityName, &w.SubjectID, &w.Title, &w.Count); err != nil {
				rows.Close()
				return nil, s.classify(err)
			}
			out = append(out, w)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, s.classify(err)
		}
	}
	return out, nil
}

// MyIntents lists a person's live offers and requests (posted by them),
// newest first, for their home page.
func (s *Store) MyIntents(ctx context.Context, userID string, now time.Time, limit int) ([]Waiting, error) {
	rows, err := s.query(ctx, `SELECT i.direction, c.slug, c.name, i.id, i.title, 0 FROM intents i JOIN communities c ON c.id = i.community_id
		WHERE i.created_by = ? AND i.status IN ('open', 'answered') AND (i.ends_at IS NULL OR i.ends_at > ?)
		ORDER BY i.created_at DESC LIMIT ?`, userID, now.UTC(), limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []Waiting
	for rows.Next() {
		var w Waiting
		if err := rows.Scan(&w.Kind, &w.CommunitySlug, &w.CommunityName, &w.SubjectID, &w.Title, &w.Count); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, w)
	}
	return out, s.classify(rows.Err())
}

// MySeeking lists what a person waits for matches on, newest first, up to
// limit: their live offers and requests (Kind offer or request), their
// learning requests no activity answers yet (proposal), and the open
// needs of unfinished initiatives whose team they are on (need, titled by
// the need's description). The digest's "new matches for you" reads it.
func (s *Store) MySeeking(ctx context.Context, userID string, now time.Time, limit int) ([]Waiting, error) {
	rows, err := s.query(ctx, `SELECT kind, slug, name, id, title FROM (
		SELECT i.direction AS kind, c.slug, c.name, i.id, i.title, i.created_at FROM `+shown(commons.SubjectIntent, "i")+` JOIN communities c ON c.id = i.community_id
			WHERE i.created_by = ? AND i.status IN ('open', 'answered') AND (i.ends_at IS NULL OR i.ends_at > ?)
		UNION ALL SELECT 'proposal', c.slug, c.name, p.id, p.title, p.created_at FROM `+shown(commons.SubjectProposal, "p")+` JOIN communities c ON c.id = p.community_id
			WHERE p.created_by = ? AND p.activity_id IS NULL
		UNION ALL SELECT 'need', c.slug, c.name, n.id, n.description, n.created_at FROM needs n
			JOIN `+shown(commons.SubjectInitiative, "ini")+` ON ini.community_id = n.community_id AND ini.id = n.initiative_id AND ini.status <> 'completed'
			JOIN initiative_team t ON t.community_id = n.community_id AND t.initiative_id = n.initiative_id AND t.user_id = ?
			JOIN communities c ON c.id = n.community_id
			WHERE n.status IN ('open', 'partly_met')
		) x ORDER BY created_at DESC, id LIMIT ?`, userID, now.UTC(), userID, userID, limit)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []Waiting
	for rows.Next() {
		var w Waiting
		if err := rows.Scan(&w.Kind, &w.CommunitySlug, &w.CommunityName, &w.SubjectID, &w.Title); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, w)
	}
	return out, s.classify(rows.Err())
}
