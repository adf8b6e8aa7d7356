// Package store keeps Commons' data in SQLite or PostgreSQL through
// database/sql. The SQL is written once, with ? placeholders; the few places
// where the engines truly differ are methods of the dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/commons-project/commons/internal/commons"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Store is the database of one Commons installation.
type Store struct {
	// read serves queries; write serves every transaction. On PostgreSQL both
	// are the same pool. On SQLite, write holds a single connection, because
	// SQLite allows one writer at a time and queueing in Go is cheaper and
	// fairer than retrying on SQLITE_BUSY.
	read  *sql.DB
	write *sql.DB
	d     dialect
	// readStmts caches the read pool's prepared statements (SQLite only).
	// Transactions prepare nothing ahead: on SQLite the write pool's one
	// connection is theirs, so preparing on the pool would wait forever.
	readStmts *stmtCache
	// writer holds SQLite's write connection and its prepared statements
	// (nil on PostgreSQL).
	writer *writer
	// dsn opens the dedicated connection that listens for notifications
	// on PostgreSQL.
	dsn string
	// local hears of notifications committed by this process, where the
	// engine has no way to announce them (SQLite: one node).
	local localListeners
	// clock is the one clock of the installation: the store stamps rows
	// with it and the App reads it for its rules (the post edit window,
	// flood control), so a test that moves it moves both. Nil means
	// time.Now. Atomic, so a test may move it while background work reads.
	clock atomic.Pointer[func() time.Time]
}

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL, or else the path of an SQLite file (created if missing).
func Open(ctx context.Context, dsn string) (*Store, error) {
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Ping(pingCtx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return s, nil
}

func openPostgres(dsn string) (*Store, error) {
	db, err := openCounted("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{read: db, write: db, d: postgres{}, dsn: dsn}, nil
}

func openSQLite(path string) (*Store, error) {
	if strings.HasPrefix(path, "file:") || strings.ContainsAny(path, "?") {
		return nil, fmt.Errorf("store: give the SQLite database as a plain file path, not %q", path)
	}
	pragmas := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)",   // readers never block the writer
		"foreign_keys(ON)",    // SQLite leaves them off by default
		"busy_timeout(10000)", // wait for another process's write instead of failing
		"synchronous(NORMAL)", // safe with WAL; a power cut loses at most the last commits
	} {
		pragmas.Add("_pragma", p)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath()
	read, err := openCounted("sqlite", base+"?"+pragmas.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	pragmas.Set("_txlock", "immediate") // take the write lock at BEGIN, not halfway through
	write, err := openCounted("sqlite", base+"?"+pragmas.Encode())
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	w, err := newWriter(write)
	if err != nil {
		read.Close()
		write.Close()
		return nil, err
	}
	return &Store{read: read, write: write, d: sqlite{}, readStmts: newStmtCache(read), writer: w}, nil
}

// Close releases the database.
func (s *Store) Close() error {
	err := errors.Join(s.readStmts.close(), s.writer.close(), s.read.Close())
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name() }

// tx is a write transaction with the dialect and the store's clock at hand.
type tx struct {
	*sql.Tx
	d dialect
	s *Store
	// notified collects the people notified in this transaction, to be
	// told to this process's listeners once it commits.
	notified *[]string
	// v is what the transaction changes, whose data versions it bumps
	// before it commits (versions.go).
	v *txVersions
}

func (t tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.s.writer.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.s.writer.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.QueryRowContext(ctx, t.d.rebind(q), args...)
}

func (t tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.s.writer.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.QueryContext(ctx, t.d.rebind(q), args...)
}

// inTx runs fn in one write transaction, committing when it returns nil.
// Nothing is half-written: any error rolls everything back.
func (s *Store) inTx(ctx context.Context, fn func(tx) error) error {
	var t *sql.Tx
	var err error
	if s.writer != nil {
		if err := s.writer.take(ctx); err != nil {
			return commons.Internal(fmt.Errorf("begin: %w", err))
		}
		defer s.writer.give()
		t, err = s.writer.begin(ctx)
	} else {
		t, err = s.write.BeginTx(ctx, nil)
	}
	if err != nil {
		return commons.Internal(fmt.Errorf("begin: %w", err))
	}
	var notified []string
	tt := tx{t, s.d, s, &notified, &txVersions{}}
	if err := fn(tt); err != nil {
		_ = t.Rollback()
		return s.classify(err)
	}
	if err := tt.bumpVersions(ctx); err != nil {
		_ = t.Rollback()
		return s.classify(err)
	}
	if err := t.Commit(); err != nil {
		return s.classify(fmt.Errorf("commit: %w", err))
	}
	s.local.tell(notified)
	return nil
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := s.readStmts.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, s.d.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.readStmts.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.read.QueryContext(ctx, s.d.rebind(q), args...)
}

// classify turns driver errors into domain errors: a missing row becomes
// not-found, a unique violation a conflict, and the rest internal.
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	var ce *commons.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return commons.NotFound()
	case s.d.isInvalidText(err):
		return &commons.Error{Code: commons.CodeBadRequest, Message: commons.Msg("error.text_encoding"), Err: err}
	case s.d.isForeignKeyViolation(err):
		return &commons.Error{Code: commons.CodeNotFound, Message: commons.Msg("error.not_found"), Err: err}
	case s.d.isExclusionViolation(err):
		return &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.booking.overlap"), Err: err}
	case s.d.isUniqueViolation(err):
		return &commons.Error{Code: commons.CodeConflict, Message: commons.Msg("error.conflict"), Err: err}
	case s.d.isUnavailable(err):
		// Honest about a passing outage: 503 with Retry-After, not 500.
		return commons.Unavailable("error.unavailable", 30*time.Second, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return commons.Internal(err)
	}
	return commons.Internal(err)
}

// SetClock replaces the clock the store stamps rows with (nil restores
// time.Now). Tests move time with it; app.App reads the same clock.
func (s *Store) SetClock(now func() time.Time) {
	if now == nil {
		s.clock.Store(nil)
		return
	}
	s.clock.Store(&now)
}

// Clock returns the clock currently set: call it for the time, untruncated
// and in the clock's own location.
func (s *Store) Clock() func() time.Time {
	if f := s.clock.Load(); f != nil {
		return *f
	}
	return time.Now
}

// now is the store's clock as the database keeps time: UTC, to the
// microsecond, the precision PostgreSQL stores.
func (s *Store) now() time.Time { return s.Clock()().UTC().Truncate(time.Microsecond) }

// now is the store's clock, for helpers that hold only the transaction.
func (t tx) now() time.Time { return t.s.now() }
