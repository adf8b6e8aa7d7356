package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	ts "github.com/commons-project/commons/internal/testserver"
)

// The policy matrices (policy_*_test.go) each try their actions as every
// persona through both doors. What they share is here: a community
// started through the API, people who join it and sign a browser in, and
// reading whether a page shows a control. What each matrix tries, as whom,
// and what it asserts stays in its own file.

// matrix is a community started through the API by its founder, whom
// people join.
type matrix struct {
	t       *testing.T
	s       *ts.Server
	slug    string
	founder string // the founder's token: a steward, who trusts the others
	n       int    // people signed up, for distinct emails
}

// person is someone a matrix tries an action as: their token for the
// API and a browser signed in for the pages. A visitor has neither id nor
// token, and a browser signed in to nothing.
type person struct {
	name, id, email, token string
	b                      *browser
}

// newMatrix signs the founder up and has them start the community.
func newMatrix(t *testing.T, s *ts.Server, slug, name string) *matrix {
	t.Helper()
	_, founder := s.SignUp("founder@example.org", "Founder")
	m := &matrix{t: t, s: s, slug: slug, founder: founder}
	m.want(m.api("POST", "/api/v1/communities", founder, map[string]any{"slug": slug, "name": name}), http.StatusCreated)
	return m
}

// api makes a request through the API.
func (m *matrix) api(method, path, token string, body map[string]any) *httptest.ResponseRecorder {
	return m.s.Do(ts.Request{Method: method, Path: path, Token: token, Body: body})
}

// want stops the test when a request that sets the scene does not answer
// code: an attempt that found the scene unset would prove nothing.
func (m *matrix) want(rec *httptest.ResponseRecorder, code int) {
	m.t.Helper()
	if rec.Code != code {
		m.t.Fatal(rec.Code, rec.Body.String())
	}
}

// id is the id of what a request setting the scene created.
func (m *matrix) id(rec *httptest.ResponseRecorder) string {
	m.t.Helper()
	m.want(rec, http.StatusCreated)
	return ts.JSON[map[string]any](m.t, rec)["id"].(string)
}

// outsider signs a person up and a browser in, without joining the
// community.
func (m *matrix) outsider(name string) *person {
	m.t.Helper()
	m.n++
	email := fmt.Sprintf("p%d@example.org", m.n)
	id, token := m.s.SignUp(email, name)
	b := newBrowser(m.t, m.s, "en")
	if code, _ := b.post("/signin", map[string]string{"email": email, "password": "correct horse battery"}); code != http.StatusSeeOther {
		m.t.Fatalf("%s signing in: %d", name, code)
	}
	return &person{name: name, id: id, email: email, token: token, b: b}
}

// join signs a person up and in, has them join, and has the founder trust
// them for role (one voice is enough in a new community); role "" leaves
// them a newcomer.
func (m *matrix) join(name, role string) *person {
	m.t.Helper()
	p := m.outsider(name)
	m.want(m.api("POST", "/api/v1/communities/"+m.slug+"/members", p.token, nil), http.StatusCreated)
	if role != "" {
		if rec := m.api("POST", "/api/v1/communities/"+m.slug+"/members/"+p.id+"/trust", m.founder, map[string]any{"role": role}); rec.Code != http.StatusCreated {
			m.t.Fatalf("trust %s as %s: %d %s", name, role, rec.Code, rec.Body.String())
		}
	}
	return p
}

// visitor is someone not signed in.
func (m *matrix) visitor() *person {
	return &person{name: "visitor", b: newBrowser(m.t, m.s, "en")}
}

// page is the page at path as p sees it, or "" when it does not answer
// 200 (a visitor is sent to sign in): a page not shown shows no control.
func (p *person) page(path string) string {
	p.b.t.Helper()
	rec := p.b.do("GET", path, nil)
	if rec.Code != http.StatusOK {
		return ""
	}
	return rec.Body.String()
}

// publicPage is the page at path, which answers anyone: one that does not
// stops the test, lest a broken page pass for a control withheld.
func (p *person) publicPage(path string) string {
	p.b.t.Helper()
	rec := p.b.do("GET", path, nil)
	if rec.Code != http.StatusOK {
		p.b.t.Fatalf("%s: GET %s → %d", p.name, path, rec.Code)
	}
	return rec.Body.String()
}

// hasForm reports whether a page holds a form posting to action. A
// fragment after the action (where the answer scrolls to) does not change
// where the form posts.
func hasForm(page, action string) bool {
	return strings.Contains(page, `action="`+action+`"`) || strings.Contains(page, `action="`+action+`#`)
}

// bothWays is an action a matrix tries through both doors: fresh makes a
// new thing to act on (so that no attempt finds the work done by the one
// before) and says the page that should hold the control, the control's
// form action, and how to act through the API and through the web.
type bothWays struct {
	name          string
	fresh         func() (page, control string, api func(p *person) int, web func(p *person) *httptest.ResponseRecorder)
	must, mustNot []string
}

// tryBothWays tries every action as every persona: the control is on the
// page exactly when the request succeeds, through the API and the web
// alike, and the must and mustNot lists hold.
func tryBothWays(t *testing.T, actions []bothWays, personae []string, people map[string]*person) {
	t.Helper()
	for _, a := range actions {
		for _, who := range personae {
			p := people[who]
			page, control, viaAPI, _ := a.fresh()
			onPage := hasForm(p.page(page), control)
			apiCode := viaAPI(p)
			apiOK := apiCode >= 200 && apiCode < 300
			page, control, _, viaWeb := a.fresh()
			onWebPage := hasForm(p.page(page), control)
			rec := viaWeb(p)
			okWeb := rec.Code == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/signin")
			if onPage != apiOK {
				t.Errorf("%s, %s: control on the page %v, API answered %d", a.name, who, onPage, apiCode)
			}
			if onWebPage != okWeb {
				t.Errorf("%s, %s: control on the page %v, web answered %d", a.name, who, onWebPage, rec.Code)
			}
			if slices.Contains(a.must, who) && (!apiOK || !okWeb) {
				t.Errorf("%s, %s: must succeed: API %d, web %d", a.name, who, apiCode, rec.Code)
			}
			if slices.Contains(a.mustNot, who) && (apiOK || okWeb || onPage || onWebPage) {
				t.Errorf("%s, %s: must be refused: API %d, web %d", a.name, who, apiCode, rec.Code)
			}
		}
	}
}
