package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/commons-project/commons/internal/server"
	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// lockedBuffer is a log sink for a handler used from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// A failed sign-in is logged as a security event with the request's id
// and the account's id, and without the password or the address typed.
func TestSecurityEventsAreLoggedWithoutSecrets(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	uid, _ := s.SignUp("anna@example.org", "Anna")
	var out lockedBuffer
	s.App.Log = slog.New(server.LogHandler{Handler: slog.NewJSONHandler(&out, nil)})
	rec := s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: map[string]any{"email": "anna@example.org", "password": "not her password 42"}})
	ts.Status(t, rec, 401)
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(out.b.String()), "\n") {
		var e map[string]any
		if json.Unmarshal([]byte(line), &e) != nil || !strings.HasPrefix(e["msg"].(string), "security: sign-in failed") {
			continue
		}
		found = true
		if e["request_id"] == nil || e["request_id"] == "" || e["user_id"] != uid {
			t.Errorf("security line without its request id or user id: %s", line)
		}
		if strings.Contains(line, "not her password") || strings.Contains(line, "anna@example.org") {
			t.Errorf("a secret or an address in the log: %s", line)
		}
	}
	if !found {
		t.Fatalf("no security line for a failed sign-in:\n%s", out.b.String())
	}
}
