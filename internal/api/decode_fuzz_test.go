package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/commons"
)

// FuzzDecodeJSON: any body decodes into a request type or is refused
// with a 4xx the caller can act on — never a panic, never a 5xx.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}`,
		`{"title": "Hall", "kind": "space", "capacity": 40, "accessibility": ["step_free"]}`,
		`{"title": 5}`, `{"x": 1}`, `[]`, `{"title": "a"} {"title": "b"}`, "\xff", `{"title": "\u0000"}`, ``, `null`} {
		f.Add(s, "application/json")
	}
	f.Add(`{}`, "text/plain")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		for _, dst := range []any{&NewBooking{}, &ResourceFields{}, &NewInitiative{}} {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
			if contentType != "" && !strings.ContainsAny(contentType, "\r\n") {
				r.Header["Content-Type"] = []string{contentType}
			}
			err := decodeJSON(httptest.NewRecorder(), r, dst, false)
			if err == nil {
				continue
			}
			if st := commons.ErrorOf(err).Code.Status(); st < 400 || st >= 500 || st == http.StatusNotFound {
				t.Fatalf("%q (%q) into %T: %d %v", body, contentType, dst, st, err)
			}
		}
	})
}
