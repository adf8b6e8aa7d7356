package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
)

// SetPublicProfile records whether a member's name and profile are public
// in a community (commons.MayShowPerson).
func (s *Store) SetPublicProfile(ctx context.Context, communityID, userID string, public bool) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE members SET public_profile = ? WHERE community_id = ? AND user_id = ?", public, communityID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return commons.NotFound()
		}
		return nil
	})
}

// PublicPeople says which of the given people chose a public profile in a
// community, in one query whatever their number.
func (s *Store) PublicPeople(ctx context.Context, communityID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	ids = uniqueNonEmpty(ids)
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{communityID}
	for _, id := range ids {
		args = append(args, id)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err := s.query(ctx, `SELECT user_id FROM members WHERE community_id = ? AND status = 'active' AND public_profile
		AND user_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out[id] = true
	}
	return out, s.classify(rows.Err())
}

func uniqueNonEmpty(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// ProfileVisibility lists the communities a person is an active member
// of, each with whether their profile is public there, for their own
// privacy settings.
func (s *Store) ProfileVisibility(ctx context.Context, userID string) ([]Visibility, error) {
	rows, err := s.query(ctx, `SELECT c.id, c.slug, c.name, m.status, m.public_profile FROM members m
		JOIN communities c ON c.id = m.community_id WHERE m.user_id = ? AND m.status = 'active' ORDER BY c.sort_key, c.id`, userID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []Visibility
	for rows.Next() {
		var m Visibility
		if err := rows.Scan(&m.CommunityID, &m.Slug, &m.Name, &m.Status, &m.Public); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, m)
	}
	return out, s.classify(rows.Err())
}

// Visibility is one community of a person's and whether they are public there.
type Visibility struct {
	CommunityID, Slug, Name string
	Status                  commons.MembershipStatus
	Public                  bool
}

// exportSections are the questions that gather what Commons holds about a
// person: their own rows only, and of other people nothing but the ids
// their own acts point at (never a name, an address or what others wrote).
// Secrets (password and token hashes) are not part of it.
var exportSections = []struct{ name, query string }{
	{"account", `SELECT id, email, name, locale, time_zone, created_at FROM users WHERE id = ?`},
	{"memberships", `SELECT m.community_id, c.name AS community, m.status, m.application, m.answers, m.joined_at, m.public_profile
		FROM members m JOIN communities c ON c.id = m.community_id WHERE m.user_id = ? ORDER BY m.community_id`},
	{"roles_granted", `SELECT community_id, role, granted_at FROM member_roles WHERE user_id = ? ORDER BY community_id, role`},
	{"learning_profiles", `SELECT community_id, teaches, learns, languages, updated_at FROM learning_profiles WHERE user_id = ? ORDER BY community_id`},
	{"organizations", `SELECT om.community_id, om.organization_id, o.name AS organization, om.role, om.added_at FROM organization_members om
		JOIN organizations o ON o.community_id = om.community_id AND o.id = om.organization_id WHERE om.user_id = ? ORDER BY om.community_id, om.organization_id`},
	{"resources", `SELECT community_id, id, kind, title, description, address, created_at FROM resources WHERE owner_user_id = ? ORDER BY community_id, id`},
	{"bookings", `SELECT community_id, id, resource_id, starts_at, ends_at, status, purpose, reason, created_at FROM bookings
		WHERE requester_id = ? ORDER BY starts_at, id`},
	{"registrations", `SELECT community_id, activity_id, status, created_at FROM activity_registrations WHERE user_id = ? ORDER BY created_at, activity_id`},
	{"activities_organized", `SELECT o.community_id, o.series_id, a.title, a.starts_at FROM activity_organizers o
		LEFT JOIN activities a ON a.community_id = o.community_id AND a.id = o.series_id WHERE o.user_id = ? ORDER BY o.community_id, o.series_id`},
	{"proposals", `SELECT community_id, id, title, description, created_at FROM activity_proposals WHERE created_by = ? ORDER BY created_at, id`},
	{"proposal_interest", `SELECT community_id, proposal_id, role, note, created_at FROM proposal_interest WHERE user_id = ? ORDER BY created_at, proposal_id`},
	{"initiatives", `SELECT community_id, id, title, summary, description, created_at FROM initiatives WHERE created_by = ? OR lead_user_id = ? ORDER BY created_at, id`},
	{"initiative_teams", `SELECT community_id, initiative_id, added_at FROM initiative_team WHERE user_id = ? ORDER BY added_at, initiative_id`},
	{"pledges", `SELECT community_id, id, need_id, description, status, created_at FROM pledges WHERE user_id = ? ORDER BY created_at, id`},
	{"threads", `SELECT community_id, id, title, created_at FROM threads WHERE author_id = ? ORDER BY created_at, id`},
	{"posts", `SELECT community_id, id, thread_id, body, created_at, edited_at, deleted_at FROM posts WHERE author_id = ? ORDER BY id`},
	{"messages", `SELECT conversation_id, id, body, created_at FROM messages WHERE author_id = ? ORDER BY conversation_id, id`},
	{"trust_given", `SELECT community_id, receiver_id, role, created_at FROM role_trust WHERE giver_id = ? ORDER BY created_at`},
	{"trust_received", `SELECT community_id, giver_id, role, created_at FROM role_trust WHERE receiver_id = ? ORDER BY created_at`},
	{"resource_trust", `SELECT community_id, resource_id, given_at, last_used_at FROM resource_trust WHERE user_id = ? ORDER BY given_at`},
	{"flags", `SELECT community_id, id, subject_type, subject_id, reason, created_at FROM flags WHERE flagger_id = ? ORDER BY created_at, id`},
	{"review_scores", `SELECT community_id, review_id, restore, keep_hidden, remove, scored_at FROM review_scores WHERE member_id = ? ORDER BY scored_at`},
	{"application_comments", `SELECT community_id, applicant_id, body, created_at FROM application_comments WHERE author_id = ? ORDER BY created_at`},
	{"blocks", `SELECT blocked_id, created_at FROM blocks WHERE blocker_id = ? ORDER BY created_at`},
	// What others' acts said to the person stays out: a notification's
	// arguments name other people.
	{"notifications", `SELECT id, COALESCE(community_id, '') AS community_id, kind, link, created_at, read_at FROM notifications
		WHERE user_id = ? ORDER BY id`},
	{"mail_settings", `SELECT delivery FROM mail_settings WHERE user_id = ?`},
	{"sessions", `SELECT created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at`},
	{"api_tokens", `SELECT id, label, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`},
	// Quality rounds: the panels one sat on, one's ratings, one's action points.
	{"quality_panels", `SELECT community_id, round_id, COALESCE(organization_id, '') AS organization_id, sector, added_at FROM quality_panelists
		WHERE user_id = ? ORDER BY added_at, round_id`},
	{"quality_ratings", `SELECT community_id, round_id, criterion_key, score, comment, evidence, updated_at FROM quality_ratings
		WHERE user_id = ? ORDER BY updated_at, round_id, criterion_key`},
	{"quality_action_points", `SELECT community_id, id, round_id, text, due, status, created_at FROM quality_action_points
		WHERE owner_id = ? ORDER BY created_at, id`},
	// Most Significant Change: the stories one told, whole (an anonymous
	// teller is known to themselves; the collector appears by id); the
	// stories one collected for others, by id and kind only — their words
	// and names are the tellers'; the panels one sat on; one's notes on
	// how a story was checked.
	{"msc_stories_told", `SELECT community_id, id, cycle_id, teller_kind, COALESCE(teller_org_id, '') AS teller_org_id,
		COALESCE(collector_id, '') AS collector_id, consent, consent_date, happened_when, happened_where, domain, title, body, why,
		language, theme, created_at, updated_at FROM msc_stories WHERE teller_user_id = ? ORDER BY created_at, id`},
	{"msc_stories_collected", `SELECT community_id, id, cycle_id, teller_kind, consent, created_at FROM msc_stories
		WHERE collector_id = ? AND (teller_user_id IS NULL OR teller_user_id <> collector_id) ORDER BY created_at, id`},
	{"msc_panels", `SELECT p.community_id, p.cycle_id, p.id AS panel_id, p.name, p.level FROM msc_panel_members m
		JOIN msc_panels p ON p.community_id = m.community_id AND p.id = m.panel_id WHERE m.user_id = ? ORDER BY p.created_at, p.id`},
	{"msc_verifications", `SELECT community_id, id, story_id, how, note, checked_on, created_at FROM msc_verifications
		WHERE checked_by = ? ORDER BY created_at, id`},
}

// ExportSections names the export's sections in order.
func ExportSections() []string {
	out := make([]string, len(exportSections))
	for i, sec := range exportSections {
		out[i] = sec.name
	}
	return out
}

// ExportPersonalData streams everything Commons holds about a person,
// section by section and row by row: row is called with each section's
// name and a nil row when the section starts, then once per row. Nothing
// is gathered in memory, so a person with ten thousand posts costs one row
// at a time.
func (s *Store) ExportPersonalData(ctx context.Context, userID string, row func(section string, r map[string]any) error) error {
	for _, sec := range exportSections {
		if err := row(sec.name, nil); err != nil {
			return err
		}
		args := []any{userID}
		if n := strings.Count(sec.query, "?"); n > 1 {
			args = []any{userID, userID}
		}
		if err := s.streamRows(ctx, sec.query, args, func(r map[string]any) error { return row(sec.name, r) }); err != nil {
			return err
		}
	}
	return nil
}

// streamRows runs a query and hands each row over as column → value.
func (s *Store) streamRows(ctx context.Context, q string, args []any, fn func(map[string]any) error) error {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return s.classify(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return s.classify(err)
		}
		r := make(map[string]any, len(cols))
		for i, c := range cols {
			switch v := vals[i].(type) {
			case []byte:
				r[c] = string(v)
			default:
				r[c] = v
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return s.classify(rows.Err())
}

// querier is what reads inside and outside a transaction share.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// ErasureBlockers lists what a person must hand over before their account
// can be erased: organizations they are the last admin of, communities
// they are the last editor of (by grant or by trust, counting only other
// active members and trust that does not come from the person).
func (s *Store) ErasureBlockers(ctx context.Context, userID string) ([]commons.ErasureBlocker, error) {
	return erasureBlockers(ctx, s, userID)
}

func erasureBlockers(ctx context.Context, q querier, userID string) ([]commons.ErasureBlocker, error) {
	var out []commons.ErasureBlocker
	rows, err := q.query(ctx, `SELECT c.slug, o.id, o.name FROM organization_members om
		JOIN organizations o ON o.community_id = om.community_id AND o.id = om.organization_id
		JOIN communities c ON c.id = om.community_id
		WHERE om.user_id = ? AND om.role = 'admin' AND NOT EXISTS (SELECT 1 FROM organization_members x
			WHERE x.community_id = om.community_id AND x.organization_id = om.organization_id AND x.role = 'admin' AND x.user_id <> om.user_id)
		ORDER BY c.slug, o.name`, userID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var slug, id, name string
		if err := rows.Scan(&slug, &id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, commons.ErasureBlocker{Kind: "organization", Name: name, Path: "/c/" + slug + "/organizations/" + id})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Communities where the person holds the editor role, by grant or by
	// trust, and nobody else would hold it once they are gone. The
	// threshold is the community's own, or the lowest default (1) when it
	// derives it, erring towards letting others count.
	rows, err = q.query(ctx, `SELECT c.slug, c.name FROM members m JOIN communities c ON c.id = m.community_id
		WHERE m.user_id = ? AND m.status = 'active'
		AND EXISTS (SELECT 1 FROM member_roles r WHERE r.community_id = m.community_id AND r.user_id = m.user_id AND r.role = 'editor')
		AND NOT EXISTS (SELECT 1 FROM members o WHERE o.community_id = m.community_id AND o.status = 'active' AND o.user_id <> m.user_id AND (
			EXISTS (SELECT 1 FROM member_roles r WHERE r.community_id = o.community_id AND r.user_id = o.user_id AND r.role = 'editor')
			OR (SELECT COUNT(*) FROM role_trust t JOIN members g ON g.community_id = t.community_id AND g.user_id = t.giver_id AND g.status = 'active'
				WHERE t.community_id = o.community_id AND t.receiver_id = o.user_id AND t.role = 'editor' AND t.giver_id <> m.user_id)
				>= COALESCE(c.trust_threshold, 1)))
		ORDER BY c.sort_key, c.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var slug, name string
		if err := rows.Scan(&slug, &name); err != nil {
			return nil, err
		}
		out = append(out, commons.ErasureBlocker{Kind: "community", Name: name, Path: "/c/" + slug + "/members"})
	}
	return out, rows.Err()
}

// ErasePerson erases a person's account in one transaction. What is
// theirs alone goes with the account (memberships, profiles, bookings,
// registrations, trust, notifications, sessions: the schema's cascades);
// what others rely on stays without them (threads, posts and messages
// keep their text with no author; organizations' commitments and
// signatures stay, the signer's name blanked); the community record and
// notifications sent to others keep the acts with the name taken out.
// blocked decides, from what the transaction finds the person still
// answers for, whether the erasure may go on.
func (s *Store) ErasePerson(ctx context.Context, userID string, blocked func([]commons.ErasureBlocker) error) error {
	return s.inTx(ctx, func(t tx) error {
		bs, err := erasureBlockers(ctx, t, userID)
		if err != nil {
			return err
		}
		if err := blocked(bs); err != nil {
			return err
		}
		var name, email string
		if err := t.queryRow(ctx, "SELECT name, email FROM users WHERE id = ?", userID).Scan(&name, &email); err != nil {
			return err
		}
		type stmt struct {
			q    string
			args []any
		}
		stmts := []stmt{
			{"UPDATE partnership_signatures SET signer_name = '' WHERE user_id = ?", []any{userID}},
			{"UPDATE community_log SET actor_id = NULL WHERE actor_id = ?", []any{userID}},
			{"UPDATE members SET decided_by = NULL WHERE decided_by = ?", []any{userID}},
			// Their bookings go (the slots are released): activities and
			// pledges that pointed at one keep going without it.
			{`UPDATE activities SET booking_id = NULL WHERE booking_id IN (SELECT id FROM bookings WHERE requester_id = ?)`, []any{userID}},
			{`UPDATE pledges SET booking_id = NULL WHERE booking_id IN (SELECT id FROM bookings WHERE requester_id = ?)`, []any{userID}},
			// An organization's pledges are its commitments, not the
			// person's: they pass to one of its other admins.
			{`UPDATE pledges SET user_id = (SELECT MIN(om.user_id) FROM organization_members om WHERE om.community_id = pledges.community_id
				AND om.organization_id = pledges.organization_id AND om.role = 'admin' AND om.user_id <> ?)
				WHERE user_id = ? AND organization_id IS NOT NULL AND EXISTS (SELECT 1 FROM organization_members om
				WHERE om.community_id = pledges.community_id AND om.organization_id = pledges.organization_id AND om.role = 'admin' AND om.user_id <> ?)`,
				[]any{userID, userID, userID}},
		}
		// The record and an initiative's history wrote the name into
		// their text, alone or at the start ("Name · role", "Name: what
		// they pledged"): it is taken out there, and only there, so that a
		// short name does not bite into other words.
		if name != "" {
			from := utf8.RuneCountInString(name) + 1
			for _, st := range []struct{ table, column, sep string }{
				{"community_log", "subject", " · "}, {"initiative_log", "detail", ": "},
			} {
				stmts = append(stmts,
					stmt{`UPDATE ` + st.table + ` SET ` + st.column + ` = '' WHERE ` + st.column + ` = ?`, []any{name}},
					stmt{`UPDATE ` + st.table + ` SET ` + st.column + ` = SUBSTR(` + st.column + `, ?) WHERE ` + st.column + ` LIKE ? ESCAPE '\'`,
						[]any{from, escapeLike(name+st.sep) + "%"}})
			}
		}
		// Notifications to others name the person in their arguments, a
		// JSON object written by encoding/json: a value that is exactly
		// their name (or address) is blanked.
		for _, text := range uniqueNonEmpty([]string{name, email}) {
			quoted, err := json.Marshal(text)
			if err != nil {
				return commons.Internal(err)
			}
			stmts = append(stmts, stmt{`UPDATE notifications SET args = REPLACE(args, ?, '""') WHERE args LIKE ? ESCAPE '\'`,
				[]any{string(quoted), "%" + escapeLike(string(quoted)) + "%"}})
		}
		stmts = append(stmts, stmt{"DELETE FROM users WHERE id = ?", []any{userID}})
		for _, st := range stmts {
			if _, err := t.exec(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// escapeLike makes text match itself alone in a LIKE pattern.
func escapeLike(text string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text)
}

func (sqlite) textColumns() string {
	return `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND UPPER(p.type) IN ('TEXT', '') ORDER BY m.name, p.cid`
}

func (postgres) textColumns() string {
	return `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
		AND data_type IN ('text', 'character varying', 'json', 'jsonb') ORDER BY table_name, ordinal_position`
}

// FindText lists the "table.column" of every text column of every table
// that holds text anywhere: what an operator (and the erasure test) asks
// to be sure a person's address or name is nowhere left. It reads every
// row, so it is for checks, not for requests.
func (s *Store) FindText(ctx context.Context, text string) ([]string, error) {
	rows, err := s.query(ctx, s.d.textColumns())
	if err != nil {
		return nil, s.classify(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			rows.Close()
			return nil, s.classify(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	var out []string
	pattern := "%" + escapeLike(text) + "%"
	for _, c := range cols {
		var n int
		q := `SELECT COUNT(*) FROM "` + c[0] + `" WHERE CAST("` + c[1] + `" AS TEXT) LIKE ? ESCAPE '\'`
		if err := s.queryRow(ctx, q, pattern).Scan(&n); err != nil {
			return nil, s.classify(err)
		}
		if n > 0 {
			out = append(out, c[0]+"."+c[1])
		}
	}
	return out, nil
}
