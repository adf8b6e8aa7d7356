package store

import (
	"context"
	"fmt"
	"strings"
)

// NewID returns a fresh identifier of the kind the store gives its rows,
// for generated data that links rows before writing them.
func NewID() string { return newID() }

// maxBulkParams keeps a multi-row INSERT under both engines' limits on
// bound parameters (SQLite 32,766; PostgreSQL 65,535).
const maxBulkParams = 30000

// BulkInsert writes rows into a table in one transaction, many rows per
// statement, without the checks the use cases make. It is for generated
// data (commons demo --scale): the caller owns the rows' consistency.
// Table and column names come from the caller's code, never from input.
func (s *Store) BulkInsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return s.inTx(ctx, func(t tx) error { return insertMany(ctx, t, table, cols, rows) })
}

// insertMany writes rows into a table within a transaction, many rows per
// statement (at most maxBulkParams values each), so that thousands of rows
// cost tens of round trips, not thousands. Table and column names come
// from the caller's code, never from input.
func insertMany(ctx context.Context, t tx, table string, cols []string, rows [][]any) error {
	per := max(1, maxBulkParams/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var q strings.Builder
		q.WriteString(head)
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if len(r) != len(cols) {
				return fmt.Errorf("bulk %s: row has %d values for %d columns", table, len(r), len(cols))
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(one)
			args = append(args, r...)
		}
		// Run as text: statements this long and varied are not worth caching.
		if _, err := t.ExecContext(ctx, t.d.rebind(q.String()), args...); err != nil {
			return fmt.Errorf("bulk %s: %w", table, err)
		}
	}
	return nil
}

// forChunks calls fn with ids a bounded slice at a time, for statements
// that name them in an IN list.
func forChunks(ids []string, fn func(chunk []string, in string, args []any) error) error {
	const per = 500
	for start := 0; start < len(ids); start += per {
		chunk := ids[start:min(start+per, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if err := fn(chunk, strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ","), args); err != nil {
			return err
		}
	}
	return nil
}

// IndexResources builds the full-text index of every resource of a
// community at once, after BulkInsert wrote them.
func (s *Store) IndexResources(ctx context.Context, communityID string, langs []string) error {
	return s.inTx(ctx, func(t tx) error { return t.d.indexResources(ctx, t, communityID, langs) })
}

// Analyze refreshes the planner's statistics after a bulk load, as
// autovacuum (PostgreSQL) or a later ANALYZE (SQLite) would. On SQLite it
// keeps the table-level statistics (sqlite_stat1) and drops the samples
// (sqlite_stat4): with samples, SQLite prepares a statement again every
// time its parameters change, which under load cost a fifth of the CPU of
// every page (commons-load's profile) for no better plan.
func (s *Store) Analyze(ctx context.Context) error {
	return s.onWriter(ctx, func(c writeConn) error {
		if _, err := c.ExecContext(ctx, "ANALYZE"); err != nil {
			return err
		}
		if s.d.name() != "sqlite" {
			return nil
		}
		var samples int
		if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'").Scan(&samples); err != nil || samples == 0 {
			return err
		}
		_, err := c.ExecContext(ctx, "DELETE FROM sqlite_stat4")
		return err
	})
}
