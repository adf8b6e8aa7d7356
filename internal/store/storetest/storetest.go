// Package storetest hands tests real, fresh databases: an SQLite file in a
// temporary folder always, and a PostgreSQL database when the environment
// variable COMMONS_TEST_POSTGRES names a server (a postgres:// URL whose
// user may create databases). With CI set, PostgreSQL is required.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/commons-project/commons/internal/store"
)

// Engine is one database engine under test.
type Engine struct {
	Name string
	// Open returns a fresh, migrated database of this engine and its DSN,
	// removed when the test ends.
	Open func(t testing.TB) (*store.Store, string)
}

// Engines lists the engines to test on.
func Engines(t testing.TB) []Engine {
	engines := []Engine{{Name: "sqlite", Open: OpenSQLite}}
	if os.Getenv("COMMONS_TEST_POSTGRES") != "" {
		engines = append(engines, Engine{Name: "postgres", Open: OpenPostgres})
	} else if os.Getenv("CI") != "" {
		t.Fatal("storetest: CI is set but COMMONS_TEST_POSTGRES is not: the PostgreSQL tests must run in CI")
	}
	return engines
}

// ForEach runs fn as a subtest on a fresh database of every engine.
func ForEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s, _ := e.Open(t)
			fn(t, s)
		})
	}
}

// OpenSQLite returns a fresh, migrated SQLite database in t.TempDir().
func OpenSQLite(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "commons.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// The migrated template database that fresh PostgreSQL databases copy;
// made once per test binary.
var template struct {
	once sync.Once
	name string
	err  error
}

// OpenPostgres returns a fresh, migrated PostgreSQL database, copied from a
// template that was migrated once, and dropped when the test ends.
func OpenPostgres(t testing.TB) (*store.Store, string) {
	t.Helper()
	admin := adminDB(t)
	template.once.Do(func() {
		template.name = "commons_tmpl_" + randomSuffix()
		if _, template.err = admin.Exec("CREATE DATABASE " + template.name); template.err != nil {
			return
		}
		var s *store.Store
		s, template.err = store.Open(context.Background(), dsnFor(t, template.name))
		if template.err != nil {
			return
		}
		_, template.err = s.Migrate(context.Background())
		s.Close()
	})
	if template.err != nil {
		t.Fatalf("storetest: template database: %v", template.err)
	}
	name := "commons_test_" + randomSuffix()
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + template.name); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	dsn := dsnFor(t, name)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("storetest: drop %s: %v", name, err)
		}
	})
	return s, dsn
}

// EmptyPostgres returns the URL of a fresh database with no schema at all,
// for tests of migration itself.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	admin := adminDB(t)
	name := "commons_test_" + randomSuffix()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return dsnFor(t, name)
}

// Cleanup drops the template database; call it from TestMain after m.Run.
func Cleanup() {
	if template.name == "" {
		return
	}
	if db, err := sql.Open("pgx", os.Getenv("COMMONS_TEST_POSTGRES")); err == nil {
		db.Exec("DROP DATABASE IF EXISTS " + template.name + " WITH (FORCE)")
		db.Close()
	}
}

func adminDB(t testing.TB) *sql.DB {
	db, err := sql.Open("pgx", os.Getenv("COMMONS_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func dsnFor(t testing.TB, database string) string {
	u, err := url.Parse(os.Getenv("COMMONS_TEST_POSTGRES"))
	if err != nil {
		t.Fatalf("storetest: COMMONS_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + database
	return u.String()
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%d_%s", os.Getpid(), hex.EncodeToString(b))
}
