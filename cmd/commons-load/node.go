package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// node is a commons server this tool started.
type node struct {
	cmd      *exec.Cmd
	url      string
	debugURL string
	ready    time.Duration // from start to the first 200 from /readyz
	rss      atomic.Int64  // the most resident memory seen, in bytes
	done     chan struct{}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startNode starts commons serve on the database, measures how soon it
// answers /readyz, and samples its memory until it stops.
func startNode(ctx context.Context, bin, db string, stderr io.Writer) (*node, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	debugAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", addr, "--debug-addr", debugAddr, "--log-format", "json", "--trust-proxy")
	cmd.Stdout = io.Discard
	cmd.Stderr = io.Discard // a request log line each: realistic cost, not worth reading
	n := &node{cmd: cmd, url: "http://" + addr, debugURL: "http://" + debugAddr, done: make(chan struct{})}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go n.sample()
	client := &http.Client{Timeout: time.Second}
	for time.Since(start) < 60*time.Second {
		resp, err := client.Get(n.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				n.ready = time.Since(start)
				return n, nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	n.stop()
	return nil, errors.New("the node did not become ready within a minute")
}

func (n *node) sample() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss := residentBytes(n.cmd.Process.Pid); rss > n.rss.Load() {
			n.rss.Store(rss)
		}
		select {
		case <-n.done:
			return
		case <-t.C:
		}
	}
}

func (n *node) peakRSS() int64 { return n.rss.Load() }

func (n *node) stop() {
	close(n.done)
	_ = n.cmd.Process.Signal(os.Interrupt)
	waited := make(chan struct{})
	go func() { _ = n.cmd.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		_ = n.cmd.Process.Kill()
	}
}

// residentBytes reads a process's resident set size from /proc (Linux).
func residentBytes(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
