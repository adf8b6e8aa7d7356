package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// Candidates are gathered here and judged by commons.Rank: the store's
// part is to find what could answer (by words, through the full-text
// index for resources, and by kind) and to state the facts the filters
// and the score need, each as a column of the same query.

// maxCandidates bounds each kind of candidate gathered for one seeker.
const maxCandidates = 300

// NeedSeeker loads an initiative's need as a seeker: its team are its
// people, the lead organization's sector its sector.
func (s *Store) NeedSeeker(ctx context.Context, communityID, id string) (commons.Seeker, error) {
	sk := commons.Seeker{Type: commons.SubjectNeed, ID: id}
	var title, status string
	var quantity sql.NullInt64
	err := s.queryRow(ctx, `SELECT n.kind, n.description, n.quantity, i.title, n.status, COALESCE(o.sector, '')
		FROM needs n JOIN `+shown(commons.SubjectInitiative, "i")+` ON i.community_id = n.community_id AND i.id = n.initiative_id
		LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.lead_org_id
		WHERE n.community_id = ? AND n.id = ?`, communityID, id).Scan(&sk.Kind, &sk.Title, &quantity, &title, &status, &sk.Sector)
	if err != nil {
		return sk, s.classify(err)
	}
	sk.Text = sk.Title + "\n" + title
	if quantity.Valid && sk.Kind == commons.KindSpace {
		sk.Quantity = int(quantity.Int64)
	}
	sk.People, err = s.userIDList(ctx, `SELECT t.user_id FROM initiative_team t JOIN needs n ON n.community_id = t.community_id
		AND n.initiative_id = t.initiative_id WHERE n.community_id = ? AND n.id = ?`, communityID, id)
	return sk, err
}

// ProposalSeeker loads a learner's proposal as a seeker of teachers and
// places: those who want to learn are its people.
func (s *Store) ProposalSeeker(ctx context.Context, communityID, id string) (commons.Seeker, error) {
	sk := commons.Seeker{Type: commons.SubjectProposal, ID: id}
	var description, themes string
	err := s.queryRow(ctx, "SELECT title, description, themes FROM "+shown(commons.SubjectProposal, "p")+" WHERE community_id = ? AND id = ?", communityID, id).
		Scan(&sk.Title, &description, &themes)
	if err != nil {
		return sk, s.classify(err)
	}
	sk.Text = strings.Join([]string{sk.Title, description, strings.ReplaceAll(strings.Trim(themes, "\n"), "\n", ", ")}, "\n")
	sk.People, err = s.userIDList(ctx, `SELECT user_id FROM proposal_interest WHERE community_id = ? AND proposal_id = ? AND role = 'learn'`,
		communityID, id)
	return sk, err
}

// IntentSeeker is an offer or request as a seeker: its author (or its
// organization's people) are its people; a slot is known when it gives
// both dates.
func (s *Store) IntentSeeker(ctx context.Context, i commons.Intent) (commons.Seeker, error) {
	sk := commons.Seeker{Type: commons.SubjectIntent, ID: i.ID, Title: i.Title, Kind: i.Kind,
		Text: i.Title + "\n" + i.Description + "\n" + strings.Join(i.Themes, ", "), Languages: i.Languages, Online: i.Online,
		Latitude: i.Latitude, Longitude: i.Longitude, Quantity: i.Quantity, Sector: i.OwnerSector}
	if i.From != nil && i.Until != nil {
		sk.Slot = &commons.TimeSlot{Start: *i.From, End: *i.Until}
	}
	var err error
	if i.OwnerOrgID != "" {
		sk.People, err = s.userIDList(ctx, "SELECT user_id FROM organization_members WHERE community_id = ? AND organization_id = ?",
			i.CommunityID, i.OwnerOrgID)
	} else if i.CreatedBy != "" {
		sk.People = []string{i.CreatedBy}
	}
	return sk, err
}

func (s *Store) userIDList(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, id)
	}
	return out, s.classify(rows.Err())
}

// CandidateQuery asks for the candidates of one seeker.
type CandidateQuery struct {
	Community commons.Community
	Seeker    commons.Seeker
	// Stems are the words to look for: the seeker's, with synonyms.
	Stems []string
	// Reverse gathers, for an offer, the needs, proposals and requests it
	// could meet; otherwise the offers, resources and teachers that could
	// answer the seeker.
	Reverse bool
	Now     time.Time
}

// facts are the columns every candidate query ends with, about the
// candidate's owner (owner is its SQL expression) and the pair: open
// pledges they carry, a steward's trust, a block either way with the
// seeker's people, and a decision already taken on the pair.
func facts(q CandidateQuery, candType commons.SubjectType, idExpr, owner string) (string, []any) {
	people := q.Seeker.People
	if len(people) == 0 {
		people = []string{""}
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(people)), ", ")
	sqlText := `, (SELECT COUNT(*) FROM pledges pl WHERE pl.community_id = ? AND pl.user_id = ` + owner + ` AND pl.status IN ('pending', 'accepted')),
		EXISTS (SELECT 1 FROM role_trust t JOIN member_roles g ON g.community_id = t.community_id AND g.user_id = t.giver_id AND g.role = 'steward'
			WHERE t.community_id = ? AND t.receiver_id = ` + owner + `),
		EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = ` + owner + ` AND b.blocked_id IN (` + in + `))
			OR (b.blocked_id = ` + owner + ` AND b.blocker_id IN (` + in + `))),
		EXISTS (SELECT 1 FROM match_decisions d WHERE d.community_id = ? AND d.seeker_type = ? AND d.seeker_id = ?
			AND d.candidate_type = ? AND d.candidate_id = ` + idExpr + `)`
	args := []any{q.Community.ID, q.Community.ID}
	for range 2 {
		for _, p := range people {
			args = append(args, p)
		}
	}
	args = append(args, q.Community.ID, q.Seeker.Type, q.Seeker.ID, candType)
	return sqlText, args
}

// likeAny is a condition that text (kept in lower case) holds any of the
// stems, and its arguments.
func likeAny(column string, stems []string) (string, []any) {
	if len(stems) == 0 {
		return "FALSE", nil
	}
	var parts []string
	var args []any
	for _, st := range stems {
		parts = append(parts, column+` LIKE ? ESCAPE '\'`)
		args = append(args, "%"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(st)+"%")
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// MatchCandidates gathers the candidates of a seeker with their facts.
func (s *Store) MatchCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	var out []commons.Candidate
	add := func(cs []commons.Candidate, err error) error {
		out = append(out, cs...)
		return err
	}
	if q.Reverse {
		if err := add(s.needCandidates(ctx, q)); err != nil {
			return nil, err
		}
		if err := add(s.proposalCandidates(ctx, q)); err != nil {
			return nil, err
		}
		return out, add(s.intentCandidates(ctx, q, commons.IntentRequest))
	}
	if err := add(s.intentCandidates(ctx, q, commons.IntentOffer)); err != nil {
		return nil, err
	}
	if err := add(s.resourceCandidates(ctx, q)); err != nil {
		return nil, err
	}
	if err := add(s.organizationCandidates(ctx, q)); err != nil {
		return nil, err
	}
	if q.Seeker.Type == commons.SubjectProposal {
		if err := add(s.activityCandidates(ctx, q)); err != nil {
			return nil, err
		}
	}
	return out, add(s.teacherCandidates(ctx, q))
}

// organizationCandidates finds organizations of any sector whose own
// words (name and description: what they do and give) hold the seeker's.
// Their resources and offers are candidates of their own, so they do not
// bring the organization in twice. The first of its admins is answerable
// for it; all its admins may act for it (Answerable), and all of them are
// asked when someone asks it.
func (s *Store) organizationCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	if len(q.Stems) == 0 {
		return nil, nil
	}
	owner := `COALESCE((SELECT MIN(om.user_id) FROM organization_members om WHERE om.community_id = o.community_id
		AND om.organization_id = o.id AND om.role = 'admin'), '')`
	f, fargs := facts(q, commons.SubjectOrganization, "o.id", owner)
	own, oargs := likeAny("o.search_text", q.Stems)
	query := `SELECT o.id, '', o.name, o.search_text, '', FALSE, NULL, NULL, NULL, FALSE, FALSE, (o.moderation <> 'visible' OR o.archived_at IS NOT NULL), ` +
		owner + `, o.name, o.sector, o.created_at` + f + ` FROM organizations o WHERE o.community_id = ? AND ` + own + ` ORDER BY o.id LIMIT ?`
	args := append(append(append(fargs, q.Community.ID), oargs...), maxCandidates)
	cands, err := s.candidateRows(ctx, commons.SubjectOrganization, query, args)
	if err != nil || len(cands) == 0 {
		return cands, err
	}
	at := map[string]int{}
	ids := []any{q.Community.ID}
	for n, c := range cands {
		at[c.ID] = n
		ids = append(ids, c.ID)
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(cands)), ", ")
	rows, err := s.query(ctx, `SELECT organization_id, user_id FROM organization_members WHERE community_id = ? AND role = 'admin'
		AND organization_id IN (`+in+`) ORDER BY user_id`, ids...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var org, admin string
		if err := rows.Scan(&org, &admin); err != nil {
			return nil, s.classify(err)
		}
		if c := &cands[at[org]]; admin != c.OwnerUserID {
			c.Answerable = append(c.Answerable, admin)
		}
	}
	return cands, s.classify(rows.Err())
}

// activityCandidates finds activities still to come whose words meet a
// learner's request: the next occurrence of each series.
func (s *Store) activityCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	if len(q.Stems) == 0 {
		return nil, nil
	}
	owner := "COALESCE(a.created_by, '')"
	f, fargs := facts(q, commons.SubjectActivity, "a.id", owner)
	words, wargs := likeAny("LOWER(a.title || ' ' || a.description || ' ' || a.themes)", q.Stems)
	query := `SELECT a.id, '', a.title, a.title || ' ' || a.description || ' ' || a.themes, a.languages, a.online_url <> '', NULL, NULL, a.capacity,
		FALSE, FALSE, FALSE, ` + owner + `, COALESCE(u.name, ''), '', a.created_at` + f + ` FROM ` + shown(commons.SubjectActivity, "a") + `
		LEFT JOIN users u ON u.id = a.created_by
		WHERE a.community_id = ? AND a.status = 'scheduled' AND a.starts_at > ? AND ` + words + `
		AND NOT EXISTS (SELECT 1 FROM activities b WHERE b.community_id = a.community_id AND b.series_id = a.series_id
			AND b.status = 'scheduled' AND b.starts_at > ? AND b.starts_at < a.starts_at)
		ORDER BY a.starts_at, a.id LIMIT ?`
	args := append(append(append(fargs, q.Community.ID, q.Now.UTC()), wargs...), q.Now.UTC(), maxCandidates)
	return s.candidateRows(ctx, commons.SubjectActivity, query, args)
}

// candidateRows runs a candidate query whose columns are: id, kind,
// title, text, languages, online, latitude, longitude, capacity,
// bookable, busy, hidden, owner, owner's name, owner's sector, created,
// then facts.
func (s *Store) candidateRows(ctx context.Context, typ commons.SubjectType, query string, args []any) ([]commons.Candidate, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Candidate
	for rows.Next() {
		c := commons.Candidate{Type: typ, Visible: true}
		var langs string
		var lat, lng sql.NullFloat64
		var capacity sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Kind, &c.Title, &c.Text, &langs, &c.Online, &lat, &lng, &capacity, &c.Bookable, &c.Busy, &c.Hidden,
			&c.OwnerUserID, &c.OwnerName, &c.OwnerSector, anyTime{&c.CreatedAt}, &c.Commitments, &c.Trusted, &c.Blocked, &c.Declined); err != nil {
			return nil, s.classify(err)
		}
		c.Languages = lines(langs)
		if lat.Valid && lng.Valid {
			c.Latitude, c.Longitude = &lat.Float64, &lng.Float64
		}
		c.Capacity = intPtr(capacity)
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// resourceCandidates finds resources by the full-text index (any stem,
// in the community's languages) or, for things of a definite kind, by kind.
func (s *Store) resourceCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	var conds []string
	var args []any
	busy, busyArgs := "FALSE", []any(nil)
	if q.Seeker.Slot != nil {
		busy = `EXISTS (SELECT 1 FROM bookings b WHERE b.community_id = r.community_id AND b.resource_id = r.id AND b.status = 'confirmed'
			AND b.starts_at < ? AND b.ends_at > ?)`
		busyArgs = []any{q.Seeker.Slot.End.UTC(), q.Seeker.Slot.Start.UTC()}
	}
	owner := "COALESCE(r.owner_user_id, r.created_by, '')"
	f, fargs := facts(q, commons.SubjectResource, "r.id", owner)
	query := `SELECT r.id, r.kind, r.title, r.title || ' ' || r.description, '', FALSE, r.latitude, r.longitude, r.capacity, r.bookable, ` +
		busy + `, (r.moderation <> 'visible' OR r.archived_at IS NOT NULL), ` + owner + `, COALESCE(o.name, u.name, ''), COALESCE(o.sector, ''), r.created_at` + f +
		` FROM resources r LEFT JOIN organizations o ON o.community_id = r.community_id AND o.id = r.owner_org_id
		LEFT JOIN users u ON u.id = r.owner_user_id WHERE r.community_id = ? AND ` + resourceShown + ` AND (`
	args = append(append(append(args, busyArgs...), fargs...), q.Community.ID)
	for _, st := range q.Stems {
		c, a := s.d.resourceSearch(q.Community.ID, q.Community.Languages, st)
		conds, args = append(conds, c), append(args, a...)
	}
	if k := q.Seeker.Kind; k != "" && k != commons.KindOther && k != commons.KindSkill && k != commons.KindExpertise {
		conds, args = append(conds, "r.kind = ?"), append(args, k)
	}
	if len(conds) == 0 {
		return nil, nil
	}
	query += strings.Join(conds, " OR ") + ") ORDER BY r.id LIMIT ?"
	return s.candidateRows(ctx, commons.SubjectResource, query, append(args, maxCandidates))
}

// intentCandidates finds live offers (or requests) by their words or kind.
func (s *Store) intentCandidates(ctx context.Context, q CandidateQuery, dir commons.IntentDirection) ([]commons.Candidate, error) {
	owner := "COALESCE(i.created_by, '')"
	f, fargs := facts(q, commons.SubjectIntent, "i.id", owner)
	words, wargs := likeAny("i.search_text", q.Stems)
	cond, cargs := words, wargs
	if k := q.Seeker.Kind; k != "" && k != commons.KindOther {
		cond, cargs = "("+words+" OR i.kind = ?)", append(wargs, k)
	}
	query := `SELECT i.id, i.kind, i.title, i.search_text, i.languages, i.online, i.latitude, i.longitude, NULL, FALSE, FALSE, FALSE, ` +
		owner + `, COALESCE(o.name, u.name, ''), COALESCE(o.sector, ''), i.created_at` + f +
		` FROM ` + shown(commons.SubjectIntent, "i") + ` LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.owner_org_id
		LEFT JOIN users u ON u.id = i.owner_user_id
		WHERE i.community_id = ? AND i.direction = ? AND i.status IN ('open', 'answered') AND (i.ends_at IS NULL OR i.ends_at > ?)
		AND ` + cond + ` ORDER BY i.created_at DESC LIMIT ?`
	args := append(append(fargs, q.Community.ID, dir, q.Now.UTC()), cargs...)
	return s.candidateRows(ctx, commons.SubjectIntent, query, append(args, maxCandidates))
}

// teacherCandidates finds active members who can teach something in the
// seeker's words; people are candidates only for know-how.
func (s *Store) teacherCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	switch q.Seeker.Kind {
	case "", commons.KindSkill, commons.KindExpertise, commons.KindTime:
	default:
		return nil, nil
	}
	if len(q.Stems) == 0 {
		return nil, nil
	}
	f, fargs := facts(q, commons.CandidatePerson, "p.user_id", "p.user_id")
	words, wargs := likeAny("p.teaches", q.Stems)
	query := `SELECT p.user_id, 'skill', u.name, p.teaches, p.languages, FALSE, NULL, NULL, NULL, FALSE, FALSE, FALSE, p.user_id, u.name, '', p.updated_at` + f +
		` FROM learning_profiles p JOIN users u ON u.id = p.user_id
		JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id AND m.status = 'active'
		WHERE p.community_id = ? AND u.suspended_at IS NULL AND ` + words + ` ORDER BY p.user_id LIMIT ?`
	args := append(append(fargs, q.Community.ID), wargs...)
	return s.candidateRows(ctx, commons.CandidatePerson, query, append(args, maxCandidates))
}

// needCandidates finds open needs of initiatives under way, for an offer.
func (s *Store) needCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	owner := "COALESCE(i.lead_user_id, i.created_by, '')"
	f, fargs := facts(q, commons.SubjectNeed, "n.id", owner)
	words, wargs := likeAny("LOWER(n.description || ' ' || i.title)", q.Stems)
	cond, cargs := words, wargs
	if k := q.Seeker.Kind; k != "" && k != commons.KindOther && k != commons.KindSkill {
		cond, cargs = "("+words+" OR n.kind = ?)", append(wargs, k)
	}
	query := `SELECT n.id, n.kind, n.description, n.description || ' ' || i.title, '', FALSE, NULL, NULL, NULL, FALSE, FALSE, FALSE, ` +
		owner + `, COALESCE(o.name, ''), COALESCE(o.sector, ''), n.created_at` + f +
		` FROM needs n JOIN ` + shown(commons.SubjectInitiative, "i") + ` ON i.community_id = n.community_id AND i.id = n.initiative_id
		LEFT JOIN organizations o ON o.community_id = i.community_id AND o.id = i.lead_org_id
		WHERE n.community_id = ? AND n.status <> 'met' AND n.withdrawn_at IS NULL AND i.status <> 'completed' AND ` + notArchived("i") + ` AND ` + cond + ` ORDER BY n.id LIMIT ?`
	args := append(append(fargs, q.Community.ID), cargs...)
	return s.candidateRows(ctx, commons.SubjectNeed, query, append(args, maxCandidates))
}

// proposalCandidates finds learners' proposals still waiting for an
// activity, for an offer of know-how, time or a space.
func (s *Store) proposalCandidates(ctx context.Context, q CandidateQuery) ([]commons.Candidate, error) {
	switch q.Seeker.Kind {
	case commons.KindSkill, commons.KindExpertise, commons.KindTime, commons.KindSpace:
	default:
		return nil, nil
	}
	owner := "COALESCE(p.created_by, '')"
	f, fargs := facts(q, commons.SubjectProposal, "p.id", owner)
	words, wargs := likeAny("LOWER(p.title || ' ' || p.description || ' ' || p.themes)", q.Stems)
	query := `SELECT p.id, '', p.title, p.title || ' ' || p.description || ' ' || p.themes, '', FALSE, NULL, NULL, NULL, FALSE, FALSE, FALSE, ` +
		owner + `, COALESCE(u.name, ''), '', p.created_at` + f +
		` FROM ` + shown(commons.SubjectProposal, "p") + ` LEFT JOIN users u ON u.id = p.created_by
		WHERE p.community_id = ? AND p.activity_id IS NULL AND ` + words + ` ORDER BY p.id LIMIT ?`
	args := append(append(fargs, q.Community.ID), wargs...)
	return s.candidateRows(ctx, commons.SubjectProposal, query, append(args, maxCandidates))
}

// CommunitySynonyms lists a community's own groups of synonyms.
func (s *Store) CommunitySynonyms(ctx context.Context, communityID string) ([][]string, error) {
	rows, err := s.query(ctx, "SELECT words FROM community_synonyms WHERE community_id = ? ORDER BY created_at, id LIMIT 500", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var words string
		if err := rows.Scan(&words); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, lines(words))
	}
	return out, s.classify(rows.Err())
}

// AddSynonyms saves a community's own group of words that mean the same.
func (s *Store) AddSynonyms(ctx context.Context, communityID string, words []string, actorID string) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		id := newID()
		if _, err := t.exec(ctx, "INSERT INTO community_synonyms (community_id, id, words, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
			communityID, id, strings.Join(words, "\n"), actorID, t.now()); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, "synonyms.add", id)
	}))
}

// MatchDecision is what was done with one suggested pair.
type MatchDecision struct {
	SeekerType           commons.SubjectType
	SeekerID             string
	CandidateType        commons.SubjectType
	CandidateID          string
	Decision             string // acted or declined
	ResultType, ResultID string
	// Outcome is what it led to (commons.Outcome…), "" while nothing has.
	Outcome string
}

// recordOutcome notes, in the transaction of the change that brought it
// about, what the acted-on suggestions whose result is one of ids (of
// resultType) led to; the first outcome stays.
func recordOutcome(ctx context.Context, t tx, communityID, resultType, outcome string, ids ...string) error {
	in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := []any{outcome, t.now(), communityID, resultType}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := t.exec(ctx, `UPDATE match_decisions SET outcome = ?, outcome_at = ? WHERE community_id = ? AND decision = 'acted'
		AND result_type = ? AND outcome = '' AND result_id IN (`+in+`)`, args...)
	return err
}

// Brokered counts what the matcher brought about in a community: the
// suggestions acted on, and how many led to each outcome.
type Brokered struct {
	Acted    int
	Outcomes map[string]int
}

// BrokeredOutcomes counts a community's acted-on suggestions and their outcomes.
func (s *Store) BrokeredOutcomes(ctx context.Context, communityID string) (Brokered, error) {
	b := Brokered{Outcomes: map[string]int{}}
	rows, err := s.query(ctx, `SELECT outcome, COUNT(*) FROM match_decisions WHERE community_id = ? AND decision = 'acted'
		GROUP BY outcome`, communityID)
	if err != nil {
		return b, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var outcome string
		var n int
		if err := rows.Scan(&outcome, &n); err != nil {
			return b, s.classify(err)
		}
		b.Acted += n
		if outcome != "" {
			b.Outcomes[outcome] = n
		}
	}
	return b, s.classify(rows.Err())
}

// DecisionOf returns what was decided on a pair, or ok false.
func (s *Store) DecisionOf(ctx context.Context, communityID string, seekerType commons.SubjectType, seekerID string,
	candType commons.SubjectType, candID string) (MatchDecision, bool, error) {
	d := MatchDecision{SeekerType: seekerType, SeekerID: seekerID, CandidateType: candType, CandidateID: candID}
	err := s.queryRow(ctx, `SELECT decision, result_type, result_id FROM match_decisions WHERE community_id = ? AND seeker_type = ?
		AND seeker_id = ? AND candidate_type = ? AND candidate_id = ?`, communityID, seekerType, seekerID, candType, candID).
		Scan(&d.Decision, &d.ResultType, &d.ResultID)
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	return d, err == nil, s.classify(err)
}

// ClaimMatch records a decision on a pair, with its notices, once: it is
// the pair's claim, so that acting twice (even at once) gives one result.
// A second claim is a conflict; the caller reads the first one's result.
func (s *Store) ClaimMatch(ctx context.Context, communityID string, d MatchDecision, actorID string, notes []commons.Notification) error {
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO match_decisions (community_id, seeker_type, seeker_id, candidate_type, candidate_id, decision,
			result_type, result_id, decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, communityID, d.SeekerType, d.SeekerID,
			d.CandidateType, d.CandidateID, d.Decision, d.ResultType, d.ResultID, actorID, t.now()); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return logAct(ctx, t, communityID, actorID, "match."+d.Decision, d.SeekerID+" "+d.CandidateID)
	})
	if s.d.isUniqueViolation(err) {
		return commons.Errorf(commons.CodeConflict, "error.match.decided")
	}
	return s.classify(err)
}

// SetMatchResult names what acting on a claimed pair made.
// and tells the other side, in one transaction.
func (s *Store) SetMatchResult(ctx context.Context, communityID string, d MatchDecision, notes []commons.Notification) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		var at any
		if d.Outcome != "" {
			at = t.now()
		}
		if _, err := t.exec(ctx, `UPDATE match_decisions SET result_type = ?, result_id = ?, outcome = ?, outcome_at = ? WHERE community_id = ?
			AND seeker_type = ? AND seeker_id = ? AND candidate_type = ? AND candidate_id = ?`, d.ResultType, d.ResultID, d.Outcome, at,
			communityID, d.SeekerType, d.SeekerID, d.CandidateType, d.CandidateID); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	}))
}

// ReleaseMatch takes back a claim whose action failed, so that nothing
// is half-done and the pair may be acted on again.
func (s *Store) ReleaseMatch(ctx context.Context, communityID string, d MatchDecision) error {
	return s.classify(s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `DELETE FROM match_decisions WHERE community_id = ? AND seeker_type = ? AND seeker_id = ? AND candidate_type = ?
			AND candidate_id = ? AND result_id = ''`, communityID, d.SeekerType, d.SeekerID, d.CandidateType, d.CandidateID)
		return err
	}))
}

// MatchSuggestion is a learning champion's suggestion of a pair to one
// side of it, with a note.
type MatchSuggestion struct {
	SeekerType    commons.SubjectType
	SeekerID      string
	CandidateType commons.SubjectType
	CandidateID   string
	Side          string // seeker or candidate
	Note          string
}

// SuggestMatch records a suggestion and the notices of the people it is
// made to, in one transaction; suggesting a pair to the same side again
// is a conflict.
func (s *Store) SuggestMatch(ctx context.Context, communityID string, m MatchSuggestion, actorID string, notes []commons.Notification) error {
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO match_suggestions (community_id, seeker_type, seeker_id, candidate_type, candidate_id, side, note,
			suggested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, communityID, m.SeekerType, m.SeekerID, m.CandidateType, m.CandidateID,
			m.Side, m.Note, actorID, t.now()); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return logAct(ctx, t, communityID, actorID, "match.suggested", m.SeekerID+" "+m.CandidateID)
	})
	if s.d.isUniqueViolation(err) {
		return commons.Errorf(commons.CodeConflict, "error.match.suggested")
	}
	return s.classify(err)
}
