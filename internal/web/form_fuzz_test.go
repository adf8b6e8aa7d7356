package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/commons-project/commons/internal/store/storetest"
	ts "github.com/commons-project/commons/internal/testserver"
)

// FuzzForms posts arbitrary form bodies to forms of every kind — a new
// community, a resource, settings — as a signed-in member: the answer is
// a success or a 4xx with the form again, never a 5xx (a panic in a
// handler answers 500, so it fails here too).
func FuzzForms(f *testing.F) {
	for _, s := range []string{"name=Cwm&slug=cwm2&languages=en&time_zone=Europe%2FLondon",
		"title=Hall&kind=space&capacity=-1&approval=open&terms=free", "name=%ff%fe&slug=%00", "a=1&a=2&a=3",
		"time_zone=Mars%2FOlympus&languages=xx,,,", "%", "capacity=99999999999999999999", "trust_quota=1e9"} {
		f.Add(s)
	}
	st, _ := storetest.OpenSQLite(f)
	s := ts.New(f, st)
	signup := s.Do(ts.Request{Method: "POST", Path: "/signup", Header: map[string]string{"Sec-Fetch-Site": "same-origin"},
		Form: map[string]string{"name": "Carys", "email": "carys@example.org", "password": "a long passphrase"}})
	cookies := signup.Result().Cookies()
	s.Do(ts.Request{Method: "POST", Path: "/communities/new", Cookies: cookies, Header: map[string]string{"Sec-Fetch-Site": "same-origin"},
		Form: map[string]string{"name": "Cwm", "slug": "cwm", "languages": "en", "time_zone": "Europe/London"}})
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/communities/new", "/c/cwm/resources/new", "/c/cwm/settings", "/c/cwm/threads/new"} {
			r := httptest.NewRequest("POST", path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			for _, c := range cookies {
				r.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			s.Handler.ServeHTTP(rec, r)
			if rec.Code >= http.StatusInternalServerError {
				t.Fatalf("POST %s %q → %d\n%.500s", path, body, rec.Code, rec.Body.String())
			}
		}
	})
}
