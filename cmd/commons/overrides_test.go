package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A catalog override with a key English does not have stops serve before
// it listens, naming the file and the key.
func TestServeRefusesBrokenCatalogOverrides(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nav.cy.toml"), []byte(`"nav.sigin" = "Mewngofnodi"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "c.db")
	err := run(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--catalog-overrides", dir}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "nav.cy.toml") || !strings.Contains(err.Error(), `"nav.sigin": unknown key`) {
		t.Fatalf("serve with a broken override: %v", err)
	}
}
