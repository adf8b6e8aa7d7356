package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/commons-project/commons/internal/store"
)

// exportOrImport runs commons export (a logical dump of the whole
// installation, while the server runs) or commons import (the dump loaded
// into a new database of either engine, in one transaction). Together they
// move an installation between SQLite and PostgreSQL:
//
//	commons export --db commons.db | commons import --db postgres://…/commons
//
// Messages go to stderr, as stdout may be the dump.
func exportOrImport(ctx context.Context, cmd string, cfg config, stdin io.Reader, stdout, stderr io.Writer) error {
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if cmd == "export" {
		w := stdout
		if cfg.backupFile != "" {
			if _, err := os.Stat(cfg.backupFile); err == nil {
				return fmt.Errorf("%s exists: choose another file", cfg.backupFile)
			}
			f, err := os.Create(cfg.backupFile)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		counts, err := st.Export(ctx, w)
		if err != nil {
			return err
		}
		if f, ok := w.(*os.File); ok && cfg.backupFile != "" {
			if err := f.Close(); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "exported %d rows of %d tables from %s in %s\n", total(counts), len(counts), st.Engine(), time.Since(start).Round(time.Millisecond))
		return nil
	}
	r := stdin
	if cfg.backupFile != "" {
		f, err := os.Open(cfg.backupFile)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	// A new database is brought to this version's schema first; the dump
	// must be of the same version.
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	counts, err := st.Import(ctx, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "imported %d rows of %d tables into %s in %s\n", total(counts), len(counts), st.Engine(), time.Since(start).Round(time.Millisecond))
	return nil
}

func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
