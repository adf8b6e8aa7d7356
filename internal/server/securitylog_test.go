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

// Security events — a failed sign-in, roles gained by founding and by
// trust and lost with it, trust given and taken back, a personal data
// export, a change of address asked for, a password changed, an account
// erased, suspended — are logged as "security:" lines with the request's
// id and ids, and without a password, an address or a name.
func TestSecurityEventsAreLoggedWithoutSecrets(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	var out lockedBuffer
	s.App.Log = slog.New(server.LogHandler{Handler: slog.NewJSONHandler(&out, nil)})
	uid, anna := s.SignUp("anna@example.org", "Anna Price")
	bid, bob := s.SignUp("bob@example.org", "Bob Evans")
	cid, carl := s.SignUp("carl@example.org", "Carl Jones")
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/tokens", Body: map[string]any{"email": "anna@example.org", "password": "not her password 42"}}), 401)
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities", Token: anna, Body: map[string]any{"slug": "vale", "name": "Vale"}}), 201)
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members", Token: bob}), 201)
	ts.Status(t, s.Do(ts.Request{Method: "POST", Path: "/api/v1/communities/vale/members/" + bid + "/trust", Token: anna, Body: map[string]any{"role": "editor"}}), 201)
	ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/communities/vale/members/" + bid + "/trust?role=editor", Token: anna}), 204)
	ts.Status(t, s.Do(ts.Request{Method: "GET", Path: "/api/v1/me/export", Token: bob}), 200)
	ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/me", Token: bob, Body: map[string]any{"email": "robert@example.org", "current_password": "correct horse battery"}}), 200)
	ts.Status(t, s.Do(ts.Request{Method: "PATCH", Path: "/api/v1/me", Token: bob, Body: map[string]any{"password": "a brand new secret 77", "current_password": "correct horse battery"}}), 200)
	ts.Status(t, s.Do(ts.Request{Method: "DELETE", Path: "/api/v1/me", Token: carl, Body: map[string]any{"password": "correct horse battery"}}), 204)
	if err := s.App.AdminSuspend(t.Context(), "anna@example.org", true); err != nil {
		t.Fatal(err)
	}

	type want struct {
		msg       string
		ids       map[string]any
		byRequest bool // done through a request (the suspension is a command)
	}
	wants := []want{
		{"sign-in failed", map[string]any{"user_id": uid}, true},
		{"role gained", map[string]any{"user_id": uid, "role": "steward", "by": "founding"}, true},
		{"trust given", map[string]any{"user_id": uid, "receiver_id": bid, "role": "editor"}, true},
		{"role gained", map[string]any{"user_id": bid, "role": "editor", "by": "trust"}, true},
		{"trust revoked", map[string]any{"user_id": uid, "receiver_id": bid, "role": "editor"}, true},
		{"role lost", map[string]any{"user_id": bid, "role": "editor", "by": "trust"}, true},
		{"personal data exported", map[string]any{"user_id": bid}, true},
		{"e-mail change requested", map[string]any{"user_id": bid}, true},
		{"password changed", map[string]any{"user_id": bid, "by": "account"}, true},
		{"account erased", map[string]any{"user_id": cid}, true},
		{"account suspended", map[string]any{"user_id": uid, "suspended": true}, false},
	}
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.b.String()), "\n") {
		var e map[string]any
		if json.Unmarshal([]byte(line), &e) != nil {
			continue
		}
		msg, _ := e["msg"].(string)
		if !strings.HasPrefix(msg, "security: ") {
			continue
		}
		e["msg"] = strings.TrimPrefix(msg, "security: ")
		lines = append(lines, e)
		for _, secret := range []string{"correct horse", "not her password", "brand new secret", "@example.org", "Anna", "Bob", "Carl", "Price", "Evans", "Jones"} {
			if strings.Contains(line, secret) {
				t.Errorf("a secret, an address or a name in the log: %s", line)
			}
		}
	}
next:
	for _, w := range wants {
		for _, e := range lines {
			if e["msg"] != w.msg {
				continue
			}
			match := true
			for k, v := range w.ids {
				match = match && e[k] == v
			}
			if !match {
				continue
			}
			if w.byRequest && (e["request_id"] == nil || e["request_id"] == "") {
				t.Errorf("security line without its request id: %v", e)
			}
			continue next
		}
		t.Errorf("no security line %q with %v in:\n%s", w.msg, w.ids, out.b.String())
	}
}
