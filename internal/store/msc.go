package store

import (
	"context"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// Most Significant Change: cycles, stories, panels, selections, feedback
// and verification notes (commons/msc.go).

const mscScopeName = `COALESCE(CASE {a}.scope_type
		WHEN 'initiative' THEN (SELECT si.title FROM initiatives si WHERE si.community_id = {a}.community_id AND si.id = {a}.scope_id)
		WHEN 'partnership' THEN (SELECT si.title FROM partnerships sp JOIN initiatives si ON si.community_id = sp.community_id AND si.id = sp.initiative_id
			WHERE sp.community_id = {a}.community_id AND sp.id = {a}.scope_id) END, '')`

// scopeNameOf names the initiative or partnership a cycle or a panel
// (table alias a) is about.
func scopeNameOf(alias string) string { return strings.ReplaceAll(mscScopeName, "{a}", alias) }

var cycleColumns = `c.id, c.community_id, c.title, c.period_from, c.period_to, c.scope_type, c.scope_id, ` + scopeNameOf("c") + `,
	c.domains, c.question, c.status, COALESCE(c.created_by, ''), c.created_at,
	(SELECT COUNT(*) FROM msc_stories s WHERE s.community_id = c.community_id AND s.cycle_id = c.id)`

func scanCycle(row interface{ Scan(...any) error }) (commons.MSCCycle, error) {
	var c commons.MSCCycle
	var domains string
	err := row.Scan(&c.ID, &c.CommunityID, &c.Title, &c.From, &c.To, &c.ScopeType, &c.ScopeID, &c.ScopeName,
		&domains, &c.Question, &c.Status, &c.CreatedBy, &c.CreatedAt, &c.Stories)
	if domains != "" {
		c.Domains = strings.Split(domains, "\n")
	}
	return c, err
}

// CreateMSCCycle saves a new cycle, collecting.
func (s *Store) CreateMSCCycle(ctx context.Context, c commons.MSCCycle) (commons.MSCCycle, error) {
	c.ID, c.CreatedAt, c.Status = newID(), s.now(), commons.MSCCollecting
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO msc_cycles (community_id, id, title, period_from, period_to, scope_type, scope_id, domains,
			question, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.CommunityID, c.ID, c.Title, c.From, c.To, c.ScopeType, c.ScopeID, strings.Join(c.Domains, "\n"), c.Question, c.Status,
			nullText(c.CreatedBy), c.CreatedAt)
		return err
	})
	return c, err
}

// UpdateMSCCycle changes a cycle's words, period and domains.
func (s *Store) UpdateMSCCycle(ctx context.Context, c commons.MSCCycle) error {
	return s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `UPDATE msc_cycles SET title = ?, period_from = ?, period_to = ?, scope_type = ?, scope_id = ?, domains = ?,
			question = ? WHERE community_id = ? AND id = ?`, c.Title, c.From, c.To, c.ScopeType, c.ScopeID, strings.Join(c.Domains, "\n"),
			c.Question, c.CommunityID, c.ID)
		return err
	})
}

// SetMSCStatus moves a cycle on from one status to the next; a cycle
// moved meanwhile is a conflict.
func (s *Store) SetMSCStatus(ctx context.Context, communityID, id string, from, to commons.MSCStatus) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE msc_cycles SET status = ? WHERE community_id = ? AND id = ? AND status = ?`, to, communityID, id, from)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.msc.status_changed")
		}
		return nil
	})
}

// MSCCycle returns one cycle of the community.
func (s *Store) MSCCycle(ctx context.Context, communityID, id string) (commons.MSCCycle, error) {
	c, err := scanCycle(s.queryRow(ctx, "SELECT "+cycleColumns+" FROM msc_cycles c WHERE c.community_id = ? AND c.id = ?", communityID, id))
	return c, s.classify(err)
}

// MSCCycles lists the community's cycles, the latest period first.
func (s *Store) MSCCycles(ctx context.Context, communityID string) ([]commons.MSCCycle, error) {
	rows, err := s.query(ctx, "SELECT "+cycleColumns+" FROM msc_cycles c WHERE c.community_id = ? ORDER BY c.period_to DESC, c.id DESC LIMIT 500", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.MSCCycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

const storyColumns = `s.id, s.community_id, s.cycle_id, s.teller_kind, COALESCE(s.teller_user_id, ''),
	CASE WHEN s.teller_user_id IS NOT NULL THEN COALESCE((SELECT u.name FROM users u WHERE u.id = s.teller_user_id), '') ELSE s.teller_name END,
	COALESCE(s.teller_org_id, ''), COALESCE(o.name, ''), COALESCE(o.sector, ''), COALESCE(s.collector_id, ''),
	COALESCE((SELECT u.name FROM users u WHERE u.id = s.collector_id), ''), s.consent, s.consent_date, s.happened_when, s.happened_where,
	s.domain, s.title, s.body, s.why, s.language, s.theme, s.created_at, s.updated_at`

const storyFrom = ` FROM msc_stories s LEFT JOIN organizations o ON o.community_id = s.community_id AND o.id = s.teller_org_id`

func scanStory(row interface{ Scan(...any) error }) (commons.Story, error) {
	var st commons.Story
	var sector string
	err := row.Scan(&st.ID, &st.CommunityID, &st.CycleID, &st.TellerKind, &st.TellerUserID, &st.TellerName, &st.TellerOrgID, &st.TellerOrgName,
		&sector, &st.CollectorID, &st.CollectorName, &st.Consent, &st.ConsentDate, &st.When, &st.Where, &st.Domain, &st.Title, &st.Text, &st.Why,
		&st.Language, &st.Theme, &st.CreatedAt, &st.UpdatedAt)
	st.Sector = sector
	if st.Sector == "" {
		st.Sector, st.TellerOrgID = commons.CitizenSector, ""
	}
	return st, err
}

func insertLinks(ctx context.Context, t tx, st commons.Story) error {
	if _, err := t.exec(ctx, `DELETE FROM msc_story_links WHERE community_id = ? AND story_id = ?`, st.CommunityID, st.ID); err != nil {
		return err
	}
	for _, l := range st.Links {
		if _, err := t.exec(ctx, `INSERT INTO msc_story_links (community_id, story_id, subject_type, subject_id) VALUES (?, ?, ?, ?)`,
			st.CommunityID, st.ID, l.Type, l.ID); err != nil {
			return err
		}
	}
	return nil
}

// collectingGuard is the condition that a story's cycle still collects:
// a story is written and changed only then, checked in the statement
// itself so that a cycle moved on meanwhile refuses it.
const collectingGuard = ` AND EXISTS (SELECT 1 FROM msc_cycles c WHERE c.community_id = ? AND c.id = ? AND c.status = 'collecting')`

// AddStory saves a story with its links, while its cycle collects.
func (s *Store) AddStory(ctx context.Context, st commons.Story) (commons.Story, error) {
	st.ID = newID()
	st.CreatedAt, st.UpdatedAt = s.now(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `INSERT INTO msc_stories (community_id, id, cycle_id, teller_kind, teller_user_id, teller_name, teller_org_id,
			collector_id, consent, consent_date, happened_when, happened_where, domain, title, body, why, language, theme, created_at, updated_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE 1 = 1`+collectingGuard,
			st.CommunityID, st.ID, st.CycleID, st.TellerKind, nullText(st.TellerUserID), st.TellerName, nullText(st.TellerOrgID),
			nullText(st.CollectorID), st.Consent, st.ConsentDate, st.When, st.Where, st.Domain, st.Title, st.Text, st.Why, st.Language, st.Theme,
			st.CreatedAt, st.UpdatedAt, st.CommunityID, st.CycleID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.msc.not_collecting")
		}
		return insertLinks(ctx, t, st)
	})
	return st, err
}

// UpdateStory rewrites a story and its links, while its cycle collects.
func (s *Store) UpdateStory(ctx context.Context, st commons.Story) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, `UPDATE msc_stories SET teller_kind = ?, teller_user_id = ?, teller_name = ?, teller_org_id = ?, consent = ?,
			consent_date = ?, happened_when = ?, happened_where = ?, domain = ?, title = ?, body = ?, why = ?, language = ?, theme = ?, updated_at = ?
			WHERE community_id = ? AND id = ?`+collectingGuard,
			st.TellerKind, nullText(st.TellerUserID), st.TellerName, nullText(st.TellerOrgID), st.Consent, st.ConsentDate, st.When, st.Where,
			st.Domain, st.Title, st.Text, st.Why, st.Language, st.Theme, t.now(), st.CommunityID, st.ID, st.CommunityID, st.CycleID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.msc.not_collecting")
		}
		return insertLinks(ctx, t, st)
	})
}

// storyLinks fills the stories' links with their names.
func (s *Store) storyLinks(ctx context.Context, communityID string, stories []commons.Story) error {
	// In chunks: a cycle's stories are read whole, and one IN list of all
	// of them would pass the engines' limit on parameters.
	const chunk = 500
	for from := 0; from < len(stories); from += chunk {
		if err := s.storyLinksOf(ctx, communityID, stories[from:min(from+chunk, len(stories))]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) storyLinksOf(ctx context.Context, communityID string, stories []commons.Story) error {
	if len(stories) == 0 {
		return nil
	}
	at := map[string]int{}
	args := []any{communityID}
	marks := make([]string, 0, len(stories))
	for i, st := range stories {
		at[st.ID] = i
		args = append(args, st.ID)
		marks = append(marks, "?")
	}
	rows, err := s.query(ctx, `SELECT l.story_id, l.subject_type, l.subject_id, COALESCE(CASE l.subject_type
			WHEN 'initiative' THEN (SELECT i.title FROM initiatives i WHERE i.community_id = l.community_id AND i.id = l.subject_id)
			WHEN 'activity' THEN (SELECT a.title FROM activities a WHERE a.community_id = l.community_id AND a.id = l.subject_id)
			WHEN 'partnership' THEN (SELECT i.title FROM partnerships p JOIN initiatives i ON i.community_id = p.community_id AND i.id = p.initiative_id
				WHERE p.community_id = l.community_id AND p.id = l.subject_id) END, '')
		FROM msc_story_links l WHERE l.community_id = ? AND l.story_id IN (`+strings.Join(marks, ", ")+`) ORDER BY l.subject_type, l.subject_id`, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var l commons.StoryLink
		if err := rows.Scan(&id, &l.Type, &l.ID, &l.Name); err != nil {
			return s.classify(err)
		}
		stories[at[id]].Links = append(stories[at[id]].Links, l)
	}
	return s.classify(rows.Err())
}

// Story returns one story of the community, with its links.
func (s *Store) Story(ctx context.Context, communityID, id string) (commons.Story, error) {
	st, err := scanStory(s.queryRow(ctx, "SELECT "+storyColumns+storyFrom+" WHERE s.community_id = ? AND s.id = ?", communityID, id))
	if err != nil {
		return st, s.classify(err)
	}
	list := []commons.Story{st}
	err = s.storyLinks(ctx, communityID, list)
	return list[0], err
}

// Stories lists a cycle's stories that pass the filter, the oldest first
// (the order they were told), with their links. The reader's view of
// them (consent, anonymity) is the use case's to decide. Every story is
// read, without a bound: choosing candidates, checking a cycle's domains
// and counting need them all, and a cut would hide stories silently (a
// cycle of Most Significant Change gathers hundreds, not millions). Pages
// show them a page at a time (app.StoriesPerPage).
func (s *Store) Stories(ctx context.Context, communityID, cycleID string, f commons.StoryFilter) ([]commons.Story, error) {
	conds := []string{"s.community_id = ?", "s.cycle_id = ?"}
	args := []any{communityID, cycleID}
	for _, c := range []struct{ col, val string }{{"s.domain", f.Domain}, {"s.language", f.Language}, {"s.theme", f.Theme}} {
		if c.val != "" {
			conds, args = append(conds, c.col+" = ?"), append(args, c.val)
		}
	}
	if f.Sector == commons.CitizenSector {
		conds = append(conds, "o.sector IS NULL")
	} else if f.Sector != "" {
		conds, args = append(conds, "o.sector = ?"), append(args, f.Sector)
	}
	selected := "EXISTS (SELECT 1 FROM msc_selections x WHERE x.community_id = s.community_id AND x.story_id = s.id)"
	switch f.Selected {
	case "yes":
		conds = append(conds, selected)
	case "no":
		conds = append(conds, "NOT "+selected)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + strings.ToLower(q) + "%"
		conds = append(conds, "(LOWER(s.title) LIKE ? OR LOWER(s.body) LIKE ? OR LOWER(s.why) LIKE ?)")
		args = append(args, like, like, like)
	}
	return s.storyList(ctx, communityID, "SELECT "+storyColumns+storyFrom+" WHERE "+strings.Join(conds, " AND ")+" ORDER BY s.created_at, s.id", args...)
}

// storyList runs a query of stories and fills their links.
func (s *Store) storyList(ctx context.Context, communityID, q string, args ...any) ([]commons.Story, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	return out, s.storyLinks(ctx, communityID, out)
}

// CreatePanel saves a panel with its members.
func (s *Store) CreatePanel(ctx context.Context, p commons.MSCPanel) (commons.MSCPanel, error) {
	p.ID, p.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO msc_panels (community_id, id, cycle_id, name, level, scope_type, scope_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.CommunityID, p.ID, p.CycleID, p.Name, p.Level, p.ScopeType, p.ScopeID, p.CreatedAt); err != nil {
			return err
		}
		for _, m := range p.Members {
			if _, err := t.exec(ctx, `INSERT INTO msc_panel_members (community_id, panel_id, user_id) VALUES (?, ?, ?)`,
				p.CommunityID, p.ID, m.UserID); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

// Panels lists a cycle's panels, the lowest level first, with their
// members.
func (s *Store) Panels(ctx context.Context, communityID, cycleID string) ([]commons.MSCPanel, error) {
	rows, err := s.query(ctx, `SELECT p.id, p.community_id, p.cycle_id, p.name, p.level, p.scope_type, p.scope_id, `+scopeNameOf("p")+`, p.created_at
		FROM msc_panels p WHERE p.community_id = ? AND p.cycle_id = ? ORDER BY p.level, p.created_at, p.id`, communityID, cycleID)
	if err != nil {
		return nil, s.classify(err)
	}
	var out []commons.MSCPanel
	at := map[string]int{}
	for rows.Next() {
		var p commons.MSCPanel
		if err := rows.Scan(&p.ID, &p.CommunityID, &p.CycleID, &p.Name, &p.Level, &p.ScopeType, &p.ScopeID, &p.ScopeName, &p.CreatedAt); err != nil {
			rows.Close()
			return nil, s.classify(err)
		}
		at[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	mrows, err := s.query(ctx, `SELECT m.panel_id, m.user_id, u.name FROM msc_panel_members m JOIN msc_panels p ON p.community_id = m.community_id
		AND p.id = m.panel_id JOIN users u ON u.id = m.user_id WHERE m.community_id = ? AND p.cycle_id = ? ORDER BY u.name, u.id`, communityID, cycleID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var pid string
		var m commons.PanelMember
		if err := mrows.Scan(&pid, &m.UserID, &m.Name); err != nil {
			return nil, s.classify(err)
		}
		if i, ok := at[pid]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	return out, s.classify(mrows.Err())
}

const selectionColumns = `x.id, x.community_id, x.cycle_id, x.panel_id, p.name, p.level, x.domain, x.story_id, st.title, x.method,
	x.votes_for, x.votes_against, x.abstained, x.reasons, x.dissent, COALESCE(x.dissent_by, ''),
	COALESCE((SELECT u.name FROM users u WHERE u.id = x.dissent_by), ''), COALESCE(x.selected_by, ''), x.created_at`

const selectionFrom = ` FROM msc_selections x JOIN msc_panels p ON p.community_id = x.community_id AND p.id = x.panel_id
	JOIN msc_stories st ON st.community_id = x.community_id AND st.id = x.story_id`

func scanSelection(row interface{ Scan(...any) error }) (commons.Selection, error) {
	var x commons.Selection
	err := row.Scan(&x.ID, &x.CommunityID, &x.CycleID, &x.PanelID, &x.PanelName, &x.Level, &x.Domain, &x.StoryID, &x.StoryTitle, &x.Method,
		&x.VotesFor, &x.VotesAgainst, &x.Abstained, &x.Reasons, &x.Dissent, &x.DissentBy, &x.DissentByName, &x.SelectedBy, &x.CreatedAt)
	return x, err
}

// Select saves a panel's choice in a domain with the feedback it sends
// and the notifications that carry it, in one transaction, while the
// cycle selects. A panel that already chose in the domain is a conflict.
func (s *Store) Select(ctx context.Context, x commons.Selection, feedback []commons.Feedback, notes []commons.Notification) (commons.Selection, error) {
	x.ID, x.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		var n int
		if err := t.QueryRowContext(ctx, t.d.rebind(`SELECT COUNT(*) FROM msc_selections WHERE community_id = ? AND panel_id = ? AND domain = ?`),
			x.CommunityID, x.PanelID, x.Domain).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return commons.Errorf(commons.CodeConflict, "error.msc.already_selected")
		}
		res, err := t.exec(ctx, `INSERT INTO msc_selections (community_id, id, cycle_id, panel_id, domain, story_id, method, votes_for, votes_against,
			abstained, reasons, dissent, dissent_by, selected_by, created_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM msc_cycles c WHERE c.community_id = ? AND c.id = ? AND c.status = 'selecting')`,
			x.CommunityID, x.ID, x.CycleID, x.PanelID, x.Domain, x.StoryID, x.Method, x.VotesFor, x.VotesAgainst, x.Abstained, x.Reasons, x.Dissent,
			nullText(x.DissentBy), nullText(x.SelectedBy), x.CreatedAt, x.CommunityID, x.CycleID)
		if err != nil {
			if t.d.isUniqueViolation(err) {
				return commons.Errorf(commons.CodeConflict, "error.msc.already_selected")
			}
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return commons.Errorf(commons.CodeConflict, "error.msc.not_selecting")
		}
		for _, f := range feedback {
			if _, err := t.exec(ctx, `INSERT INTO msc_feedback (community_id, selection_id, user_id, role, created_at) VALUES (?, ?, ?, ?, ?)`,
				x.CommunityID, x.ID, f.UserID, f.Role, x.CreatedAt); err != nil {
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
	return x, err
}

// Selections lists the selections of a cycle (cycleID) or of every cycle
// of the community (cycleID ""), the lowest level first.
func (s *Store) Selections(ctx context.Context, communityID, cycleID string) ([]commons.Selection, error) {
	q := "SELECT " + selectionColumns + selectionFrom + " WHERE x.community_id = ?"
	args := []any{communityID}
	if cycleID != "" {
		q, args = q+" AND x.cycle_id = ?", append(args, cycleID)
	}
	rows, err := s.query(ctx, q+" ORDER BY p.level, x.domain, x.created_at, x.id LIMIT 5000", args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Selection
	for rows.Next() {
		x, err := scanSelection(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, x)
	}
	return out, s.classify(rows.Err())
}

// Feedback lists who was told of a cycle's selections.
func (s *Store) Feedback(ctx context.Context, communityID, cycleID string) ([]commons.Feedback, error) {
	rows, err := s.query(ctx, `SELECT f.selection_id, f.user_id, u.name, f.role, f.created_at FROM msc_feedback f
		JOIN msc_selections x ON x.community_id = f.community_id AND x.id = f.selection_id JOIN users u ON u.id = f.user_id
		WHERE f.community_id = ? AND x.cycle_id = ? ORDER BY f.created_at, f.selection_id, f.user_id`, communityID, cycleID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Feedback
	for rows.Next() {
		var f commons.Feedback
		if err := rows.Scan(&f.SelectionID, &f.UserID, &f.Name, &f.Role, &f.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, f)
	}
	return out, s.classify(rows.Err())
}

// AddVerification saves a note on how a story was checked.
func (s *Store) AddVerification(ctx context.Context, communityID string, v commons.Verification) (commons.Verification, error) {
	v.ID, v.CreatedAt = newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `INSERT INTO msc_verifications (community_id, id, story_id, checked_by, how, note, checked_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, communityID, v.ID, v.StoryID, nullText(v.CheckedBy), v.How, v.Note, v.CheckedOn, v.CreatedAt)
		return err
	})
	return v, err
}

// Verifications lists the notes on a story, the earliest first.
func (s *Store) Verifications(ctx context.Context, communityID, storyID string) ([]commons.Verification, error) {
	rows, err := s.query(ctx, `SELECT v.id, v.story_id, COALESCE(v.checked_by, ''), COALESCE(u.name, ''), v.how, v.note, v.checked_on, v.created_at
		FROM msc_verifications v LEFT JOIN users u ON u.id = v.checked_by WHERE v.community_id = ? AND v.story_id = ?
		ORDER BY v.checked_on, v.created_at, v.id`, communityID, storyID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Verification
	for rows.Next() {
		var v commons.Verification
		if err := rows.Scan(&v.ID, &v.StoryID, &v.CheckedBy, &v.CheckedByName, &v.How, &v.Note, &v.CheckedOn, &v.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, v)
	}
	return out, s.classify(rows.Err())
}

// PanelCycle returns the cycle a panel of the community belongs to.
func (s *Store) PanelCycle(ctx context.Context, communityID, panelID string) (string, error) {
	var id string
	err := s.queryRow(ctx, `SELECT cycle_id FROM msc_panels WHERE community_id = ? AND id = ?`, communityID, panelID).Scan(&id)
	return id, s.classify(err)
}

// StoriesAbout lists the stories a partner report may attach first: told
// in a cycle about the partnership or its initiative, or linked to either,
// the newest first (at most limit).
func (s *Store) StoriesAbout(ctx context.Context, communityID, partnershipID, initiativeID string, limit int) ([]commons.Story, error) {
	return s.storyList(ctx, communityID, "SELECT "+storyColumns+storyFrom+` JOIN msc_cycles c ON c.community_id = s.community_id AND c.id = s.cycle_id
		WHERE s.community_id = ? AND ((c.scope_type = 'partnership' AND c.scope_id = ?) OR (c.scope_type = 'initiative' AND c.scope_id = ?)
			OR EXISTS (SELECT 1 FROM msc_story_links l WHERE l.community_id = s.community_id AND l.story_id = s.id
				AND ((l.subject_type = 'partnership' AND l.subject_id = ?) OR (l.subject_type = 'initiative' AND l.subject_id = ?))))
		ORDER BY s.created_at DESC, s.id LIMIT ?`, communityID, partnershipID, initiativeID, partnershipID, initiativeID, limit)
}
