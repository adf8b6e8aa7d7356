package store

import (
	"context"
	"strconv"
	"time"

	"github.com/commons-project/commons/internal/commons"
)

// SaveAgreements adds a new version of a community's agreements, numbered
// after the latest in the same transaction, so two editors saving at once
// get two versions (or a conflict), never one overwriting the other.
func (s *Store) SaveAgreements(ctx context.Context, communityID, body, authorID string) (int, error) {
	var version int
	err := s.inTx(ctx, func(t tx) error {
		if err := t.d.lockKey(ctx, t, "agreements "+communityID); err != nil {
			return err
		}
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM agreements WHERE community_id = ?", communityID).Scan(&version); err != nil {
			return err
		}
		// A save that changes nothing keeps no version; the versions of
		// the last day are counted under the same lock, so two saves at
		// once cannot both pass the cap.
		var latest string
		if version > 0 {
			if err := t.queryRow(ctx, "SELECT body FROM agreements WHERE community_id = ? AND version = ?", communityID, version).Scan(&latest); err != nil {
				return err
			}
			if latest == body {
				return &commons.Error{Code: commons.CodeInvalid, Message: commons.Msg("error.agreements.unchanged"),
					Fields: map[string]commons.Message{"body": commons.Msg("error.agreements.unchanged")}}
			}
		}
		var today int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM agreements WHERE community_id = ? AND created_at > ?",
			communityID, s.now().Add(-24*time.Hour)).Scan(&today); err != nil {
			return err
		}
		if today >= commons.MaxAgreementVersionsPerDay {
			msg := commons.Msg("error.agreements.too_many", "Max", commons.MaxAgreementVersionsPerDay)
			return &commons.Error{Code: commons.CodeInvalid, Message: msg, Fields: map[string]commons.Message{"body": msg}}
		}
		version++
		if _, err := t.exec(ctx, "INSERT INTO agreements (community_id, version, body, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
			communityID, version, body, authorID, s.now()); err != nil {
			return err
		}
		return logAct(ctx, t, communityID, authorID, "agreements.updated", strconv.Itoa(version))
	})
	return version, err
}

// Agreements returns one version of a community's agreements, the latest
// for version 0; not found when there are none.
func (s *Store) Agreements(ctx context.Context, communityID string, version int) (commons.Agreements, error) {
	q := `SELECT a.community_id, a.version, a.body, COALESCE(a.author_id, ''), COALESCE(u.name, ''), a.created_at
		FROM agreements a LEFT JOIN users u ON u.id = a.author_id WHERE a.community_id = ?`
	args := []any{communityID}
	if version > 0 {
		q += " AND a.version = ?"
		args = append(args, version)
	} else {
		q += " ORDER BY a.version DESC LIMIT 1"
	}
	var a commons.Agreements
	err := s.queryRow(ctx, q, args...).Scan(&a.CommunityID, &a.Version, &a.Body, &a.AuthorID, &a.AuthorName, &a.CreatedAt)
	return a, s.classify(err)
}

// AgreementVersions lists every version, newest first, without the text.
func (s *Store) AgreementVersions(ctx context.Context, communityID string) ([]commons.Agreements, error) {
	rows, err := s.query(ctx, `SELECT a.community_id, a.version, COALESCE(a.author_id, ''), COALESCE(u.name, ''), a.created_at
		FROM agreements a LEFT JOIN users u ON u.id = a.author_id WHERE a.community_id = ? ORDER BY a.version DESC`, communityID)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []commons.Agreements
	for rows.Next() {
		var a commons.Agreements
		if err := rows.Scan(&a.CommunityID, &a.Version, &a.AuthorID, &a.AuthorName, &a.CreatedAt); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}
