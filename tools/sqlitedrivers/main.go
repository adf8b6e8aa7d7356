// Command sqlitedrivers measures the same store operations through each
// SQLite driver the Go community uses, on a copy of a generated region
// (commons demo --scale N), so that the choice of driver rests on figures
// (docs/PERFORMANCE.md, "SQLite drivers"). It is a module of its own: the
// product keeps one driver and one binary. One driver per build:
//
//	go run . --db region.db                 # modernc.org/sqlite (the product's)
//	go run -tags ncruces . --db region.db   # github.com/ncruces/go-sqlite3 (wasm)
//	CGO_ENABLED=1 go run -tags "mattn sqlite_fts5" . --db region.db   # github.com/mattn/go-sqlite3 (cgo, FTS5 by tag)
//
// The SQL is the store's own (internal/store), with times passed as the
// text the store keeps them as, so every driver reads and writes the same
// rows.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	db := flag.String("db", "", "a copy of a generated region's SQLite file (it is written to)")
	n := flag.Int("n", 2000, "operations of each kind")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "give --db")
		os.Exit(2)
	}
	if err := run(*db, *n, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sqlitedrivers:", err)
		os.Exit(1)
	}
}

// The store's time format in SQLite: what modernc.org/sqlite writes for a
// time.Time, kept as text.
const timeText = "2006-01-02 15:04:05 -0700 MST"

const (
	communityBySlug = `SELECT id, name, languages FROM communities WHERE slug = ?`
	// The resource directory's first page (ListResources).
	directory = `SELECT r.id, r.community_id, r.kind, r.title, r.description, COALESCE(o.name, u.name, ''), r.capacity, r.accessibility, r.sort_key
		FROM resources r
		LEFT JOIN organizations o ON o.community_id = r.community_id AND o.id = r.owner_org_id
		LEFT JOIN users u ON u.id = r.owner_user_id
		WHERE r.community_id = ? AND r.moderation = 'visible'
		AND COALESCE(r.owner_user_id, r.created_by, '') NOT IN (SELECT id FROM users WHERE suspended_at IS NOT NULL)`
	directoryPage = directory + ` ORDER BY r.sort_key, r.id LIMIT 51`
	// The same with a text query (the full-text index, as resourceSearch).
	search = directory + ` AND r.rowid IN (SELECT rowid FROM resources_fts WHERE resources_fts MATCH ?) ORDER BY r.sort_key, r.id LIMIT 51`
	// A resource's week (the week view's bookings).
	week = `SELECT b.id, b.starts_at, b.ends_at, b.status, b.purpose, u.name FROM bookings b JOIN users u ON u.id = b.requester_id
		WHERE b.community_id = ? AND b.resource_id = ? AND b.status IN ('requested', 'confirmed') AND b.starts_at < ? AND b.starts_at > ? AND b.ends_at > ?
		ORDER BY b.starts_at`
	overlap = `SELECT COUNT(*) FROM bookings WHERE community_id = ? AND resource_id = ? AND status = 'confirmed'
		AND id <> '' AND starts_at < ? AND starts_at > ? AND ends_at > ?`
	busy   = `SELECT COUNT(*) FROM busy_times WHERE community_id = ? AND resource_id = ? AND starts_at < ? AND ends_at > ?`
	insert = `INSERT INTO bookings (community_id, id, resource_id, requester_id, starts_at, ends_at, status, purpose, series_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'confirmed', 'Driver benchmark', NULL, ?)`
)

type space struct{ community, id, owner string }

func run(path string, n int, out io.Writer) error {
	ctx := context.Background()
	read, write, err := open(path)
	if err != nil {
		return err
	}
	defer read.Close()
	defer write.Close()

	var slugs []string
	var communities []string
	var ftsCommunities []string
	rows, err := read.QueryContext(ctx, `SELECT id, slug FROM communities WHERE slug LIKE 'region-%' ORDER BY slug`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return err
		}
		communities, slugs = append(communities, id), append(slugs, slug)
		ftsCommunities = append(ftsCommunities, "c"+strings.ReplaceAll(id, "-", ""))
	}
	rows.Close()
	if len(communities) == 0 {
		return fmt.Errorf("%s holds no generated region", path)
	}
	var spaces []space
	rows, err = read.QueryContext(ctx, `SELECT r.community_id, r.id, m.user_id FROM resources r
		JOIN members m ON m.community_id = r.community_id AND m.status = 'active'
		WHERE r.bookable AND r.kind = 'space' GROUP BY r.community_id, r.id LIMIT 500`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s space
		if err := rows.Scan(&s.community, &s.id, &s.owner); err != nil {
			return err
		}
		spaces = append(spaces, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(spaces) == 0 {
		return fmt.Errorf("no bookable spaces: %v", err)
	}
	words := []string{"room", "projector", "hall", "kitchen", "printer", "sewing", "garden", "comput", "welsh", "tools", "libr"}
	now := time.Now().UTC()

	prep := func(q string) *sql.Stmt {
		st, err := read.PrepareContext(ctx, q)
		if err != nil {
			panic(fmt.Sprintf("%v: %s", err, q))
		}
		return st
	}
	stSlug, stDir, stSearch, stWeek := prep(communityBySlug), prep(directoryPage), prep(search), prep(week)

	fmt.Fprintf(out, "driver %s; %s; %d communities; %d operations each\n\n", driverName, path, len(communities), n)
	fmt.Fprintf(out, "%-34s %10s %10s %10s\n", "operation", "mean", "p99", "ops/s")

	page := func(i int) error {
		// A page's reads: the community, its directory's first page, a
		// resource's week.
		c := i % len(communities)
		var id, name, langs string
		if err := stSlug.QueryRowContext(ctx, slugs[c]).Scan(&id, &name, &langs); err != nil {
			return err
		}
		if err := drain(stDir.QueryContext(ctx, communities[c])); err != nil {
			return err
		}
		s := spaces[i%len(spaces)]
		from := now.AddDate(0, 0, -7*(i%8))
		return drain(stWeek.QueryContext(ctx, s.community, s.id, from.AddDate(0, 0, 7).Format(timeText),
			from.AddDate(0, 0, -31).Format(timeText), from.Format(timeText)))
	}
	find := func(i int) error {
		c := i % len(communities)
		return drain(stSearch.QueryContext(ctx, communities[c],
			"community : "+ftsCommunities[c]+` AND {title description} : ("`+words[i%len(words)]+`"*)`))
	}
	epoch := now.AddDate(1, 0, 0).Truncate(24 * time.Hour)
	var booked atomic.Int64
	book := func(i int) error {
		k := int(booked.Add(1))
		s := spaces[k%len(spaces)]
		start := epoch.Add(time.Duration(k/len(spaces)) * time.Hour)
		end := start.Add(45 * time.Minute)
		tx, err := write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var clash, busyN int
		if err := tx.QueryRowContext(ctx, overlap, s.community, s.id, end.Format(timeText), start.AddDate(0, 0, -31).Format(timeText),
			start.Format(timeText)).Scan(&clash); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, busy, s.community, s.id, end.Format(timeText), start.Format(timeText)).Scan(&busyN); err != nil {
			return err
		}
		if clash+busyN > 0 {
			return fmt.Errorf("an overlap where none was expected")
		}
		if _, err := tx.ExecContext(ctx, insert, s.community, fmt.Sprintf("bench-%d-%d", now.UnixNano(), k), s.id, s.owner,
			start.Format(timeText), end.Format(timeText), now.Format(timeText)); err != nil {
			return err
		}
		return tx.Commit()
	}

	for _, m := range []struct {
		name     string
		parallel int
		op       func(int) error
	}{
		{"page reads (3 queries), 1 at a time", 1, page},
		{"page reads, 8 at a time", 8, page},
		{"search (full-text), 1 at a time", 1, find},
		{"search, 8 at a time", 8, find},
		{"booking (tx: 2 checks + insert)", 1, book},
		{"booking, 8 at a time (1 writer)", 8, book},
	} {
		mean, p99, rate, err := measure(n, m.parallel, m.op)
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		fmt.Fprintf(out, "%-34s %10s %10s %10.0f\n", m.name, mean.Round(time.Microsecond), p99.Round(time.Microsecond), rate)
	}
	return nil
}

// open makes the store's two pools: eight readers and one writer whose
// transactions take the write lock at BEGIN.
func open(path string) (read, write *sql.DB, err error) {
	if read, err = sql.Open(driverName, readDSN(path)); err != nil {
		return nil, nil, err
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	if write, err = sql.Open(driverName, writeDSN(path)); err != nil {
		return nil, nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	for _, db := range []*sql.DB{read, write} {
		var mode string
		if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			return nil, nil, fmt.Errorf("journal mode %q: %v", mode, err)
		}
	}
	return read, write, nil
}

func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// measure runs op n times, parallel at once, after a warm-up of n/10.
func measure(n, parallel int, op func(int) error) (mean, p99 time.Duration, rate float64, err error) {
	for i := range n / 10 {
		if err := op(i); err != nil {
			return 0, 0, 0, err
		}
	}
	took := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var first atomic.Value
	start := time.Now()
	for range parallel {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t := time.Now()
				if err := op(i); err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
				took[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if e, ok := first.Load().(error); ok {
		return 0, 0, 0, e
	}
	var sum time.Duration
	for _, d := range took {
		sum += d
	}
	slices.Sort(took)
	return sum / time.Duration(n), took[n*99/100], float64(n) / wall.Seconds(), nil
}

// pragmas are the store's own settings (internal/store/store.go) in the
// form modernc.org/sqlite and ncruces/go-sqlite3 both read.
func pragmas(extra ...string) string {
	v := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(ON)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		v.Add("_pragma", p)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}
