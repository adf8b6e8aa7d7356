package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// The operator's commands run on the database and say what they did; an
// unknown person or choice is an error that says so.
func TestAdminCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--db", db}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"make-admin", "carys@cwm-tawel.example"}, {"confirm", "CARYS@cwm-tawel.example"},
		{"suspend", "dafydd@cwm-tawel.example"}, {"unsuspend", "dafydd@cwm-tawel.example"}, {"starters", "confirmed"},
		{"delete", "dafydd@cwm-tawel.example"}} {
		var out bytes.Buffer
		if err := run(ctx, append([]string{"admin", "--db", db}, args...), &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.HasPrefix(out.String(), "done: "+args[0]) {
			t.Errorf("%v said %q", args, out.String())
		}
	}
	for _, args := range [][]string{{"confirm", "nobody@example.org"}, {"delete", "dafydd@cwm-tawel.example"}, {"starters", "everyone"},
		{"launch", "x"}, {"confirm"}} {
		if err := run(ctx, append([]string{"admin", "--db", db}, args...), io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
