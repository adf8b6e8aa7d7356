package encode

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestPersonalDataIsOneValidDocument(t *testing.T) {
	var buf bytes.Buffer
	p := NewPersonalData(&buf, "f/1", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	for _, step := range []struct {
		section string
		row     map[string]any
	}{
		{"account", nil}, {"account", map[string]any{"name": "Ann \"A\" <b>"}},
		{"empty", nil},
		{"posts", nil}, {"posts", map[string]any{"id": "1"}}, {"posts", map[string]any{"id": "2"}},
	} {
		if err := p.Row(step.section, step.row); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format     string           `json:"format"`
		ExportedAt time.Time        `json:"exported_at"`
		Account    []map[string]any `json:"account"`
		Empty      []map[string]any `json:"empty"`
		Posts      []map[string]any `json:"posts"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v in %s", err, buf.String())
	}
	if doc.Format != "f/1" || len(doc.Account) != 1 || doc.Account[0]["name"] != "Ann \"A\" <b>" || doc.Empty == nil || len(doc.Empty) != 0 || len(doc.Posts) != 2 {
		t.Fatalf("document = %+v", doc)
	}
}
