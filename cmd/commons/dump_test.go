package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
)

// dumpBody is a dump without its first line (which names the engine and
// the moment): the tables, their columns and every row.
func dumpBody(t *testing.T, dump []byte) string {
	t.Helper()
	_, body, ok := bytes.Cut(dump, []byte("\n"))
	if !ok || len(body) == 0 {
		t.Fatalf("a dump without rows: %.200s", dump)
	}
	return string(body)
}

func export(t *testing.T, db string) []byte {
	t.Helper()
	var out, errs bytes.Buffer
	if err := runWith(context.Background(), []string{"export", "--db", db}, nil, &out, &errs); err != nil {
		t.Fatalf("export %s: %v\n%s", db, err, errs.String())
	}
	return out.Bytes()
}

func importDump(db string, dump []byte) (string, error) {
	var errs bytes.Buffer
	err := runWith(context.Background(), []string{"import", "--db", db}, bytes.NewReader(dump), io.Discard, &errs)
	return errs.String(), err
}

// commons export | commons import moves a whole installation, the demo
// community and a small generated region, from SQLite to PostgreSQL and
// back: every table's every row is the same at each step (the dumps are
// compared line by line), the search index is rebuilt, and a cut-off dump,
// a non-empty target and a dump of another schema version are refused
// without writing anything.
func TestExportImportBetweenEngines(t *testing.T) {
	if os.Getenv("COMMONS_TEST_POSTGRES") == "" {
		t.Skip("needs PostgreSQL: set COMMONS_TEST_POSTGRES")
	}
	ctx := context.Background()
	dir := t.TempDir()
	source := filepath.Join(dir, "source.db")
	for _, args := range [][]string{{"demo", "--db", source}, {"demo", "--db", source, "--scale", "0.002"}} {
		if err := run(ctx, args, io.Discard, io.Discard); err != nil {
			t.Fatal(args, err)
		}
	}
	first := export(t, source)

	pg := storetest.EmptyPostgres(t)
	// A dump cut off in the middle imports nothing.
	if msg, err := importDump(pg, first[:len(first)/2]); err == nil {
		t.Fatalf("a cut-off dump was imported: %s", msg)
	}
	if msg, err := importDump(pg, first); err != nil {
		t.Fatalf("import into PostgreSQL: %v %s", err, msg)
	}
	second := export(t, pg)
	if a, b := dumpBody(t, first), dumpBody(t, second); a != b {
		t.Errorf("PostgreSQL holds other rows than SQLite did: %s", firstDifference(a, b))
	}
	// The import rebuilt PostgreSQL's search index: no resource is left out.
	if n := count(t, "pgx", pg, `SELECT COUNT(*) FROM resources WHERE search = ''::tsvector`); n != 0 {
		t.Errorf("%d resources are not in the search index after the import", n)
	}
	// A second import into the same database is refused, and changes nothing.
	if _, err := importDump(pg, first); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("an import into a database with rows: %v", err)
	}

	back := filepath.Join(dir, "back.db")
	if msg, err := importDump(back, second); err != nil {
		t.Fatalf("import into SQLite: %v %s", err, msg)
	}
	third := export(t, back)
	if n, all := count(t, "sqlite", back, `SELECT COUNT(*) FROM resources_fts`), count(t, "sqlite", back, `SELECT COUNT(*) FROM resources`); n != all || all == 0 {
		t.Errorf("SQLite's search index has %d of %d resources after the import", n, all)
	}
	if a, c := dumpBody(t, first), dumpBody(t, third); a != c {
		t.Errorf("SQLite → PostgreSQL → SQLite changed rows: %s", firstDifference(a, c))
	}

	// A dump of another schema version is refused before anything is written.
	other := bytes.Replace(first, []byte(`"schema":`), []byte(`"schema":9`), 1)
	if _, err := importDump(filepath.Join(dir, "newer.db"), other); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("a dump from a newer Commons: %v", err)
	}
	if _, err := importDump(filepath.Join(dir, "junk.db"), []byte("id,name\n1,x\n")); err == nil || !strings.Contains(err.Error(), "not a dump") {
		t.Errorf("a file that is no dump: %v", err)
	}
}

// count runs a query that counts something.
func count(t *testing.T, driver, dsn, q string) int {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// firstDifference shows where two dumps part, for a failing test.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + la[i] + "\nbecame " + lb[i]
		}
	}
	return "one dump is longer"
}
