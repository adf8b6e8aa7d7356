package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// When the test binary is started with COMMONS_RUN_MAIN set, it is the
// commons command itself, so that tests can signal a real process.
func TestMain(m *testing.M) {
	if os.Getenv("COMMONS_RUN_MAIN") != "" {
		os.Args = append([]string{"commons"}, strings.Fields(os.Getenv("COMMONS_RUN_MAIN"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestMigrateAndDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", db}, &out, &errs); err != nil {
		t.Fatal(err, errs.String())
	}
	if !strings.Contains(out.String(), "up to date (sqlite)") {
		t.Fatalf("migrate said %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"demo", "--db", db}, &out, &errs); err != nil {
		t.Fatal(err, errs.String())
	}
	if !strings.Contains(errs.String(), "demo community loaded") {
		t.Fatalf("demo log: %s", errs.String())
	}
	if err := run(context.Background(), []string{"demo", "--db", db}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "already there") {
		t.Fatalf("second demo said %q", out.String())
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"launch"}, {"serve", "--nope"}, {"migrate", "extra"}, {"serve", "--log-format", "xml"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "commons serve") {
		t.Fatalf("usage: %v %q", err, out.String())
	}
}

// serve --demo answers on its address, reports ready, and on SIGTERM
// finishes the request in flight and exits 0.
func TestServeAndGracefulStop(t *testing.T) {
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "c.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COMMONS_RUN_MAIN=serve --demo", "COMMONS_ADDR="+addr, "COMMONS_DB="+db)
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := "http://" + addr
	// Not a speed check: the demo loads a whole town first, which on a
	// busy shared machine has taken over 30 s; this only bounds a hang.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for path, want := range map[string]string{"/healthz": "ok", "/c/cwm-tawel": "Cwm Tawel", "/metrics": "commons_http_requests_total",
		"/api/v1/openapi.json": `"openapi": "3.1.0"`, "/static/htmx.min.js": "htmx"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, lacks %q", path, resp.StatusCode, want)
		}
	}
	// A slow client's request is in flight when the signal comes: it is
	// answered, then the process exits 0.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "email=nobody%40example.org&password=not+the+password"
	fmt.Fprintf(conn, "POST /signin HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		addr, len(body), body[:10]) // the handler now waits for the rest of the body
	time.Sleep(200 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(conn, body[10:])
	reply, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(reply), "HTTP/1.1 401") {
		t.Errorf("request in flight got %q\n%s", reply, logs.String())
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("did not stop\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("logs: %s", logs.String())
	}
	// New connections are refused once it has stopped.
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after SIGTERM")
	}
}
