package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The logical dump moves a whole installation between engines: commons
// export writes it, commons import reads it. It is JSON lines:
//
//	{"format":"commons-export","version":1,"schema":101,"engine":"sqlite","tables":["users",…]}
//	{"table":"users","columns":["id","name",…]}
//	["0b6c…","Ada",…]                       one array per row
//	…
//	{"end":true,"rows":{"users":12,…}}
//
// Tables come in the order their foreign keys need (a table after every
// table it refers to, ties by name) and rows in the order of their
// columns' bytes, so two dumps of the same data are the same text whatever
// the engine. Values are JSON's own, with times as RFC 3339 in UTC to the microsecond and
// bytes as {"base64":"…"}. Full-text indexes are not dumped: the import
// rebuilds them. The last line counts the rows, so a cut-off dump is
// refused rather than half-imported.

// dumpFormat names the file format and its version.
const (
	dumpFormat  = "commons-export"
	dumpVersion = 1
)

type dumpHeader struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Schema  int      `json:"schema"`
	Engine  string   `json:"engine"`
	Tables  []string `json:"tables"`
	Created string   `json:"created"`
}

type dumpLine struct {
	Table   string         `json:"table,omitempty"`
	Columns []string       `json:"columns,omitempty"`
	End     bool           `json:"end,omitempty"`
	Rows    map[string]int `json:"rows,omitempty"`
}

// column kinds, as the engines declare them.
const (
	kindText = iota
	kindInt
	kindFloat
	kindBool
	kindTime
	kindBytes
	kindSkip // a full-text index, rebuilt rather than moved
)

type dumpColumn struct {
	name string
	kind int
}

// dumpTables lists the tables to dump with their columns, in foreign-key
// order: every table after the tables it refers to.
func (s *Store) dumpTables(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]string, map[string][]dumpColumn, error) {
	strs := func(query string, args ...any) ([][2]string, error) {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out [][2]string
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				return nil, err
			}
			out = append(out, [2]string{a, b})
		}
		return out, rows.Err()
	}
	var tablesQ, columnsQ, refsQ string
	if s.d.name() == "sqlite" {
		// Virtual tables (full-text search) and their shadow tables are
		// the index, rebuilt on import.
		tablesQ = `SELECT name, '' FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			AND sql NOT LIKE 'CREATE VIRTUAL%'
			AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL%' AND m.name LIKE v.name || '_%')`
		columnsQ = `SELECT p.name, upper(p.type) FROM pragma_table_info(?) p ORDER BY p.cid`
		refsQ = `SELECT m.name, f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	} else {
		tablesQ = `SELECT table_name, '' FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
		columnsQ = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
		refsQ = `SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
			WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`
	}
	rows, err := strs(tablesQ)
	if err != nil {
		return nil, nil, fmt.Errorf("list tables: %w", err)
	}
	var names []string
	for _, r := range rows {
		// The schema's version belongs to the binary, and data_versions
		// to the nodes' page caches: neither is the community's data.
		if r[0] != "schema_migrations" && r[0] != "data_versions" {
			names = append(names, r[0])
		}
	}
	slices.Sort(names)
	columns := map[string][]dumpColumn{}
	for _, n := range names {
		cols, err := strs(columnsQ, n)
		if err != nil {
			return nil, nil, fmt.Errorf("list columns of %s: %w", n, err)
		}
		for _, c := range cols {
			columns[n] = append(columns[n], dumpColumn{c[0], columnKind(c[1])})
		}
	}
	refs, err := strs(refsQ)
	if err != nil {
		return nil, nil, fmt.Errorf("list foreign keys: %w", err)
	}
	needs := map[string][]string{}
	for _, r := range refs {
		if r[0] != r[1] {
			needs[r[0]] = append(needs[r[0]], r[1])
		}
	}
	// Depth-first, in name order: stable, and a table comes after what it
	// refers to. A cycle would be reported rather than looped on.
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(n string) error
	visit = func(n string) error {
		switch state[n] {
		case 1:
			return fmt.Errorf("tables refer to each other in a cycle through %s", n)
		case 2:
			return nil
		}
		state[n] = 1
		deps := slices.Clone(needs[n])
		slices.Sort(deps)
		for _, d := range deps {
			if _, ok := columns[d]; ok {
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		state[n] = 2
		order = append(order, n)
		return nil
	}
	for _, n := range names {
		if err := visit(n); err != nil {
			return nil, nil, err
		}
	}
	return order, columns, nil
}

// columnKind reads an engine's declared type: SQLite's column type (the
// migrations use BOOLEAN, TIMESTAMP, BLOB, INTEGER, REAL, TEXT) or
// PostgreSQL's data_type.
func columnKind(t string) int {
	t = strings.ToUpper(t)
	switch {
	case t == "TSVECTOR":
		return kindSkip
	case strings.Contains(t, "BOOL"):
		return kindBool
	case strings.Contains(t, "TIMESTAMP"), strings.Contains(t, "DATETIME"):
		return kindTime
	case strings.Contains(t, "BLOB"), t == "BYTEA":
		return kindBytes
	case strings.Contains(t, "INT"):
		return kindInt
	case strings.Contains(t, "REAL"), strings.Contains(t, "DOUB"), strings.Contains(t, "FLOAT"), strings.Contains(t, "NUMERIC"):
		return kindFloat
	}
	return kindText
}

// Export writes the whole database as a logical dump to w, from one
// consistent snapshot (a read transaction), while the server runs. It
// returns the number of rows of each table.
func (s *Store) Export(ctx context.Context, w io.Writer) (map[string]int, error) {
	version, err := s.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if s.d.name() != "sqlite" {
		opts.Isolation = sql.LevelRepeatableRead
	}
	t, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer t.Rollback()
	order, columns, err := s.dumpTables(ctx, t)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dumpHeader{Format: dumpFormat, Version: dumpVersion, Schema: version, Engine: s.d.name(),
		Tables: order, Created: s.now().Format(time.RFC3339)}); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, table := range order {
		var names, sel, by []string
		var cols []dumpColumn
		for _, c := range columns[table] {
			if c.kind == kindSkip {
				continue
			}
			cols = append(cols, c)
			names = append(names, c.name)
			sel = append(sel, `"`+c.name+`"`)
			// Rows in byte order of their columns, the same on both engines.
			if c.kind == kindText && s.d.name() != "sqlite" {
				by = append(by, `"`+c.name+`" COLLATE "C"`)
			} else {
				by = append(by, `"`+c.name+`"`)
			}
		}
		if err := enc.Encode(dumpLine{Table: table, Columns: names}); err != nil {
			return nil, err
		}
		// Names come from the catalog, never from input.
		rows, err := t.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM "`+table+`" ORDER BY `+strings.Join(by, ", "))
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", table, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("export %s: %w", table, err)
			}
			out := make([]any, len(cols))
			for i, v := range vals {
				out[i] = dumpValue(v, cols[i].kind)
			}
			if err := enc.Encode(out); err != nil {
				rows.Close()
				return nil, err
			}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("export %s: %w", table, err)
		}
		counts[table] = n
	}
	if err := enc.Encode(dumpLine{End: true, Rows: counts}); err != nil {
		return nil, err
	}
	return counts, bw.Flush()
}

// dumpValue writes one value the same way whichever engine read it.
func dumpValue(v any, kind int) any {
	switch x := v.(type) {
	case time.Time:
		// To the microsecond, PostgreSQL's precision (what the store writes;
		// a few older SQLite rows carry nanoseconds no one reads).
		return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	case []byte:
		if kind == kindBytes {
			return map[string]string{"base64": base64.StdEncoding.EncodeToString(x)}
		}
		return string(x)
	case int64:
		if kind == kindBool {
			return x != 0
		}
	}
	return v
}

// schemaVersion is the newest migration applied to the database.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// importBatch bounds the values of one INSERT (both engines allow far more).
const importBatch = 4000

// Import loads a dump written by Export, from either engine, into this
// database in one transaction: all of it or, on any error, nothing. The
// database must be migrated to the dump's schema version and hold no rows
// (a new installation); full-text indexes are rebuilt afterwards. It
// returns the number of rows of each table.
func (s *Store) Import(ctx context.Context, r io.Reader) (map[string]int, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	dec.UseNumber()
	var h dumpHeader
	if err := dec.Decode(&h); err != nil || h.Format != dumpFormat {
		return nil, fmt.Errorf("this is not a dump made by commons export (%v)", firstErr(err, errors.New("no header")))
	}
	if h.Version != dumpVersion {
		return nil, fmt.Errorf("the dump's format is version %d; this Commons reads version %d", h.Version, dumpVersion)
	}
	version, err := s.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if h.Schema > version {
		return nil, fmt.Errorf("the dump is from a newer Commons (schema version %d; this one knows up to %d): import it with that version or later", h.Schema, version)
	}
	if h.Schema < version {
		return nil, fmt.Errorf("the dump is from an older Commons (schema version %d; this one is at %d): run this version's commons migrate on the source, then export again", h.Schema, version)
	}
	counts := map[string]int{}
	err = s.inTx(ctx, func(t tx) error {
		order, columns, err := s.dumpTables(ctx, t)
		if err != nil {
			return err
		}
		for _, table := range order {
			counts[table] = 0
			var n int
			if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("the database is not empty (%s has %d rows): import into a new database", table, n)
			}
		}
		if s.d.name() == "sqlite" {
			if _, err := t.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
				return err
			}
		}
		var (
			table string
			cols  []dumpColumn
			batch []any
			rows  int
		)
		flush := func() error {
			if rows == 0 {
				return nil
			}
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = `"` + c.name + `"`
			}
			one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
			q := `INSERT INTO "` + table + `" (` + strings.Join(names, ", ") + `) VALUES ` +
				strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
			if _, err := t.ExecContext(ctx, s.d.rebind(q), batch...); err != nil {
				return fmt.Errorf("import %s: %w", table, err)
			}
			batch, rows = batch[:0], 0
			return nil
		}
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				if errors.Is(err, io.EOF) {
					return errors.New("the dump ends before its last line: it was cut off, nothing was imported")
				}
				return fmt.Errorf("the dump is damaged after %s row %d: %v", table, counts[table], err)
			}
			if len(raw) > 0 && raw[0] == '[' {
				if cols == nil {
					return errors.New("the dump has a row before any table")
				}
				var vals []any
				rd := json.NewDecoder(bytes.NewReader(raw))
				rd.UseNumber()
				if err := rd.Decode(&vals); err != nil {
					return fmt.Errorf("%s row %d: %v", table, counts[table]+1, err)
				}
				if len(vals) != len(cols) {
					return fmt.Errorf("%s row %d has %d values for %d columns", table, counts[table]+1, len(vals), len(cols))
				}
				for i, v := range vals {
					x, err := importValue(v, cols[i].kind)
					if err != nil {
						return fmt.Errorf("%s row %d, %s: %v", table, counts[table]+1, cols[i].name, err)
					}
					batch = append(batch, x)
				}
				rows++
				counts[table]++
				if len(batch)+len(cols) > importBatch {
					if err := flush(); err != nil {
						return err
					}
				}
				continue
			}
			var l dumpLine
			if err := json.Unmarshal(raw, &l); err != nil {
				return fmt.Errorf("the dump is damaged after %s: %v", table, err)
			}
			if err := flush(); err != nil {
				return err
			}
			if l.End {
				for _, n := range order {
					if l.Rows[n] != counts[n] {
						return fmt.Errorf("the dump says %s has %d rows, but %d came: it is damaged, nothing was imported", n, l.Rows[n], counts[n])
					}
				}
				break
			}
			target, ok := columns[l.Table]
			if !ok {
				return fmt.Errorf("the dump has a table %q that this database has not", l.Table)
			}
			table, cols = l.Table, nil
			have := map[string]dumpColumn{}
			for _, c := range target {
				have[c.name] = c
			}
			for _, name := range l.Columns {
				c, ok := have[name]
				if !ok || c.kind == kindSkip {
					return fmt.Errorf("the dump's table %s has a column %q that this database has not", table, name)
				}
				cols = append(cols, c)
			}
		}
		// Rebuild the full-text index of every community's resources.
		crows, err := t.query(ctx, "SELECT id, languages FROM communities")
		if err != nil {
			return err
		}
		var comms [][2]string
		for crows.Next() {
			var id, langs string
			if err := crows.Scan(&id, &langs); err != nil {
				crows.Close()
				return err
			}
			comms = append(comms, [2]string{id, langs})
		}
		crows.Close()
		for _, c := range comms {
			if err := t.d.indexResources(ctx, t, c[0], strings.Split(c[1], ",")); err != nil {
				return fmt.Errorf("index resources: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// importValue turns a dumped value into what the target column holds.
func importValue(v any, kind int) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case json.Number:
			return x.String() != "0", nil
		}
	case kindTime:
		if x, ok := v.(string); ok {
			if tm, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return tm.UTC(), nil
			}
			return x, nil
		}
	case kindBytes:
		switch x := v.(type) {
		case map[string]any:
			b, _ := x["base64"].(string)
			return base64.StdEncoding.DecodeString(b)
		case string:
			return []byte(x), nil
		}
	case kindInt:
		switch x := v.(type) {
		case json.Number:
			return x.Int64()
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case kindFloat:
		if x, ok := v.(json.Number); ok {
			return x.Float64()
		}
	default:
		switch x := v.(type) {
		case string:
			return x, nil
		case json.Number:
			return x.String(), nil
		}
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	return nil, fmt.Errorf("unexpected value %v", v)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
