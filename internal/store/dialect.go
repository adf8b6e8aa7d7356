package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"slices"
	"strconv"
	"strings"
	"unicode"

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
	// isForeignKeyViolation recognises a reference to a row that is gone
	// (someone left, something was deleted) between a check and a write.
	isForeignKeyViolation(err error) bool
	// isInvalidText recognises text the engine cannot store (a NUL byte or
	// invalid UTF-8 that slipped past validation), which is the caller's fault.
	isInvalidText(err error) bool
	// isExclusionViolation recognises PostgreSQL's refusal of an overlapping
	// confirmed booking; SQLite has no exclusion constraints.
	isExclusionViolation(err error) bool
	// isUnavailable recognises a database server that cannot be reached
	// or will not take connections now (a restart, a failover).
	isUnavailable(err error) bool
	// setResourceSearch indexes a resource's text for full-text search in
	// the community's languages.
	setResourceSearch(ctx context.Context, t tx, communityID, id string, langs []string, title, description string) error
	// indexResources indexes every resource of a community, after a bulk load.
	indexResources(ctx context.Context, t tx, communityID string, langs []string) error
	// indexResourceIDs indexes some resources of a community (at most a
	// few hundred ids), as setResourceSearch does one by one.
	indexResourceIDs(ctx context.Context, t tx, communityID string, langs []string, in string, ids []any) error
	// resourceSearch returns a condition on resources r matching the words
	// of a query, and its arguments.
	resourceSearch(communityID string, langs []string, query string) (string, []any)
	// forUpdate is the clause that locks rows read in a transaction until it
	// ends. SQLite needs none: its write transaction already excludes others.
	forUpdate() string
	// textColumns is a query listing (table, column) of every column that
	// holds text, for FindText.
	textColumns() string
	// announce tells every node that a person has a new notification (or
	// that a topic such as ThreadTopic has news), once
	// the transaction commits: PostgreSQL's NOTIFY reaches the listeners
	// of all nodes; SQLite, one node, tells this process's listeners.
	announce(ctx context.Context, t tx, userID string) error
}

type sqlite struct{}

func (sqlite) name() string           { return "sqlite" }
func (sqlite) rebind(q string) string { return q }
func (sqlite) forUpdate() string      { return "" }

func (sqlite) lockKey(context.Context, tx, string) error { return nil }

func (sqlite) announce(_ context.Context, t tx, userID string) error {
	*t.notified = append(*t.notified, userID)
	return nil
}
func (sqlite) isInvalidText(error) bool        { return false }
func (sqlite) isExclusionViolation(error) bool { return false }

// isUnavailable: an SQLite file is in the process; it does not go away.
func (sqlite) isUnavailable(error) bool { return false }

func (sqlite) isForeignKeyViolation(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// ftsCommunity is a community as one token of the full-text index.
func ftsCommunity(communityID string) string { return "c" + strings.ReplaceAll(communityID, "-", "") }

// setResourceSearch keeps the index's rowid equal to the resource's, so
// that searches and updates never read rows to find each other.
func (sqlite) setResourceSearch(ctx context.Context, t tx, communityID, id string, _ []string, title, description string) error {
	var rowid int64
	if err := t.queryRow(ctx, "SELECT rowid FROM resources WHERE community_id = ? AND id = ?", communityID, id).Scan(&rowid); err != nil {
		return err
	}
	if _, err := t.exec(ctx, "DELETE FROM resources_fts WHERE rowid = ?", rowid); err != nil {
		return err
	}
	_, err := t.exec(ctx, "INSERT INTO resources_fts (rowid, title, description, community) VALUES (?, ?, ?, ?)",
		rowid, title, description, ftsCommunity(communityID))
	return err
}

func (sqlite) indexResources(ctx context.Context, t tx, communityID string, _ []string) error {
	if _, err := t.exec(ctx, "DELETE FROM resources_fts WHERE rowid IN (SELECT rowid FROM resources WHERE community_id = ?)", communityID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO resources_fts (rowid, title, description, community)
		SELECT rowid, title, description, ? FROM resources WHERE community_id = ?`, ftsCommunity(communityID), communityID)
	return err
}

func (sqlite) indexResourceIDs(ctx context.Context, t tx, communityID string, _ []string, in string, ids []any) error {
	sel := "SELECT rowid FROM resources WHERE community_id = ? AND id IN (" + in + ")"
	if _, err := t.ExecContext(ctx, "DELETE FROM resources_fts WHERE rowid IN ("+sel+")", append([]any{communityID}, ids...)...); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `INSERT INTO resources_fts (rowid, title, description, community)
		SELECT rowid, title, description, ? FROM resources WHERE community_id = ? AND id IN (`+in+")",
		append([]any{ftsCommunity(communityID), communityID}, ids...)...)
	return err
}

// resourceSearch asks FTS5 for every word of the query as a prefix, so
// "librar" finds "library" and a word's ending need not match exactly.
func (sqlite) resourceSearch(communityID string, _ []string, query string) (string, []any) {
	var terms []string
	for _, w := range searchWords(query) {
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	if len(terms) == 0 {
		return "FALSE", nil
	}
	return "r.rowid IN (SELECT rowid FROM resources_fts WHERE resources_fts MATCH ?)",
		[]any{"community : " + ftsCommunity(communityID) + " AND {title description} : (" + strings.Join(terms, " AND ") + ")"}
}

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

func (postgres) isForeignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// isUnavailable: no connection could be made (refused, reset, the
// server starting up or shutting down: class 57P, or 08 connection
// exceptions, or a database that takes no connections now, 55000).
func (postgres) isUnavailable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")) {
		return true
	}
	var ne *net.OpError
	return errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn)
}

func (postgres) isExclusionViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23P01"
}

// searchConfigs are PostgreSQL's text-search configurations for the
// community's languages, always with 'simple' so that exact words match
// in any language (Welsh has no configuration of its own).
func searchConfigs(langs []string) []string {
	configs := []string{"simple"}
	for _, l := range langs {
		base, _, _ := strings.Cut(l, "-")
		if c, ok := pgTextSearch[base]; ok && !slices.Contains(configs, c) {
			configs = append(configs, c)
		}
	}
	return configs
}

var pgTextSearch = map[string]string{
	"en": "english", "ru": "russian", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
	"pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "fi": "finnish", "hu": "hungarian",
	"nb": "norwegian", "no": "norwegian", "ro": "romanian", "tr": "turkish",
}

func (postgres) setResourceSearch(ctx context.Context, t tx, communityID, id string, langs []string, title, description string) error {
	var parts []string
	var args []any
	for _, c := range searchConfigs(langs) {
		parts = append(parts, "setweight(to_tsvector('"+c+"', ?), 'A') || to_tsvector('"+c+"', ?)")
		args = append(args, title, description)
	}
	args = append(args, communityID, id)
	_, err := t.exec(ctx, "UPDATE resources SET search = "+strings.Join(parts, " || ")+" WHERE community_id = ? AND id = ?", args...)
	return err
}

func (postgres) indexResources(ctx context.Context, t tx, communityID string, langs []string) error {
	var parts []string
	for _, c := range searchConfigs(langs) {
		parts = append(parts, "setweight(to_tsvector('"+c+"', title), 'A') || to_tsvector('"+c+"', description)")
	}
	_, err := t.exec(ctx, "UPDATE resources SET search = "+strings.Join(parts, " || ")+" WHERE community_id = ?", communityID)
	return err
}

func (postgres) indexResourceIDs(ctx context.Context, t tx, communityID string, langs []string, in string, ids []any) error {
	var parts []string
	for _, c := range searchConfigs(langs) {
		parts = append(parts, "setweight(to_tsvector('"+c+"', title), 'A') || to_tsvector('"+c+"', description)")
	}
	q := "UPDATE resources SET search = " + strings.Join(parts, " || ") + " WHERE community_id = ? AND id IN (" + in + ")"
	_, err := t.ExecContext(ctx, postgres{}.rebind(q), append([]any{communityID}, ids...)...)
	return err
}

// resourceSearch matches every word, as a prefix, in any of the
// community's languages.
func (postgres) resourceSearch(_ string, langs []string, query string) (string, []any) {
	var terms []string
	for _, w := range searchWords(query) {
		// Keep letters and digits only: to_tsquery has its own syntax.
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, w)
		if w != "" {
			terms = append(terms, w+":*")
		}
	}
	if len(terms) == 0 {
		return "FALSE", nil
	}
	var parts []string
	var args []any
	for _, c := range searchConfigs(langs) {
		parts = append(parts, "to_tsquery('"+c+"', ?)")
		args = append(args, strings.Join(terms, " & "))
	}
	return "r.search @@ (" + strings.Join(parts, " || ") + ")", args
}

func (postgres) isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
