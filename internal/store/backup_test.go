package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commons-project/commons/internal/commons"
	"github.com/commons-project/commons/internal/region"
	"github.com/commons-project/commons/internal/store"
	"github.com/commons-project/commons/internal/store/storetest"
)

// tableCounts counts the rows of every table the store knows.
func tableCounts(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	counts, err := s.TableCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// A backup taken while people sign up is one moment's copy; restored into
// an empty database it has every table's rows; a non-empty target, a newer
// schema and a damaged file are refused without writing anything.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s, _ := e.Open(t)
			g := &region.Generator{Store: s, Counts: region.Counts{Communities: 2, People: 60, Organizations: 6, Resources: 40,
				Bookings: 300, Threads: 6, Posts: 30, Initiatives: 4, Activities: 20, Registrations: 30}, PasswordHash: "x", Seed: 1, Now: time.Now()}
			if err := g.Run(ctx); err != nil {
				t.Fatal(err)
			}
			// Write load during the backup.
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					s.CreateUser(ctx, commons.NewUser{Name: "Load", Email: fmt.Sprintf("load%d@example.org", i), Locale: "en"}, "x", true, nil)
				}
			})
			file := filepath.Join(t.TempDir(), "backup")
			how, err := s.Backup(ctx, file, false)
			close(stop)
			wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("backup by %s", how)
			if _, err := s.Backup(ctx, file, false); err == nil || !strings.Contains(err.Error(), "exists") {
				t.Errorf("a backup over a file: %v", err)
			}

			target := emptyTarget(t, e.Name)
			if err := store.Restore(ctx, target, file, false); err != nil {
				t.Fatal(err)
			}
			restored, err := store.Open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			defer restored.Close()
			got := tableCounts(t, restored)
			if got["communities"] != 2 || got["resources"] != 40 || got["bookings"] < 200 {
				t.Errorf("restored counts: %v", got)
			}
			// The copy is of one moment: the source has at least as many
			// rows of every table, and the same outside the users written
			// meanwhile.
			now := tableCounts(t, s)
			for table, n := range got {
				if table != "users" && table != "user_search" && now[table] != n {
					t.Errorf("%s: %d restored, %d in the source", table, n, now[table])
				}
			}

			if err := store.Restore(ctx, target, file, false); err == nil || !strings.Contains(err.Error(), "not empty") && !strings.Contains(err.Error(), "exists") {
				t.Errorf("restore onto a database in use: %v", err)
			}
			if err := store.Restore(ctx, target, file, true); err != nil {
				t.Errorf("restore --force: %v", err)
			}

			broken := filepath.Join(t.TempDir(), "broken")
			os.WriteFile(broken, []byte("PGDMP this is not a backup at all"), 0o600)
			if err := store.Restore(ctx, emptyTarget(t, e.Name), broken, false); err == nil || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("a damaged file: %v", err)
			}

			// A backup from a newer Commons.
			if _, err := s.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', ?)", time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			newer := filepath.Join(t.TempDir(), "newer")
			if _, err := s.Backup(ctx, newer, false); err != nil {
				t.Fatal(err)
			}
			if err := store.Restore(ctx, emptyTarget(t, e.Name), newer, false); err == nil || !strings.Contains(err.Error(), "newer") {
				t.Errorf("a newer schema: %v", err)
			}
		})
	}
}

// emptyTarget is where a restore goes: a new file, or an empty database.
func emptyTarget(t *testing.T, engine string) string {
	if engine == "sqlite" {
		return filepath.Join(t.TempDir(), "restored.db")
	}
	return storetest.EmptyPostgres(t)
}
