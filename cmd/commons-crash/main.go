// Command commons-crash checks that Commons keeps every write it
// acknowledged when the process is killed: it starts `commons serve`,
// writes organizations through the API from several clients at once,
// kills the server with SIGKILL at a random moment, starts it again, and
// checks that every write answered 201 is there — round after round (each
// person may make 300 changes in 10 minutes: for long runs, add workers). On
// SQLite it then checks the file with PRAGMA integrity_check. scripts/crashtest
// runs it on both engines.
//
//	commons-crash --bin ./commons --db crash.db --rounds 20
//	commons-crash --bin ./commons --db postgres://…/crash --rounds 20
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

func main() {
	bin := flag.String("bin", "./commons", "the commons binary")
	db := flag.String("db", "crash.db", "an SQLite path or a postgres:// URL (a fresh, empty database)")
	rounds := flag.Int("rounds", 10, "how many times to kill and restart the server")
	maxRun := flag.Duration("max-run", 1500*time.Millisecond, "the longest a round writes before the kill (each round picks at random up to this)")
	workers := flag.Int("workers", 8, "clients writing at once, each as its own person")
	flag.Parse()
	if err := run(*bin, *db, *rounds, *maxRun, *workers); err != nil {
		log.Fatal("crash test failed: ", err)
	}
}

// server is one run of commons serve.
type server struct {
	cmd  *exec.Cmd
	base string
}

func start(bin, db string) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	// The writers sign up and act at once: this server sends no mail, so
	// addresses are not confirmed by a link.
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db, "--trust-proxy", "--tile-url", "", "--confirm-email=false")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if os.Getenv("CRASH_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.kill()
	return nil, errors.New("the server did not become ready in 60 s")
}

func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

var client = &http.Client{Timeout: 10 * time.Second}

// call sends a JSON request, from its own address (the server trusts the
// proxy header here, so each person counts as their own address).
func call(ctx context.Context, method, url, token, addr string, body any, out any) (int, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

type person struct{ token, addr string }

func run(bin, db string, rounds int, maxRun time.Duration, workers int) error {
	ctx := context.Background()
	s, err := start(bin, db)
	if err != nil {
		return err
	}
	// People and their community, before any kill.
	people := make([]person, workers)
	for i := range people {
		p := person{addr: fmt.Sprintf("198.51.100.%d", i+1)}
		email := fmt.Sprintf("writer%d@example.org", i)
		if code, err := call(ctx, "POST", s.base+"/api/v1/users", "", p.addr, map[string]any{"email": email, "name": "Writer", "password": "correct horse battery"}, nil); code != 201 {
			s.kill()
			return fmt.Errorf("sign-up: %d %v", code, err)
		}
		var tok struct{ Token string }
		if code, err := call(ctx, "POST", s.base+"/api/v1/tokens", "", p.addr, map[string]any{"email": email, "password": "correct horse battery"}, &tok); code != 201 {
			s.kill()
			return fmt.Errorf("token: %d %v", code, err)
		}
		p.token = tok.Token
		people[i] = p
	}
	if code, err := call(ctx, "POST", s.base+"/api/v1/communities", people[0].token, people[0].addr, map[string]any{"slug": "crash", "name": "Crash"}, nil); code != 201 {
		s.kill()
		return fmt.Errorf("community: %d %v", code, err)
	}
	for _, p := range people[1:] {
		if code, err := call(ctx, "POST", s.base+"/api/v1/communities/crash/members", p.token, p.addr, nil, nil); code != 201 {
			s.kill()
			return fmt.Errorf("join: %d %v", code, err)
		}
	}

	var mu sync.Mutex
	var acked []string // ids answered 201: each must survive every kill
	checked := 0       // acked[:checked] were seen after an earlier kill
	check := func(s *server, ids []string) error {
		for _, id := range ids {
			if code, err := call(ctx, "GET", s.base+"/api/v1/organizations/"+id, people[0].token, people[0].addr, nil, nil); code != 200 {
				return fmt.Errorf("acknowledged organization %s is gone: %d %v", id, code, err)
			}
		}
		return nil
	}
	for round := 1; round <= rounds; round++ {
		wctx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for w, p := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; wctx.Err() == nil; n++ {
					var org struct{ ID string }
					code, err := call(wctx, "POST", s.base+"/api/v1/communities/crash/organizations", p.token, p.addr,
						map[string]any{"name": fmt.Sprintf("Round %d writer %d org %d", round, w, n), "sector": "ngo"}, &org)
					if err == nil && code == 201 && org.ID != "" {
						mu.Lock()
						acked = append(acked, org.ID)
						mu.Unlock()
					} else if code == 429 {
						time.Sleep(100 * time.Millisecond)
					}
				}
			}()
		}
		time.Sleep(time.Duration(rand.Int64N(int64(maxRun))) + 50*time.Millisecond)
		s.kill() // mid-write: some requests are cut off, unanswered
		stop()
		wg.Wait()
		if s, err = start(bin, db); err != nil {
			return fmt.Errorf("round %d: restart: %w", round, err)
		}
		mu.Lock()
		ids := append([]string(nil), acked...)
		mu.Unlock()
		if err := check(s, ids[checked:]); err != nil {
			s.kill()
			return fmt.Errorf("round %d: %w", round, err)
		}
		checked = len(ids)
		fmt.Printf("round %d: %d acknowledged writes so far, the new ones present after SIGKILL and restart\n", round, len(ids))
	}
	// Every write again, after all the kills.
	if err := check(s, acked); err != nil {
		s.kill()
		return fmt.Errorf("at the end: %w", err)
	}
	fmt.Printf("all %d acknowledged writes present after %d kills\n", len(acked), rounds)
	s.kill()
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return nil
	}
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		return err
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity_check: %s", result)
	}
	fmt.Println("integrity_check: ok")
	return nil
}
