package store

import (
	"context"
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
	// lockKey serialises transactions that work on the same key (a rate
	// limit, say) until they end. SQLite's single writer already does.
	lockKey(ctx context.Context, t tx, key string) error
	// isInvalidText recognises text the engine cannot store (a NUL byte or
	// invalid UTF-8 that slipped past validation), which is the caller's fault.
	isInvalidText(err error) bool
	// forUpdate is the clause that locks rows read in a transaction until it
	// ends. SQLite needs none: its write transaction already excludes others.
	forUpdate() string
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) rebind(q string) string { return q }
func (sqlite) forUpdate() string      { return "" }

func (sqlite) lockKey(context.Context, tx, string) error { return nil }
func (sqlite) isInvalidText(error) bool                  { return false }

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

func (postgres) lockKey(ctx context.Context, t tx, key string) error {
	_, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", key)
	return err
}

// isInvalidText: character_not_in_repertoire (a NUL byte) and
// untranslatable_character.
func (postgres) isInvalidText(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}

func (postgres) isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
