package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/commons-project/commons/internal/commons"
)

// writer is SQLite's one write connection, held for the life of the
// store so that the statements of transactions are parsed once, not on
// every call (issue 22: parsing was half of the time a booking held the
// write lock). Transactions take turns in Go (turn), as the pool of one
// connection made them do before.
type writer struct {
	conn  *sql.Conn
	turn  chan struct{}
	stmts *stmtCache
}

func newWriter(db *sql.DB) (*writer, error) {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	return &writer{conn: conn, turn: make(chan struct{}, 1), stmts: newStmtCache(conn)}, nil
}

// take waits for the write connection; give hands it on.
func (w *writer) take(ctx context.Context) error {
	select {
	case w.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *writer) give() { <-w.turn }

// begin starts a transaction on the held connection. The transaction does
// not end when ctx does: its statements run on the connection's prepared
// statements, outside database/sql's view of the transaction, and must
// never run after an automatic rollback as statements of their own. A
// cancelled ctx fails the next statement instead, and inTx rolls back.
func (w *writer) begin(ctx context.Context) (*sql.Tx, error) {
	return w.conn.BeginTx(context.WithoutCancel(ctx), nil)
}

// stmt is the prepared statement for q, or nil: for PostgreSQL (no
// writer), and for statements with many values (bulk inserts, whose
// text varies with the batch and would fill the cache with large plans).
func (w *writer) stmt(ctx context.Context, q string) *sql.Stmt {
	if w == nil || strings.Count(q, "?") > 64 {
		return nil
	}
	return w.stmts.stmt(ctx, q)
}

// writeConn is the write connection or pool, for statements of their own.
type writeConn interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// onWriter runs fn with the write connection (SQLite) or the pool
// (PostgreSQL): for statements outside transactions (ANALYZE, VACUUM INTO).
func (s *Store) onWriter(ctx context.Context, fn func(c writeConn) error) error {
	if s.writer == nil {
		return fn(s.write)
	}
	if err := s.writer.take(ctx); err != nil {
		return commons.Internal(err)
	}
	defer s.writer.give()
	return fn(s.writer.conn)
}

func (w *writer) close() error {
	if w == nil {
		return nil
	}
	return errors.Join(w.stmts.close(), w.conn.Close())
}
