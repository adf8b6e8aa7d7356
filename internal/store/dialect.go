package store

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds what differs between the engines, one method per difference.
type dialect interface {
	name() string
	// rebind turns ? placeholders into the engine's own.
	rebind(query string) string
	// isUniqueViolation recognises a unique-constraint error by its code.
	isUniqueViolation(err error) bool
	// forUpdate is the clause that locks rows read in a transaction until it
	// ends. SQLite needs none: its write transaction already excludes others.
	forUpdate() string
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) rebind(q string) string { return q }
func (sqlite) forUpdate() string      { return "" }
func (sqlite) isUniqueViolation(err error) bool {
	var se *msqlite.Error
	if errors.As(err, &se) {
		code := se.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

type postgres struct{}

func (postgres) name() string      { return "postgres" }
func (postgres) forUpdate() string { return " FOR UPDATE" }

// rebind numbers the placeholders: ? becomes $1, $2, … The queries of this
// package never hold a literal question mark.
func (postgres) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (postgres) isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
