package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// Backup writes a consistent copy of the database to the file to, while
// the server runs: SQLite's VACUUM INTO (one read transaction, so the copy
// is of one moment whatever is written meanwhile), or PostgreSQL's pg_dump
// in its custom format. It returns how the copy was made. An existing file
// is refused unless force.
func (s *Store) Backup(ctx context.Context, to string, force bool) (string, error) {
	if _, err := os.Stat(to); err == nil {
		if !force {
			return "", fmt.Errorf("%s exists: choose another file, or --force to replace it", to)
		}
		if err := os.Remove(to); err != nil {
			return "", err
		}
	}
	if s.d.name() == "sqlite" {
		if err := s.onWriter(ctx, func(c writeConn) error {
			_, err := c.ExecContext(ctx, "VACUUM INTO ?", to)
			return err
		}); err != nil {
			return "", fmt.Errorf("backup: %w", err)
		}
		return "SQLite VACUUM INTO", nil
	}
	if out, err := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file", to, s.dsn).CombinedOutput(); err != nil {
		return "", fmt.Errorf("pg_dump: %v: %s", err, bytes.TrimSpace(out))
	}
	return "pg_dump --format=custom", nil
}

// Restore puts a backup made by Backup into the database at dsn, which
// must be empty (no tables) unless force, and then migrates it: a backup
// of an older Commons is brought up to date. A file that is not a backup,
// is damaged, or comes from a newer Commons (a schema version this one does
// not know) is refused before anything is written.
func Restore(ctx context.Context, dsn, from string, force bool) error {
	postgres := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	version, err := backupVersion(ctx, from, postgres)
	if err != nil {
		return err
	}
	known := latestVersion(postgres)
	if version > known {
		return fmt.Errorf("%s is from a newer Commons (schema version %d; this one knows up to %d): restore it with that version or later", from, version, known)
	}
	if postgres {
		st, err := Open(ctx, dsn)
		if err != nil {
			return err
		}
		var tables int
		err = st.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables)
		st.Close()
		if err != nil {
			return err
		}
		if tables > 0 && !force {
			return errors.New("the database is not empty: restore into an empty one, or --force to replace what it holds")
		}
		args := []string{"--no-owner", "--exit-on-error", "--single-transaction", "--dbname", dsn, from}
		if tables > 0 {
			args = append([]string{"--clean", "--if-exists"}, args...)
		}
		if out, err := exec.CommandContext(ctx, "pg_restore", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("pg_restore: %v: %s", err, bytes.TrimSpace(out))
		}
	} else {
		if info, err := os.Stat(dsn); err == nil && info.Size() > 0 {
			if !force {
				return fmt.Errorf("%s exists: restore into a new file, or --force to replace it", dsn)
			}
			for _, f := range []string{dsn, dsn + "-wal", dsn + "-shm"} {
				if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
					return err
				}
			}
		}
		db, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
		if err != nil {
			return err
		}
		_, err = db.ExecContext(ctx, "VACUUM INTO ?", dsn)
		db.Close()
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	st, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Migrate(ctx)
	return err
}

// backupVersion reads the schema version a backup was made at, checking
// on the way that it is whole: SQLite's integrity check, or pg_restore
// reading the archive's table of contents and the versions' table.
func backupVersion(ctx context.Context, from string, postgres bool) (int, error) {
	if _, err := os.Stat(from); err != nil {
		return 0, err
	}
	bad := func(err error) error {
		return fmt.Errorf("%s is not a Commons backup, or it is damaged: %v", from, err)
	}
	if postgres {
		out, err := exec.CommandContext(ctx, "pg_restore", "--data-only", "--table=schema_migrations", "--file=-", from).CombinedOutput()
		if err != nil {
			return 0, bad(fmt.Errorf("%s", bytes.TrimSpace(out)))
		}
		// The table's rows are a COPY block: version, tab, name, tab, time.
		max, in := 0, false
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "COPY "):
				in = true
			case line == `\.`:
				in = false
			case in:
				v, _, _ := strings.Cut(line, "\t")
				if n, err := strconv.Atoi(v); err == nil && n > max {
					max = n
				}
			}
		}
		if max == 0 {
			return 0, bad(errors.New("no schema versions in it"))
		}
		return max, nil
	}
	db, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		return 0, bad(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		return 0, bad(err)
	}
	if check != "ok" {
		return 0, bad(errors.New(check))
	}
	var version int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&version); err != nil || version == 0 {
		return 0, bad(fmt.Errorf("no schema versions in it (%v)", err))
	}
	return version, nil
}

// latestVersion is the newest schema version this Commons knows.
func latestVersion(pg bool) int {
	var d dialect = sqlite{}
	if pg {
		d = postgres{}
	}
	all, err := (&Store{d: d}).migrations()
	if err != nil || len(all) == 0 {
		return 0
	}
	return all[len(all)-1].version
}

// TableCounts counts the rows of every table of the schema, to compare a
// database with its copy.
func (s *Store) TableCounts(ctx context.Context) (map[string]int, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.d.name() != "sqlite" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
	}
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, n := range names {
		var c int
		// Names come from the catalog, never from input.
		if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+n+`"`).Scan(&c); err != nil {
			return nil, fmt.Errorf("count %s: %w", n, err)
		}
		counts[n] = c
	}
	return counts, nil
}
