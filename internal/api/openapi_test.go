package api_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// Rows of docs/API.md that later capabilities will serve. A row must be
// served or listed here; remove it from here when its route lands.
var notYetServed = map[string]string{}

// contractRow reads one request of a row's first cell: a method and an
// /api/v1 path, up to a query string ("?role=") or the closing backtick.
var contractRow = regexp.MustCompile("^\\| `(GET|POST|PATCH|DELETE|PUT)(?:, [A-Z]+)? (/api/v1/[^`?]+)")

// contractRows reads the API rows of the public contract, docs/API.md, as
// "METHOD /path". The contract is part of the repository: a missing or
// unreadable file fails the test rather than skipping it, since a skipped
// check would let the page and the server drift apart unnoticed.
func contractRows(t *testing.T) []string {
	b, err := os.ReadFile("../../docs/API.md")
	if err != nil {
		t.Fatalf("the contract must be in the repository: %v", err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		// Only the first cell names requests; the answer cell may quote
		// another request ("the fields of `POST …`") without serving it.
		cell, _, _ := strings.Cut(line[2:], " | ")
		// A row may name two requests: "`GET /a`, `GET /a/{slug}`".
		for _, part := range strings.Split(cell, "`, `") {
			if !strings.HasPrefix(part, "`") {
				part = "`" + part
			}
			m := contractRow.FindStringSubmatch("| " + part)
			switch {
			case m != nil:
				rows = append(rows, m[1]+" "+m[2])
			case strings.Contains(part, "/api/"):
				// An API row the pattern cannot read would otherwise
				// drop out of the check silently.
				t.Errorf("API.md row %q: cannot read its method and path", line)
			}
		}
	}
	if len(rows) < 20 {
		t.Fatalf("read only %d rows from API.md", len(rows))
	}
	return rows
}

func TestOpenAPIDocumentFollowsTheContract(t *testing.T) {
	st, _ := storetest.OpenSQLite(t)
	s := ts.New(t, st)
	rec := s.Do(ts.Request{Method: "GET", Path: "/api/v1/openapi.json"})
	ts.Status(t, rec, 200)
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", method, path, id)
			}
			ids[id] = true
			if _, ok := op["responses"].(map[string]any); !ok {
				t.Errorf("%s %s has no responses", method, path)
			}
		}
	}
	// Every $ref points at a schema that is there.
	for _, ref := range regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		if doc.Components.Schemas[ref[1]] == nil {
			t.Errorf("dangling $ref %s", ref[1])
		}
	}
	// Every row of the contract is served...
	rows := contractRows(t)
	documented := map[string]bool{}
	for _, row := range rows {
		if documented[row] {
			t.Errorf("API.md names %s twice", row)
		}
		documented[row] = true
		method, path, _ := strings.Cut(row, " ")
		served := doc.Paths[path][strings.ToLower(method)] != nil
		_, pending := notYetServed[row]
		switch {
		case served && pending:
			t.Errorf("%s is served now: remove it from notYetServed", row)
		case !served && !pending:
			t.Errorf("API.md row %s is neither served nor listed as pending", row)
		}
	}
	// ...and every served operation has its row, so that a new route
	// cannot ship without its line in the contract.
	served := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			served++
			if row := strings.ToUpper(method) + " " + path; !documented[row] {
				t.Errorf("%s is served but has no row in docs/API.md", row)
			}
		}
	}
	t.Logf("docs/API.md names %d API requests; the server serves %d operations", len(rows), served)
}
