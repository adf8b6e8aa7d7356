package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// QueryCounter counts the statements the database runs for one piece of
// work — one request, usually — so that /metrics can say how many queries
// each page costs and tests can hold a page to its budget. It travels in
// the context (WithQueryCounter), not in a global: every statement the
// store sends with that context is counted, whichever method sends it.
type QueryCounter struct {
	n atomic.Int64
	// keep, when set, keeps each statement's text, for a test to show
	// what a page runs.
	keep bool
	mu   sync.Mutex
	kept []string
}

// Count returns the number of statements run so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Statements returns the texts of the statements run so far, when the
// counter keeps them (WithQueryLog); nil otherwise.
func (c *QueryCounter) Statements() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.kept)
}

// WithQueryLog is WithQueryCounter with a counter that also keeps the
// statements' texts.
func WithQueryLog(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{keep: true}
	return context.WithValue(ctx, queryCounterKey{}, c), c
}

type queryCounterKey struct{}

// WithQueryCounter returns a context whose statements are counted by the
// returned counter. A context already counting keeps its counter, so a
// test's counter and the server's see the same statements.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	if c, ok := ctx.Value(queryCounterKey{}).(*QueryCounter); ok {
		return ctx, c
	}
	c := &QueryCounter{}
	return context.WithValue(ctx, queryCounterKey{}, c), c
}

func countQuery(ctx context.Context, q string) {
	c, ok := ctx.Value(queryCounterKey{}).(*QueryCounter)
	if !ok {
		return
	}
	c.n.Add(1)
	if c.keep {
		c.mu.Lock()
		c.kept = append(c.kept, strings.Join(strings.Fields(q), " "))
		c.mu.Unlock()
	}
}

// openCounted opens a pool like sql.Open, with every connection wrapped so
// that each query and exec is counted against its context's counter.
func openCounted(driverName, dsn string) (*sql.DB, error) {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	d := db.Driver()
	if err := db.Close(); err != nil {
		return nil, err
	}
	var c driver.Connector = dsnConnector{dsn: dsn, d: d}
	if dc, ok := d.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(countingConnector{c}), nil
}

// dsnConnector is the connector of a driver that has none of its own.
type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

type countingConnector struct{ driver.Connector }

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return countingConn{conn}, nil
}

// countingConn passes everything to the driver's connection, counting the
// statements it runs. Where the driver lacks an optional interface, it
// answers as database/sql does without one (driver.ErrSkip and friends).
type countingConn struct{ driver.Conn }

func (c countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	countQuery(ctx, q)
	return qc.QueryContext(ctx, q, args)
}

func (c countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	ec, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	countQuery(ctx, q)
	return ec.ExecContext(ctx, q, args)
}

func (c countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if pc, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = pc.PrepareContext(ctx, q)
	} else {
		st, err = c.Conn.Prepare(q)
	}
	if err != nil {
		return nil, err
	}
	return countingStmt{st, q}, nil
}

func (c countingConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if bt, ok := c.Conn.(driver.ConnBeginTx); ok {
		return bt.BeginTx(ctx, opts)
	}
	//lint:ignore SA1019 the driver has nothing newer
	return c.Conn.Begin()
}

func (c countingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// countingStmt counts each run of a prepared statement.
type countingStmt struct {
	driver.Stmt
	q string
}

func (s countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	countQuery(ctx, s.q)
	if qc, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return qc.QueryContext(ctx, args)
	}
	values, err := plainValues(args)
	if err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the driver has nothing newer
	return s.Stmt.Query(values)
}

func (s countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	countQuery(ctx, s.q)
	if ec, ok := s.Stmt.(driver.StmtExecContext); ok {
		return ec.ExecContext(ctx, args)
	}
	values, err := plainValues(args)
	if err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the driver has nothing newer
	return s.Stmt.Exec(values)
}

func plainValues(args []driver.NamedValue) ([]driver.Value, error) {
	values := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, driver.ErrSkip
		}
		values[i] = a.Value
	}
	return values, nil
}
