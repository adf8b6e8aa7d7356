package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

const fundRoundColumns = `id, community_id, title, description, pool, unit, rule, min_choices, max_choices, min_share, tokens, token_cap,
	method, partial, voter_role, opens_at, review_at, voting_at, closes_at, published_at, COALESCE(created_by, ''), created_at,
	carried, COALESCE(carried_from, ''), COALESCE((SELECT f.title FROM fund_rounds f WHERE f.community_id = fund_rounds.community_id
		AND f.id = fund_rounds.carried_from), '')`

func scanFundRound(row interface{ Scan(...any) error }) (commons.FundRound, error) {
	var r commons.FundRound
	var published sql.NullTime
	err := row.Scan(&r.ID, &r.CommunityID, &r.Title, &r.Description, &r.Pool, &r.Unit, &r.Rule, &r.MinChoices, &r.MaxChoices,
		&r.MinShare, &r.Tokens, &r.TokenCap, &r.Method, &r.Partial, &r.VoterRole, &r.OpensAt, &r.ReviewAt, &r.VotingAt, &r.ClosesAt,
		&published, &r.CreatedBy, &r.CreatedAt, &r.Carried, &r.CarriedFrom, &r.CarriedFromTitle)
	if published.Valid {
		r.PublishedAt = &published.Time
	}
	return r, err
}

// writeFundLists replaces a round's funders, themes and reviewers.
func writeFundLists(ctx context.Context, t tx, communityID, roundID string, f commons.FundRoundFields) error {
	for _, table := range []string{"fund_funders", "fund_themes", "fund_reviewers"} {
		if _, err := t.exec(ctx, "DELETE FROM "+table+" WHERE community_id = ? AND round_id = ?", communityID, roundID); err != nil {
			return err
		}
	}
	for n, id := range f.FunderIDs {
		if _, err := t.exec(ctx, "INSERT INTO fund_funders (community_id, round_id, organization_id, position) VALUES (?, ?, ?, ?)",
			communityID, roundID, id, n); err != nil {
			return err
		}
	}
	for _, th := range f.Themes {
		if _, err := t.exec(ctx, "INSERT INTO fund_themes (community_id, round_id, theme) VALUES (?, ?, ?)", communityID, roundID, th); err != nil {
			return err
		}
	}
	for _, id := range f.ReviewerIDs {
		if _, err := t.exec(ctx, "INSERT INTO fund_reviewers (community_id, round_id, user_id) VALUES (?, ?, ?)", communityID, roundID, id); err != nil {
			return err
		}
	}
	return nil
}

// CreateFundRound opens a round, proposals first, and notes it on the
// community's record.
func (s *Store) CreateFundRound(ctx context.Context, communityID string, f commons.FundRoundFields, actorID string) (string, error) {
	id, at := newID(), s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO fund_rounds (community_id, id, title, description, pool, unit, rule, min_choices, max_choices,
			min_share, tokens, token_cap, method, partial, voter_role, opens_at, review_at, voting_at, closes_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, communityID, id, f.Title, f.Description, f.Pool, f.Unit,
			f.Rule, f.MinChoices, f.MaxChoices, f.MinShare, f.Tokens, f.TokenCap, f.Method, f.Partial, f.VoterRole, at,
			dbTime(f.ReviewAt), dbTime(f.VotingAt), dbTime(f.ClosesAt), actorID, at); err != nil {
			return err
		}
		if err := writeFundLists(ctx, t, communityID, id, f); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, "fund.opened", f.Title)
	})
	return id, err
}

// lockFundRound reads a round in a transaction and holds it until the
// transaction ends: edits, ballots and the confirmation of results on one
// round are serialised by it, so each checks what the others wrote.
func lockFundRound(ctx context.Context, t tx, communityID, id string) (commons.FundRound, error) {
	return scanFundRound(t.queryRow(ctx, "SELECT "+fundRoundColumns+" FROM fund_rounds WHERE community_id = ? AND id = ?"+t.d.forUpdate(),
		communityID, id))
}

// lockCheckedFundRound locks a round for the transaction and lets check
// refuse it as the transaction reads it.
func lockCheckedFundRound(ctx context.Context, t tx, communityID, id string, check func(commons.FundRound) error) (commons.FundRound, error) {
	r, err := lockFundRound(ctx, t, communityID, id)
	if err != nil {
		return r, err
	}
	return r, check(r)
}

// UpdateFundRound saves an edit of a round. check sees the round as the
// transaction reads it, with its rule, and may refuse (once voting opened).
func (s *Store) UpdateFundRound(ctx context.Context, communityID, id string, f commons.FundRoundFields, actorID string,
	check func(commons.FundRound) error) error {
	return s.inTx(ctx, func(t tx) error {
		if _, err := lockCheckedFundRound(ctx, t, communityID, id, check); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE fund_rounds SET title = ?, description = ?, pool = ?, unit = ?, rule = ?, min_choices = ?,
			max_choices = ?, min_share = ?, tokens = ?, token_cap = ?, method = ?, partial = ?, voter_role = ?, review_at = ?, voting_at = ?,
			closes_at = ? WHERE community_id = ? AND id = ?`, f.Title, f.Description, f.Pool, f.Unit, f.Rule, f.MinChoices, f.MaxChoices,
			f.MinShare, f.Tokens, f.TokenCap, f.Method, f.Partial, f.VoterRole, dbTime(f.ReviewAt), dbTime(f.VotingAt), dbTime(f.ClosesAt),
			communityID, id); err != nil {
			return err
		}
		if err := writeFundLists(ctx, t, communityID, id, f); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, actorID, "fund.edited", f.Title)
	})
}

// FundRoundByID returns a round with its funders, themes and reviewers.
func (s *Store) FundRoundByID(ctx context.Context, id string) (commons.FundRound, error) {
	r, err := scanFundRound(s.queryRow(ctx, "SELECT "+fundRoundColumns+" FROM fund_rounds WHERE id = ?", id))
	if err != nil {
		return r, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT o.id, o.name, o.sector FROM fund_funders f
		JOIN organizations o ON o.community_id = f.community_id AND o.id = f.organization_id
		WHERE f.community_id = ? AND f.round_id = ? ORDER BY f.position`, r.CommunityID, r.ID)
	if err != nil {
		return r, s.classify(err)
	}
	for rows.Next() {
		var f commons.FundFunder
		if err := rows.Scan(&f.OrgID, &f.Name, &f.Sector); err != nil {
			rows.Close()
			return r, s.classify(err)
		}
		r.Funders = append(r.Funders, f)
	}
	rows.Close()
	if r.Themes, err = s.strings(ctx, "SELECT theme FROM fund_themes WHERE community_id = ? AND round_id = ? ORDER BY theme", r.CommunityID, r.ID); err != nil {
		return r, err
	}
	rows, err = s.query(ctx, `SELECT u.id, u.name FROM fund_reviewers f JOIN users u ON u.id = f.user_id
		WHERE f.community_id = ? AND f.round_id = ? ORDER BY u.name, u.id`, r.CommunityID, r.ID)
	if err != nil {
		return r, s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p commons.FundPerson
		if err := rows.Scan(&p.UserID, &p.Name); err != nil {
			return r, s.classify(err)
		}
		r.Reviewers = append(r.Reviewers, p)
	}
	return r, s.classify(rows.Err())
}

// FundRounds lists a community's rounds, the newest first (at most 500).
func (s *Store) FundRounds(ctx context.Context, communityID string) ([]commons.FundRound, error) {
	rows, err := s.query(ctx, "SELECT "+fundRoundColumns+" FROM fund_rounds WHERE community_id = ? ORDER BY opens_at DESC, id DESC LIMIT 500", communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.FundRound
	for rows.Next() {
		r, err := scanFundRound(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

const fundApplicationColumns = `a.id, a.community_id, a.round_id, a.initiative_id, i.title, a.title, a.plan, a.amount, a.minimum, a.status,
	a.reason, a.reviewed_at, a.funded, a.spent, COALESCE(a.pledge_id, ''), COALESCE(a.created_by, ''), a.created_at`

const fundApplicationFrom = ` FROM fund_applications a JOIN initiatives i ON i.community_id = a.community_id AND i.id = a.initiative_id`

func scanFundApplication(row interface{ Scan(...any) error }) (commons.FundApplication, error) {
	var a commons.FundApplication
	var reviewed sql.NullTime
	err := row.Scan(&a.ID, &a.CommunityID, &a.RoundID, &a.InitiativeID, &a.InitiativeTitle, &a.Title, &a.Plan, &a.Amount, &a.Minimum,
		&a.Status, &a.Reason, &reviewed, &a.Funded, &a.Spent, &a.PledgeID, &a.CreatedBy, &a.CreatedAt)
	if reviewed.Valid {
		a.ReviewedAt = &reviewed.Time
	}
	return a, err
}

// CreateFundApplication saves an initiative's proposal to a round; a
// second one from the same initiative is a conflict.
func (s *Store) CreateFundApplication(ctx context.Context, a commons.FundApplication) (commons.FundApplication, error) {
	a.ID, a.Status, a.CreatedAt = newID(), commons.FundSubmitted, s.now()
	err := s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO fund_applications (community_id, id, round_id, initiative_id, title, plan, amount, minimum,
			status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.CommunityID, a.ID, a.RoundID, a.InitiativeID,
			a.Title, a.Plan, a.Amount, a.Minimum, a.Status, a.CreatedBy, a.CreatedAt); err != nil {
			return err
		}
		return logInitiative(ctx, t, a.CommunityID, a.InitiativeID, a.CreatedBy, "fund.proposed", a.Title)
	})
	return a, err
}

// FundApplicationByID returns one proposal.
func (s *Store) FundApplicationByID(ctx context.Context, id string) (commons.FundApplication, error) {
	a, err := scanFundApplication(s.queryRow(ctx, "SELECT "+fundApplicationColumns+fundApplicationFrom+" WHERE a.id = ?", id))
	return a, s.classify(err)
}

// FundApplications lists a round's proposals in the order they came.
func (s *Store) FundApplications(ctx context.Context, communityID, roundID string) ([]commons.FundApplication, error) {
	return s.fundApplications(ctx, s.query, communityID, roundID, "")
}

func (s *Store) fundApplications(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error),
	communityID, roundID, cond string) ([]commons.FundApplication, error) {
	rows, err := query(ctx, "SELECT "+fundApplicationColumns+fundApplicationFrom+" WHERE a.community_id = ? AND a.round_id = ?"+cond+
		" ORDER BY a.created_at, a.id LIMIT 1000", communityID, roundID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.FundApplication
	for rows.Next() {
		a, err := scanFundApplication(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}

// ReviewFundApplication records a reviewer's decision and its reason, and
// tells the proposer, in one transaction; check sees the round as the
// transaction reads it (reviews end when voting opens).
func (s *Store) ReviewFundApplication(ctx context.Context, a commons.FundApplication, status commons.FundApplicationStatus, reason,
	actorID string, check func(commons.FundRound) error, note commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		r, err := lockFundRound(ctx, t, a.CommunityID, a.RoundID)
		if err != nil {
			return err
		}
		if err := check(r); err != nil {
			return err
		}
		res, err := t.exec(ctx, "UPDATE fund_applications SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = ? WHERE community_id = ? AND id = ?",
			status, reason, actorID, s.now(), a.CommunityID, a.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if err := logInitiative(ctx, t, a.CommunityID, a.InitiativeID, actorID, "fund."+string(status), a.Title+": "+reason); err != nil {
			return err
		}
		if note.UserID == "" {
			return nil
		}
		return notify(ctx, t, note)
	})
}

// BallotCheck decides whether a ballot may be kept, from the round and its
// eligible proposals as the ballot's own transaction reads them, and the
// transaction's time.
type BallotCheck func(r commons.FundRound, eligible map[string]commons.FundApplication, now time.Time) error

// PutFundBallot keeps a person's one ballot in a round, replacing the one
// they had. The round is locked, then check runs on what this transaction
// reads, then the ballot is written: a ballot is never kept against a rule
// it was not checked against, however many arrive at once.
func (s *Store) PutFundBallot(ctx context.Context, communityID, roundID, userID string, choices []commons.FundChoice, check BallotCheck) error {
	return s.inTx(ctx, func(t tx) error {
		r, err := lockFundRound(ctx, t, communityID, roundID)
		if err != nil {
			return err
		}
		// One person's ballots queue behind each other even where the
		// round lock is shared.
		if err := t.d.lockKey(ctx, t, "fund-ballot:"+roundID+":"+userID); err != nil {
			return err
		}
		apps, err := s.fundApplications(ctx, t.query, communityID, roundID, " AND a.status = 'eligible'")
		if err != nil {
			return err
		}
		eligible := map[string]commons.FundApplication{}
		for _, a := range apps {
			eligible[a.ID] = a
		}
		now := s.now()
		if err := check(r, eligible, now); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM fund_choices WHERE community_id = ? AND round_id = ? AND user_id = ?", communityID, roundID, userID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO fund_ballots (community_id, round_id, user_id, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (community_id, round_id, user_id) DO UPDATE SET updated_at = excluded.updated_at`, communityID, roundID, userID, now); err != nil {
			return err
		}
		for _, c := range choices {
			if _, err := t.exec(ctx, "INSERT INTO fund_choices (community_id, round_id, user_id, application_id, points) VALUES (?, ?, ?, ?, ?)",
				communityID, roundID, userID, c.ApplicationID, c.Points); err != nil {
				return err
			}
		}
		return nil
	})
}

// FundBallotOf returns a person's choices in a round (none when they
// have not voted) and when they last changed them.
func (s *Store) FundBallotOf(ctx context.Context, communityID, roundID, userID string) ([]commons.FundChoice, *time.Time, error) {
	var at time.Time
	err := s.queryRow(ctx, "SELECT updated_at FROM fund_ballots WHERE community_id = ? AND round_id = ? AND user_id = ?",
		communityID, roundID, userID).Scan(&at)
	if err == sql.ErrNoRows {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, s.classify(err)
	}
	rows, err := s.query(ctx, `SELECT c.application_id, c.points FROM fund_choices c
		JOIN fund_applications a ON a.community_id = c.community_id AND a.id = c.application_id
		WHERE c.community_id = ? AND c.round_id = ? AND c.user_id = ? ORDER BY a.created_at, a.id`, communityID, roundID, userID)
	if err != nil {
		return nil, nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.FundChoice
	for rows.Next() {
		var c commons.FundChoice
		if err := rows.Scan(&c.ApplicationID, &c.Points); err != nil {
			return nil, nil, s.classify(err)
		}
		out = append(out, c)
	}
	return out, &at, s.classify(rows.Err())
}

// FundBallotCount counts a round's ballots.
func (s *Store) FundBallotCount(ctx context.Context, communityID, roundID string) (int, error) {
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM fund_ballots WHERE community_id = ? AND round_id = ?", communityID, roundID).Scan(&n)
	return n, s.classify(err)
}

// EachFundBallot calls fn with each ballot of a round, anonymous, in an
// order that says nothing about who cast it or when (by the voter's
// random id). Rows are read as they come: memory for one ballot.
func (s *Store) EachFundBallot(ctx context.Context, communityID, roundID string, fn func([]commons.FundChoice) error) error {
	rows, err := s.query(ctx, `SELECT user_id, application_id, points FROM fund_choices WHERE community_id = ? AND round_id = ?
		ORDER BY user_id, application_id`, communityID, roundID)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	var current string
	var ballot []commons.FundChoice
	for rows.Next() {
		var user string
		var c commons.FundChoice
		if err := rows.Scan(&user, &c.ApplicationID, &c.Points); err != nil {
			return s.classify(err)
		}
		if user != current && ballot != nil {
			if err := fn(ballot); err != nil {
				return err
			}
			ballot = ballot[:0]
		}
		current = user
		ballot = append(ballot, c)
	}
	if err := rows.Err(); err != nil {
		return s.classify(err)
	}
	if len(ballot) > 0 {
		return fn(ballot)
	}
	return nil
}

// SetFundOverride records an editor's override of one proposal's result
// with its reason, on the community's record too; check sees the round as
// the transaction reads it (results not yet confirmed).
func (s *Store) SetFundOverride(ctx context.Context, a commons.FundApplication, amount int64, reason, actorID string,
	check func(commons.FundRound) error) error {
	return s.inTx(ctx, func(t tx) error {
		r, err := lockFundRound(ctx, t, a.CommunityID, a.RoundID)
		if err != nil {
			return err
		}
		if err := check(r); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO fund_overrides (community_id, round_id, application_id, amount, reason, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (community_id, application_id)
			DO UPDATE SET amount = excluded.amount, reason = excluded.reason, by_user = excluded.by_user, at = excluded.at`,
			a.CommunityID, a.RoundID, a.ID, amount, reason, actorID, s.now()); err != nil {
			return err
		}
		return logChange(ctx, t, a.CommunityID, actorID, "fund.override", r.Title+": "+a.Title,
			nil, map[string]string{"amount": fmt.Sprint(amount), "reason": reason})
	})
}

// FundOverrides lists a round's overrides by proposal id.
func (s *Store) FundOverrides(ctx context.Context, communityID, roundID string) (map[string]commons.FundOverride, error) {
	rows, err := s.query(ctx, `SELECT o.application_id, o.amount, o.reason, COALESCE(o.by_user, ''), COALESCE(u.name, ''), o.at FROM fund_overrides o
		LEFT JOIN users u ON u.id = o.by_user WHERE o.community_id = ? AND o.round_id = ?`, communityID, roundID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := map[string]commons.FundOverride{}
	for rows.Next() {
		var o commons.FundOverride
		if err := rows.Scan(&o.ApplicationID, &o.Amount, &o.Reason, &o.ByID, &o.ByName, &o.At); err != nil {
			return nil, s.classify(err)
		}
		out[o.ApplicationID] = o
	}
	return out, s.classify(rows.Err())
}

// FundAward is one funded proposal as the results are confirmed: the need
// stated on its initiative and the providing organization's pledge.
type FundAward struct {
	Application commons.FundApplication
	Amount      int64
	Need        string
	Quantity    *int
}

// PublishFundResults confirms a round's results: each award becomes a
// need of its initiative met by an accepted pledge of the providing
// organization, the amounts are kept on the proposals, the round moves
// to follow-up and the teams are told, all in one transaction. check sees
// the round as the transaction reads it (confirmed twice is a conflict).
func (s *Store) PublishFundResults(ctx context.Context, communityID, roundID, providerOrgID, actorID string, awards []FundAward,
	check func(commons.FundRound) error, notes []commons.Notification) error {
	return s.inTx(ctx, func(t tx) error {
		r, err := lockCheckedFundRound(ctx, t, communityID, roundID, check)
		if err != nil {
			return err
		}
		at := s.now()
		for _, aw := range awards {
			a := aw.Application
			needID, pledgeID := newID(), newID()
			if _, err := t.exec(ctx, `INSERT INTO needs (community_id, id, initiative_id, kind, description, quantity, by_date, status, created_at)
				VALUES (?, ?, ?, 'funding', ?, ?, NULL, 'met', ?)`, communityID, needID, a.InitiativeID, aw.Need, aw.Quantity, at); err != nil {
				return err
			}
			if _, err := t.exec(ctx, `INSERT INTO pledges (community_id, id, need_id, initiative_id, organization_id, user_id, description,
				status, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?)`, communityID, pledgeID, needID,
				a.InitiativeID, providerOrgID, actorID, aw.Need, actorID, at, at); err != nil {
				return err
			}
			if _, err := t.exec(ctx, "UPDATE fund_applications SET funded = ?, pledge_id = ? WHERE community_id = ? AND id = ?",
				aw.Amount, pledgeID, communityID, a.ID); err != nil {
				return err
			}
			if err := fundCommitment(ctx, t, communityID, a.InitiativeID, providerOrgID, aw.Need); err != nil {
				return err
			}
			if err := logInitiative(ctx, t, communityID, a.InitiativeID, actorID, "fund.funded", aw.Need); err != nil {
				return err
			}
		}
		if _, err := t.exec(ctx, "UPDATE fund_rounds SET published_at = ? WHERE community_id = ? AND id = ?", at, communityID, roundID); err != nil {
			return err
		}
		if err := logAct(ctx, t, communityID, actorID, "fund.published", r.Title); err != nil {
			return err
		}
		for _, n := range notes {
			if err := notify(ctx, t, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// fundCommitment adds the funding as a pending commitment of the providing
// organization to the version in force of the initiative's partnership,
// where the organization is a party to it; nothing where it is not. The
// partnership's key is locked as ProposePartnership locks it, so a new
// version proposed meanwhile cannot miss the commitment.
func fundCommitment(ctx context.Context, t tx, communityID, initiativeID, orgID, description string) error {
	if err := t.d.lockKey(ctx, t, "partnership "+initiativeID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO commitments (community_id, id, partnership_id, version, organization_id, position,
		description, due, status, comment)
		SELECT pp.community_id, ?, pp.partnership_id, pp.version, pp.organization_id,
			(SELECT COALESCE(MAX(c.position), -1) + 1 FROM commitments c WHERE c.community_id = pp.community_id
				AND c.partnership_id = pp.partnership_id AND c.version = pp.version AND c.organization_id = pp.organization_id),
			?, NULL, 'pending', ''
		FROM partnerships p JOIN partnership_parties pp ON pp.community_id = p.community_id AND pp.partnership_id = p.id
			AND pp.version = p.version
		WHERE p.community_id = ? AND p.initiative_id = ? AND pp.organization_id = ?`,
		newID(), description, communityID, initiativeID, orgID)
	return err
}

// CarryOverFund adds to a round's pool what the latest finished round of
// the same providers (in the same order) and unit left: its pool less
// what its proposals spent, counting what was never funded and what was
// funded and not spent. The round is recorded as carrying from that one,
// and the unique index on carried_from keeps any round's leftovers from
// being carried twice, even by two rounds at once. check sees the round
// as the transaction reads it; a round with nothing to take is a
// conflict.
func (s *Store) CarryOverFund(ctx context.Context, communityID, roundID, actorID string, check func(commons.FundRound) error) error {
	return s.inTx(ctx, func(t tx) error {
		r, err := lockCheckedFundRound(ctx, t, communityID, roundID, check)
		if err != nil {
			return err
		}
		if r.CarriedFrom != "" {
			return commons.Errorf(commons.CodeConflict, "error.fund.carried_already", "Round", r.CarriedFromTitle)
		}
		funders := func(id string) (string, error) {
			var list []string
			rows, err := t.query(ctx, "SELECT organization_id FROM fund_funders WHERE community_id = ? AND round_id = ? ORDER BY position",
				communityID, id)
			if err != nil {
				return "", err
			}
			defer rows.Close()
			for rows.Next() {
				var o string
				if err := rows.Scan(&o); err != nil {
					return "", err
				}
				list = append(list, o)
			}
			return strings.Join(list, " "), rows.Err()
		}
		mine, err := funders(roundID)
		if err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT p.id, p.title, p.pool - COALESCE((SELECT SUM(a.spent) FROM fund_applications a
			WHERE a.community_id = p.community_id AND a.round_id = p.id AND a.funded > 0), 0)
			FROM fund_rounds p WHERE p.community_id = ? AND p.id <> ? AND p.unit = ? AND p.published_at IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM fund_rounds n WHERE n.community_id = p.community_id AND n.carried_from = p.id)
			ORDER BY p.published_at DESC, p.id DESC LIMIT 50`, communityID, roundID, r.Unit)
		if err != nil {
			return err
		}
		type prev struct {
			id, title string
			left      int64
		}
		var candidates []prev
		for rows.Next() {
			var p prev
			if err := rows.Scan(&p.id, &p.title, &p.left); err != nil {
				rows.Close()
				return err
			}
			candidates = append(candidates, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range candidates {
			theirs, err := funders(p.id)
			if err != nil {
				return err
			}
			if theirs != mine {
				continue
			}
			if p.left <= 0 {
				break // the latest round of these providers left nothing
			}
			if r.Pool+p.left > commons.MaxFundPool {
				return commons.Errorf(commons.CodeInvalid, "error.field.range", "Min", 1, "Max", commons.MaxFundPool)
			}
			if _, err := t.exec(ctx, "UPDATE fund_rounds SET pool = pool + ?, carried = ?, carried_from = ? WHERE community_id = ? AND id = ?",
				p.left, p.left, p.id, communityID, roundID); err != nil {
				return err
			}
			return logAct(ctx, t, communityID, actorID, "fund.carried", fmt.Sprintf("%s → %s: %d %s", p.title, r.Title, p.left, r.Unit))
		}
		return commons.Errorf(commons.CodeConflict, "error.fund.nothing_to_carry")
	})
}

// SetFundSpent records how much of a funded proposal has been spent or used.
func (s *Store) SetFundSpent(ctx context.Context, a commons.FundApplication, spent int64, actorID string) error {
	return s.inTx(ctx, func(t tx) error {
		res, err := t.exec(ctx, "UPDATE fund_applications SET spent = ? WHERE community_id = ? AND id = ? AND funded >= ?",
			spent, a.CommunityID, a.ID, spent)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return logInitiative(ctx, t, a.CommunityID, a.InitiativeID, actorID, "fund.spent", fmt.Sprintf("%s: %d", a.Title, spent))
	})
}

// FundVoteTotals sums each proposal's points in a round.
func (s *Store) FundVoteTotals(ctx context.Context, communityID, roundID string) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT application_id, SUM(points) FROM fund_choices WHERE community_id = ? AND round_id = ?
		GROUP BY application_id`, communityID, roundID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, s.classify(err)
		}
		out[id] = n
	}
	return out, s.classify(rows.Err())
}

// TeamInitiatives lists the initiatives a person runs in a community, by
// title: those they may propose to a fund round for.
func (s *Store) TeamInitiatives(ctx context.Context, communityID, userID string) ([]commons.Initiative, error) {
	rows, err := s.query(ctx, "SELECT "+initiativeColumns+initiativeFrom+` JOIN initiative_team t ON t.community_id = i.community_id
		AND t.initiative_id = i.id WHERE i.community_id = ? AND t.user_id = ? ORDER BY i.sort_key, i.id LIMIT 200`, communityID, userID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Initiative
	var ptrs []*commons.Initiative
	for rows.Next() {
		i, err := scanInitiative(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	rows.Close()
	for n := range out {
		ptrs = append(ptrs, &out[n])
	}
	return out, s.fillInitiatives(ctx, communityID, ptrs)
}

// dbTime is a moment as the database keeps it, to the microsecond: a
// phase's start compares with the clock the same way before and after
// it is stored.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
