package store

import (
	"testing"
	"unicode/utf8"

	"github.com/commons-project/commons/internal/commons"
)

// FuzzDecodeCursor: a cursor from anyone decodes or is a bad request,
// never a panic or text the database would refuse; and what the store
// encodes decodes to itself.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor("Community room", "0192d7b0-0000-7000-8000-000000000001"))
	f.Add("WyIiLCIiXQ")
	f.Add("%%%")
	f.Add("")
	f.Fuzz(func(t *testing.T, c string) {
		k, id, err := decodeCursor(c)
		if err != nil {
			if commons.CodeOf(err) != commons.CodeBadRequest {
				t.Fatalf("%q: code %q", c, commons.CodeOf(err))
			}
			return
		}
		if !cleanText(k) || !cleanText(id) {
			t.Fatalf("%q decoded to unstorable text", c)
		}
		if c != "" && id == "" {
			t.Fatalf("%q decoded without an id", c)
		}
		if utf8.ValidString(c) && cleanText(c) && c != "" {
			if k2, id2, err := decodeCursor(encodeCursor(c, c)); err != nil || k2 != c || id2 != c {
				t.Fatalf("round trip of %q: %q %q %v", c, k2, id2, err)
			}
		}
	})
}
